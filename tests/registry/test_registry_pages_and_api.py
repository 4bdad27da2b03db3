"""The public registry without signing in: search by company, product, category and region;
a certificate's page and JSON; the published keys; and the verification path on PostgreSQL."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import text, update

from carbonlabel.adapters.db.certification_tables import CertificateRow
from carbonlabel.adapters.db.registry_lookup import PostgresLookup, application_name
from carbonlabel.adapters.db.tables import OrganisationRow, ProductRow
from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.adapters.label_keys import LabelKeys, sign_label
from carbonlabel.config import Settings
from carbonlabel.domain.certification.label import LabelPayload, split_token
from carbonlabel.domain.certification.registry import RegistryEntry
from carbonlabel.services.certification import cases, labels
from carbonlabel.web.app import create_app
from tests.registry.conftest import Issued, RegistryWorld
from tests.support.certification import (
    certify,
    enterprise_with_footprint,
    qualify_and_declare,
    seed_body,
)
from tests.support.platform import keyed_engine

API = "/api/v1/registry"


@dataclass(frozen=True)
class Listed:
    marker: str  # in the second holder's name: finds exactly its certificates
    gd: Issued  # the usual holder, Guangdong, lithium battery
    js: tuple[Issued, Issued]  # a holder in Jiangsu whose product is a PV module


@pytest.fixture(scope="module")
def listed(registry_world: RegistryWorld) -> Listed:
    w = registry_world
    make_uow: UowFactory = w.app.state.uow
    marker = f"Sunrise{uuid.uuid4().hex[:6]}"
    tenant, footprint = enterprise_with_footprint(make_uow, w.settings.data_dir)
    with make_uow(write=True) as uow:  # the auditors are qualified already: impartial too
        for auditor in w.body.auditors:
            cases.declare_impartiality(uow, auditor, tenant.organisation.id, "none")
        uow.commit()
    issued = []
    for _ in range(2):
        certificate_id = certify(make_uow, w.folder, w.body, tenant, footprint)
        with make_uow(write=True) as uow:
            label = labels.issue_label(uow, tenant.admin, certificate_id, w.keys)
            certificate = uow.certificates.get(certificate_id)
            uow.commit()
        assert certificate is not None
        issued.append(Issued(certificate, label.token))
    with make_uow(write=True) as uow:  # another region, another category, another name
        uow.session.execute(update(OrganisationRow).where(
            OrganisationRow.id == tenant.organisation.id).values(
            region="CN-JS", name=f"光伏企业 {marker} Solar"))
        uow.session.execute(update(ProductRow).where(ProductRow.id == footprint.product_id)
                            .values(category="PV module", name_zh="光伏组件",
                                    name_en="PV module 550 W"))
        uow.commit()
    return Listed(marker, w.certified(), (issued[0], issued[1]))


def numbers(body: dict[str, object]) -> set[str]:
    items = body["items"]
    assert isinstance(items, list)
    return {i["number"] for i in items}


def test_search_finds_certified_products_by_company_product_category_and_region(
        registry_world: RegistryWorld, listed: Listed) -> None:
    client = registry_world.client
    js = {i.certificate.number for i in listed.js}

    def search(**params: str) -> dict[str, object]:
        response = client.get(f"{API}/certificates", params=params)
        assert response.status_code == 200, response.text
        body: dict[str, object] = response.json()
        return body

    assert numbers(search(q=listed.marker)) == js  # company
    assert numbers(search(q=listed.marker.lower())) == js  # case does not matter
    assert js <= numbers(search(q="光伏组件", limit="200"))  # product (Chinese name)
    assert js <= numbers(search(q="pv module 550", limit="200"))  # product (English name)
    assert numbers(search(q=listed.js[0].certificate.number)) == {
        listed.js[0].certificate.number}
    in_jiangsu = search(region="CN-JS", category="PV module", limit="200")
    assert js <= numbers(in_jiangsu)
    assert listed.gd.certificate.number not in numbers(in_jiangsu)
    assert listed.gd.certificate.number in numbers(search(region="CN-GD", limit="200"))
    assert numbers(search(q=listed.marker, category="lithium battery")) == set()
    assert numbers(search(q="%")) == set()  # a literal character, not a wildcard
    first, second = search(q=listed.marker, limit="1"), search(q=listed.marker, limit="1",
                                                                offset="1")
    assert first["total"] == second["total"] == 2
    assert numbers(first) | numbers(second) == js


def test_a_certificate_is_public_with_its_live_status(registry_world: RegistryWorld,
                                                      listed: Listed) -> None:
    client = registry_world.client
    issued = listed.js[0]
    number = issued.certificate.number
    body = client.get(f"{API}/certificates/{number}").json()
    assert body["number"] == number
    assert body["status"] == "valid"
    assert body["holder"].startswith("光伏企业")
    assert body["holder_region"] == "CN-JS"
    assert body["product"] == {"zh": "光伏组件", "en": "PV module 550 W"}
    assert body["value"] == issued.certificate.certified_value
    assert body["unit"] == f"kg CO2e / {issued.certificate.declared_unit}"
    assert body["boundary"] == issued.certificate.boundary
    assert body["standard"] == issued.certificate.standard
    assert body["issued_on"] == issued.certificate.issued_on.isoformat()
    assert body["expires_on"] == issued.certificate.expires_on.isoformat()
    assert body["label_svg"] == f"/registry/{number}/label.svg"
    assert client.get(f"{API}/certificates/{number.lower()}").json()["number"] == number
    for unknown in (number[:-2] + "00" if number[-2:] != "00" else number[:-2] + "01",
                    "CFP-2026-007-999999-" + "00", "nonsense"):
        response = client.get(f"{API}/certificates/{unknown}")
        assert response.status_code == 404
        assert response.json()["field"] == "number"


def test_the_certificate_page_shows_the_facts_and_the_label(registry_world: RegistryWorld,
                                                            listed: Listed) -> None:
    client = registry_world.client
    number = listed.js[1].certificate.number
    page = client.get(f"/registry/{number}").text
    for fact in (number, "光伏组件", "光伏企业", "江苏", "有效", "从摇篮到大门", "认证中心",
                 listed.js[1].certificate.expires_on.isoformat(), "kg CO2e"):
        assert fact in page, fact
    assert f'src="/registry/{number}/label.svg"' in page
    with TestClient(registry_world.app) as chooser:  # ?lang= is remembered in a cookie
        english = chooser.get(f"/registry/{number}?lang=en").text
        assert chooser.cookies.get("carbonlabel_lang") == "en"
    assert "PV module 550 W" in english
    assert "Jiangsu" in english
    assert "Valid until" in english
    missing = client.get("/registry/CFP-2026-007-999999-00")
    assert missing.status_code == 404
    assert "没有该证书" in missing.text


def test_the_search_page_lists_and_pages_results(registry_world: RegistryWorld,
                                                 listed: Listed) -> None:
    client = registry_world.client
    page = client.get("/registry", params={"q": listed.marker}).text
    for issued in listed.js:
        assert f'data-number="{issued.certificate.number}"' in page
    assert 'id="no-results"' not in page
    everything = client.get("/registry").text
    assert "rel=\"next\"" in everything or everything.count("data-number=") < 20
    nothing = client.get("/registry", params={"q": "没有这种产品 nothing like it"}).text
    assert 'id="no-results"' in nothing
    assert 'id="no-results"' not in client.get("/registry", params={"region": "CN-JS"}).text


def test_the_public_keys_are_published_for_offline_verification(
        registry_world: RegistryWorld) -> None:
    keys = registry_world.client.get(f"{API}/keys").json()
    assert keys == {"keys": registry_world.keys.export_public()}


def test_the_registry_answers_strangers_and_sets_no_cookie(registry_world: RegistryWorld,
                                                           listed: Listed) -> None:
    with TestClient(registry_world.app) as stranger:  # no session, no token
        for path in (f"/v/{listed.gd.token}", f"/verify?code={listed.gd.certificate.number}",
                     "/registry", f"/registry/{listed.gd.certificate.number}", "/verify",
                     f"{API}/verify/{listed.gd.token}", f"{API}/keys"):
            response = stranger.get(path)
            assert response.status_code == 200, path
            assert "set-cookie" not in response.headers, path


# -- PostgreSQL: the awaited read of the verification path ----------------------------------

def test_verification_reads_the_registry_on_each_back_end(database_url: str,
                                                          tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", database_url=database_url,
                        secret_key="registry-test-key-" + "y" * 32, job_processes=False)
    app = create_app(settings)
    make_uow: UowFactory = app.state.uow
    body = seed_body(make_uow)
    tenant, footprint = enterprise_with_footprint(make_uow, settings.data_dir)
    qualify_and_declare(make_uow, body, tenant.organisation.id)
    certificate_id = certify(make_uow, tmp_path, body, tenant, footprint)
    with make_uow(write=True) as uow:
        label = labels.issue_label(uow, tenant.admin, certificate_id,
                                   LabelKeys(settings.label_keys_dir))
        uow.commit()
    with TestClient(app) as client:
        assert client.get(f"{API}/verify/{label.token}").json()["verdict"] == "valid"
        assert 'data-verdict="valid"' in client.get(f"/v/{label.token}").text
        assert client.get(f"{API}/verify/{label.token[:-3]}").json()["verdict"] == "not_genuine"
        assert client.get(f"{API}/verify/code/{label.code}").json()["verdict"] == "valid"
        if database_url.startswith("postgresql"):
            # the server drops the registry's connections: the next read opens a new one
            with make_uow(write=True) as uow:
                dropped = uow.session.execute(text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE application_name = :name"), {"name": application_name()}).all()
                uow.commit()
            assert dropped
        assert client.get(f"{API}/verify/{label.token}").json()["verdict"] == "valid"
        with make_uow(write=True) as uow:
            uow.session.execute(update(CertificateRow).where(
                CertificateRow.id == certificate_id).values(status="withdrawn"))
            uow.commit()
        assert client.get(f"{API}/verify/{label.token}").json()["verdict"] == "withdrawn"
        assert client.get(f"{API}/certificates",
                          params={"q": label.code}).json()["total"] == 1
    with make_uow() as uow:  # the app has stopped: its scan log is written
        counts = uow.scans.counts(label.created_at.replace(year=2000))
    app.state.engine.dispose()
    assert counts == {"valid": 4, "not_genuine": 1, "withdrawn": 1}


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_concurrent_scans_share_reads_and_each_gets_its_own_certificate(
        database_url: str, tmp_path: Path) -> None:
    from benchmarks.verify import load  # the benchmark's bulk loader: consistent rows

    tokens = load(database_url, tmp_path / "data", 60)
    numbers = [payload_number(t) for t in tokens]
    engine = keyed_engine(database_url, tmp_path / "data")
    lookup = PostgresLookup(engine, size=2, batch=7)
    wanted = [*numbers, "CFP-2026-007-999999-00", *numbers[:5]]

    async def scan_all() -> list[RegistryEntry | None]:
        await lookup.open()
        try:
            return list(await asyncio.gather(*(lookup.entry(n) for n in wanted)))
        finally:
            await lookup.close()

    found = asyncio.run(scan_all())
    engine.dispose()
    assert [e.number if e else None for e in found] == [*numbers, None, *numbers[:5]]


def payload_number(token: str) -> str:
    parts = split_token(token)
    assert parts is not None
    return parts[0].certificate


def test_a_label_signed_before_the_certified_value_was_stored_says_so(
        registry_world: RegistryWorld) -> None:
    """A label of the former rule (three significant digits of the total) stays genuine; its
    verification page names both what it states and the certified value."""
    w = registry_world
    issued = w.certified()
    cert = issued.certificate
    assert cert.certified_value == "43.11"  # 43.1145... to four figures, by hand
    kid, key = w.keys.current()
    legacy = sign_label(LabelPayload(kid, cert.number, "43.1", cert.certified_unit,
                                     cert.issued_on, cert.expires_on), key)
    body = w.client.get(f"{API}/verify/{legacy}").json()
    assert body["verdict"] == "valid"
    assert (body["signed"]["value"], body["certificate"]["value"]) == ("43.1", "43.11")
    page = w.client.get(f"/v/{legacy}", headers={"Accept-Language": "en"}).text
    assert 'id="earlier-value"' in page
    assert "it states 43.1, rounded to three figures; the certified value is 43.11" in page
    current = w.client.get(f"/v/{issued.token}", headers={"Accept-Language": "en"}).text
    assert 'data-verdict="valid"' in current
    assert 'id="earlier-value"' not in current
