"""A new model version of a certified product flags its certificate for re-evaluation; the
registry and a verification show it ("under re-evaluation") beside a status that stays valid,
and the flag carries the time it was set (the sweep's deadline counts from it). Before
changes affecting certification were built, the flag was set and shown nowhere public."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.domain.certification.label import Verdict
from carbonlabel.services.certification import labels
from tests.support.changes import certified, new_model_version


def test_a_new_model_version_shows_under_reevaluation_in_the_registry(
        make_uow: UowFactory, tmp_path: Path) -> None:
    made = certified(make_uow, tmp_path)
    today = made.certificate.issued_on
    with make_uow() as uow:
        entry = uow.registry.entry(made.certificate.number)
        assert entry is not None
        assert getattr(entry, "under_reevaluation", None) is False
    before = datetime.now(UTC)
    new_model_version(make_uow, tmp_path, made)
    with make_uow() as uow:
        certificate = uow.certificates.get(made.certificate.id)
        entry = uow.registry.entry(made.certificate.number)
        verdict = labels.verify_code(uow, made.certificate.number, today)
    assert certificate is not None
    assert certificate.reevaluation_required
    since = getattr(certificate, "reevaluation_since", None)
    assert since is not None
    assert since >= before
    assert entry is not None
    assert getattr(entry, "under_reevaluation", None) is True
    assert verdict.verdict is Verdict.VALID  # the status stays; the note is beside it
    assert verdict.entry is not None
    assert getattr(verdict.entry, "under_reevaluation", None) is True
