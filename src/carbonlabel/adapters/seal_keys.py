"""The certification bodies' electronic seals: keys and X.509 certificates that sign the
certificate PDFs (PAdES, with pyHanko), kept in ``<data dir>/seal-keys/`` beside the label keys.

The platform holds a small local certification authority: a self-signed root per data
directory (``root.pem``, its key ``root.key``) that issues each body its seal certificate
(``<body id>.pem``, key ``<body id>.key``; subject O = the body, CN = "<body> 证书签章 /
certificate seal"). A verifier trusts the one root (served at ``/api/v1/registry/seal-root.pem``)
and every body's seal verifies. Keys and certificates are made the first time
they are needed; private keys are files of mode 0600.
"""

from __future__ import annotations

import io
import os
import re
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.utils import CryptographyDeprecationWarning
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from carbonlabel.config import make_private_dir

with warnings.catch_warnings():
    # pyHanko imports cryptography's DSA key types, which cryptography marks deprecated; the
    # seals are EC keys. Imported here once, so the warning is not raised anywhere else.
    warnings.filterwarnings("ignore", category=CryptographyDeprecationWarning)
    import pyhanko.sign.validation  # noqa: F401  (the verifiers' import, warned the same)
    from pyhanko.keys import load_certs_from_pemder_data, load_private_key_from_pemder_data
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import TextStampStyle
    from pyhanko_certvalidator.registry import SimpleCertificateStore

ROOT_NAME = "carbonlabel 平台签章根证书 / platform seal root"
ROOT_YEARS, SEAL_YEARS = 20, 5
FIELD = "CertificateSeal"
_SAFE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def seal_keys_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "seal-keys"


@dataclass(frozen=True)
class Seal:
    """A body's signing key with its certificate, and the root that issued it."""

    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate
    root: x509.Certificate


def _write_private(path: Path, key: ec.EllipticCurvePrivateKey) -> None:
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)


def _load_key(path: Path) -> ec.EllipticCurvePrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise ValueError(f"{path} is not an EC key")
    return key


def _name(common: str, organisation: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation[:64]),
                      x509.NameAttribute(NameOID.COMMON_NAME, common[:64])])


def _certificate(subject: x509.Name, issuer: x509.Name, public: ec.EllipticCurvePublicKey,
                 signer: ec.EllipticCurvePrivateKey, years: int, *,
                 ca: bool, issuer_public: ec.EllipticCurvePublicKey) -> x509.Certificate:
    now = datetime.now(UTC) - timedelta(minutes=5)
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer)
               .public_key(public).serial_number(x509.random_serial_number())
               .not_valid_before(now).not_valid_after(now + timedelta(days=365 * years))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None),
                              critical=True)
               .add_extension(x509.KeyUsage(
                   digital_signature=not ca, content_commitment=not ca, key_encipherment=False,
                   data_encipherment=False, key_agreement=False, key_cert_sign=ca,
                   crl_sign=ca, encipher_only=False, decipher_only=False), critical=True)
               .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
               .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                   issuer_public), critical=False))
    if not ca:
        builder = builder.add_extension(x509.ExtendedKeyUsage(
            [ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
    return builder.sign(signer, hashes.SHA256())


class SealKeys:
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def _root(self) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
        key_path, cert_path = self.folder / "root.key", self.folder / "root.pem"
        if not cert_path.is_file():
            make_private_dir(self.folder)
            key = ec.generate_private_key(ec.SECP256R1())
            name = _name(ROOT_NAME, "carbonlabel")
            cert = _certificate(name, name, key.public_key(), key, ROOT_YEARS, ca=True,
                                issuer_public=key.public_key())
            _write_private(key_path, key)
            cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        return _load_key(key_path), x509.load_pem_x509_certificate(cert_path.read_bytes())

    def root_pem(self) -> bytes:
        """The platform's root certificate (PEM): what a verifier trusts."""
        return self._root()[1].public_bytes(serialization.Encoding.PEM)

    def seal(self, body_id: str, body_name: str) -> Seal:
        """The body's seal, made (and issued by the root) the first time it is asked for."""
        if not _SAFE.match(body_id):
            raise ValueError("a body id is letters, digits, '-' and '_'")
        root_key, root = self._root()
        key_path, cert_path = self.folder / f"{body_id}.key", self.folder / f"{body_id}.pem"
        if not cert_path.is_file():
            key = ec.generate_private_key(ec.SECP256R1())
            cert = _certificate(_name(f"{body_name} 证书签章 / certificate seal", body_name),
                                root.subject, key.public_key(), root_key, SEAL_YEARS, ca=False,
                                issuer_public=root_key.public_key())
            _write_private(key_path, key)
            cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        return Seal(_load_key(key_path), x509.load_pem_x509_certificate(cert_path.read_bytes()),
                    root)


def as_asn1(certificate: x509.Certificate) -> Any:
    """The certificate as pyHanko takes it (an asn1crypto value)."""
    (loaded,) = load_certs_from_pemder_data(certificate.public_bytes(
        serialization.Encoding.PEM))
    return loaded


def seal_pdf(pdf: bytes, seal: Seal, box: tuple[int, int, int, int], *, reason: str,
             location: str = "") -> bytes:
    """``pdf`` signed (PAdES B-B) with the body's seal, its signature field at ``box`` on the
    first page; the field's appearance names the signing time (the page draws the stamp)."""
    key = load_private_key_from_pemder_data(seal.key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()), passphrase=None)
    # its __init__ lacks "-> None": mypy counts it untyped
    chain = SimpleCertificateStore()  # type: ignore[no-untyped-call]
    chain.register(as_asn1(seal.root))  # embedded, so that a reader finds the whole chain
    signer = signers.SimpleSigner(signing_cert=as_asn1(seal.certificate), signing_key=key,
                                  cert_registry=chain)
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD, reason=reason, location=location or None,
        subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256")
    style = TextStampStyle(stamp_text="%(ts)s", border_width=0, background_opacity=0)
    out = io.BytesIO()
    signers.PdfSigner(meta, signer=signer, stamp_style=style,
                      new_field_spec=fields.SigFieldSpec(FIELD, on_page=0, box=box)).sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(pdf)), output=out)
    return out.getvalue()
