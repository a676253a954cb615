"""A data dir the user cannot write (a read-only mount, a team's shared index, a `chmod -R a-w` copy): searching
and reading work; a key that would save something says so in one line and changes nothing, on screen or on disk."""
from __future__ import annotations

from ..index.errors import ReadOnlyDataDir


def refused(widget, corpus, what: str) -> bool:
    """True, with one line on screen, when `corpus`'s data dir is read-only: the caller then does nothing."""
    if corpus is None or not getattr(corpus, "read_only", False):
        return False
    widget.app.notify(str(ReadOnlyDataDir(corpus.data_dir, what)), severity="warning", markup=False, timeout=8)
    return True
