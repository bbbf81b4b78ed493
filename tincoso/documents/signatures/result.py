"""One verified signature, as stored with the document and sent by the API."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from dataclasses import field as _field
from typing import Any

# chain
TRUSTED = "trusted"
MISSING_INTERMEDIATE = "missing_intermediate"
UNTRUSTED = "untrusted"
NOT_CHECKED = "not_checked"
# coverage
ENTIRE_FILE = "entire_file"
REVISION_FORM_FILLING = "revision_form_filling"
REVISION_ANNOTATIONS = "revision_annotations"
REVISION_MODIFIED = "revision_modified"
PARTIAL = "partial"
# time source
TSA = "tsa"
SIGNING_TIME = "signing_time"
PDF_M = "pdf_m"


@dataclass
class SignatureResult:
    field: str
    page: int | None = None
    rect: list[float] | None = None
    page_height: float | None = None
    signer_cn: str = ""
    signer_o: str = ""
    signer_ou: str = ""
    issuer_cn: str = ""  # the CA that issued the signer's certificate
    cert_not_after: str | None = None
    time: str | None = None  # ISO 8601 in Asia/Ho_Chi_Minh
    time_source: str = ""  # tsa | signing_time | pdf_m
    claimed_time: str | None = None  # as the signer's software wrote it
    digest_algorithm: str = ""
    intact: bool = False  # the signed bytes hash to the signed digest
    signature_valid: bool = False  # the signature value checks with the certificate
    nonstandard_encoding: bool = False
    chain: str = NOT_CHECKED
    chain_root: str = ""
    coverage: str = ""
    certification: bool = False
    app: str = ""
    appearance_text: str = ""
    advisories: list[dict[str, str]] = _field(default_factory=list)
    verdict: dict[str, str] = _field(default_factory=dict)

    @property
    def content_unchanged(self) -> bool:
        return self.intact and (self.signature_valid or self.nonstandard_encoding)

    def advisory_codes(self) -> list[str]:
        return [a["code"] for a in self.advisories]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
