"""Find every stored article's issues again with another catalog: from the article store's text, no file re-read, no
NER. Only articles whose issues changed are written back (to the store, and to the search index's `issue` field),
so applying a catalog to a big index costs about one regex pass over its text.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass

from .catalog import Catalog

DIGEST_KEY = "catalog_digest"  # articles.db meta: the catalog the stored detections were made with


@dataclass
class ApplyReport:
    articles: int = 0  # articles looked at
    changed: int = 0  # articles whose issues changed
    with_issues: int = 0  # articles with at least one issue afterwards
    seconds: float = 0.0


def redetect(store, backend, catalog: Catalog, progress=None) -> ApplyReport:
    """Re-detect issues in every stored article with `catalog`; the caller holds the writer lock.

    `backend`: the search backend (index/search/) whose `issue` field is rewritten for the articles that changed."""
    from . import issue_mentions
    from .issues import detect_issues

    started = time.perf_counter()
    report = ApplyReport()
    changed: list[tuple[str, str, bool]] = []  # (id, issues JSON, whether the search index must change)
    rows = store.issue_texts()
    for n, (article_id, text, old, title, date) in enumerate(rows, 1):
        found = issue_mentions(text or "", catalog, detect_issues, title, date)  # the headline and year, as at index time
        new = json.dumps(found, ensure_ascii=False)
        if found:
            report.with_issues += 1
        before = json.loads(old or "[]")
        if before != found:
            # the search index holds only the issue ids: rewrite the article there only when they changed
            reindex = [i.get("id") for i in before] != [i["id"] for i in found]
            changed.append((article_id, new, reindex))
        if progress and n % 500 == 0:
            progress("finding issues", n, len(rows))
    report.articles = len(rows)
    report.changed = len(changed)
    # the search index first, then the store (as the indexer does): a run killed in between leaves the store's
    # digest unchanged, so the next index run or apply does the work again
    try:
        for article_id, new, reindex in changed:
            if not reindex:
                continue
            article = store.get(article_id)
            if article is not None:
                article.issues = json.loads(new)
                backend.write([article])
        backend.commit(light=True)  # always: a new generation tells an open app to reload
    except BaseException:
        backend.cancel()
        raise
    with store.transaction():
        store.set_issues_many((i, new) for i, new, _ in changed)
        store.set_meta(DIGEST_KEY, catalog.digest)
    report.seconds = time.perf_counter() - started
    return report
