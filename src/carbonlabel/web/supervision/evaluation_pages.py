"""Pages of the pilot's effect evaluation: a pilot year's indicators in the four benefit
dimensions shown apart (each with formula, inputs, source, vintage, missing flags and weight),
the sub-scores with a chart, each product's change against its restated baseline, the declared
inputs with their history, and the forms (for the responsible regulator) to declare, correct
and withdraw inputs and to set weights; the report PDF in Chinese or English."""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import File, Form, Request, Response, UploadFile
from fastapi.responses import RedirectResponse

from carbonlabel.domain.supervision.evaluation import (
    BENEFITS,
    DIMENSION_NAMES,
    INPUT_NAMES,
    SOURCE_NAMES,
    Dimension,
    InputKind,
    WeightMethod,
    shown,
)
from carbonlabel.domain.supervision.evaluation_ecology import FLAG_NAMES as ECO_FLAGS
from carbonlabel.domain.supervision.pilots import Pilot
from carbonlabel.domain.tenancy import User
from carbonlabel.errors import InputError
from carbonlabel.services.supervision import evaluation, pilots
from carbonlabel.services.supervision.evaluation_indicators import FLAG_NAMES
from carbonlabel.web.deps import ReadUow, WriteUow
from carbonlabel.web.pages.common import CsrfChecked, PageUser, page_router
from carbonlabel.web.pages.refusals import shown_again_if_refused
from carbonlabel.web.pages.rendering import N_, both, render
from carbonlabel.web.supervision.evaluation_api import document as document_download
from carbonlabel.web.supervision.evaluation_api import report_pdf

router = page_router()
HOME = "/supervision/pilots/{pilot_id}/evaluation"
DONE: dict[str, str] = {
    "declared": N_("The input was declared with its evidence."),
    "corrected": N_("The correction was saved; the earlier version stays in the history."),
    "withdrawn": N_("The input was withdrawn."),
    "weights": N_("The weights were saved."),
}


def today() -> date:
    return datetime.now(UTC).date()


def _year(value: str, pilot: Pilot) -> int:
    if not value:
        return min(max(today().year, pilot.starts_on.year), pilot.ends_on.year)
    try:
        return int(value.strip())
    except ValueError as exc:
        raise InputError(field="period", **both(N_("Give the period as a year."))) from exc


def _number(value: str, field: str = "value") -> float:
    try:
        number = float(value.strip())
    except ValueError as exc:
        raise InputError(field=field, **both(N_("Give the value as a number."))) from exc
    if number != number or number in (float("inf"), float("-inf")):
        raise InputError(field=field, **both(N_("Give the value as a number.")))
    return number


def _kind(value: str) -> InputKind:
    try:
        return InputKind(value)
    except ValueError as exc:
        raise InputError(field="kind", **both(N_("Choose what is declared."))) from exc


def _show(request: Request, uow: ReadUow | WriteUow, user: User, pilot_id: str,
          period: str = "", status: int = 200, error: str | None = None,
          done: str = "") -> Response:
    pilot = pilots.get_pilot(uow, user, pilot_id)
    year = _year(period, pilot)
    found = evaluation.evaluate(uow, user, pilot.id, year, today())
    people = {u.id: u.display_name for u in (uow.users.get(i) for i in
                                             {d.declared_by for d in found.history}) if u}
    current = {d.id for d in found.inputs}
    years = list(range(pilot.starts_on.year, pilot.ends_on.year + 1))
    return render(request, "supervision/pilot_evaluation.html", status, user=user, ev=found,
                  pilot=pilot, years=years, error=error, done=done, done_words=DONE,
                  may_act=(user.role in pilots.ACTING_ROLES
                           and pilot.regulator_id == user.organisation_id),
                  people=people, current=current, shown=shown, benefits=BENEFITS,
                  dimensions=[Dimension.CONDITIONS, *BENEFITS],
                  dimension_names=DIMENSION_NAMES, input_names=INPUT_NAMES,
                  kinds=list(InputKind), methods=list(WeightMethod),
                  flag_names={**FLAG_NAMES, **ECO_FLAGS}, source_names=SOURCE_NAMES)


@router.get(HOME)
def show(request: Request, pilot_id: str, user: PageUser, uow: ReadUow, period: str = "",
         done: str = "") -> Response:
    return _show(request, uow, user, pilot_id[:36], period[:6], done=done[:20])


@router.get(HOME + "/report.pdf")
def report(pilot_id: str, user: PageUser, uow: ReadUow, period: str = "",
           lang: str = "zh") -> Response:
    pilot = pilots.get_pilot(uow, user, pilot_id[:36])
    return report_pdf(pilot.id, _year(period[:6], pilot), user, uow,
                      "en" if lang == "en" else "zh")


@router.get(HOME + "/inputs/{input_id}/document")
def document(pilot_id: str, input_id: str, user: PageUser, uow: ReadUow) -> Response:
    return document_download(pilot_id, input_id, user, uow)


