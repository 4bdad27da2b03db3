"""Reading saved model versions: one version as written with its summary and footprints, and
two versions of a product compared (inputs, results and the files' text). Reads only; every
record is looked up in the caller's organisation (another's is "not found")."""

from __future__ import annotations

from dataclasses import dataclass

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.adapters.formats.model_file import LineMap, load_model_text
from carbonlabel.domain.model import ProductModel
from carbonlabel.domain.model_diff import ModelDiff, TextLine, diff_models, text_diff
from carbonlabel.domain.model_summary import ModelSummary, summarise
from carbonlabel.domain.records import FootprintRecord, ModelVersion, RegisteredProduct
from carbonlabel.domain.result_diff import ResultComparison, compare_results
from carbonlabel.domain.tenancy import User
from carbonlabel.errors import FieldError, InputError, ModelValidationError, NotFoundError
from carbonlabel.services.quantify import catalog

MAX_FOOTPRINTS = 50
MAX_CHOICES = 200  # versions offered in the comparison's choice form


@dataclass(frozen=True)
class ReadModel:
    """A stored version's model as this release reads it (``None`` and its problems when a
    later release no longer accepts the text; the text itself is always shown)."""

    model: ProductModel | None
    lines: LineMap
    problems: tuple[FieldError, ...]


def read_model(version: ModelVersion) -> ReadModel:
    try:
        loaded = load_model_text(version.content, f"model.{version.format}")
    except ModelValidationError as exc:
        return ReadModel(None, LineMap(), exc.errors)
    return ReadModel(loaded.model, loaded.lines, ())


@dataclass(frozen=True)
class VersionView:
    product: RegisteredProduct
    version: ModelVersion
    saved_by: str  # the saver's display name ('' if the account is gone)
    read: ReadModel
    summary: ModelSummary | None
    footprints: tuple[FootprintRecord, ...]  # newest first
    process_lines: dict[str, int]  # process id -> its line in the text

    @property
    def lines(self) -> list[str]:
        return self.version.content.splitlines()


def version_view(uow: UnitOfWork, actor: User, version_id: str) -> VersionView:
    version = catalog.get_version(uow, actor, version_id)
    product = catalog.get_product(uow, actor, version.product_id)
    saver = uow.users.in_org(actor.organisation_id, version.created_by)
    read = read_model(version)
    lines = {}
    if read.model is not None:
        for k, p in enumerate(read.model.processes):
            line = read.lines.line_of(("processes", k))
            if line is not None:
                lines[p.id] = line
    return VersionView(product, version, saver.display_name if saver else "", read,
                       summarise(read.model) if read.model else None,
                       tuple(uow.footprints.of_version(actor.organisation_id, version.id,
                                                       MAX_FOOTPRINTS)), lines)


@dataclass(frozen=True)
class ComparedVersion:
    version: ModelVersion
    footprint: FootprintRecord | None  # its latest, None: not calculated
    problems: tuple[FieldError, ...]  # why its model cannot be read today (rarely any)


@dataclass(frozen=True)
class VersionComparison:
    product: RegisteredProduct
    a: ComparedVersion
    b: ComparedVersion
    inputs: ModelDiff | None  # None: one of the models cannot be read today
    results: ResultComparison
    text: tuple[TextLine, ...]  # the files' unified diff, empty when equal
    choices: tuple[ModelVersion, ...]  # the product's versions, newest first


def _not_found(field: str) -> NotFoundError:
    return NotFoundError(field=field, message_en="no such model version",
                         message_zh="没有该模型版本")


def _chosen(uow: UnitOfWork, actor: User, product: RegisteredProduct, value: str,
            field: str) -> ModelVersion:
    """A version of the product named by its number ("3") or its id."""
    if value.isdigit():
        found = uow.model_versions.numbered(product.id, int(value)) if len(value) < 10 else None
        if found is None:
            raise _not_found(field)
        return found
    version = uow.model_versions.in_org(actor.organisation_id, value)
    if version is None:
        raise _not_found(field)
    if version.product_id != product.id:
        raise InputError(field=field, message_en="this model version is of another product",
                         message_zh="该模型版本属于另一个产品")
    return version


def _side(uow: UnitOfWork, actor: User, version: ModelVersion) -> tuple[
        ComparedVersion, ReadModel]:
    latest = uow.footprints.of_version(actor.organisation_id, version.id, 1)
    read = read_model(version)
    return ComparedVersion(version, latest[0] if latest else None, read.problems), read


def compare_versions(uow: UnitOfWork, actor: User, product_id: str, a: str | None = None,
                     b: str | None = None) -> VersionComparison:
    """Version ``a`` (before) against ``b`` (after), each a number or an id; by default ``b``
    is the latest version and ``a`` the one before ``b`` (``b`` itself when it is the first).
    A version may be compared with itself (no difference)."""
    product = catalog.get_product(uow, actor, product_id)
    choices = uow.model_versions.page(product.id, 0, MAX_CHOICES).items
    if not choices:
        raise InputError(field="b", message_en="the product has no saved model version yet",
                         message_zh="该产品还没有保存的模型版本")
    after = _chosen(uow, actor, product, b.strip(), "b") if b and b.strip() else choices[0]
    if a and a.strip():
        before = _chosen(uow, actor, product, a.strip(), "a")
    else:
        before = uow.model_versions.numbered(product.id, after.version - 1) or after
    side_a, read_a = _side(uow, actor, before)
    side_b, read_b = _side(uow, actor, after)
    inputs = (diff_models(read_a.model, read_b.model)
              if read_a.model is not None and read_b.model is not None else None)
    results = compare_results(
        uow.footprints.result(side_a.footprint) if side_a.footprint else None,
        uow.footprints.result(side_b.footprint) if side_b.footprint else None)
    return VersionComparison(product, side_a, side_b, inputs, results,
                             text_diff(before.content, after.content), tuple(choices))
