"""Corpus: the engine's front door. Opens the data dir, indexes files, answers searches, returns articles.

Searching goes through a backend (index/search/: Whoosh by default, PostgreSQL by URL); opening, restoring and
rebuilding the data dir are lifecycle.py's; the SQL is the article store's. What stays here: the data dir,
names widened to every spelling (entity_table.py), the user's words (tag:, is:new), and ids turned into articles.
"""
from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import numpy as np

from . import lifecycle
from . import personal as _personal
from . import query as qlang
from .datadir import ARTICLES_DB, WriterLock, begin_build, default_data_dir, end_build, read_only
from .errors import IndexUnavailable, NewsExplorerError, QueryError, ReadOnlyDataDir
from .facets import FACET_FIELDS
from .lifecycle import open_store as _open_store
from .lifecycle import store_damaged as _store_damaged
from .model import Article
from .search import Filters, resolve_spec
from .snippets import Snippet, TermMatcher, make_snippet
from .store.articles import ArticleStore

if TYPE_CHECKING:
    from .indexer import IndexReport

_UNSET = object()


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _refresh_entities(store: ArticleStore, data_dir: Path) -> list[str]:
    """Entity names merged again if spans or the alias file changed; the warnings to show (a broken alias file)."""
    try:
        from .entity_table import refresh
    except ImportError:  # entity support not installed in this build
        return []
    warning = refresh(store, data_dir)
    return [warning] if warning else []


FILTER_FIELDS = {"outlet", "person", "org", "place", "entity", "issue"}
MIN_ID_PREFIX = 4  # characters of an id a user must type: fewer would match many articles in any corpus


@dataclass
class Hit:
    id: str
    path: str
    title: str
    source: str | None
    date: str | None
    score: float
    snippet: str
    snippet_spans: list[tuple[int, int]] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"id": self.id, "path": self.path, "title": self.title, "source": self.source,
                "date": self.date, "score": round(self.score, 4), "snippet": self.snippet}


@dataclass
class SearchResult:
    query: str
    total: int
    took_ms: float
    hits: list[Hit]
    total_is_estimate: bool = False
    suggestion: str | None = None  # "did you mean", when the query found nothing

    def to_json(self) -> dict:
        data = {"query": self.query, "total": self.total, "took_ms": round(self.took_ms, 2),
                "hits": [h.to_json() for h in self.hits]}
        if self.suggestion:
            data["did_you_mean"] = self.suggestion
        return data


