"""Our values → edXML bytes (lxml), in the layout of the VPCP SDK's sample envelopes.

Root ``edXML`` (default namespace QCVN_102_2016) holding ``edXMLEnvelope`` (header and
manifest) and, beside it, ``AttachmentEncoded`` with each file in base64. A status
message carries ``Status`` in the header and an empty body.
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

from lxml import etree

from tincoso.documents.exchange.envelope import (
    NS,
    Edoc,
    Organ,
    Replacement,
    ResponseFor,
    Staff,
    Status,
)

DATE = "%Y/%m/%d"
STAMP = "%Y/%m/%d %H:%M:%S"


def _el(parent: Any, tag: str, text: str | None = None) -> Any:
    child = etree.SubElement(parent, f"{{{NS}}}{tag}")
    if text is not None:
        child.text = text
    return child


def _opt(parent: Any, tag: str, text: str) -> None:
    if text:
        _el(parent, tag, text)


def _date(value: dt.date | None) -> str:
    return value.strftime(DATE) if value else ""


def _organ(parent: Any, tag: str, organ: Organ) -> None:
    node = _el(parent, tag)
    _el(node, "OrganId", organ.organ_id)
    _opt(node, "OrganizationInCharge", organ.in_charge)
    _el(node, "OrganName", organ.name)
    _opt(node, "OrganAdd", organ.address)
    _opt(node, "Email", organ.email)
    _opt(node, "Telephone", organ.telephone)


def _staff(parent: Any, staff: Staff) -> None:
    node = _el(parent, "StaffInfo")
    _opt(node, "Department", staff.department)
    _opt(node, "Staff", staff.name)
    _opt(node, "Email", staff.email)
    _opt(node, "Mobile", staff.mobile)


def _response_for(parent: Any, ref: ResponseFor) -> None:
    node = _el(parent, "ResponseFor")
    _el(node, "OrganId", ref.organ_id)
    _el(node, "Code", ref.code)
    _opt(node, "PromulgationDate", _date(ref.promulgation_date))
    _el(node, "DocumentId", ref.document_id)


def _replacements(parent: Any, replaces: list[Replacement]) -> None:
    """ReplacementInfoList, as the VPCP SDK's builder fills it for a replacement."""
    if not replaces:
        return
    node = _el(parent, "ReplacementInfoList")
    for item in replaces:
        info = _el(node, "ReplacementInfo")
        _el(info, "DocumentId", item.document_id)
        organs = _el(info, "OrganIdList")
        for organ_id in item.organ_ids:
            _el(organs, "OrganId", organ_id)


def _root() -> tuple[Any, Any, Any]:
    root = etree.Element(f"{{{NS}}}edXML", nsmap={None: NS})
    envelope = _el(root, "edXMLEnvelope")
    return root, envelope, _el(envelope, "edXMLHeader")


def _bytes(root: Any) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def build_edoc(doc: Edoc, now: dt.datetime) -> bytes:
    root, envelope, header = _root()
    head = _el(header, "MessageHeader")
    _organ(head, "From", doc.sender)
    for organ in doc.recipients:
        _organ(head, "To", organ)
    _el(head, "DocumentId", doc.document_id)
    code = _el(head, "Code")
    _el(code, "CodeNumber", doc.code_number)
    _el(code, "CodeNotation", doc.code_notation)
    info = _el(head, "PromulgationInfo")
    _opt(info, "Place", doc.place)
    _el(info, "PromulgationDate", _date(doc.promulgation_date))
    _el(_el(head, "DocumentType"), "TypeName", doc.type_name)
    _el(head, "Subject", doc.subject)
    _el(head, "Content", doc.content or doc.subject)
    signer = _el(head, "SignerInfo")
    _opt(signer, "Competence", doc.signer_competence)
    _opt(signer, "Position", doc.signer_position)
    _el(signer, "FullName", doc.signer_name)
    _opt(head, "DueDate", _date(doc.due_date))
    _el(_el(head, "OtherInfo"), "Priority", doc.priority)
    for ref in doc.response_for:
        _response_for(head, ref)
    _opt(head, "SteeringType", doc.steering_type)
    if doc.to_places:
        places = _el(head, "ToPlaces")
        for place in doc.to_places:
            _el(places, "Place", place)
    trace = _el(header, "TraceHeaderList")
    for organ_id, stamp in doc.trace or [(doc.sender.organ_id, now.strftime(STAMP))]:
        item = _el(trace, "TraceHeader")
        _el(item, "OrganId", organ_id)
        _el(item, "Timestamp", stamp)
    business = _el(trace, "Bussiness")  # sic: the standard's spelling
    _el(business, "BussinessDocType", doc.business_type)
    _el(business, "BussinessDocReason", doc.business_reason)
    _el(business, "Paper", "0")
    _staff(business, doc.staff)
    _replacements(business, doc.replaces)
    manifest = _el(_el(envelope, "edXMLBody"), "edXMLManifest")
    manifest.set("version", "1.0")
    encoded = _el(root, "AttachmentEncoded")
    for index, file in enumerate(doc.files, start=1):
        cid = file.content_id or f"cid:{index}"
        for parent in (_el(manifest, "Reference"), _el(encoded, "Attachment")):
            _el(parent, "ContentId", cid)
            _el(parent, "AttachmentName", file.name)
            _el(parent, "Description", file.description or file.name)
            _el(parent, "ContentType", file.content_type)
        _el(parent, "ContentTransferEncoded", base64.b64encode(file.data).decode("ascii"))
    return _bytes(root)


def build_status(status: Status) -> bytes:
    root, envelope, header = _root()
    node = _el(header, "Status")
    _response_for(node, status.response_for)
    _organ(node, "From", status.sender)
    _el(node, "StatusCode", status.code)
    _el(node, "Description", status.description)
    _el(node, "Timestamp", status.timestamp.strftime(STAMP) if status.timestamp else "")
    _staff(node, status.staff)
    _el(envelope, "edXMLBody")
    return _bytes(root)
