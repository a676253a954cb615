"""The user's own words in a query: `tag:NAME`, `NOT tag:NAME` and `is:new`, answered from newsexplorer.db.

Tags and what is new live with the user's data (they survive `--rebuild`), not in the search index, so they are
taken out of the query string before Whoosh parses it and come back as a filter on article ids. They always narrow
the results (AND), wherever they stand in the query; `NOT tag:x` leaves out the articles tagged x.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timezone

from whoosh import query as wq

from .errors import QueryError

_TERM = re.compile(r'(?:(?<=\s)|^)(NOT\s+|-)?(tag|is):(?:"([^"]*)"|(\S+))(?=\s|$)', re.IGNORECASE)
_DANGLING = re.compile(r"^\s*(AND|OR)\s+|\s+(AND|OR|NOT)\s*$", re.IGNORECASE)


def now() -> str:
    """The time stamps newsexplorer.db compares (ISO, UTC, microseconds)."""
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


@dataclass
class PersonalTerms:
    tags: list[str] = field(default_factory=list)
    without_tags: list[str] = field(default_factory=list)
    new: bool = False

    def __bool__(self) -> bool:
        return bool(self.tags or self.without_tags or self.new)


def split_terms(qstring: str) -> tuple[str, PersonalTerms]:
    """(the query without tag:/is: terms, those terms). `is:` knows only `new`."""
    found = PersonalTerms()

    def take(m: re.Match) -> str:
        negated, kind, value = m.group(1), m.group(2).lower(), (m.group(3) if m.group(3) is not None else m.group(4))
        if kind == "is":
            if value.lower() != "new" or negated:
                raise QueryError(f"unknown {m.group(0).strip()!r}: the only is: term is is:new")
            found.new = True
        elif not value.strip():
            raise QueryError("tag: needs a tag name")
        else:
            (found.without_tags if negated else found.tags).append(value.strip())
        return " "

    rest = _TERM.sub(take, qstring)
    previous = None
    while previous != rest:  # "a AND tag:x" leaves "a AND": drop operators left hanging
        previous, rest = rest, _DANGLING.sub(" ", rest)
    return " ".join(rest.split()), found


def id_filter(include: set[str] | None, exclude: set[str]) -> wq.Query | None:
    """A Whoosh filter keeping the ids in `include` (None: any) and none of `exclude`."""
    parts: list[wq.Query] = []
    if include is not None:
        parts.append(wq.Or([wq.Term("id", i) for i in sorted(include)]) if include else wq.NullQuery)
    if exclude:
        parts.append(wq.Not(wq.Or([wq.Term("id", i) for i in sorted(exclude)])))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)


def resolve_ids(terms: PersonalTerms, userdata, new_ids) -> tuple[set[str] | None, set[str]]:
    """(ids to keep, None for any; ids to leave out) the terms stand for; `new_ids` is called only for is:new."""
    include: set[str] | None = None
    for tag in terms.tags:
        tagged = set(userdata.articles_tagged(tag))
        include = tagged if include is None else include & tagged
    if terms.new:
        fresh = new_ids()
        include = fresh if include is None else include & fresh
    exclude: set[str] = set()
    for tag in terms.without_tags:
        exclude |= set(userdata.articles_tagged(tag))
    return include, exclude


def resolve(terms: PersonalTerms, userdata, new_ids) -> wq.Query | None:
    """The Whoosh filter the terms stand for; `new_ids` is called only when is:new is asked for."""
    return id_filter(*resolve_ids(terms, userdata, new_ids))
