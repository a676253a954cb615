"""The Whoosh backend: an index folder in the data dir, searched by the posting-list executor (whoosh_executor.py).

Moved here from corpus.py unchanged in behaviour: the searcher reopened when another process commits, the executor
for relevance and date order (Whoosh's own collector for what it does not model), facet counts per searcher
(facets.py), the matched index terms for highlighting, and a restore that writes a fresh index beside a damaged
one before swapping it in. The schema, codec and opening checks stay in store/search_index.py and store/codec.py
(Whoosh pickles the codec's module path into every segment).
"""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Callable, Iterable, Sequence

import numpy as np
from whoosh import query as wq
from whoosh import sorting

from .. import personal as _personal
from .. import query as qlang
from ..errors import IndexUnavailable, QueryError
from ..facets import FacetTable
from ..store.articles import ArticleStore
from ..store.search_index import (INDEX_DIRNAME, create_index, document, merge, old_block_format, open_index,
                                  optimize, record_checksums)
from ..store.search_index import writer as index_writer
from .base import Filters, Matches
from .issue_terms import from_store as issues_from_store
from .issue_terms import issues_query
from .whoosh_executor import Executor, Unsupported

MAX_SEGMENTS = 4  # merge the index's segments after a run that left more than this
# ... into one, unless the first segment holds this share of the documents: then the segments after it are folded
# into one beside it and the big one is not rewritten (a run with workers merges it while they finish; README
# "Scaling": 2 segments cost ~10% at query p95 against 1, 15 segments twice). 1.0: always one segment
TAIL_FOLD_SHARE = 2 / 3
TIER_WIDTH = 8  # a run's commits fold their last this-many segments once they are of one size tier


def tier_to_fold(sizes: Sequence[int], width: int = TIER_WIDTH) -> int | None:
    """Where the trailing run of segments to fold after a commit starts (None: nothing to fold yet).

    Each commit of a run adds one small segment, and a writer looks up every document's unique id in every segment,
    so a run that merged only at its end got slower per batch as it went (issue 16: ~130 segments at 66k articles,
    6.2 GB RSS). Folding the last `width` segments once they are of one size tier (the largest under `width` times
    the smallest) keeps about `width` segments per tier (tiers grow `width`-fold: ~21 at most at 500k) and rewrites
    each document ~log_width(n / batch) times (2.5-3.2 at 500k in batches of ~500, against 4.6-5.9 for a looser
    "none holds half" rule); the merge keeps the documents' order and exact totals, so no result depends on it.
    """
    if len(sizes) < width:
        return None
    tail = sizes[-width:]
    return len(sizes) - width if max(tail) < width * min(tail) else None


def _all_of(*filters):
    """The filters that are set, all required (None when there is none)."""
    present = [f for f in filters if f is not None]
    if not present:
        return None
    return present[0] if len(present) == 1 else wq.And(present)


