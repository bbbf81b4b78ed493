"""The party channel's hand-off: party bodies exchange over their own secure network
(337-QĐ/TW, 384-QĐ/TW), not the state axis, so the same document leaves as files: a ZIP
of the original file(s) and ``metadata.json`` with the register's fields."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from tincoso.documents.exchange.exporting import files_of
from tincoso.documents.models import Document

FORMAT = "tincoso-document/1"


def metadata(doc: Document) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "unit": {"code": doc.unit.code, "name": doc.unit.name},
        "direction": doc.direction,
        "system": doc.system,
        "doc_type": doc.doc_type,
        "number": doc.number,
        "symbol": doc.symbol,
        "issuer": doc.issuer,
        "parent_issuer": doc.parent_issuer,
        "place": doc.place,
        "date": doc.date.isoformat() if doc.date else None,
        "title": doc.title,
        "addressees": doc.addressees,
        "recipients": doc.recipients,
        "signer_name": doc.signer_name,
        "signer_title": doc.signer_title,
        "signing_authority": doc.signing_authority,
        "urgency": doc.urgency,
        "deadline": doc.deadline.isoformat() if doc.deadline else None,
        "register": {"year": doc.register_year, "number": doc.register_number},
        "files": [],
    }


def _unique(name: str, taken: set[str]) -> str:
    stem, dot, ext = name.rpartition(".")
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{stem}-{n}.{ext}" if dot else f"{name}-{n}"
    taken.add(candidate)
    return candidate


def zip_of(doc: Document) -> bytes:
    meta = metadata(doc)
    buffer = io.BytesIO()
    taken = {"metadata.json"}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, file in enumerate(files_of(doc)):
            name = _unique(file.name.replace("/", "_").replace("\\", "_") or "tep", taken)
            archive.writestr(name, file.data)
            meta["files"].append(
                {"name": name, "content_type": file.content_type, "main": index == 0}
            )
        archive.writestr("metadata.json", json.dumps(meta, ensure_ascii=False, indent=2))
    return buffer.getvalue()
