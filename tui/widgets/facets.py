"""The facet pane: outlets, people, organisations, places and issues among the results; Enter narrows by one."""
from __future__ import annotations

from textual.content import Content, Span
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from .list_pane import ListPane

from .text import clean

FACET_TITLES = {"outlet": "Outlets", "person": "People", "org": "Organisations", "place": "Places",
                "issue": "Issues"}
SEP = "\x1f"


class FacetList(ListPane):
    """One header row per facet, then its values with counts; active filters are ticked."""

    PANE, NOUN = "facets", "facet value"

    class Toggled(Message):
        def __init__(self, field: str, value: str) -> None:
            super().__init__()
            self.field, self.value = field, value

    def show_facets(self, facets: dict[str, list[tuple[str, int]]], active: dict[str, str], per_facet: int = 8) -> None:
        keep = self.highlighted_option.id if self.highlighted_option else None
        options: list[Option] = []
        for field, title in FACET_TITLES.items():
            values = list(facets.get(field, []))[:per_facet]
            if field in active and active[field] not in {v for v, _ in values}:
                values.insert(0, (active[field], 0))
            if not values:
                continue
            options.append(Option(Content(title, [Span(0, len(title), "bold underline")]), disabled=True))
            for value, count in values:
                on = active.get(field) == value
                label = f"{'✓' if on else ' '} {clean(value)}"
                text = f"{label} {count}" if count else label
                spans = [Span(0, len(label), "bold")] if on else []
                spans.append(Span(len(label), len(text), "dim"))
                options.append(Option(Content(text, spans, strip_control_codes=False), id=f"{field}{SEP}{value}"))
        if not options:
            options.append(Option(Content("No facets for these results"), disabled=True))
        self.set_options(options)
        if keep:
            try:
                self.highlighted = self.get_option_index(keep)
            except Exception:
                pass

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id and SEP in event.option.id:
            field, value = event.option.id.split(SEP, 1)
            self.post_message(self.Toggled(field, value))
