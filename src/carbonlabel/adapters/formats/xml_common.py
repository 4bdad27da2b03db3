"""What the EcoSpold readers share: opening a file, folder or zip, safe XML parsing, issues.

The XML parser never touches the network, never loads a DTD and never expands entities, so a
hostile file cannot make us fetch URLs or blow up memory ("billion laughs"). Every foreign
error (``zipfile.BadZipFile``, ``lxml.etree.XMLSyntaxError``, ``OSError``) is translated here
into :class:`~carbonlabel.errors.DataFormatError` naming the file inside the source.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from carbonlabel.adapters.limits import ZIP_ERRORS, ZipBudget
from carbonlabel.domain.inventory import FlowKind, ImportIssue, InventoryFlow
from carbonlabel.errors import DataFormatError

NS_ES1 = "http://www.EcoInvent.org/EcoSpold01"
NS_ES2 = "http://www.EcoInvent.org/EcoSpold02"

_ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP_MAGIC = b"PK\x05\x06"

# lxml-stubs leave iterparse undeclared (Any); this is the part of its signature we use.
iterparse: Callable[..., Iterator[tuple[str, etree._Element]]] = etree.iterparse

Progress = Callable[[int, int], None]


def error(where: str, en: str, zh: str, line: int | None = None) -> DataFormatError:
    """A DataFormatError about ``where``: the file inside the source (or the source itself),
    plus '/dataset <id>' where known. The messages do not repeat ``where``: the CLI prints
    'field: message'."""
    return DataFormatError(field=where, line=line, message_en=en, message_zh=zh)


def secure_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_comments=True,
                           remove_pis=True)


def parse_xml(data: bytes, where: str) -> etree._Element:
    """Parse one whole document; malformed XML becomes a DataFormatError with its line."""
    if not looks_like_xml(data):
        raise error(where, "not an XML file", "不是 XML 文件")
    try:
        return etree.fromstring(data, secure_parser())
    except etree.XMLSyntaxError as exc:
        raise xml_error(where, exc) from exc


def xml_error(where: str, exc: etree.XMLSyntaxError) -> DataFormatError:
    line = exc.lineno if isinstance(exc.lineno, int) else None
    msg = str(exc.msg if getattr(exc, "msg", None) else exc)
    return error(where, f"malformed XML ({msg})", f"XML 格式错误（{msg}）", line=line)


def root_tag_of(data: bytes) -> object:
    """The root element's tag, reading no further than its start tag."""
    for _event, el in iterparse(io.BytesIO(data), events=("start",), resolve_entities=False,
                                no_network=True, load_dtd=False):
        return el.tag
    return None  # pragma: no cover - lxml raises on a document without an element


def exchange_group(el: etree._Element, ns: str) -> tuple[int | None, bool]:
    """(group number, is_input) of an EcoSpold exchange; None: no group or not a number."""
    for tag, is_input in ((f"{ns}outputGroup", False), (f"{ns}inputGroup", True)):
        text = el.findtext(tag)
        if text is not None:
            try:
                return int(text.strip()), is_input
            except ValueError:
                return None, is_input
    return None, False


def looks_like_xml(data: bytes) -> bool:
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 byte-order marks
        return True
    return head.startswith(b"<")


def namespace(tag: object) -> str:
    text = tag if isinstance(tag, str) else ""
    return text[1:text.index("}")] if text.startswith("{") else ""


def local_name(tag: object) -> str:
    text = tag if isinstance(tag, str) else ""
    return text.rsplit("}", 1)[-1]


def describe_root(root_tag: object) -> tuple[str, str]:
    """What a document is, from its root element: (English, Chinese)."""
    ns, local = namespace(root_tag), local_name(root_tag)
    if ns == NS_ES1 and local == "ecoSpold":
        return "an EcoSpold 1 file", "EcoSpold 1 文件"
    if ns == NS_ES2 and local == "ecoSpold":
        return "an EcoSpold 2 file", "EcoSpold 2 文件"
    where = f"<{local}>" + (f" ({ns})" if ns else "")
    return f"an XML file with root {where}", f"根元素为 {where} 的 XML 文件"


def norm_text(text: str) -> str:
    """Case- and spacing-insensitive form of a name, for matching names."""
    return " ".join(text.split()).casefold()


_CAS = re.compile(r"0*(\d{2,7})-(\d{2})-(\d)")


def normalise_cas(raw: str | None) -> tuple[str | None, bool]:
    """(CAS number without leading zeros or None, whether ``raw`` was malformed)."""
    if raw is None:
        return None, False
    text = raw.strip()
    if text.upper().startswith("CAS"):
        text = text[3:].lstrip(" :")
    m = _CAS.fullmatch(text)
    if m is None:
        return None, True
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}", raw.strip() != text


