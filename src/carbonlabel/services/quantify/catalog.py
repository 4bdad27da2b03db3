"""Use cases of registered products and their model versions (each save a new version).
Each command commits its unit of work once every check passed."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from carbonlabel.adapters.db.repositories import Page
from carbonlabel.adapters.db.uow import UnitOfWork
from carbonlabel.adapters.formats.model_file import load_model_text
from carbonlabel.domain.certification.certificate import CertificateStatus
from carbonlabel.domain.product_rules import Conformance
from carbonlabel.domain.records import ModelVersion, RegisteredProduct
from carbonlabel.domain.tenancy import Action, User
from carbonlabel.errors import InputError, NotFoundError
from carbonlabel.services.accounts.users import new_id, require
from carbonlabel.services.exchange.supplier_catalogue import catalogue_for
from carbonlabel.services.quantify.model_runs import validate_text
from carbonlabel.services.quantify.product_rules import loaded_conformance

MODEL_FORMATS = ("yaml", "json")


@dataclass(frozen=True)
class ProductData:
    name_zh: str
    name_en: str
    category: str
    product_rule: str | None = None
    gtin: str | None = None
    own_code: str | None = None


def _check_gtin(gtin: str | None) -> None:
    """GTIN-8/12/13/14 with a valid GS1 check digit."""
    if gtin is None:
        return
    if not gtin.isdigit() or len(gtin) not in (8, 12, 13, 14):
        raise InputError(field="gtin", message_en="a GTIN has 8, 12, 13 or 14 digits",
                         message_zh="GTIN 应为 8、12、13 或 14 位数字")
    digits = [int(c) for c in gtin]
    body, check = digits[:-1], digits[-1]
    total = sum(d * (3 if k % 2 == 0 else 1) for k, d in enumerate(reversed(body)))
    if (10 - total % 10) % 10 != check:
        raise InputError(field="gtin", message_en="the GTIN check digit is wrong",
                         message_zh="GTIN 校验位错误")


def register_product(uow: UnitOfWork, actor: User, data: ProductData) -> RegisteredProduct:
    require(actor, Action.EDIT_PRODUCTS)
    for field in ("name_zh", "name_en", "category"):
        if not getattr(data, field).strip():
            raise InputError(field=field, message_en=f"{field} must not be empty",
                             message_zh=f"{field} 不能为空")
    _check_gtin(data.gtin)
    product = RegisteredProduct(new_id(), actor.organisation_id, data.name_zh.strip(),
                                data.name_en.strip(), data.category.strip(), data.product_rule,
                                data.gtin, data.own_code, datetime.now(UTC))
    uow.products.add(product)
    uow.audit.append(actor_id=actor.id, organisation_id=actor.organisation_id,
                     action="product.registered", entity="product", entity_id=product.id,
                     after={"name_zh": product.name_zh, "name_en": product.name_en,
                            "category": product.category, "gtin": product.gtin,
                            "own_code": product.own_code})
    uow.commit()
    return product


def list_products(uow: UnitOfWork, actor: User, offset: int,
                  limit: int) -> Page[RegisteredProduct]:
    require(actor, Action.READ)
    return uow.products.page(actor.organisation_id, offset, limit)


def get_product(uow: UnitOfWork, actor: User, product_id: str) -> RegisteredProduct:
    require(actor, Action.READ)
    product = uow.products.in_org(actor.organisation_id, product_id)
    if product is None:
        raise NotFoundError(field="product_id", message_en="no such product",
                            message_zh="没有该产品")
    return product


def save_model_version(uow: UnitOfWork, actor: User, product_id: str, content: str,
                       fmt: str, base: Path, store_dir: Path) -> ModelVersion:
    """Validate the model text and keep it as the product's next immutable version."""
    require(actor, Action.EDIT_PRODUCTS)
    product = get_product(uow, actor, product_id)
    if fmt not in MODEL_FORMATS:
        raise InputError(field="format", message_en="format must be 'yaml' or 'json'",
                         message_zh="格式须为 yaml 或 json")
    loaded = validate_text(content, f"model.{fmt}", base, store_dir,
                           suppliers=catalogue_for(uow, actor.organisation_id))
    loaded_conformance(loaded, uow.product_rules.all(), f"model.{fmt}")  # a released rule
    number = uow.model_versions.latest_number(product.id) + 1
    version = ModelVersion(new_id(), product.id, number, fmt, content,
                           hashlib.sha256(content.encode("utf-8")).hexdigest(), actor.id,
                           datetime.now(UTC))
    uow.model_versions.add(version)  # ConflictError if a concurrent save took the number
    uow.audit.append(actor_id=actor.id, organisation_id=actor.organisation_id,
                     action="model_version.saved", entity="model_version",
                     entity_id=version.id,
                     after={"product_id": product.id, "version": number,
                            "content_hash": version.content_hash})
    _flag_reevaluation(uow, actor, product.id, version.id)
    uow.commit()
    return version


def _flag_reevaluation(uow: UnitOfWork, actor: User, product_id: str, version_id: str) -> None:
    """A changed model of a certified product: its label may not change until re-evaluated."""
    for certificate in uow.certificates.for_product(product_id):
        if certificate.status in (CertificateStatus.VALID, CertificateStatus.SUSPENDED) and (
                certificate.model_version_id != version_id
                and not certificate.reevaluation_required):
            uow.certificates.update(certificate.id, reevaluation_required=True,
                                    reevaluation_since=datetime.now(UTC))
            uow.audit.append(actor_id=actor.id, organisation_id=actor.organisation_id,
                             action="certificate.reevaluation_required", entity="certificate",
                             entity_id=certificate.id,
                             after={"model_version_id": version_id})


def list_versions(uow: UnitOfWork, actor: User, product_id: str, offset: int,
                  limit: int) -> Page[ModelVersion]:
    product = get_product(uow, actor, product_id)
    return uow.model_versions.page(product.id, offset, limit)


def get_version(uow: UnitOfWork, actor: User, version_id: str) -> ModelVersion:
    require(actor, Action.READ)
    version = uow.model_versions.in_org(actor.organisation_id, version_id)
    if version is None:
        raise NotFoundError(field="model_version_id", message_en="no such model version",
                            message_zh="没有该模型版本")
    return version


def version_conformance(uow: UnitOfWork, actor: User, version_id: str) -> Conformance | None:
    """The gaps of a stored model version against the released rule it names today (``None``
    when it names no rule); a stored model was validated when it was saved."""
    version = get_version(uow, actor, version_id)
    source = f"model.{version.format}"
    return loaded_conformance(load_model_text(version.content, source), uow.product_rules.all(),
                              source)
