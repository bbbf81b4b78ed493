"""An item's body to safe HTML, cleaned by nh3 (ammonia).

A body is Markdown (typed by hand, the API, items written before the rich-text
editor) or HTML (what the editor saves, often pasted from Word). Both end in the
same nh3 clean: whatever an author types or pastes, no script, event handler,
style, Word markup (``mso-`` styles, ``<o:p>``, conditional comments) or foreign
frame survives; nh3 keeps only the tags and attributes listed here.
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


# The editor's HTML starts with one of its blocks. Markdown that starts with a raw
# HTML block is passed through as HTML by Markdown too, so either reading agrees.
_HTML_START = re.compile(
    r"\s*<(?:p|h[1-6]|ul|ol|table|blockquote|pre|div|figure|html|body|meta)[\s>]", re.I
)
# The item's title is the page's h1: the body's headings start at h2, and h5/h6 are h4.
_HEADING = re.compile(r"<(/?)h([1-6])\b", re.I)
# Word's conditional parts that hold no reader's text, dropped whole before nh3 would
# keep their text: <!--[if gte mso 9]>...<![endif]--> (XML, VML drawings) and the bullet
# or number Word types before a list paragraph (<![if !supportLists]>·<![endif]>).
# Other <![if ...]> marks (around an image: <![if !vml]>) nh3 drops, keeping the inside.
_CONDITIONAL = re.compile(
    r"<!--\[if[^\]]*\]>.*?<!\[endif\]-->"
    r"|<!-*\[if !support(?:Lists|LineBreakNewLine)\]-*>.*?<!-*\[endif\]-*>",
    re.S | re.I,
)
# Word's namespaced elements that hold no reader's text (<o:p>&nbsp;</o:p>, <v:shape>).
_OFFICE_XML = re.compile(r"<(o|v|w|m):(\w+)[^>]*>.*?</\1:\2>", re.S | re.I)


def is_html(text: str) -> bool:
    """Whether ``text`` is a body the rich-text editor wrote (HTML), not Markdown."""
    return bool(_HTML_START.match(text or ""))


def _heading(match: re.Match[str]) -> str:
    level = min(max(int(match.group(2)) + (1 if match.group(2) == "1" else 0), 2), 4)
    return f"<{match.group(1)}h{level}"


def render(text: str) -> str:
    if is_html(text):
        html = _OFFICE_XML.sub("", _CONDITIONAL.sub("", text))
        html = _HEADING.sub(_heading, html)
    else:
        html = markdown.markdown(
            text or "", extensions=["tables", "sane_lists"], output_format="html"
        )
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
    """What a reader sees of the body ``text``, without its marks (``**``, ``#``,
    link targets): rendered as the portal renders it, then stripped of every tag."""
    rendered = _BLOCK_END.sub("\n", render(text))
    words = html.unescape(nh3.clean(rendered, tags=set()))
    lines = (" ".join(line.split()) for line in words.splitlines())
    return "\n".join(line for line in lines if line)