def parse_amount(raw: str | None, where: str, what: str) -> float:
    try:
        value = float(raw) if raw is not None else float("nan")
    except ValueError:
        value = float("nan")
    if value != value or value in (float("inf"), float("-inf")):
        raise error(where, f"{what}: amount {raw!r} is not a number",
                    f"{what}：数量 {raw!r} 不是数字")
    return value


def require_unit(raw: str | None, where: str, what: str) -> str:
    unit = (raw or "").strip()
    if not unit:
        raise error(where, f"{what}: the unit is empty", f"{what}：单位为空")
    return unit


# --- sources: one file, a folder or a zip ---------------------------------------------------


@dataclass
class Bundle:
    """The candidate files of one import and a way to read each one."""

    label: str  # the path the user gave, for messages
    members: tuple[str, ...]  # candidate files (name inside the zip or folder)
    others: tuple[str, ...]  # files that are not candidates (other suffixes)
    read: Callable[[str], bytes]
    is_single_file: bool = False


@contextmanager
def open_bundle(path: Path, suffixes: tuple[str, ...], format_en: str) -> Iterator[Bundle]:
    """Open ``path`` (file, folder or zip) and list the files with one of ``suffixes``."""
    path = Path(path)
    if not path.exists():
        raise DataFormatError(field=str(path), message_en=f"{path} does not exist",
                              message_zh=f"{path} 不存在")
    if path.is_dir():
        yield _folder_bundle(path, suffixes, format_en)
        return
    with path.open("rb") as fh:
        head = fh.read(4)
        if head in (_ZIP_MAGIC, _EMPTY_ZIP_MAGIC):
            with _open_zip(path, fh) as zf:
                yield _zip_bundle(path, zf, suffixes, format_en)
            return

    def read_file(_member: str) -> bytes:
        try:
            return path.read_bytes()
        except OSError as exc:
            raise error(str(path), f"cannot be read ({exc})", f"无法读取（{exc}）") from exc

    if path.suffix.lower() == ".zip":
        raise error(str(path), "not a valid zip file (truncated or corrupt)",
                    "不是有效的 zip 文件（已截断或损坏）")
    yield Bundle(str(path), (path.name,), (), read_file, is_single_file=True)


def _folder_bundle(folder: Path, suffixes: tuple[str, ...], format_en: str) -> Bundle:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    rel = [p.relative_to(folder).as_posix() for p in files]
    members = tuple(r for r in rel if r.lower().endswith(suffixes))
    others = tuple(r for r in rel if not r.lower().endswith(suffixes))
    if not members:
        raise _no_candidates(str(folder), suffixes, others, format_en)

    def read(member: str) -> bytes:
        try:
            return (folder / member).read_bytes()
        except OSError as exc:
            raise error(member, f"cannot be read ({exc})", f"无法读取（{exc}）") from exc

    return Bundle(str(folder), members, others, read)


@contextmanager
def _open_zip(path: Path, fh: BinaryIO) -> Iterator[zipfile.ZipFile]:
    fh.seek(0)
    try:
        zf = zipfile.ZipFile(fh)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
        raise error(str(path), f"not a valid zip file (truncated or corrupt: {exc})",
                    f"不是有效的 zip 文件（已截断或损坏：{exc}）") from exc
    with zf:
        yield zf


def _zip_bundle(path: Path, zf: zipfile.ZipFile, suffixes: tuple[str, ...],
                format_en: str) -> Bundle:
    names = sorted(i.filename for i in zf.infolist()
                   if not i.is_dir() and not i.filename.startswith("__MACOSX/"))
    members = tuple(n for n in names if n.lower().endswith(suffixes))
    others = tuple(n for n in names if not n.lower().endswith(suffixes))
    if not members:
        raise _no_candidates(str(path), suffixes, others, format_en)

    budget = ZipBudget(zf, path.name)  # caps size and ratio, reads streaming

    def read(member: str) -> bytes:
        try:
            return budget.read(member)
        except ZIP_ERRORS as exc:
            raise error(f"{path.name}/{member}",
                        f"cannot be read from the zip (truncated or corrupt: {exc})",
                        f"无法从 zip 中读取（已截断或损坏：{exc}）") from exc

    return Bundle(str(path), members, others, read)


def _no_candidates(label: str, suffixes: tuple[str, ...], others: tuple[str, ...],
                   format_en: str) -> DataFormatError:
    wanted = " or ".join(suffixes)
    hint_en = hint_zh = ""
    if others:
        kinds = Counter(Path(o).suffix.lower() or "(none)" for o in others)
        top = ", ".join(f"{n} {s}" for s, n in kinds.most_common(3))
        hint_en, hint_zh = f"; it holds {top} files", f"；里面是 {top} 文件"
        for suffix, other in ((".json", "openLCA JSON-LD"), (".spold", "EcoSpold 2")):
            if kinds.get(suffix):
                hint_en += f" ({other}? use that format)"
                hint_zh += f"（可能是 {other}，请使用该格式）"
    return error(label, f"no {format_en} files ({wanted}) in it{hint_en}",
                 f"其中没有 {format_en} 文件（{wanted.replace(' or ', ' 或 ')}）{hint_zh}")


