"""The list of common passwords new passwords are checked against: the 30,000 most frequent
passwords of leaked sets that zxcvbn (MIT) ships (``FREQUENCY_LISTS["passwords"]``), read
once when first needed."""

from __future__ import annotations

from functools import cache


@cache
def common_passwords() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS  # 1.7 MB of lists: only when needed

    return frozenset(word.casefold() for word in FREQUENCY_LISTS["passwords"])
