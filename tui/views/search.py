"""The search view (the first one shown): query box, result list, facets, status line.

Search-as-you-type: a key typed after a pause searches at once; keys typed faster than DEBOUNCE_S apart are
coalesced and searched once they stop. Every search runs in one exclusive thread worker that builds the rows too;
a generation counter drops results that a newer keystroke has made stale.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content, Span
from textual.widgets import Label, ProgressBar, Static
from textual.worker import get_current_worker

from ..read_only import refused
from ...index.errors import QueryError
from ..config import DEBOUNCE_S, FACET_TOP, ROW_CAP
from ..failures import ReportsWorkerFailures
from ..messages import CorpusReady, IndexChanged, OpenArticle
from ..widgets.facets import FacetList
from ..widgets.query import QueryInput
from ..widgets.results import NEW_GLYPH, ResultList, hit_row
from ..widgets.text import clean, toast

PAGE = 40  # rows fetched per search; more are fetched as the cursor nears the end (up to ROW_CAP)


# the query box's hint fits the 77 columns the box has at 80 (a date range by months keeps its closing bracket)
QUERY_HINT = 'words, "phrase", AND/OR/NOT, title:, source:, date:[2026-01 to 2026-02]'


@dataclass
class Outcome:
    generation: int
    query: str
    hits: list
    rows: list
    total: int
    estimate: bool
    took_ms: float
    suggestion: str | None = None
    listing: bool = False
    new_total: int = 0  # matches that arrived since the previous visit (✦)
    append: bool = False
    facets: dict = field(default_factory=dict)
    width: int = 0


class Notice(Vertical, can_focus=True):
    """Where the index's state is said (opening, building, empty, damaged); focusable so Esc has somewhere to go."""


