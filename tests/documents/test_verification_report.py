"""The verification report PDF of an engagement: its extracted text holds the opinion, the
level of assurance, the materiality, the aggregate misstatement and every sampled line, in
Chinese and in English; only the parties to the case get it."""

from __future__ import annotations

from pathlib import Path

import pytest

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.errors import NotFoundError
from carbonlabel.services.certification.engagement import record_later_fact
from carbonlabel.services.certification.engagement_report import verification_report
from tests.support.documents import pdf_text, squeezed
from tests.support.engagement import SEED, case_at_verification, to_opinion
from tests.support.platform import seed_tenant


def test_the_report_states_the_opinion_assurance_materiality_and_sample(
        make_uow: UowFactory, tmp_path: Path) -> None:
    world = case_at_verification(make_uow, tmp_path)
    to_opinion(make_uow, world, tmp_path)
    with make_uow(write=True) as uow:
        record_later_fact(uow, world.leader, world.case_id, "供应商更正了数据", False)
    with make_uow() as uow:
        zh = verification_report(uow, world.tenant.analyst, world.case_id, "zh")
        en = verification_report(uow, world.body.decider, world.case_id, "en")
        lines = uow.engagements.lines(world.case_id)
        stranger = seed_tenant(make_uow, "别家企业")
        with pytest.raises(NotFoundError):
            verification_report(uow, stranger.admin, world.case_id, "zh")
    assert zh.media_type == "application/pdf"
    text_zh, text_en = squeezed(pdf_text(zh.content)), squeezed(pdf_text(en.content))
    for expected in ("产品碳足迹核查报告", "无保留意见", "合理保证", "5.0%", "GB/T24067-2024",
                     "未达到实质性", str(SEED), "核查意见出具后发现的事实", "供应商更正了数据",
                     world.body.decider.display_name, world.leader.display_name):
        assert squeezed(expected) in text_zh, expected
    for expected in ("Verification Report", "unmodified opinion", "reasonable assurance",
                     "Materiality", "5.0%", "not material"):
        assert squeezed(expected) in text_en, expected
    assert lines
    for line in lines:
        assert squeezed(line.path) in text_zh
        assert squeezed(line.path) in text_en


def test_before_the_terms_are_agreed_the_report_says_so(make_uow: UowFactory,
                                                        tmp_path: Path) -> None:
    world = case_at_verification(make_uow, tmp_path)
    with make_uow() as uow:
        zh = verification_report(uow, world.tenant.analyst, world.case_id, "zh")
    assert "核查组尚未建立核查约定" in squeezed(pdf_text(zh.content))
