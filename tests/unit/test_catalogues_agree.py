"""The pages' message domains agree with each other: a page sees every domain's catalogue chained
behind the main one (``i18n.translations``), so a message in two domains shows the first
domain's translation everywhere. Two different translations of one message would leave one of
them dead and put the wrong word on some page; a message with two meanings needs two msgids."""

from __future__ import annotations

from collections import defaultdict

import pytest
from babel.messages.pofile import read_po

from carbonlabel.web import i18n


def _msgid(message: str | tuple[str, ...] | list[str]) -> str:
    return message if isinstance(message, str) else message[0]


def _strings(lang: str) -> dict[str, dict[str, tuple[str, ...]]]:
    """msgid -> {domain: its non-empty translation} over every domain's .po file of a language."""
    found: dict[str, dict[str, tuple[str, ...]]] = defaultdict(dict)
    for domain in i18n.domains():
        path = i18n.CATALOGUES / lang / "LC_MESSAGES" / f"{domain}.po"
        with path.open("rb") as po:
            for m in read_po(po):
                strings = m.string if isinstance(m.string, (tuple, list)) else (m.string,)
                if m.id and any(strings):
                    found[_msgid(m.id)][domain] = tuple(strings)
    return found


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_a_message_in_several_domains_has_one_translation(lang: str) -> None:
    disagree = {message: by_domain for message, by_domain in _strings(lang).items()
                if len(set(by_domain.values())) > 1}
    listed = "\n".join(f"  {message!r}: " + "; ".join(f"{d} {'/'.join(s)}"
                                                      for d, s in by_domain.items())
                       for message, by_domain in sorted(disagree.items()))
    assert not disagree, f"{lang}: messages translated differently in two domains:\n{listed}"


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_domain_s_translation_is_the_one_a_page_shows(lang: str) -> None:
    shown = i18n.translations(lang)
    dead = [(message, domain) for message, by_domain in _strings(lang).items()
            for domain, strings in by_domain.items()
            if len(strings) == 1 and shown.gettext(message) != strings[0]]
    assert dead == [], f"{lang}: translations shadowed by another domain"


def test_the_words_that_differed_between_the_domains_now_read_as_each_page_means() -> None:
    shown = i18n.translations("zh_CN")
    # a person's name and a thing's name, a status word and a date column, a complaint
    # withdrawn by its filer and a certificate withdrawn by its body: one msgid each
    assert shown.gettext("Full name") == "姓名"
    assert shown.gettext("Name") == "名称"
    assert shown.gettext("Received") == "已收到"
    assert shown.gettext("Received at") == "收到时间"
    assert shown.gettext("Withdrawn by the filer") == "已撤回"
    assert shown.gettext("Withdrawn") == "已撤销"
    assert shown.gettext("Surveillance") == "获证后监督"
    assert shown.gettext("Public registry") == "公开查询"
