"""HTML pages: trafilatura keeps the main text and metadata; scripts, menus and ads never get through."""
from __future__ import annotations

import html
import re

from .raw import RawArticle

_BLOCK_TAGS = re.compile(r"(?i)</?(p|div|br|li|h[1-6]|tr|blockquote|section|article)\b[^>]*>")


_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")


def _drop_control_refs(text: str) -> str:
    """`&#27;` and other references to C0 controls: trafilatura drops the whole page when it meets one."""
    def keep(m: re.Match) -> str:
        code = int(m[1], 16) if m[1] else int(m[2])
        return "" if code < 32 and code not in (9, 10, 13) or code == 127 else m[0]

    return _CHAR_REF.sub(keep, text) if "&#" in text else text


def read_html(text: str) -> list[RawArticle]:
    import trafilatura

    doc = trafilatura.bare_extraction(
        _drop_control_refs(text), with_metadata=True, include_comments=False, include_tables=False, include_images=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None or not (doc.text or "").strip():
        return []
    body = doc.text
    title = doc.title
    if title and body.startswith(title):
        body = body[len(title):].lstrip("\n")
    return [RawArticle(body=body, title=title, source=doc.sitename, byline=doc.author, date=doc.date, url=doc.url)]


# What only markup has: a closing tag, a comment, a tag with attributes or self-closed, or a common lower-case tag.
# Plain wire text uses angle brackets too (Reuters writes "sold <Fairchild Semiconductor Corp> to Fujitsu Ltd
# <ITSU.T>"): without one of these the brackets are the author's text and stay.
_MARKUP = re.compile(
    r"</[A-Za-z][\w-]*\s*>|<!--|<[A-Za-z][\w-]*\s+[\w:-]+\s*=|<[A-Za-z][\w-]*\s*/>"
    r"|<(?:p|br|div|span|a|b|i|em|strong|li|ul|ol|img|hr|table|tr|td|h[1-6]|script|style|iframe)\b")


def looks_like_markup(fragment: str) -> bool:
    """True when a record's or entry's text is HTML rather than plain text that happens to hold angle brackets."""
    return "<" in fragment and _MARKUP.search(fragment) is not None


def html_fragment_to_text(fragment: str) -> str:
    """Text of a small HTML fragment (a feed entry's summary): tags dropped, scripts and styles removed. Plain text
    (no sign of markup) comes back unchanged, its angle brackets included."""
    if not looks_like_markup(fragment):
        return fragment
    import lxml.html

    fragment = _BLOCK_TAGS.sub(lambda m: "\n" + m[0], fragment)
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # lxml raises several types on broken markup; fall back to stripping tags
        return re.sub(r"<[^>]*>", " ", fragment)
    for bad in root.xpath("//script|//style|//noscript|//iframe"):
        bad.drop_tree()
    return "\n".join(line.strip() for line in root.text_content().split("\n") if line.strip())


_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def record_text(text: str) -> str:
    """A JSON/CSV record's text field as plain text. HTML is read as HTML; text escaped once for the web ("AT&amp;T",
    an AG News row's `&lt;A HREF=…&gt;SPLS.O&lt;/A&gt;`) is unescaped first, and markup that appears then is dropped
    like any other. Only complete references ending in ";" are read, so "R&D" or "&nothing" stay as written."""
    if not looks_like_markup(text) and "&" in text:
        text = _REFERENCE.sub(lambda m: html.unescape(m[0]), text)
    return html_fragment_to_text(text)
