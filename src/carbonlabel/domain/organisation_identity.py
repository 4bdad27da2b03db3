"""An organisation's identity: the unified social credit code (统一社会信用代码,
GB 32100-2015) and production sites.

The code has 18 characters: registration authority (1), organisation category (1), division
code (6), organisation code (9, of which the last is its own GB 11714 check), and a check
character computed over the first 17 with weights 3^(i-1) mod 31 over a 31-character set
(digits and the capital letters without I, O, Z, S and V).
"""

from __future__ import annotations

from dataclasses import dataclass

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = tuple(pow(3, i, 31) for i in range(17))  # 1, 3, 9, 27, 19, 26, 16, ...
LENGTH = 18


def check_character(first17: str) -> str:
    """GB 32100-2015 §5: C18 = 31 - (Σ Ci·Wi mod 31), 31 giving 0."""
    if len(first17) != 17 or any(c not in CHARSET for c in first17):
        raise ValueError("17 characters of the code set are needed")
    remainder = 31 - sum(CHARSET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True)) % 31
    return CHARSET[0 if remainder == 31 else remainder]


def credit_code_problem(code: str) -> tuple[str, str] | None:
    """(zh, en) of what is wrong with a unified social credit code, or None if it is valid."""
    if len(code) != LENGTH:
        return ("统一社会信用代码须为 18 位", "a unified social credit code has 18 characters")
    bad = [c for c in code if c not in CHARSET]
    if bad:
        return (f"统一社会信用代码含有不允许的字符「{bad[0]}」(不使用 I、O、Z、S、V)",
                f"the character '{bad[0]}' is not allowed (I, O, Z, S and V are not used)")
    if check_character(code[:17]) != code[17]:
        return ("统一社会信用代码校验码不正确", "the check character of the credit code is wrong")
    return None


def normalise_credit_code(text: str) -> str:
    return text.strip().upper()


@dataclass(frozen=True)
class ProductionSite:
    id: str
    organisation_id: str
    name: str
    address: str
    region: str  # administrative division code, e.g. "CN-GD" or "440300"
