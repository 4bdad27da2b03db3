"""Reader of EcoSpold 1 XML: single- or multi-dataset files, a folder or a zip of them.

Mapping to :mod:`carbonlabel.domain.inventory` (details and examples: docs/import-formats.md):

* ``dataset/@number`` -> dataset id (as a string; a number seen twice, in one file or across
  files, is an error); ``referenceFunction/@name`` -> name; ``geography/@location`` ->
  location.
* EcoSpold 1 has no flow ids. Technosphere flows (products and wastes) get a stable UUID-5
  from their normalised name (case and spacing ignored), so products link by name: datasets
  whose reference products share a name provide the same flow (the linker picks among
  several providers). The unit is left out of that key on purpose, so that an input of
  "Electricity" in MJ still links to a provider in kWh (units are reconciled at link time).
  Elementary flows get a UUID-5 from (name, unit, category, subCategory).
* ``exchange``: ``@meanValue`` in ``@unit`` (as written; empty is an error); the
  ``@location`` of a technosphere exchange -> ``location`` (where the input comes from: the
  linker prefers a provider there, e.g. USLCI's ``Electricity, at grid`` with "RNA").
  ``inputGroup`` 1, 2, 3, 5: input from the technosphere; 4: resource from nature.
  ``outputGroup`` 0: reference product; 1: avoided product; 2: allocated co-product;
  3: waste to treatment (WASTE flow); 4: emission to nature. ``category``/``subCategory`` of
  elementary exchanges -> compartment, e.g. ("air", "unspecified"); ``@CASNumber`` -> CAS
  (leading zeros dropped; "n.a.", "NaN" and other non-CAS text left out and counted).
  A negative reference amount marks a waste-treatment dataset: the reference becomes an
  input of ``-amount`` of a WASTE flow (the openLCA convention; same matrix column).
* ``allocation`` (``@referenceToCoProduct``, ``@allocationMethod``, ``@fraction`` in percent,
  ``referenceToInputOutput``) -> :class:`AllocationFactor`. When every product's fraction is
  the same for all the exchanges it names, those cover every exchange but the products, and
  the method is 0 (physical) or 1 (economic) for all, one factor per product
  (``exchange_index`` None) with that method; otherwise causal factors per exchange
  (``exchange_index`` = position in the dataset's exchanges).

The reference when ``outputGroup`` 0 is not exactly one exchange: several -> the one named
like the ``referenceFunction``, else the first (``reference_ambiguous``); none -> an
exchange made from ``referenceFunction`` (name, unit, amount), failing that the only or
first co-product (``reference_missing``). A dataset with neither is left out
(``dataset_skipped``) unless no dataset of the import has a reference: then DataFormatError.

Schema violations that do not prevent reading (missing or empty dates, over-long names,
malformed CAS numbers, exchanges without a group, a missing location) are counted, one
``schema_violation`` issue per class. Files that are not EcoSpold 1 datasets (e.g. the
``categories.xml`` an openLCA export adds) are skipped with a ``file_skipped`` issue.
Parsing streams dataset by dataset (lxml iterparse), so memory stays small for big files.
"""

from __future__ import annotations

import io
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from carbonlabel.adapters.formats.xml_common import (
    NS_ES1,
    FlowTable,
    IssueLog,
    Progress,
    error,
    exchange_group,
    iterparse,
    looks_like_xml,
    norm_text,
    normalise_cas,
    open_bundle,
    parse_amount,
    require_unit,
    root_tag_of,
    skip_file,
    wrong_format,
    xml_error,
)
from carbonlabel.domain.inventory import (
    AllocationFactor,
    DataAllocation,
    InventoryDataset,
    InventoryExchange,
    InventorySource,
)

FORMAT = "ecospold1"
_FMT = "EcoSpold 1"
_N = f"{{{NS_ES1}}}"
_ROOT, _DATASET = f"{_N}ecoSpold", f"{_N}dataset"
_DATASET_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dataset[\s/>]")
#: Namespace of the UUID-5 flow ids (fixed: ids must stay the same across imports).
FLOW_ID_NAMESPACE = uuid.UUID("5c1f3d2e-8f0b-4d6a-9a51-e5b0c0de0001")
_TECH_INPUTS = {1, 2, 3, 5}


@dataclass
class _Exchange:
    number: str
    name: str
    unit: str
    amount: float
    group: int
    is_input: bool
    elementary: bool
    flow_id: str
    cas: str | None = None
    compartment: tuple[str, ...] = ()
    location: str = ""


