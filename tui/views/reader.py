"""The reader: header, the article body with entities and search words highlighted, the article's entities."""
from __future__ import annotations

import time

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content, Span
from textual.widgets import Static

from ..widgets.article_view import KIND_CUE, KINDS, ArticleView, Mark
from ..widgets.entity_list import EntityList
from ..widgets.text import clean

# What `e` cycles through: everything, one kind at a time, nothing.
SHOWN_CYCLE = [set(KINDS), {"person"}, {"org"}, {"place"}, {"other"}, set()]
KIND_NAME = {"person": "people", "org": "organisations", "place": "places", "other": "other"}
KIND_WORD = {"person": "person", "org": "organisation", "place": "place", "other": "other"}


class ReaderView(Vertical):
    BINDINGS = [
        Binding("n", "next_match(True)", "Next match", id="reader.next_match"),
        Binding("N", "next_match(False)", "Prev match", show=False, id="reader.prev_match"),
        Binding("right_square_bracket", "next_entity(True)", "Next entity", id="reader.next_entity"),
        Binding("left_square_bracket", "next_entity(False)", "Prev entity", show=False, id="reader.prev_entity"),
        Binding("e", "cycle_kinds", "Entity types", id="reader.cycle_kinds"),
        Binding("J", "sibling(1)", "Next article", id="reader.next_article"),
        Binding("K", "sibling(-1)", "Prev article", show=False, id="reader.prev_article"),
        Binding("p", "toggle_pane", "Entities", show=False, id="reader.pane"),
        Binding("y", "copy_url", "Copy URL", show=False, id="reader.copy"),
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

    def compose(self) -> ComposeResult:
        yield Static(Content("No article open — pick one in the search view (1) or the checklist (3)."),
                     id="article-header")
        yield Static("", id="reader-status")
        with Horizontal(id="reader-body"):
            yield ArticleView(id="article")
            yield EntityList(id="entities")

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

    @work(thread=True, exclusive=True, group="reader", exit_on_error=False)
    def prepare_worker(self, request: int, article_id: str, query: str, focus_text: str | None,
                       issue: str | None, width: int) -> None:
        try:
            prepared = self.app.data.prepare(article_id, query, focus_text, issue, width)
        except Exception as err:
            self.app.call_from_thread(self._failed, request, str(err))
            return
        self.app.call_from_thread(self.show_prepared, request, prepared)

    def _failed(self, request: int, message: str) -> None:
        if request == self._request:
            self._reveal = False
            self.notify(clean(message.splitlines()[0] if message else "cannot open the article"), severity="error")

    def show_prepared(self, request: int, prepared) -> None:
        if request != self._request:
            return
        article = prepared.article
        self.article, self.article_id = article, article.id
        self.query_one("#article-header", Static).update(self._header(article))
        view = self.query_one(ArticleView)
        view.hidden_kinds = set(KINDS) - SHOWN_CYCLE[self.shown_index]
        view.set_article(prepared.text, prepared.entities, prepared.matches, prepared.evidence, prepared.wrapped)
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
            self.app.show_view("reader", focus=view)
        self.call_after_refresh(self._painted, self._opened_at)

    def _painted(self, opened_at: float) -> None:
        self.last_open_ms = (time.perf_counter() - opened_at) * 1000

    def _header(self, article) -> Content:
        title = clean(article.title or "(untitled)").replace("\n", " ")
        text, spans = title, [Span(0, len(title), "bold")]
        if self.ids and self.article_id in self.ids:
            pos = f"  [{self.ids.index(self.article_id) + 1}/{len(self.ids)}]"
            spans.append(Span(len(text), len(text) + len(pos), "dim"))
            text += pos
        meta = " · ".join(clean(x).replace("\n", " ") for x in (article.source, article.byline, article.date) if x)
        if meta:
            spans.append(Span(len(text) + 1, len(text) + 1 + len(meta), "italic"))
            text += "\n" + meta
        if article.url:
            url = clean(article.url).replace("\n", " ")
            spans.append(Span(len(text) + 1, len(text) + 1 + len(url), "dim underline"))
            text += "\n" + url
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
                parts.append(("evidence", "bold"))
            else:
                # the product's kinds, as the legend names them ("place: Ukraine"), never spaCy's "GPE"
                parts.append((f"{KIND_WORD.get(m.kind, m.kind)}: {clean(m.name)} {moved.index}/{moved.total}", "bold"))
        elif view.matches:
            n = len(view.matches)
            parts.append((f"{n} match{'es' if n != 1 else ''} (n/N)", ""))
        elif self.query_text:
            parts.append(("no match in this article", "dim"))
        shown = SHOWN_CYCLE[self.shown_index]
        if view.entities:
            label = "all" if shown == set(KINDS) else (KIND_NAME[next(iter(shown))] if shown else "none")
            parts.append((f"entities: {label} (e)", ""))
            for kind in KINDS:  # the legend shows each kind in its own style: the cue that is not colour
                if kind in shown and any(m.kind == kind for m in view.entities):
                    parts.append((KIND_NAME[kind], f"{KIND_CUE[kind]}"))
        else:
            parts.append(("no entities indexed for this article", "dim"))
        text, spans = "", []
        for chunk, style in parts:
            if text:
                text += " · "
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
        self.query_one(ArticleView).next_match(forward)

    def action_next_entity(self, forward: bool) -> None:
        self.query_one(ArticleView).next_entity(forward)

    def action_cycle_kinds(self) -> None:
        self.shown_index = (self.shown_index + 1) % len(SHOWN_CYCLE)
        self.query_one(ArticleView).set_hidden_kinds(set(KINDS) - SHOWN_CYCLE[self.shown_index])
        self._status()

    def action_sibling(self, step: int) -> None:
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
        if pane.display and not pane.option_count and self._entities:
            pane.show_entities(self._entities)

    def action_toggle_pane(self) -> None:
        pane = self.query_one("#entities", EntityList)
        pane.toggle_class("-shown")
        pane.toggle_class("-hidden-wide")
        if pane.display and not pane.option_count:
            pane.show_entities(self._entities)

    def action_copy_url(self) -> None:
        if self.article is not None and self.article.url:
            self.app.copy_to_clipboard(self.article.url)
            self.notify("URL copied", timeout=1.5)

    @on(EntityList.Chosen)
    def search_entity(self, event: EntityList.Chosen) -> None:
        name = event.name.replace('"', " ").strip()
        self.app.search_for(f'"{name}"')
