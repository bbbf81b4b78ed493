"""The parts of an edXML message as plain values (QCVN 102:2016 element names in comments).

Built by ``building`` from our documents, read by ``reading`` from bytes; neither
touches the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"


@dataclass(frozen=True)
class Organ:
    organ_id: str  # OrganId (mã định danh)
    name: str = ""  # OrganName
    in_charge: str = ""  # OrganizationInCharge
    address: str = ""  # OrganAdd
    email: str = ""
    telephone: str = ""


@dataclass(frozen=True)
class File:
    name: str  # AttachmentName
    data: bytes  # ContentTransferEncoded (base64 in the envelope)
    content_type: str = "application/octet-stream"
    description: str = ""
    content_id: str = ""


@dataclass(frozen=True)
class Staff:
    department: str = ""
    name: str = ""  # Staff
    email: str = ""
    mobile: str = ""


@dataclass(frozen=True)
class ResponseFor:
    organ_id: str
    code: str = ""  # "number/notation" of the document answered
    promulgation_date: dt.date | None = None
    document_id: str = ""


@dataclass(frozen=True)
class Replacement:
    """Bussiness/ReplacementInfoList/ReplacementInfo: a document this one replaces."""

    document_id: str  # DocumentId of the replaced document
    organ_ids: tuple[str, ...] = ()  # OrganIdList/OrganId: the bodies it was sent to


@dataclass
class Edoc:
    sender: Organ  # From
    recipients: list[Organ]  # To, one or more
    document_id: str  # DocumentId: "OrganId,yyyy/mm/dd,number/notation"
    code_number: str = ""  # Code/CodeNumber
    code_notation: str = ""  # Code/CodeNotation
    place: str = ""  # PromulgationInfo/Place
    promulgation_date: dt.date | None = None  # PromulgationInfo/PromulgationDate
    type_name: str = ""  # DocumentType/TypeName
    subject: str = ""  # Subject (trích yếu)
    content: str = ""  # Content
    signer_competence: str = ""  # SignerInfo/Competence (thẩm quyền ký)
    signer_position: str = ""  # SignerInfo/Position
    signer_name: str = ""  # SignerInfo/FullName
    due_date: dt.date | None = None  # DueDate (thời hạn giải quyết)
    priority: str = "0"  # OtherInfo/Priority
    to_places: list[str] = field(default_factory=list)  # ToPlaces/Place (nơi nhận)
    steering_type: str = ""  # SteeringType
    business_type: str = "0"  # TraceHeaderList/Bussiness/BussinessDocType
    business_reason: str = ""  # …/BussinessDocReason
    staff: Staff = field(default_factory=Staff)  # …/Bussiness/StaffInfo
    replaces: list[Replacement] = field(default_factory=list)  # …/ReplacementInfoList
    trace: list[tuple[str, str]] = field(default_factory=list)  # TraceHeader (OrganId, Timestamp)
    response_for: list[ResponseFor] = field(default_factory=list)
    files: list[File] = field(default_factory=list)  # AttachmentEncoded/Attachment

    @property
    def symbol(self) -> str:
        """The full number and symbol: DocumentId's third part, else number + notation."""
        parts = self.document_id.split(",", 2)
        if len(parts) == 3 and parts[2].strip():
            return parts[2].strip()
        if self.code_number and self.code_notation:
            joiner = "-" if "/" in self.code_notation else "/"
            return f"{self.code_number}{joiner}{self.code_notation}"
        return self.code_notation or self.code_number


@dataclass
class Status:
    response_for: ResponseFor  # ResponseFor: the document this status is about
    sender: Organ  # From: the body reporting
    code: str  # StatusCode
    description: str = ""
    timestamp: dt.datetime | None = None
    staff: Staff = field(default_factory=Staff)
