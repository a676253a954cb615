"""The PostgreSQL full-text backend: `newsexplorer --backend postgresql://HOST/DB` (or $NEWSEXPLORER_BACKEND).

Only search moves to the server: the article store (articles.db) and the user's data (newsexplorer.db) stay in the
data dir, and snippets are still cut by snippets.py from the store's text (`ts_headline` would put markup into
untrusted text). Each data dir gets its own schema on the server (`nx_` + a hash of its path), holding:

- `docs`: one row per article — a `tsvector` with the title at weight A and the body at weight B (GIN index),
  `tsvector`s of the outlet/host and of the person/org/place/entity names (`source:`, `person:` …), the outlet,
  date and issue ids as columns, and a `seq` number that orders ties (as Whoosh's document number does);
- `words`: every word seen (folded) with its lexeme and a trigram index (`pg_trgm`): fuzzy terms (`word~N`),
  wildcards and the terms to highlight expand through it;
- `meta`: the generation, bumped in every writing transaction (live refresh polls it);
- text search configurations `nx` (accents folded by `unaccent`, then the Snowball English stemmer *without* a
  stop-word list, as Whoosh keeps every word) and `nx_names` (folded, not stemmed).

The query tree (Whoosh's parse, with words left unstemmed) is translated node by node: words, phrases (`<->`),
prefixes (`:*`) and `title:` (weight A) become one `tsquery` where they can; `source:`, `person:`, `date:`,
`outlet:`, `issue:`, id filters become SQL conditions. Ranking is `ts_rank_cd` with the default weights. What
differs from Whoosh is listed in docs/scale.md and each point is tested (tests/search/test_postgres_backend.py).
"""
from __future__ import annotations

import hashlib
import re
from datetime import datetime
from pathlib import Path
from typing import Callable, Iterable, Sequence

import numpy as np
from whoosh import query as wq
from whoosh.analysis import LowercaseFilter, RegexTokenizer
from whoosh.fields import TEXT
from whoosh.query.ranges import DateRange, NumericRange

from .. import query as qlang
from ..errors import IndexUnavailable, NewsExplorerError, QueryError, SearchUnreachable
from ..facets import FacetTable
from ..snippets import fold
from ..store.articles import ArticleStore
from ..store.search_index import entity_keywords, make_schema
from .base import Filters, Matches

NAME_FIELDS = ("source", "person", "org", "place", "entity")
TEXT_FIELDS = ("content", "title")
MAX_EXPANSIONS = 200  # words a wildcard or fuzzy term expands to (Whoosh: bounded by query.py the same way)
TRGM_THRESHOLD = 0.25  # pg_trgm similarity a word needs to be a fuzzy-term candidate
WORK_MEM = "32MB"  # per sort or hash of the reading connection (bench/scale.py --backend)
_WORD = re.compile(r"\w+")
_SCHEMA_VERSION = 1


def schema_name(data_dir: Path) -> str:
    """One schema per data dir on a shared server, named from the data dir's resolved path."""
    digest = hashlib.sha256(str(Path(data_dir).resolve()).encode("utf-8", "surrogateescape")).hexdigest()
    return f"nx_{digest[:16]}"


def _where(spec: str) -> str:
    """The server named without its password, for messages."""
    try:
        from psycopg.conninfo import conninfo_to_dict

        info = conninfo_to_dict(spec)
    except Exception:
        return "the PostgreSQL server"
    host = info.get("host") or "localhost"
    return f"PostgreSQL at {host}{':' + str(info['port']) if info.get('port') else ''}/{info.get('dbname', '')}"


def _connect(spec: str, autocommit: bool):
    try:
        import psycopg
    except ImportError:
        raise NewsExplorerError("the PostgreSQL backend needs psycopg: pip install 'newsexplorer[postgres]'") from None
    try:
        return psycopg.connect(spec, autocommit=autocommit, connect_timeout=10)
    except psycopg.Error as err:
        raise SearchUnreachable(f"cannot reach {_where(spec)}: "
                                f"{_first_line(err).removeprefix('connection is bad: ')}") from None


