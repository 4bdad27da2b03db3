"""An exported audit head read back in either form, and where the audit key comes from."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from carbonlabel.adapters.audit_key import AuditKeyError, load_audit_key
from carbonlabel.domain.audit import AuditHead
from carbonlabel.domain.audit_anchor import ExportedHead, parse_anchor
from carbonlabel.errors import InputError

HEAD = ExportedHead(AuditHead(42, "ab" * 32, 7, "cd" * 32),
                    datetime(2026, 12, 1, 8, 0, tzinfo=UTC))


@pytest.mark.parametrize("form", ["json", "line"])
def test_an_exported_head_reads_back_as_the_anchor_it_was(form: str) -> None:
    text = json.dumps(HEAD.as_dict()) if form == "json" else HEAD.line()
    assert parse_anchor(f"  {text}\n") == AuditHead(42, "ab" * 32, 7, "cd" * 32)


def test_an_anchor_needs_only_seq_and_hash() -> None:
    assert parse_anchor('{"seq": 3, "hash": "' + "0" * 64 + '"}') == AuditHead(3, "0" * 64)


@pytest.mark.parametrize("text", [
    "", "seq=1", "[1, 2]", '{"seq": 0, "hash": "' + "a" * 64 + '"}',
    '{"seq": true, "hash": "' + "a" * 64 + '"}', '{"seq": 1, "hash": "ABC"}',
    f"carbonlabel-audit-head seq=1 hash={'a' * 64} mac=zz",
    f"carbonlabel-audit-head seq=x hash={'a' * 64}",
])
def test_a_malformed_anchor_is_refused_naming_the_option(text: str) -> None:
    with pytest.raises(InputError) as refused:
        parse_anchor(text)
    assert refused.value.field == "--anchor"


def test_the_audit_key_file_is_made_once_and_read_back(tmp_path: Path) -> None:
    first = load_audit_key(tmp_path / "audit-keys")
    assert len(first) == 32
    assert load_audit_key(tmp_path / "audit-keys") == first
    assert [p.name for p in (tmp_path / "audit-keys").iterdir()] == ["audit.key"]


def test_a_key_from_the_setting_is_used_and_no_file_is_made(tmp_path: Path) -> None:
    key = bytes(range(32))
    assert load_audit_key(tmp_path / "audit-keys", base64.b64encode(key).decode()) == key
    assert not (tmp_path / "audit-keys").exists()


@pytest.mark.parametrize("setting", ["not base64!", base64.b64encode(b"short").decode(),
                                     base64.b64encode(bytes(33)).decode()])
def test_a_malformed_audit_key_setting_is_refused(tmp_path: Path, setting: str) -> None:
    with pytest.raises(AuditKeyError) as refused:
        load_audit_key(tmp_path, setting)
    assert refused.value.field == "CARBONLABEL_AUDIT_KEY"
