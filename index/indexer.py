"""The `index` pipeline: files → articles → (enrichment) → SQLite + Whoosh, committed in batches.

Crash safety: each batch is committed to Whoosh first and then recorded in SQLite, and Whoosh documents are
keyed by article id (update, never add), so a run killed at any point is completed by running it again.
Enrichment may run elsewhere (`fanout.py`: dask workers); batches still come back, and are written, in order.
"""
from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .errors import RejectedInput
from .fanout import InProcess
from .ingest import RecordError, discover, finish_article, line_fingerprints, read_articles, source_key
from .ingest.files import Found, os_error_reason
from .ingest.files import _sidecars as sidecar_cache
from .ingest import prepare
from .model import Article
from .store.articles import ArticleStore
from .store.search_index import document, old_block_format, optimize, record_checksums
from .store.search_index import writer as index_writer

BATCH_ARTICLES = 500  # a killed run loses at most this much work
BATCH_ENV = "NEWSEXPLORER_BATCH_ARTICLES"  # smaller batches, so tests and bench/stress.py can kill between commits
MAX_SEGMENTS = 4  # merge the index into one segment after a run that left more than this
MAX_RECORD_LINES = 20  # bad records listed one per line before the rest are summed up
REPEAT_DOCS = 3  # a short or non-sentence line in this many documents of one source is its boilerplate
REPEAT_DOCS_PROSE = 8  # a full sentence must recur far more often: wire copy repeats background paragraphs
_VOCAB_WORD = re.compile(r"[A-Za-z][a-z]{2,}")


@dataclass
class IndexReport:
    indexed: int = 0  # articles added or replaced
    unchanged: int = 0  # files already indexed as they are
    duplicates: int = 0  # articles whose content another file already gave
    emptied: int = 0  # articles with fewer than 3 words left once boilerplate was removed
    skipped: int = 0  # files walked past: not an article format
    files: int = 0  # article files read
    rejected: list[str] = field(default_factory=list)  # one line each: "path: reason"
    restored: str | None = None  # the search index was damaged and rebuilt from the article store first


