"""Markdown to safe HTML: rendered with Python-Markdown, then cleaned by nh3 (ammonia).

Whatever an author types, no script, event handler, style or foreign frame
survives: nh3 keeps only the tags and attributes listed here.
"""

from __future__ import annotations

import html
import re

import markdown
import nh3

TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "strong",
    "em",
    "b",
    "i",
    "u",
    "s",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "code",
    "pre",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
    "img",
    "figure",
    "figcaption",
    "sup",
    "sub",
}
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "th": {"scope"},
    "td": {"colspan", "rowspan"},
}


def render(text: str) -> str:
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists"], output_format="html")
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


# Where one block of rendered Markdown ends and the next begins: a line break in text.
_BLOCK_END = re.compile(r"<(?:br|hr)\s*/?>|</(?:p|h[1-6]|li|blockquote|pre|tr|th|td|figcaption)>")


def plain_text(text: str) -> str:
    """What a reader sees of the Markdown ``text``, without its marks (``**``, ``#``,
    link targets): rendered as the portal renders it, then stripped of every tag."""
    rendered = _BLOCK_END.sub("\n", render(text))
    words = html.unescape(nh3.clean(rendered, tags=set()))
    lines = (" ".join(line.split()) for line in words.splitlines())
    return "\n".join(line for line in lines if line)
