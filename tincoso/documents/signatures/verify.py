"""``verify(pdf_bytes) -> list[SignatureResult]``: every embedded signature, offline.

pyHanko validates each signature with no network (``allow_fetching=False``,
revocation soft-fail), every algorithm accepted (SHA-1 is flagged, not refused),
the certificate chain judged at the timestamp's time when the signature carries an
RFC 3161 token (PAdES B-T), against the pinned roots of :mod:`.trust`.  The quirks
measured on real Vietnamese files (shared notes §B5) are advisories, never
"forged": see :mod:`.messages` for the list.  Bytes before ``%PDF-`` are stripped.
A file pyHanko cannot read raises :class:`SignatureReadError` (bilingual).
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from typing import Any
from zoneinfo import ZoneInfo

from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.diff_analysis.policy_api import DiffResult
from pyhanko.sign.validation.generic_cms import extract_self_reported_ts, extract_tst_data_iter
from pyhanko.sign.validation.pdf_embedded import (
    EmbeddedPdfSignature,
    async_validate_pdf_signature,
)
from pyhanko.sign.validation.utils import CMSAlgorithmUsagePolicy
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.policy_decl import AcceptAllAlgorithms

from tincoso.core.errors import DomainError

from . import chain as chains
from . import messages as m
from . import result as r
from . import running
from .diffpolicy import TolerantDiffPolicy
from .lenient_rsa import digest_matches
from .result import SignatureResult
from .trust import TrustStore, default_store
from .widgets import _page_index, appearance_texts, widget_of

VN = ZoneInfo("Asia/Ho_Chi_Minh")
QUIRK_HOURS = 7  # signer's local time written with a UTC label (notes §B5.5)

# pyHanko logs expected findings (a missing intermediate, a certification followed by
# new fields) as warnings with tracebacks; the results carry them instead.
for _name in ("pyhanko", "pyhanko_certvalidator"):
    if logging.getLogger(_name).level == logging.NOTSET:
        logging.getLogger(_name).setLevel(logging.ERROR)


class SignatureReadError(DomainError):
    code = "unreadable_signatures"


def strip_junk(data: bytes) -> bytes:
    """The PDF from its ``%PDF-`` header (mail gateways prepend bytes; notes §B5.8)."""
    start = data.find(b"%PDF-", 0, 4096)
    return data[start:] if start > 0 else data


def verify(data: bytes, store: TrustStore | None = None) -> list[SignatureResult]:
    store = store or default_store()
    try:
        reader = PdfFileReader(io.BytesIO(strip_junk(data)), strict=False)
        signatures = list(reader.embedded_signatures)
        pages = _page_index(reader)
    except Exception as exc:  # pyHanko raises many kinds on malformed input
        raise SignatureReadError(m.ERROR_UNREADABLE, reason=_short(exc)) from exc
    results = [_one(reader, sig, pages, store) for sig in signatures]
    texts = appearance_texts([res_ap for _, res_ap in results])
    out = []
    for (result, _), text in zip(results, texts, strict=True):
        result.appearance_text = text
        out.append(result)
    return out


def _short(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 160 else text[:159] + "…"


def _one(
    reader: PdfFileReader,
    sig: EmbeddedPdfSignature,
    pages: dict[int, tuple[int, float]],
    store: TrustStore,
) -> tuple[SignatureResult, Any]:
    result = SignatureResult(field=str(sig.field_name or ""))
    appearance = None
    try:
        widget = widget_of(reader, sig.sig_field, pages)
        appearance = widget.appearance
        result.page, result.page_height = widget.page, widget.page_height
        result.rect = list(widget.rect) if widget.rect else None
        _describe(result, sig)
        _validate(result, sig, store)
    except Exception as exc:  # one bad signature must not hide the others
        result.advisories.append(m.advisory("unreadable", reason=_short(exc)))
        result.verdict = m.both(m.VERDICT_UNREADABLE, field=result.field)
        return result, appearance
    result.verdict = _verdict(result)
    return result, appearance


def _describe(result: SignatureResult, sig: EmbeddedPdfSignature) -> None:
    cert = sig.signer_cert
    subject = cert.subject.native
    result.signer_cn = _text(subject.get("common_name"))
    result.signer_o = _text(subject.get("organization_name"))
    result.signer_ou = _text(subject.get("organizational_unit_name"))
    result.issuer_cn = _text(cert.issuer.native.get("common_name"))
    result.cert_not_after = cert.not_valid_after.isoformat()
    result.digest_algorithm = sig.md_algorithm
    result.certification = sig.docmdp_level is not None
    build = sig.sig_object.get("/Prop_Build")
    if build is not None:
        app = build.get_object().get("/App")
        name = app.get_object().get("/Name") if app is not None else None
        result.app = _text(name).lstrip("/")
    if sig.md_algorithm == "sha1":
        result.advisories.append(m.advisory("sha1"))


def _text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return " / ".join(_text(v) for v in value)
    return str(value).strip() if value is not None else ""


def _tsa_time(sig: EmbeddedPdfSignature) -> dt.datetime | None:
    for token in extract_tst_data_iter(sig.signer_info, signed=False):
        info = token["encap_content_info"]["content"].parsed
        return info["gen_time"].native
    return None


def _context(store: TrustStore, moment: dt.datetime | None) -> ValidationContext:
    return ValidationContext(
        trust_roots=list(store.roots),
        other_certs=list(store.intermediates),
        moment=moment,
        allow_fetching=False,
        revocation_mode="soft-fail",
        algorithm_usage_policy=AcceptAllAlgorithms(),
    )


def _validate(result: SignatureResult, sig: EmbeddedPdfSignature, store: TrustStore) -> None:
    tsa_time = _tsa_time(sig)
    policy = TolerantDiffPolicy()
    status = running.run(
        async_validate_pdf_signature(
            sig,
            signer_validation_context=_context(store, tsa_time),
            ts_validation_context=_context(store, None),
            diff_policy=policy,
            algorithm_policy=CMSAlgorithmUsagePolicy.lift_policy(AcceptAllAlgorithms()),
        )
    )
    result.intact = bool(status.intact)
    result.signature_valid = bool(status.valid)
    if status.intact and not status.valid and digest_matches(sig.signer_info, sig.signer_cert):
        result.nonstandard_encoding = True
        result.advisories.append(m.advisory("nonstandard_encoding"))
    elif status.intact and not status.valid:
        result.advisories.append(m.advisory("signature_invalid"))
    _coverage(result, status, policy)
    _timing(result, sig, status, tsa_time)
    if result.content_unchanged:
        chains.judge(result, sig, store, status, tsa_time)
        result.advisories.append(m.advisory("revocation_not_checked"))


def _coverage(result: SignatureResult, status: Any, policy: TolerantDiffPolicy) -> None:
    coverage = status.coverage.name if status.coverage is not None else ""
    if coverage == "ENTIRE_FILE":
        result.coverage = r.ENTIRE_FILE
    elif coverage == "ENTIRE_REVISION":
        diff = status.diff_result
        level = diff.modification_level if isinstance(diff, DiffResult) else None
        if level is not None and level <= ModificationLevel.FORM_FILLING:
            result.coverage = r.REVISION_FORM_FILLING
        elif level == ModificationLevel.ANNOTATIONS:
            result.coverage = r.REVISION_ANNOTATIONS
            result.advisories.append(m.advisory("annotations_after_signing"))
        else:
            result.coverage = r.REVISION_MODIFIED
            result.advisories.append(m.advisory("modified_after_signing"))
    else:
        result.coverage = r.PARTIAL
        result.advisories.append(m.advisory("modified_after_signing"))
    if policy.after_certification:
        result.advisories.append(m.advisory("fields_after_certification"))


def _timing(
    result: SignatureResult, sig: EmbeddedPdfSignature, status: Any, tsa_time: dt.datetime | None
) -> None:
    claimed = extract_self_reported_ts(sig.signer_info)
    source = r.SIGNING_TIME
    if claimed is None:
        claimed, source = sig.self_reported_timestamp, r.PDF_M
    result.claimed_time = claimed.isoformat() if claimed else None
    quirk = claimed is not None and _local_as_utc(claimed, tsa_time, sig.self_reported_timestamp)
    if quirk:
        result.advisories.append(m.advisory("local_time_as_utc"))
    tst = status.timestamp_validity
    if tsa_time is not None:
        result.time, result.time_source = tsa_time.astimezone(VN).isoformat(), r.TSA
        if tst is None or not (tst.intact and tst.valid):
            result.advisories.append(m.advisory("timestamp_untrusted"))
        return
    result.advisories.append(m.advisory("no_timestamp"))
    if claimed is not None:
        local = claimed.replace(tzinfo=VN) if quirk else claimed.astimezone(VN)
        result.time, result.time_source = local.isoformat(), source


def _local_as_utc(
    claimed: dt.datetime, tsa_time: dt.datetime | None, pdf_m: dt.datetime | None
) -> bool:
    """A UTC-labelled claim 7 h (± 1 h) after the TSA's time, or after /M's."""
    if claimed.utcoffset() != dt.timedelta(0):
        return False
    reference = tsa_time or (pdf_m if pdf_m is not None and pdf_m != claimed else None)
    if reference is None:
        return False
    gap = (claimed - reference).total_seconds() / 3600
    return abs(gap - QUIRK_HOURS) <= 1


def _who(result: SignatureResult) -> str:
    org = result.signer_o or result.signer_ou
    if org and org.casefold() != result.signer_cn.casefold():
        return f"{result.signer_cn} ({org})"
    return result.signer_cn or "?"


def _verdict(result: SignatureResult) -> dict[str, str]:
    who = _who(result)
    if not result.intact:
        return m.both(m.VERDICT_CHANGED, who=who)
    if not result.content_unchanged:
        return m.both(m.VERDICT_UNVERIFIED, who=who)
    if result.time:
        when = dt.datetime.fromisoformat(result.time).astimezone(VN).strftime("%d/%m/%Y %H:%M")
        verdict = m.both(m.VERDICT_OK, who=who, time=when)
    else:
        verdict = m.both(m.VERDICT_OK_NO_TIME, who=who)
    if result.chain in (r.MISSING_INTERMEDIATE, r.UNTRUSTED):
        suffix = m.both(m.SUFFIX_UNTRUSTED)
        verdict = {k: f"{v} ({suffix[k]})" for k, v in verdict.items()}
    return verdict
