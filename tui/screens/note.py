"""A one-line editor for an issue's note: Enter saves (at once), Escape cancels, an empty note clears it."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content, Span
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ..widgets.text import clean


class NoteScreen(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="note.cancel")]

    def __init__(self, title: str, note: str) -> None:
        super().__init__()
        self.title_text, self.note = title, note

    def compose(self) -> ComposeResult:
        head = f"Note for: {clean(self.title_text)}"
        with Vertical(id="note-box"):
            yield Static(Content(head, [Span(0, 9, "bold")]))
            yield Input(value=clean(self.note).replace("\n", " "), id="note-input",
                        placeholder="your note (Enter saves, Esc cancels, empty clears)")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