@dataclass
class _Pending:
    path: Path
    sha: str
    size: int
    mtime: float
    raws: list
    replaced: bool


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class Indexer:
    def __init__(self, store: ArticleStore, ix, enrich: Callable[[list[Article]], None] | None = None,
                 progress: Callable[[str, int, int], None] | None = None, fanout=None):
        self.store, self.ix, self.enrich = store, ix, enrich
        self.progress = progress or (lambda *a: None)
        self.fanout = fanout or InProcess(enrich, self.progress)  # where enrichment runs (fanout.py)
        self._inflight_lines: Counter = Counter()  # line counts of batches submitted but not yet written
        self._inflight_paths: dict[str, str] = {}  # article id → path, same batches
        self.report = IndexReport()
        env = os.environ.get(BATCH_ENV, "")
        self.batch = int(env) if env.isdigit() and int(env) > 0 else BATCH_ARTICLES

    def run(self, paths: list[Path]) -> IndexReport:
        sidecar_cache.clear()
        skipped: list[Path] = []
        found = list(discover(paths, skipped))
        self.report.skipped = len(skipped)
        pending: list[_Pending] = []
        count = 0
        for n, item in enumerate(found, 1):
            entry = self._read(item)
            if entry is not None:
                pending.append(entry)
                count += len(entry.raws)
            if count >= self.batch:
                self._commit(pending)
                pending, count = [], 0
            self.progress("read", n, len(found))
        if pending:
            self._commit(pending)
        for articles, tag in self.fanout.drain():
            self._write(articles, *tag)
        if len(self.ix._segments()) > MAX_SEGMENTS or old_block_format(self.ix):
            self.progress("optimising", 0, 0)
            # one segment: per-segment overhead dominates query time otherwise; and every block in the fast format
            optimize(self.ix)
            record_checksums(self.ix)
        return self.report

    def _read(self, item: Found) -> _Pending | None:
        path = item.path
        key = str(path.resolve()) if path.exists() else str(path)
        try:
            st = path.stat()
            known = self.store.file_hash(key)
            sha = _sha256(path) if path.is_file() else ""
        except OSError as err:
            self.report.rejected.append(f"{path}: {os_error_reason(err)}")
            return None
        if known == sha and sha:
            self.report.unchanged += 1
            return None
        raws, bad = [], []
        try:
            for item_or_error in read_articles(path):
                if isinstance(item_or_error, RecordError):
                    bad.append(item_or_error.reason)
                else:
                    raws.append(prepare(item_or_error, path))
        except RejectedInput as err:
            self.report.rejected.append(str(err))
            return None
        self.report.files += 1
        if bad and not raws:  # nothing usable: one line for the file
            more = f" (and {len(bad) - 1} more bad records)" if len(bad) > 1 else ""
            self.report.rejected.append(f"{path}: no usable records: {bad[0]}{more}")
            return None
        for reason in bad[:MAX_RECORD_LINES]:
            self.report.rejected.append(f"{path}: {reason}")
        if len(bad) > MAX_RECORD_LINES:
            self.report.rejected.append(f"{path}: {len(bad) - MAX_RECORD_LINES} more bad records not listed")
        if not raws and item.explicit:
            self.report.rejected.append(f"{path}: no article text found")
        return _Pending(Path(key), sha, st.st_size, st.st_mtime, raws, replaced=known is not None)

    def _repeated_lines(self, pending: list[_Pending]):
        """Count, per source, how many documents carry each short line; return the boilerplate test."""
        batch: Counter = Counter()
        for entry in pending:
            for raw in entry.raws:
                src = source_key(raw, entry.path)
                for fp in line_fingerprints(raw):
                    batch[(src, fp)] += 1
        prior = self.store.line_counts(list(batch))
        return batch, {k: n + prior.get(k, 0) + self._inflight_lines.get(k, 0) for k, n in batch.items()}

    def _commit(self, pending: list[_Pending]) -> None:
        batch_counts, totals = self._repeated_lines(pending)
        articles: list[Article] = []
        seen: set[str] = set()
        for entry in pending:
            for raw in entry.raws:
                src = source_key(raw, entry.path)
                article = finish_article(raw, entry.path, lambda fp, prose, src=src:
                                         totals.get((src, fp), 0) >= (REPEAT_DOCS_PROSE if prose else REPEAT_DOCS))
                if article is None:
                    self.report.emptied += 1
                    continue
                if article.id in seen or article.id in self._inflight_paths or (
                        self.store.has(article.id) and self.store.get(article.id).path != str(entry.path)):
                    self.report.duplicates += 1
                    continue
                seen.add(article.id)
                article.path = str(entry.path)
                articles.append(article)
        self._inflight_lines.update(batch_counts)
        self._inflight_paths.update((a.id, a.path) for a in articles)
        for done, tag in self.fanout.submit(articles, (pending, batch_counts)):
            self._write(done, *tag)

    def _write(self, articles: list[Article], pending: list[_Pending], batch_counts: Counter) -> None:
        """Commit one enriched batch: Whoosh first, then SQLite (see the module's note on crash safety)."""
        self._inflight_lines.subtract(batch_counts)
        self._inflight_lines += Counter()  # drop the zeros
        for article in articles:
            self._inflight_paths.pop(article.id, None)
        removed = [str(e.path) for e in pending if e.replaced]
        writer = index_writer(self.ix, limitmb=256)
        try:
            for path in removed:
                writer.delete_by_term("path", path)
            for article in articles:
                writer.update_document(**document(article))
            writer.commit()
        except BaseException:
            writer.cancel()
            raise
        record_checksums(self.ix)
        vocab = Counter(w.lower() for a in articles for w in _VOCAB_WORD.findall(a.text))
        self.store.put_batch(articles, [(str(e.path), e.sha, e.size, e.mtime, len(e.raws)) for e in pending],
                             removed_paths=removed, line_counts=batch_counts, vocab=vocab)
        self.report.indexed += len(articles)