class WhooshBackend:
    name = "whoosh"

    def __init__(self, data_dir: Path, store: ArticleStore, ix, searcher=None):
        self.data_dir, self.store, self.ix = data_dir, store, ix
        self.parser = qlang.make_parser(ix.schema)
        self._searcher = searcher
        self._executor = None  # posting-list query runner for the current searcher
        self._facet_table = None  # (searcher, FacetTable)
        self._issue_ids = None  # ((searcher, store version), {issue id: article ids}): `issue:` from the store
        self._writer = None
        self._folded = False  # this run's commits folded segments: its end merges down to maintain()'s 1 or 2
        self.on_refresh: Callable[[], None] | None = None  # told when another process's commit is first seen

    # --- lifecycle (index/lifecycle.py drives these) -------------------------------------------------
    @classmethod
    def open(cls, data_dir: Path, store: ArticleStore, spec: str = "whoosh", attempts: int = 3) -> "WhooshBackend":
        """Open and prove readable; IndexUnavailable saying why (missing, damaged) otherwise."""
        ix, searcher = open_index(data_dir, expected_docs=store.count(), attempts=attempts)
        return cls(data_dir, store, ix, searcher)

    @classmethod
    def create(cls, data_dir: Path, store: ArticleStore, spec: str = "whoosh") -> "WhooshBackend":
        return cls(data_dir, store, create_index(data_dir))

    @classmethod
    def restore(cls, data_dir: Path, store: ArticleStore, spec: str = "whoosh") -> None:
        """A new index written from the article store beside the damaged one, then swapped in (so a restore
        killed half-way leaves the old state, never a half-filled index that looks fine)."""
        fresh, old = INDEX_DIRNAME + ".restoring", INDEX_DIRNAME + ".damaged"
        backend = cls(data_dir, store, create_index(data_dir, fresh))
        backend.write(store.all())
        backend.commit()
        shutil.rmtree(data_dir / old, ignore_errors=True)
        if (data_dir / INDEX_DIRNAME).exists():
            (data_dir / INDEX_DIRNAME).rename(data_dir / old)
        (data_dir / fresh).rename(data_dir / INDEX_DIRNAME)
        shutil.rmtree(data_dir / old, ignore_errors=True)

    @staticmethod
    def wipe(data_dir: Path, spec: str = "whoosh") -> None:
        shutil.rmtree(data_dir / INDEX_DIRNAME, ignore_errors=True)

    @staticmethod
    def restore_blocker(data_dir: Path, err: Exception) -> str | None:
        """Why restoring cannot help (read-only, full disk), or None when it is damage a restore fixes."""
        from ..store.health import not_damage

        return not_damage(data_dir / INDEX_DIRNAME, err)

    # --- writing --------------------------------------------------------------------------------
    def _open_writer(self):
        if self._writer is None:
            self._writer = index_writer(self.ix, limitmb=256)
        return self._writer

    def write(self, articles: Iterable) -> None:
        writer = self._open_writer()
        for article in articles:
            writer.update_document(**document(article))

    def write_issues(self, changed: Iterable[tuple[str, list[str]]]) -> None:
        """Articles whose issue ids changed (a catalog apply): nothing to rewrite here, `issue:` terms are answered
        from the article store (issue_terms.py); the caller's commit still makes a new generation for open apps."""

    def delete(self, *, ids: Iterable[str] = (), paths: Iterable[str] = ()) -> None:
        writer = self._open_writer()
        for path in paths:  # by path too: a document a killed run left in Whoosh alone
            writer.delete_by_term("path", path)
        for article_id in ids:
            writer.delete_by_term("id", article_id)

    def commit(self, *, light: bool = False) -> None:
        """Commit (always: a new generation tells an open app to reload); light: fold only the small segments."""
        writer = self._open_writer()
        self._writer = None
        if light:
            writer.commit(mergetype=_merge_all_but_largest)
        else:  # merges keep the documents' order and totals: a size tier's here, the rest maintain()'s
            writer.commit(merge=False)
            self._fold_tiers()
        record_checksums(self.ix)

    def _fold_tiers(self) -> None:
        """Fold the last segments while they form one size tier (tier_to_fold), so a long run keeps few segments."""
        while True:
            start = tier_to_fold([segment.doc_count_all() for segment in self.ix._segments()])
            if start is None:
                return
            merge(self.ix, start, len(self.ix._segments()) - 1)
            self._folded = True

    def cancel(self) -> None:
        if self._writer is not None:
            writer, self._writer = self._writer, None
            writer.cancel()

    def needs_maintenance(self) -> bool:
        limit = 1 if self._folded else MAX_SEGMENTS  # folded: a long run, which ends merged as before the folds
        return len(self.ix._segments()) > limit or old_block_format(self.ix)

    def maintain(self) -> bool:
        """Few segments (per-segment overhead dominates query time otherwise), every block in the fast format."""
        return self.needs_maintenance() and self._merge()

    def merge_while_waiting(self) -> bool:
        """Merge what is committed so far now, while enrichment elsewhere (dask workers) finishes the last batches:
        the run then ends by folding only those (maintain) instead of merging the whole index with the other cores
        idle."""
        return self._merge()

    def _merge(self) -> bool:
        """One segment; or, when the first holds most documents (an index that grows by a few batches at a time),
        that one as it is and the rest folded into a second."""
        sizes = [segment.doc_count_all() for segment in self.ix._segments()]
        old = old_block_format(self.ix)
        if not old and sizes and sizes[0] >= TAIL_FOLD_SHARE * sum(sizes):
            if len(sizes) < 3:
                return False
            merge(self.ix, 1, len(sizes) - 1)
        elif len(sizes) > 1 or old:
            optimize(self.ix)
        else:
            return False
        record_checksums(self.ix)
        return True

    # --- reading --------------------------------------------------------------------------------
    def searcher(self):
        """The shared searcher, reopened when another process has committed (Whoosh's refresh() is unreliable)."""
        if self._searcher is not None and not self._searcher.up_to_date():
            self._searcher.close()
            self._searcher = None
        if self._searcher is None:
            self._searcher = self.ix.searcher()
            self._executor = None
            if self.on_refresh:
                self.on_refresh()
        return self._searcher

    def executor(self) -> Executor | None:
        """The posting-list runner for the current searcher; None if this index's scoring is not one it models."""
        searcher = self.searcher()
        if self._executor is None:
            try:
                self._executor = Executor(searcher)
            except Unsupported:
                self._executor = False
        return self._executor or None

    def generation(self) -> int:
        return self.ix.latest_generation()

    def parse(self, qstring: str) -> wq.Query:
        return qlang.parse(self.parser, qstring)

    def _store_issues(self) -> dict[str, list[str]]:
        """{issue id: article ids} from the article store, read again after any commit to the store or the index."""
        searcher = self.searcher()
        db = self.store.db
        key = (searcher, db.execute("PRAGMA data_version").fetchone()[0], db.total_changes)
        if self._issue_ids is None or self._issue_ids[0] != key:
            self._issue_ids = (key, self.store.issue_ids())
        return self._issue_ids[1]

    def _with_store_issues(self, q):
        """`q` with its `issue:` terms answered from the article store (issue_terms.py)."""
        if q is None or not _names_issues(q):
            return q
        return issues_from_store(q, self._store_issues(), self.searcher().doc_count())

    def search(self, q, filters: Filters, sort: str, limit: int, offset: int, exact_total: bool) -> Matches:
        """(article id, score) for the requested page, the number of matches, and whether that number is estimated."""
        q = self._with_store_issues(q)
        filter_q = self._filter_query(filters)
        searcher = self.searcher()
        executor = self.executor()
        if executor is not None:
            try:
                if sort == "date":
                    page, total = executor.newest_first(q, fieldname="date", filter_q=filter_q, limit=limit,
                                                        offset=offset)
                else:
                    page, total = executor.search(q, filter_q=filter_q, limit=limit, offset=offset)
            except Unsupported:
                pass
            else:
                return Matches([(searcher.stored_fields(docnum)["id"], score) for docnum, score in page], total)
        # Whoosh itself, for what the executor does not model
        results = searcher.search(q, limit=offset + limit, filter=filter_q)
        top = [(hit["id"], hit.score if hit.score is not None else 0.0) for hit in results]
        if sort == "date":
            top = newest_first(searcher, q, filter_q, offset + limit)
        if exact_total or results.has_exact_length():
            total, estimate = len(results), False
        else:
            total, estimate = results.estimated_length(), True
        return Matches(top[offset:], total, estimate)

    def matching(self, q, filters: Filters) -> np.ndarray:
        """Every matching global docnum (all live documents for no query and no filter)."""
        q = self._with_store_issues(q)
        filter_q = self._filter_query(filters)
        searcher = self.searcher()
        executor = self.executor()
        if executor is not None:
            try:
                if q is None and filter_q is None:
                    return executor.all_docs()
                return executor.matches(q if q is not None else wq.Every(), filter_q=filter_q)[0]
            except Unsupported:
                pass
        docs = set(searcher.docs_for_query(q if q is not None else wq.Every()))
        if filter_q is not None:
            docs &= set(searcher.docs_for_query(filter_q))
        return np.array(sorted(docs), dtype=np.int64)

    def facets(self, docs: np.ndarray, fields: Sequence[str], top: int | None) -> dict[str, list[tuple[str, int]]]:
        searcher = self.searcher()
        if self._facet_table is None or self._facet_table[0] is not searcher:
            pairs = ((docnum, stored["id"], stored.get("outlet")) for docnum, stored in searcher.reader().iter_docs())
            self._facet_table = (searcher, FacetTable(searcher.doc_count_all(), pairs, self.store))
        return self._facet_table[1].counts(docs, fields, top)

    def docs_of(self, ids: Iterable[str]) -> np.ndarray:
        searcher = self.searcher()
        numbers = [n for n in (searcher.document_number(id=i) for i in ids) if n is not None]
        return np.array(numbers, dtype=np.int64)

    def ids_of(self, docs: np.ndarray) -> set[str]:
        searcher = self.searcher()
        return {searcher.stored_fields(int(d))["id"] for d in docs}

    def highlight_terms(self, q) -> set[str]:
        return qlang.matched_terms(q, self.searcher().reader())

    def known(self, word: str) -> bool:
        reader = self.searcher().reader()
        return any(reader.doc_frequency("content", t.text) for t in self.ix.schema["content"].analyzer(word))

    def close(self) -> None:
        self.cancel()
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    # --- filters: facet values and id sets as Whoosh queries ---------------------------------------------
    def _filter_query(self, filters: Filters | None):
        if not filters:
            return None
        parts = []
        for field_name, forms in filters.fields:
            if field_name == "issue":  # from the article store, as `issue:` terms are
                parts.append(issues_query([form.lower() for form in forms], self._store_issues(),
                                          self.searcher().doc_count()))
                continue
            if field_name == "outlet":
                parts.append(wq.Or([wq.Term("outlet", form) for form in forms]) if len(forms) > 1
                             else wq.Term("outlet", forms[0]))
                continue
            either = []  # an entity: any of its spellings
            for form in forms:
                words = [t.text for t in self.ix.schema[field_name].analyzer(form)]
                if words:
                    either.append(wq.Phrase(field_name, words) if len(words) > 1 else wq.Term(field_name, words[0]))
            if not either:
                raise QueryError(f"nothing to filter on in {forms[0]!r}")
            parts.append(wq.Or(either))
        fields_q = wq.And(parts) if parts else None
        return _all_of(fields_q, _personal.id_filter(filters.include, filters.exclude))


