"""Shared pieces of the PACT JSON codecs: errors, decimals, timestamps, a field reader.

The reader walks a parsed JSON document, converts values and collects every problem as a
:class:`FieldError` with its path (``pcf.fossilGhgEmissions``, ``companyIds[1]``) instead of
stopping at the first; :meth:`Reader.raise_if_errors` raises one :class:`PactFormatError`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Literal

from carbonlabel.errors import DataFormatError, FieldError

Sign = Literal["any", ">=0", "<=0", ">0"]

_DECIMAL = re.compile(r"^[+-]?\d+(\.\d+)?$")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_URN = re.compile(r"^[uU][rR][nN]:[A-Za-z0-9][A-Za-z0-9-]{0,31}:\S+$")
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
COUNTRY = re.compile(r"^[A-Z]{2}$")
SUBDIVISION = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")


class PactFormatError(DataFormatError):
    """A PACT document is malformed; ``errors`` lists every field problem, ``field`` the first."""

    def __init__(self, errors: Sequence[FieldError]) -> None:
        first = errors[0]
        more_en = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        more_zh = f"（另有 {len(errors) - 1} 个错误）" if len(errors) > 1 else ""
        super().__init__(field=first.field, message_en=first.message_en + more_en,
                         message_zh=first.message_zh + more_zh)
        self._errors = tuple(errors)

    @property
    def errors(self) -> tuple[FieldError, ...]:
        return self._errors


class NotRepresentableError(DataFormatError):
    """A footprint cannot be written in the requested spec version without inventing data."""

    code = "pact_not_representable"


def render_decimal(value: Decimal) -> str:
    """A decimal string matching ``^[+-]?\\d+(\\.\\d+)?$`` (no exponent)."""
    text = format(value, "f")
    return text[:-1] if text.endswith(".") else text


def render_number(value: Decimal) -> int | float:
    """A JSON number, for the few v2 fields typed ``number`` (percentages and DQRs)."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def render_time(moment: datetime) -> str:
    """RFC 3339 in UTC with ``Z``; fractional seconds only when present."""
    aware = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    if aware.microsecond:
        return aware.strftime("%Y-%m-%dT%H:%M:%S.%f").rstrip("0") + "Z"
    return aware.strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(text: str) -> datetime | None:
    """An aware UTC datetime for an RFC 3339 timestamp, None if it is not one."""
    if not _TIMESTAMP.match(text):
        return None
    try:
        return datetime.fromisoformat(text.upper().replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        return None


def is_uuid(text: object) -> bool:
    return isinstance(text, str) and bool(_UUID.match(text))


def is_urn(text: object) -> bool:
    return isinstance(text, str) and bool(_URN.match(text))


_SIGN_TEXT: dict[Sign, tuple[str, str]] = {
    ">=0": ("must not be negative", "不能为负数"),
    "<=0": ("must be zero or negative", "必须为零或负数"),
    ">0": ("must be greater than zero", "必须大于零"),
}


class Reader:
    """Reads typed values out of JSON objects, collecting the problems."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def fail(self, path: str, en: str, zh: str) -> None:
        self.errors.append(FieldError(path, "invalid_data", en, zh))

    def raise_if_errors(self) -> None:
        if self.errors:
            raise PactFormatError(self.errors)

    def obj(self, value: object, path: str) -> Mapping[str, object] | None:
        if isinstance(value, Mapping):
            return value
        self.fail(path, "must be a JSON object", "必须是 JSON 对象")
        return None

    def missing(self, path: str) -> None:
        self.fail(path, "is required", "缺少必填字段")

    def string(self, o: Mapping[str, object], key: str, path: str, *, required: bool = False,
               non_empty: bool = False) -> str | None:
        p = f"{path}.{key}" if path else key
        if key not in o:
            if required:
                self.missing(p)
            return None
        v = o[key]
        if not isinstance(v, str):
            self.fail(p, "must be a string", "必须是字符串")
            return None
        if non_empty and not v:
            self.fail(p, "must not be empty", "不能为空")
        return v

    def boolean(self, o: Mapping[str, object], key: str, path: str, *,
                required: bool = False) -> bool | None:
        p = f"{path}.{key}" if path else key
        if key not in o:
            if required:
                self.missing(p)
            return None
        v = o[key]
        if not isinstance(v, bool):
            self.fail(p, "must be true or false", "必须是 true 或 false")
            return None
        return v

    def enum(self, o: Mapping[str, object], key: str, path: str, allowed: frozenset[str] |
             Sequence[str], *, required: bool = False) -> str | None:
        v = self.string(o, key, path, required=required)
        if v is not None and v not in allowed:
            p = f"{path}.{key}" if path else key
            self.fail(p, f"unknown value {v!r} (allowed: {', '.join(sorted(allowed))})",
                      f"未知取值 {v!r}（允许：{'、'.join(sorted(allowed))}）")
            return None
        return v

    def decimal(self, o: Mapping[str, object], key: str, path: str, *, sign: Sign = "any",
                required: bool = False, number: bool = False,
                bounds: tuple[Decimal, Decimal] | None = None) -> Decimal | None:
        """A decimal string (``number=False``) or a JSON number (``number=True``, v2 only)."""
        p = f"{path}.{key}" if path else key
        if key not in o:
            if required:
                self.missing(p)
            return None
        v = o[key]
        value: Decimal | None = None
        if number:
            if isinstance(v, bool) or not isinstance(v, int | float | Decimal):
                self.fail(p, "must be a JSON number", "必须是 JSON 数值")
                return None
            try:
                value = v if isinstance(v, Decimal) else Decimal(repr(v))
            except InvalidOperation:
                value = None
            if value is None or not value.is_finite():
                self.fail(p, "must be a finite number", "必须是有限数值")
                return None
        else:
            if not isinstance(v, str) or not _DECIMAL.match(v):
                self.fail(p, f"must be a decimal string such as \"1.25\", not {v!r}",
                          f"必须是十进制数字字符串（如 \"1.25\"），而不是 {v!r}")
                return None
            value = Decimal(v)
        if not math.isfinite(float(value)):  # "1" and 400 zeros: matches, no double holds it
            self.fail(p, "must be a finite number within the range of a double",
                      "必须是双精度浮点数范围内的有限数值")
            return None
        bad = ((sign == ">=0" and value < 0) or (sign == "<=0" and value > 0)
               or (sign == ">0" and value <= 0))
        if sign != "any" and bad:
            en, zh = _SIGN_TEXT[sign]
            self.fail(p, f"{en} ({v})", f"{zh}（{v}）")
            return None
        if bounds is not None and not bounds[0] <= value <= bounds[1]:
            self.fail(p, f"must be between {bounds[0]} and {bounds[1]}",
                      f"必须介于 {bounds[0]} 与 {bounds[1]} 之间")
            return None
        return value

    def time(self, o: Mapping[str, object], key: str, path: str, *,
             required: bool = False) -> datetime | None:
        s = self.string(o, key, path, required=required)
        if s is None:
            return None
        t = parse_time(s)
        if t is None:
            p = f"{path}.{key}" if path else key
            self.fail(p, f"must be an RFC 3339 date-time with a time zone, not {s!r}",
                      f"必须是带时区的 RFC 3339 日期时间，而不是 {s!r}")
        return t

    def strings(self, o: Mapping[str, object], key: str, path: str, *, required: bool = False,
                kind: Literal["any", "urn", "uuid", "ar"] = "any",
                non_empty_items: bool = False) -> tuple[str, ...]:
        """A non-empty array of unique strings (the spec's ``minItems: 1, uniqueItems``)."""
        p = f"{path}.{key}" if path else key
        if key not in o:
            if required:
                self.missing(p)
            return ()
        v = o[key]
        if not isinstance(v, list):
            self.fail(p, "must be an array", "必须是数组")
            return ()
        if not v:
            self.fail(p, "must not be empty", "不能为空数组")
        out: list[str] = []
        for i, item in enumerate(v):
            ip = f"{p}[{i}]"
            if not isinstance(item, str):
                self.fail(ip, "must be a string", "必须是字符串")
                continue
            if kind == "urn" and not is_urn(item):
                self.fail(ip, f"must be a URN (urn:<nid>:<nss>), not {item!r}",
                          f"必须是 URN（urn:<命名空间>:<标识>），而不是 {item!r}")
            elif kind == "uuid" and not is_uuid(item):
                self.fail(ip, f"must be a UUID, not {item!r}", f"必须是 UUID，而不是 {item!r}")
            elif kind == "ar" and not re.match(r"^AR\d+$", item):
                self.fail(ip, f"must be an IPCC report such as AR6, not {item!r}",
                          f"必须是 IPCC 评估报告编号（如 AR6），而不是 {item!r}")
            elif non_empty_items and not item:
                self.fail(ip, "must not be empty", "不能为空")
            if item in out:
                self.fail(ip, f"duplicated entry {item!r}", f"重复的条目 {item!r}")
                continue
            out.append(item)
        return tuple(out)

    def geography(self, o: Mapping[str, object], path: str, regions: frozenset[str]
                  ) -> tuple[str | None, str | None, str | None]:
        region = self.enum(o, "geographyRegionOrSubregion", path, regions)
        country = self.string(o, "geographyCountry", path)
        if country is not None and not COUNTRY.match(country):
            self.fail(f"{path}.geographyCountry",
                      f"must be an ISO 3166-1 alpha-2 code such as CN, not {country!r}",
                      f"必须是 ISO 3166-1 二位字母代码（如 CN），而不是 {country!r}")
            country = None
        sub = self.string(o, "geographyCountrySubdivision", path)
        if sub is not None and not SUBDIVISION.match(sub):
            self.fail(f"{path}.geographyCountrySubdivision",
                      f"must be an ISO 3166-2 code such as CN-JS, not {sub!r}",
                      f"必须是 ISO 3166-2 代码（如 CN-JS），而不是 {sub!r}")
            sub = None
        return region, country, sub