# --- issues ---------------------------------------------------------------------------------


@dataclass
class IssueLog:
    """Issues of one import; repeated problems are counted and reported once per class."""

    issues: list[ImportIssue] = field(default_factory=list)
    _counts: Counter[str] = field(default_factory=Counter)
    _texts: dict[str, tuple[str, str, str, str]] = field(default_factory=dict)

    def add(self, kind: str, dataset: str, detail: str, detail_zh: str) -> None:
        self.issues.append(ImportIssue(kind, dataset, detail, detail_zh))

    def count(self, kind: str, key: str, what_en: str, what_zh: str, example: str = "") -> None:
        """Count one occurrence of problem ``key`` (reported as '<n> <what>', e.g. ...)."""
        self._counts[key] += 1
        if key not in self._texts:
            self._texts[key] = (kind, what_en, what_zh, example)

    def total(self, key: str) -> int:
        return self._counts[key]

    def done(self) -> tuple[ImportIssue, ...]:
        counted = []
        for key, (kind, what_en, what_zh, example) in self._texts.items():
            n = self._counts[key]
            eg_en = f" (first: {example})" if example else ""
            eg_zh = f"（首例：{example}）" if example else ""
            counted.append(ImportIssue(kind, "", f"{n} {what_en}{eg_en}",
                                       f"{n} 个 {what_zh}{eg_zh}"))
        return (*self.issues, *counted)


def skip_file(log: IssueLog, member: str, root_tag: object, format_en: str) -> None:
    what_en, what_zh = describe_root(root_tag)
    log.add("file_skipped", "", f"{member}: {what_en}, not an {format_en} dataset file; skipped",
            f"{member}：{what_zh}，不是 {format_en} 数据集文件，已跳过")


def wrong_format(member: str, root_tag: object, format_en: str) -> DataFormatError:
    what_en, what_zh = describe_root(root_tag)
    use = {NS_ES1: "ecospold1", NS_ES2: "ecospold2"}.get(namespace(root_tag))
    hint_en = f" (use the {use} format)" if use else ""
    hint_zh = f"（请使用 {use} 格式）" if use else ""
    return error(member, f"{what_en}, not {format_en}{hint_en}",
                 f"这是 {what_zh}，不是 {format_en} 文件{hint_zh}")


# --- flows ----------------------------------------------------------------------------------


@dataclass
class _FlowSeen:
    name: str
    elementary: bool
    first_unit: str
    ref_unit: str | None = None
    waste_reference: bool = False
    product_reference: bool = False
    waste_seen: bool = False
    cas: str | None = None
    compartment: tuple[str, ...] = ()
    properties: dict[str, dict[str, float]] = field(default_factory=dict)  # unit -> props


@dataclass
class FlowTable:
    """One InventoryFlow per id, gathered from the exchanges that use it.

    The reference unit is the unit of a dataset's reference exchange of the flow if there is
    one (the first such), else the first unit seen. Kind: elementary as read; a technosphere
    flow is WASTE when it is the reference of a waste-treatment dataset, or is seen as a waste
    output and is no dataset's (positive) reference product; otherwise PRODUCT. Properties
    are those given on an exchange in the reference unit (the first such).
    """

    flows: dict[str, _FlowSeen] = field(default_factory=dict)

    def see(self, flow_id: str, name: str, unit: str, *, elementary: bool, waste: bool = False,
            cas: str | None = None, compartment: tuple[str, ...] = (),
            properties: dict[str, float] | None = None) -> None:
        seen = self.flows.get(flow_id)
        if seen is None:
            seen = self.flows[flow_id] = _FlowSeen(name, elementary, unit)
        seen.waste_seen |= waste
        if seen.cas is None and cas:
            seen.cas = cas
        if not seen.compartment and compartment:
            seen.compartment = compartment
        if properties:
            seen.properties.setdefault(unit, dict(properties))

    def reference(self, flow_id: str, name: str, unit: str, *, waste: bool) -> None:
        self.see(flow_id, name, unit, elementary=False)
        seen = self.flows[flow_id]
        if seen.ref_unit is None:
            seen.ref_unit, seen.name = unit, name
        if waste:
            seen.waste_reference = True
        else:
            seen.product_reference = True

    def build(self) -> dict[str, InventoryFlow]:
        out: dict[str, InventoryFlow] = {}
        for fid, s in self.flows.items():
            unit = s.ref_unit or s.first_unit
            if s.elementary:
                kind = FlowKind.ELEMENTARY
            elif s.waste_reference or (s.waste_seen and not s.product_reference):
                kind = FlowKind.WASTE
            else:
                kind = FlowKind.PRODUCT
            out[fid] = InventoryFlow(id=fid, name=s.name, kind=kind, unit=unit, cas=s.cas,
                                     compartment=s.compartment,
                                     properties=s.properties.get(unit, {}))
        return out
