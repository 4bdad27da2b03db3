"""The model editor of a product (``/products/{id}/edit``): a template or a saved version to
start from, the form view beside the YAML view, the factor picker, the received supplier
footprints, and the save that keeps a new model version (every problem listed at once).

One form carries the whole editor: each button names its action (``save``, ``search``,
``factor:<id>``, ``supplier:<PfId>``, ``emission:<n>``, ``process``, ``start``) so nothing
typed is lost between them, with or without JavaScript. Which text is meant: the YAML view's
when the user changed it (kept exactly as typed), else the form view's fields applied to the
document the form was drawn from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from fastapi import Query, Request, Response
from fastapi.responses import RedirectResponse

from carbonlabel.domain.records import ModelVersion
from carbonlabel.domain.tenancy import Action, User, allowed
from carbonlabel.errors import FieldError, InputError, PermissionDeniedError
from carbonlabel.services.exchange.overview import ReceivedRow, received_list
from carbonlabel.services.quantify import catalog, factor_picker, model_templates
from carbonlabel.services.quantify import product_rules as rules
from carbonlabel.services.quantify.factor_picker import FactorHit
from carbonlabel.services.quantify.model_runs import factor_catalog
from carbonlabel.web.deps import ReadUow, WriteUow
from carbonlabel.web.pages.common import CsrfChecked, PageUser, page_router
from carbonlabel.web.pages.refusals import FormRefusedError
from carbonlabel.web.pages.rendering import N_, both, render
from carbonlabel.web.quantify import editor_form as ef

router = page_router()


@dataclass
class EditorState:
    """What the editor shows: the YAML, its document, the picker's search and hits."""

    text: str
    q: str = ""
    geography: str = ""
    year: str = ""
    target: int = 0  # the process the picker and supplier buttons add an input to
    hits: list[FactorHit] = field(default_factory=list)
    searched: bool = False
    errors: tuple[FieldError, ...] = ()

    @property
    def document(self) -> dict[str, Any] | None:
        return ef.document_of(self.text)


def _may_edit(user: User) -> None:
    if not allowed(user.role, Action.EDIT_PRODUCTS):
        raise PermissionDeniedError(**both(N_("Your role may not edit models.")))


def _start_text(uow: ReadUow | WriteUow, user: User, product_id: str, version: int | None,
                template: str | None) -> str:
    product = catalog.get_product(uow, user, product_id)
    releases = [r for r, _ in rules.list_releases(uow, user)]
    if template:
        return model_templates.template(product, template, releases, factor_catalog())
    versions = catalog.list_versions(uow, user, product_id, 0, 1000).items
    chosen: ModelVersion | None = (next((v for v in versions if v.version == version), None)
                                   if version is not None else (versions[0] if versions
                                                                else None))
    if version is not None and chosen is None:
        raise InputError(field="from", **both(N_("This product has no such model version.")))
    if chosen is not None:
        return chosen.content
    return model_templates.template(product, model_templates.default_key(product, releases),
                                    releases, factor_catalog())


def _page(request: Request, uow: ReadUow | WriteUow, user: User, product_id: str,
          state: EditorState, status: int = 200) -> Response:
    product = catalog.get_product(uow, user, product_id)
    releases = [r for r, _ in rules.list_releases(uow, user)]
    document = state.document
    if not state.geography and document and isinstance(document.get("geography"), str):
        state.geography = document["geography"]
    received: tuple[ReceivedRow, ...] = received_list(uow, user)
    return render(request, "model_editor.html", status, user=user, product=product, state=state,
                  document=document, stages=ef.STAGES, references=ef.REFERENCES,
                  reference_of=ef.reference_of,
                  templates=model_templates.choices(product, releases),
                  received=[r for r in received if r.per_unit is not None])


@router.get("/products/{product_id}/edit")
def edit_model(request: Request, product_id: str, user: PageUser, uow: ReadUow,
               template: str | None = None,
               from_: Annotated[int | None, Query(alias="from", ge=1)] = None) -> Response:
    """The editor, started from ``template``, else version ``from``, else the latest version,
    else the template the product's rule or category suggests."""
    _may_edit(user)
    text = _start_text(uow, user, product_id, from_, template)
    return _page(request, uow, user, product_id, EditorState(text))