class Corpus:
    """An indexed collection of articles in one data dir."""

    def __init__(self, data_dir: Path, store: ArticleStore, backend, spec: str = "whoosh"):
        self.data_dir = data_dir
        self._store = store
        self._store_identity = _identity(data_dir / ARTICLES_DB)
        self._reopened = 0  # times the store was found replaced and opened again
        self.backend = backend  # index/search/: answers searches; told to forget caches on another's commit
        self.backend_spec = spec
        backend.on_refresh = self._forget_caches
        self._lock = threading.RLock()
        self.restored: str | None = None  # why the search index had to be restored from the article store on open
        self.warnings: list[str] = []  # one line each, for the user: e.g. an alias file that is ignored
        self._vocab: list[str] | None = None
        self._userdata = None
        self._expander = None
        self._new_since = _UNSET  # read from newsexplorer.db on first use; begin_visit() moves it
        self._noted_version: int | None = None  # the index version whose articles _note_seen() last recorded

    def _forget_caches(self) -> None:
        self._vocab = None
        self._expander = None  # an index run may have changed the entity table too

    @property
    def store(self) -> ArticleStore:
        """The article store, opened again if another process replaced articles.db (`index --rebuild` in another
        terminal): the old connection would keep reading the deleted file for as long as the app runs."""
        identity = _identity(self.data_dir / ARTICLES_DB)
        if identity is not None and identity != self._store_identity:
            with self._lock:
                if identity != self._store_identity:
                    self._reopen(identity)
        return self._store

    def _reopen(self, identity) -> None:
        from .search import backend_class

        try:
            fresh = _open_store(self.data_dir)
            backend = backend_class(self.backend_spec).open(self.data_dir, fresh, self.backend_spec, attempts=1)
        except Exception:  # the rebuild is still under way: keep what we have, look again next time
            return
        old, self._store, self._store_identity = self._store, fresh, identity
        old_backend, self.backend = self.backend, backend
        backend.on_refresh = self._forget_caches
        self._reopened += 1
        old_backend.close()
        self._forget_caches()
        old.close()

    @property
    def read_only(self) -> bool:
        """The data dir cannot be written by this user: search, read and `issues` work; ticks, notes, tags, saved
        searches, catalogs and indexing are refused in one line (errors.ReadOnlyDataDir)."""
        return bool(getattr(self._store, "read_only", False))

    # --- compatibility: the Whoosh backend's objects, for code and tests written before index/search/ ----------
    @property
    def ix(self):
        """The Whoosh index (Whoosh backend only)."""
        return self.backend.ix

    def searcher(self):
        """The Whoosh backend's shared searcher, reopened when another process has committed (Whoosh only)."""
        self.store  # noqa: B018 -- reopens everything if articles.db was replaced
        with self._lock:
            return self.backend.searcher()

    def executor(self):
        """The Whoosh backend's posting-list runner for the current searcher, or None (Whoosh only)."""
        with self._lock:
            return self.backend.executor()

    @staticmethod
    def _newest_first(searcher, q, filter_q, limit: int) -> list[tuple[str, float]]:
        from .search.whoosh_backend import newest_first

        return newest_first(searcher, q, filter_q, limit)

    # --- opening ---------------------------------------------------------------------------------
    @classmethod
    def open(cls, data_dir: Path | str | None = None, *, restore: bool = True,
             on_restore: Callable[[str], None] | None = None, backend: str | None = None) -> "Corpus":
        """Open an existing index; IndexUnavailable (one-line message) if there is none or it cannot be used.

        A missing or damaged search index is rebuilt from the article store (which holds every article), under
        the writer lock: on_restore(message) is called first, and `corpus.restored` keeps the message after.
        `backend`: "whoosh" or a postgresql:// URL (default: $NEWSEXPLORER_BACKEND, else whoosh).
        """
        data_dir = Path(data_dir) if data_dir else default_data_dir()
        spec = resolve_spec(backend)
        if not (data_dir / ARTICLES_DB).is_file():
            raise IndexUnavailable(f"no index in {data_dir} (run: newsexplorer index [PATH...])")
        store = _open_store(data_dir)
        try:
            search, restored = lifecycle.open_search(data_dir, store, spec, restore=restore, on_restore=on_restore)
            warnings = _refresh_entities(store, data_dir)
        except NewsExplorerError:
            store.close()
            raise
        except sqlite3.DatabaseError as err:
            store.close()
            raise _store_damaged(data_dir, err) from None
        corpus = cls(data_dir, store, search, spec)
        corpus.restored = restored
        corpus.warnings = warnings
        return corpus

    @classmethod
    def build(cls, data_dir: Path | str | None, paths: list[Path], *, rebuild: bool = False,
              enrich: Callable[[list[Article]], None] | None = None,
              progress: Callable[[str, int, int], None] | None = None,
              wait: float | None = None, on_wait: Callable[[str | None], None] | None = None,
              fanout=None, backend: str | None = None) -> tuple["Corpus", "IndexReport"]:
        """Index files into the data dir (created if needed), one writer at a time; returns the corpus and a report.

        `fanout`: where enrichment runs (`fanout.make_fanout`: dask workers); default: in this process.
        `backend`: as for open()."""
        data_dir = Path(data_dir) if data_dir else default_data_dir()
        spec = resolve_spec(backend)
        from .search import backend_class

        backend_class(spec)  # an unknown backend is said before anything is touched
        missing = [str(p) for p in paths if not os.path.lexists(p)]
        if rebuild and missing:  # a mistyped path must not cost the user the index they have
            raise NewsExplorerError(f"nothing rebuilt: {missing[0]} does not exist"
                                    + (f" (and {len(missing) - 1} more paths)" if len(missing) > 1 else "")
                                    + "; the index was left as it was")
        if read_only(data_dir) or read_only(data_dir / ARTICLES_DB):  # said before anything is tried or written
            raise ReadOnlyDataDir(data_dir, "indexing")
        data_dir.mkdir(parents=True, exist_ok=True)
        with WriterLock(data_dir) as lock:
            lock.acquire(wait=wait, on_wait=on_wait)
            begin_build(data_dir, paths)
            if rebuild:
                lifecycle.wipe(data_dir, spec)
            store = _open_store(data_dir)
            search, restored = lifecycle.open_for_writing(data_dir, store, spec, progress)
            if enrich is not None and getattr(enrich, "catalog", None) is not None:
                enrich.catalog = cls._catalog_for(data_dir, store, enrich)
            from .indexer import Indexer  # ingest (trafilatura, feedparser, …) is loaded only to index

            report = Indexer(store, search, enrich=enrich, progress=progress, fanout=fanout).run(paths)
            report.restored = restored
            if report.indexed or rebuild:
                store.set_meta("entities_generation", str(store.count()) + ":" + str(time.time()))
            warnings = _refresh_entities(store, data_dir)
            if enrich is not None and getattr(enrich, "catalog", None) is not None:
                from .enrich.apply import DIGEST_KEY, redetect

                if store.get_meta(DIGEST_KEY) != enrich.catalog.digest:
                    if report.indexed and report.indexed == store.count():
                        # every stored article was just enriched with this catalog (here or on a dask worker): its
                        # detections are the ones a second pass would give, so the main process does not repeat them
                        store.set_meta(DIGEST_KEY, enrich.catalog.digest)
                    else:  # another catalog, or articles from an earlier run: find every article's issues again
                        redetect(store, search, enrich.catalog, progress)
            end_build(data_dir)
        corpus = cls(data_dir, store, search, spec)
        corpus.warnings = warnings
        return corpus, report

    @staticmethod
    def _catalog_for(data_dir: Path, store: ArticleStore, enrich):
        """The catalog this run detects issues with: one the caller named is stored in the data dir (and stays its
        catalog); otherwise the data dir's own, so a run without --catalog never switches back to the bundled one."""
        from .enrich import catalog_store

        if getattr(enrich, "catalog_explicit", False):
            catalog = enrich.catalog
            source = getattr(enrich, "catalog_path", None)
            return catalog_store.install_text(data_dir, catalog.text, str(Path(source).resolve()) if source else None,
                                              label=catalog.path)[0]
        return catalog_store.active_catalog(data_dir, store.get_meta("catalog_path") or None)

    def apply_catalog(self, path: Path | str | None = None, *, text: str | None = None, progress=None):
        """Make a catalog file (or TOML text) the data dir's catalog and find every article's issues again from the
        stored text; with neither, re-apply the current one. A bad catalog raises CatalogError, changing nothing.

        Returns (catalog, record of the stored version, ApplyReport)."""
        from .enrich import catalog_store
        from .enrich.apply import redetect

        if self.read_only:
            raise ReadOnlyDataDir(self.data_dir, "applying a catalog")
        with WriterLock(self.data_dir) as lock:
            lock.acquire(wait=30)
            # the new version becomes the data dir's catalog only once its detections are stored: an apply quit or
            # killed half-way (the app's exit watchdog) leaves the previous catalog with the detections made with it
            changed = False
            if path is not None:
                catalog, record, changed = catalog_store.install_file(self.data_dir, Path(path), activate=False)
            elif text is not None:
                catalog, record, changed = catalog_store.install_text(self.data_dir, text, None, keep_source=True,
                                                                      activate=False)
            else:
                catalog, record = self.catalog(), catalog_store.installed(self.data_dir)
            with self._lock:
                report = redetect(self.store, self.backend, catalog, progress)
            if changed:
                catalog_store.make_current(self.data_dir, record)
        return catalog, record, report

    def edit_catalog(self, change: Callable[[str], str], progress=None):
        """Change the catalog's TOML text (add, rename, delete an issue: enrich/catalog_store.py) and apply it."""
        return self.apply_catalog(text=change(self.catalog().text), progress=progress)

    # --- the user's own data and the issue checklist -------------------------------------------------------
    @property
    def userdata(self):
        """Ticks, overrides, notes, tags: newsexplorer.db, a file no re-index or --rebuild touches."""
        if self._userdata is None:
            from .datadir import USER_DB
            from .store.userdata import UserData

            self._userdata = UserData(self.data_dir / USER_DB)
        return self._userdata

    def catalog(self):
        """The data dir's issue catalog (stored there by `index --catalog` / `catalog apply`; else the bundled one)."""
        from .enrich.catalog_store import active_catalog

        return active_catalog(self.data_dir, self.store.get_meta("catalog_path") or None)

    def issue_rollup(self, scope: str | None = None) -> list[dict]:
        """Per catalog issue: where it stands, with evidence, history and the user's marks.

        `scope`: a search; only matching articles count (on top of the catalog's own `scope`)."""
        from .enrich.rollup import rollup

        catalog = self.catalog()
        return rollup(catalog, self._issue_articles(catalog, scope), self.userdata.marks())

    def issues_document(self, scope: str | None = None) -> dict:
        from .enrich.rollup import issues_document

        catalog = self.catalog()
        document = issues_document(catalog, self._issue_articles(catalog, scope), self.userdata.marks())
        if catalog.statuses:
            document["status_words"] = dict(catalog.statuses)
        return document

    def _issue_articles(self, catalog=None, scope: str | None = None) -> list[dict]:
        """Articles with issue mentions (inside the catalog's and the caller's scope, when given); "origin" is the
        outlet a syndicated copy counts for (its story's original)."""
        from .ingest.stories import original_outlet

        origins: dict[str, str | None] = {}
        rows = []
        for r in self.store.with_issues():
            if r[7] and r[7] not in origins:
                origins[r[7]] = original_outlet(self.store.story_members(r[7]))
            rows.append({"id": r[0], "title": r[1], "source": r[2], "date": r[3], "path": r[4], "url": r[6],
                         "issues": json.loads(r[5]), "origin": origins.get(r[7]) or r[2]})
        for query in (getattr(catalog, "scope", None), scope):
            if query and query.strip():
                inside = self.matching_ids(query)
                rows = [r for r in rows if r["id"] in inside]
        return rows

    def matching_ids(self, qstring: str) -> set[str]:
        """The ids of every article a search matches (for scopes: no ranking, no page)."""
        q = self.parse(qstring.strip())
        with self._lock:
            backend = self._backend()
            docs = self._guarded(qstring, backend.matching, q, Filters())
            return backend.ids_of(docs)

    def close(self) -> None:
        with self._lock:
            if self._userdata is not None:
                self._userdata.close()
                self._userdata = None
            self.backend.close()
            self._store.close()

    # --- reading ---------------------------------------------------------------------------------
    def count(self) -> int:
        return self.store.count()

    def article(self, article_id: str) -> Article:
        """The article with this id (or the one id that starts with it)."""
        article = self.store.get(article_id)
        if article is None:
            matches = self.store.find_prefix(article_id)
            if len(article_id) < MIN_ID_PREFIX and matches:  # "no article" would be untrue: some ids start so
                raise NewsExplorerError(f"article id {article_id!r} is too short: give at least {MIN_ID_PREFIX} "
                                        f"characters of the id (e.g. {matches[0][:8]})")
            if len(matches) == 1:
                article = self.store.get(matches[0])
            elif len(matches) > 1:
                raise NewsExplorerError(f"article id {article_id!r} is ambiguous: {', '.join(matches)}")
        if article is None:
            raise NewsExplorerError(f"no article with id {article_id!r}")
        from .ingest.stories import copies

        article.also_in = copies(self.store, article)
        return article

    def listing(self, limit: int | None = 500, offset: int = 0) -> list[Hit]:
        """Every article, newest first: what the search view shows for an empty query."""
        rows = self.store.listing(limit, offset)
        texts = self.store.texts([r[0] for r in rows])
        return [Hit(id=r[0], title=r[1], source=r[2], date=r[3], path=r[4], score=0.0,
                    snippet=make_snippet(texts.get(r[0], ""), None).text) for r in rows]

    # --- searching -------------------------------------------------------------------------------
    def _backend(self):
        """The backend, after the store check (which reopens both if another process replaced articles.db)."""
        self.store  # noqa: B018
        return self.backend

    def _guarded(self, qstring: str, run, *args):
        """A backend call; its own errors (Whoosh raises bare Exception for e.g. date:"" at search time) become
        one QueryError line naming the query; a backend that cannot be reached says so (IndexUnavailable). When the
        index itself no longer checks out, the error says the index is damaged and how it is restored, not that
        the query is wrong."""
        try:
            return run(*args)
        except NewsExplorerError:
            raise
        except Exception as err:
            damage = lifecycle.damage_found(self.data_dir, self.store, self.backend_spec)
            if damage:
                raise IndexUnavailable(f"{damage}, found while searching {qstring!r}: run `newsexplorer index "
                                       f"PATH` or open the index again to restore it from the article store, which "
                                       f"holds every article") from None
            raise QueryError(f"cannot run query {qstring!r}: {err}") from None

    def version(self) -> int:
        """The index's commit generation: it changes whenever any process commits (cheap), and when another
        process replaced the whole store (`--rebuild`), which starts generations again."""
        backend = self._backend()
        return backend.generation() + self._reopened * 1_000_000_000

    def parse(self, qstring: str):
        """Parse a query; names are widened to every spelling of their entity (entity-aware search)."""
        return self._backend().parse(self.expander().expand(qstring) if qstring else qstring)

    def expander(self):
        if self._expander is None:
            from .entity_table import Expander, load_table

            self._expander = Expander(load_table(self.store))
        return self._expander

    def entities(self, article_id: str | None = None, limit: int | None = None) -> list[dict]:
        """The entity table (canonical, label, aliases, mentions, articles), or one article's entities."""
        from .entity_table import load_table

        table = load_table(self.store)
        if article_id is not None:
            article = self.article(article_id)
            counts: dict[str, int] = {}
            for span in article.entities:
                counts[span.get("canonical") or span["text"]] = counts.get(span.get("canonical") or span["text"], 0) + 1
            by_name = {e["canonical"]: e for e in table}
            table = [{**by_name.get(name, {"canonical": name, "label": next(
                s["label"] for s in article.entities if (s.get("canonical") or s["text"]) == name),
                "aliases": [], "articles": 1}), "mentions": n} for name, n in counts.items()]
            table.sort(key=lambda e: -e["mentions"])
        return table[:limit] if limit else table

    def search(self, qstring: str, limit: int = 10, *, offset: int = 0, sort: str = "relevance",
               filters: dict[str, str] | None = None, exact_total: bool = False,
               suggest: bool = True, within: set[str] | None = None) -> SearchResult:
        """Search with Whoosh's query language; the same string gives the same hits in the CLI, API and TUI.

        `hits` are matches offset .. offset+limit-1 in rank order; `total` counts every match whatever the page.
        `tag:NAME`, `NOT tag:NAME` and `is:new` narrow by the user's tags and what is new (personal.py);
        `within` keeps only these article ids.
        """
        start = time.perf_counter()
        shown = qstring = qstring.strip()
        qstring, narrowing = self._personal(qstring)
        if not qstring and not filters and narrowing is None and within is None:
            raise QueryError("empty query")
        if sort not in ("relevance", "date"):
            raise QueryError(f"unknown sort {sort!r} (relevance or date)")
        offset, limit = max(0, offset), max(1, limit)
        q = self.parse(qstring) if qstring else _every()
        wanted = self._filters(filters, narrowing, within)
        with self._lock:
            backend = self._backend()
            found = self._guarded(qstring, backend.search, q, wanted, sort, limit, offset, exact_total)
            terms = backend.highlight_terms(q) if found.page else set()
        hits = self._hits(found.page, terms)
        suggestion = None
        if not hits and not offset and suggest and qstring:
            suggestion = self.did_you_mean(qstring)
        return SearchResult(shown, found.total, (time.perf_counter() - start) * 1000, hits, found.estimate, suggestion)

    def facets(self, qstring: str = "", filters: dict[str, str] | None = None, fields=FACET_FIELDS,
               top: int | None = 20) -> dict[str, list[tuple[str, int]]]:
        """How many articles matching the query (and filters) carry each outlet, person, org, place and issue.

        Counts cover every match, not a page of hits; an empty query counts every article. Returns
        {field: [(value, count), ...]} for each of `fields`, most frequent first (ties A–Z), at most `top` each
        (None: all). Values are what `filters` takes back: {"outlet": value} or {"person": value}, etc.
        """
        fields = tuple(fields)
        unknown = [f for f in fields if f not in (*FACET_FIELDS, "tag")]
        if unknown:
            raise QueryError(f"no facet {unknown[0]!r} (one of: {', '.join((*FACET_FIELDS, 'tag'))})")
        want_tags = "tag" in fields
        fields = tuple(f for f in fields if f != "tag")
        qstring, narrowing = self._personal(qstring.strip())
        q = self.parse(qstring) if qstring else None
        wanted = self._filters(filters, narrowing, None)
        with self._lock:
            backend = self._backend()
            docs = self._guarded(qstring, backend.matching, q, wanted)
            counts = backend.facets(docs, fields, top)
            if want_tags:
                counts["tag"] = self._tag_counts(backend, docs, top)
        return counts

    # --- the user's words in queries: tag:, is:new; saved searches ---------------------------------------
    def _personal(self, qstring: str):
        """(the query left for the backend, (include, exclude) id sets for its tag:/is:new terms, or None)."""
        rest, terms = _personal.split_terms(qstring)
        if not terms:
            return qstring, None
        return rest, _personal.resolve_ids(terms, self.userdata, self.new_ids)

    def _filters(self, filters: dict[str, str] | None, narrowing, within: set[str] | None) -> Filters:
        """Facet filters (an entity: any of its spellings) and id sets, for the backend."""
        out = Filters()
        for field_name, value in (filters or {}).items():
            if field_name not in FILTER_FIELDS:
                raise QueryError(f"cannot filter on {field_name!r} (one of: {', '.join(sorted(FILTER_FIELDS))})")
            if field_name in ("outlet", "issue"):
                out.fields.append((field_name, [value]))
            else:
                entry = self.expander().table.get(value)  # cached: filters run on every keystroke
                out.fields.append((field_name, [value, *(entry["aliases"] if entry else [])]))
        include, exclude = narrowing if narrowing is not None else (None, set())
        if within is not None:
            include = set(within) if include is None else include & within
        out.include, out.exclude = include, set(exclude)
        return out

    def _tag_counts(self, backend, docs: np.ndarray, top: int | None) -> list[tuple[str, int]]:
        counts = []
        for tag, ids in self.userdata.tagged().items():
            numbers = backend.docs_of(ids)
            n = int(np.isin(numbers, docs).sum()) if len(numbers) else 0
            if n:
                counts.append((tag, n))
        counts.sort(key=lambda c: (-c[1], c[0].casefold(), c[0]))
        return counts[:top] if top is not None else counts

    @property
    def new_since(self) -> str | None:
        """Articles first seen after this moment are new (None: every article, before the first visit)."""
        if self._new_since is _UNSET:
            self._new_since = self.userdata.state("last_visit")
        return self._new_since

    def _note_seen(self) -> None:
        """Record every stored article's first sighting; skipped while the index has not changed since the last
        time (is:new runs this on every search)."""
        version = self.version()
        if version != self._noted_version:
            self.userdata.note_seen(self.store.ids())
            self._noted_version = version

    def begin_visit(self) -> None:
        """The app opened: what arrived since the previous visit is new for this session; now is the last visit.
        On the very first visit nothing is new (every row marked new would mark nothing): what arrives while the
        app is open, or before the next visit, is."""
        self._note_seen()
        now = _personal.now()
        self._new_since = self.userdata.state("last_visit") or now
        self.userdata.set_state("last_visit", now)

    def new_ids(self) -> set[str]:
        """Ids of the articles first seen after `new_since` (articles never seen before are seen now)."""
        self._note_seen()
        return self.userdata.seen_since(self.new_since)

    def saved_searches(self) -> list[dict]:
        """Every saved search with `total` matches and `new`: matches first seen since it was last opened."""
        out = []
        self._note_seen()
        for saved in self.userdata.saved_searches():
            run = dict(qstring=saved["query"], limit=1, sort=saved["sort"], filters=saved["filters"] or None,
                       suggest=False, exact_total=True)
            try:
                total = self.search(**run).total
                fresh = self.userdata.seen_since(saved["opened_at"])
                new = self.search(**run, within=fresh).total if fresh else 0
                problem = None
            except QueryError as err:
                total, new, problem = 0, 0, str(err)
            out.append({**saved, "total": total, "new": new, "error": problem})
        return out

    def save_search(self, name: str, qstring: str, filters: dict | None = None, sort: str = "relevance") -> int:
        """Save a search under a name (a broken query is refused first); returns its number of matches.
        What exists now counts as seen by it, so its 'new' count starts at 0."""
        total = self.search(qstring, limit=1, filters=filters or None, sort=sort, exact_total=True,
                            suggest=False).total
        self._note_seen()
        self.userdata.save_search(name, qstring, filters, sort)
        return total

    def open_saved(self, name: str, limit: int = 10, offset: int = 0) -> "SearchResult":
        """Run a saved search and mark it opened (its new count starts again from now)."""
        saved = self.userdata.saved_search(name)
        result = self.search(saved["query"], limit=limit, offset=offset, sort=saved["sort"],
                             filters=saved["filters"] or None, exact_total=True)
        self.userdata.mark_search_opened(name)
        return result

    def _hits(self, top: list[tuple[str, float]], terms: set[str]) -> list[Hit]:
        ids = [i for i, _ in top]
        rows = self.store.rows(ids, "id, title, source, date, path, text")
        matcher = TermMatcher(terms) if terms else None
        hits = []
        for article_id, score in top:
            row = rows.get(article_id)
            if row is None:  # indexed in Whoosh, not yet (or no longer) in the store
                continue
            snip: Snippet = make_snippet(row[5], matcher)
            hits.append(Hit(id=row[0], title=row[1], source=row[2], date=row[3], path=row[4], score=score,
                            snippet=snip.text, snippet_spans=snip.spans))
        return hits

    def did_you_mean(self, qstring: str) -> str | None:
        backend = self._backend()
        if self._vocab is None:
            self._vocab = [w for w, _ in sorted(self.store.vocab(min_freq=1), key=lambda x: -x[1])]
        fixed = qlang.suggest(qstring, backend.known, self._vocab)
        if fixed is None:
            return None
        try:
            return fixed if self.search(fixed, limit=1, suggest=False).hits else None
        except QueryError:
            return None

    def highlight_terms(self, qstring: str) -> TermMatcher | None:
        """What the reader highlights for the search that opened an article."""
        try:
            q = self.parse(qstring)
        except QueryError:
            return None
        with self._lock:
            terms = self._backend().highlight_terms(q)
        return TermMatcher(terms) if terms else None


def _every():
    """The query that matches every document (a search with filters only)."""
    from whoosh import query as wq

    return wq.Every()
