"""ProductFootprint parts that read and render the same way in v2.x and v3.0."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from carbonlabel.adapters.formats.pact.common import (
    Reader,
    Sign,
    is_uuid,
    render_decimal,
    render_number,
    render_time,
)
from carbonlabel.domain.pact.model import (
    DataModelExtension,
    EmissionFactorSource,
    ExchangeFootprint,
    PfStatus,
    ProductOrSectorSpecificRule,
)


@dataclass(frozen=True)
class Num:
    """One decimal property of ``pcf``: JSON key, neutral attribute, sign rule, flags."""

    key: str
    attr: str
    sign: Sign = ">=0"
    required: bool = False
    number: bool = False  # a JSON number (v2 percentages) rather than a decimal string
    bounds: tuple[Decimal, Decimal] | None = None


def read_numbers(r: Reader, pcf: Mapping[str, object], table: Sequence[Num],
                 kwargs: dict[str, Any]) -> None:
    for n in table:
        kwargs[n.attr] = r.decimal(pcf, n.key, "pcf", sign=n.sign, required=n.required,
                                   number=n.number, bounds=n.bounds)


def write_numbers(src: object, table: Sequence[Num], out: dict[str, object]) -> None:
    for n in table:
        value = getattr(src, n.attr)
        if value is not None:
            out[n.key] = render_number(value) if n.number else render_decimal(value)


def read_header(r: Reader, doc: Mapping[str, object], kwargs: dict[str, Any]) -> None:
    """The ProductFootprint properties common to both versions (not ``pcf``)."""
    pf_id = r.string(doc, "id", "", required=True)
    if pf_id is not None and not is_uuid(pf_id):
        r.fail("id", f"must be a UUID, not {pf_id!r}", f"必须是 UUID，而不是 {pf_id!r}")
    kwargs["id"] = pf_id
    kwargs["spec_version"] = r.string(doc, "specVersion", "", required=True)
    kwargs["preceding_pf_ids"] = r.strings(doc, "precedingPfIds", "", kind="uuid")
    kwargs["created"] = r.time(doc, "created", "", required=True)
    status = r.enum(doc, "status", "", frozenset(s.value for s in PfStatus), required=True)
    kwargs["status"] = PfStatus(status) if status else None
    kwargs["validity_period_start"] = r.time(doc, "validityPeriodStart", "")
    kwargs["validity_period_end"] = r.time(doc, "validityPeriodEnd", "")
    kwargs["company_name"] = r.string(doc, "companyName", "", required=True, non_empty=True)
    kwargs["company_ids"] = r.strings(doc, "companyIds", "", required=True, kind="urn")
    kwargs["product_description"] = r.string(doc, "productDescription", "", required=True)
    kwargs["product_ids"] = r.strings(doc, "productIds", "", required=True, kind="urn")
    kwargs["product_classifications"] = r.strings(doc, "productClassifications", "",
                                                  kind="urn")
    kwargs["product_name_company"] = r.string(doc, "productNameCompany", "", required=True,
                                              non_empty=True)
    kwargs["extensions"] = read_extensions(r, doc)
    version = doc.get("version")
    if "version" in doc and (isinstance(version, bool) or not isinstance(version, int)
                             or not 0 <= version <= 2**31 - 1):
        r.fail("version", "must be an integer from 0 to 2147483647",
               "必须是 0 至 2147483647 之间的整数")
        version = None
    kwargs["version"] = version
    kwargs["updated"] = r.time(doc, "updated", "")


def write_header(fp: ExchangeFootprint, spec_version: str) -> dict[str, object]:
    out: dict[str, object] = {"id": fp.id, "specVersion": spec_version}
    if fp.preceding_pf_ids:
        out["precedingPfIds"] = list(fp.preceding_pf_ids)
    out["created"] = render_time(fp.created)
    out["status"] = fp.status.value
    if fp.validity_period_start is not None:
        out["validityPeriodStart"] = render_time(fp.validity_period_start)
    if fp.validity_period_end is not None:
        out["validityPeriodEnd"] = render_time(fp.validity_period_end)
    out["companyName"] = fp.company_name
    out["companyIds"] = list(fp.company_ids)
    out["productDescription"] = fp.product_description
    out["productIds"] = list(fp.product_ids)
    out["productNameCompany"] = fp.product_name_company
    return out


def read_extensions(r: Reader, doc: Mapping[str, object]) -> tuple[DataModelExtension, ...]:
    raw = doc.get("extensions")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        r.fail("extensions", "must be an array", "必须是数组")
        return ()
    out: list[DataModelExtension] = []
    for i, item in enumerate(raw):
        p = f"extensions[{i}]"
        o = r.obj(item, p)
        if o is None:
            continue
        spec = r.string(o, "specVersion", p, required=True)
        schema = r.string(o, "dataSchema", p, required=True, non_empty=True)
        docs = r.string(o, "documentation", p)
        data = o.get("data")
        if not isinstance(data, Mapping):
            r.fail(f"{p}.data", "must be a JSON object", "必须是 JSON 对象")
            continue
        if spec is not None and schema is not None:
            out.append(DataModelExtension(spec, schema, dict(data), docs))
    return tuple(out)


def write_extensions(fp: ExchangeFootprint) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for ext in fp.extensions:
        item: dict[str, object] = {"specVersion": ext.spec_version, "dataSchema": ext.data_schema}
        if ext.documentation is not None:
            item["documentation"] = ext.documentation
        item["data"] = dict(ext.data)
        out.append(item)
    return out


def read_rules(r: Reader, pcf: Mapping[str, object]
               ) -> tuple[ProductOrSectorSpecificRule, ...]:
    raw = pcf.get("productOrSectorSpecificRules")
    if raw is None:
        return ()
    if not isinstance(raw, list) or not raw:
        r.fail("pcf.productOrSectorSpecificRules", "must be a non-empty array",
               "必须是非空数组")
        return ()
    out: list[ProductOrSectorSpecificRule] = []
    for i, item in enumerate(raw):
        p = f"pcf.productOrSectorSpecificRules[{i}]"
        o = r.obj(item, p)
        if o is None:
            continue
        op = r.enum(o, "operator", p, ("PEF", "EPD International", "Other"), required=True)
        names = r.strings(o, "ruleNames", p, required=True, non_empty_items=True)
        other = r.string(o, "otherOperatorName", p, non_empty=True)
        if op is not None:
            out.append(ProductOrSectorSpecificRule(op, names, other))
    return tuple(out)


def write_rules(rules: Sequence[ProductOrSectorSpecificRule]) -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    for rule in rules:
        item: dict[str, object] = {"operator": rule.operator, "ruleNames": list(rule.rule_names)}
        if rule.other_operator_name is not None:
            item["otherOperatorName"] = rule.other_operator_name
        out.append(item)
    return out


def read_sources(r: Reader, pcf: Mapping[str, object]) -> tuple[EmissionFactorSource, ...]:
    raw = pcf.get("secondaryEmissionFactorSources")
    if raw is None:
        return ()
    if not isinstance(raw, list) or not raw:
        r.fail("pcf.secondaryEmissionFactorSources", "must be a non-empty array",
               "必须是非空数组")
        return ()
    out: list[EmissionFactorSource] = []
    for i, item in enumerate(raw):
        p = f"pcf.secondaryEmissionFactorSources[{i}]"
        o = r.obj(item, p)
        if o is None:
            continue
        name = r.string(o, "name", p, required=True, non_empty=True)
        version = r.string(o, "version", p, required=True, non_empty=True)
        if name is not None and version is not None:
            out.append(EmissionFactorSource(name, version))
    return tuple(out)


def write_sources(sources: Sequence[EmissionFactorSource]) -> list[dict[str, object]]:
    return [{"name": s.name, "version": s.version} for s in sources]


def extra_of(doc: Mapping[str, object], known: frozenset[str]) -> dict[str, object]:
    return {k: v for k, v in doc.items() if k not in known}
