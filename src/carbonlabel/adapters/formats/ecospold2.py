"""Reader of EcoSpold 2 (``.spold``) datasets: one file, a folder or a zip of them.

Mapping to :mod:`carbonlabel.domain.inventory` (details and examples: docs/import-formats.md):

* ``activity/@id`` -> dataset id (must be unique), ``activityName`` -> name,
  ``geography/shortname`` -> location. ``childActivityDataset`` is read as it stands (the
  parent is not merged in) and reported.
* ``intermediateExchange``: flow id ``@intermediateExchangeId``, ``unitName`` kept as
  written, ``@amount``, ``@activityLinkId`` -> ``provider_id``. ``outputGroup`` 0 is the
  reference product, 2 a by-product (co-product), 3 material for treatment (a waste output);
  any ``inputGroup`` is an input from the technosphere. A negative reference amount marks a
  waste-treatment dataset: the reference becomes an input of ``-amount`` of a WASTE flow
  (the openLCA convention), which is the same matrix column.
* ``elementaryExchange``: flow id ``@elementaryExchangeId``, name, unit, ``@casNumber``
  (leading zeros dropped), ``compartment/subcompartment``; ``outputGroup`` 4 is an emission,
  ``inputGroup`` 4 a resource. Missing compartments stay empty: ONE issue
  ``compartment_missing`` gives the count.
* ``property`` of an exchange -> ``InventoryFlow.properties`` (per unit of the flow's reference
  unit), keys in :data:`PROPERTY_KEYS`; other properties: snake_case name and unit.
* Units have no conversion in EcoSpold 2: every exchange keeps its own unit, ``factor=None``.

The reference, when ``outputGroup`` 0 is not exactly one exchange (issue kinds):

* several -> the one named like the activity, else the first in file order; the others become
  co-products (``reference_ambiguous``);
* none -> the only intermediate output, or among several the one named like the activity,
  else the first; failing outputs, an input named like the activity (a treated waste)
  (``reference_missing``);
* nothing at all that could be a reference: a bad input (DataFormatError) when no dataset of
  the import has a reference of its own; inside a larger import a placeholder reference
  output of 1 ``unit`` of a product named like the activity, with a flow id of its own
  (``<dataset id>/reference``), so the dataset computes "per unit of its reference"
  (``reference_synthesised``); a dataset with no exchange at all is left out
  (``dataset_skipped``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from carbonlabel.adapters.formats.exchange_uncertainty import UncertaintyTally, from_ecospold2
from carbonlabel.adapters.formats.xml_common import (
    NS_ES2,
    Bundle,
    FlowTable,
    IssueLog,
    Progress,
    error,
    exchange_group,
    norm_text,
    normalise_cas,
    open_bundle,
    parse_amount,
    parse_xml,
    require_unit,
    skip_file,
    wrong_format,
)
from carbonlabel.domain.exchange_uncertainty import ExchangeUncertainty
from carbonlabel.domain.inventory import (
    ImportIssue,
    InventoryDataset,
    InventoryExchange,
    InventorySource,
)

FORMAT = "ecospold2"
_FMT = "EcoSpold 2"
_N = f"{{{NS_ES2}}}"
_ROOT = f"{_N}ecoSpold"
_INTER, _ELEM = f"{_N}intermediateExchange", f"{_N}elementaryExchange"
_SYNTH_UNIT = "unit"

#: EcoSpold 2 property (name, unit) -> InventoryFlow.properties key; unit None: any unit.
PROPERTY_KEYS: dict[tuple[str, str | None], str] = {
    ("wet mass", "kg"): "mass_kg",
    ("dry mass", "kg"): "dry_mass_kg",
    ("water in wet mass", "kg"): "water_kg",
    ("price", None): "price",
    ("heating value, net", "MJ"): "lhv_mj",
    ("heating value, gross", "MJ"): "hhv_mj",
    ("carbon content, fossil", None): "carbon_fossil_fraction",
    ("carbon content, non-fossil", None): "carbon_biogenic_fraction",
    ("water content", None): "water_content",
}


@dataclass
class _Exchange:
    elementary: bool
    flow_id: str
    name: str
    unit: str
    amount: float
    group: int
    is_input: bool
    provider: str | None = None
    cas: str | None = None
    compartment: tuple[str, ...] = ()
    properties: dict[str, float] = field(default_factory=dict)
    uncertainty: ExchangeUncertainty | None = None


@dataclass
class _Dataset:
    id: str
    name: str
    location: str
    member: str
    exchanges: list[_Exchange]
    reference: int | None = None


def read_ecospold2(path: Path, name: str | None = None,
                   progress: Progress | None = None) -> InventorySource:
    """Read EcoSpold 2 datasets from a ``.spold`` file, a folder or a zip of them."""
    path = Path(path)
    log = IssueLog()
    tally = UncertaintyTally()
    read: list[_Dataset] = []
    generators: set[str] = set()
    with open_bundle(path, (".spold", ".xml"), _FMT) as bundle:
        foreign: list[tuple[str, object]] = []
        total = len(bundle.members)
        for done, member in enumerate(bundle.members, start=1):
            ds = _read_member(bundle, member, log, generators, foreign, tally)
            if ds is not None:
                read.append(ds)
            if progress is not None:
                progress(done, total)
        if not read:
            member, tag = foreign[0]
            raise wrong_format(member, tag, _FMT)
        for member, tag in foreign:
            skip_file(log, member, tag, _FMT)
        if bundle.others:
            log.add("file_skipped", "", f"{len(bundle.others)} files that are not .spold/.xml "
                    f"ignored (first: {bundle.others[0]})",
                    f"忽略 {len(bundle.others)} 个非 .spold/.xml 文件（首例：{bundle.others[0]}）")
    _check_unique(read)
    datasets, flows = _assemble(read, log)
    return InventorySource(
        name=name or path.stem, format=FORMAT, flows=flows.build(), datasets=datasets,
        issues=(*log.done(), *_compartment_issue(flows), *tally.issues()),
        metadata={"path": str(path), "files": str(len(read)),
                  "generator": ", ".join(sorted(generators)),
                  "uncertainty": tally.summary()},
    )


def _read_member(bundle: Bundle, member: str, log: IssueLog, generators: set[str],
                 foreign: list[tuple[str, object]], tally: UncertaintyTally) -> _Dataset | None:
    root = parse_xml(bundle.read(member), member)
    if root.tag != _ROOT:
        foreign.append((member, root.tag))
        return None
    ad = root.find(f"{_N}activityDataset")
    if ad is None:
        ad = root.find(f"{_N}childActivityDataset")
        if ad is None:
            raise error(member, "no <activityDataset> in it", "缺少 <activityDataset>")
        log.add("child_dataset", member, f"{member}: child dataset read as it stands "
                "(its parent is not merged in)", f"{member}：子数据集按原样读取（未合并父数据集）")
    activity = ad.find(f"{_N}activityDescription/{_N}activity")
    ds_id = (activity.get("id") or "").strip() if activity is not None else ""
    if activity is None or not ds_id:
        raise error(member, "the activity has no id", "activity 缺少 id")
    where = f"{member}/dataset {ds_id}"
    attrs = ad.find(f"{_N}administrativeInformation/{_N}fileAttributes")
    if attrs is not None and attrs.get("fileGenerator"):
        generators.add(str(attrs.get("fileGenerator")))
    flow_data = ad.find(f"{_N}flowData")
    exchanges = [] if flow_data is None else _exchanges(flow_data, where, log, tally)
    return _Dataset(
        id=ds_id,
        name=(activity.findtext(f"{_N}activityName") or "").strip() or ds_id,
        location=(ad.findtext(f"{_N}activityDescription/{_N}geography/{_N}shortname")
                  or "").strip(),
        member=member, exchanges=exchanges)


def _exchanges(flow_data: etree._Element, where: str, log: IssueLog,
               tally: UncertaintyTally) -> list[_Exchange]:
    out = []
    for el in flow_data:
        if el.tag == _INTER:
            elementary, fid = False, el.get("intermediateExchangeId")
        elif el.tag == _ELEM:
            elementary, fid = True, el.get("elementaryExchangeId")
        else:
            continue
        name = (el.findtext(f"{_N}name") or "").strip()
        what = f"exchange {name or fid!r}"
        if not fid:
            raise error(where, f"{what} has no flow id", f"交换 {name!r} 缺少流 id")
        group, is_input = exchange_group(el, _N)
        if group is None:
            log.count("schema_violation", "es2-group", "exchanges without an input or output "
                      "group skipped", "无输入/输出组的交换已跳过", where)
            continue
        amount = parse_amount(el.get("amount"), where, what)
        ex = _Exchange(elementary, fid, name or fid,
                       require_unit(el.findtext(f"{_N}unitName"), where, what),
                       amount, group, is_input, provider=el.get("activityLinkId") or None,
                       uncertainty=from_ecospold2(el, _N, amount, tally))
        if elementary:
            ex.cas = _cas(el.get("casNumber"), where, log)
            comp = el.find(f"{_N}compartment")
            if comp is not None:
                parts = (comp.findtext(f"{_N}compartment"), comp.findtext(f"{_N}subcompartment"))
                ex.compartment = tuple(p.strip() for p in parts if p and p.strip())
        else:
            ex.properties = _properties(el)
        out.append(ex)
    return out


def _cas(raw: str | None, where: str, log: IssueLog) -> str | None:
    cas, malformed = normalise_cas(raw)
    if malformed:
        log.count("schema_violation", "es2-cas", "CAS numbers not of the form n-nn-n (left out)",
                  "CAS 号格式不符（已忽略）", f"{where}: {raw!r}")
    return cas


def _properties(el: etree._Element) -> dict[str, float]:
    props: dict[str, float] = {}
    for p in el.iterfind(f"{_N}property"):
        pname = (p.findtext(f"{_N}name") or "").strip()
        punit = (p.findtext(f"{_N}unitName") or "").strip()
        try:
            value = float(p.get("amount") or "nan")
        except ValueError:
            continue
        if not pname or value != value:
            continue
        key = PROPERTY_KEYS.get((pname.lower(), punit)) or PROPERTY_KEYS.get((pname.lower(), None))
        props.setdefault(key or _snake(f"{pname} {punit}"), value)
    return props


def _snake(text: str) -> str:
    return "_".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def _check_unique(read: list[_Dataset]) -> None:
    seen: dict[str, str] = {}
    for ds in read:
        if ds.id in seen:
            raise error(f"{ds.member}/dataset {ds.id}",
                        f"duplicated dataset id (also in {seen[ds.id]})",
                        f"数据集 id 重复（亦见于 {seen[ds.id]}）")
        seen[ds.id] = ds.member


def _choose_reference(ds: _Dataset, log: IssueLog) -> None:
    """Settle ``ds.reference`` by the rules of the module docstring (None: nothing fits)."""
    act = norm_text(ds.name)
    inter = [i for i, e in enumerate(ds.exchanges) if not e.elementary]
    refs = [i for i in inter if not ds.exchanges[i].is_input and ds.exchanges[i].group == 0]
    outputs = [i for i in inter if not ds.exchanges[i].is_input and ds.exchanges[i].group != 3]
    named = [i for i in (refs or outputs) if norm_text(ds.exchanges[i].name) == act]
    if len(refs) == 1:
        ds.reference = refs[0]
        return
    if refs or outputs:
        ds.reference = (named or refs or outputs)[0]
        chosen = ds.exchanges[ds.reference]
        how = "named like the activity" if named else "first in file order"
        if refs:
            kind, en = "reference_ambiguous", f"{len(refs)} reference products (outputGroup 0)"
            zh = f"{len(refs)} 个参考产品（outputGroup 0）"
        else:
            kind, en = "reference_missing", f"no reference product, {len(outputs)} outputs"
            zh = f"无参考产品，{len(outputs)} 个产出"
        log.add(kind, ds.id, f"{ds.member}: {en}; took {chosen.name!r} ({how})",
                f"{ds.member}：{zh}；取 {chosen.name!r} 为参考产品"
                f"（{'与活动同名' if named else '文件中第一个'}）")
        return
    inputs = [i for i in inter if norm_text(ds.exchanges[i].name) == act]
    if inputs:
        ds.reference = inputs[0]
        log.add("reference_missing", ds.id, f"{ds.member}: no product output; took the input "
                f"{ds.exchanges[inputs[0]].name!r} named like the activity as the treated waste",
                f"{ds.member}：无产品产出；取与活动同名的输入 "
                f"{ds.exchanges[inputs[0]].name!r} 为所处理的废物")


def _assemble(read: list[_Dataset], log: IssueLog) -> tuple[tuple[InventoryDataset, ...],
                                                             FlowTable]:
    for ds in read:
        _choose_reference(ds, log)
    if all(ds.reference is None for ds in read):
        ds = read[0]
        raise error(f"{ds.member}/dataset {ds.id}",
                    "no reference product (no product or waste exchange that could be one)",
                    "没有参考产品（也没有可作参考的产品或废物交换）")
    flows = FlowTable()
    out = []
    for ds in read:
        if ds.reference is None and not ds.exchanges:
            log.add("dataset_skipped", ds.id, f"{ds.member}: dataset {ds.name!r} has no "
                    "exchanges; left out", f"{ds.member}：数据集 {ds.name!r} 没有任何交换，已略去")
            continue
        out.append(_dataset(ds, flows, log))
    return tuple(out), flows


def _dataset(ds: _Dataset, flows: FlowTable, log: IssueLog) -> InventoryDataset:
    exchanges = []
    for i, e in enumerate(ds.exchanges):
        is_ref = i == ds.reference
        is_input, amount = e.is_input, e.amount
        if is_ref:
            waste = not e.elementary and (is_input or amount < 0)
        else:
            waste = not e.elementary and not is_input and e.group == 3
        if is_ref:
            if not is_input and amount < 0:
                is_input, amount = True, -amount
            flows.reference(e.flow_id, e.name, e.unit, waste=waste)
        flows.see(e.flow_id, e.name, e.unit, elementary=e.elementary, waste=waste, cas=e.cas,
                  compartment=e.compartment, properties=e.properties)
        exchanges.append(InventoryExchange(
            flow_id=e.flow_id, amount=amount, unit=e.unit, is_input=is_input,
            is_reference=is_ref, provider_id=e.provider, name=e.name,
            uncertainty=None if is_ref else e.uncertainty))  # the reference stays fixed
    if ds.reference is None:
        fid = f"{ds.id}/reference"
        flows.reference(fid, ds.name, _SYNTH_UNIT, waste=False)
        exchanges.insert(0, InventoryExchange(flow_id=fid, amount=1.0, unit=_SYNTH_UNIT,
                                              is_input=False, is_reference=True, name=ds.name))
        log.add("reference_synthesised", ds.id,
                f"{ds.member}: no exchange could be the reference product; made a placeholder "
                f"output of 1 {_SYNTH_UNIT} of {ds.name!r} (results are per that unit)",
                f"{ds.member}：没有可作参考产品的交换；补了一个占位参考产出 1 {_SYNTH_UNIT}"
                f" {ds.name!r}（结果按此单位计）")
    return InventoryDataset(id=ds.id, name=ds.name, location=ds.location,
                            exchanges=tuple(exchanges), file=ds.member)


def _compartment_issue(flows: FlowTable) -> tuple[ImportIssue, ...]:
    elementary = [f for f in flows.flows.values() if f.elementary]
    missing = sum(1 for f in elementary if not f.compartment)
    if not missing:
        return ()
    return (ImportIssue("compartment_missing", "",
                        f"{missing} of {len(elementary)} elementary flows have no compartment "
                        "(left empty)",
                        f"{len(elementary)} 个基本流中有 {missing} 个缺少环境介质（留空）"),)
