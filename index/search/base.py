"""What every search backend answers (`SearchBackend`), and the plain values passed across the seam.

The query a backend receives is today's parsed query tree (Whoosh's query objects, after query.py's safety
bounds), built by the backend's own `parse` so each can analyse words its way (Whoosh stems at parse time;
PostgreSQL stems in `to_tsquery`). `tag:` and `is:new` are resolved against newsexplorer.db into id sets before
a backend sees them, and snippets are cut by the project's own code (snippets.py) from the article store's
text: backends return ids, scores and the terms to highlight, never markup (article text is untrusted).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Protocol, Sequence

import numpy as np

from ..model import Article


@dataclass
class Filters:
    """Narrowing that is not part of the query string: facet filters and id sets.

    `fields`: (field, accepted spellings) pairs, all required; one spelling of each suffices (an entity's
    aliases). `include`: only these ids (None: any); `exclude`: none of these."""
    fields: list[tuple[str, list[str]]] = field(default_factory=list)
    include: set[str] | None = None
    exclude: set[str] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.fields) or self.include is not None or bool(self.exclude)


@dataclass
class Matches:
    """One page of a search: (article id, score) in rank order, and how many documents match in all."""
    page: list[tuple[str, float]]
    total: int
    estimate: bool = False


class SearchBackend(Protocol):
    """One search engine over one data dir's articles. The caller holds the writer lock while writing."""

    name: str

    # --- writing: nothing is visible to readers before commit() ---------------------------------------
    def write(self, articles: Iterable[Article]) -> None: ...  # insert or replace, by article id
    def write_issues(self, changed: Iterable[tuple[str, list[str]]]) -> None: ...  # (id, issue ids): a catalog apply
    def delete(self, *, ids: Iterable[str] = (), paths: Iterable[str] = ()) -> None: ...
    def commit(self, *, light: bool = False) -> None: ...  # light: a small rewrite (catalog apply)
    def cancel(self) -> None: ...
    def needs_maintenance(self) -> bool: ...  # after an index run: whether a merge/vacuum is worth it
    def maintain(self) -> bool: ...
    def merge_while_waiting(self) -> bool: ...  # enrichment elsewhere is finishing: do what maintain() will need now

    # --- reading ----------------------------------------------------------------------------------
    def parse(self, qstring: str): ...  # QueryError (one line) when the string cannot mean anything
    def search(self, q, filters: Filters, sort: str, limit: int, offset: int, exact_total: bool) -> Matches: ...
    def matching(self, q, filters: Filters) -> np.ndarray: ...  # every match, as the backend's doc numbers
    def facets(self, docs: np.ndarray, fields: Sequence[str], top: int | None) -> dict[str, list[tuple[str, int]]]: ...
    def docs_of(self, ids: Iterable[str]) -> np.ndarray: ...  # doc numbers of these ids (tag counts)
    def ids_of(self, docs: np.ndarray) -> set[str]: ...
    def highlight_terms(self, q) -> set[str]: ...  # what snippets.TermMatcher looks for (stems, expansions)
    def known(self, word: str) -> bool: ...  # the index holds this word (did you mean)
    def generation(self) -> int: ...  # cheap; changes whenever any process commits (live refresh)
    def close(self) -> None: ...
