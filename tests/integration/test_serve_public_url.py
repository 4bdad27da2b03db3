"""Issue 12, attack 6 at the command line: outside development (a platform answering on this
machine only) ``serve`` needs the public base URL its labels and links carry, and says so
before anything is created or served."""

from __future__ import annotations

from pathlib import Path

import pytest

from carbonlabel.cli.app import main
from carbonlabel.cli.platform import check_public_url
from carbonlabel.errors import InputError


def test_host_header_poisoning_serving_beyond_this_machine_needs_public_url(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CARBONLABEL_PUBLIC_URL", raising=False)
    data = tmp_path / "data"
    assert main(["serve", "--host", "0.0.0.0", "--data-dir", str(data)]) == 2
    err = capsys.readouterr().err
    assert "public_url" in err
    assert "--public-url" in err
    assert not data.exists()  # refused before a database was made


@pytest.mark.parametrize("url", ["ftp://cfp.example.cn", "cfp.example.cn",
                                 "https://cfp.example.cn/?x=1"])
def test_a_public_url_that_is_no_base_url_is_refused(url: str) -> None:
    with pytest.raises(InputError) as refused:
        check_public_url(url, "0.0.0.0", None)
    assert refused.value.field == "public_url"


def test_loopback_serving_is_development_and_needs_no_public_url() -> None:
    for host in ("127.0.0.1", "localhost", "::1"):
        check_public_url(None, host, None)
    check_public_url("https://cfp.example.cn", "0.0.0.0", None)
