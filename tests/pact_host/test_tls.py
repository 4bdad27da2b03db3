"""``carbonlabel serve --certfile --keyfile`` over real TLS: a self-signed certificate made
here, a token and a list over https:// (the certificate verified), and plain http:// to the
same port failing (conformance cases 9–11 and 17 as the suite runs them)."""

from __future__ import annotations

import ipaddress
import os
import shutil
import sqlite3
import ssl
import subprocess
import sys
import time
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx2 as httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.pact_host.conftest import Seeded
from tests.support.sockets import bound_socket, port_of


def self_signed(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


def test_serve_with_certificate_speaks_https_only(pact_template: tuple[Path, Seeded],
                                                  tmp_path: Path) -> None:
    template, seeded = pact_template
    db = tmp_path / "pact.db"
    with closing(sqlite3.connect(template)) as src, closing(sqlite3.connect(db)) as dst:
        src.backup(dst)
    shutil.copytree(template.parent / "data" / "data-keys", tmp_path / "data" / "data-keys")
    cert, key = self_signed(tmp_path)
    sock = bound_socket()  # handed to the server: no other test process can take the port
    port = port_of(sock)
    cli = Path(sys.executable).parent / "carbonlabel"
    env = {**os.environ, "CARBONLABEL_SECRET_KEY": "tls-test-" + "x" * 32,
           "CARBONLABEL_JOB_PROCESSES": "false"}
    server = subprocess.Popen(
        [str(cli), "serve", "--port", str(port), "--fd", str(sock.fileno()), "--data-dir",
         str(tmp_path / "data"), "--database-url", f"sqlite:///{db}", "--certfile", str(cert),
         "--keyfile", str(key)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, pass_fds=(sock.fileno(),))
    base = f"https://127.0.0.1:{port}"
    try:
        with httpx.Client(verify=ssl.create_default_context(cafile=str(cert)),
                          timeout=5) as client:
            deadline = time.monotonic() + 60
            while True:
                try:
                    client.get(f"{base}/.well-known/openid-configuration")
                    break
                except httpx.TransportError:
                    if server.poll() is not None or time.monotonic() > deadline:
                        server.kill()
                        _, err = server.communicate(timeout=10)
                        pytest.fail(f"the server did not start: {err.decode()[-2000:]}")
                    time.sleep(0.3)
            who = seeded.foreign
            token = client.post(f"{base}/auth/token", auth=(who.client_id, who.secret),
                                data={"grant_type": "client_credentials"})
            assert token.status_code == 200, token.text
            listed = client.get(f"{base}/3/footprints", headers={
                "Authorization": f"Bearer {token.json()['access_token']}"})
            assert listed.status_code == 200
            assert len(listed.json()["data"]) == 3
        with httpx.Client(timeout=5) as plain:
            for method, path in (("POST", "/auth/token"), ("GET", "/3/footprints"),
                                 ("POST", "/3/events")):
                try:
                    answer = plain.request(method, f"http://127.0.0.1:{port}{path}")
                except httpx.TransportError:
                    continue  # the TLS port does not speak plain HTTP: refused
                assert not answer.is_success, (path, answer.status_code)
    finally:
        server.terminate()
        try:
            server.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.communicate()
        sock.close()


def test_serve_refuses_a_certificate_without_its_key(tmp_path: Path) -> None:
    cli = Path(sys.executable).parent / "carbonlabel"
    done = subprocess.run([str(cli), "serve", "--data-dir", str(tmp_path / "data"),
                           "--certfile", str(tmp_path / "cert.pem")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "--keyfile" in done.stdout + done.stderr
