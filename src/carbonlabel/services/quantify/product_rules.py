"""Product rules (PCR) on the platform: the released rules (the ``product_rules`` table,
synced insert-only from the bundled files), the release a model's footprint is calculated
under, and a model's conformance to its rule.

A model names ``product_rule: {code, version}``; without a version the latest release on the
day of calculation is taken and recorded with the footprint (``code@version#sha256``), so a
later release never changes an older footprint.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.adapters.formats.model_file import LoadedModel, load_model_text
from carbonlabel.adapters.product_rules import bundled_rules
from carbonlabel.calc.conformance import validate
from carbonlabel.domain.model import ProductModel
from carbonlabel.domain.product_rules import (
    AppliedRule,
    Conformance,
    ProductRule,
    RecordedConformance,
)
from carbonlabel.domain.product_rules.content import rule_hash
from carbonlabel.domain.product_rules.releases import resolve
from carbonlabel.domain.records import FootprintRecord, ModelVersion
from carbonlabel.domain.tenancy import Action, User
from carbonlabel.errors import CarbonlabelError, FieldError, ModelValidationError, NotFoundError
from carbonlabel.services.accounts.users import require

Stored = tuple[ProductRule, str]  # a release and its stored hash


def sync_bundled(uow: UnitOfWork) -> list[str]:
    """Store the bundled releases not stored yet (insert-only) and commit; their labels."""
    added = uow.product_rules.sync(bundled_rules())
    if added:
        uow.commit()
    return added


def list_releases(uow: UnitOfWork, actor: User) -> list[Stored]:
    require(actor, Action.READ)
    return uow.product_rules.all()


def releases_of(uow: UnitOfWork, actor: User, code: str) -> list[Stored]:
    """The releases of ``code``, oldest first; ``NotFoundError`` when there are none."""
    require(actor, Action.READ)
    found = uow.product_rules.of_code(code)
    if not found:
        raise NotFoundError(field="code", message_en=f"no product rule '{code}'",
                            message_zh=f"没有产品规则「{code}」")
    return found


def _unknown(model: ProductModel) -> FieldError:
    ref = model.product_rule
    assert ref is not None
    if ref.version is None:
        return FieldError("product.product_rule.code", "unknown_reference",
                          f"no released product rule '{ref.code}'",
                          f"没有已发布的产品规则「{ref.code}」")
    return FieldError("product.product_rule.version", "unknown_reference",
                      f"product rule '{ref.code}' has no release '{ref.version}'",
                      f"产品规则「{ref.code}」没有版本「{ref.version}」")


def rule_of(model: ProductModel, releases: Sequence[Stored],
            on: date | None = None) -> Stored | None:
    """The release the model names (``None`` when it names none); ``ModelValidationError``
    when it names one that is not released."""
    if model.product_rule is None:
        return None
    on = on or datetime.now(UTC).date()
    rule = resolve([r for r, _ in releases], model.product_rule, on)
    if rule is None:
        raise ModelValidationError([_unknown(model)])
    return next(s for s in releases if s[0] is rule)


def applied_release(uow: UnitOfWork, model: ProductModel) -> AppliedRule | None:
    """The release a footprint of ``model`` calculated now rests on, with its stored hash."""
    found = rule_of(model, uow.product_rules.all())
    return None if found is None else AppliedRule(found[0].code, found[0].version, found[1])


def conformance(model: ProductModel, releases: Sequence[Stored],
                on: date | None = None) -> Conformance | None:
    """Every gap of ``model`` against the release it names (``None``: it names none)."""
    found = rule_of(model, releases, on)
    return None if found is None else validate(model, found[0])


def loaded_conformance(loaded: LoadedModel, releases: Sequence[Stored],
                       source: str) -> Conformance | None:
    """:func:`conformance` of a model read from text: a rule or version that is not released
    is refused with its line."""
    try:
        return conformance(loaded.model, releases)
    except ModelValidationError as exc:
        raise ModelValidationError(loaded.attach_lines(list(exc.errors)), source) from None


def bundled_releases() -> list[Stored]:
    """The bundled releases with their hashes (the command line has no database)."""
    return [(r, rule_hash(r)) for r in bundled_rules()]


def recorded_conformance(uow: UnitOfWork, stored: str | None,
                         model: ProductModel | None) -> RecordedConformance | None:
    """``model`` checked against the release a footprint recorded (``code@version#sha256``),
    not against the latest one: a later release never changes an older verdict. ``None``
    when no release was recorded; without the stored release (or with another hash) the
    release alone; without the model, no verdict."""
    applied = AppliedRule.parse(stored)
    if applied is None:
        return None
    found = next(((r, h) for r, h in uow.product_rules.of_code(applied.code)
                  if r.version == applied.version), None)
    if found is None or found[1] != applied.hash:
        return RecordedConformance(applied)
    return RecordedConformance(applied, found[0],
                               None if model is None else validate(model, found[0]))


def stored_model(version: ModelVersion | None) -> ProductModel | None:
    """A stored model version parsed without background data (``None`` if it cannot be)."""
    if version is None:
        return None
    source = f"model.{version.format}"
    try:
        return load_model_text(version.content, source).model
    except CarbonlabelError:
        return None


def footprint_conformance(uow: UnitOfWork, record: FootprintRecord,
                          version: ModelVersion) -> RecordedConformance | None:
    """:func:`recorded_conformance` of a footprint and the model version it was calculated
    from (both read by the caller, who checked access)."""
    return recorded_conformance(uow, record.product_rule_release, stored_model(version))
