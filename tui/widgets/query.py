"""The query box. `?` opens the help (it is the help key everywhere) unless it ends a word, where it is Whoosh's
one-character wildcard; Esc always leaves the box, with or without results."""
from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input


class QueryInput(Input):
    BINDINGS = [
        Binding("question_mark", "help_or_wildcard", "Help", priority=True, id="query.help"),
        Binding("escape", "leave", "Leave box", id="query.leave"),
    ]

    class Leave(Message):
        """Esc: the user is done typing."""

    async def action_help_or_wildcard(self) -> None:
        before = self.value[: self.cursor_position]
        if before and (before[-1].isalnum() or before[-1] in "*?"):
            self.insert_text_at_cursor("?")  # inside a word: the wildcard
        else:
            await self.run_action("app.help")

    def action_leave(self) -> None:
        self.post_message(self.Leave())
