"""The reader: header, the article body with entities and search words highlighted, the article's entities."""
from __future__ import annotations

import time

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.content import Content, Span
from textual.widgets import Input, Static

from ...index.errors import NewsExplorerError
from ..failures import ReportsWorkerFailures
from ..config import NARROW_WIDTH
from ..messages import CorpusReady, SearchFor, ShowView
from ..widgets.article_view import KIND_CUE, KINDS, ArticleView, Mark
from ..widgets.entity_list import EntityList
from ..widgets.text import clean, toast

ENTITY_PANE_MIN, ENTITY_PANE_MAX = 30, 48  # the entity list's width on wide screens (app.tcss: 30)
NO_ARTICLE = "No article open — pick one in the search view (1) or the checklist (3)."


class FindInput(Input):
    """`/` in the reader: words found as typed (case-insensitive); Enter keeps them for n/N, Esc drops them."""

    BINDINGS = [Binding("escape", "close", "Close find", id="find.close")]

    class Closed(Message):
        """Esc: drop the found words (the search's matches come back)."""

    def action_close(self) -> None:
        self.post_message(self.Closed())

# What `e` cycles through: everything, one kind at a time, nothing.
SHOWN_CYCLE = [set(KINDS), {"person"}, {"org"}, {"place"}, {"other"}, set()]
KIND_NAME = {"person": "people", "org": "orgs", "place": "places", "other": "other"}
KIND_WORD = {"person": "person", "org": "org", "place": "place", "other": "other"}  # one mark, as the legend says


