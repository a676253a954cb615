"""JSON, JSON Lines and CSV: one article per record, fields found under the usual key names."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Iterator

from .csv_columns import SAMPLE_ROWS, infer_columns, repair_dump_text
from .decode import Undecodable, decode_bytes

from .html import record_text
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
    return RawArticle(body=record_text(body), title=title and record_text(title), source=_field(record, "source"),
                      byline=_field(record, "byline"), date=_field(record, "date"), url=_field(record, "url"),
                      record=n, structured=True)


MAX_INT_DIGITS = 4000  # Python refuses to read a longer integer (ValueError): such a number is kept as its digits
MAX_FIELD_BYTES = 16 * 2**20  # one CSV field (an article's text) may be this long; csv's default is 128 KB


def _int(digits: str):
    return int(digits) if len(digits) <= MAX_INT_DIGITS else digits


def _loads(text: str):
    """json.loads that reads any number (a 5,000-digit one raised ValueError and aborted the run)."""
    return json.loads(text, parse_int=_int)


def read_json(text: str) -> Iterator[RawArticle | RecordError]:
    try:
        data = _loads(text)
    except json.JSONDecodeError as err:
        raise Malformed(f"malformed JSON at line {err.lineno}, column {err.colno}: {err.msg}") from None
    except RecursionError:
        raise Malformed("JSON nested too deeply to read") from None
    except ValueError as err:
        raise Malformed(f"unreadable JSON ({err})") from None
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


def read_jsonl(lines: Iterator[str | RecordError]) -> Iterator[RawArticle | RecordError]:
    """Stream a JSON Lines file: a bad line rejects that line only."""
    for n, line in enumerate(lines):
        if isinstance(line, RecordError):
            yield line
            continue
        if not line.strip():
            continue
        try:
            record = _loads(line)
        except json.JSONDecodeError as err:
            yield RecordError(n, f"malformed JSON at line {n + 1}: {err.msg}")
            continue
        except RecursionError:
            yield RecordError(n, f"JSON at line {n + 1} nested too deeply to read")
            continue
        except ValueError as err:
            yield RecordError(n, f"unreadable JSON at line {n + 1} ({err})")
            continue
        yield record_to_article(record, n)


def _stream_lines(path: Path) -> Iterator[str | RecordError]:
    """Lines of a file, each read with a length cap: a 1 GB line is skipped in 1 MB steps, never held whole."""
    try:
        with open(path, "rb") as fh:
            n = 0
            while True:
                raw = fh.readline(MAX_LINE_BYTES + 1)
                if not raw:
                    return
                if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                    while raw and not raw.endswith(b"\n"):
                        raw = fh.readline(2**20)
                    yield RecordError(n, f"line {n + 1} is longer than {MAX_LINE_BYTES // 2**20} MB: skipped")
                elif not raw.strip():
                    yield ""
                else:
                    try:
                        yield decode_bytes(raw)
                    except Undecodable:
                        yield RecordError(n, f"line {n + 1} holds binary data, not text")
                n += 1
    except OSError as err:
        raise Malformed(f"cannot be read ({err.strerror or err})") from None


def read_jsonl_file(path: Path) -> Iterator[RawArticle | RecordError]:
    """A JSON Lines file, streamed line by line: no size limit, memory bounded by MAX_LINE_BYTES."""
    return read_jsonl(_stream_lines(path))


reading_notes: dict[str, str] = {}  # path → how a file was read when that was a guess (a headerless CSV); said once


def read_csv(text: str, path: Path | None = None) -> Iterator[RawArticle | RecordError]:
    csv.field_size_limit(MAX_FIELD_BYTES)
    sample = text[:8192]
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        delimiter = ","
    # only the delimiter is taken from the sniffer: its quoting guess says "no doubled quotes" whenever a quoted
    # field holding "" also holds the delimiter, and a `""` then ends the field, cutting the text in two
    reader = csv.reader(io.StringIO(text), dialect=csv.excel, delimiter=delimiter)
    try:
        first = next(reader, [])
    except csv.Error as err:
        raise Malformed(f"malformed CSV header: {err}") from None
    header = [str(h).strip().lower() for h in first]
    named = {key for keys in KEYS.values() for key in keys}
    if set(header) & set(KEYS["body"]):
        rows = _rows(reader, lambda row: dict(zip(header, row)))
    elif set(header) & named:
        raise Malformed(f"CSV has no header row naming a text column (one of: {', '.join(KEYS['body'])})")
    else:
        rows = _headerless(first, reader, path)
    for n, row in rows:
        if isinstance(row, RecordError):
            yield row
        else:
            yield record_to_article({k: repair_dump_text(v) if isinstance(v, str) else v for k, v in row.items()}, n)


def _headerless(first: list[str], reader, path: Path | None):
    """Bare rows: the columns are told apart by their values (csv_columns), and the reader says how."""
    try:
        ahead = [first] + [row for _, row in zip(range(SAMPLE_ROWS), reader)]
    except csv.Error as err:
        raise Malformed(f"malformed CSV at line {reader.line_num}: {err}") from None
    columns = infer_columns(ahead)
    if columns is None:
        raise Malformed("CSV has no header row and no column of article text (every column is numbers or short codes)")
    width = max(len(r) for r in ahead)
    reading_notes[str(path or "")] = f"{path}: {columns.describe(width)}"

    def pick(row: list[str]) -> dict:
        out = {"body": row[columns.body] if columns.body < len(row) else ""}
        if columns.title is not None and columns.title < len(row):
            out["title"] = row[columns.title]
        return out

    start = 1 if columns.header else 0
    buffered = [(n, pick(row)) for n, row in enumerate(ahead[start:])]
    yield from buffered
    yield from _rows(reader, pick, first_n=len(buffered))


def _rows(reader, to_record, first_n: int = 0):
    """(n, record or RecordError) for each row: a bad row (a field past MAX_FIELD_BYTES, a stray quote) rejects that
    row only."""
    n, stuck = first_n, -1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            if reader.line_num == stuck:  # an error that reads nothing would repeat forever
                raise Malformed(f"malformed CSV at line {reader.line_num}: {err}") from None
            stuck = reader.line_num
            yield n, RecordError(n, f"row {n + 1} (line {reader.line_num}) is malformed CSV: {err}")
        else:
            if any(cell.strip() for cell in row):
                yield n, {str(k).strip(): v for k, v in to_record(row).items() if k is not None}
        n += 1
