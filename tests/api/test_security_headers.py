"""Attack 9 of issue 12: HTML pages sent no Content-Security-Policy or frame-ancestors, so
another site could frame the sign-in page (clickjacking) and nothing limited where scripts
come from. Every page now says: scripts, styles and images from the platform only, never in a
frame, no referrer beyond the origin, no content sniffing.
"""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from tests.api.conftest import build_app

PAGES = ("/signin", "/registry", "/v/not-a-token")


def directives(policy: str) -> dict[str, str]:
    return {d.strip().split(" ", 1)[0]: d.strip().partition(" ")[2]
            for d in policy.split(";") if d.strip()}


def test_pages_send_csp_and_frame_ancestors_headers(tmp_path: Path) -> None:
    app = build_app(f"sqlite:///{tmp_path / 'h.db'}", tmp_path)
    with TestClient(app) as client:
        for url in PAGES:
            answer = client.get(url)
            assert answer.headers["content-type"].startswith("text/html"), url
            policy = directives(answer.headers["content-security-policy"])
            assert policy["frame-ancestors"] == "'none'", url
            assert policy["default-src"] == "'self'", url
            assert policy["script-src"] == "'self'", url  # no inline script, no CDN
            assert policy["object-src"] == "'none'", url
            assert answer.headers["x-frame-options"] == "DENY", url
            # the registry's pages carry label tokens in their path: they send no referrer
            assert answer.headers["referrer-policy"] == (
                "strict-origin-when-cross-origin" if url == "/signin" else "no-referrer"), url
            assert answer.headers["x-content-type-options"] == "nosniff", url


def test_api_answers_are_not_sniffed(tmp_path: Path) -> None:
    app = build_app(f"sqlite:///{tmp_path / 'h.db'}", tmp_path)
    with TestClient(app) as client:
        answer = client.get("/api/v1/registry/keys")
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert "content-security-policy" not in answer.headers  # JSON: no page to protect
