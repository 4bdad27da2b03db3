"""What a new password must be (NIST SP 800-63B §5.1.1.2): long enough, not too long, not a
common password, not the account's own e-mail or name, not one character or a run of
consecutive characters. No rules of composition (a digit, a capital): they make passwords
harder to remember, not to guess.

Each rule that refuses says which one it is (``code``), in Chinese and English.
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from itertools import pairwise

MIN_PASSWORD = 10
#: argon2 hashes any length; the cap keeps one sign-in from costing much to hash
MAX_PASSWORD = 1000
#: a name or e-mail part shorter than this is not looked for inside a password
MIN_CONTAINED = 4


@dataclass(frozen=True)
class PasswordProblem:
    code: str
    message_en: str
    message_zh: str


def _repeats_one_character(password: str) -> bool:
    return len(set(password)) == 1


def _is_sequence(password: str) -> bool:
    """Consecutive characters up or down: ``1234567890``, ``abcdefghij``, ``9876543210``
    (the digit row's ``0`` after ``9`` counts as the next one)."""
    steps = {_step(a, b) for a, b in pairwise(password)}
    return steps in ({1}, {-1})


def _step(a: str, b: str) -> int:
    if (a, b) == ("9", "0"):
        return 1
    if (a, b) == ("0", "9"):
        return -1
    a, b = a.casefold(), b.casefold()
    # a letter that folds to two (ß to ss) is in no run
    return ord(b) - ord(a) if len(a) == len(b) == 1 else 0


def _personal(password: str, email: str, display_name: str) -> bool:
    """The password is the e-mail, its local part or the display name, or has one of them
    inside (case and spaces aside)."""
    folded = "".join(password.casefold().split())
    local = email.partition("@")[0]
    for part in (email, local, display_name):
        part = "".join(part.casefold().split())
        if part and (folded == part or (len(part) >= MIN_CONTAINED and part in folded)):
            return True
    return False


def password_problem(password: str, *, email: str = "", display_name: str = "",
                     common: Container[str] = frozenset()) -> PasswordProblem | None:
    """The first rule ``password`` breaks, or None. ``common``: known common passwords,
    lower-case."""
    if len(password) < MIN_PASSWORD:
        return PasswordProblem("too_short", f"password must have at least {MIN_PASSWORD} "
                               "characters", f"密码至少需要 {MIN_PASSWORD} 个字符")
    if len(password) > MAX_PASSWORD:
        return PasswordProblem("too_long", f"password must have at most {MAX_PASSWORD} "
                               "characters", f"密码最多 {MAX_PASSWORD} 个字符")
    if _repeats_one_character(password):
        return PasswordProblem("repeated", "password must not be one character repeated",
                               "密码不能是同一个字符的重复")
    if _is_sequence(password):
        return PasswordProblem("sequence", "password must not be a run of consecutive "
                               "characters (such as 1234567890 or abcdefghij)",
                               "密码不能是连续的字符（如 1234567890 或 abcdefghij）")
    if _personal(password, email, display_name):
        return PasswordProblem("personal", "password must not be or contain the e-mail "
                               "address or the name of the account",
                               "密码不能是或包含账号的电子邮件地址或姓名")
    if password.casefold() in common:
        return PasswordProblem("common", "password is on the list of commonly used "
                               "passwords", "该密码属于常用密码")
    return None
