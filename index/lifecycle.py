"""A data dir's life: opening the article store and the search backend, restoring a missing or damaged search
index from the article store (which holds every article), and starting over for `index --rebuild`.

The restore runs under the writer lock and never waits for it: a running index run restores the index itself.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Callable

from .datadir import ARTICLES_DB, WriterLock
from .errors import IndexBusy, IndexUnavailable, SearchUnreachable
from .search import backend_class
from .store.articles import ArticleStore


def open_store(data_dir: Path) -> ArticleStore:
    """The article store, or IndexUnavailable naming the file and how to start over (user data is elsewhere)."""
    try:
        store = ArticleStore(data_dir / ARTICLES_DB)
        store.count()  # reads past the schema page: a file that is not a database fails here, not mid-search
        return store
    except sqlite3.DatabaseError as err:
        raise store_damaged(data_dir, err) from None


def store_damaged(data_dir: Path, err: Exception) -> IndexUnavailable:
    """The real cause (read-only, full disk, locked, or damage found by a check), never a guess of damage."""
    from .store.health import explain, not_damage

    unavailable = IndexUnavailable(explain(data_dir, err))
    # read-only, full, locked: "rebuild it" would be wrong advice (and would fail the same way)
    unavailable.not_damage = not_damage(data_dir / ARTICLES_DB, err) is not None
    return unavailable


def open_search(data_dir: Path, store: ArticleStore, spec: str, *, restore: bool = True,
                on_restore: Callable[[str], None] | None = None):
    """(backend, why it was restored or None) for reading; IndexUnavailable (one line) when it cannot be used."""
    cls = backend_class(spec)
    try:
        return cls.open(data_dir, store, spec), None
    except SearchUnreachable:
        raise
    except IndexUnavailable as err:
        if not restore:
            raise
        return _restore_locked(cls, data_dir, store, spec, str(err), on_restore)


def _restore_locked(cls, data_dir: Path, store: ArticleStore, spec: str, reason: str, on_restore):
    """Take the writer lock (never waiting), look again (another process may have restored it), restore."""
    with WriterLock(data_dir) as lock:
        try:
            lock.acquire(wait=0)
        except IndexBusy:
            raise IndexUnavailable(f"{reason}; another index run is writing to {data_dir}: "
                                   f"try again when it has finished") from None
        except OSError as err:  # e.g. a read-only data dir
            raise IndexUnavailable(f"{reason}, and it cannot be restored here ({err.strerror or err})") from None
        try:
            return cls.open(data_dir, store, spec, attempts=1), None
        except IndexUnavailable:
            pass
        message = f"{reason}: restoring it from the article store ({store.count()} articles)"
        if on_restore:
            on_restore(message)
        try:
            cls.restore(data_dir, store, spec)
            return cls.open(data_dir, store, spec), message
        except (OSError, IndexUnavailable) as err:
            cause = cls.restore_blocker(data_dir, err)
            if cause:  # read-only or full: rebuilding would not help and would lose the article store
                raise IndexUnavailable(f"{reason}, and it cannot be restored: {cause}") from None
            raise IndexUnavailable(f"{reason}, and restoring it from the article store failed ({err}); "
                                   f"rebuild it with: newsexplorer index --rebuild PATH...") from None


def damage_found(data_dir: Path, store: ArticleStore, spec: str) -> str | None:
    """Why the search index cannot be used, looked at again after a search failed in a way a query should not make
    it fail; None when it opens and checks out (then the query was at fault). The same checks as opening."""
    cls = backend_class(spec)
    try:
        backend = cls.open(data_dir, store, spec, attempts=1)
    except SearchUnreachable:
        raise
    except IndexUnavailable as err:
        return str(err)
    backend.close()
    return None


def open_for_writing(data_dir: Path, store: ArticleStore, spec: str, progress=None):
    """(backend, why it was restored or None) for an index run, which holds the writer lock: an index that is gone
    or damaged while the article store is not is restored first; none at all is created."""
    cls = backend_class(spec)
    try:
        backend = cls.open(data_dir, store, spec, attempts=1)  # we are the writer
        return backend, None
    except SearchUnreachable:
        raise
    except IndexUnavailable as err:
        if not store.count():
            return cls.create(data_dir, store, spec), None
        restored = f"{err}: restored it from the article store ({store.count()} articles)"
        progress and progress("restoring", 0, 0)
        cls.restore(data_dir, store, spec)
        return cls.open(data_dir, store, spec), restored


def wipe(data_dir: Path, spec: str) -> None:
    """Start over (`index --rebuild`): the search index and the article store go; the user's data stays."""
    backend_class(spec).wipe(data_dir, spec)
    for suffix in ("", "-wal", "-shm"):
        (data_dir / (ARTICLES_DB + suffix)).unlink(missing_ok=True)