def read_ecospold1(path: Path, name: str | None = None,
                   progress: Progress | None = None) -> InventorySource:
    """Read EcoSpold 1 datasets from an XML file, a folder or a zip of such files."""
    path = Path(path)
    reader = _Reader(progress)
    with open_bundle(path, (".xml",), _FMT) as bundle:
        foreign: list[tuple[str, object]] = []
        if progress is not None and len(bundle.members) > 1:  # a first pass for the bar's total
            reader.total = sum(len(_DATASET_TAG.findall(bundle.read(m))) for m in bundle.members)
        for member in bundle.members:
            data = bundle.read(member)
            if len(bundle.members) == 1:
                reader.total = len(_DATASET_TAG.findall(data))
            root_tag = reader.read_file(data, member)
            if root_tag is not None:
                foreign.append((member, root_tag))
        if not reader.files_read:
            member, tag = foreign[0]
            raise wrong_format(member, tag, _FMT)
        for member, tag in foreign:
            skip_file(reader.log, member, tag, _FMT)
        if bundle.others:
            reader.log.add("file_skipped", "", f"{len(bundle.others)} files that are not .xml "
                           f"ignored (first: {bundle.others[0]})",
                           f"忽略 {len(bundle.others)} 个非 .xml 文件（首例：{bundle.others[0]}）")
    if not reader.datasets:
        raise reader.no_reference_error(str(path))
    return InventorySource(
        name=name or path.stem, format=FORMAT, flows=reader.flows.build(),
        datasets=tuple(reader.datasets), issues=reader.log.done(),
        metadata={"path": str(path), "files": str(reader.files_read),
                  "generator": ", ".join(sorted(reader.generators))},
    )


