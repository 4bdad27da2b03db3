"""A typed certificate number whose check digits do not add up is a typing mistake: the
verification page says so (and asks to check the label), in each language, instead of calling
it a forgery; a number with good check digits that the registry does not hold is not genuine."""

from __future__ import annotations

from carbonlabel.domain.certification.certificate import certificate_number
from tests.registry.conftest import RegistryWorld


def _typo(number: str) -> str:
    return f"{number[:-2]}{(int(number[-2:]) + 1) % 100:02d}"


def test_a_typed_code_with_bad_check_digits_reads_as_a_typing_mistake_not_a_forgery(
        registry_world: RegistryWorld) -> None:
    typed = _typo(certificate_number(2026, 999, 424242))
    forged = certificate_number(2026, 999, 424242)  # good check digits, not in the registry
    client = registry_world.client
    zh = client.get(f"/verify?code={typed}").text
    assert 'data-reason="check_digits"' in zh
    assert "校验位" in zh
    assert "输入错误" in zh
    assert "不是真品" not in zh.split('id="check-another"')[0]
    en = client.get(f"/verify?code={typed}", headers={"Accept-Language": "en"}).text
    assert "check digits do not add up: probably a typing mistake" in en
    assert "Check the code on the label" in en
    forgery = client.get(f"/verify?code={forged}", headers={"Accept-Language": "en"}).text
    assert 'data-verdict="not_genuine"' in forgery
    assert "data-reason" not in forgery
    assert "typing mistake" not in forgery
    assert "Not genuine" in forgery
