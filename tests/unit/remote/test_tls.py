"""TLS verification against a real HTTPS server on loopback whose certificate comes
from a private CA made for the test."""

from __future__ import annotations

import datetime
import ipaddress
import ssl
from pathlib import Path

import pytest
from flask import Flask, jsonify

from aos_designer.remote import errors
from aos_designer.remote.transport import HttpSettings, Transport
from aos_designer.server.background import BackgroundServer

x509 = pytest.importorskip("cryptography.x509")
from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402
from cryptography.x509.oid import NameOID  # noqa: E402


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def make_certificates(folder: Path) -> tuple[Path, Path, Path]:
    """Write a CA certificate and a server certificate for 127.0.0.1 signed by it."""
    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(_name("test CA"))
        .issuer_name(_name("test CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("127.0.0.1"))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    ca_path = folder / "ca.pem"
    cert_path = folder / "server.pem"
    key_path = folder / "server.key"
    ca_path.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return ca_path, cert_path, key_path


@pytest.fixture
def https_url(tmp_path):
    ca_path, cert_path, key_path = make_certificates(tmp_path)
    app = Flask("tls")

    @app.get("/v2/stacks")
    def stacks():
        return jsonify([])

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    with BackgroundServer(app, ssl_context=context) as server:
        yield server.url, ca_path


def test_private_ca_rejected_by_default(https_url):
    url, _ = https_url
    transport = Transport(url, settings=HttpSettings(retries=0))
    with pytest.raises(errors.ConnectionFailed) as caught:
        transport.request("GET", "/v2/stacks", call="list stacks", idempotent=True)
    message = str(caught.value)
    assert message.startswith(
        f"list stacks failed: the TLS certificate of {url} was rejected"
    )
    assert message.endswith("give its certificate with --ca-bundle FILE")


def test_ca_bundle_accepted(https_url):
    url, ca_path = https_url
    transport = Transport(url, settings=HttpSettings(retries=0, verify=str(ca_path)))
    response = transport.request(
        "GET", "/v2/stacks", call="list stacks", idempotent=True
    )
    assert response.status_code == 200
    assert response.json() == []