class _Reader:
    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.total = 0
        self.done = 0
        self.files_read = 0
        self.log = IssueLog()
        self.flows = FlowTable()
        self.datasets: list[InventoryDataset] = []
        self.ids: dict[str, str] = {}
        self.skipped: list[str] = []  # where of datasets without any reference
        self.generators: set[str] = set()
        self._flow_ids: dict[str, str] = {}

    def read_file(self, data: bytes, member: str) -> object | None:
        """Read every dataset of one file; return the root tag if it is not EcoSpold 1."""
        if not looks_like_xml(data):
            raise error(member, "not an XML file", "不是 XML 文件")
        try:
            root_tag = root_tag_of(data)
            if root_tag != _ROOT:
                return root_tag
            self.files_read += 1
            events = iterparse(io.BytesIO(data), events=("end",), tag=_DATASET,
                               resolve_entities=False, no_network=True, load_dtd=False,
                               remove_comments=True, huge_tree=False)
            for _event, el in events:
                self._dataset(el, member)
                el.clear()
                parent = el.getparent()
                while parent is not None and el.getprevious() is not None:
                    del parent[0]
                self.done += 1
                if self.progress is not None:
                    self.total = max(self.total, self.done)
                    self.progress(self.done, self.total)
        except etree.XMLSyntaxError as exc:
            raise xml_error(member, exc) from exc
        return None

    def no_reference_error(self, label: str) -> Exception:
        if not self.skipped:
            return error(label, "no EcoSpold 1 datasets in it", "其中没有 EcoSpold 1 数据集")
        return error(self.skipped[0], "no reference product (no referenceFunction and no "
                     "product output)", "没有参考产品（无 referenceFunction，也无产品产出）")

    def _dataset(self, el: etree._Element, member: str) -> None:
        number = (el.get("number") or "").strip()
        if not number:
            raise error(member, "a dataset without a number (its id)",
                        "有数据集缺少编号（number，即其 id）")
        where = f"{member}/dataset {number}"
        if number in self.ids:
            raise error(where, f"duplicated dataset number (also in {self.ids[number]})",
                        f"数据集编号重复（亦见于 {self.ids[number]}）")
        self.ids[number] = member
        if el.get("generator"):
            self.generators.add(str(el.get("generator")))
        info = el.find(f"{_N}metaInformation/{_N}processInformation")
        rf = info.find(f"{_N}referenceFunction") if info is not None else None
        geo = info.find(f"{_N}geography") if info is not None else None
        location = (geo.get("location") or "").strip() if geo is not None else ""
        check_schema(el, info, location, where, self.log)
        flow_data = el.find(f"{_N}flowData")
        raw = [] if flow_data is None else self._exchanges(flow_data, where)
        ds_name = (rf.get("name") or "").strip() if rf is not None else ""
        ref = self._reference(raw, rf, ds_name, where)
        if ref is None:
            self.skipped.append(where)
            self.log.add("dataset_skipped", number,
                         f"{where}: no referenceFunction and no product output; left out",
                         f"{where}：无 referenceFunction 也无产品产出，已略去")
            return
        exchanges, numbers = self._build(raw, ref)
        factors, method = (allocation(flow_data, numbers, exchanges, where, self.log)
                           if flow_data is not None else ((), None))
        self.datasets.append(InventoryDataset(
            id=number, name=ds_name or exchanges[ref].name, location=location,
            exchanges=tuple(exchanges), allocation_factors=factors, default_allocation=method,
            file=member))

    def _exchanges(self, flow_data: etree._Element, where: str) -> list[_Exchange]:
        out = []
        for ex in flow_data.iterfind(f"{_N}exchange"):
            name = " ".join((ex.get("name") or "").split())
            what = f"exchange {ex.get('number') or '?'} {name!r}"
            group, is_input = exchange_group(ex, _N)
            if group is None or (is_input and group not in (*_TECH_INPUTS, 4)) or (
                    not is_input and group not in (0, 1, 2, 3, 4)):
                self.log.count("schema_violation", "es1-group", "exchanges without a valid "
                               "inputGroup/outputGroup skipped", "无有效输入/输出组的交换已跳过",
                               f"{where} {what}")
                continue
            unit = require_unit(ex.get("unit"), where, what)
            amount = parse_amount(ex.get("meanValue"), where, what)
            cas, bad_cas = normalise_cas(ex.get("CASNumber"))
            if bad_cas:
                self.log.count("schema_violation", "es1-cas", "CASNumber values not of the form "
                               "n-nn-n (left out)", "CASNumber 格式不符（已忽略）",
                               f"{where}: {ex.get('CASNumber')!r}")
            elementary = group == 4
            comp: tuple[str, ...] = ()
            if elementary:
                parts = (ex.get("category"), ex.get("subCategory"))
                comp = tuple(p.strip() for p in parts if p and p.strip())
            key = ("e\x1f" + "\x1f".join(norm_text(p) for p in (name, unit, *comp))
                   if elementary else "t\x1f" + norm_text(name))
            out.append(_Exchange((ex.get("number") or "").strip(), name, unit, amount, group,
                                 is_input, elementary, self._flow_id(key),
                                 cas if elementary else None, comp,
                                 "" if elementary else (ex.get("location") or "").strip()))
        return out

    def _flow_id(self, key: str) -> str:
        fid = self._flow_ids.get(key)
        if fid is None:
            fid = self._flow_ids[key] = str(uuid.uuid5(FLOW_ID_NAMESPACE, key))
        return fid

    def _reference(self, raw: list[_Exchange], rf: etree._Element | None, ds_name: str,
                   where: str) -> int | None:
        """Index of the reference in ``raw`` (an exchange from ``rf`` may be appended)."""
        refs = [i for i, e in enumerate(raw) if not e.is_input and e.group == 0]
        if len(refs) == 1:
            return refs[0]
        number = where.rsplit(" ", 1)[-1]
        if refs:
            named = [i for i in refs if norm_text(raw[i].name) == norm_text(ds_name)]
            ref = (named or refs)[0]
            for i in refs:
                if i != ref:
                    raw[i].group = 2
            self.log.add("reference_ambiguous", number, f"{where}: {len(refs)} reference "
                         f"products (outputGroup 0); took {raw[ref].name!r}, the others as "
                         "co-products", f"{where}：{len(refs)} 个参考产品（outputGroup 0）；取 "
                         f"{raw[ref].name!r}，其余作联产品")
            return ref
        if rf is not None and ds_name and (rf.get("unit") or "").strip():
            unit = require_unit(rf.get("unit"), where, "referenceFunction")
            amount = parse_amount(rf.get("amount") or "1", where, "referenceFunction")
            raw.append(_Exchange("", ds_name, unit, amount, 0, False, False,
                                 self._flow_id("t\x1f" + norm_text(ds_name))))
            self.log.add("reference_missing", number, f"{where}: no outputGroup-0 exchange; "
                         f"made the reference from referenceFunction ({amount} {unit} {ds_name!r})",
                         f"{where}：无 outputGroup 0 交换；按 referenceFunction 生成参考产品"
                         f"（{amount} {unit} {ds_name!r}）")
            return len(raw) - 1
        co = [i for i, e in enumerate(raw) if not e.is_input and e.group == 2]
        if co:
            self.log.add("reference_missing", number, f"{where}: no reference product; took the "
                         f"co-product {raw[co[0]].name!r} (first of {len(co)})",
                         f"{where}：无参考产品；取联产品 {raw[co[0]].name!r}"
                         f"（共 {len(co)} 个中的第一个）")
            return co[0]
        return None

    def _build(self, raw: list[_Exchange], ref: int) -> tuple[list[InventoryExchange],
                                                              dict[str, int]]:
        exchanges: list[InventoryExchange] = []
        numbers: dict[str, int] = {}
        for i, e in enumerate(raw):
            is_ref = i == ref
            is_input, amount = e.is_input, e.amount
            if is_ref:
                waste = is_input or amount < 0
                if not is_input and amount < 0:
                    is_input, amount = True, -amount
                self.flows.reference(e.flow_id, e.name, e.unit, waste=waste)
            else:
                waste = not e.elementary and not is_input and e.group == 3
            self.flows.see(e.flow_id, e.name, e.unit, elementary=e.elementary, waste=waste,
                           cas=e.cas, compartment=e.compartment)
            if e.number:
                numbers.setdefault(e.number, len(exchanges))
            exchanges.append(InventoryExchange(
                flow_id=e.flow_id, amount=amount, unit=e.unit, is_input=is_input,
                is_reference=is_ref, avoided=not is_input and e.group == 1, name=e.name,
                location="" if is_ref else e.location))
        return exchanges, numbers


