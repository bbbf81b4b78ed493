"""The chain verdict of a signature: trusted to which root, missing intermediate, untrusted.

pyHanko decides trust (at the timestamp's time when there is one).  When it says no,
a walk up the issuer names tells why: an issuer certificate nobody supplied (PDFs
embed only the signer's certificate, so an intermediate the trust store lacks is the
usual cause), or a root that is not one of ours.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from asn1crypto import x509
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError
from pyhanko_certvalidator.policy_decl import AcceptAllAlgorithms

from . import messages as m
from . import result as r
from . import running
from .result import SignatureResult
from .trust import TrustStore, is_root


def _cn(name: x509.Name) -> str:
    value = name.native.get("common_name", "")
    return str(value[0] if isinstance(value, list) else value)


def walk(
    leaf: x509.Certificate, pool: list[x509.Certificate]
) -> tuple[x509.Certificate | None, str]:
    """(the top certificate reached, CN of the first issuer not found or "")."""
    by_subject = {c.subject.dump(): c for c in pool}
    current = leaf
    for _ in range(10):
        if is_root(current):
            return current, ""
        issuer = by_subject.get(current.issuer.dump())
        if issuer is None:
            return None, _cn(current.issuer)
        current = issuer
    return None, _cn(current.issuer)


def _revalidate(
    cert: x509.Certificate,
    others: list[x509.Certificate],
    store: TrustStore,
    moment: dt.datetime | None,
) -> str:
    """Why the chain does not validate ("" when it does), for a value pyHanko refused."""
    context = ValidationContext(
        trust_roots=list(store.roots),
        other_certs=list(store.intermediates) + others,
        moment=moment,
        allow_fetching=False,
        revocation_mode="soft-fail",
        algorithm_usage_policy=AcceptAllAlgorithms(),
    )
    validator = CertificateValidator(cert, validation_context=context)
    try:
        running.run(validator.async_validate_path())
    except (PathBuildingError, PathValidationError) as exc:
        return str(exc) or type(exc).__name__
    return ""


def judge(
    result: SignatureResult,
    sig: EmbeddedPdfSignature,
    store: TrustStore,
    status: Any,
    tsa_time: dt.datetime | None,
) -> None:
    cert = sig.signer_cert
    others = list(sig.other_embedded_certs)
    top, missing = walk(cert, list(store.roots) + list(store.intermediates) + others)
    trusted = bool(status.trusted)
    reason = ""
    if not trusted and not status.valid:
        reason = _revalidate(cert, others, store, tsa_time)
        trusted = not reason
    if trusted:
        result.chain = r.TRUSTED
        result.chain_root = _cn(top.subject) if top is not None else ""
        if tsa_time is not None and cert.not_valid_after < dt.datetime.now(dt.UTC):
            date = cert.not_valid_after.strftime("%d/%m/%Y")
            result.advisories.append(m.advisory("expired_after_signing", date=date))
        return
    if missing:
        result.chain = r.MISSING_INTERMEDIATE
        result.advisories.append(m.advisory("missing_intermediate", issuer=missing))
        return
    result.chain = r.UNTRUSTED
    if not reason:
        indic = getattr(status, "trust_problem_indic", None)
        reason = indic.name if indic is not None else "?"
        if top is not None and not any(top.dump() == c.dump() for c in store.roots):
            reason = _cn(top.subject)
    result.advisories.append(m.advisory("untrusted", reason=reason))
