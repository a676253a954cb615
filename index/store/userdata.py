"""What the user wrote — checklist ticks, status overrides, notes, article tags, search history — in SQLite.

It lives in `newsexplorer.db` beside the search index but is a separate file, so rebuilding or deleting the index
never touches it. Keys are stable ids (issue ids from the catalog, article ids from ingest). WAL mode lets the TUI
read while a CLI command writes; every change is its own transaction.
"""
from __future__ import annotations

import json
import sqlite3
import threading
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from newsexplorer.index.datadir import connect_read_only, read_only
from newsexplorer.index.errors import NewsExplorerError, ReadOnlyDataDir

DB_NAME = "newsexplorer.db"
STATUSES = ("agreed", "progress", "unresolved")
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS issue_marks (
    issue_id   TEXT PRIMARY KEY,
    checked    INTEGER NOT NULL DEFAULT 0,
    override   TEXT CHECK (override IS NULL OR override IN ('agreed', 'progress', 'unresolved')),
    note       TEXT,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS article_tags (
    article_id TEXT NOT NULL,
    tag        TEXT NOT NULL,
    added_at   TEXT NOT NULL,
    PRIMARY KEY (article_id, tag)
);
CREATE TABLE IF NOT EXISTS article_notes (
    article_id TEXT PRIMARY KEY,
    note       TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS search_history (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    query  TEXT NOT NULL,
    run_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS saved_searches (
    name        TEXT PRIMARY KEY,
    query       TEXT NOT NULL,
    filters     TEXT NOT NULL DEFAULT '{}',
    sort        TEXT NOT NULL DEFAULT 'relevance',
    created_at  TEXT NOT NULL,
    opened_at   TEXT
);
CREATE TABLE IF NOT EXISTS first_seen (
    article_id TEXT PRIMARY KEY,
    seen_at    TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS app_state (
    key   TEXT PRIMARY KEY,
    value TEXT
);
"""


ANY = object()  # set_note without a check of what the note was


class UserDataError(NewsExplorerError):
    """The user database cannot be opened, or a value is not acceptable."""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


class UserData:
    """The user's own data. `UserData(path)` takes the db file or the data dir (then uses newsexplorer.db in it)."""

    def __init__(self, db_path: str | Path):
        path = Path(db_path)
        if path.is_dir():
            path = path / DB_NAME
        self.path = path
        self._lock = threading.RLock()  # one connection serves the app's workers too: transactions take turns
        self.read_only = read_only(path)
        if self.read_only:
            self._open_read_only()
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(path, timeout=5.0, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            with self._transaction():
                for statement in filter(str.strip, _SCHEMA.split(";")):
                    self._db.execute(statement)
                self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        except sqlite3.DatabaseError as err:
            raise UserDataError(f"{path}: cannot open user database ({err})") from None

    def _open_read_only(self) -> None:
        """A data dir this user cannot write: the file as it is (never written, not even its -shm), or, when there
        is none, an empty one in memory, so the checklist and searches read as if nothing was marked yet."""
        try:
            if self.path.is_file():
                self._db = connect_read_only(self.path)
                self._db.execute("SELECT count(*) FROM issue_marks").fetchone()
                return
            self._db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
            for statement in filter(str.strip, _SCHEMA.split(";")):
                self._db.execute(statement)
        except sqlite3.DatabaseError as err:
            raise UserDataError(f"{self.path}: cannot open user database ({err})") from None

    # ------------------------------------------------------------------ plumbing
    @contextmanager
    def _transaction(self):
        if self.read_only:  # one line before anything is tried, never SQLite's "attempt to write a readonly database"
            raise ReadOnlyDataDir(self.path.parent, "saving ticks, notes, tags or saved searches")
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            else:
                self._db.execute("COMMIT")

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "UserData":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ issue marks
    def marks(self) -> dict[str, dict]:
        """{issue_id: {"checked", "override", "note"}} for every issue the user has touched."""
        rows = self._db.execute("SELECT issue_id, checked, override, note FROM issue_marks").fetchall()
        return {i: {"checked": bool(c), "override": o, "note": n} for i, c, o, n in rows}

    def _upsert_mark(self, issue_id: str, column: str, value) -> None:
        if not isinstance(issue_id, str) or not issue_id:
            raise UserDataError("issue id must be a non-empty string")
        with self._transaction() as db:
            db.execute("INSERT OR IGNORE INTO issue_marks (issue_id, updated_at) VALUES (?, ?)", (issue_id, _now()))
            db.execute(f"UPDATE issue_marks SET {column} = ?, updated_at = ? WHERE issue_id = ?", (value, _now(), issue_id))

    def set_checked(self, issue_id: str, checked: bool) -> None:
        self._upsert_mark(issue_id, "checked", 1 if checked else 0)

    def set_override(self, issue_id: str, status: str | None) -> None:
        """Force an issue's status (None clears it, back to the detected one)."""
        if status is not None and status not in STATUSES:
            raise UserDataError(f"unknown status {status!r}: use one of {', '.join(STATUSES)}")
        self._upsert_mark(issue_id, "override", status)

    def set_note(self, issue_id: str, text: str | None, expected: object = ANY) -> str | None:
        """Save an issue's note. With `expected` (the note as it was when the user began editing), a note another
        window saved in the meantime is not overwritten: both are kept, and the returned line says so."""
        text = text if text and text.strip() else None
        if expected is ANY:
            self._upsert_mark(issue_id, "note", text)
            return None
        with self._transaction() as db:
            row = db.execute("SELECT note FROM issue_marks WHERE issue_id = ?", (issue_id,)).fetchone()
            current = row[0] if row else None
            if (current or None) == (expected or None) or current == text or not current:
                merged, message = text, None
            else:
                merged = current if text is None else f"{current} ‖ {text}"
                message = (f"the note on {issue_id} was changed in another window while you edited it: "
                           + ("theirs was kept (yours was empty)" if text is None else "both versions kept (‖)"))
            db.execute("INSERT OR IGNORE INTO issue_marks (issue_id, updated_at) VALUES (?, ?)", (issue_id, _now()))
            db.execute("UPDATE issue_marks SET note = ?, updated_at = ? WHERE issue_id = ?", (merged, _now(), issue_id))
        return message

    # ------------------------------------------------------------------ articles
    def add_tag(self, article_id: str, tag: str) -> None:
        tag = tag.strip()
        if not tag:
            raise UserDataError("a tag cannot be empty")
        with self._transaction() as db:
            db.execute("INSERT OR IGNORE INTO article_tags VALUES (?, ?, ?)", (article_id, tag, _now()))

    def remove_tag(self, article_id: str, tag: str) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM article_tags WHERE article_id = ? AND tag = ?", (article_id, tag.strip()))

    def tags(self, article_id: str) -> list[str]:
        rows = self._db.execute("SELECT tag FROM article_tags WHERE article_id = ? ORDER BY tag", (article_id,))
        return [r[0] for r in rows]

    def tagged(self) -> dict[str, list[str]]:
        """{tag: [article ids]} for every tag in use."""
        out: dict[str, list[str]] = {}
        for article_id, tag in self._db.execute("SELECT article_id, tag FROM article_tags ORDER BY tag, article_id"):
            out.setdefault(tag, []).append(article_id)
        return out

    def articles_tagged(self, tag: str) -> list[str]:
        rows = self._db.execute("SELECT article_id FROM article_tags WHERE tag = ? ORDER BY article_id", (tag,))
        return [r[0] for r in rows]

    def set_article_note(self, article_id: str, text: str | None) -> None:
        with self._transaction() as db:
            if text and text.strip():
                db.execute("INSERT INTO article_notes VALUES (?, ?, ?) ON CONFLICT(article_id) DO UPDATE "
                           "SET note = excluded.note, updated_at = excluded.updated_at", (article_id, text, _now()))
            else:
                db.execute("DELETE FROM article_notes WHERE article_id = ?", (article_id,))

    def article_note(self, article_id: str) -> str | None:
        row = self._db.execute("SELECT note FROM article_notes WHERE article_id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    # ------------------------------------------------------------------ search history
    def add_history(self, query: str) -> None:
        if self.read_only:  # bookkeeping the user did not ask for: a read-only data dir keeps none
            return
        query = query.strip()
        if query:
            with self._transaction() as db:
                db.execute("INSERT INTO search_history (query, run_at) VALUES (?, ?)", (query, _now()))

    def history(self, limit: int = 50) -> list[str]:
        """Most recent distinct queries first."""
        rows = self._db.execute(
            "SELECT query FROM search_history GROUP BY query ORDER BY MAX(id) DESC LIMIT ?", (limit,))
        return [r[0] for r in rows]

    def clear_history(self) -> None:
        with self._transaction() as db:
            db.execute("DELETE FROM search_history")

    # ------------------------------------------------------------------ saved searches
    def save_search(self, name: str, query: str, filters: dict | None = None, sort: str = "relevance") -> None:
        """Save (or replace) a named search; its 'new since last opened' count starts from now."""
        name = name.strip()
        if not name:
            raise UserDataError("a saved search needs a name")
        if not query.strip() and not filters:
            raise UserDataError(f"saved search {name!r}: the query is empty")
        if sort not in ("relevance", "date"):
            raise UserDataError(f"saved search {name!r}: unknown sort {sort!r} (relevance or date)")
        with self._transaction() as db:
            db.execute("INSERT INTO saved_searches (name, query, filters, sort, created_at, opened_at) "
                       "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET query = excluded.query, "
                       "filters = excluded.filters, sort = excluded.sort, opened_at = excluded.opened_at",
                       (name, query.strip(), json.dumps(filters or {}, sort_keys=True), sort, _now(), _now()))

    def remove_search(self, name: str) -> bool:
        with self._transaction() as db:
            return db.execute("DELETE FROM saved_searches WHERE name = ?", (name,)).rowcount > 0

    def saved_searches(self) -> list[dict]:
        """Every saved search, A–Z: name, query, filters, sort, opened_at."""
        rows = self._db.execute("SELECT name, query, filters, sort, opened_at FROM saved_searches ORDER BY name")
        return [{"name": n, "query": q, "filters": json.loads(f or "{}"), "sort": s, "opened_at": o}
                for n, q, f, s, o in rows]

    def saved_search(self, name: str) -> dict:
        for entry in self.saved_searches():
            if entry["name"] == name:
                return entry
        known = ", ".join(e["name"] for e in self.saved_searches()) or "none saved yet"
        raise UserDataError(f"no saved search named {name!r} (saved: {known})")

    def mark_search_opened(self, name: str) -> None:
        if self.read_only:  # bookkeeping the user did not ask for: a read-only data dir keeps none
            return
        with self._transaction() as db:
            db.execute("UPDATE saved_searches SET opened_at = ? WHERE name = ?", (_now(), name))

    # ------------------------------------------------------------------ what's new
    def note_seen(self, article_ids) -> None:
        """Record when each article was first seen by the user's tools (ids already known keep their time)."""
        if self.read_only:  # bookkeeping the user did not ask for: a read-only data dir keeps none
            return
        now = _now()
        with self._transaction() as db:
            db.executemany("INSERT OR IGNORE INTO first_seen VALUES (?, ?)", ((i, now) for i in article_ids))

    def seen_since(self, moment: str | None) -> set[str]:
        """Ids first seen after `moment` (an ISO time); every recorded id when `moment` is None."""
        if moment is None:
            return {r[0] for r in self._db.execute("SELECT article_id FROM first_seen")}
        return {r[0] for r in self._db.execute("SELECT article_id FROM first_seen WHERE seen_at > ?", (moment,))}

    def known_ids(self) -> set[str]:
        return {r[0] for r in self._db.execute("SELECT article_id FROM first_seen")}

    def state(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM app_state WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_state(self, key: str, value: str | None) -> None:
        if self.read_only:  # bookkeeping the user did not ask for: a read-only data dir keeps none
            return
        with self._transaction() as db:
            db.execute("INSERT INTO app_state VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                       (key, value))
