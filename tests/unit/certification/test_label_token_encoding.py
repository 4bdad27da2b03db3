"""Attack 8 of issue 12: other spellings of a genuine label token.

A token is two base64url fields without padding. Base64 decoders forgive a lot (padding,
the ``+/`` alphabet, characters outside the alphabet, whitespace), so several spellings decode
to the same signed bytes; each would verify while the scan log's digest differs from the
label's. Only the one canonical spelling is genuine.
"""

from __future__ import annotations

import base64
from datetime import date

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from carbonlabel.adapters.label_keys import sign_label, verify_signature
from carbonlabel.domain.certification.label import LabelPayload, split_token

KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
PAYLOAD = LabelPayload(kid="k1", certificate="CL-2026-000001-00", value="43.1",
                       unit="kg CO2e / 1 kWh", issued=date(2026, 1, 5),
                       expires=date(2029, 1, 4))


def genuine_token() -> str:
    return sign_label(PAYLOAD, KEY)


def standard_alphabet(token: str) -> str:
    """The same bytes in the ``+/`` alphabet (a token whose fields contain ``-`` or ``_``)."""
    return token.replace("-", "+").replace("_", "/")


def padded(token: str) -> str:
    return ".".join(part + "=" * (-len(part) % 4) for part in token.split("."))


def test_the_genuine_token_verifies() -> None:
    assert verify_signature(genuine_token(), {"k1": KEY.public_key()}) == PAYLOAD


def test_padded_token_is_not_genuine() -> None:
    token = genuine_token()
    assert padded(token) != token  # 64-byte signature: 86 characters, needs "=="
    assert verify_signature(padded(token), {"k1": KEY.public_key()}) is None


def test_standard_alphabet_token_is_not_genuine() -> None:
    # find a signed payload whose encoding holds '-' or '_', so the '+/' spelling differs
    for n in range(200):
        token = sign_label(PAYLOAD.__class__(**{**PAYLOAD.__dict__, "value": f"{n}.5"}), KEY)
        if "-" in token or "_" in token:
            break
    else:
        pytest.fail("no token with '-' or '_' among 200")
    other = standard_alphabet(token)
    assert other != token
    assert base64.b64decode(padded(other).split(".")[1]) == base64.urlsafe_b64decode(
        padded(token).split(".")[1])  # the same signature bytes
    assert verify_signature(other, {"k1": KEY.public_key()}) is None


@pytest.mark.parametrize("inserted", ["!!!!", "    ", "\n\n\n\n", "\t \r\n", "*~$%", "=="])
def test_token_with_inserted_characters_is_not_genuine(inserted: str) -> None:
    # four characters keep the padding arithmetic, so a lenient decoder drops them silently
    payload, signature = genuine_token().split(".")
    for token in (f"{payload[:10]}{inserted}{payload[10:]}.{signature}",
                  f"{payload}.{signature[:20]}{inserted}{signature[20:]}"):
        assert split_token(token) is None, repr(token)


def test_non_canonical_trailing_bits_are_not_genuine() -> None:
    # the last character of an 86-char field carries 2 unused bits; changing them keeps
    # the decoded bytes but changes the text
    payload, signature = genuine_token().split(".")
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    last = alphabet.index(signature[-1])
    other = f"{payload}.{signature[:-1]}{alphabet[last ^ 1]}"
    assert base64.urlsafe_b64decode(other.split(".")[1] + "==") == base64.urlsafe_b64decode(
        signature + "==")
    assert verify_signature(other, {"k1": KEY.public_key()}) is None


@pytest.mark.parametrize("around", [" ", "\n", "\t"])
def test_token_with_surrounding_whitespace_is_not_genuine(around: str) -> None:
    token = genuine_token()
    assert split_token(token) is not None
    assert split_token(f"{around}{token}") is None
    assert split_token(f"{token}{around}") is None
