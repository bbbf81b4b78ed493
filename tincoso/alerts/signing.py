"""The province's key that signs CAP messages (XML-DSig, enveloped, RSA-SHA256, with
signxml), kept outside the database.

``ALERT_SIGNING_KEY`` (or ``ALERT_SIGNING_KEY_FILE``) is the private key in PEM and
``ALERT_SIGNING_CERT`` (or ``..._FILE``) its X.509 certificate, which goes into each
signature's <KeyInfo> so a partner can check it against the one the province gave
them. Without them, development generates an RSA key and a self-signed certificate
in ``var/`` on first use (as ``broadcast.devices.signing`` does for the device key);
production refuses to sign without a configured pair.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from lxml import etree
from signxml import XMLSigner, XMLVerifier, methods
from signxml.algorithms import DigestAlgorithm, SignatureMethod

from tincoso.core.env import env_str

KEY_FILE, CERT_FILE = "alert_signing_key.pem", "alert_signing_cert.pem"
_lock = threading.Lock()


def _generate(key_path: Path, cert_path: Path) -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Tin Co So CAP (development)")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=3650))
            .sign(key, hashes.SHA256()))  # fmt: skip
    key_path.parent.mkdir(parents=True, exist_ok=True)
    key_path.touch(mode=0o600)
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))  # fmt: skip
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def key_pair() -> tuple[bytes, bytes]:
    """(private key PEM, certificate PEM)."""
    key, cert = env_str("ALERT_SIGNING_KEY"), env_str("ALERT_SIGNING_CERT")
    if key and cert:
        return key.encode(), cert.encode()
    if getattr(settings, "PRODUCTION", False):
        raise ImproperlyConfigured(
            "ALERT_SIGNING_KEY_FILE and ALERT_SIGNING_CERT_FILE are required in production"
        )
    key_path, cert_path = Path(settings.VAR_DIR) / KEY_FILE, Path(settings.VAR_DIR) / CERT_FILE
    with _lock:
        if not (key_path.exists() and cert_path.exists()):
            _generate(key_path, cert_path)
    return key_path.read_bytes(), cert_path.read_bytes()


_loaded: dict[bytes, Any] = {}


def _private_key(pem: bytes) -> Any:
    """The parsed key, once per process: parsing checks the RSA key (about 100 ms),
    which alone would spend the 50 ms that a whole message may take."""
    digest = hashlib.sha256(pem).digest()
    if digest not in _loaded:
        _loaded[digest] = serialization.load_pem_private_key(pem, password=None)
    return _loaded[digest]


def sign(root: etree._Element) -> bytes:
    """The signed message: <Signature> the last child of <alert>, as the schema allows."""
    pem, cert = key_pair()
    key = _private_key(pem)
    signer = XMLSigner(
        method=methods.enveloped,
        signature_algorithm=SignatureMethod.RSA_SHA256,
        digest_algorithm=DigestAlgorithm.SHA256,
    )
    signed = signer.sign(root, key=key, cert=cert.decode())
    return bytes(etree.tostring(signed, xml_declaration=True, encoding="UTF-8"))


def verify(xml: bytes, cert: bytes | None = None) -> etree._Element:
    """The signed <alert> when the signature holds for ``cert`` (default: ours);
    raises signxml.exceptions.InvalidSignature otherwise."""
    cert = cert or key_pair()[1]
    result = XMLVerifier().verify(xml, x509_cert=cert.decode())
    assert not isinstance(result, list)  # one signature expected, one verified
    signed = result.signed_xml
    assert signed is not None
    return signed