def _again(request: Request, user: User, pilot_id: str,
           period: str) -> AbstractContextManager[None]:
    return shown_again_if_refused(
        lambda uow, status, error: _show(request, uow, user, pilot_id, period, status, error))


def _back(pilot_id: str, period: int | str, done: str, anchor: str) -> Response:
    return RedirectResponse(f"/supervision/pilots/{pilot_id}/evaluation?period={period}"
                            f"&done={done}#{anchor}", status_code=303)


def _data(period: str, kind: str, value: str, evidence: str, subject: str, note: str,
          document: UploadFile | None) -> evaluation.InputData:
    doc = None
    if document is not None and document.filename:
        doc = pilots.EvidenceFile(document.filename, document.content_type
                                  or "application/octet-stream",
                                  document.file.read(evaluation.MAX_DOCUMENT + 1))
    try:
        year = int(period.strip())
    except ValueError as exc:
        raise InputError(field="period", **both(N_("Give the period as a year."))) from exc
    return evaluation.InputData(year, _kind(kind), _number(value[:40]), evidence[:1001],
                                subject[:64] or None, note[:pilots.MAX_TEXT + 1], doc)


@router.post(HOME + "/inputs", dependencies=[CsrfChecked])
def declare(request: Request, pilot_id: str, user: PageUser, uow: WriteUow,
            period: Annotated[str, Form()] = "", kind: Annotated[str, Form()] = "",
            value: Annotated[str, Form()] = "", evidence: Annotated[str, Form()] = "",
            subject: Annotated[str, Form()] = "", note: Annotated[str, Form()] = "",
            document: Annotated[UploadFile | None, File()] = None) -> Response:
    pilot_id, period = pilot_id[:36], period[:6]
    with _again(request, user, pilot_id, period):
        evaluation.declare_input(uow, user, pilot_id, _data(period, kind, value, evidence,
                                                            subject, note, document))
    return _back(pilot_id, period, "declared", "inputs")


@router.post(HOME + "/inputs/{input_id}", dependencies=[CsrfChecked])
def correct(request: Request, pilot_id: str, input_id: str, user: PageUser, uow: WriteUow,
            period: Annotated[str, Form()] = "", kind: Annotated[str, Form()] = "",
            value: Annotated[str, Form()] = "", evidence: Annotated[str, Form()] = "",
            subject: Annotated[str, Form()] = "", note: Annotated[str, Form()] = "",
            withdraw: Annotated[str, Form()] = "",
            document: Annotated[UploadFile | None, File()] = None) -> Response:
    """A correction of the input, or (``withdraw``) its withdrawal with ``note`` as reason."""
    pilot_id, period = pilot_id[:36], period[:6]
    with _again(request, user, pilot_id, period):
        if withdraw:
            evaluation.withdraw_input(uow, user, pilot_id, input_id[:36],
                                      note[:pilots.MAX_TEXT + 1])
        else:
            evaluation.correct_input(uow, user, pilot_id, input_id[:36], _data(
                period, kind, value, evidence, subject, note, document))
    return _back(pilot_id, period, "withdrawn" if withdraw else "corrected", "inputs")


def _indicator_weights(text: str) -> dict[str, float]:
    """Lines of ``key = weight``."""
    out: dict[str, float] = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        key, sep, value = line.partition("=")
        if not sep:
            raise InputError(field="indicators",
                             **both(N_("Write one indicator a line: key = weight.")))
        out[key.strip()[:60]] = _number(value, "indicators")
    return out


@router.post(HOME + "/weights", dependencies=[CsrfChecked])
def set_weights(request: Request, pilot_id: str, user: PageUser, uow: WriteUow,
                period: Annotated[str, Form()] = "", method: Annotated[str, Form()] = "",
                indicators: Annotated[str, Form()] = "", quality: Annotated[str, Form()] = "",
                economic: Annotated[str, Form()] = "", social: Annotated[str, Form()] = "",
                ecological: Annotated[str, Form()] = "",
                note: Annotated[str, Form()] = "") -> Response:
    pilot_id, period = pilot_id[:36], period[:6]
    with _again(request, user, pilot_id, period):
        try:
            how = WeightMethod(method)
        except ValueError as exc:
            raise InputError(field="method", **both(N_("Choose how the weights were set."))
                             ) from exc
        given = {Dimension.QUALITY: quality, Dimension.ECONOMIC: economic,
                 Dimension.SOCIAL: social, Dimension.ECOLOGICAL: ecological}
        dims = {d: _number(v[:40], d.value) for d, v in given.items() if v.strip()}
        evaluation.set_weights(uow, user, pilot_id, how, _indicator_weights(indicators[:8000]),
                               dims, note[:pilots.MAX_TEXT + 1])
    return _back(pilot_id, period, "weights", "weights")