def _names_issues(q) -> bool:
    """Whether any node of the query is on the `issue` field."""
    if getattr(q, "fieldname", None) == "issue":
        return True
    return any(_names_issues(child) for child in q.children())


def newest_first(searcher, q, filter_q, limit: int) -> list[tuple[str, float]]:
    """Dated matches newest first, then undated ones by relevance (a reversed date sort puts them first)."""
    dated = wq.Every("date")
    with_date = searcher.search(q, limit=limit, filter=wq.And([f for f in (filter_q, dated) if f is not None]),
                                sortedby=sorting.FieldFacet("date", reverse=True))
    top = [(hit["id"], hit.score or 0.0) for hit in with_date]
    if len(top) < limit:
        undated = searcher.search(q, limit=limit - len(top), filter=filter_q, mask=dated)
        top += [(hit["id"], hit.score or 0.0) for hit in undated]
    return top


def _merge_all_but_largest(writer, segments):
    """Whoosh merge policy for a catalog apply: fold the small segments (earlier applies' rewritten articles) into
    one and keep the big one as it is, so repeated applies neither pile up segments nor rewrite the whole index."""
    from whoosh.reading import SegmentReader

    if len(segments) <= 2:
        return segments
    largest = max(segments, key=lambda seg: seg.doc_count_all())
    for seg in segments:
        if seg is not largest:
            reader = SegmentReader(writer.storage, writer.schema, seg)
            writer.add_reader(reader)
            reader.close()
    return [largest]
