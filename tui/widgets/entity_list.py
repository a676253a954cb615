"""The reader's side list of the article's entities (by kind, with mention counts); Enter searches one."""
from __future__ import annotations

from collections import Counter

from textual.binding import Binding
from textual.content import Content, Span
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from .article_view import KIND_CUE, Mark
from .list_pane import ListPane
from .results import _cut
from .text import clean

LIMIT = 200  # the most mentioned; `]` still walks every one in the text
KIND_GLYPH = {"person": "P", "org": "O", "place": "L", "other": "·"}


class EntityList(ListPane):
    """One row per entity: kind letter, name cut to the pane, count (never wrapped onto a line of its own)."""

    PANE, NOUN = "entities", "entity in the list"
    BINDINGS = [Binding("enter", "select", "Search it", id="entities.search")]

    class Chosen(Message):
        def __init__(self, name: str, kind: str) -> None:
            super().__init__()
            self.name, self.kind = name, kind

    def show_entities(self, entities: list[Mark]) -> None:
        self._entities = entities
        self._shown_width = self.scrollable_content_region.width
        width = (self._shown_width or 26) - 2  # less the option's padding
        counts = Counter((m.name, m.kind) for m in entities)
        options = []
        ranked = sorted(counts.items(), key=lambda x: (-x[1], x[0][0].lower()))
        for (name, kind), n in ranked[:LIMIT]:
            name_txt = _cut(clean(name).replace("\n", " "), max(4, width - len(str(n)) - 3))
            text = f"{KIND_GLYPH.get(kind, '·')} {name_txt} {n}"
            spans = [Span(2, 2 + len(name_txt), KIND_CUE.get(kind, "")), Span(3 + len(name_txt), len(text), "dim")]
            options.append(Option(Content(text, spans, strip_control_codes=False), id=f"{kind}\x1f{name}"))
        if not options:
            options = [Option(Content("No entities in this article"), disabled=True)]
        self.set_options(options)
        if options and not options[0].disabled:
            self.highlighted = 0  # Enter works as soon as the pane has focus

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            kind, name = event.option.id.split("\x1f", 1)
            self.post_message(self.Chosen(name, kind))

    def on_resize(self) -> None:
        entities = getattr(self, "_entities", None)
        if entities is not None and self.scrollable_content_region.width != getattr(self, "_shown_width", 0):
            self.show_entities(entities)
