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
MAY_MEAN_SHOWN = 3  # people listed under an ambiguous surname, then "and N more"
KIND_GLYPH = {"person": "P", "org": "O", "place": "L", "other": "·"}


class EntityList(ListPane):
    """One row per entity: kind letter, name cut to the pane, count (never wrapped onto a line of its own). A lone
    surname that may mean several people of the corpus is marked "?", with those people on dim lines below."""

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
        may_mean = {(m.name, m.kind): m.may_mean for m in entities if m.may_mean}
        options = []
        ranked = sorted(counts.items(), key=lambda x: (-x[1], x[0][0].lower()))
        for (name, kind), n in ranked[:LIMIT]:
            people = may_mean.get((name, kind), ())
            mark = " ?" if people else ""  # a lone surname that may mean several people: "Brown ?"
            name_txt = _cut(clean(name).replace("\n", " "), max(4, width - len(str(n)) - 3 - len(mark)))
            text = f"{KIND_GLYPH.get(kind, '·')} {name_txt}{mark} {n}"
            end = 2 + len(name_txt)
            spans = [Span(2, end, KIND_CUE.get(kind, "")), Span(end, end + len(mark), "bold"),
                     Span(end + len(mark) + 1, len(text), "dim")]
            lines = [("or " if i else "") + clean(p).replace("\n", " ") for i, p in enumerate(people[:MAY_MEAN_SHOWN])]
            if len(people) > MAY_MEAN_SHOWN:
                lines.append(f"and {len(people) - MAY_MEAN_SHOWN} more")
            for line in lines:  # dim lines under the row: whom it may be
                detail = _cut(line, max(4, width - 2))
                spans.append(Span(len(text) + 1, len(text) + 3 + len(detail), "dim"))
                text += f"\n  {detail}"
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
