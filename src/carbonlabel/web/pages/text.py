"""Words that come with the data in both languages, and numbers as the pages show them.

The pages' own words go through gettext (the Babel catalogues); names that the domain already
keeps in Chinese and English (life-cycle stages, gas categories, roles, job states) or that
arrive bilingual in a record (product names, "中文 / English" inventory names, job messages)
are picked here by language, so there is one source for each of them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime

from carbonlabel.domain.certification import catalogue
from carbonlabel.domain.ghg import CATEGORY_NAMES, GasCategory, gas_name_zh
from carbonlabel.domain.product import STAGE_NAMES, LifeCycleStage, Text
from carbonlabel.domain.records import JOB_STATE_NAMES, JobState, RegisteredProduct
from carbonlabel.domain.tenancy import ROLE_NAMES, Role
from carbonlabel.errors import FieldError

_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
_ZH_THEN_EN = re.compile(r"^(\S*[\u3400-\u9fff]\S*(?:\s+\S*[\u3400-\u9fff]\S*)*)\s+([ -~]+)$")


def is_zh(lang: str) -> bool:
    return lang.startswith("zh")


def pick(pair: tuple[str, str] | Mapping[str, str] | Text | None, lang: str) -> str:
    """The language's half of a (zh, en) pair, a {"zh": ..., "en": ...} mapping or a Text."""
    if pair is None:
        return ""
    if isinstance(pair, Text):
        return pair.zh if is_zh(lang) else pair.en
    if isinstance(pair, Mapping):
        return str(pair.get("zh" if is_zh(lang) else "en") or pair.get("zh") or "")
    return pair[0] if is_zh(lang) else pair[1]


def bilingual(text: str | None, lang: str) -> str:
    """One language of a combined text: "中文 / English", "English / 中文" or "中文 English"."""
    if not text:
        return ""
    parts = text.split(" / ")
    if len(parts) == 2:
        zh = [p for p in parts if _CJK.search(p)]
        en = [p for p in parts if not _CJK.search(p)]
        if len(zh) == 1 and len(en) == 1:
            return zh[0] if is_zh(lang) else en[0]
        return text
    match = _ZH_THEN_EN.match(text)
    if match:
        return match.group(1) if is_zh(lang) else match.group(2)
    return text


def product_name(product: RegisteredProduct, lang: str) -> str:
    return pick((product.name_zh, product.name_en), lang)


def category_name(category: str | int | None, lang: str) -> str:
    """A product category in the page's language: a pilot catalogue code with its entry's name
    ("16 水泥" / "16 cement"); a free-text category of earlier releases by the catalogue's
    name of what it covers (an entry, or a class: "lithium battery" is 锂电池); other text as
    it was written."""
    if category is None or str(category).strip() == "":
        return ""
    found = catalogue.entry(category)
    if found is not None:
        return f"{found.code} {pick((found.name_zh, found.name_en), lang)}"
    codes = catalogue.codes_for_text(str(category))
    if len(codes) == 1:
        one = catalogue.BY_CODE[codes[0]]
        return pick((one.name_zh, one.name_en), lang)
    classes = {catalogue.BY_CODE[c].class_code for c in codes}
    if len(classes) == 1:
        (shared,) = classes
        if set(codes) == set(catalogue.in_class(shared)):
            named = catalogue.CLASS_BY_CODE[shared]
            return pick((named.name_zh, named.name_en), lang)
    return str(category)


_VERIFICATION = re.compile(r"^Certificate (?P<number>[^,]+?)(?:, label (?P<label>[^,]+?))?"
                           r"(?:, certified value (?P<value>\S+) (?P<unit>.+))?$")


def verification_comments(comments: str | None, lang: str) -> str:
    """A PACT footprint's verification comments in the page's language. Platforms (this one
    among them, domain.pact.from_footprint) write "Certificate N, label L, certified value V
    U" in English, as PACT data is; a Chinese page reads it in Chinese. Other text as sent."""
    if not comments:
        return ""
    found = _VERIFICATION.match(comments.strip())
    if found is None or not is_zh(lang):
        return comments
    out = f"证书 {found['number']}"
    if found["label"]:
        out += f"，标识 {found['label']}"
    if found["value"]:
        out += f"，认证值 {found['value']} {found['unit']}"
    return out


_GWP_TABLE = re.compile(r"IPCC (AR\d) WG1 Ch(\d+) Table ([\w.]+)")


def gwp_source(source: str | None, lang: str) -> str:
    """The tables a GWP set cites ("IPCC AR6 WG1 Ch7 Table 7.15; ...") in the page's
    language: "IPCC AR6 第一工作组报告第 7 章表 7.15；..." on a Chinese page."""
    if not source or not is_zh(lang):
        return source or ""
    text = _GWP_TABLE.sub(lambda m: f"IPCC {m[1]} 第一工作组报告第 {m[2]} 章表 {m[3]}", source)
    return text.replace(" and Table ", " 及表 ").replace("; ", "；")


def field_message(error: FieldError, lang: str) -> str:
    return error.message_zh if is_zh(lang) else error.message_en


def stage_name(stage: str, lang: str) -> str:
    try:
        return pick(STAGE_NAMES[LifeCycleStage(stage)], lang)
    except ValueError:
        return stage


def gas_category(category: str, lang: str) -> str:
    try:
        return pick(CATEGORY_NAMES[GasCategory(category)], lang)
    except ValueError:
        return category


def gas_name(gas: str, lang: str) -> str:
    zh = gas_name_zh(gas)
    return f"{zh} ({gas})" if is_zh(lang) and zh != gas else gas


def role_name(role: Role | str, lang: str) -> str:
    return pick(ROLE_NAMES[Role(role)], lang)


def job_state(state: JobState | str, lang: str) -> str:
    return pick(JOB_STATE_NAMES[JobState(state)], lang)


def kg(value: float | None) -> str:
    """kg CO2e as the CLI prints it: four significant digits, thousands grouped."""
    if value is None:
        return "–"
    if value == 0:
        return "0"
    return f"{value:,.4g}" if abs(value) < 1000 else f"{value:,.1f}"


def pct(value: float | None) -> str:
    return "–" if value is None else f"{value:.1%}"


def when(value: datetime | None) -> str:
    return "" if value is None else value.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
