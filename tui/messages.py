"""Messages between the views and the app: views post what the user asked for up; the app hands data down.

No view calls another view's methods; a new view handles `CorpusReady` and posts these three to move the user.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from textual.message import Message


@dataclass
class OpenArticle(Message):
    """Show this article in the reader (`ids`: the list J/K step through; `focus_text`: where to open it)."""
    article_id: str
    query: str = ""
    ids: list[str] | None = None
    focus_text: str | None = None
    issue: str | None = None


@dataclass
class SearchFor(Message):
    """Run this query in the search view (one step the user can go back from); `filters` (e.g. {"person": name}:
    an entity under any of its spellings) replace the view's filters when given."""
    query: str
    filters: dict | None = None


@dataclass
class ShowView(Message):
    """Bring a view forward by name (one step the user can go back from); `focus`: the widget to focus there."""
    name: str
    focus: Any = None


@dataclass
class CorpusReady(Message, bubble=False):
    """The index is open (app → views): `data` is the CorpusData every view reads from."""
    data: Any = field(repr=False)


@dataclass
class IndexChanged(Message, bubble=False):
    """Another process committed to the index (app → views): show what is there now."""
    before: int
    count: int


class ViewShown(Message, bubble=False):
    """The app put this view on screen (app → view): refresh what may have changed while it was hidden."""
