"""The base of every list pane (results, facets, entities, checklist): j/k/g/G like less and vim, ids per pane.

j and k stop at the ends instead of wrapping around. A subclass sets `PANE` (the prefix of its binding ids in `?` and keymap.toml, e.g. "results" → "results.down") and
`NOUN` (what a row is, for the help text); it gets the four movement keys without repeating them.
"""
from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList


class ListPane(OptionList):
    PANE = "list"
    NOUN = "row"

    def __init_subclass__(cls, **kwargs) -> None:
        own = list(cls.__dict__.get("BINDINGS", []))
        cls.BINDINGS = own + [
            Binding("j", "cursor_down", f"Next {cls.NOUN}", show=False, id=f"{cls.PANE}.down"),
            Binding("k", "cursor_up", f"Previous {cls.NOUN}", show=False, id=f"{cls.PANE}.up"),
            Binding("g", "first", f"First {cls.NOUN}", show=False, id=f"{cls.PANE}.first"),
            Binding("G", "last", f"Last {cls.NOUN}", show=False, id=f"{cls.PANE}.last"),
        ]
        super().__init_subclass__(**kwargs)  # Textual merges the bindings here: they must be set first

    def _edge(self, step: int) -> bool:
        """Is the cursor on the last (step 1) or first (step -1) row it can reach?"""
        if self.highlighted is None:
            return False
        i = self.highlighted + step
        while 0 <= i < self.option_count:
            if not self.get_option_at_index(i).disabled:
                return False
            i += step
        return True

    def action_cursor_down(self) -> None:
        """j/↓ stop at the last row, as in less and vim (OptionList would wrap to the top)."""
        if not self._edge(1):
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if not self._edge(-1):
            super().action_cursor_up()
