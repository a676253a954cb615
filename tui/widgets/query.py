"""The query box. `?` opens the help (it is the help key everywhere) unless it ends a word, where it is Whoosh's
one-character wildcard; Esc always leaves the box, with or without results.

History as in a shell: ↑ recalls the previous query, ↓ the next one (↓ past the newest, or with nothing recalled,
goes down to the results); ctrl+r cycles back through the earlier queries that contain what was typed.
"""
from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input


class QueryInput(Input):
    BINDINGS = [
        Binding("question_mark", "help_or_wildcard", "Help", priority=True, id="query.help"),
        Binding("escape", "leave", "Leave box", id="query.leave"),
        Binding("up", "older", "Previous query", show=False, id="query.older"),
        Binding("down", "newer", "Next query (or the results)", show=False, id="query.newer"),
        Binding("ctrl+r", "recall", "Earlier query containing the text", show=False, id="query.recall"),
    ]

    class Leave(Message):
        """Esc: the user is done typing."""

    class Down(Message):
        """↓ with no recalled query to step forward from: the user wants the results."""

    class NoRecall(Message):
        """ctrl+r found no earlier query containing `text`."""

        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.history: list[str] = []  # earlier queries, most recent first (newsexplorer.db's search_history)
        self._pos: int | None = None  # the recalled entry, while ↑/↓/ctrl+r are stepping
        self._typed = ""  # what the user typed before recalling: ↓ past the newest gives it back; ctrl+r's pattern

    def remember(self, query: str) -> None:
        """A query the user ran (Enter, or opening a result): first in the history, once."""
        query = query.strip()
        if query:
            self.history = [query] + [q for q in self.history if q != query]
        self._pos = None

    def _recall(self, pos: int | None) -> None:
        self._pos = pos
        self.value = self._typed if pos is None else self.history[pos]
        self.cursor_position = len(self.value)

    def _start(self) -> None:
        if self._pos is None or self.value != self.history[self._pos]:  # edited since: start again from here
            self._pos, self._typed = None, self.value

    def action_older(self) -> None:
        self._start()
        nxt = 0 if self._pos is None else self._pos + 1
        if nxt < len(self.history):
            self._recall(nxt)

    def action_newer(self) -> None:
        self._start()
        if self._pos is None:
            self.post_message(self.Down())
        else:
            self._recall(self._pos - 1 if self._pos > 0 else None)

    def action_recall(self) -> None:
        """ctrl+r: the next earlier query containing the typed text (case-insensitive), round again at the end."""
        self._start()
        pattern = self._typed.strip().casefold()
        start = -1 if self._pos is None else self._pos
        order = list(range(start + 1, len(self.history))) + list(range(0, start + 1))
        for i in order:
            if pattern in self.history[i].casefold() and self.history[i] != self.value:
                self._recall(i)
                return
        self.post_message(self.NoRecall(self._typed))

    async def action_help_or_wildcard(self) -> None:
        before = self.value[: self.cursor_position]
        if before and (before[-1].isalnum() or before[-1] in "*?"):
            self.insert_text_at_cursor("?")  # inside a word: the wildcard
        else:
            await self.run_action("app.help")

    def action_leave(self) -> None:
        self.post_message(self.Leave())
