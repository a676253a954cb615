"""The Whoosh full-text index: schema, opening, and the one writer allowed at a time."""
from __future__ import annotations

import shutil
import time
from datetime import datetime
from pathlib import Path

from whoosh import index as windex
from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemmingAnalyzer
from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.support.charset import accent_map

from ..errors import IndexUnavailable
from . import checksums
from ..model import Article
from .codec import NXCodec

SCHEMA_VERSION = 2
TITLE_WEIGHT = 3
INDEX_DIRNAME = f"whoosh-v{SCHEMA_VERSION}"  # the schema is pickled into the index: a new schema means a new folder
ENTITY_FIELDS = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place"}


def text_analyzer():
    """English stemming with accents folded, so 'Zaporizhzhia', 'négociations' and 'negotiating' all match."""
    return StemmingAnalyzer(minsize=1, stoplist=None) | CharsetFilter(accent_map)


def name_analyzer():
    return RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)


def make_schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        path=ID(stored=True),
        title=TEXT(analyzer=text_analyzer(), stored=True),
        # Title and body in one field (the title written TITLE_WEIGHT times: BM25 counts it that much more).
        # One field instead of title OR body per word halves query time in Whoosh.
        content=TEXT(analyzer=text_analyzer(), stored=False),
        source=TEXT(analyzer=name_analyzer(), stored=True),
        outlet=ID(stored=True),  # exact outlet name, for facets and filters from the UI
        date=DATETIME(stored=True, sortable=True),
        # Canonical entity names, tokenised so `person:zelenskyy` and `place:"new york"` both work.
        person=TEXT(analyzer=name_analyzer()),
        org=TEXT(analyzer=name_analyzer()),
        place=TEXT(analyzer=name_analyzer()),
        entity=TEXT(analyzer=name_analyzer()),
        issue=KEYWORD(commas=True, lowercase=True, scorable=True),
        extra=STORED,
    )


def open_index(data_dir: Path, expected_docs: int = 0, attempts: int = 3):
    """Open the Whoosh index and prove it readable: (index, searcher), or IndexUnavailable saying why.

    Whoosh opens lazily, so a segment cut short by a crash, a full disk or a partial copy would only fail in
    the middle of a search: every segment is opened and its first and last stored document read here instead.
    `expected_docs` (the article store's count) catches an index that lost everything it held. A writer may swap
    segments between our reading the TOC and opening them: up to `attempts` tries, 0.1 s apart.
    """
    path = data_dir / INDEX_DIRNAME
    last: Exception | None = None
    for attempt in range(attempts):
        if attempt:
            time.sleep(0.1)
        try:
            if not windex.exists_in(str(path)):
                raise IndexUnavailable(f"the search index {path} is missing")
            ix = windex.open_dir(str(path))
            searcher = ix.searcher()
        except IndexUnavailable:
            raise
        except Exception as err:  # Whoosh raises many types for damaged files (EOFError, UnpicklingError, ...)
            last = err
            continue
        try:
            docs = _check(ix, searcher, path)
        except Exception as err:
            searcher.close()
            last = err
            continue
        if docs == 0 and expected_docs > 0:
            searcher.close()
            raise IndexUnavailable(f"the search index in {path} is damaged (it holds no documents, "
                                   f"the article store {expected_docs})")
        return ix, searcher
    raise IndexUnavailable(f"the search index in {path} is damaged ({_describe(last)})")


def _check(ix, searcher, path: Path) -> int:
    """Read the first and last stored document of every segment and compare checksums; the number of documents."""
    total = 0
    leaves = [reader for reader, _ in searcher.reader().leaf_readers()]
    for reader in leaves:
        n = reader.doc_count_all()
        if n:
            reader.stored_fields(0)
            reader.stored_fields(n - 1)
        total += reader.doc_count()
    checksums.verify([r.segment() for r in leaves if r.segment() is not None], ix.storage, path)
    return total


def record_checksums(ix) -> None:
    """After every commit or optimize, by the writer: what open_index checks segments against."""
    checksums.record(ix, Path(ix.storage.folder))


def _describe(err: Exception | None) -> str:
    text = " ".join(str(err).split())[:120] if err is not None else ""
    return f"{type(err).__name__}: {text}" if text else type(err).__name__


def create_index(data_dir: Path, dirname: str = INDEX_DIRNAME):
    path = data_dir / dirname
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return windex.create_in(str(path), make_schema())


def writer(ix, **kwargs):
    """The index's writer, writing posting blocks in the array format the executor reads fast (store/codec.py)."""
    return ix.writer(codec=NXCodec(), **kwargs)


def old_block_format(ix) -> bool:
    """Whether a segment was written before store/codec.py (readable, but searched several times slower)."""
    return any(not isinstance(segment.codec(), NXCodec) for segment in ix._segments())


def optimize(ix) -> None:
    """Merge every segment into one, written in this project's block format."""
    merge(ix, 0, len(ix._segments()) - 1)


def merge(ix, first: int, last: int) -> None:
    """Merge segments `first`..`last` into one at their place, streaming (store/segment_merge.py)."""
    from .segment_merge import merge_segments

    merge_segments(ix, first, last, writer)


def entity_keywords(article: Article) -> dict[str, str]:
    """The person/org/place/entity search fields of one article: its entities' canonical names, " ; "-joined
    (every search backend indexes the same keywords, so `person:` means the same everywhere)."""
    by_field: dict[str, set[str]] = {"person": set(), "org": set(), "place": set(), "entity": set()}
    for ent in article.entities:
        name = ent.get("canonical") or ent["text"]
        by_field["entity"].add(name)
        field = ENTITY_FIELDS.get(ent["label"])
        if field:
            by_field[field].add(name)
    return {field: " ; ".join(sorted(names)) for field, names in by_field.items()}


def document(article: Article) -> dict:
    """Whoosh fields for one article; entity and issue keywords come from enrichment when it ran."""
    from ..ingest.outlets import search_text  # only when writing documents: ingest is not loaded to search

    doc = dict(
        id=article.id, path=article.path, title=article.title,
        content="\n".join([article.title] * TITLE_WEIGHT + [article.text]),
        source=search_text(article.source, article.host), outlet=article.source or "",
        issue=",".join(i["id"] for i in article.issues),
        **entity_keywords(article),
    )
    if article.date:
        doc["date"] = datetime.fromisoformat(article.date)
    return doc
