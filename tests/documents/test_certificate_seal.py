"""The certificate PDF's electronic seal (PAdES, pyHanko): signed with the certification
body's key, whose certificate the platform's root issued; it validates as intact and trusted
against that root, and no longer once one byte of the signed range changes."""

from __future__ import annotations

import io
import os
import stat
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.x509.oid import NameOID

from carbonlabel.adapters.documents import SEAL_BOX, certificate_pdf
from carbonlabel.adapters.seal_keys import FIELD, SealKeys, as_asn1, seal_pdf
from carbonlabel.domain.certification.certificate import CertificateStatus
from tests.documents.test_document_pdfs import URL, content


def signature_of(data: bytes) -> Any:
    """The PDF's one embedded signature, as pyHanko reads it. pyHanko is imported here, after
    ``seal_keys`` imported it with cryptography's DSA deprecation warning silenced."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    (signature,) = PdfFileReader(io.BytesIO(data)).embedded_signatures
    return signature


def validate(data: bytes, root_pem: bytes) -> tuple[bool, bool, bool, bool]:
    """(intact, valid, trusted, bottom line) of the PDF's one signature, by pyHanko's
    validator trusting the platform's root (and nothing else). Intact: the signed bytes hash
    to the signed digest; valid: the signature over that digest verifies."""
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    context = ValidationContext(trust_roots=[as_asn1(x509.load_pem_x509_certificate(root_pem))])
    status = validate_pdf_signature(signature_of(data), context)
    return status.intact, status.valid, status.trusted, status.bottom_line


@pytest.fixture(scope="module")
def sealed(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, SealKeys]:
    seals = SealKeys(tmp_path_factory.mktemp("data") / "seal-keys")
    pdf = certificate_pdf(content(), CertificateStatus.VALID, URL, "zh", today=date(2026, 5, 1))
    return seal_pdf(pdf, seals.seal("body-1", "北方认证中心"), SEAL_BOX, reason="test"), seals


def test_a_sealed_certificate_is_intact_and_trusted_by_the_platform_root(
        sealed: tuple[bytes, SealKeys]) -> None:
    data, seals = sealed
    assert validate(data, seals.root_pem()) == (True, True, True, True)
    signature = signature_of(data)
    assert signature.field_name == FIELD
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES


def test_one_changed_byte_in_the_signed_range_breaks_the_seal(
        sealed: tuple[bytes, SealKeys]) -> None:
    data, seals = sealed
    signature = signature_of(data)
    start, length = (int(n) for n in list(signature.sig_object["/ByteRange"])[:2])
    at = data.index(b"carbonlabel", start)  # the document's creator, inside the signed range
    assert at + len(b"carbonlabel") < start + length
    changed = bytearray(data)
    changed[at] = ord("C")
    intact, _, _, bottom_line = validate(bytes(changed), seals.root_pem())
    assert (intact, bottom_line) == (False, False)


def test_another_root_does_not_trust_the_seal(sealed: tuple[bytes, SealKeys],
                                              tmp_path: Path) -> None:
    data, _ = sealed
    intact, _, trusted, bottom_line = validate(data, SealKeys(tmp_path / "other").root_pem())
    assert (intact, trusted, bottom_line) == (True, False, False)


def test_the_body_certificate_names_the_body_and_its_key_is_private(tmp_path: Path) -> None:
    seals = SealKeys(tmp_path / "seal-keys")
    seal = seals.seal("body-1", "北方认证中心")
    subject = seal.certificate.subject
    assert subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == "北方认证中心"
    assert subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == \
        "北方认证中心 证书签章 / certificate seal"
    assert seal.certificate.issuer == seal.root.subject
    for name in ("root.key", "body-1.key"):
        assert stat.S_IMODE(os.stat(tmp_path / "seal-keys" / name).st_mode) == 0o600
    again = SealKeys(tmp_path / "seal-keys").seal("body-1", "北方认证中心")
    assert again.certificate == seal.certificate  # kept, not made anew
    assert again.root == seal.root


def test_a_body_id_that_is_not_a_file_name_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="body id"):
        SealKeys(tmp_path).seal("../escape", "x")