class ReaderView(ReportsWorkerFailures, Vertical):
    BINDINGS = [
        Binding("slash", "find", "Find", id="reader.find"),
        Binding("n", "next_match(True)", "Next match", id="reader.next_match"),
        Binding("N", "next_match(False)", "Prev match", show=False, id="reader.prev_match"),
        Binding("right_square_bracket", "next_entity(True)", "Next entity", id="reader.next_entity"),
        Binding("left_square_bracket", "next_entity(False)", "Prev entity", show=False, id="reader.prev_entity"),
        Binding("right_parenthesis", "next_evidence(True)", "Evidence", id="reader.next_evidence"),
        Binding("left_parenthesis", "next_evidence(False)", "Prev evidence", show=False, id="reader.prev_evidence"),
        Binding("e", "cycle_kinds", "Entity types", show=False, id="reader.cycle_kinds"),
        Binding("J", "sibling(1)", "Next article", show=False, id="reader.next_article"),
        Binding("K", "sibling(-1)", "Prev article", show=False, id="reader.prev_article"),
        Binding("p", "toggle_pane", "Entities", show=False, id="reader.pane"),
        Binding("enter", "search_entity", "Search the entity", show=False, id="reader.search_entity"),
        Binding("y", "copy_url", "Copy URL", show=False, id="reader.copy"),
        Binding("t", "tag", "Tag", id="reader.tag"),
        Binding("a", "note", "Note", show=False, id="reader.note"),
    ]

    def __init__(self) -> None:
        super().__init__(id="reader")
        self.article = None
        self.article_id: str | None = None
        self.query_text = ""
        self.ids: list[str] = []
        self.shown_index = 0
        self.last_open_ms: float | None = None
        self._request = 0
        self._reveal = False
        self._entities: list[Mark] = []
        self._search_matches: list[Mark] = []
        self.found = ""  # the words of find-in-article, while its matches are the ones shown
        self.data = None
        self.tags: list[str] = []  # the user's tags and note on the open article (shown in the header)
        self.note: str | None = None

    def compose(self) -> ComposeResult:
        yield Static(Content(NO_ARTICLE), id="article-header")
        yield Static("", id="reader-status")
        with Horizontal(id="reader-body"):
            yield ArticleView(id="article")
            yield EntityList(id="entities")
        yield FindInput(placeholder="find in this article (Enter keeps, Esc closes)", id="find", classes="-hidden")

    def on_corpus_ready(self, message: CorpusReady) -> None:
        self.data = message.data

    def _no_article(self) -> bool:
        if self.article is None:
            self.notify(NO_ARTICLE, timeout=2)
            return True
        return False

    def default_focus(self):
        return self.query_one(ArticleView)

    # --- loading ---------------------------------------------------------------------------------
    def load(self, article_id: str, *, query: str = "", ids: list[str] | None = None,
             focus_text: str | None = None, issue: str | None = None, reveal: bool = False) -> None:
        """Prepare the article in a worker and show it; `reveal`: switch to the reader once it is ready.

        Switching only when the article is ready paints the reader once, with the new article, instead of
        flashing the previous one first.
        """
        self.query_text = query or ""
        if ids is not None:
            self.ids = list(ids)
        self._request += 1
        self._reveal = reveal
        self._opened_at = time.perf_counter()
        width = self.query_one(ArticleView).wrap_width_hint()
        self.prepare_worker(self._request, article_id, self.query_text, focus_text, issue, width)

    @work(thread=True, exclusive=True, group="reader", exit_on_error=False, name="opening the article")
    def prepare_worker(self, request: int, article_id: str, query: str, focus_text: str | None,
                       issue: str | None, width: int) -> None:
        try:
            prepared = self.data.prepare(article_id, query, focus_text, issue, width)
        except NewsExplorerError as err:  # no such article (any more): said in one line
            self.app.call_from_thread(self._failed, request, str(err))
            return
        except Exception as err:
            self.app.call_from_thread(self._failed, request, None)
            self.app.report_failure(err, "opening the article")
            return
        self.app.call_from_thread(self.show_prepared, request, prepared)

    def _failed(self, request: int, message: str | None) -> None:
        """The article did not open: stay where the user is; `message`: what to say (None: said elsewhere)."""
        if request == self._request:
            self._reveal = False
            if message is not None:
                toast(self, message.splitlines()[0] if message else "cannot open the article", severity="error")

    def show_prepared(self, request: int, prepared) -> None:
        if request != self._request:
            return
        article = prepared.article
        self.article, self.article_id = article, article.id
        self.tags, self.note = prepared.tags, prepared.note
        self.query_one("#article-header", Static).update(self._header(article))
        view = self.query_one(ArticleView)
        view.hidden_kinds = set(KINDS) - SHOWN_CYCLE[self.shown_index]
        view.set_article(prepared.text, prepared.entities, prepared.matches, prepared.evidence, prepared.wrapped)
        self._search_matches, self.found = prepared.matches, ""
        self._close_find()
        entity_list = self.query_one(EntityList)
        if entity_list.display:
            entity_list.show_entities(prepared.entities)
        else:  # collapsed at 80 columns: filled when shown
            entity_list.set_options([])
        self._entities = prepared.entities
        if prepared.focus is not None:
            view.set_current(prepared.focus)
        elif prepared.matches:
            view.set_current(prepared.matches[0])
        self._status()
        if self._reveal:
            self._reveal = False
            self.post_message(ShowView("reader", focus=view))
        self.call_after_refresh(self._painted, self._opened_at)

    def _painted(self, opened_at: float) -> None:
        self.last_open_ms = (time.perf_counter() - opened_at) * 1000

    def _header(self, article) -> Content:
        """Two lines: the title (with its place in the result list), then outlet · date · byline · url.
        Each is cut to the width (app.tcss): at 80×24 the text gets the rows."""
        title = clean(article.title or "(untitled)").replace("\n", " ")
        text, spans = title, [Span(0, len(title), "bold")]
        if self.ids and self.article_id in self.ids:
            pos = f"  [{self.ids.index(self.article_id) + 1}/{len(self.ids)}]"
            spans.append(Span(len(text), len(text) + len(pos), "dim"))
            text = pos.strip() + " " + text if len(title) > 60 else text + pos
            if len(title) > 60:
                spans = [Span(0, len(pos.strip()), "dim"), Span(len(pos.strip()) + 1, len(text), "bold")]
        also = ", ".join(c["source"] or c["host"] or "?" for c in getattr(article, "also_in", None) or [])  # syndicated copies elsewhere
        meta = " · ".join(clean(x).replace("\n", " ")
                          for x in (article.source, article.date, article.byline, also and f"also in: {also}") if x)
        url = clean(article.url or "").replace("\n", " ")
        mine = " ".join([f"#{clean(t)}" for t in self.tags] + (["✎ note"] if self.note else []))  # the user's, first
        second = " · ".join(x for x in (mine, meta, url) if x)
        if second:
            spans.append(Span(len(text) + 1, len(text) + 1 + len(second), "dim"))
            text += "\n" + second
        return Content(text, spans, strip_control_codes=False)

    # --- status line -----------------------------------------------------------------------------
    def _status(self, moved: ArticleView.Moved | None = None) -> None:
        view = self.query_one(ArticleView)
        parts: list[tuple[str, str]] = []
        if moved is not None and moved.mark is not None:
            m = moved.mark
            if m.kind == "match":
                parts.append((f"match {moved.index}/{moved.total}", "bold"))
            elif m.kind == "evidence":
                parts.append((f"evidence {moved.index}/{moved.total}", "bold"))
            else:
                # the product's kinds, as the legend names them ("place: Ukraine"), never spaCy's "GPE"
                parts.append((f"{KIND_WORD.get(m.kind, m.kind)}: {clean(m.name)} {moved.index}/{moved.total}", "bold"))
        elif view.matches:
            n = len(view.matches)
            what = f"“{clean(self.found)}” " if self.found else ""
            parts.append((f"{what}{n} match{'es' if n != 1 else ''} (n/N)", ""))
        elif self.found:
            parts.append((f"“{clean(self.found)}” not in this article", "dim"))
        elif self.query_text:
            parts.append(("no match in this article", "dim"))
        if view.evidence and (moved is None or moved.mark is None or moved.mark.kind != "evidence"):
            n = len(view.evidence)
            parts.append((f"▌{n} evidence ( )", ""))
        shown = SHOWN_CYCLE[self.shown_index]
        if view.entities:
            label = "" if shown == set(KINDS) else (" " + KIND_NAME[next(iter(shown))] if shown else " none")
            parts.append((f"e{label}:", ""))
            for kind in KINDS:  # the legend shows each kind in its own style: the cue that is not colour
                if kind in shown and any(m.kind == kind for m in view.entities):
                    parts.append((KIND_NAME[kind], view._style(kind), " "))
        else:
            parts.append(("no entities indexed for this article", "dim"))
        text, spans = "", []
        for chunk, style, *sep in parts:
            if text:
                text += sep[0] if sep else " · "
            if style:
                spans.append(Span(len(text), len(text) + len(chunk), style))
            text += chunk
        self.query_one("#reader-status", Static).update(Content(text, spans, strip_control_codes=False), layout=False)  # one fixed line

    @on(ArticleView.Moved)
    def moved(self, event: ArticleView.Moved) -> None:
        self._status(event)
        if event.mark is None:
            self.notify("nothing to jump to", timeout=1.5)

    # --- actions ---------------------------------------------------------------------------------
    def action_next_match(self, forward: bool) -> None:
        if not self._no_article():
            self.query_one(ArticleView).next_match(forward)

    def action_next_entity(self, forward: bool) -> None:
        if not self._no_article():
            self.query_one(ArticleView).next_entity(forward)

    def action_next_evidence(self, forward: bool) -> None:
        if self._no_article():
            return
        view = self.query_one(ArticleView)
        if not view.evidence:
            self.notify("No evidence sentence in this article (open one from the checklist, 3)", timeout=2)
            return
        view.next_evidence(forward)

    # --- find in the article ---------------------------------------------------------------------
    def action_find(self) -> None:
        if self._no_article():
            return
        box = self.query_one("#find", FindInput)
        box.remove_class("-hidden")
        box.value = self.found
        self.screen.set_focus(box)  # at once: the words typed right after `/` are already on their way

    @on(Input.Changed, "#find")
    def find_changed(self, event: Input.Changed) -> None:
        self._find(event.value)

    @on(Input.Submitted, "#find")
    def find_submitted(self, event: Input.Submitted) -> None:
        self._find(event.value)
        view = self.query_one(ArticleView)
        self._close_find()
        view.focus()
        if view.matches:
            view.next_match(True)

    @on(FindInput.Closed)
    def find_closed(self) -> None:
        self._find("")
        self._close_find()

    def _find(self, words: str) -> None:
        view = self.query_one(ArticleView)
        self.found = words.strip()
        if not self.found:
            view.set_matches(self._search_matches)
        else:
            needle, hay = self.found.casefold(), view.text.casefold()
            found, i = [], hay.find(needle) if len(hay) == len(view.text) else -1
            while i >= 0:
                found.append(Mark(i, i + len(needle), "match"))
                i = hay.find(needle, i + len(needle))
            view.set_matches(found)
        self._status()

    def _close_find(self) -> None:
        box = self.query_one("#find", FindInput)
        box.add_class("-hidden")
        if box.has_focus:
            self.query_one(ArticleView).focus()

    def action_cycle_kinds(self) -> None:
        if self._no_article():
            return
        self.shown_index = (self.shown_index + 1) % len(SHOWN_CYCLE)
        self.query_one(ArticleView).set_hidden_kinds(set(KINDS) - SHOWN_CYCLE[self.shown_index])
        self._status()

    def action_sibling(self, step: int) -> None:
        if self._no_article():
            return
        if not self.ids or self.article_id not in self.ids:
            self.notify("no result list to step through", timeout=1.5)
            return
        i = self.ids.index(self.article_id) + step
        if 0 <= i < len(self.ids):
            self.load(self.ids[i], query=self.query_text)
        else:
            self.notify("last article" if step > 0 else "first article", timeout=1.5)

    def on_resize(self) -> None:
        pane = self.query_one("#entities", EntityList)
        self._size_entity_pane(pane)
        if pane.display and not pane.option_count and self._entities:
            pane.show_entities(self._entities)

    def _size_entity_pane(self, pane: EntityList) -> None:
        """Wide screens: the entity list takes what the capped text leaves (names were cut at 30 columns while
        70 stood empty at 200), up to ENTITY_PANE_MAX; narrow ones keep app.tcss's width."""
        if self.app.size.width < NARROW_WIDTH:
            pane.styles.clear_rule("width")
            return
        text_max = self.query_one(ArticleView).styles.max_width
        spare = self.size.width - int(text_max.value) - 1 if text_max is not None else 0
        pane.styles.width = max(ENTITY_PANE_MIN, min(ENTITY_PANE_MAX, spare))

    def action_toggle_pane(self) -> None:
        """p: show the entity list and go there (on the entity under the cursor), or hide it and go back to the
        text; before, the list appeared but the keys stayed in the text, so Enter on an entity did nothing."""
        pane = self.query_one("#entities", EntityList)
        had_focus = pane.has_focus
        pane.toggle_class("-shown")
        pane.toggle_class("-hidden-wide")
        if not pane.display:
            if had_focus:
                self.query_one(ArticleView).focus()
            return
        if not pane.option_count:
            pane.show_entities(self._entities)
        pane.focus()
        current = self.query_one(ArticleView).current
        if current is not None and current.kind in KINDS:
            # after the pane's resize, which fills the list again from the top: the next refresh posts it to the
            # pane, and a callback queued on the pane then runs behind it
            option_id = f"{current.kind}\x1f{current.name}"
            self.call_after_refresh(lambda: pane.call_later(self._highlight_entity, option_id))

    def _highlight_entity(self, option_id: str) -> None:
        pane = self.query_one("#entities", EntityList)
        try:
            pane.highlighted = pane.get_option_index(option_id)
        except Exception:  # not among the most mentioned the list shows
            pass

    def action_search_entity(self) -> None:
        """Enter on an entity in the text (`]` puts the cursor on one): search for it, as Enter in the list does."""
        if self._no_article():
            return
        current = self.query_one(ArticleView).current
        if current is None or current.kind not in KINDS:
            self.notify("Put the cursor on an entity first (] and [), then Enter searches it", timeout=2)
            return
        self.post_message(EntityList.Chosen(current.name, current.kind))

    def action_tag(self) -> None:
        """t: tag the open article (a tag it has already is taken off)."""
        if not self._no_article():
            from ..article_marks import ask_tag

            ask_tag(self, self.data, self.article_id, self.article.title or self.article_id, self._marks_changed)

    def action_note(self) -> None:
        """a: the open article's own note."""
        if not self._no_article():
            from ..article_marks import edit_note

            edit_note(self, self.data, self.article_id, self.article.title or self.article_id, self._marks_changed)

    def _marks_changed(self) -> None:
        if self.article is not None and self.data is not None:
            self.tags, self.note = self.data.user_marks(self.article_id)
            self.query_one("#article-header", Static).update(self._header(self.article))

    def action_copy_url(self) -> None:
        if self._no_article():
            return
        if self.article.url:
            self.app.copy_to_clipboard(self.article.url)
            self.notify("URL copied", timeout=1.5)

    @on(EntityList.Chosen)
    def search_entity(self, event: EntityList.Chosen) -> None:
        """The entity's articles: a person, organisation or place as the facet filter (any of its spellings: the
        name as a phrase found only the canonical spelling, 0 articles when no text writes it so); others as
        a phrase."""
        if event.kind in ("person", "org", "place"):
            self.post_message(SearchFor("", filters={event.kind: event.name}))
            return
        name = event.name.replace('"', " ").strip()
        self.post_message(SearchFor(f'"{name}"'))
