"""Amounts of penalty records: 万元 as exact decimals with at most 6 places (one yuan is
0.0001 万元), never floats, below 10^9 万元."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from carbonlabel.errors import InputError

MAX_PLACES = 6
#: below 10^9 万元, an amount has at most 15 significant digits: exact in a spreadsheet's number
MAX_AMOUNT = Decimal("1e9")


def parse_amount(text: str | Decimal | None, what: str) -> Decimal | None:
    """An amount in 万元: a non-negative decimal with at most 6 places (floats are refused:
    they are not exact); None when empty."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    if isinstance(text, float):
        raise InputError(field=what, message_en="give the amount as a decimal, not a float",
                         message_zh="金额须为十进制数")
    try:
        value = Decimal(text.strip().replace(",", "") if isinstance(text, str) else text)
    except InvalidOperation:
        raise InputError(field=what, message_en="the amount is not a number",
                         message_zh="金额不是数字") from None
    if not value.is_finite() or value < 0:
        raise InputError(field=what, message_en="the amount must be zero or more",
                         message_zh="金额不能为负数")
    exponent = value.normalize().as_tuple().exponent
    assert isinstance(exponent, int)
    if -exponent > MAX_PLACES:
        raise InputError(field=what, message_en="at most 6 decimal places in 万元 (one yuan "
                                                "is 0.0001)",
                         message_zh="金额（万元）最多保留 6 位小数")
    if value >= MAX_AMOUNT:
        raise InputError(field=what, message_en="the amount is too large",
                         message_zh="金额过大")
    return value


def amount_text(value: Decimal | None) -> str:
    """The canonical decimal text of an amount (no exponent, no trailing zeros)."""
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text
