"""Languages of the web pages: the Babel catalogues beside this file and how a request picks one.

Chinese (zh_CN) first, English (en) switchable: ``?lang=`` wins (and is remembered in a
cookie), then the cookie, then the browser's Accept-Language, then Chinese. The workflow that
updates the catalogues (extract, update, compile) is ``./dev i18n``; docs/web.md explains it.
"""

from __future__ import annotations

import gettext
from functools import cache
from pathlib import Path

CATALOGUES = Path(__file__).resolve().parent
DOMAIN = "messages"
#: Message domains: "messages" (the platform's pages), "registry" (the public registry and
#: label verification), "certification" (certification pages), "exchange" (partners, supplier
#: requests and received footprints), "sharing" (data classification, export approvals and
#: inventory grants), "supervision" (the regulator's pages), "procurement" (rankings and
#: procurement criteria), "evidence" (green-finance evidence for banks). Each has its own
#: catalogues and extraction map (``babel.cfg``, ``babel-<domain>.cfg``), so that parts of
#: the site can be translated independently; a page sees all of them.
DOMAINS: tuple[str, ...] = ("messages", "registry", "certification", "exchange", "sharing",
                             "supervision", "procurement", "evidence")
LANGUAGES: tuple[str, ...] = ("zh_CN", "en")
DEFAULT = "zh_CN"
HTML_LANG = {"zh_CN": "zh-CN", "en": "en"}
COOKIE = "carbonlabel_lang"
ENDONYMS = {"zh_CN": "中文", "en": "English"}  # each language named in itself, never translated


def mapping_file(domain: str) -> Path:
    return CATALOGUES / ("babel.cfg" if domain == DOMAIN else f"babel-{domain}.cfg")


def domains() -> tuple[str, ...]:
    """The domains that have an extraction map (a domain starts to exist with its map)."""
    return tuple(d for d in DOMAINS if mapping_file(d).is_file())


@cache
def translations(lang: str) -> gettext.GNUTranslations:
    """The compiled catalogues of a language, the main domain first and the others behind it
    (raises if the main one is missing: a broken install)."""
    found = gettext.translation(DOMAIN, str(CATALOGUES), languages=[lang], fallback=False)
    assert isinstance(found, gettext.GNUTranslations)
    for domain in domains()[1:]:
        more = gettext.translation(domain, str(CATALOGUES), languages=[lang], fallback=True)
        if isinstance(more, gettext.GNUTranslations):
            found.add_fallback(more)
    return found


def normalise(tag: str | None) -> str | None:
    """A supported language for a tag such as ``zh-CN``, ``zh_Hans``, ``en-GB``, or None."""
    if not tag:
        return None
    base = tag.strip().replace("-", "_").split("_")[0].lower()
    return {"zh": "zh_CN", "en": "en"}.get(base)


def from_accept_language(header: str | None) -> str | None:
    """The supported language the browser prefers most (q-values honoured)."""
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate((header or "").split(",")):
        tag, _, params = part.partition(";")
        quality = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                quality = float(params[2:])
            except ValueError:
                quality = 0.0
        lang = normalise(tag)
        if lang is not None and quality > 0:
            ranked.append((-quality, position, lang))
    return min(ranked)[2] if ranked else None


def negotiate(query: str | None, cookie: str | None, accept_language: str | None) -> str:
    return (normalise(query) or normalise(cookie) or from_accept_language(accept_language)
            or DEFAULT)
