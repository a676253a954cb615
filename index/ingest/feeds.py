"""RSS and Atom feed files: one article per entry, via feedparser."""
from __future__ import annotations

import io
import re

from .html import html_fragment_to_text
from .raw import RawArticle


# A numeric character reference beyond Unicode ("&#99999999999;") makes feedparser raise OverflowError.
_CHAR_REF = re.compile(rb"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));")


def _valid_char_refs(data: bytes) -> bytes:
    """Character references that name no character become U+FFFD, as an HTML parser would show them."""
    def fix(m: re.Match) -> bytes:
        digits = (m[1] or m[2]).lstrip(b"0")
        if len(digits) > 8:  # past U+10FFFF whatever they say (and int() refuses 4,300+ digits)
            return b"&#xFFFD;"
        code = int(m[1], 16) if m[1] else int(m[2])
        return m[0] if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else b"&#xFFFD;"

    return _CHAR_REF.sub(fix, data)


def read_feed(data: bytes) -> list[RawArticle]:
    import feedparser

    # A file object, never bytes or str: feedparser opens a string (and even bytes) that names a path or URL, so
    # an .rss file holding "/dev/zero" or "http://..." would be read from there.
    feed = feedparser.parse(io.BytesIO(_valid_char_refs(data)))
    outlet = feed.feed.get("title") if feed.get("feed") else None
    articles = []
    for n, entry in enumerate(feed.entries):
        content = entry.get("content")
        html = content[0].get("value", "") if content else entry.get("summary", "")
        body = html_fragment_to_text(html or "")
        if not body.strip() and not entry.get("title"):
            continue
        articles.append(RawArticle(
            body=body, title=entry.get("title"), source=outlet, byline=entry.get("author"),
            date=entry.get("published") or entry.get("updated"), url=entry.get("link"), record=n, structured=True))
    return articles


def looks_like_feed(head: str) -> bool:
    head = head[:2000].lower()
    return "<rss" in head or "<feed" in head or "<rdf:rdf" in head
