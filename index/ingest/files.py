"""Finding article files and reading each one with the reader its content calls for."""
from __future__ import annotations

import os
import stat
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..errors import RejectedInput
from .decode import Undecodable, decode_bytes
from .feeds import looks_like_feed, read_feed
from .html import read_html
from .raw import RawArticle, RecordError
from .records import Malformed, read_csv, read_json, read_jsonl
from .text import read_text

TEXT_EXT = {".txt", ".text", ".md", ".markdown", ".story", ".eml", ""}
HTML_EXT = {".html", ".htm", ".xhtml", ".shtml"}
FEED_EXT = {".rss", ".atom", ".xml", ".rdf"}
JSON_EXT = {".json"}
JSONL_EXT = {".jsonl", ".ndjson"}
CSV_EXT = {".csv", ".tsv"}
ARTICLE_EXT = TEXT_EXT | HTML_EXT | FEED_EXT | JSON_EXT | JSONL_EXT | CSV_EXT

SIDECAR = "metadata.toml"  # a folder's own metadata for the files beside it (e.g. the seeds' dates)
MAX_DOCUMENT_BYTES = 16 * 2**20  # one article (text, HTML) larger than this is not an article
MAX_RECORDS_BYTES = 512 * 2**20  # JSON / CSV files are read whole; JSON Lines streams and has no limit
MAX_LINE_BYTES = 16 * 2**20


@dataclass
class Found:
    path: Path
    explicit: bool  # named on the command line (rejected if unreadable) vs met while walking a folder


def _suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    return "" if suffix[1:].isdigit() else suffix  # "53068" and "2537newsML.txt" alike


def discover(paths: list[Path], skipped: list[Path]) -> Iterator[Found]:
    """Files to read, folders walked recursively; symlink loops and dotfiles are passed over."""
    for root in paths:
        if not root.is_dir():
            yield Found(root, explicit=True)
            continue
        seen: set[tuple[int, int]] = set()
        for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
            try:
                st = os.stat(dirpath)
            except OSError:
                continue
            if (st.st_dev, st.st_ino) in seen:
                dirnames.clear()
                continue
            seen.add((st.st_dev, st.st_ino))
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                path = Path(dirpath) / name
                if name.startswith(".") or name == SIDECAR or _suffix(path) not in ARTICLE_EXT:
                    skipped.append(path)
                    continue
                yield Found(path, explicit=False)


def _read_bytes(path: Path, limit: int, probe: bool = False) -> bytes:
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):  # opening a named pipe would wait forever for a writer
            raise RejectedInput(str(path), f"not a regular file ({_file_kind(st.st_mode)})")
        size = st.st_size
        if size > limit:
            raise RejectedInput(str(path), f"too large to be one article ({size / 2**20:.1f} MB; limit {limit // 2**20} MB)")
        with open(path, "rb") as fh:
            return fh.read(1 if probe else limit + 1)
    except OSError as err:
        raise RejectedInput(str(path), os_error_reason(err)) from None


def _file_kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a directory")):
        if test(mode):
            return name
    return "not a file"


def os_error_reason(err: OSError) -> str:
    """Why a file could not be read, in the words a user understands."""
    if isinstance(err, FileNotFoundError):
        return "no such file (missing, a broken link, or removed during the run)"
    if isinstance(err, PermissionError):
        return "permission denied"
    if isinstance(err, IsADirectoryError):
        return "is a directory"
    return f"cannot be read ({err.strerror or err})"


def _decode(path: Path, data: bytes) -> str:
    if not data.strip():
        raise RejectedInput(str(path), "empty file")
    try:
        return decode_bytes(data)
    except Undecodable as err:
        raise RejectedInput(str(path), str(err)) from None


def _stream_lines(path: Path) -> Iterator[str]:
    try:
        with open(path, "rb") as fh:
            for raw in fh:
                yield decode_bytes(raw[:MAX_LINE_BYTES]) if raw.strip() else ""
    except Undecodable:
        raise RejectedInput(str(path), "binary data in a JSON Lines file") from None
    except OSError as err:
        raise RejectedInput(str(path), f"cannot be read ({err.strerror or err})") from None


def read_articles(path: Path) -> Iterator[RawArticle | RecordError]:
    """Every article in one file, plus one RecordError per bad record; RejectedInput if the file is unusable."""
    suffix = _suffix(path)
    if suffix in JSONL_EXT:
        _read_bytes(path, 2**62, probe=True)  # existence and permission checks only: JSON Lines streams
        yield from read_jsonl(_stream_lines(path))
        return
    limit = MAX_RECORDS_BYTES if suffix in JSON_EXT | CSV_EXT else MAX_DOCUMENT_BYTES
    data = _read_bytes(path, limit)
    text = _decode(path, data)
    head = text.lstrip()[:2000].lower()
    try:
        if suffix in FEED_EXT or (head.startswith("<?xml") and looks_like_feed(head)):
            items = read_feed(data)
            if not items and suffix in FEED_EXT:
                raise RejectedInput(str(path), "not an RSS/Atom feed with entries")
            yield from items
        elif suffix in HTML_EXT or head.startswith(("<!doctype html", "<html")):
            items = read_html(text)
            if not items:
                raise RejectedInput(str(path), "HTML page with no article text")
            yield from items
        elif suffix in JSON_EXT or (suffix in ("", ".txt") and head[:1] in "{[" and _is_json(text)):
            yield from read_json(text)
        elif suffix in CSV_EXT:
            yield from read_csv(text)
        else:
            yield from read_text(text)
    except Malformed as err:
        raise RejectedInput(str(path), str(err)) from None
    except RecursionError:
        raise RejectedInput(str(path), "nested too deeply to read") from None


def _is_json(text: str) -> bool:
    import json

    try:
        json.loads(text)
        return True
    except (ValueError, RecursionError):
        return False


_sidecars: dict[Path, dict] = {}


def sidecar_for(path: Path) -> dict:
    """The metadata a folder's `metadata.toml` gives for one file: {"date": ..., "source": ...}."""
    folder = path.parent
    if folder not in _sidecars:
        table: dict = {}
        file = folder / SIDECAR
        if file.is_file():
            try:
                table = tomllib.loads(file.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as err:
                raise RejectedInput(str(file), f"unreadable metadata sidecar: {err}") from None
        _sidecars[folder] = table
    entry = _sidecars[folder].get(path.name, {})
    return entry if isinstance(entry, dict) else {}
