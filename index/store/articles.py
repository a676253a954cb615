"""The authoritative copy of every indexed article (SQLite): the Whoosh index can always be rebuilt from it."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Iterable, Iterator

from ..model import Article

SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY, sha256 TEXT NOT NULL, size INTEGER, mtime REAL, articles INTEGER
);
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY, path TEXT NOT NULL, record INTEGER, title TEXT, source TEXT, byline TEXT,
    date TEXT, url TEXT, text TEXT NOT NULL, words INTEGER, entities TEXT, issues TEXT
);
CREATE INDEX IF NOT EXISTS articles_path ON articles(path);
CREATE INDEX IF NOT EXISTS articles_date ON articles(date);
CREATE TABLE IF NOT EXISTS line_counts (source TEXT NOT NULL, fp TEXT NOT NULL, docs INTEGER NOT NULL,
    PRIMARY KEY (source, fp)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS vocab (word TEXT PRIMARY KEY, freq INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
-- every file an article was read from (articles.path is the one shown): an article found in three files stays
-- while any of them still holds it
CREATE TABLE IF NOT EXISTS article_paths (path TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (path, id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS article_paths_id ON article_paths(id);
CREATE TABLE IF NOT EXISTS story_keys (key INTEGER NOT NULL, id TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS story_keys_key ON story_keys(key);
CREATE INDEX IF NOT EXISTS story_keys_id ON story_keys(id);
"""
# Columns added after the first release: an older articles.db gains them (empty) when opened.
_ADDED_COLUMNS = {"host": "TEXT", "title_derived": "INTEGER DEFAULT 0", "story": "TEXT"}
_COLUMNS = "id, path, record, title, source, byline, date, url, text, entities, issues, host, title_derived, story"


def _row_to_article(row) -> Article:
    return Article(id=row[0], path=row[1], record=row[2] or 0, title=row[3], source=row[4], byline=row[5],
                   date=row[6], url=row[7], text=row[8], entities=json.loads(row[9] or "[]"),
                   issues=json.loads(row[10] or "[]"), host=row[11], title_derived=bool(row[12]), story=row[13])


