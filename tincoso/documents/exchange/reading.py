"""edXML bytes → our values, refusing what is malformed, hostile, too big or incomplete.

Elements are found by local name in any namespace: a public C# client puts
``Status`` in the SOAP namespace, and the SDK samples use QCVN_102_2016's.
Attachments: ``AttachmentEncoded/Attachment`` beside the envelope, base64. The
VNPT SDK sends some files (a .doc, not the PDF) zipped, typed ``application/zip``
under the file's own name: such a one-entry ZIP is unwrapped, within the limit.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import io
import zipfile
from typing import Any

from tincoso.documents.exchange import errors, safexml
from tincoso.documents.exchange.envelope import (
    Edoc,
    File,
    Organ,
    Replacement,
    ResponseFor,
    Staff,
    Status,
)
from tincoso.documents.exchange.errors import EnvelopeError
from tincoso.documents.exchange.statuses import CODES, REVOKE

_DATE_FORMATS = ("%Y/%m/%d", "%Y-%m-%d", "%d/%m/%Y")
_STAMP_FORMATS = ("%Y/%m/%d %H:%M:%S", "%d/%m/%Y %H:%M:%S", "%Y-%m-%dT%H:%M:%S")


def _find(node: Any, path: str) -> Any:
    return node.find("/".join(f"{{*}}{part}" for part in path.split("/")))


def _text(node: Any, path: str) -> str:
    found = _find(node, path) if node is not None else None
    return (found.text or "").strip() if found is not None else ""


def _required(node: Any, path: str) -> str:
    value = _text(node, path)
    if not value:
        raise EnvelopeError(errors.MISSING, field=path)
    return value


def _date(value: str, field: str) -> dt.date | None:
    value = value.strip()[:10]
    if not value:
        return None
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise EnvelopeError(errors.BAD_DATE, field=field, value=value[:40])


def _stamp(value: str) -> dt.datetime | None:
    for fmt in _STAMP_FORMATS:
        try:
            return dt.datetime.strptime(value.strip(), fmt)
        except ValueError:
            continue
    return None


def _organ(node: Any) -> Organ:
    return Organ(
        organ_id=_text(node, "OrganId"),
        name=_text(node, "OrganName"),
        in_charge=_text(node, "OrganizationInCharge"),
        address=_text(node, "OrganAdd"),
        email=_text(node, "Email"),
        telephone=_text(node, "Telephone"),
    )


def _staff(node: Any) -> Staff:
    if node is None:
        return Staff()
    return Staff(
        department=_text(node, "Department"),
        name=_text(node, "Staff"),
        email=_text(node, "Email"),
        mobile=_text(node, "Mobile"),
    )


def _response_for(node: Any) -> ResponseFor:
    return ResponseFor(
        organ_id=_text(node, "OrganId"),
        code=_text(node, "Code"),
        promulgation_date=_date(_text(node, "PromulgationDate"), "ResponseFor/PromulgationDate"),
        document_id=_text(node, "DocumentId"),
    )


def _decode(node: Any, name: str, limit: int) -> bytes:
    # split/join, not a regex: 0.01 s on 20 MB of base64 against 1.4 s (bench exchange)
    raw = "".join(_text(node, "ContentTransferEncoded").split())
    if len(raw) * 3 // 4 > limit:
        raise EnvelopeError(
            errors.ATTACHMENT_TOO_BIG,
            name=name,
            size=safexml.megabytes(len(raw) * 3 // 4),
            limit=safexml.megabytes(limit),
        )
    try:
        return base64.b64decode(raw, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise EnvelopeError(errors.BAD_BASE64, name=name) from exc


def _unwrapped(data: bytes, name: str, content_type: str, limit: int) -> bytes:
    if content_type != "application/zip" or name.lower().endswith(".zip"):
        return data
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        return data
    if len(entries) != 1 or entries[0].is_dir():
        return data
    if entries[0].file_size > limit:
        raise EnvelopeError(
            errors.ATTACHMENT_TOO_BIG,
            name=name,
            size=safexml.megabytes(entries[0].file_size),
            limit=safexml.megabytes(limit),
        )
    with archive.open(entries[0]) as handle:
        inner = handle.read(limit + 1)
    if len(inner) > limit:  # the header lied about the size
        raise EnvelopeError(
            errors.ATTACHMENT_TOO_BIG, name=name, size="> " + safexml.megabytes(limit),
            limit=safexml.megabytes(limit),
        )  # fmt: skip
    return inner


def _files(root: Any, limit: int) -> list[File]:
    files = []
    encoded = _find(root, "AttachmentEncoded")
    for node in encoded.findall("{*}Attachment") if encoded is not None else []:
        name = _text(node, "AttachmentName") or _text(node, "Description") or "tep"
        content_type = _text(node, "ContentType") or "application/octet-stream"
        data = _unwrapped(_decode(node, name, limit), name, content_type, limit)
        files.append(
            File(
                name=name,
                data=data,
                content_type=content_type,
                description=_text(node, "Description"),
                content_id=_text(node, "ContentId"),
            )
        )
    return files


def _replacements(business: Any) -> list[Replacement]:
    found = _find(business, "ReplacementInfoList") if business is not None else None
    if found is None:
        return []
    return [
        Replacement(
            _text(n, "DocumentId"),
            tuple((o.text or "").strip() for o in n.findall("{*}OrganIdList/{*}OrganId")),
        )
        for n in found.findall("{*}ReplacementInfo")
        if _text(n, "DocumentId")
    ]


def _edoc(root: Any, header: Any, limit: int) -> Edoc:
    head = _find(header, "MessageHeader")
    sender = _find(head, "From")
    if sender is None or not _text(sender, "OrganId"):
        raise EnvelopeError(errors.MISSING, field="From/OrganId")
    recipients = [_organ(n) for n in head.findall("{*}To") if _text(n, "OrganId")]
    if not recipients:
        raise EnvelopeError(errors.MISSING, field="To/OrganId")
    trace = _find(header, "TraceHeaderList")
    business = _find(trace, "Bussiness") if trace is not None else None
    places = _find(head, "ToPlaces")
    doc = Edoc(
        sender=_organ(sender),
        recipients=recipients,
        document_id=_required(head, "DocumentId"),
        code_number=_text(head, "Code/CodeNumber"),
        code_notation=_text(head, "Code/CodeNotation"),
        place=_text(head, "PromulgationInfo/Place"),
        promulgation_date=_date(
            _text(head, "PromulgationInfo/PromulgationDate"), "PromulgationDate"
        ),
        type_name=_text(head, "DocumentType/TypeName"),
        subject=_required(head, "Subject"),
        content=_text(head, "Content"),
        signer_competence=_text(head, "SignerInfo/Competence"),
        signer_position=_text(head, "SignerInfo/Position"),
        signer_name=_text(head, "SignerInfo/FullName"),
        due_date=_date(_text(head, "DueDate"), "DueDate"),
        priority=_text(head, "OtherInfo/Priority") or "0",
        to_places=[(p.text or "").strip() for p in places] if places is not None else [],
        steering_type=_text(head, "SteeringType"),
        business_type=_text(business, "BussinessDocType") or "0",
        business_reason=_text(business, "BussinessDocReason"),
        staff=_staff(_find(business, "StaffInfo") if business is not None else None),
        replaces=_replacements(business),
        trace=[
            (_text(n, "OrganId"), _text(n, "Timestamp"))
            for n in (trace.findall("{*}TraceHeader") if trace is not None else [])
        ],
        response_for=[_response_for(n) for n in head.findall("{*}ResponseFor")],
        files=_files(root, limit),
    )
    if not doc.files and doc.business_type != REVOKE:  # a revocation names, carries nothing
        raise EnvelopeError(errors.NO_ATTACHMENT)
    return doc


def _status(node: Any) -> Status:
    code = _required(node, "StatusCode").zfill(2)
    if code not in CODES:
        raise EnvelopeError(errors.MISSING, field=f"StatusCode ({code[:8]})")
    ref = _find(node, "ResponseFor")
    if ref is None or not _text(ref, "DocumentId"):
        raise EnvelopeError(errors.MISSING, field="ResponseFor/DocumentId")
    sender = _find(node, "From")
    if sender is None or not _text(sender, "OrganId"):
        raise EnvelopeError(errors.MISSING, field="From/OrganId")
    return Status(
        response_for=_response_for(ref),
        sender=_organ(sender),
        code=code,
        description=_text(node, "Description"),
        timestamp=_stamp(_text(node, "Timestamp")),
        staff=_staff(_find(node, "StaffInfo")),
    )


def read(data: bytes, *, max_bytes: int, max_file_bytes: int) -> Edoc | Status:
    """The message in ``data``: a document with its files, or a status."""
    root = safexml.parse(data, max_bytes=max_bytes)
    local = root.tag.rsplit("}", 1)[-1] if isinstance(root.tag, str) else "?"
    header = root.find(".//{*}edXMLHeader")
    if header is None:
        raise EnvelopeError(errors.NOT_EDXML, root=local[:40])
    status = _find(header, "Status")
    if status is not None:
        return _status(status)
    if _find(header, "MessageHeader") is None:
        raise EnvelopeError(errors.MISSING, field="MessageHeader")
    return _edoc(root, header, max_file_bytes)
