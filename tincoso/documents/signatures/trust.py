"""Trust anchors: the pinned public CA certificates in ``trust/`` plus an administrator's.

The files in ``trust/`` are public certificates of the Ban Cơ yếu Chính phủ PKI and
the national root, copied from public repositories (see ``trust/README.md``).  Each is
loaded only when its SHA-256 fingerprint (of the DER certificate) equals the pin
below: a replaced file is refused, not trusted.

An administrator adds certificates (PEM or DER, ``.pem``/``.crt``/``.cer``) by putting
them in the directory named by the ``DOCUMENT_TRUST_DIR`` setting (environment), e.g. the
official files from ca.gov.vn (``/pki/pub/crt/rootcag2.crt``, ``cpcag2.crt``,
``dcscag2.crt``; ``/pki/pub/cert/rootca.crt``, ``cp.crt``) or ca.dcs.vn.  The party
bodies' intermediate "CA phục vụ các cơ quan Đảng G2" (``dcscag2.crt``) is not shipped
and must come that way.  Self-signed certificates become roots; the others are
intermediates used only to build paths.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from asn1crypto import pem, x509
from django.conf import settings

logger = logging.getLogger(__name__)

SHIPPED_DIR = Path(__file__).with_name("trust")
TRUST_DIR_SETTING = "DOCUMENT_TRUST_DIR"
SUFFIXES = (".pem", ".crt", ".cer", ".der")

# SHA-256 of each shipped certificate (DER), as published in trust/README.md.
PINS: dict[str, str] = {
    "esign_cpcag2.pem": "d8cab7a4aef92e6bb2509d7c61cee7b44f3731b2d21074963530277b366fae4b",
    "esign_rootcag2.pem": "f04ba4b459a7c9a1b971ad9b1cb833e695a80c79aea63b174b66a70edfe2fdb8",
    "esign_vnpt-ca-sha2.pem": "7d6ba5245317f9ed5d8bc765a4634d26ac6340d36b9f584df3b52d9c4a81a306",
    "esign_vnrca256.pem": "bac8bf609ab420a8ee1780d74f4de5c7f7184959d2a7375b0a75e4c29f0908e7",
    "vgcarepo_BCA.pem": "ecbf8428266c549eb1bfdc2715270d5b9dff3bbbe2d3f0c33e0fd91f70b2d943",
    "vgcarepo_BNG.pem": "3c4281296f92d292cc952295fe41ad7d0b37438ff1d143b56c4642cc1b14bd93",
    "vgcarepo_BTC.pem": "a262cfa489dbbe666f8b89fab832547809874d5a06fa9f7a38fc227ebdf40514",
    "vgcarepo_CP.pem": "75e969c07ba35c29c72bbc1bfb880f20f3891a619b00b77eb02ca6160736a1fe",
    "vgcarepo_DCS.pem": "6e218b3ebc2f31b0d03205c64fd7e8920fb47187d37afcdb4cb2bb4178bf4635",
    "vgcarepo_MIC.pem": "ca918d635bb130bec97639e6aabf7edbc4eb1310f8058b9419f467ae0230ad8c",
    "vgcarepo_VGCA_ROOTCA.pem": "f7bc89054cec7f12730d7b8cd3eb7955b163835087e5eb873edfb584763b3f90",
}


class PinMismatch(ValueError):
    """A shipped certificate file whose fingerprint is not the pinned one."""


@dataclass(frozen=True)
class TrustStore:
    roots: tuple[x509.Certificate, ...] = ()
    intermediates: tuple[x509.Certificate, ...] = ()
    refused: tuple[str, ...] = field(default=())  # files not loaded, with the reason


def fingerprint(cert: x509.Certificate) -> str:
    return hashlib.sha256(cert.dump()).hexdigest()


def is_root(cert: x509.Certificate) -> bool:
    """Self-signed (asn1crypto answers "yes", "maybe" or "no")."""
    return cert.self_signed != "no"


def read_certificates(data: bytes) -> list[x509.Certificate]:
    """Every certificate in a PEM (one or more blocks) or DER file."""
    if pem.detect(data):
        return [x509.Certificate.load(der) for _, _, der in pem.unarmor(data, multiple=True)]
    return [x509.Certificate.load(data)]


def load_pinned(path: Path, pin: str) -> x509.Certificate:
    """The certificate in ``path``, refused unless its SHA-256 equals ``pin``."""
    certs = read_certificates(path.read_bytes())
    if len(certs) != 1 or fingerprint(certs[0]) != pin:
        got = ", ".join(fingerprint(c) for c in certs) or "none"
        raise PinMismatch(f"{path.name}: SHA-256 {got} is not the pinned {pin}")
    return certs[0]


def build_store(shipped: Path = SHIPPED_DIR, extra: Path | None = None) -> TrustStore:
    certs: list[x509.Certificate] = []
    refused: list[str] = []
    for name, pin in sorted(PINS.items()):
        try:
            certs.append(load_pinned(shipped / name, pin))
        except (OSError, ValueError) as exc:
            logger.error("trust certificate refused: %s", exc)
            refused.append(str(exc))
    if extra is not None and extra.is_dir():
        for path in sorted(extra.iterdir()):
            if path.suffix.lower() not in SUFFIXES:
                continue
            try:
                certs.extend(read_certificates(path.read_bytes()))
            except (OSError, ValueError) as exc:
                logger.error("administrator's certificate %s not read: %s", path, exc)
                refused.append(f"{path.name}: {exc}")
    unique = {fingerprint(c): c for c in certs}.values()
    return TrustStore(
        roots=tuple(c for c in unique if is_root(c)),
        intermediates=tuple(c for c in unique if not is_root(c)),
        refused=tuple(refused),
    )


def admin_dir() -> Path | None:
    value = str(getattr(settings, TRUST_DIR_SETTING, "") or "").strip()
    return Path(value) if value else None


@lru_cache(maxsize=4)
def _cached(extra: Path | None) -> TrustStore:
    return build_store(extra=extra)


def default_store() -> TrustStore:
    """The shipped certificates plus ``$DOCUMENT_TRUST_DIR`` (read once per directory)."""
    return _cached(admin_dir())
