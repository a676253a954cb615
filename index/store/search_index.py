"""The Whoosh full-text index: schema, opening, and the one writer allowed at a time."""
from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from whoosh import index as windex
from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemmingAnalyzer
from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.support.charset import accent_map

from ..errors import IndexUnavailable
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


def open_index(data_dir: Path):
    path = data_dir / INDEX_DIRNAME
    if not windex.exists_in(str(path)):
        raise IndexUnavailable(f"no index in {data_dir} (run: newsexplorer index [PATH...])")
    try:
        return windex.open_dir(str(path))
    except Exception as err:  # Whoosh raises many types for damaged files
        raise IndexUnavailable(f"the index in {path} is damaged ({type(err).__name__}); "
                               f"rebuild it with: newsexplorer index --rebuild") from None


def create_index(data_dir: Path):
    path = data_dir / INDEX_DIRNAME
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
    ix.optimize(codec=NXCodec())


def document(article: Article) -> dict:
    """Whoosh fields for one article; entity and issue keywords come from enrichment when it ran."""
    by_field: dict[str, set[str]] = {"person": set(), "org": set(), "place": set(), "entity": set()}
    for ent in article.entities:
        name = ent.get("canonical") or ent["text"]
        by_field["entity"].add(name)
        field = ENTITY_FIELDS.get(ent["label"])
        if field:
            by_field[field].add(name)
    doc = dict(
        id=article.id, path=article.path, title=article.title,
        content="\n".join([article.title] * TITLE_WEIGHT + [article.text]),
        source=article.source or "", outlet=article.source or "",
        issue=",".join(i["id"] for i in article.issues),
        **{field: " ; ".join(sorted(names)) for field, names in by_field.items()},
    )
    if article.date:
        doc["date"] = datetime.fromisoformat(article.date)
    return doc
