"""Templates in the request's language: one Jinja2 environment per language, each with its
Babel catalogue installed, so rendering never switches a shared translator between threads."""

from __future__ import annotations

from functools import cache, partial
from pathlib import Path
from typing import Any, TypedDict, cast

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from carbonlabel.errors import CarbonlabelError
from carbonlabel.version import __version__
from carbonlabel.web import i18n
from carbonlabel.web.deps import csrf_token
from carbonlabel.web.pages import menus, text

WEB = Path(__file__).resolve().parent.parent
TEMPLATES = WEB / "templates"
STATIC = WEB / "static"
LANG_COOKIE_AGE = 365 * 24 * 3600


def N_(msgid: str) -> str:  # noqa: N802 - the gettext marker Babel extracts
    """Mark a message for extraction; it is translated where it is shown."""
    return msgid


def static_url(path: str) -> str:
    return f"/static/{path}?v={__version__}"


@cache
def environment(lang: str) -> Environment:
    # auto_reload off: the templates ship with the package, and checking every template's
    # file time on each render cost a third of the verification page's time
    env = Environment(loader=FileSystemLoader(TEMPLATES), extensions=["jinja2.ext.i18n"],
                      autoescape=select_autoescape(["html", "svg"]), undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, auto_reload=False)
    cast(Any, env).install_gettext_translations(i18n.translations(lang), newstyle=True)
    env.filters.update(
        pick=partial(text.pick, lang=lang), bilingual=partial(text.bilingual, lang=lang),
        stage=partial(text.stage_name, lang=lang), gas=partial(text.gas_name, lang=lang),
        gas_category=partial(text.gas_category, lang=lang),
        role=partial(text.role_name, lang=lang), job_state=partial(text.job_state, lang=lang),
        product_name=partial(text.product_name, lang=lang),
        category=partial(text.category_name, lang=lang),
        verification_comments=partial(text.verification_comments, lang=lang),
        gwp_source=partial(text.gwp_source, lang=lang),
        field_message=partial(text.field_message, lang=lang),
        kg=text.kg, pct=text.pct, when=text.when)
    env.globals.update(lang=lang, html_lang=i18n.HTML_LANG[lang], static=static_url,
                       languages=[(code, i18n.HTML_LANG[code]) for code in i18n.LANGUAGES],
                       language_names=i18n.ENDONYMS, version=__version__,
                       catalogue=partial(text.category_name, lang=lang))
    return env


def language(request: Request) -> str:
    return i18n.negotiate(request.query_params.get("lang"), request.cookies.get(i18n.COOKIE),
                          request.headers.get("accept-language"))


def gettext(request: Request, msgid: str) -> str:
    return i18n.translations(language(request)).gettext(msgid)


def message(error: CarbonlabelError, lang: str) -> str:
    return error.message_zh if text.is_zh(lang) else error.message_en


class Messages(TypedDict):
    message_zh: str
    message_en: str


def both(msgid: str) -> Messages:
    """A page's own message in both languages, for the bilingual error types."""
    return {"message_zh": i18n.translations("zh_CN").gettext(msgid),
            "message_en": i18n.translations("en").gettext(msgid)}


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    lang = language(request)
    kind = context.setdefault("org_kind", getattr(request.state, "organisation_kind", None))
    context.setdefault("menu", menus.menu_of(kind, getattr(request.state, "user_role", None)))
    page = environment(lang).get_template(name).render(
        path=request.url.path, csrf=csrf_token(request), **context)
    response = HTMLResponse(page, status_code=status,
                            headers={"Cache-Control": "no-store", "Content-Language":
                                     i18n.HTML_LANG[lang]})
    chosen = i18n.normalise(request.query_params.get("lang"))
    if chosen is not None:
        response.set_cookie(i18n.COOKIE, chosen, max_age=LANG_COOKIE_AGE, samesite="lax",
                            httponly=True)
    return response
