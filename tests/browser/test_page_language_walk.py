"""Every page a member can reach speaks the page's language (over HTTP, no browser).

Signed in as each kind of member (enterprise, certification body, regulator, operator), the
walk starts at their home and the main objects (the product, its footprint, certificate and
case) and follows the site's own links (pages, not downloads). On a Chinese page no visible
text may be an English message of the catalogues that has a Chinese translation (a string
that bypassed gettext, or was translated in the wrong language); on an English page no
visible text may be a Chinese translation from the catalogues. Visible text: text nodes and
shown attributes (tests/browser/test_page_catalogues.py's parser).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from html.parser import HTMLParser

import pytest
from babel.messages.mofile import read_mo
from fastapi.testclient import TestClient

from carbonlabel.web import i18n
from tests.browser.roles_world import RolesWorld, build, signed_in
from tests.browser.support import make_app
from tests.browser.test_page_catalogues import PROPER_NAMES, _VisibleText, msgid

CJK = re.compile(r"[\u3400-\u9fff]")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdg]|%[sd]")
#: links the walk does not follow: downloads, the API, forms' targets, sign-out
NOT_PAGES = re.compile(r"^/(api|static|signout|v/|3/|auth/)|\.(pdf|csv|xlsx|json|yaml|zip|svg"
                       r"|png)$|/download$|/export")
MAX_PAGES = 70  # per member and language: every kind of page, not every record
WALKERS = ("enterprise admin", "body admin", "regulator analyst", "operator admin")

#: English messages that are also words of the data, shown as written (the walk cannot tell
#: them from a shown msgid); each with its reason. None today.
ENGLISH_ALLOWED: frozenset[str] = frozenset()
#: Chinese translations allowed on English pages. Bilingual values (organisation and product
#: names, the official Chinese field names of the penalty template, the language switch) are
#: either data, not catalogue strings, or marked lang="zh-CN", which the walk leaves out.
CHINESE_ALLOWED: frozenset[str] = frozenset()


@cache
def catalogue_pairs() -> tuple[tuple[str, str], ...]:
    """(English msgid, Chinese translation) of every compiled message translated apart."""
    pairs = []
    for domain in i18n.domains():
        with (i18n.CATALOGUES / "zh_CN" / "LC_MESSAGES" / f"{domain}.mo").open("rb") as mo:
            for message in read_mo(mo):
                if not message.id:
                    continue
                zh = message.string if isinstance(message.string, str) else message.string[0]
                if zh and zh != msgid(message.id) and CJK.search(zh):
                    pairs.append((msgid(message.id), zh))
    return tuple(pairs)


def _pattern(message: str) -> re.Pattern[str] | None:
    """A message as it is shown (placeholders filled); None when too short to tell apart."""
    parts = PLACEHOLDER.split(message)
    if sum(len(p.strip()) for p in parts) < 4:
        return None
    return re.compile("^" + ".+?".join(re.escape(p) for p in parts) + "$", re.DOTALL)


@cache
def english_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    found = []
    for en, _zh in catalogue_pairs():
        if en in ENGLISH_ALLOWED or en in PROPER_NAMES or not re.search(r"[A-Za-z]{2}", en):
            continue
        pattern = _pattern(en)
        if pattern is not None:
            found.append((en, pattern))
    return tuple(found)


@cache
def chinese_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    found = []
    for _en, zh in catalogue_pairs():
        if zh in CHINESE_ALLOWED:
            continue
        pattern = _pattern(zh) if "%(" in zh else re.compile("^" + re.escape(zh) + "$")
        if pattern is not None:
            found.append((zh, pattern))
    return tuple(found)


def _marked(lang: str) -> re.Pattern[str]:
    """Elements marked as written in ``lang``: the language switch's other language, the
    official Chinese header of a penalty template's field beside its English name."""
    return re.compile(rf'<(span|a|abbr)\b[^>]*\blang="{lang}[^"]*"[^>]*>.*?</\1>', re.DOTALL)


def visible_text(page: str, other_lang: str = "") -> list[str]:
    """The page's visible text, less what is marked as written in ``other_lang``."""
    if other_lang:
        page = _marked(other_lang).sub("", page)
    parser = _VisibleText()
    parser.feed(page)
    return [" ".join(t.split()) for t in parser.found if t.strip()]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href") if tag == "a" else None
        if href and href.startswith("/") and not href.startswith("//"):
            self.links.append(href.split("#")[0].split("?")[0])


def links(page: str) -> list[str]:
    parser = _Links()
    parser.feed(page)
    return parser.links


def walk(client: TestClient, starts: list[str]) -> Iterator[tuple[str, str]]:
    """(path, html) of the pages reachable from ``starts`` (each path once)."""
    seen: set[str] = set()
    queue = list(starts)
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen or NOT_PAGES.search(path):
            continue
        seen.add(path)
        answer = client.get(path)
        if answer.status_code != 200 or not answer.headers.get(
                "content-type", "").startswith("text/html"):
            continue
        yield path, answer.text
        queue += [link for link in links(answer.text) if link not in seen]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RolesWorld]:
    data_dir = tmp_path_factory.mktemp("language-walk")
    app = make_app(data_dir)
    with TestClient(app):
        yield build(app, data_dir)


def starts(world: RolesWorld, home: str) -> list[str]:
    return [home, f"/products/{world.product_id}", f"/footprints/{world.footprint_id}",
            f"/certification/certificates/{world.certificate_id}",
            f"/certification/cases/{world.case_id}",
            f"/supervision/certificates/{world.certificate_id}",
            f"/supervision/certification-cases/{world.case_id}", "/account", "/product-rules"]


@pytest.mark.parametrize("who", WALKERS)
def test_a_chinese_page_shows_no_english_message_of_the_catalogues(world: RolesWorld,
                                                                   who: str) -> None:
    client, home = signed_in(world, who, "zh-CN")
    found: dict[str, set[str]] = {}
    pages = 0
    for path, page in walk(client, starts(world, home)):
        pages += 1
        for shown in visible_text(page, "en"):
            for en, pattern in english_patterns():
                if pattern.match(shown):
                    found.setdefault(en, set()).add(path)
    assert pages >= 15
    assert found == {}, f"English on Chinese pages ({pages} walked)"


@pytest.mark.parametrize("who", WALKERS)
def test_an_english_page_shows_no_chinese_message_of_the_catalogues(world: RolesWorld,
                                                                    who: str) -> None:
    client, home = signed_in(world, who, "en")
    found: dict[str, set[str]] = {}
    pages = 0
    for path, page in walk(client, starts(world, home)):
        pages += 1
        for shown in visible_text(page, "zh"):
            if not CJK.search(shown):
                continue
            for zh, pattern in chinese_patterns():
                if pattern.match(shown):
                    found.setdefault(zh, set()).add(path)
    assert pages >= 15
    assert found == {}, f"Chinese on English pages ({pages} walked)"


def test_the_walk_would_see_an_untranslated_message() -> None:
    """The check itself: a message shown in English on a Chinese page is found."""
    page = '<html><body><h1>Top hotspots</h1><p title="Sign in">x</p></body></html>'
    shown = visible_text(page)
    hits = {en for text in shown for en, pattern in english_patterns() if pattern.match(text)}
    assert hits == {"Top hotspots", "Sign in"}
