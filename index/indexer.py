"""The `index` pipeline: files → articles → (enrichment) → SQLite + the search backend, committed in batches.

Crash safety: each batch is committed to the search index first and then recorded in SQLite, and its documents are
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
from .ingest.meta import reset_date_budget
from .ingest.files import _sidecars as sidecar_cache
from .ingest.files import sidecar_problems
from .ingest.records import reading_notes
from .ingest import prepare
from .ingest.stories import group_new
from .ingest import INGEST_VERSION
from .model import Article
from .store.articles import ArticleStore

BATCH_ARTICLES = 500  # a killed run loses at most this much work
BATCH_ENV = "NEWSEXPLORER_BATCH_ARTICLES"  # smaller batches, so tests and bench/stress.py can kill between commits
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
    gone: int = 0  # files indexed before, under a folder indexed again, that no longer exist: their articles removed
    rejected: list[str] = field(default_factory=list)  # one line each: "path: reason"
    notes: list[str] = field(default_factory=list)  # how a file was read when that was a guess: "path: how"
    restored: str | None = None  # the search index was damaged and rebuilt from the article store first


@dataclass
class _Pending:
    """Records of one file waiting for the next commit: a whole file, or one batch of a long one (JSON Lines)."""
    path: Path
    sha: str
    size: int
    mtime: float
    raws: list
    replaced: bool  # an older version of the file is in the store: its articles go out with this batch
    complete: bool = True  # the file's last records: it is marked done in the store with this batch
    records: int = 0  # records of the file read so far (all batches)


def _sha256(path: Path) -> str:
    """The file's content and the ingest version: a file read by an older ingest is read again."""
    h = hashlib.sha256(f"ingest {INGEST_VERSION}\n".encode())
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _empty_folders(roots: list[Path], found: list, skipped: list[Path]) -> list[str]:
    """A folder named on the command line that holds no article file: a mistyped or wrong folder indexed nothing,
    and a summary of zeros alone did not say why."""
    notes = []
    for root in roots:
        if not root.is_dir() or any(item.path.is_relative_to(root) for item in found):
            continue
        others = sum(path.is_relative_to(root) for path in skipped)
        notes.append(f"{root}: no article files in this folder" +
                     (f" ({others} other {'file' if others == 1 else 'files'} skipped)" if others else ""))
    return notes


def _describe(err: BaseException) -> str:
    text = " ".join(str(err).split())[:160]
    return f"{type(err).__name__}: {text}" if text else type(err).__name__


def store_key(path: Path) -> str:
    """The name a file is stored under: its resolved path, with bytes that are not UTF-8 (a file name from another
    system) written as \\xff, so SQLite and Whoosh can hold it and a rerun finds it again."""
    key = str(path.resolve()) if path.exists() else str(path)
    return os.fsencode(key).decode("utf-8", "backslashreplace")


def _unstorable(article: Article) -> str | None:
    """What in an article no UTF-8 store can hold (a lone surrogate from JSON), checked before anything is written."""
    for name in ("id", "path", "title", "text", "source", "byline", "date", "url"):
        value = getattr(article, name)
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return f"its {name} holds characters that cannot be stored (a lone UTF-16 surrogate)"
    return None


ENRICH_CHUNK = 16  # articles enriched per call: how often the progress bar moves during a batch


