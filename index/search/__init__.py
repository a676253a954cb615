"""Search backends behind one interface (base.SearchBackend), chosen by name or URL.

`whoosh` (the default) keeps the index in the data dir; `postgresql://…` keeps it on a PostgreSQL server. Adding a
backend is one module with a class like theirs and one line in BACKENDS.
"""
from __future__ import annotations

import importlib
import os

from ..errors import NewsExplorerError
from .base import Filters, Matches, SearchBackend

__all__ = ["BACKENDS", "ENV", "Filters", "Matches", "SearchBackend", "backend_class", "resolve_spec"]

ENV = "NEWSEXPLORER_BACKEND"  # what --backend sets; a name ("whoosh") or a URL ("postgresql://host/db")
BACKENDS = {
    "whoosh": "whoosh_backend:WhooshBackend",
    "postgresql": "postgres_backend:PostgresBackend",
}
ALIASES = {"postgres": "postgresql"}


def resolve_spec(spec: str | None = None) -> str:
    """The backend asked for: the argument, else $NEWSEXPLORER_BACKEND, else whoosh."""
    return (spec or os.environ.get(ENV) or "whoosh").strip()


def backend_class(spec: str):
    """The class serving a name or URL; NewsExplorerError (one line) for one that is not known."""
    scheme = spec.split("://", 1)[0].split("+", 1)[0].lower() if "://" in spec else spec.lower()
    scheme = ALIASES.get(scheme, scheme)
    target = BACKENDS.get(scheme)
    if target is None:
        raise NewsExplorerError(f"unknown search backend {spec.split('://', 1)[0]!r} "
                                f"(one of: {', '.join(sorted(BACKENDS))}; PostgreSQL as postgresql://HOST/DB)")
    module, name = target.split(":")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
