"""JSON, JSON Lines and CSV: one article per record, fields found under the usual key names."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Iterator

from .decode import Undecodable, decode_bytes

from .html import html_fragment_to_text
from .raw import RawArticle, RecordError

# Keys read from each record, in order of preference (matched case-insensitively). Listed in the README.
KEYS = {
    "title": ("title", "headline", "name", "subject"),
    "body": ("body", "text", "content", "article", "description", "summary"),
    "date": ("date", "published", "published_at", "publishedat", "pubdate", "datetime", "created_at", "time"),
    "url": ("url", "link", "href"),
    "source": ("source", "outlet", "publisher", "site", "sitename", "site_name", "feed"),
    "byline": ("author", "authors", "byline", "creator", "by"),
}
_LIST_KEYS = ("articles", "items", "data", "results", "records", "entries", "documents", "docs")


MAX_LINE_BYTES = 16 * 2**20  # a JSON Lines line longer than this is cut (and then rejected as malformed JSON)


class Malformed(ValueError):
    """The whole file is unreadable (as opposed to one bad record in it)."""


def _field(record: dict, name: str) -> str | None:
    lowered = {str(k).lower(): v for k, v in record.items()}
    for key in KEYS[name]:
        value = lowered.get(key)
        if isinstance(value, dict):  # {"source": {"name": "Reuters"}}
            value = value.get("name") or value.get("title")
        if isinstance(value, list):
            value = ", ".join(str(v.get("name", v)) if isinstance(v, dict) else str(v) for v in value)
        if value not in (None, ""):
            return str(value)
    return None


def record_to_article(record: object, n: int) -> RawArticle | RecordError:
    if not isinstance(record, dict):
        return RecordError(n, f"record {n + 1} is not an object")
    body = _field(record, "body")
    title = _field(record, "title")
    if not body or not body.strip():
        return RecordError(n, f"record {n + 1} has no text (looked for {', '.join(KEYS['body'])})")
    return RawArticle(body=html_fragment_to_text(body), title=title, source=_field(record, "source"),
                      byline=_field(record, "byline"), date=_field(record, "date"), url=_field(record, "url"),
                      record=n, structured=True)


def read_json(text: str) -> Iterator[RawArticle | RecordError]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise Malformed(f"malformed JSON at line {err.lineno}, column {err.colno}: {err.msg}") from None
    except RecursionError:
        raise Malformed("JSON nested too deeply to read") from None
    if isinstance(data, dict):
        for key in _LIST_KEYS:
            if isinstance(data.get(key), list):
                data = data[key]
                break
        else:
            data = [data]
    if not isinstance(data, list):
        raise Malformed("JSON holds neither an article object nor a list of them")
    for n, record in enumerate(data):
        yield record_to_article(record, n)


def read_jsonl(lines: Iterator[str]) -> Iterator[RawArticle | RecordError]:
    """Stream a JSON Lines file: a bad line rejects that line only."""
    for n, line in enumerate(lines):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield RecordError(n, f"malformed JSON at line {n + 1}: {err.msg}")
            continue
        except RecursionError:
            yield RecordError(n, f"JSON at line {n + 1} nested too deeply to read")
            continue
        yield record_to_article(record, n)


def _stream_lines(path: Path) -> Iterator[str]:
    try:
        with open(path, "rb") as fh:
            for raw in fh:
                yield decode_bytes(raw[:MAX_LINE_BYTES]) if raw.strip() else ""
    except Undecodable:
        raise Malformed("binary data in a JSON Lines file") from None
    except OSError as err:
        raise Malformed(f"cannot be read ({err.strerror or err})") from None


def read_jsonl_file(path: Path) -> Iterator[RawArticle | RecordError]:
    """A JSON Lines file, streamed line by line: no size limit, memory bounded by the longest line."""
    return read_jsonl(_stream_lines(path))


def read_csv(text: str) -> Iterator[RawArticle | RecordError]:
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [str(h).strip().lower() for h in (reader.fieldnames or [])]
    if not set(header) & set(KEYS["body"]):
        raise Malformed(f"CSV has no header row naming a text column (one of: {', '.join(KEYS['body'])})")
    try:
        for n, row in enumerate(reader):
            row = {str(k).strip(): v for k, v in row.items() if k is not None}
            yield record_to_article(row, n)
    except csv.Error as err:
        raise Malformed(f"malformed CSV at line {reader.line_num}: {err}") from None
