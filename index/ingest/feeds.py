"""RSS and Atom feed files: one article per entry, via feedparser."""
from __future__ import annotations

from .html import html_fragment_to_text
from .raw import RawArticle


def read_feed(data: bytes) -> list[RawArticle]:
    import feedparser

    feed = feedparser.parse(data)
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
