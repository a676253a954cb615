"""Ingest: files → clean articles with metadata. Readers per format, boilerplate cleaning, metadata inference."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ..model import Article
from .clean import clean_body, clean_record, demarkdown, fingerprint, strip_controls
from .files import Found, discover, read_articles, sidecar_for
from .credits import page_credit
from .meta import infer_from_text, parse_date
from .outlets import as_domain, settle
from .titles import derive_title, headline
from .raw import RawArticle, RecordError

__all__ = ["Found", "RawArticle", "RecordError", "discover", "read_articles", "prepare", "finish_article", "line_fingerprints",
           "source_key"]

INGEST_VERSION = "5"  # raise when what ingest makes of a file changes: an index built before re-reads its files
REPEAT_LINE_MAX = 300  # only lines this short are counted as possible boilerplate


def _one_line(value) -> str | None:
    if value is None:
        return None
    value = re.sub(r"\s+", " ", strip_controls(str(value))).strip()
    return value or None


def prepare(raw: RawArticle, path: Path) -> RawArticle:
    """Fill metadata from the text itself and the folder's sidecar, before cleaning."""
    if raw.infer:
        found, raw.body = infer_from_text(raw.body)
        for key, value in found.items():
            if not getattr(raw, key):
                setattr(raw, key, value)
    if raw.structured:  # a record that names no outlet may still credit one in its text ("AP - …")
        if not raw.source:
            raw.source = page_credit(raw.body, raw.title)
    elif not (raw.infer and raw.source):  # a page may credit another writer than its site (a wire story)
        credit = page_credit(raw.body, raw.title)
        if credit and credit != settle(raw.source, raw.host, raw.url, raw.title)[0]:
            raw.host = raw.host or as_domain(raw.url) or raw.source
            raw.source = credit
    for key, value in sidecar_for(path).items():
        if key in ("title", "source", "byline", "date", "url", "host") and value:
            setattr(raw, key, str(value))
    return raw


def source_key(raw: RawArticle, path: Path) -> str:
    """Which documents count as 'the same source' for repeated boilerplate: the site (host), else the outlet, else the folder."""
    return (raw.host or raw.source or "").strip().casefold() or f"dir:{path.parent}"


def line_fingerprints(raw: RawArticle) -> set[str]:
    """The short lines of a scraped page, counted to find what a source repeats; records are not pages."""
    if raw.structured:
        return set()
    lines = (demarkdown(line).strip() for line in strip_controls(raw.body).split("\n"))
    return {fingerprint(line) for line in lines if line and len(line) <= REPEAT_LINE_MAX}


def article_id(raw: RawArticle) -> str:
    """Stable id from content: the same article read again (from any file) gets the same id."""
    norm = re.sub(r"\s+", " ", f"{raw.title or ''}\n{raw.body}").strip()
    return hashlib.sha256(norm.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def finish_article(raw: RawArticle, path: Path, repeated=lambda fp, prose: False) -> Article | None:
    """Clean the body and settle the metadata; None when nothing of the article is left."""
    text = clean_record(raw.body) if raw.structured else clean_body(raw.body, repeated)
    if len(text.split()) < 3:
        return None
    page_title = _one_line(demarkdown(raw.title or ""))
    outlet, host, _wire = settle(_one_line(raw.source), _one_line(raw.host), _one_line(raw.url), page_title)
    title = headline(page_title, [n for n in (outlet, raw.source) if n], host, _one_line(raw.url)) if page_title else None
    derived = not title
    if derived:
        title = derive_title(text) or path.stem
    return Article(
        id=article_id(raw), path=str(path), title=title, text=text, source=outlet, host=host,
        byline=_one_line(raw.byline), date=parse_date(raw.date), url=_one_line(raw.url), record=raw.record,
        title_derived=derived)