# --- schema checks that do not stop the import ----------------------------------------------

_DATE_FORMS = ((f"{_N}startDate", f"{_N}endDate", re.compile(r"\d{4}-\d{2}-\d{2}")),
               (f"{_N}startYearMonth", f"{_N}endYearMonth", re.compile(r"\d{4}-\d{2}")),
               (f"{_N}startYear", f"{_N}endYear", re.compile(r"\d{4}")))
_NAME_LIMIT = 80  # TString80 in EcoSpold01Dataset.xsd


def check_schema(el: etree._Element, info: etree._Element | None, location: str, where: str,
                 log: IssueLog) -> None:
    period = info.find(f"{_N}timePeriod") if info is not None else None
    starts = ends = False
    for start_tag, end_tag, pattern in _DATE_FORMS:
        if period is None:
            break
        starts |= bool(pattern.match((period.findtext(start_tag) or "").strip()))
        ends |= bool(pattern.match((period.findtext(end_tag) or "").strip()))
    if not (starts and ends):
        log.count("schema_violation", "es1-dates", "datasets without a valid start and end "
                  "date (timePeriod)", "数据集缺少有效的起止日期（timePeriod）", where)
    if not location:
        log.count("schema_violation", "es1-location", "datasets without a geography location",
                  "数据集缺少地理位置", where)
    for tag in (f"{_N}exchange", f"{_N}referenceFunction"):
        for node in el.iter(tag):
            if len(node.get("name") or "") > _NAME_LIMIT:
                log.count("schema_violation", "es1-name80", f"names longer than {_NAME_LIMIT} "
                          "characters (kept whole)", f"名称超过 {_NAME_LIMIT} 个字符（完整保留）",
                          f"{where}: {node.get('name')!r}")


# --- allocation -----------------------------------------------------------------------------

_METHODS = {"0": DataAllocation.PHYSICAL, "1": DataAllocation.ECONOMIC}


def allocation(flow_data: etree._Element, numbers: dict[str, int],
               exchanges: list[InventoryExchange], where: str,
               log: IssueLog) -> tuple[tuple[AllocationFactor, ...], DataAllocation | None]:
    """AllocationFactors of one dataset, by the rule of the module docstring."""
    entries: list[tuple[str, int, float, list[int]]] = []  # method, product, share, exchanges
    for a in flow_data.iterfind(f"{_N}allocation"):
        product = numbers.get((a.get("referenceToCoProduct") or "").strip())
        try:
            share = float(a.get("fraction") or "nan") / 100.0
        except ValueError:
            share = float("nan")
        targets = [(t.text or "").strip() for t in a.iterfind(f"{_N}referenceToInputOutput")]
        if (product is None or exchanges[product].is_input or share != share
                or any(t not in numbers for t in targets)):
            log.count("schema_violation", "es1-allocation", "allocation entries that name no "
                      "product output, an unknown exchange or no valid fraction (ignored)",
                      "分配条目未指明产品产出、引用未知交换或比例无效（已忽略）", where)
            continue
        entries.append(((a.get("allocationMethod") or "-1").strip(), product, share,
                        [numbers[t] for t in targets]))
    if not entries:
        return (), None
    products = {p for _m, p, _s, _t in entries}
    others = {i for i in range(len(exchanges)) if i not in products}
    methods = {m for m, _p, _s, _t in entries}
    per_product = len(methods) == 1 and next(iter(methods)) in _METHODS
    for p in products:
        mine = [(s, t) for _m, q, s, t in entries if q == p]
        covered = {i for _s, t in mine for i in t}
        per_product &= len({s for s, _t in mine}) == 1 and others <= covered
    if per_product:
        method = _METHODS[next(iter(methods))]
        shares = {p: s for _m, p, s, _t in entries}
        return tuple(AllocationFactor(method, exchanges[p].flow_id, shares[p])
                     for p in sorted(products)), method
    return tuple(AllocationFactor(DataAllocation.CAUSAL, exchanges[p].flow_id, s, i)
                 for _m, p, s, t in entries for i in t), DataAllocation.CAUSAL
