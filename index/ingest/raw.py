"""What a format reader hands back: one article's text and whatever metadata the input carried."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class RawArticle:
    body: str
    title: str | None = None
    source: str | None = None
    byline: str | None = None
    date: str | None = None  # raw, parsed to ISO later
    url: str | None = None
    host: str | None = None  # the site the text was found on when that is not the outlet (an aggregator)
    record: int = 0
    infer: bool = False  # plain scraped text: look for headline/byline/outlet lines in the body
    structured: bool = False  # a record's own text field (JSON, CSV, feed): every line is the author's, none is page furniture


@dataclass
class RecordError:
    """One bad record inside an otherwise readable multi-record file (a JSON Lines line, a CSV row)."""

    record: int
    reason: str