class ArticleStore:
    def __init__(self, path: Path, read_only: bool | None = None):
        """`read_only` (default: when this process cannot write the file or its folder): opened so that nothing is
        ever written, not even SQLite's -shm, and nothing upgraded; searching and reading work as usual."""
        from ..datadir import connect_read_only
        from ..datadir import read_only as _cannot_write

        self.path = path
        self.read_only = _cannot_write(path) if read_only is None else read_only
        if self.read_only:
            self.db = connect_read_only(path, timeout=30)
            return
        self.db = sqlite3.connect(path, timeout=30, check_same_thread=False, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        present = {r[1] for r in self.db.execute("PRAGMA table_info(articles)")}
        for column, kind in _ADDED_COLUMNS.items():
            if column not in present:
                self.db.execute(f"ALTER TABLE articles ADD COLUMN {column} {kind}")
        self.db.execute("CREATE INDEX IF NOT EXISTS articles_story ON articles(story)")
        self._link_existing()

    def _link_existing(self) -> None:
        """A store made before article_paths: each article's own path is its one known source."""
        if self.get_meta("article_paths") is None:
            with self.transaction():
                self.db.execute("INSERT OR IGNORE INTO article_paths SELECT path, id FROM articles")
                self.set_meta("article_paths", "1")

    def close(self) -> None:
        self.db.close()

    # --- files -------------------------------------------------------------------------------
    def file_hash(self, path: str) -> str | None:
        row = self.db.execute("SELECT sha256 FROM files WHERE path = ?", (path,)).fetchone()
        return row[0] if row else None

    def ids_for_path(self, path: str) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM articles WHERE path = ?", (path,))]

    def known_files(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT path FROM files")]

    def linked_ids(self, paths: Iterable[str]) -> dict[str, tuple[str, set[str]]]:
        """For each article read from any of `paths`: (its shown path, every path it was read from)."""
        out: dict[str, tuple[str, set[str]]] = {}
        for path in paths:
            for (article_id,) in self.db.execute("SELECT id FROM article_paths WHERE path = ?", (path,)).fetchall():
                if article_id in out:
                    continue
                row = self.db.execute("SELECT path FROM articles WHERE id = ?", (article_id,)).fetchone()
                if row is None:
                    continue
                sources = {r[0] for r in self.db.execute("SELECT path FROM article_paths WHERE id = ?", (article_id,))}
                out[article_id] = (row[0], sources)
        return out

    # --- articles ------------------------------------------------------------------------------
    def has(self, article_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def get(self, article_id: str) -> Article | None:
        row = self.db.execute(f"SELECT {_COLUMNS} FROM articles WHERE id = ?", (article_id,)).fetchone()
        return _row_to_article(row) if row else None

    def find_prefix(self, prefix: str) -> list[str]:
        """Ids starting with a prefix, so users can type the first few characters of an id."""
        prefix = prefix.replace("%", "").replace("_", "")
        return [r[0] for r in self.db.execute("SELECT id FROM articles WHERE id LIKE ? LIMIT 5", (prefix + "%",))]

    def texts(self, ids: list[str]) -> dict[str, str]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        return dict(self.db.execute(f"SELECT id, text FROM articles WHERE id IN ({marks})", ids))

    def rows(self, ids: list[str], columns: str = "id, title, source, date, path") -> dict[str, tuple]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        return {r[0]: r for r in self.db.execute(f"SELECT {columns} FROM articles WHERE id IN ({marks})", ids)}

    def all(self) -> Iterator[Article]:
        for row in self.db.execute(f"SELECT {_COLUMNS} FROM articles ORDER BY rowid"):
            yield _row_to_article(row)

    def listing(self, limit: int | None = None, offset: int = 0) -> list[tuple]:
        """Every article, newest first (undated last): the TUI's empty-query view."""
        sql = ("SELECT id, title, source, date, path FROM articles "
               "ORDER BY date IS NULL, date DESC, title LIMIT ? OFFSET ?")
        return self.db.execute(sql, (-1 if limit is None else limit, offset)).fetchall()

    def annotated(self) -> list[tuple[str, str, str]]:
        """(id, entities JSON, issues JSON) of every article with entities or issues (facet counts)."""
        return self.db.execute(
            "SELECT id, entities, issues FROM articles WHERE entities != '[]' OR issues != '[]'").fetchall()

    def entity_spans(self) -> dict[str, list[dict]]:
        """Every article's entity spans, by id (articles without any left out): what the entity table merges."""
        return {row[0]: json.loads(row[1] or "[]")
                for row in self.db.execute("SELECT id, entities FROM articles WHERE entities != '[]'")}

    def with_issues(self) -> list[tuple]:
        """(id, title, source, date, path, issues JSON, url, story) of every article with issue mentions."""
        return self.db.execute(
            "SELECT id, title, source, date, path, issues, url, story FROM articles WHERE issues != '[]'").fetchall()

    def issue_ids(self) -> dict[str, list[str]]:
        """{issue id: ids of the articles that discuss it}: what `issue:` searches match (search/issue_terms.py)."""
        out: dict[str, list[str]] = {}
        for article_id, issues in self.db.execute("SELECT id, issues FROM articles WHERE issues != '[]'"):
            for issue in json.loads(issues or "[]"):
                if issue.get("id"):
                    out.setdefault(str(issue["id"]).lower(), []).append(article_id)
        return out

    def issue_texts(self) -> list[tuple]:
        """(id, text, issues JSON, title, date) of every article: what a catalog apply detects issues in."""
        return self.db.execute("SELECT id, text, issues, title, date FROM articles").fetchall()

    def set_issues_many(self, changed: Iterable[tuple[str, str]]) -> None:
        """(id, issues JSON) pairs written back; the caller holds a transaction."""
        self.db.executemany("UPDATE articles SET issues = ? WHERE id = ?", [(new, i) for i, new in changed])

    def texts_and_entities(self) -> Iterator[tuple[str, str, str]]:
        """(id, text, entities JSON) of every article, in store order (catalog suggestions)."""
        yield from self.db.execute("SELECT id, text, entities FROM articles")

    def every(self, columns: str = "id, title, text", limit: int | None = None) -> list[tuple]:
        """These columns of every article (or the first `limit`), in store order: for benches and exports."""
        return self.db.execute(f"SELECT {columns} FROM articles ORDER BY rowid LIMIT ?",
                               (-1 if limit is None else limit,)).fetchall()

    def ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM articles")]

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM articles").fetchone()[0]

    def put_batch(self, articles: Iterable[Article], files: Iterable[tuple[str, str, int, float, int]],
                  removed_paths: Iterable[str] = (), line_counts: dict | None = None,
                  vocab: dict | None = None, links: Iterable[tuple[str, str]] = (),
                  deleted_ids: Iterable[str] = (), moved: dict[str, str] | None = None,
                  forgotten_files: Iterable[str] = ()) -> None:
        """One transaction: old versions of changed files out (their articles deleted, or `moved` to another file
        that still holds them), new articles and (id, path) links in, files marked done or forgotten."""
        with self.transaction():
            self.add_line_counts(line_counts or {})
            self.add_vocab(vocab or {})
            for path in removed_paths:
                self.db.execute("DELETE FROM article_paths WHERE path = ?", (path,))
            self.db.executemany("INSERT OR IGNORE INTO article_paths VALUES (?, ?)", [(p, i) for i, p in links])
            self.db.executemany("UPDATE articles SET path = ? WHERE id = ?", [(p, i) for i, p in (moved or {}).items()])
            gone = list(deleted_ids)
            for path in removed_paths:  # anything still shown under a removed path that no file holds any more
                gone += [r[0] for r in self.db.execute(
                    "SELECT id FROM articles WHERE path = ? AND NOT EXISTS "
                    "(SELECT 1 FROM article_paths l WHERE l.id = articles.id)", (path,))]
            rewritten = [a.id for a in articles]  # their story keys are found again (ingest/stories.group_new)
            self.db.executemany("DELETE FROM story_keys WHERE id = ?", [(i,) for i in {*gone, *rewritten}])
            self.db.executemany("DELETE FROM articles WHERE id = ?", [(i,) for i in set(gone)])
            self.db.executemany("DELETE FROM files WHERE path = ?", [(p,) for p in forgotten_files])
            self.db.executemany(
                f"INSERT OR REPLACE INTO articles ({_COLUMNS}, words) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [(a.id, a.path, a.record, a.title, a.source, a.byline, a.date, a.url, a.text,
                  json.dumps(a.entities), json.dumps(a.issues), a.host, int(a.title_derived), a.story,
                  len(a.text.split())) for a in articles])
            self.db.executemany("INSERT OR REPLACE INTO files VALUES (?,?,?,?,?)", list(files))

    def set_annotations(self, article_id: str, entities: list[dict] | None = None,
                        issues: list[dict] | None = None) -> None:
        if entities is not None:
            self.db.execute("UPDATE articles SET entities = ? WHERE id = ?", (json.dumps(entities), article_id))
        if issues is not None:
            self.db.execute("UPDATE articles SET issues = ? WHERE id = ?", (json.dumps(issues), article_id))

    def transaction(self):
        self._writable("changing the index")
        return _Transaction(self.db)

    def _writable(self, what: str) -> None:
        """One line (ReadOnlyDataDir) before any write to a store opened read-only, never SQLite's error."""
        if self.read_only:
            from ..errors import ReadOnlyDataDir

            raise ReadOnlyDataDir(self.path.parent, what)

    # --- repeated-line counts for boilerplate removal ----------------------------------------------
    def line_counts(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
        out = {}
        for i in range(0, len(keys), 400):
            chunk = keys[i:i + 400]
            where = " OR ".join("(source = ? AND fp = ?)" for _ in chunk)
            params = [v for key in chunk for v in key]
            for source, fp, docs in self.db.execute(f"SELECT source, fp, docs FROM line_counts WHERE {where}", params):
                out[(source, fp)] = docs
        return out

    def add_line_counts(self, counts: dict[tuple[str, str], int]) -> None:
        self.db.executemany(
            "INSERT INTO line_counts VALUES (?,?,?) ON CONFLICT(source, fp) DO UPDATE SET docs = docs + excluded.docs",
            [(s, f, n) for (s, f), n in counts.items()])

    # --- syndicated copies: near-duplicate lookup keys and story groups ---------------------------------------
    def story_candidates(self, keys: list[int], exclude: str) -> set[str]:
        """Ids of stored articles sharing a near-duplicate lookup key with these."""
        out: set[str] = set()
        for i in range(0, len(keys), 400):
            chunk = keys[i:i + 400]
            marks = ",".join("?" * len(chunk))
            out.update(r[0] for r in self.db.execute(f"SELECT DISTINCT id FROM story_keys WHERE key IN ({marks})", chunk))
        out.discard(exclude)
        return out

    def add_story_keys(self, article_id: str, keys: list[int]) -> None:
        self.db.execute("DELETE FROM story_keys WHERE id = ?", (article_id,))
        self.db.executemany("INSERT INTO story_keys VALUES (?, ?)", [(k, article_id) for k in keys])

    def story_key_matches(self, keys: list[int], exclude: set[str]) -> dict[int, set[str]]:
        """Which stored articles (other than `exclude`) hold each of these lookup keys: one query per 900 keys."""
        out: dict[int, set[str]] = {}
        for i in range(0, len(keys), 900):
            chunk = keys[i:i + 900]
            marks = ",".join("?" * len(chunk))
            for key, article_id in self.db.execute(f"SELECT key, id FROM story_keys WHERE key IN ({marks})", chunk):
                if article_id not in exclude:
                    out.setdefault(key, set()).add(article_id)
        return out

    def add_story_keys_many(self, keyed: dict[str, list[int]]) -> None:
        """Replace the lookup keys of many articles in two statements."""
        self.db.executemany("DELETE FROM story_keys WHERE id = ?", [(i,) for i in keyed])
        rows = ((k, i) for i, keys in keyed.items() for k in keys)  # made one at a time: no garbage-collector passes
        self.db.executemany("INSERT INTO story_keys VALUES (?, ?)", rows)

    def stories(self, ids: list[str]) -> dict[str, str | None]:
        return {r[0]: r[1] for r in self.rows(ids, "id, story").values()}

    def set_story(self, old_or_ids, story: str) -> None:
        """Put articles (a list of ids, or every member of a story id) into one story."""
        if isinstance(old_or_ids, str):
            self.db.execute("UPDATE articles SET story = ? WHERE story = ? OR id = ?", (story, old_or_ids, old_or_ids))
        else:
            self.db.executemany("UPDATE articles SET story = ? WHERE id = ?", [(story, i) for i in old_or_ids])

    def story_members(self, story: str) -> list[tuple]:
        """(id, title, source, host, date, rowid) of every article in a story, in indexing order."""
        return self.db.execute("SELECT id, title, source, host, date, rowid FROM articles WHERE story = ? ORDER BY rowid",
                               (story,)).fetchall()

    # --- vocabulary for "did you mean" ----------------------------------------------------------------
    def add_vocab(self, freqs: dict[str, int]) -> None:
        self.db.executemany(
            "INSERT INTO vocab VALUES (?,?) ON CONFLICT(word) DO UPDATE SET freq = freq + excluded.freq",
            list(freqs.items()))

    def vocab(self, min_freq: int = 1) -> list[tuple[str, int]]:
        return self.db.execute("SELECT word, freq FROM vocab WHERE freq >= ?", (min_freq,)).fetchall()

    # --- small key/value facts (schema version, catalog used) ------------------------------------------
    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        self._writable("changing the index")
        self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))


class _Transaction:
    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, exc_type, *_):
        if exc_type is None:
            self.db.execute("COMMIT")
            return False
        try:  # SQLite may have rolled back already (a full disk does): the error to report is the first one
            self.db.execute("ROLLBACK")
        except sqlite3.Error:
            pass
        return False
