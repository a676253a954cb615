"""The reader registry: which formats exist, how each is recognised, how large it may be, and what reads it.

Adding a format is one reader module and one line in READERS. A file goes to the first reader whose extension
matches or whose sniff recognises the start of its text; text is the fallback.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from .feeds import looks_like_feed, read_feed
from .html import read_html
from .raw import RawArticle, RecordError
from .records import Malformed, read_csv, read_json, read_jsonl_file
from .text import read_text

MAX_DOCUMENT_BYTES = 16 * 2**20  # one article (text, HTML, a feed) larger than this is not an article
MAX_RECORDS_BYTES = 512 * 2**20  # JSON / CSV files are read whole
STREAMED = None  # a reader with this limit reads the file itself, line by line (JSON Lines): no size limit


@dataclass
class Input:
    """One file handed to a reader: its bytes and decoded text (none for a streamed reader)."""

    path: Path
    suffix: str
    data: bytes = b""
    text: str = ""


@dataclass(frozen=True)
class Reader:
    name: str
    extensions: frozenset[str]
    read: Callable[[Input], Iterable[RawArticle | RecordError]]
    sniff: Callable[[str, str, str], bool] | None = None  # (head lowercased, suffix, whole text) → this format?
    limit: int | None = MAX_DOCUMENT_BYTES  # bytes; STREAMED = the reader streams the file itself


def _feed(src: Input):
    items = read_feed(src.data)
    if not items and src.suffix in FEED.extensions:
        raise Malformed("not an RSS/Atom feed with entries")
    return items


def _html(src: Input):
    items = read_html(src.text)
    if not items:
        raise Malformed("HTML page with no article text")
    return items


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
        return True
    except (ValueError, RecursionError):
        return False


FEED = Reader("feed", frozenset({".rss", ".atom", ".xml", ".rdf"}), _feed,
              sniff=lambda head, suffix, text: head.startswith("<?xml") and looks_like_feed(head))
HTML = Reader("html", frozenset({".html", ".htm", ".xhtml", ".shtml"}), _html,
              sniff=lambda head, suffix, text: head.startswith(("<!doctype html", "<html")))
JSON = Reader("json", frozenset({".json"}), lambda src: read_json(src.text), limit=MAX_RECORDS_BYTES,
              sniff=lambda head, suffix, text: suffix in ("", ".txt") and head[:1] in ("{", "[") and _is_json(text))
JSONL = Reader("jsonl", frozenset({".jsonl", ".ndjson"}), lambda src: read_jsonl_file(src.path), limit=STREAMED)
CSV = Reader("csv", frozenset({".csv", ".tsv"}), lambda src: read_csv(src.text, src.path), limit=MAX_RECORDS_BYTES)
TEXT = Reader("text", frozenset({".txt", ".text", ".md", ".markdown", ".story", ".eml", ""}), lambda src: read_text(src.text))

# Order matters only for sniffing: the first reader whose extension or sniff matches reads the file.
READERS: list[Reader] = [JSONL, FEED, HTML, JSON, CSV, TEXT]
FALLBACK = TEXT


def article_extensions() -> set[str]:
    return {ext for reader in READERS for ext in reader.extensions}


def by_extension(suffix: str) -> Reader | None:
    return next((r for r in READERS if suffix in r.extensions), None)


def choose(suffix: str, text: str) -> Reader:
    """The reader for a file's decoded text: extension or content, in registry order; text otherwise."""
    head = text.lstrip()[:2000].lower()
    for reader in READERS:
        if suffix in reader.extensions or (reader.sniff and reader.sniff(head, suffix, text)):
            return reader
    return FALLBACK
