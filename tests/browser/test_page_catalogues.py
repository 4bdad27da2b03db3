"""The pages' Babel catalogues: every message has a Chinese and an English translation, the
catalogues follow the sources, the compiled files follow the .po files, and templates show no
word that bypasses gettext."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from babel.util import pathmatch

from carbonlabel.web import i18n
from carbonlabel.web.pages.rendering import TEMPLATES

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = i18n.CATALOGUES
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
# Names that are the same in every language (file formats); everything else is translated.
PROPER_NAMES = {"YAML", "JSON", "CFP"}  # CFP: ISO 14067's abbreviation, in both languages


def msgid(message: str | tuple[str, ...] | list[str]) -> str:
    return message if isinstance(message, str) else message[0]


def extracted(domain: str) -> set[str]:
    """The messages of a domain's sources, found as ./dev i18n finds them (its babel map)."""
    with i18n.mapping_file(domain).open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    files = sorted(p for p in (ROOT / "src").rglob("*") if p.is_file())
    keywords = {**DEFAULT_KEYWORDS, "N_": None}
    found: set[str] = set()
    for pattern, method in method_map:
        for path in files:
            if pathmatch(pattern, path.relative_to(ROOT).as_posix()):
                for _line, message, _comments, _context in extract_from_file(
                        method, str(path), keywords=keywords,
                        options=options_map.get(pattern, {})):
                    found.add(msgid(message))
    return found


def catalogue(lang: str, domain: str) -> Catalog:
    with (CATALOGUES / lang / "LC_MESSAGES" / f"{domain}.po").open("rb") as po:
        return read_po(po)


DOMAIN_LANGS = [(d, lang) for d in i18n.domains() for lang in i18n.LANGUAGES]


def entries(catalog: Catalog) -> dict[str, tuple[str, ...]]:
    out = {}
    for m in catalog:
        if m.id:
            strings = m.string if isinstance(m.string, (tuple, list)) else (m.string,)
            out[msgid(m.id)] = tuple(strings)
    return out


@pytest.mark.parametrize("domain", i18n.domains())
def test_the_catalogues_list_exactly_the_messages_of_the_pages(domain: str) -> None:
    with (CATALOGUES / f"{domain}.pot").open("rb") as pot:
        template = set(entries(read_po(pot)))
    sources = extracted(domain)
    assert len(sources) > (100 if domain == i18n.DOMAIN else 0)
    assert sources == template, "run ./dev i18n and translate the new messages"
    for lang in i18n.LANGUAGES:
        assert set(entries(catalogue(lang, domain))) == sources, lang


@pytest.mark.parametrize(("domain", "lang"), DOMAIN_LANGS)
def test_every_message_of_the_pages_has_a_translation(domain: str, lang: str) -> None:
    catalog = catalogue(lang, domain)
    missing = [msgid(m.id) for m in catalog if m.id and not all(
        s.strip() for s in (m.string if isinstance(m.string, (tuple, list)) else (m.string,)))]
    fuzzy = [msgid(m.id) for m in catalog if m.id and m.fuzzy]
    assert missing == [], f"{lang}: untranslated"
    assert fuzzy == [], f"{lang}: fuzzy (check and clear the flag)"


@pytest.mark.parametrize(("domain", "lang"), DOMAIN_LANGS)
def test_translations_keep_the_placeholders(domain: str, lang: str) -> None:
    for message, strings in entries(catalogue(lang, domain)).items():
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) == set(PLACEHOLDER.findall(message)), message


@pytest.mark.parametrize(("domain", "lang"), DOMAIN_LANGS)
def test_the_compiled_catalogues_match_their_po_files(domain: str, lang: str) -> None:
    with (CATALOGUES / lang / "LC_MESSAGES" / f"{domain}.mo").open("rb") as mo:
        compiled = entries(read_mo(mo))
    assert compiled == entries(catalogue(lang, domain)), "run ./dev i18n to compile them"


def test_the_installed_package_finds_its_catalogues() -> None:
    assert i18n.translations("zh_CN").gettext("Sign in") == "登录"
    assert i18n.translations("en").gettext("Sign in") == "Sign in"
    assert i18n.translations("zh_CN").gettext("Top hotspots") == "主要排放热点"


class _VisibleText(HTMLParser):
    """Text a person sees: character data outside script/style, and the shown attributes."""

    SHOWN = ("placeholder", "title", "alt", "aria-label", "label")

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._hidden += 1
        self.found += [v for k, v in attrs if k in self.SHOWN and v]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.found.append(data)


@pytest.mark.parametrize("template", sorted(p.relative_to(TEMPLATES).as_posix()
                                             for p in TEMPLATES.rglob("*.html")))
def test_templates_show_no_words_outside_gettext(template: str) -> None:
    source = (TEMPLATES / template).read_text(encoding="utf-8")
    bare = re.sub(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", "", source, flags=re.DOTALL)
    parser = _VisibleText()
    parser.feed(bare)
    words = {w for text in parser.found for w in re.findall(r"[A-Za-z\u3400-\u9fff]+", text)}
    assert words - PROPER_NAMES == set()
