"""The facet pane: the user's saved searches (Enter runs one), then outlets, people, organisations, places, issues
and the user's tags among the results (Enter narrows by one)."""
from __future__ import annotations

from textual.content import Content, Span
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from .list_pane import ListPane

from .text import clean

FACET_TITLES = {"outlet": "Outlets", "person": "People", "org": "Organisations", "place": "Places",
                "issue": "Issues", "tag": "Tags"}
SAVED = "saved"  # the option id prefix of a saved search
SEP = "\x1f"


class FacetList(ListPane):
    """One header row per facet, then its values with counts; active filters are ticked."""

    PANE, NOUN = "facets", "facet value"

    class Toggled(Message):
        def __init__(self, field: str, value: str) -> None:
            super().__init__()
            self.field, self.value = field, value

    class RunSaved(Message):
        """Enter on a saved search: run it (and mark it opened)."""

        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.saved: list[dict] = []  # Corpus.saved_searches(): name, query, total, new
        self._facets: dict = {}
        self._active: dict = {}

    def show_saved(self, saved: list[dict]) -> None:
        """The saved searches, with their matches and how many are new since each was last opened."""
        self.saved = list(saved)
        self.show_facets(self._facets, self._active)

    def first_saved(self) -> None:
        """Put the cursor on the first saved search (the `o` key of the search view)."""
        for i in range(self.option_count):
            if (self.get_option_at_index(i).id or "").startswith(SAVED + SEP):
                self.highlighted = i
                return

    def _saved_options(self) -> list[Option]:
        if not self.saved:
            return []
        title = "Saved searches"
        options = [Option(Content(title, [Span(0, len(title), "bold underline")]), disabled=True)]
        for entry in self.saved:
            name = clean(entry["name"]).replace("\n", " ")
            if entry.get("error"):
                count = "broken query"
            else:
                count = f"{entry.get('total', 0)}" + (f" · {entry['new']} new" if entry.get("new") else "")
            text = f"  {name} {count}"
            spans = [Span(2, 2 + len(name), "bold")] if entry.get("new") else []
            spans.append(Span(3 + len(name), len(text), "dim"))
            options.append(Option(Content(text, spans, strip_control_codes=False), id=f"{SAVED}{SEP}{entry['name']}"))
        return options

    def show_facets(self, facets: dict[str, list[tuple[str, int]]], active: dict[str, str], per_facet: int = 8) -> None:
        """`active`: the filters set, field → value; for "tag", the tags the query asks for (a set)."""
        self._facets, self._active = facets, active
        keep = self.highlighted_option.id if self.highlighted_option else None
        options: list[Option] = self._saved_options()
        for field, title in FACET_TITLES.items():
            values = list(facets.get(field, []))[:per_facet]
            chosen = active.get(field)
            for value in ([chosen] if isinstance(chosen, str) else sorted(chosen or ())):
                if value not in {v for v, _ in values}:
                    values.insert(0, (value, 0))
            if not values:
                continue
            options.append(Option(Content(title, [Span(0, len(title), "bold underline")]), disabled=True))
            for value, count in values:
                on = chosen == value if isinstance(chosen, str) else value in (chosen or ())
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
            self.post_message(self.RunSaved(value) if field == SAVED else self.Toggled(field, value))
