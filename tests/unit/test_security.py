"""Passwords: argon2id, verified against what was stored, whatever parameters made it."""

from __future__ import annotations

from argon2 import PasswordHasher

from carbonlabel.adapters.security import hash_password, new_token, token_hash, verify_password


def test_a_password_is_stored_as_an_argon2id_hash_that_verifies_only_itself() -> None:
    stored = hash_password("correct horse battery staple")
    assert stored.startswith("$argon2id$")
    assert "correct horse" not in stored
    assert verify_password(stored, "correct horse battery staple")
    assert not verify_password(stored, "correct horse battery stapler")


def test_a_hash_made_with_the_library_defaults_verifies() -> None:
    # production hashes use argon2's default cost; the test run hashes more cheaply
    stored = PasswordHasher().hash("s3cret-default-cost")
    assert verify_password(stored, "s3cret-default-cost")
    assert not verify_password(stored, "s3cret-other")


def test_an_unknown_user_or_a_damaged_hash_never_verifies() -> None:
    assert not verify_password(None, "carbonlabel-dummy-password")
    assert not verify_password("not a hash", "anything")


def test_api_tokens_are_random_and_stored_as_sha256() -> None:
    a, b = new_token(), new_token()
    assert a != b
    assert a.startswith("clt_")
    assert len(token_hash(a)) == 64
    assert token_hash(a) != token_hash(b)
