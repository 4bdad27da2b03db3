"""A granted certificate's PDF, through the service as the route serves it, on SQLite and
PostgreSQL: its extracted text holds every ISO/IEC 17065 §7.7 item with the values of the
records (the registered address when there is one, else the region by name, never codes;
the credit code, the producer, the manufacturing sites, the product's type and
specification, the body's approval and accreditation numbers) and the body's electronic
seal."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from carbonlabel.adapters.db.uow import UowFactory
from carbonlabel.adapters.seal_keys import SealKeys
from carbonlabel.domain.certification.certificate import Scheme, expiry
from carbonlabel.domain.certification.certificate_content import (
    MISSING,
    CertificationMode,
    numbered,
)
from carbonlabel.services.certification import documents
from carbonlabel.services.certification.application import ApplicationDetails
from tests.documents.test_certificate_seal import validate
from tests.support.certification import (
    certify,
    enterprise_with_footprint,
    qualify_and_declare,
    seed_body,
)
from tests.support.documents import pdf_text, squeezed

#: the §7.7 items the platform does not keep yet, each printed as "—" today: none (the lead
#: adds an item here, with its label, should the records lose one)
NOT_KEPT_YET: dict[str, tuple[str, str]] = {}
#: what the application names beside the footprint (the product's types and specification)
NAMED = ApplicationDetails(product_types=("ESS-100 / 储能电池包 100 kWh",),
                           specifications=("100 kWh, 51.2 V", "IP55"))


def test_numbers_carry_the_revision_suffix_after_a_re_issue() -> None:
    assert numbered("CFP-2026-007-000001-43", 0) == "CFP-2026-007-000001-43"
    assert numbered("CFP-2026-007-000001-43", 1) == "CFP-2026-007-000001-43-R1"
    with pytest.raises(ValueError, match="revision"):
        numbered("CFP-2026-007-000001-43", -1)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_certificate_of_a_granted_case_states_every_17065_item(
        make_uow: UowFactory, tmp_path: Path, lang: str) -> None:
    body = seed_body(make_uow)  # region CN-BJ
    tenant, footprint = enterprise_with_footprint(make_uow, tmp_path)  # region CN-GD
    qualify_and_declare(make_uow, body, tenant.organisation.id)
    certificate_id = certify(make_uow, tmp_path, body, tenant, footprint, details=NAMED)
    seals = SealKeys(tmp_path / "seal-keys")
    with make_uow() as uow:
        certificate = uow.certificates.get(certificate_id)
        assert certificate is not None
        content = documents.certificate_content(uow, certificate)
        document = documents.certificate_document(uow, tenant.viewer, certificate_id,
                                                  "https://cfp.example.cn", lang, seals,
                                                  today=certificate.issued_on)
        body_org = uow.organisations.get(body.organisation_id)
        assert body_org is not None
        approval = uow.approvals.get(body.organisation_id)
        assert approval is not None
        (site,) = uow.sites.of(tenant.organisation.id)
    assert certificate.revision == 0
    assert content.mode is CertificationMode.PRODUCT
    assert content.valid_to == expiry(certificate.issued_on, Scheme())
    text = squeezed(pdf_text(document.content))
    zh = lang == "zh"
    registered = tenant.organisation.registered_address
    credit_code = tenant.organisation.credit_code
    assert registered
    assert credit_code is not None
    granted = certificate.issued_on.isoformat()
    expected = [
        certificate.number,  # no suffix: never re-issued
        body_org.name, "中国北京市" if zh else "Beijing Municipality, China",  # the body, address
        granted,  # date granted
        tenant.organisation.name,  # the client, its registered address and credit code
        registered if zh else f"{registered} (Guangdong Province, China)",
        "储能电池包" if zh else "battery pack",  # the product
        "GB/T 24067-2024", "2024-08-23", "ISO 14067:2018",  # standards with their dates
        "CN-PCF-2025",  # the scheme
        "产品认证" if zh else "product certification",  # the mode
        f"{granted} 至 {certificate.expires_on.isoformat()}" if zh
        else f"{granted} to {certificate.expires_on.isoformat()}",  # validity
        f"{certificate.certified_value} {certificate.certified_unit}",  # the value
        body.decider.display_name,  # authorised by: the case's decision maker
        "认证决定人员" if zh else "certification decision maker",
        "https://cfp.example.cn/registry/" + certificate.number,  # where to verify
    ]
    for value in expected:
        assert squeezed(value) in text, value
    for label in NOT_KEPT_YET.values():
        assert squeezed(label[0 if zh else 1] + MISSING) in text, label
    site_text = (f"{site.name}（{site.address}）" if zh else f"{site.name} ({site.address})")
    identity = {  # each item after its label, with the value the records give it
        ("统一社会信用代码", "Unified social credit code"): credit_code,
        ("生产者（制造商）", "Producer (manufacturer)"): tenant.organisation.name,
        ("生产者地址", "Producer's address"): (  # the holder is the producer named
            registered if zh else f"{registered} (Guangdong Province, China)"),
        ("生产企业（生产场所）", "Manufacturing site(s)"): site_text,
        ("产品型号", "Product type"): "ESS-100 / 储能电池包 100 kWh",
        ("产品规格", "Specification"): "100 kWh, 51.2 V; IP55",
        ("认证机构批准号（CNCA）", "Approval No. (CNCA)"): approval.approval_number,
        ("认可注册号（CNAS）", "Accreditation No. (CNAS)"): approval.accreditation_number,
    }
    for label, value in identity.items():
        assert squeezed(label[0 if zh else 1] + value) in text, (label, value)
    assert re.fullmatch(r"CNCA-R-2025-\d{3}", approval.approval_number)
    assert re.fullmatch(r"CNAS C\d{4}-P", approval.accreditation_number)
    for label in identity:  # none of them printed as not kept
        assert squeezed(label[0 if zh else 1] + MISSING) not in text, label
    assert "CN-GD" not in text
    assert "CN-BJ" not in text
    assert validate(document.content, seals.root_pem()) == (True, True, True, True)
    assert document.filename == f"certificate-{certificate.number}-{lang}.pdf"
