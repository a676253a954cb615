"""`?`: every key, generated from the Bindings themselves (after keymap.toml), so it cannot drift."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content, Span
from textual.screen import ModalScreen
from textual.widgets import Static

from ..keymap import KeyRow


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close help", id="help.close"),
        Binding("j,down", "scroll('down')", "Scroll down", show=False, id="help.down"),
        Binding("k,up", "scroll('up')", "Scroll up", show=False, id="help.up"),
    ]

    def __init__(self, rows: list[KeyRow], keymap_file: str) -> None:
        super().__init__()
        self.rows, self.keymap_file = rows, keymap_file

    def compose(self) -> ComposeResult:
        # column widths come from the rows themselves, so a long key ("space, pagedown") never shifts the rest
        key_w = max((len(r.keys) for r in self.rows), default=8)
        desc_w = min(30, max((len(r.description) for r in self.rows), default=10))
        id_w = max((len(r.id) for r in self.rows), default=10)
        inner = min(110, int(self.app.size.width * 0.9)) - 6  # the box: border, padding, scrollbar
        if 2 + key_w + 2 + desc_w + 2 + id_w > inner:  # narrow: shorter descriptions, then no id column
            desc_w = max(18, inner - (2 + key_w + 2 + 2 + id_w))
        show_ids = 2 + key_w + 2 + desc_w + 2 + id_w <= inner
        if not show_ids:
            desc_w = min(max((len(r.description) for r in self.rows), default=10), inner - 4 - key_w)
        text, spans = "", []
        context = None
        for row in self.rows:
            if row.context != context:
                context = row.context
                if text:
                    text += "\n"
                spans.append(Span(len(text), len(text) + len(context), "bold underline"))
                text += context + "\n"
            desc = row.description if len(row.description) <= desc_w else row.description[: desc_w - 1] + "…"
            line = f"  {row.keys:<{key_w}}  {desc:<{desc_w}}" + (f"  {row.id}" if show_ids else "")
            spans.append(Span(len(text) + 2, len(text) + 2 + len(row.keys), "bold"))
            if show_ids:
                spans.append(Span(len(text) + 2 + key_w + 2 + desc_w + 2, len(text) + len(line), "dim"))
            text += line + "\n"
        ids = "ids on the right" if show_ids else "ids shown when the terminal is wider than 100 columns"
        tail = (f"\nRemap keys in {self.keymap_file} with lines like  \"results.down\" = \"ctrl+n\"  ({ids}).\n"
                "Mouse: click rows and panes, wheel scrolls. ctrl+p opens the command palette.")
        text += tail
        with VerticalScroll(id="help-box"):
            yield Static(Content(text, spans, strip_control_codes=False), id="help-text")

    def action_scroll(self, direction: str) -> None:
        box = self.query_one("#help-box", VerticalScroll)
        box.scroll_down(animate=False) if direction == "down" else box.scroll_up(animate=False)

    async def action_dismiss(self, result=None) -> None:
        self.dismiss(None)
