"""Enrichment at index time: entities and issue mentions, stored with each article so reading never recomputes."""
from __future__ import annotations

from typing import Callable

from ..model import Article


def make_enricher(catalog_path=None, entities: bool = True) -> Callable[[list[Article]], None]:
    """A function that annotates a batch of articles in place (entity spans, issue mentions).

    `catalog_path`: a catalog file, a loaded Catalog, or None for the data dir's own catalog (Corpus.build sets
    it; the bundled one until then).
    """
    from .catalog import Catalog, load_catalog
    from .issues import detect_issues

    catalog = catalog_path if isinstance(catalog_path, Catalog) else load_catalog(catalog_path)
    extractor = None
    if entities:
        try:
            from .entities import EntityExtractor
        except ImportError:  # entity extraction not installed in this build
            EntityExtractor = None
        extractor = EntityExtractor() if EntityExtractor else None

    def enrich(articles: list[Article]) -> None:
        if extractor is not None:
            from .corrections import without_own_outlet

            for article, spans in zip(articles, extractor.pipe(a.text for a in articles)):
                article.entities = without_own_outlet(spans, article.source, getattr(article, "host", None),
                                                      article.url)
        for article in articles:
            article.issues = issue_mentions(article.text, enrich.catalog, detect_issues, article.title, article.date)

    enrich.warm = (lambda: extractor.nlp) if extractor is not None else None  # a dask worker loads the model up front
    enrich.catalog = catalog
    enrich.catalog_explicit = catalog_path is not None  # else: whatever catalog the data dir has
    enrich.catalog_path = str(catalog_path) if catalog_path is not None and not isinstance(catalog_path, Catalog) else None
    return enrich


STORED_ISSUE_FIELDS = ("id", "status", "evidence", "evidence_spans", "score", "explain")


def issue_mentions(text: str, catalog, detect, title: str | None = None, date: str | None = None) -> list[dict]:
    """What is stored per article: detections with the explanation of each status. The headline (`title`) weighs
    in the status; the article's year (from `date`) tells news from background."""
    year = int(date[:4]) if isinstance(date, str) and date[:4].isdigit() else None
    return [{k: v for k, v in found.items() if k in STORED_ISSUE_FIELDS}
            for found in detect(text, catalog, title=title, news_year=year)]
