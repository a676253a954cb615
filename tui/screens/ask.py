"""A one-line question (a new issue's title, a new name, "delete?"): Enter answers, Escape cancels."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content, Span
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ..widgets.text import clean


class AskScreen(ModalScreen[str | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="ask.cancel")]

    def __init__(self, question: str, value: str = "", placeholder: str = "Enter answers, Esc cancels") -> None:
        super().__init__()
        self.question, self.value, self.placeholder = question, value, placeholder

    def compose(self) -> ComposeResult:
        text = clean(self.question)
        with Vertical(id="note-box"):
            yield Static(Content(text, [Span(0, len(text), "bold")]))
            yield Input(value=clean(self.value).replace("\n", " "), id="note-input", placeholder=self.placeholder)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