def _reaching(method):
    """A lost connection is opened again once (the server restarted); if that fails too, it is said as such
    (SearchUnreachable), not as a bad query."""
    import functools

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        import psycopg

        try:
            return method(self, *args, **kwargs)
        except psycopg.OperationalError:
            if not self._db.broken and not self._db.closed:
                raise
        self._db = _connect(self.spec, autocommit=True)  # once: the server may have restarted
        _reader_settings(self._db)
        try:
            return method(self, *args, **kwargs)
        except psycopg.OperationalError as err:
            raise SearchUnreachable(f"lost {_where(self.spec)}: {_first_line(err)}") from None
    return wrapper


def _reader_settings(db) -> None:
    """The reading connection's session: the fuzzy-term threshold, and room to rank a common word's matches in
    memory (the default 4 MB spills past ~50,000 of them to a temp file)."""
    db.execute(f"SET work_mem = '{WORK_MEM}'")
    try:
        db.execute(f"SET pg_trgm.similarity_threshold = {TRGM_THRESHOLD}")
    except Exception:  # pg_trgm not loaded yet: set again once the schema exists
        pass


def _first_line(err: Exception) -> str:
    return (str(err).strip().splitlines() or [type(err).__name__])[0][:200]


def _quote(word: str) -> str:
    """A word as a quoted operand of to_tsquery's syntax."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def _query_schema():
    """The Whoosh schema with title/body words only lowercased at parse time: PostgreSQL folds and stems them."""
    schema = make_schema()
    for name in TEXT_FIELDS:
        schema.remove(name)
        schema.add(name, TEXT(analyzer=RegexTokenizer() | LowercaseFilter()))
    return schema


class _Ts:
    """A tsquery-valued SQL expression (with its parameters)."""

    def __init__(self, sql: str, params: list):
        self.sql, self.params = sql, params


class _Cond:
    """A boolean SQL condition on a docs row (with its parameters)."""

    def __init__(self, sql: str, params: list):
        self.sql, self.params = sql, params


_TRUE, _FALSE = _Cond("TRUE", []), _Cond("FALSE", [])


class PostgresBackend:
    name = "postgresql"

    def __init__(self, data_dir: Path, store: ArticleStore, spec: str):
        self.data_dir, self.store, self.spec = data_dir, store, spec
        self.schema = schema_name(data_dir)
        self.parser = qlang.make_parser(_query_schema())
        self._db = _connect(spec, autocommit=True)  # reads: autocommit, so no idle transaction holds a lock
        self._ext = self._extension_schema()
        self._writer = None  # the writing connection, in a transaction until commit() or cancel()
        self._seen_generation: int | None = None
        self._facet_table = None  # (generation, FacetTable)
        self._terms: tuple | None = None  # (query, words to highlight) fetched with the last search
        self.on_refresh: Callable[[], None] | None = None
        _reader_settings(self._db)

    def _extension_schema(self) -> str:
        row = self._db.execute("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'"
                               ).fetchone()
        return row[0] if row else "public"

    # --- lifecycle --------------------------------------------------------------------------------
    @classmethod
    def open(cls, data_dir: Path, store: ArticleStore, spec: str, attempts: int = 3) -> "PostgresBackend":
        backend = cls(data_dir, store, spec)
        try:
            row = backend._db.execute(
                "SELECT to_regclass(%s), to_regclass(%s)", (f"{backend.schema}.docs", f"{backend.schema}.meta")
            ).fetchone()
            if row[0] is None or row[1] is None:
                raise IndexUnavailable(f"the search index on {_where(spec)} (schema {backend.schema}) is missing")
            version = backend._db.execute(f"SELECT version FROM {backend.schema}.meta").fetchone()
            if version is None or version[0] != _SCHEMA_VERSION:
                raise IndexUnavailable(f"the search index on {_where(spec)} (schema {backend.schema}) was written "
                                       f"by another version")
            docs = backend._db.execute(f"SELECT count(*) FROM {backend.schema}.docs").fetchone()[0]
            expected = store.count()
            if docs == 0 and expected > 0:
                raise IndexUnavailable(f"the search index on {_where(spec)} holds no documents, the article store "
                                       f"{expected}")
        except BaseException:
            backend.close()
            raise
        return backend

    @classmethod
    def create(cls, data_dir: Path, store: ArticleStore, spec: str) -> "PostgresBackend":
        backend = cls(data_dir, store, spec)
        with backend._db.transaction():
            backend._create_schema(backend._db)
        backend._ext = backend._extension_schema()
        return backend

    @classmethod
    def restore(cls, data_dir: Path, store: ArticleStore, spec: str) -> None:
        """Schema dropped, created and filled from the article store in one transaction: a restore killed half-way
        leaves the old state (PostgreSQL's DDL is transactional)."""
        backend = cls(data_dir, store, spec)
        try:
            backend._writer = _connect(spec, autocommit=False)
            backend._create_schema(backend._writer)
            backend.write(store.all())
            backend.commit()
        finally:
            backend.close()

    @staticmethod
    def wipe(data_dir: Path, spec: str) -> None:
        db = _connect(spec, autocommit=True)
        try:
            db.execute(f"DROP SCHEMA IF EXISTS {schema_name(data_dir)} CASCADE")
        finally:
            db.close()

    @staticmethod
    def restore_blocker(data_dir: Path, err: Exception) -> str | None:
        text = str(err)
        return text if text.startswith("cannot reach ") else None

    def _create_schema(self, db) -> None:
        s = self.schema
        try:
            db.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
            db.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception as err:
            raise IndexUnavailable(f"{_where(self.spec)} needs the extensions unaccent and pg_trgm (an administrator "
                                   f"runs: CREATE EXTENSION unaccent; CREATE EXTENSION pg_trgm;): "
                                   f"{_first_line(err)}") from None
        unaccent = db.execute("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'unaccent'"
                              ).fetchone()[0]
        ext = db.execute("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'pg_trgm'"
                         ).fetchone()[0]
        words = "asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, hword_numpart"
        for statement in (
            f"DROP SCHEMA IF EXISTS {s} CASCADE",
            f"CREATE SCHEMA {s}",
            # Snowball English without its stop-word list: Whoosh's analyzer keeps every word too
            f"CREATE TEXT SEARCH DICTIONARY {s}.nx_stem (TEMPLATE = snowball, Language = english)",
            f"CREATE TEXT SEARCH CONFIGURATION {s}.nx (COPY = pg_catalog.simple)",
            f"ALTER TEXT SEARCH CONFIGURATION {s}.nx ALTER MAPPING FOR {words} WITH {unaccent}.unaccent, {s}.nx_stem",
            f"CREATE TEXT SEARCH CONFIGURATION {s}.nx_names (COPY = pg_catalog.simple)",
            f"ALTER TEXT SEARCH CONFIGURATION {s}.nx_names ALTER MAPPING FOR {words} WITH {unaccent}.unaccent, simple",
            f"""CREATE TABLE {s}.docs (
                seq bigserial UNIQUE NOT NULL, id text PRIMARY KEY, path text NOT NULL, outlet text NOT NULL,
                date timestamp, issue text[] NOT NULL, tsv tsvector NOT NULL,
                source tsvector NOT NULL, person tsvector NOT NULL, org tsvector NOT NULL,
                place tsvector NOT NULL, entity tsvector NOT NULL) WITH (toast_tuple_target = 8160)""",
            # the tsvector inline in the row (up to a page), not in the TOAST table: ranking reads every match's,
            # and fetching each one out of line cost more than ranking it (bench/scale.py --backend)
            f"ALTER TABLE {s}.docs ALTER COLUMN tsv SET STORAGE MAIN",
            f"CREATE INDEX ON {s}.docs USING gin (tsv)",
            f"CREATE INDEX ON {s}.docs (path)",
            f"CREATE INDEX ON {s}.docs (date)",
            f"CREATE INDEX ON {s}.docs USING gin (person)",
            f"CREATE INDEX ON {s}.docs USING gin (org)",
            f"CREATE INDEX ON {s}.docs USING gin (place)",
            f"CREATE INDEX ON {s}.docs USING gin (entity)",
            f"CREATE INDEX ON {s}.docs USING gin (issue)",
            f"CREATE TABLE {s}.words (word text PRIMARY KEY, lexeme text NOT NULL)",
            f"CREATE INDEX ON {s}.words (lexeme text_pattern_ops)",
            f"CREATE INDEX ON {s}.words USING gin (word {ext}.gin_trgm_ops)",
            f"CREATE TABLE {s}.meta (version int NOT NULL, generation bigint NOT NULL)",
            f"INSERT INTO {s}.meta VALUES ({_SCHEMA_VERSION}, 0)",
        ):
            db.execute(statement)

    # --- writing --------------------------------------------------------------------------------
    def _w(self):
        if self._writer is None:
            self._writer = _connect(self.spec, autocommit=False)
        return self._writer

    def write(self, articles: Iterable) -> None:
        from ..ingest.outlets import search_text  # only when writing documents, as the Whoosh backend does

        s, db = self.schema, self._w()
        rows, words = [], set()
        for a in articles:
            keywords = entity_keywords(a)
            date = datetime.fromisoformat(a.date).replace(tzinfo=None) if a.date else None
            rows.append((a.id, a.path, a.source or "", date, [i["id"].lower() for i in a.issues if i.get("id")],
                         a.title, a.text, search_text(a.source, a.host) or "",
                         *(keywords[f] for f in ("person", "org", "place", "entity"))))
            words.update(w for w in _WORD.findall(fold(a.title + "\n" + a.text)) if len(w) <= 40)
            if len(rows) >= 200:
                self._put(db, rows)
                rows = []
        if rows:
            self._put(db, rows)
        if words:
            db.execute(f"INSERT INTO {s}.words (word, lexeme) SELECT w, coalesce((tsvector_to_array("
                       f"to_tsvector('{s}.nx', w)))[1], w) FROM unnest(%s::text[]) AS w ON CONFLICT (word) DO NOTHING",
                       (sorted(words),))

    def write_issues(self, changed) -> None:
        """(article id, issue ids) of articles whose issues changed (a catalog apply): only the issue column."""
        rows = [([i.lower() for i in issues], article_id) for article_id, issues in changed]
        if rows:
            with self._w().cursor() as cur:
                cur.executemany(f"UPDATE {self.schema}.docs SET issue = %s WHERE id = %s", rows)

    def _put(self, db, rows: list[tuple]) -> None:
        s = self.schema
        with db.cursor() as cur:
            cur.executemany(
                f"""INSERT INTO {s}.docs (id, path, outlet, date, issue, tsv, source, person, org, place, entity)
                VALUES (%s, %s, %s, %s, %s,
                        setweight(to_tsvector('{s}.nx', %s), 'A') || setweight(to_tsvector('{s}.nx', %s), 'B'),
                        to_tsvector('{s}.nx_names', %s), to_tsvector('{s}.nx_names', %s),
                        to_tsvector('{s}.nx_names', %s), to_tsvector('{s}.nx_names', %s),
                        to_tsvector('{s}.nx_names', %s))
                ON CONFLICT (id) DO UPDATE SET path = excluded.path, outlet = excluded.outlet,
                    date = excluded.date, issue = excluded.issue, tsv = excluded.tsv, source = excluded.source,
                    person = excluded.person, org = excluded.org, place = excluded.place, entity = excluded.entity""",
                rows)

    def delete(self, *, ids: Iterable[str] = (), paths: Iterable[str] = ()) -> None:
        ids, paths = list(ids), list(paths)
        if ids or paths:
            self._w().execute(f"DELETE FROM {self.schema}.docs WHERE path = ANY(%s) OR id = ANY(%s)", (paths, ids))

    def commit(self, *, light: bool = False) -> None:
        db = self._w()
        try:
            # the batch's new entries move from the GIN indexes' pending lists into the indexes now, in bulk, so no
            # query scans them unsorted (fastupdate off instead cost 7x the server CPU per article written)
            self._clean_pending(db)
            db.execute(f"UPDATE {self.schema}.meta SET generation = generation + 1")
            db.commit()
        finally:
            self._writer = None
            db.close()

    def _clean_pending(self, db) -> None:
        import psycopg

        try:
            with db.transaction():  # a savepoint: a writer that does not own the indexes skips this, nothing more
                db.execute(f"SELECT gin_clean_pending_list(i.indexrelid) FROM pg_index AS i JOIN pg_class AS c "
                           f"ON c.oid = i.indexrelid JOIN pg_am AS a ON a.oid = c.relam "
                           f"WHERE i.indrelid = '{self.schema}.docs'::regclass AND a.amname = 'gin'")
        except psycopg.errors.InsufficientPrivilege:
            pass

    def cancel(self) -> None:
        if self._writer is not None:
            db, self._writer = self._writer, None
            try:
                db.rollback()
            finally:
                db.close()

    def needs_maintenance(self) -> bool:
        return False  # autovacuum keeps the GIN indexes and statistics current

    def maintain(self) -> bool:
        return False

    def merge_while_waiting(self) -> bool:
        return False

    # --- reading --------------------------------------------------------------------------------
    @_reaching
    def generation(self) -> int:
        row = self._db.execute(f"SELECT generation FROM {self.schema}.meta").fetchone()
        return int(row[0]) if row else 0

    def _fresh(self) -> None:
        """Caches dropped, and the caller told, once another process's commit is seen."""
        self._seen(self.generation())

    def _seen(self, generation: int) -> None:
        if generation != self._seen_generation:
            first = self._seen_generation is None
            self._seen_generation = generation
            self._facet_table = None
            if self.on_refresh and not first:
                self.on_refresh()

    def parse(self, qstring: str):
        return qlang.parse(self.parser, qstring)

    @_reaching
    def search(self, q, filters: Filters, sort: str, limit: int, offset: int, exact_total: bool) -> Matches:
        """One statement, one round trip: the generation (live refresh), the total, the page and the words to
        highlight on it. The matches are ranked once, in a materialised CTE of small rows, so neither the total
        nor the sort carries the `tsvector`s along."""
        node = self._translate(q) if q is not None else _TRUE
        where = self._and(node, self._filters(filters))
        rank = self._rank_query(q, node)
        s = self.schema
        score = f"ts_rank_cd(tsv, {rank.sql})" if rank is not None else "0.0"
        score_params = rank.params if rank is not None else []
        if sort == "date":
            order = "date IS NULL, date DESC, CASE WHEN date IS NULL THEN score END DESC, seq"
        else:
            order = "score DESC, seq"
        terms = self._terms_sql(q) if q is not None else None
        # the words to highlight only when the page has hits (Corpus asks for them then)
        terms_sql = (f"CASE WHEN (SELECT count(*) FROM m) > %s THEN ARRAY({terms[0]}) END" if terms else "NULL")
        terms_params = [offset, *terms[1]] if terms else []
        sql = (f"WITH m AS MATERIALIZED (SELECT id, seq, date, {score} AS score FROM {s}.docs WHERE {where.sql}) "
               f"SELECT g.generation, (SELECT count(*) FROM m), {terms_sql}, p.id, p.score "
               f"FROM {s}.meta AS g LEFT JOIN LATERAL "
               f"(SELECT id, score FROM m ORDER BY {order} LIMIT %s OFFSET %s) AS p ON TRUE")
        rows = self._db.execute(sql, [*score_params, *where.params, *terms_params, limit, offset]).fetchall()
        self._seen(int(rows[0][0]) if rows else 0)
        page = [(r[3], float(r[4])) for r in rows if r[3] is not None]
        self._terms = (q, set(rows[0][2] or ())) if page and terms else None
        return Matches(page, int(rows[0][1]) if rows else 0)

    @_reaching
    def matching(self, q, filters: Filters) -> np.ndarray:
        self._fresh()
        node = self._translate(q) if q is not None else _TRUE
        where = self._and(node, self._filters(filters))
        rows = self._db.execute(f"SELECT seq FROM {self.schema}.docs WHERE {where.sql} ORDER BY seq",
                                where.params).fetchall()
        return np.array([r[0] for r in rows], dtype=np.int64)

    @_reaching
    def facets(self, docs: np.ndarray, fields: Sequence[str], top: int | None) -> dict[str, list[tuple[str, int]]]:
        generation = self.generation()
        if self._facet_table is None or self._facet_table[0] != generation:
            rows = self._db.execute(f"SELECT seq, id, outlet FROM {self.schema}.docs").fetchall()
            doccount = max((r[0] for r in rows), default=0) + 1
            self._facet_table = (generation, FacetTable(doccount, rows, self.store))
        return self._facet_table[1].counts(docs, fields, top)

    def docs_of(self, ids: Iterable[str]) -> np.ndarray:
        rows = self._db.execute(f"SELECT seq FROM {self.schema}.docs WHERE id = ANY(%s)", (list(ids),)).fetchall()
        return np.array([r[0] for r in rows], dtype=np.int64)

    def ids_of(self, docs: np.ndarray) -> set[str]:
        rows = self._db.execute(f"SELECT id FROM {self.schema}.docs WHERE seq = ANY(%s)",
                                ([int(d) for d in docs],)).fetchall()
        return {r[0] for r in rows}

    @_reaching
    def highlight_terms(self, q) -> set[str]:
        """The folded words of the index whose lexeme a title/body leaf of the query matches: snippets.py's
        TermMatcher looks for exactly these words (it cannot stem as PostgreSQL's Snowball stemmer does).
        The search that just ran for `q` fetched them already."""
        if self._terms is not None and self._terms[0] is q:
            return self._terms[1]
        terms = self._terms_sql(q)
        if terms is None:
            return set()
        return {r[0] for r in self._db.execute(terms[0], terms[1]).fetchall()}

    def _terms_sql(self, q) -> tuple[str, list] | None:
        """The SELECT of highlight_terms (one column: word) and its parameters; None when no leaf is a word."""
        lexemes: set[str] = set()
        words: list[str] = []  # stemmed by the server, in the same query
        prefixes: list[str] = []
        for leaf in q.leaves():
            if getattr(leaf, "fieldname", None) not in TEXT_FIELDS:
                continue
            if isinstance(leaf, wq.Phrase):
                words += leaf.words
            elif isinstance(leaf, wq.Prefix):
                prefixes.append(fold(leaf.text))
            elif isinstance(leaf, (wq.Wildcard, wq.FuzzyTerm)):
                lexemes |= set(self._expand(leaf))
            elif isinstance(leaf, wq.Term):
                words.append(leaf.text)
        if not lexemes and not prefixes and not words:
            return None
        s = self.schema
        # each part can use the words table's lexeme index (an OR of them could not)
        wanted = (f"(SELECT %s::text[] || tsvector_to_array(to_tsvector('{s}.nx', %s)))")
        parts = [f"SELECT unnest({wanted})", f"SELECT word FROM {s}.words WHERE lexeme = ANY({wanted}::text[])"]
        params: list = [sorted(lexemes), " ".join(words)] * 2
        for prefix in prefixes:
            parts.append(f"SELECT word FROM {s}.words WHERE lexeme LIKE %s")
            params.append(_like_escape(prefix) + "%")
        return " UNION ".join(f"({p} LIMIT 2000)" for p in parts), params

    @_reaching
    def known(self, word: str) -> bool:
        row = self._db.execute(f"SELECT EXISTS (SELECT 1 FROM {self.schema}.docs "
                               f"WHERE tsv @@ plainto_tsquery('{self.schema}.nx', %s))", (word,)).fetchone()
        return bool(row[0])

    def close(self) -> None:
        try:
            self.cancel()
        finally:
            if not self._db.closed:
                self._db.close()

    # --- the query tree as SQL ---------------------------------------------------------------------
    def _translate(self, q):
        """A query node as a tsquery expression (_Ts) where it is made of title/body words, else a condition."""
        s = self.schema
        if isinstance(q, wq.Every):
            return _Cond("date IS NOT NULL", []) if q.fieldname == "date" else _TRUE
        if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
            return _FALSE
        if isinstance(q, (wq.And, wq.Require)):
            return self._combine([self._translate(c) for c in q.children()], "&&", "AND")
        if isinstance(q, (wq.Or, wq.DisjunctionMax)):
            return self._combine([self._translate(c) for c in q.children()], "||", "OR")
        if isinstance(q, wq.Not):
            inner = self._translate(q.query)
            if isinstance(inner, _Ts):
                return _Ts(f"!!({inner.sql})", inner.params)
            return _Cond(f"NOT coalesce({inner.sql}, FALSE)", inner.params)
        if isinstance(q, wq.AndNot):
            return self._translate(wq.And([q.a, wq.Not(q.b)]))
        if isinstance(q, wq.AndMaybe):  # the optional part only ranks (see _rank_query)
            return self._translate(q.a)
        if isinstance(q, (DateRange, NumericRange)):
            return self._date_range(q)
        field = getattr(q, "fieldname", None)
        if field in TEXT_FIELDS:
            return self._text_leaf(q, weight=":A" if field == "title" else "")
        if field in NAME_FIELDS:
            words = q.words if isinstance(q, wq.Phrase) else [getattr(q, "text", "")]
            if isinstance(q, (wq.Prefix, wq.Wildcard, wq.FuzzyTerm)):
                raise QueryError(f"wildcards and fuzzy terms work on title and body words only here "
                                 f"({field}:{q.text}; the PostgreSQL backend)")
            text = " <-> ".join(_quote(w) for w in words if w)
            return _Cond(f"{field} @@ to_tsquery('{s}.nx_names', %s)", [text]) if text else _FALSE
        if field == "outlet" and isinstance(q, wq.Term):
            return _Cond("outlet = %s", [q.text])
        if field == "issue" and isinstance(q, wq.Term):
            return _Cond("%s = ANY(issue)", [q.text.lower()])
        if field in ("id", "path") and isinstance(q, wq.Term):
            return _Cond(f"{field} = %s", [q.text])
        raise QueryError(f"{type(q).__name__} on {field!r} is not supported by the PostgreSQL backend")

    def _text_leaf(self, q, weight: str):
        s = self.schema
        if isinstance(q, wq.Phrase):
            words = [w for w in q.words if w]
            if not words:
                return _FALSE
            return _Ts(f"to_tsquery('{s}.nx', %s)", [" <-> ".join(_quote(w) + weight for w in words)])
        if isinstance(q, wq.Prefix):  # the literal start of a stored lexeme (not stemmed first, as in Whoosh)
            return _Ts(f"to_tsquery('{s}.nx_names', %s)", [_quote(q.text) + ":*" + weight[1:]])
        if isinstance(q, (wq.Wildcard, wq.FuzzyTerm)):
            lexemes = self._expand(q)
            if not lexemes:
                return _FALSE
            return _Ts(f"to_tsquery('{s}.nx_names', %s)", [" | ".join(_quote(x) + weight for x in lexemes)])
        if isinstance(q, wq.Term):
            return _Ts(f"to_tsquery('{s}.nx', %s)", [_quote(q.text) + weight])
        raise QueryError(f"{type(q).__name__} is not supported by the PostgreSQL backend")

    def _expand(self, q) -> list[str]:
        """The stored lexemes a wildcard (`zap*ia`) or fuzzy term (`word~2`) stands for."""
        s = self.schema
        if isinstance(q, wq.FuzzyTerm):
            from rapidfuzz.distance import Levenshtein

            text = fold(q.text)
            rows = self._db.execute(f"SELECT word, lexeme FROM {s}.words WHERE word OPERATOR({self._ext}.%%) %s",
                                    (text,)).fetchall()
            keep = q.prefixlength
            near = sorted({lex for word, lex in rows if word[:keep] == text[:keep]
                           and Levenshtein.distance(word, text, score_cutoff=q.maxdist) <= q.maxdist})
            return near[:MAX_EXPANSIONS]
        pattern = _like_escape(fold(q.text)).replace("*", "%").replace("?", "_")
        rows = self._db.execute(f"SELECT DISTINCT lexeme FROM {s}.words WHERE lexeme LIKE %s ORDER BY lexeme LIMIT %s",
                                (pattern, MAX_EXPANSIONS)).fetchall()
        return [r[0] for r in rows]

    def _date_range(self, q):
        if q.fieldname != "date":
            raise QueryError("ranges work on dates only (e.g. date:[2026-01-01 to 2026-02-01] or date:>20260101)")
        if isinstance(q, DateRange):
            start, end = q.startdate, q.enddate
        else:
            from whoosh.util.times import long_to_datetime

            start = long_to_datetime(q.start) if q.start is not None else None
            end = long_to_datetime(q.end) if q.end is not None else None
        parts, params = ["date IS NOT NULL"], []
        if start is not None:
            parts.append("date >" + ("" if q.startexcl else "=") + " %s")
            params.append(start.replace(tzinfo=None))
        if end is not None:
            parts.append("date <" + ("" if q.endexcl else "=") + " %s")
            params.append(end.replace(tzinfo=None))
        return _Cond(" AND ".join(parts), params)

    def _combine(self, nodes: list, ts_op: str, sql_op: str):
        if not nodes:
            return _TRUE if sql_op == "AND" else _FALSE
        if all(isinstance(n, _Ts) for n in nodes):
            return _Ts(f" {ts_op} ".join(f"({n.sql})" for n in nodes), [p for n in nodes for p in n.params])
        conds = [self._cond(n) for n in nodes]
        return _Cond(f" {sql_op} ".join(f"({c.sql})" for c in conds), [p for c in conds for p in c.params])

    def _cond(self, node) -> _Cond:
        if isinstance(node, _Ts):
            return _Cond(f"tsv @@ ({node.sql})", node.params)
        return node

    def _and(self, *nodes) -> _Cond:
        conds = [self._cond(n) for n in nodes if n is not None]
        return _Cond(" AND ".join(f"({c.sql})" for c in conds), [p for c in conds for p in c.params])

    def _rank_query(self, q, node) -> _Ts | None:
        """What ts_rank_cd ranks by: the whole query when it is all words; else its positive words, ORed
        (AND MAYBE's optional part included)."""
        if isinstance(node, _Ts) and not isinstance(q, wq.AndMaybe):
            return node
        parts = [self._text_leaf(leaf, ":A" if leaf.fieldname == "title" else "")
                 for leaf in _positive_leaves(q) if getattr(leaf, "fieldname", None) in TEXT_FIELDS]
        parts = [p for p in parts if isinstance(p, _Ts)]
        if not parts:
            return None
        return _Ts(" || ".join(f"({p.sql})" for p in parts), [x for p in parts for x in p.params])

    def _filters(self, filters: Filters | None) -> _Cond | None:
        if not filters:
            return None
        s, parts, params = self.schema, [], []
        for field, forms in filters.fields:
            if field == "outlet":
                parts.append("outlet = ANY(%s)")
                params.append(list(forms))
            elif field == "issue":
                parts.append("issue && %s")
                params.append([f.lower() for f in forms])
            else:
                either = [f for f in forms if _WORD.search(f)]
                if not either:
                    raise QueryError(f"nothing to filter on in {forms[0]!r}")
                parts.append("(" + " OR ".join(f"{field} @@ phraseto_tsquery('{s}.nx_names', %s)" for _ in either) + ")")
                params.extend(either)
        if filters.include is not None:
            parts.append("id = ANY(%s)")
            params.append(sorted(filters.include))
        if filters.exclude:
            parts.append("NOT (id = ANY(%s))")
            params.append(sorted(filters.exclude))
        return _Cond(" AND ".join(parts), params) if parts else None


def _positive_leaves(q):
    """Leaves not under a NOT (the words a match is ranked by)."""
    if isinstance(q, wq.Not):
        return
    if isinstance(q, wq.AndNot):
        yield from _positive_leaves(q.a)
        return
    children = list(q.children())
    if not children:
        yield q
    for child in children:
        yield from _positive_leaves(child)


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
