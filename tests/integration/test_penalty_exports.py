"""Penalty exports read back: the XLSX with openpyxl and the CSV with the csv module carry the
template's exact Chinese headers in order, then 当前状态, and each record's values (amounts in
万元 as exact decimals, dates, class names); the JSON feed has field codes as keys and holds
only what is public, without identity documents."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal

from openpyxl import load_workbook

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.domain.supervision.penalties import PartyKind, PenaltyClass
from carbonlabel.domain.tenancy import User
from carbonlabel.services.supervision import penalties
from carbonlabel.services.supervision.penalty_exports import ExportFormat, export, public_feed
from tests.support.supervision_penalties import PARTY_CODE, bureau, fields, seed_published_penalty

EXPECTED_HEADERS = [
    "行政相对人名称", "行政相对人类别", "行政相对人代码_1（统一社会信用代码）",
    "行政相对人代码_2（工商注册号）", "行政相对人代码_3（组织机构代码）",
    "行政相对人代码_4（税务登记号）", "行政相对人代码_5（事业单位证书号）",
    "行政相对人代码_6（社会组织登记证号）", "法定代表人", "证件类型", "证件号码",
    "行政处罚决定书文号", "违法行为类型", "违法事实", "处罚依据", "处罚类别", "处罚内容",
    "罚款金额（万元）", "没收违法所得、没收非法财物的金额（万元）", "暂扣或吊销证照名称及编号",
    "处罚决定日期", "处罚有效期", "公示截止期", "处罚机关", "处罚机关统一社会信用代码",
    "数据来源单位", "数据来源单位统一社会信用代码", "备注", "当前状态"]


def _two_records(make_uow: UowFactory) -> tuple[User, str, str]:
    recorder = bureau(make_uow, "CN-GD-440300", "sz@reg.example")
    published = seed_published_penalty(
        make_uow, recorder, on=date(2026, 12, 1),
        classes=frozenset({PenaltyClass.FINE, PenaltyClass.CONFISCATION}),
        fine=Decimal("12.345678"), confiscated=Decimal("0.0500"))
    with make_uow(write=True) as uow:
        draft = penalties.record(uow, recorder, fields(
            decision_number="深市监罚〔2026〕102号", party_kind=PartyKind.NATURAL_PERSON,
            party_name="李四", credit_code="", id_type="身份证",
            id_number="440301199001011234"))
    return recorder, published["penalty_id"], draft.id


def test_the_xlsx_export_has_the_headers_in_order_and_exact_values(
        make_uow: UowFactory) -> None:
    recorder, _published, _draft = _two_records(make_uow)
    with make_uow() as uow:
        made = export(uow, recorder, ExportFormat.XLSX, date(2026, 12, 7))
        org = uow.organisations.get(recorder.organisation_id)
    assert made.filename == "penalties-2026-12-07.xlsx"
    sheet = load_workbook(io.BytesIO(made.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == EXPECTED_HEADERS
    by_number = {r[11]: r for r in rows[1:]}
    fined = by_number["深市监罚〔2026〕101号"]
    assert fined[0:3] == ("深圳市示例电池有限公司", "法人及非法人组织", PARTY_CODE)
    assert fined[12] == "虚假标注或混淆使用（标示值与证书不符）"
    assert fined[15] == "罚款；没收违法所得、没收非法财物"
    assert Decimal(str(fined[17])) == Decimal("12.345678")
    assert Decimal(str(fined[18])) == Decimal("0.05")
    assert fined[20] == datetime(2026, 11, 2)
    assert fined[22] == datetime(2029, 12, 1)  # 3 years from 2026-12-01
    assert org is not None
    assert fined[23:27] == (org.name, org.credit_code, org.name, org.credit_code)
    assert fined[28] == "公示中"
    person = by_number["深市监罚〔2026〕102号"]
    assert person[1:3] == ("自然人", None)
    assert person[9:11] == ("身份证", "440301199001011234")  # the regulator's own record
    assert person[22] is None
    assert person[28] == "草稿"


def test_the_csv_export_opens_in_excel_with_the_same_headers(make_uow: UowFactory) -> None:
    recorder, _published, _draft = _two_records(make_uow)
    with make_uow() as uow:
        made = export(uow, recorder, ExportFormat.CSV, date(2026, 12, 7))
    assert made.content.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark
    lines = list(csv.reader(io.StringIO(made.content.decode("utf-8-sig"))))
    assert lines[0] == EXPECTED_HEADERS
    fined = next(r for r in lines[1:] if r[11] == "深市监罚〔2026〕101号")
    assert (fined[17], fined[18], fined[20], fined[22]) == ("12.345678", "0.05", "2026-11-02",
                                                            "2029-12-01")
    assert len(lines) == 3


def test_the_public_feed_holds_published_records_by_code_without_identity_documents(
        make_uow: UowFactory) -> None:
    recorder, published, _draft = _two_records(make_uow)
    with make_uow() as uow:
        before = json.loads(public_feed(uow, date(2026, 11, 30)))
        during = json.loads(public_feed(uow, date(2026, 12, 2)))
        mine = json.loads(export(uow, recorder, ExportFormat.JSON, date(2026, 12, 2)).content)
    assert before["records"] == []
    assert [f["code"] for f in during["fields"]][:3] == ["CF_XDR_MC", "CF_XDR_LB",
                                                          "CF_XDR_SHXYM"]
    (item,) = during["records"]
    assert (item["CF_WSH"], item["CF_NR_FK"], item["CF_GSJZQ"]) == (
        "深市监罚〔2026〕101号", "12.345678", "2029-12-01")
    assert item["CF_XDR_ZJHM"] is None
    assert {r["STATUS"] for r in mine["records"]} == {"published", "draft"}
    assert "440301199001011234" in json.dumps(mine, ensure_ascii=False)
    assert published
