"""The one screen behind the three views.

Switching views flips a ContentSwitcher instead of pushing screens: a pushed screen re-applies every style of
every widget on it, which made opening an article from the result list cost two to three times its own paint.
"""
from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Footer


class MainScreen(Screen):
    def __init__(self, views: dict[str, Widget]) -> None:
        super().__init__(id="main")
        self.views = views

    def compose(self) -> ComposeResult:
        with ContentSwitcher(initial="search", id="views"):
            yield from self.views.values()
        yield Footer()