class Indexer:
    def __init__(self, store: ArticleStore, backend, enrich: Callable[[list[Article]], None] | None = None,
                 progress: Callable[[str, int, int], None] | None = None, fanout=None):
        self.store, self.backend, self.enrich = store, backend, enrich  # backend: index/search/
        self.progress = progress or (lambda *a: None)
        # where enrichment runs (fanout.py): here, by _enrich (progress in small chunks, one article's failure
        # isolated), or on dask workers
        if fanout is None or isinstance(fanout, InProcess):
            fanout = InProcess(self._enrich if enrich else None)
        self.fanout = fanout
        self._inflight_lines: Counter = Counter()  # line counts of batches submitted but not yet written
        self._inflight_paths: dict[str, str] = {}  # article id → path, same batches
        self.report = IndexReport()
        # whole-run counts for one progress bar: files found / read / committed, articles read / enriched
        self.files_total = self.files_committed = self.articles_read = self.articles_enriched = 0
        env = os.environ.get(BATCH_ENV, "")
        self.batch = int(env) if env.isdigit() and int(env) > 0 else BATCH_ARTICLES
        self._pending: list[_Pending] = []
        self._count = 0

    def run(self, paths: list[Path]) -> IndexReport:
        sidecar_cache.clear()
        sidecar_problems.clear()
        reading_notes.clear()
        skipped: list[Path] = []
        found = list(discover(paths, skipped))
        self.report.skipped = len(skipped)
        self.report.notes.extend(_empty_folders(paths, found, skipped))
        seen_keys: set[str] = set()
        self.files_total = len(found)
        for n, item in enumerate(found, 1):
            try:  # one file's failure, whatever it is, is that file's line on stderr; the run goes on
                self._read(item, seen_keys)
            except Exception as err:
                self.report.rejected.append(f"{item.path}: could not be read ({_describe(err)})")
            self.progress("read", n, len(found))
        self._flush()
        if self.fanout.in_flight():  # workers are enriching the last batches: merge what is written meanwhile
            self.progress("optimising", 0, 0)
            self.backend.merge_while_waiting()
        self._take(self.fanout.drain())
        self.report.rejected.extend(sidecar_problems.values())
        self.report.notes.extend(reading_notes.values())
        self._forget_gone(paths, seen_keys)
        self._take(self.fanout.drain())
        self.fanout.close()  # dask workers go now, not after the merge below and the entity table: their memory too
        if self.backend.needs_maintenance():  # e.g. Whoosh: one segment, every block in the fast format
            self.progress("optimising", 0, 0)
            self.backend.maintain()
        return self.report

    def _flush(self) -> None:
        if self._pending:
            self._commit(self._pending)
        self._pending, self._count = [], 0

    def _read(self, item: Found, seen_keys: set[str]) -> None:
        """Read one file into the pending batch, committing whenever the batch is full (a long JSON Lines file is
        committed as it is read: a kill loses at most one batch, and memory holds one batch, not the file)."""
        path = item.path
        key = store_key(path)
        seen_keys.add(key)
        reset_date_budget()
        try:
            st = path.stat()
            known = self.store.file_hash(key)
            sha = _sha256(path) if path.is_file() else ""
        except OSError as err:
            self.report.rejected.append(f"{path}: {os_error_reason(err)}")
            return
        if known == sha and sha:
            self.report.unchanged += 1
            return
        entry = _Pending(Path(key), sha, st.st_size, st.st_mtime, [], replaced=known is not None, complete=False)
        bad: list[str] = []  # the first MAX_RECORD_LINES reasons; bad_count counts them all
        bad_count = records = committed = 0
        try:
            for item_or_error in read_articles(path):
                if isinstance(item_or_error, RecordError):
                    bad_count += 1
                    bad[MAX_RECORD_LINES:] = []
                    bad.append(item_or_error.reason)
                    continue
                try:
                    entry.raws.append(prepare(item_or_error, path))
                except RejectedInput:
                    raise
                except Exception as err:
                    bad_count += 1
                    bad[MAX_RECORD_LINES:] = []
                    bad.append(f"record {item_or_error.record + 1} could not be read ({_describe(err)})")
                    continue
                records += 1
                if self._count + len(entry.raws) >= self.batch:
                    entry.records = records
                    self._pending.append(entry)
                    self._flush()
                    committed = records
                    entry = _Pending(entry.path, sha, entry.size, entry.mtime, [], replaced=False, complete=False)
        except RejectedInput as err:
            self.report.rejected.append(str(err) + (f" (its first {committed} records were indexed)" if committed else ""))
            return
        self.report.files += 1
        if bad_count and not records:  # nothing usable: one line for the file
            more = f" (and {bad_count - 1} more bad records)" if bad_count > 1 else ""
            self.report.rejected.append(f"{path}: no usable records: {bad[0]}{more}")
            return
        for reason in bad[:MAX_RECORD_LINES]:
            self.report.rejected.append(f"{path}: {reason}")
        if bad_count > MAX_RECORD_LINES:
            self.report.rejected.append(f"{path}: {bad_count - MAX_RECORD_LINES} more bad records not listed")
        if not records and item.explicit:
            self.report.rejected.append(f"{path}: no article text found")
        entry.complete, entry.records = True, records
        self._pending.append(entry)
        self._count += len(entry.raws)
        self.fanout.coming(self._count)  # dask: enough new articles to start workers while the batch fills
        if self._count >= self.batch:
            self._flush()

    def _forget_gone(self, roots: list[Path], seen_keys: set[str]) -> None:
        """Files indexed before under a folder indexed now that no longer exist (renamed, moved, deleted): their
        articles go, unless another file still holds them. Files outside the folders named are never touched."""
        folders = [store_key(root) for root in roots if root.is_dir()]
        if not folders:
            return
        gone = [key for key in self.store.known_files() if key not in seen_keys
                and any(key.startswith(folder.rstrip(os.sep) + os.sep) for folder in folders)
                and not os.path.lexists(key)]
        if gone:
            self._commit([_Pending(Path(key), "", 0, 0.0, [], replaced=True, complete=False) for key in gone],
                         forgotten=gone)
            self.report.gone += len(gone)

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

    def _commit(self, pending: list[_Pending], forgotten: list[str] = ()) -> None:
        batch_counts, totals = self._repeated_lines(pending)
        articles: list[Article] = []
        links: list[tuple[str, str]] = []
        seen: set[str] = set()
        for entry in pending:
            for raw in entry.raws:
                src = source_key(raw, entry.path)
                try:  # one record's failure rejects that record only
                    article = finish_article(raw, entry.path, lambda fp, prose, src=src:
                                             totals.get((src, fp), 0) >= (REPEAT_DOCS_PROSE if prose else REPEAT_DOCS))
                except Exception as err:
                    self.report.rejected.append(f"{entry.path}: record {raw.record + 1} could not be cleaned "
                                                f"({_describe(err)})")
                    continue
                if article is None:
                    self.report.emptied += 1
                    continue
                problem = _unstorable(article)
                if problem:  # never into Whoosh what SQLite cannot hold: the two would disagree
                    self.report.rejected.append(f"{entry.path}: record {raw.record + 1} skipped: {problem}")
                    continue
                links.append((article.id, str(entry.path)))
                if article.id in seen or article.id in self._inflight_paths or (
                        self.store.has(article.id) and self.store.get(article.id).path != str(entry.path)):
                    self.report.duplicates += 1
                    continue
                seen.add(article.id)
                article.path = str(entry.path)
                articles.append(article)
        self.articles_read += len(articles)
        self._inflight_lines.update(batch_counts)
        self._inflight_paths.update((a.id, a.path) for a in articles)
        self._take(self.fanout.submit(articles, (pending, batch_counts, links, seen, list(forgotten))))

    def _take(self, done: list) -> None:
        """Write the batches the fan-out hands back (in order), and name the articles it could not enrich."""
        for articles, tag in done:
            self._write(articles, *tag)
        failures = getattr(self.fanout, "failures", [])
        self.report.rejected.extend(failures)
        failures.clear()

    def _write(self, articles: list[Article], pending: list[_Pending], batch_counts: Counter,
               links: list[tuple[str, str]], seen: set[str], forgotten: list[str]) -> None:
        """Commit one enriched batch: the search index first, then SQLite (see the module's note on crash safety)."""
        self._inflight_lines.subtract(batch_counts)
        self._inflight_lines += Counter()  # drop the zeros
        for article in articles:
            self._inflight_paths.pop(article.id, None)
        removed = [str(e.path) for e in pending if e.replaced]
        deleted, moved = self._removal_plan(removed, links, seen)
        backend = self.backend
        try:
            backend.delete(paths=removed, ids=deleted)  # by path too: a document a killed run left in the index alone
            for article_id, path in moved.items():
                article = self.store.get(article_id)
                article.path = path
                backend.write([article])
            backend.write(articles)
            backend.commit()
        except BaseException:
            backend.cancel()
            raise
        vocab = Counter(w.lower() for a in articles for w in _VOCAB_WORD.findall(a.text))
        self.store.put_batch(articles, [(str(e.path), e.sha, e.size, e.mtime, e.records) for e in pending if e.complete],
                             removed_paths=removed, line_counts=batch_counts, vocab=vocab, links=links,
                             deleted_ids=deleted, moved=moved, forgotten_files=forgotten)
        group_new(self.store, articles)  # syndicated copies: one story across outlets and hosts
        self.report.indexed += len(articles)
        self.files_committed += sum(e.complete for e in pending)
        self.progress("commit", self.files_committed, self.files_total)

    def _removal_plan(self, removed: list[str], links: list[tuple[str, str]], written: set[str]
                      ) -> tuple[list[str], dict[str, str]]:
        """For the articles of files being replaced or forgotten: which go (no other file holds them) and which
        move to another file that still does (an article in three files, one of them edited, stays)."""
        if not removed:
            return [], {}
        gone = set(removed)
        new_sources: dict[str, set[str]] = {}
        for article_id, path in links:
            new_sources.setdefault(article_id, set()).add(path)
        deleted, moved = [], {}
        for article_id, (shown, sources) in self.store.linked_ids(removed).items():
            if article_id in written:
                continue  # written again in this batch, under the path that gave it
            left = (sources - gone) | new_sources.get(article_id, set())
            if not left:
                deleted.append(article_id)
            elif shown in gone:
                moved[article_id] = min(left)
        return deleted, moved

    def _enrich(self, articles: list[Article]) -> None:
        """Entities and issues for a batch; if that fails, article by article, so one article's failure costs only
        its own entities (it is still indexed, and named on stderr)."""
        if not self.enrich or not articles:
            return
        # in small chunks, so progress moves while a batch is enriched (per batch it sat at 0/N for minutes)
        for i in range(0, len(articles), ENRICH_CHUNK):
            self.progress("enrich", self.articles_enriched, self.articles_read)
            chunk = articles[i:i + ENRICH_CHUNK]
            try:
                self.enrich(chunk)
            except Exception:
                self._enrich_one_by_one(chunk)
            self.articles_enriched += len(chunk)
        self.progress("enrich", self.articles_enriched, self.articles_read)

    def _enrich_one_by_one(self, articles: list[Article]) -> None:
        for article in articles:
            try:
                self.enrich([article])
            except Exception as err:
                article.entities, article.issues = [], []
                self.report.rejected.append(f"{article.path}: record {article.record + 1} indexed without entities "
                                            f"and issues ({_describe(err)})")
