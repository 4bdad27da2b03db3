"""The v2 ListFootprints ``$filter``: the OData v4 subset the PACT spec (2.x) requires.

Grammar (hand-written tokenizer + recursive descent, nothing is evaluated)::

    filter     := clause ("and" clause)*
    clause     := "(" filter ")" | comparison | lambda
    comparison := property op literal
    property   := created | updated | productCategoryCpc | pcf/geographyCountry
                | pcf/referencePeriodStart | pcf/referencePeriodEnd
    op         := eq | lt | le | gt | ge
    literal    := 'quoted string' ('' escapes a quote) | bare date-time (2023-01-01T00:00:00Z)
    lambda     := (companyIds | productIds) "/any(" var ":" body ")"
    body       := "(" body ")" | var "eq" 'quoted string'

Date-time properties compare as instants (the literal must be an RFC 3339 date-time, quoted or
not); the other properties compare as strings. A property the footprint lacks (``updated``
never set, no ``geographyCountry``) makes the comparison false. ``or``, ``not``, functions and
other properties are refused with an :class:`InputError` on field ``$filter``.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from carbonlabel.domain.pact.model import ExchangeFootprint, utc
from carbonlabel.errors import InputError

Predicate = Callable[[ExchangeFootprint], bool]

_TOKEN = re.compile(r"""
    \s*(?:
      (?P<string>'(?:[^']|'')*')
    | (?P<punct>[():,])
    | (?P<datetime>\d{4}-\d{2}-\d{2}T[0-9:.]+(?:Z|[+-]\d{2}:\d{2})?)
    | (?P<word>[A-Za-z_][A-Za-z0-9_]*(?:/[A-Za-z_][A-Za-z0-9_]*)*)
    )""", re.VERBOSE)

_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": operator.eq, "lt": operator.lt, "le": operator.le, "gt": operator.gt,
    "ge": operator.ge}

_DATE_PROPS: dict[str, Callable[[ExchangeFootprint], datetime | None]] = {
    "created": lambda fp: fp.created,
    "updated": lambda fp: fp.updated,
    "pcf/referencePeriodStart": lambda fp: fp.pcf.reference_period_start,
    "pcf/referencePeriodEnd": lambda fp: fp.pcf.reference_period_end,
}
_STRING_PROPS: dict[str, Callable[[ExchangeFootprint], str | None]] = {
    "productCategoryCpc": lambda fp: fp.product_category_cpc,
    "pcf/geographyCountry": lambda fp: fp.pcf.geography_country,
}
_LAMBDAS: dict[str, Callable[[ExchangeFootprint], tuple[str, ...]]] = {
    "companyIds/any": lambda fp: fp.company_ids,
    "productIds/any": lambda fp: fp.product_ids,
}


def _refuse(en: str, zh: str) -> InputError:
    return InputError(field="$filter", message_en=f"unsupported $filter: {en}",
                      message_zh=f"不支持的 $filter 表达式：{zh}")


def _tokenize(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            bad = text[pos:].strip()[:20]
            raise _refuse(f"unexpected text at position {pos}: {bad!r}",
                          f"第 {pos} 个字符处无法识别：{bad!r}")
        kind = m.lastgroup or ""
        tokens.append((kind, m.group(kind)))
        pos = m.end()
    return tokens


def _parse_datetime(text: str) -> datetime:
    try:
        return utc(datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        raise _refuse(f"{text!r} is not a date-time", f"{text!r} 不是日期时间") from None


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.i = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self, kind: str | None = None, value: str | None = None) -> tuple[str, str]:
        tok = self.peek()
        if tok is None:
            raise _refuse("the expression ends too early", "表达式不完整")
        if (kind is not None and tok[0] != kind) or (value is not None and tok[1] != value):
            want = value or kind
            raise _refuse(f"expected {want!r}, found {tok[1]!r}",
                          f"此处应为 {want!r}，实际为 {tok[1]!r}")
        self.i += 1
        return tok

    def filter(self) -> Predicate:
        clauses = [self.clause()]
        while (tok := self.peek()) is not None and tok == ("word", "and"):
            self.i += 1
            clauses.append(self.clause())
        return lambda fp: all(c(fp) for c in clauses)

    def clause(self) -> Predicate:
        tok = self.take()
        if tok == ("punct", "("):
            inner = self.filter()
            self.take("punct", ")")
            return inner
        if tok[0] != "word":
            raise _refuse(f"expected a property, found {tok[1]!r}",
                          f"此处应为属性名，实际为 {tok[1]!r}")
        name = tok[1]
        if name in _LAMBDAS:
            return self.lambda_(_LAMBDAS[name])
        if name not in _DATE_PROPS and name not in _STRING_PROPS:
            raise _refuse(f"property {name!r} cannot be filtered on",
                          f"属性 {name!r} 不能用于筛选")
        op_tok = self.take("word")
        op = _OPS.get(op_tok[1])
        if op is None:
            raise _refuse(f"operator {op_tok[1]!r} (allowed: eq lt le gt ge)",
                          f"运算符 {op_tok[1]!r}（只允许 eq lt le gt ge）")
        lit = self.take()
        if lit[0] == "string":
            literal = lit[1][1:-1].replace("''", "'")
        elif lit[0] == "datetime":
            literal = lit[1]
        else:
            raise _refuse(f"expected a literal, found {lit[1]!r}",
                          f"此处应为字面值，实际为 {lit[1]!r}")
        if name in _DATE_PROPS:
            get_date = _DATE_PROPS[name]
            when = _parse_datetime(literal)

            def date_cmp(fp: ExchangeFootprint) -> bool:
                value = get_date(fp)
                return value is not None and op(utc(value), when)
            return date_cmp
        get_str = _STRING_PROPS[name]

        def str_cmp(fp: ExchangeFootprint) -> bool:
            value = get_str(fp)
            return value is not None and op(value, literal)
        return str_cmp

    def lambda_(self, values: Callable[[ExchangeFootprint], tuple[str, ...]]) -> Predicate:
        self.take("punct", "(")
        var = self.take("word")[1]
        self.take("punct", ":")
        wanted = self.lambda_body(var)
        self.take("punct", ")")
        return lambda fp: wanted in values(fp)

    def lambda_body(self, var: str) -> str:
        if self.peek() == ("punct", "("):
            self.i += 1
            inner = self.lambda_body(var)
            self.take("punct", ")")
            return inner
        self.take("word", var)
        self.take("word", "eq")
        lit = self.take("string")[1]
        return lit[1:-1].replace("''", "'")


def parse_odata_filter(text: str) -> Callable[[ExchangeFootprint], bool]:
    """A predicate for a v2 ``$filter`` value; :class:`InputError` (field ``$filter``) if the
    expression is outside the spec's subset."""
    tokens = _tokenize(text)
    if not tokens:
        raise _refuse("empty expression", "表达式为空")
    parser = _Parser(tokens)
    predicate = parser.filter()
    if parser.peek() is not None:
        rest = parser.peek()
        assert rest is not None
        raise _refuse(f"unexpected {rest[1]!r} (only 'and' joins conditions)",
                      f"多余的 {rest[1]!r}（条件之间只能用 and 连接）")
    return predicate
