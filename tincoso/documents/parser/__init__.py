"""Parser for Vietnamese official documents (party: HD 36-HD/VPTW; state: NĐ 30/2020/NĐ-CP).

Pure Python, standard library only, no Django: ``parse_text(text)`` returns a
:class:`ParsedDocument` with the header, title, references, recipients and signature.
"""

from .grammar import parse_text
from .model import ParsedDocument

__all__ = ["ParsedDocument", "parse_text"]
