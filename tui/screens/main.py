"""The one screen behind the three views.

Switching views flips a ContentSwitcher instead of pushing screens: a pushed screen re-applies every style of
every widget on it, which made opening an article from the result list cost two to three times its own paint.
"""
from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import ContentSwitcher

from ..widgets.footer import KeyFooter


class MainScreen(Screen):
    AUTO_FOCUS = "#notice"  # not the query box: keys (?, q, j/k) work from the first screen; `/` goes to the box
    def __init__(self, views: dict[str, Widget], classes: str = "") -> None:
        """`classes`: colour_class(app) and the width's breakpoint class, given at construction: each one added
        after (on mount, on the first resize) restyled every widget once more before the first paint."""
        super().__init__(id="main", classes=classes)
        self.views = views

    @staticmethod
    def colour_class(app) -> str:
        """The colour rules of app.tcss for this terminal: -ansi (16 colours), -mono (NO_COLOR), or none."""
        if getattr(app, "no_color", False):
            return "-mono"
        return "-ansi" if app.console.color_system in ("standard", "windows") else ""

    def compose(self) -> ComposeResult:
        with ContentSwitcher(initial="search", id="views"):
            yield from self.views.values()
        yield KeyFooter()