class SearchView(ReportsWorkerFailures, Vertical):
    """Type to search; Enter opens; facets narrow; `s` toggles relevance/date."""

    BINDINGS = [
        Binding("slash", "focus_query", "Search", id="search.focus"),
        Binding("s", "toggle_sort", "Sort", id="search.sort"),
        Binding("p", "toggle_pane", "Facets", id="search.pane"),
        Binding("ctrl+y", "accept_suggestion", "Accept suggestion", show=False, id="search.accept"),
        Binding("ctrl+r", "clear_filters", "Clear filters (outside the box)", show=False, id="search.clear_filters"),
        Binding("I", "new_issue", "Search → issue", id="search.new_issue", show=False),
        Binding("S", "save_search", "Save search", id="search.save"),
        Binding("o", "saved_searches", "Saved searches", id="search.saved"),
    ]

    def __init__(self) -> None:
        super().__init__(id="search")
        self.query_text = ""
        self.sort = "relevance"
        self.filters: dict[str, str] = {}
        self.generation = 0
        self.hits: list = []
        self.total = 0
        self.suggestion: str | None = None
        self._last_change = 0.0
        self._timer = None
        self._busy = False
        self._loading_more = False
        self._outcome: Outcome | None = None
        self.new_total = 0  # matches of the current query that arrived since the previous visit
        self.last_paint_ms: float | None = None  # for the bench: keystroke → rows on screen
        self._started_at = time.perf_counter()
        self.corpus = None
        self.data = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="query-bar"):
            yield Label("/", id="query-prompt")
            yield QueryInput(placeholder=QUERY_HINT,
                        id="query", select_on_focus=False)
        yield Static(Content("Opening the index…"), id="status")
        yield Static("", id="suggestion", classes="-hidden")
        with Horizontal(id="search-body"):
            yield FacetList(id="facets")
            with Vertical(id="results-pane"):
                yield ResultList(id="results")
                with Notice(id="notice"):
                    yield Static(Content("Opening the index…"), id="notice-text")
                    yield ProgressBar(id="progress", show_eta=False, classes="-hidden")

    def on_mount(self) -> None:
        self.query_one("#results").display = False

    def on_corpus_ready(self, message: CorpusReady) -> None:
        self.corpus = message.data.corpus
        self.data = message.data
        self.corpus_ready()
        self.load_user_lists()
        if self.app.view == "search" and not isinstance(self.screen.focused, QueryInput):
            self.default_focus().focus()

    def on_index_changed(self, message: IndexChanged) -> None:
        self.refresh_results()
        self.load_user_lists()

    # --- the user's history and saved searches (newsexplorer.db) ---------------------------------
    def load_user_lists(self) -> None:
        """Read the query history and the saved searches (with their new counts) on the user-data thread."""
        if self.data is None or self.data.checklist is None:
            return
        corpus = self.corpus

        def read(db) -> None:
            history = db.history(200)
            self.app.post_to_ui(self._history_loaded, history)
            saved = corpus.saved_searches()  # counts every saved search's matches and new ones: off the UI thread
            self.app.post_to_ui(self._show_saved, saved)
        self.data.checklist.with_db(read, writes=False)

    def _show_saved(self, saved) -> None:
        self.query_one("#facets", FacetList).show_saved(saved)

    def _history_loaded(self, history: list[str]) -> None:
        box = self.query_one("#query", QueryInput)
        box.history = list(dict.fromkeys(box.history + history))  # what was typed while loading stays first

    def remember_query(self) -> None:
        """The user ran this query (Enter, or opened a result): ↑ and ctrl+r find it next time."""
        query = self.query_text.strip()
        box = self.query_one("#query", QueryInput)
        if not query or self.data is None or (box.history and box.history[0] == query):
            return
        box.remember(query)
        self.data.checklist.with_db(lambda db: db.add_history(query))

    def default_focus(self):
        """Where focus goes when this view is shown: the results (keys work there; `/` goes to the box)."""
        results = self.query_one("#results", ResultList)
        return results if results.display else self.query_one("#notice", Notice)

    @property
    def pending(self) -> bool:
        """A search is waiting for keys to stop or is running (tests and the bench wait on this)."""
        return self._timer is not None or self._busy

    # --- app → screen: the index's state ---------------------------------------------------------
    def show_notice(self, message: str, *, error: bool = False, status: str = "") -> None:
        """Say the index's state in the notice (once: the status line gets `status`, a short word, not a copy)."""
        notice = self.query_one("#notice-text", Static)
        notice.update(Content(clean(message), [Span(0, len(clean(message)), "bold")] if error else []))
        notice.set_class(error, "-error")
        self.query_one("#notice").display = True
        self.query_one("#results").display = False
        self.query_one("#status", Static).update(Content(clean(status)))

    def show_progress(self, what: str, done: float, total: int, heading: str | None = None) -> None:
        """First run: the bundled articles' index being built (`what`: read · enriched · committed counts;
        `heading`: another first line, e.g. for a first build that an earlier start was quit during)."""
        bar = self.query_one("#progress", ProgressBar)
        bar.remove_class("-hidden")
        bar.update(total=total or None, progress=done)
        heading = heading or "First run: building the index of the bundled articles"
        self.query_one("#notice-text", Static).update(Content(f"{heading}\n{clean(what)}"))
        self.query_one("#status", Static).update(Content("first run: building the index"))

    def refresh_results(self) -> None:
        """The index changed under us: search again (the cursor stays on its article) or leave the empty notice."""
        if self._outcome is None:
            self.corpus_ready()
        else:
            self.schedule(immediate=True)

    def corpus_ready(self) -> None:
        self.query_one("#progress").add_class("-hidden")
        if self.corpus.count() == 0:
            self.show_notice("The index is empty. Add articles with:  newsexplorer index PATH  (files or folders)."
                             "\nThey show up here as soon as they are indexed.", status="0 articles")
            return
        notice_had_focus = self.screen.focused is self.query_one("#notice")
        self.query_one("#notice").display = False
        self.query_one("#results").display = True
        if notice_had_focus:
            self.query_one("#results").focus()
        self.schedule(immediate=True)

    # --- typing ----------------------------------------------------------------------------------
    @on(QueryInput.Changed, "#query")
    def query_changed(self, event: QueryInput.Changed) -> None:
        if event.value == self.query_text:  # set by search_for(), already searched
            return
        self.query_text = event.value
        self.schedule()

    @on(QueryInput.Submitted, "#query")
    def query_submitted(self) -> None:
        self.remember_query()
        if self.pending:  # Enter before this query's results came: go to them when they come, not to the old rows
            self._to_results_when_shown = True
            if self._timer is not None:
                self.schedule(immediate=True)
            return
        if self.suggestion and not self.hits:
            self.action_accept_suggestion()
        elif self.hits:
            self.query_one("#results", ResultList).focus()

    @on(QueryInput.Leave)
    def leave_query(self) -> None:
        """Esc in the box: to the results, or (none, or an empty index) to the notice: never stuck typing."""
        self.default_focus().focus()

    @on(QueryInput.Down)
    def down_from_query(self) -> None:
        if self.hits:
            self.query_one("#results", ResultList).focus()

    @on(QueryInput.NoRecall)
    def no_recall(self, event: QueryInput.NoRecall) -> None:
        what = f" containing {event.text.strip()!r}" if event.text.strip() else ""
        toast(self, f"No earlier query{what}", timeout=2)

    def schedule(self, immediate: bool = False) -> None:
        """Search now if the user paused (or asked), otherwise once keys stop arriving."""
        if self.corpus is None:
            return
        self.generation += 1
        self._started_at = time.perf_counter()
        now = time.monotonic()
        quiet = now - self._last_change >= DEBOUNCE_S
        self._last_change = now
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if immediate or (quiet and not self._busy):
            self.run_search()
        else:
            self._timer = self.set_timer(DEBOUNCE_S, self.run_search)

    def run_search(self, limit: int = PAGE, append: bool = False) -> None:
        self._timer = None
        self._match_style = self.query_one("#results", ResultList).match_style()
        self._busy = True
        self.search_worker(self.generation, self.query_text, self.sort, dict(self.filters), limit,
                           len(self.hits) if append else 0, append, self._row_width())

    def _row_width(self) -> int:
        results = self.query_one("#results", ResultList)
        width = results.scrollable_content_region.width or results.size.width
        return max(20, (width or self.app.size.width) - 2)  # less the option's padding

    def on_resize(self) -> None:
        if self._outcome is not None and getattr(self, "_rows_width", None) != self._row_width():
            self.schedule(immediate=True)  # rows are cut to the width: cut them again

    @work(thread=True, exclusive=True, group="search", exit_on_error=False, name="search")
    def search_worker(self, generation: int, query: str, sort: str, filters: dict, limit: int,
                      have: int, append: bool, width: int) -> None:
        worker = get_current_worker()
        corpus = self.corpus
        new_ids = self.data.new_ids if self.data is not None else set()
        started = time.perf_counter()
        try:
            if not query.strip() and not filters:
                hits = corpus.listing(limit=limit - have, offset=have)
                outcome = Outcome(generation, query, hits, [], corpus.count(), False,
                                  (time.perf_counter() - started) * 1000, listing=True, append=append,
                                  new_total=len(new_ids))
            else:
                result = corpus.search(query, limit=limit - have, offset=have, sort=sort, filters=filters or None,
                                       suggest=not append)
                outcome = Outcome(generation, query, result.hits, [], result.total, result.total_is_estimate,
                                  result.took_ms, result.suggestion, append=append)
                if new_ids and not append and result.total and len(new_ids) >= corpus.count():
                    outcome.new_total = result.total  # every article is new, so is every match: no second search
        except QueryError as err:
            self.app.call_from_thread(self._show_error, generation, str(err))
            return
        except Exception as err:  # never let a search take the app down (the status line says it, app.log has it)
            self.app.failures.write("search", err)
            self.app.call_from_thread(self._show_error, generation, f"search failed: {type(err).__name__}: {err}")
            return
        style = self._match_style
        outcome.rows = [(h.id, hit_row(h, width, style, h.id in new_ids)) for h in outcome.hits]
        outcome.width = width
        if worker.is_cancelled or generation != self.generation:
            return
        self.app.call_from_thread(self._show_results, outcome)
        if new_ids and not append and not outcome.listing and outcome.total and not outcome.new_total:
            # how many matches are new: a second search (20–40 ms on 2k articles), counted after the rows are shown
            try:
                n = corpus.search(query, limit=1, sort=sort, filters=filters or None, suggest=False,
                                  within=new_ids).total
            except Exception as err:
                self.app.report_failure(err, "counting the new matches")
                return
            if not worker.is_cancelled and generation == self.generation:
                self.app.call_from_thread(self._show_new_total, generation, n)

    def _show_new_total(self, generation: int, n: int) -> None:
        if generation == self.generation and n != self.new_total:
            self.new_total = n
            self._update_status()

    def _facets_shown(self) -> bool:
        return self.query_one("#facets").display

    def refresh_facets(self) -> None:
        """Facets are counted only while their pane is on screen (it is collapsed at 80 columns)."""
        if self._outcome is not None and self._facets_shown():
            self.facet_worker(self.generation, self.query_text, dict(self.filters))

    @work(thread=True, exclusive=True, group="facets", exit_on_error=False, name="facets")
    def facet_worker(self, generation: int, query: str, filters: dict) -> None:
        """Counts over every match of the query (the engine's facet table), not just the rows fetched."""
        from ...index.facets import FACET_FIELDS  # whoosh and numpy: loaded after the first paint

        worker = get_current_worker()
        try:
            facets = self.corpus.facets(query, filters or None, fields=(*FACET_FIELDS, "tag"), top=FACET_TOP)
        except QueryError:  # a broken query already says so in the status line
            return
        except Exception as err:
            self.app.report_failure(err, "facets")
            return
        if not worker.is_cancelled and generation == self.generation:
            self.app.call_from_thread(self._show_facets, generation, facets)

    # --- results → screen ------------------------------------------------------------------------
    def _show_error(self, generation: int, message: str) -> None:
        if generation != self.generation:
            return
        self._busy = False
        self._loading_more = False
        self._to_results_when_shown = False
        text = clean(message.splitlines()[0] if message else "error")
        status = self.query_one("#status", Static)
        status.update(Content(text, [Span(0, len(text), "bold")]))
        status.add_class("-error")
        # the rows of the previous query would read as this query's results: clear them
        self.hits, self.total, self.suggestion = [], 0, None
        self.query_one("#results", ResultList).show_rows([])
        self._update_suggestion()

    def _show_results(self, outcome: Outcome) -> None:
        if outcome.generation != self.generation:
            return
        self._busy = False
        self._loading_more = False
        results = self.query_one("#results", ResultList)
        if outcome.append:
            self.hits.extend(outcome.hits)
            results.add_rows(outcome.rows)
        else:
            keep = results.highlighted_id() if outcome.query == getattr(self._outcome, "query", None) else None
            self.hits = list(outcome.hits)
            results.show_rows(outcome.rows, keep)
        self.total = outcome.total
        if not outcome.append:
            self.new_total = outcome.new_total
        self.suggestion = outcome.suggestion
        self._outcome = outcome
        self._rows_width = outcome.width
        self._update_status()
        self._update_suggestion()
        if getattr(self, "_to_results_when_shown", False) and not outcome.append:
            self._to_results_when_shown = False
            if self.hits:
                results.focus()
        if not outcome.append:
            self.refresh_facets()
        self.call_after_refresh(self._painted, self._started_at)

    def _painted(self, started: float) -> None:
        self.last_paint_ms = (time.perf_counter() - started) * 1000

    def _show_facets(self, generation: int, facets: dict) -> None:
        if generation == self.generation:
            self.query_one("#facets", FacetList).show_facets(facets, {**self.filters, "tag": self._query_tags()})

    def _query_tags(self) -> set[str]:
        from ...index.personal import split_terms  # whoosh: loaded after the first paint

        try:
            return set(split_terms(self.query_text)[1].tags)
        except QueryError:
            return set()

    def _update_status(self) -> None:
        o = self._outcome
        if o is None:
            return
        status = self.query_one("#status", Static)
        status.remove_class("-error")
        shown = len(self.hits)
        if o.listing:
            text = f"{self.total:,} articles · newest first"
        else:
            approx = "~" if o.estimate else ""
            text = f"{approx}{self.total:,} result{'s' if self.total != 1 else ''} · {o.took_ms:.0f} ms · sort: {self.sort}"
        if self.new_total:
            text += f" · {NEW_GLYPH} {self.new_total} new"
        if shown < self.total:
            text += f" · showing {shown}" + (" (refine to see more)" if shown >= ROW_CAP else "")
        spans = [Span(0, text.find(" "), "bold")]
        for f, v in self.filters.items():
            chip = f"  {f}: {clean(v)} ×"
            spans.append(Span(len(text) + 2, len(text) + len(chip), "reverse"))
            text += chip
        status.update(Content(text, spans, strip_control_codes=False), layout=False)  # one fixed line

    def _update_suggestion(self) -> None:
        box = self.query_one("#suggestion", Static)
        if self.suggestion and not self.hits:
            s = clean(self.suggestion)
            text = f"Did you mean: {s}   (Enter or ctrl+y to search it)"
            box.update(Content(text, [Span(14, 14 + len(s), "bold underline")]))
            box.remove_class("-hidden")
        else:
            box.add_class("-hidden")

    # --- events from the panes -------------------------------------------------------------------
    @on(ResultList.OptionSelected, "#results")
    def open_result(self, event: ResultList.OptionSelected) -> None:
        event.stop()
        ids = [h.id for h in self.hits]
        self.remember_query()
        self.post_message(OpenArticle(event.option.id, query=self.query_text, ids=ids))

    @on(ResultList.NearEnd)
    def load_more(self) -> None:
        if self._loading_more or self._busy or not self._outcome:
            return
        if len(self.hits) >= min(self.total, ROW_CAP):
            return
        self._loading_more = True
        self.run_search(limit=min(ROW_CAP, len(self.hits) + PAGE), append=True)

    @on(FacetList.Toggled)
    def toggle_facet(self, event: FacetList.Toggled) -> None:
        if event.field == "tag":  # tags live in the query (tag:NAME), where the user can see and edit them
            self.toggle_tag_term(event.value)
            return
        if self.filters.get(event.field) == event.value:
            del self.filters[event.field]
        else:
            self.filters[event.field] = event.value
        self.schedule(immediate=True)

    def toggle_tag_term(self, tag: str) -> None:
        term = f'tag:"{tag}"' if any(ch.isspace() or ch == '"' for ch in tag) else f"tag:{tag}"
        words = self.query_text.split()
        if tag in self._query_tags():
            rest = " ".join(w for w in words if w not in (term, f"tag:{tag}"))
        else:
            rest = " ".join([*words, term])
        self.search_for(rest)

    @on(FacetList.RunSaved)
    def run_saved(self, event: FacetList.RunSaved) -> None:
        """Enter on a saved search: its query, filters and sort, and its new count starts again from now."""
        entry = next((e for e in self.query_one("#facets", FacetList).saved if e["name"] == event.name), None)
        if entry is None:
            return
        self.filters = dict(entry.get("filters") or {})
        self.sort = entry.get("sort") or "relevance"
        self.search_for(entry["query"])
        self.remember_query()
        name = entry["name"]
        corpus = self.corpus

        def opened(db) -> None:
            db.mark_search_opened(name)
            saved = corpus.saved_searches()
            self.app.post_to_ui(self._show_saved, saved)
        self.data.checklist.with_db(opened)

    @on(ResultList.Tag)
    def tag_result(self, event: ResultList.Tag) -> None:
        event.stop()
        if self.data is not None:
            from ..article_marks import ask_tag

            ask_tag(self, self.data, event.article_id, self._title_of(event.article_id), self._tags_changed)

    @on(ResultList.Note)
    def note_result(self, event: ResultList.Note) -> None:
        event.stop()
        if self.data is not None:
            from ..article_marks import edit_note

            edit_note(self, self.data, event.article_id, self._title_of(event.article_id), lambda: None)

    def _title_of(self, article_id: str) -> str:
        return next((h.title for h in self.hits if h.id == article_id and h.title), article_id)

    def _tags_changed(self) -> None:
        """A tag was added or taken off: a tag: query or the tags facet may count differently now."""
        if "tag:" in self.query_text:
            self.schedule(immediate=True)
        else:
            self.refresh_facets()

    def on_click(self, event) -> None:
        if event.widget is self.query_one("#suggestion"):
            self.action_accept_suggestion()
        elif event.widget is self.query_one("#status") and self.filters:
            self.action_clear_filters()

    # --- actions ---------------------------------------------------------------------------------
    def search_for(self, query: str, filters: dict | None = None) -> None:
        """Replace the query (from elsewhere: an entity in the reader, the palette, `q` back to this step) and,
        when given, the filters."""
        if filters is not None:
            self.filters = dict(filters)
        box = self.query_one("#query", QueryInput)
        box.value = query
        box.cursor_position = len(query)
        self.query_text = query
        self.schedule(immediate=True)

    def action_focus_query(self) -> None:
        # at once, not on the next turn (Widget.focus): keys typed right after `/` (fast typing, a paste, the
        # browser under `serve`) are already queued and must land in the box
        self.screen.set_focus(self.query_one("#query", QueryInput))

    def action_toggle_sort(self) -> None:
        self.sort = "date" if self.sort == "relevance" else "relevance"
        self.notify(f"Sorted by {self.sort}", timeout=1.5)
        self.schedule(immediate=True)

    def action_toggle_pane(self) -> None:
        self.query_one("#facets").toggle_class("-shown")
        self.query_one("#facets").toggle_class("-hidden-wide")
        self.call_after_refresh(self.refresh_facets)

    def action_accept_suggestion(self) -> None:
        if self.suggestion:
            self.search_for(self.suggestion)

    def action_new_issue(self) -> None:
        """The current search becomes a checklist issue (tui/catalog_edit.py)."""
        from ..catalog_edit import issue_from_search

        issue_from_search(self, self.corpus, self.query_text)

    def action_save_search(self) -> None:
        """S: save the current query (with its filters and sort) under a name."""
        if self.corpus is None or refused(self, self.corpus, "saving searches"):
            return
        query, filters, sort = self.query_text.strip(), dict(self.filters), self.sort
        if not query and not filters:
            self.notify("Type a search first (/): S saves it under a name.", timeout=3)
            return
        corpus = self.corpus

        def named(name: str | None) -> None:
            name = (name or "").strip()
            if not name:
                return

            def save(db) -> None:
                try:
                    total = corpus.save_search(name, query, filters, sort)
                except Exception as err:
                    self.app.post_to_ui(toast, self, f"Not saved: {err}", severity="error", timeout=5)
                    return
                saved = corpus.saved_searches()
                self.app.post_to_ui(self._show_saved, saved)
                self.app.post_to_ui(toast, self, f"Saved {name!r}: {total:,} match{'es' if total != 1 else ''}"
                                          f" (o lists saved searches)", timeout=3)
            self.data.checklist.with_db(save)

        from ..screens.ask import AskScreen

        narrowed = "".join(f" · {field}: {value}" for field, value in sorted(filters.items()))  # saved with it
        self.app.push_screen(AskScreen(f"Save the search {query or '(filters only)'}{narrowed} as:", "",
                                       "a name (Enter saves, Esc cancels)"), named)

    def action_saved_searches(self) -> None:
        """o: the saved searches, at the top of the facet pane (shown if it was collapsed)."""
        facets = self.query_one("#facets", FacetList)
        if not facets.saved:
            self.notify("No saved searches yet: S saves the current search.", timeout=3)
            return
        if not facets.display:
            self.action_toggle_pane()

        def focus() -> None:
            self.screen.set_focus(facets)
            facets.first_saved()
        self.call_after_refresh(focus)

    def action_clear_filters(self) -> None:
        if self.filters:
            self.filters.clear()
            self.schedule(immediate=True)
