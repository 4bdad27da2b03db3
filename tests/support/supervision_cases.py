"""Seeds for the route walks of public reports, alerts and supervision cases."""

from __future__ import annotations

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.domain.supervision.jurisdiction import parse_jurisdiction
from carbonlabel.domain.tenancy import User
from carbonlabel.services.supervision import cases, reports

#: the smallest file a PNG photo check accepts (its signature)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(16)


def seed_reports_and_case(make_uow: UowFactory, regulator: User, number: str,
                          client: str = "192.0.2.10") -> dict[str, str]:
    """For ``regulator`` (acting staff) and certificate ``number``: a report whose printed value
    differs (bought in the regulator's province, with a photo); a case opened from it, assigned
    to the regulator, under investigation, with one evidence file; and a second report's alert
    left open. Ids by the routes' path-parameter names: alert_id (the open alert), report_id
    (the first report), supervision_case_id, file_id (the case's evidence)."""
    with make_uow() as uow:
        org = uow.organisations.get(regulator.organisation_id)
    assert org is not None
    province = parse_jurisdiction(org.region).province or ""
    with make_uow(write=True) as uow:
        first = reports.file_report(uow, reports.Submission(
            number, "包装上的数值与登记不符 / the value differs", value="99999", unit="t CO2e",
            region=province, photo=reports.Photo("pack.png", "image/png", PNG)), client)
    with make_uow(write=True) as uow:
        case = cases.open_case(uow, regulator, report_id=first.report.id)
    with make_uow(write=True) as uow:
        cases.assign(uow, regulator, case.id, regulator.id)
    with make_uow(write=True) as uow:
        cases.investigate(uow, regulator, case.id)
    with make_uow(write=True) as uow:
        cases.record_findings(uow, regulator, case.id, "货架照片 / shelf photo",
                              [cases.Evidence("shelf.png", "image/png", PNG)])
    with make_uow() as uow:
        file_id = uow.supervision_files.of("case", case.id)[0].id
    with make_uow(write=True) as uow:
        second = reports.file_report(uow, reports.Submission(
            number, "标识模糊 / the label looks blurred", region=province), client)
    return {"alert_id": second.alert.id, "report_id": first.report.id,
            "supervision_case_id": case.id, "file_id": file_id}
