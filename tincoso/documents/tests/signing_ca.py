"""A throwaway certificate authority and a PDF signer for the signature tests.

Keys and certificates are generated with ``cryptography`` on each run (a root, an
intermediate, people's and bodies' certificates, a timestamping authority); PDFs are
signed with pyHanko's own signer, as a real signing tool would.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.timestamps import DummyTimeStamper
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator.registry import SimpleCertificateStore

from tincoso.documents.tests.pdf_builder import Page, build_pdf

NOW = dt.datetime.now(dt.UTC)
SINCE = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)  # the CA and TSA exist from here on


@dataclass
class Identity:
    cert: asn1_x509.Certificate
    key: asn1_keys.PrivateKeyInfo
    issuer: tuple[x509.Name, rsa.RSAPrivateKey]  # its name and key, to issue below it


def _name(cn: str, o: str = "", ou: str = "") -> x509.Name:
    parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if o:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, o))
    if ou:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, ou))
    parts.append(x509.NameAttribute(NameOID.COMMON_NAME, cn))
    return x509.Name(parts)


def _issue(
    subject: x509.Name,
    issuer: tuple[x509.Name, rsa.RSAPrivateKey] | None,
    *,
    ca: bool,
    start: dt.datetime = NOW - dt.timedelta(days=30),
    end: dt.datetime = NOW + dt.timedelta(days=365),
    tsa: bool = False,
) -> Identity:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    issuer_name, issuer_key = issuer if issuer else (subject, key)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca,
                content_commitment=not ca,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
    )
    if issuer:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), False
        )
    if tsa:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        )
    cert = builder.sign(issuer_key, hashes.SHA256())
    der_key = key.private_bytes(
        serialization.Encoding.DER,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return Identity(
        asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        asn1_keys.PrivateKeyInfo.load(der_key),
        (subject, key),
    )


class ThrowawayCA:
    """Root → intermediate → leaves, all made fresh."""

    def __init__(self) -> None:
        self.root = _issue(_name("Test Root CA", "Ban Thử nghiệm"), None, ca=True, start=SINCE)
        self.intermediate = _issue(
            _name("Test Intermediate CA", "Ban Thử nghiệm"),
            self.root.issuer,
            ca=True,
            start=SINCE,
        )
        self.tsa = _issue(_name("Test TSA"), self.root.issuer, ca=False, tsa=True, start=SINCE)

    def person(
        self,
        cn: str,
        o: str = "",
        ou: str = "",
        start: dt.datetime = NOW - dt.timedelta(days=30),
        end: dt.datetime = NOW + dt.timedelta(days=365),
    ) -> Identity:
        return _issue(_name(cn, o, ou), self.intermediate.issuer, ca=False, start=start, end=end)


def blank_pdf(text: str = "Văn bản thử nghiệm ký số") -> bytes:
    ascii_text = text.encode("ascii", "replace").decode()
    return build_pdf([Page(texts=[(72, 700, ascii_text), (72, 680, "So: /QD-UBND")])])


def sign(
    pdf: bytes,
    who: Identity,
    *,
    embed: tuple[Identity, ...] = (),
    field: str = "Signature1",
    box: tuple[int, int, int, int] | None = None,
    stamp_text: str | None = None,
    md: str = "sha256",
    certify: bool = False,
    tsa: DummyTimeStamper | None = None,
) -> bytes:
    signer = signers.SimpleSigner(
        signing_cert=who.cert,
        signing_key=who.key,
        cert_registry=SimpleCertificateStore.from_certs([i.cert for i in embed]),
    )
    meta = signers.PdfSignatureMetadata(
        field_name=field,
        md_algorithm=md,
        certify=certify,
        docmdp_permissions=fields.MDPPerm.FILL_FORMS,
    )
    spec = fields.SigFieldSpec(field, on_page=0, box=box) if box else None
    style = TextStampStyle(stamp_text=stamp_text) if stamp_text is not None else None
    pdf_signer = signers.PdfSigner(
        meta, signer=signer, timestamper=tsa, stamp_style=style, new_field_spec=spec
    )
    out = io.BytesIO()
    from tincoso.documents.signatures import running  # a browser test may hold a loop

    running.run(pdf_signer.async_sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False),
                                          output=out))  # fmt: skip
    return out.getvalue()
