"""Words of the registry's pages in the request's language: verdicts, statuses, boundaries,
regions; and the page renderer.

The registry's pages are public: they are rendered without a session (no cookie is set on a
visitor who scans a label, and no CSRF token is needed: nothing here changes data), unlike the
signed-in pages' ``rendering.render``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup

from carbonlabel.domain.certification.certificate import CertificateStatus
from carbonlabel.domain.certification.label import Verdict
from carbonlabel.domain.certification.registry import RegisteredProduct, RegistryEntry
from carbonlabel.domain.geography import PROVINCES, geography_name
from carbonlabel.web import i18n
from carbonlabel.web.pages import text
from carbonlabel.web.pages.rendering import LANG_COOKIE_AGE, N_, environment, language

VERDICT_TITLES: dict[Verdict, str] = {
    Verdict.VALID: N_("Valid"),
    Verdict.SUSPENDED: N_("Suspended"),
    Verdict.WITHDRAWN: N_("Withdrawn"),
    Verdict.CANCELLED: N_("Cancelled"),
    Verdict.EXPIRED: N_("Expired"),
    Verdict.NOT_GENUINE: N_("Not genuine"),
}
VERDICT_TEXTS: dict[Verdict, str] = {
    Verdict.VALID: N_("This label is genuine and its certificate is valid."),
    Verdict.SUSPENDED: N_("This label is genuine, but its certificate is suspended: the label "
                          "may not be relied on while the suspension lasts."),
    Verdict.WITHDRAWN: N_("This label is genuine, but its certificate has been withdrawn: the "
                          "label is no longer valid."),
    Verdict.CANCELLED: N_("This label is genuine, but its certificate has been cancelled: the "
                          "label is no longer valid."),
    Verdict.EXPIRED: N_("This label is genuine, but its certificate has expired: the label is "
                        "no longer valid."),
    Verdict.NOT_GENUINE: N_("This label or code is not genuine: it is not in the registry, or "
                            "what it states was altered. Do not rely on it; please report it "
                            "to the certification body or the market regulator."),
}
#: a typed number whose check digits do not add up is a typing mistake, not a forgery
TYPO_TITLE = N_("Probably a typing mistake")
TYPO_TEXT = N_("The code's check digits do not add up: probably a typing mistake. Check the "
               "code on the label and type it again.")
#: a sign beside the word, so that the verdict reads at a glance (not a word: no translation)
VERDICT_MARKS: dict[Verdict, str] = {
    Verdict.VALID: "✓", Verdict.SUSPENDED: "‖", Verdict.WITHDRAWN: "✕",
    Verdict.CANCELLED: "⊘", Verdict.EXPIRED: "⌛", Verdict.NOT_GENUINE: "✕",
}
STATUS_TITLES: dict[CertificateStatus, str] = {
    CertificateStatus(v.value): title for v, title in VERDICT_TITLES.items()
    if v is not Verdict.NOT_GENUINE}
BOUNDARY_TITLES: dict[str, str] = {
    "cradle-to-gate": N_("cradle to gate (partial footprint)"),
    "cradle-to-grave": N_("cradle to grave (full life cycle)"),
    "gate-to-gate": N_("gate to gate (production only)"),
}


@dataclass(frozen=True)
class Words:
    """The registry's words in one language, for the templates."""

    lang: str

    def gettext(self, msgid: str) -> str:
        return i18n.translations(self.lang).gettext(msgid)

    def verdict(self, verdict: Verdict) -> str:
        return self.gettext(VERDICT_TITLES[verdict])

    def verdict_text(self, verdict: Verdict) -> str:
        return self.gettext(VERDICT_TEXTS[verdict])

    def typo(self) -> str:
        return self.gettext(TYPO_TITLE)

    def typo_text(self) -> str:
        return self.gettext(TYPO_TEXT)

    def mark(self, verdict: Verdict) -> str:
        return VERDICT_MARKS[verdict]

    def status(self, status: CertificateStatus) -> str:
        return self.gettext(STATUS_TITLES[status])

    def boundary(self, boundary: str) -> str:
        return self.gettext(BOUNDARY_TITLES[boundary]) if boundary in BOUNDARY_TITLES else boundary

    def region(self, code: str) -> str:
        return text.pick(geography_name(code), self.lang)

    def product(self, entry: RegistryEntry | RegisteredProduct) -> str:
        return text.pick((entry.product_zh, entry.product_en), self.lang)

    def provinces(self) -> list[tuple[str, str]]:
        return [(code, text.pick((zh, en), self.lang)) for code, (zh, en, _) in
                PROVINCES.items()]

    def province_options(self) -> Markup:
        """The ``<option>`` elements of every province, made once per language (the
        verification page is the registry's hot path)."""
        return _province_options(self.lang)

    def fragment(self, name: str) -> Markup:
        """A part of a page that is the same for every visitor of a language (a form with
        no per-visitor value in it), rendered once per language: the verification page is
        the registry's hot path. Per-visitor values go in inputs outside it (``form=``)."""
        return _fragment(self.lang, name)


@cache
def _province_options(lang: str) -> Markup:
    return Markup("").join(
        Markup('<option value="{}">{}</option>').format(code, text.pick((zh, en), lang))
        for code, (zh, en, _) in PROVINCES.items())


@cache
def _fragment(lang: str, name: str) -> Markup:
    return Markup(environment(lang).get_template(name).render(words=Words(lang)))


TEMPLATES = ("registry/search.html", "registry/certificate.html", "registry/verdict.html",
             "registry/verify.html", "registry/not_found.html")


def warm_up() -> None:
    """Compile the registry's templates and load the catalogues of every language now, at
    start-up, rather than in the first scans (and before the app's objects are frozen)."""
    for lang in i18n.LANGUAGES:
        for name in TEMPLATES:
            environment(lang).get_template(name)


def other_language(lang: str) -> str:
    return next(code for code in i18n.LANGUAGES if code != lang)


def show(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A registry page in the request's language (no session, no CSRF token)."""
    lang = language(request)
    other = other_language(lang)
    page = environment(lang).get_template(name).render(
        path=request.url.path, csrf="", user=None, words=Words(lang),
        other_words=Words(other), other_tag=i18n.HTML_LANG[other], **context)
    response = HTMLResponse(page, status_code=status, headers={
        "Cache-Control": "no-store", "Content-Language": i18n.HTML_LANG[lang],
        "Referrer-Policy": "no-referrer"})
    chosen = i18n.normalise(request.query_params.get("lang"))
    if chosen is not None:
        response.set_cookie(i18n.COOKIE, chosen, max_age=LANG_COOKIE_AGE, samesite="lax",
                            httponly=True)
    return response