def _int(text: str, default: int = 0) -> int:
    return int(text) if text.strip().isdigit() else default


def _edited_text(form: dict[str, str]) -> str:
    """The model the user means: the YAML view as typed when they changed it, else the form
    view's fields applied to the document it was drawn from."""
    text, base = form.get("content", ""), form.get("base", "")
    if text.replace("\r\n", "\n") != base.replace("\r\n", "\n"):
        return text
    document = ef.document_of(text)
    if document is not None and ef.apply_form(document, form):
        return ef.text_of(document)
    return text


def _search(state: EditorState, base: Path) -> None:
    """The picker's hits: the library and the factor sets the model names (on the
    platform, files in the data directory)."""
    year = _int(state.year) if state.year.strip() else None
    document = state.document or {}
    sets = [base / s for s in document.get("factor_sets") or [] if isinstance(s, str)]
    state.hits = factor_picker.search(state.q, state.geography or None, year,
                                      [p for p in sets if p.is_file()])
    state.searched = True


def _supplier_input(row: ReceivedRow) -> dict[str, Any]:
    assert row.per_unit is not None
    return {"supplier": row.received.pf_id, "name": row.per_unit.product_name,
            "amount": 1, "unit": row.per_unit.declared_unit}


def _act(uow: WriteUow, user: User, action: str, state: EditorState, base: Path) -> None:
    """Apply an editing action (not ``save``) to the state's text."""
    document = state.document
    if action == "search":
        _search(state, base)
        return
    if action == "start":
        return
    if document is None:
        raise InputError(field="content", **both(N_(
            "The YAML cannot be read as a model; fix it in the YAML view first.")))
    kind, _, arg = action.partition(":")
    if kind == "factor":
        ef.add_input(document, state.target, {"factor": arg, "amount": 1,
                                              "unit": _factor_unit(arg)})
    elif kind == "supplier":
        row = next((r for r in received_list(uow, user) if r.received.pf_id == arg
                    and r.per_unit is not None), None)
        if row is None:
            raise InputError(field="supplier", **both(N_("No such received footprint.")))
        ef.add_input(document, state.target, _supplier_input(row))
    elif kind == "emission":
        ef.add_emission(document, _int(arg))
    elif kind == "process":
        ef.add_process(document)
    state.text = ef.text_of(document)


def _factor_unit(ref: str) -> str:
    record = factor_catalog().get(ref)
    return record.factor.unit if record is not None else "kg"


@router.post("/products/{product_id}/edit", dependencies=[CsrfChecked])
async def post_editor(request: Request, product_id: str, user: PageUser,
                      uow: WriteUow) -> Response:
    _may_edit(user)
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    action = form.get("action", "save")
    state = EditorState(_edited_text(form), q=form.get("q", ""),
                        geography=form.get("geography", ""), year=form.get("year", ""),
                        target=_int(form.get("target", "0")))
    if action.startswith("start"):
        template = form.get("template", "")
        state.text = _start_text(uow, user, product_id, None, template or None)
        return _page(request, uow, user, product_id, state)
    settings = request.app.state.settings
    try:
        if action != "save":
            _act(uow, user, action, state, settings.data_dir)
            return _page(request, uow, user, product_id, state)
        if not state.text.strip():
            raise InputError(field="content", **both(N_("Paste the model text or choose a "
                                                       "model file.")))
        version = catalog.save_model_version(uow, user, product_id, state.text, "yaml",
                                             settings.data_dir, settings.databases_dir)
    except InputError as exc:
        state.errors = exc.errors
        raise FormRefusedError(exc, lambda again, _status, _error: _page(
            request, again, user, product_id, state, 422)) from exc
    return RedirectResponse(f"/products/{product_id}?saved={version.version}#versions",
                            status_code=303)
