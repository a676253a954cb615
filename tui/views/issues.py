"""The issue checklist view: where each issue of the story stands, with the user's ticks, overrides and notes.

A key changes the row at once (the screen never waits for the disk) and queues the save on the one checklist
thread (tui/marks.py), so fast keys are all saved, in order. `u` undoes the last tick, override or note.
"""
from __future__ import annotations

from collections import Counter

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content, Span
from textual.widgets import Static

from ..read_only import refused
from ..data import NO_CATALOG
from ..failures import ReportsWorkerFailures
from ..messages import CorpusReady, IndexChanged, OpenArticle, ViewShown
from ..screens.note import NoteScreen
from ..widgets.issue_list import CYCLE, GLYPH, IssueList, status_style
from ..widgets.timeline import Timeline
from ...index.store.userdata import ANY
from ..widgets.text import clean, toast

FIELD_WORD = {"checked": "tick", "override": "status override", "note": "note"}


class IssuesView(ReportsWorkerFailures, Vertical):
    BINDINGS = [Binding("u", "undo", "Undo", id="issues.undo"),
                Binding("L", "limit", "Limit to the search", show=False, id="issues.limit"),
                Binding("B", "briefing", "Write briefing", id="issues.briefing")]

    def __init__(self) -> None:
        super().__init__(id="issues")
        self.data = None
        self._changes = 0  # local changes made so far; a reload queued before the latest one is stale
        self.undo_stack: list[tuple[str, str, object]] = []  # (issue id, field, value before)
        self.scope: str | None = None  # `L`: only the articles the search view's query matches

    def compose(self) -> ComposeResult:
        yield Static(Content("Loading the checklist…"), id="issues-summary")
        yield IssueList(id="issue-list")
        yield Timeline(id="timeline", classes="-hidden")

    def default_focus(self):
        return self.query_one(IssueList)

    # --- data down -------------------------------------------------------------------------------
    def on_corpus_ready(self, message: CorpusReady) -> None:
        self.data = message.data
        if self.app.view == "issues":
            self.reload()

    def on_index_changed(self, message: IndexChanged) -> None:
        if self.app.view == "issues":
            self.reload()

    def on_view_shown(self, message: ViewShown) -> None:
        self.reload()

    def reload(self) -> None:
        """Read the roll-up on the checklist thread, behind every save queued so far."""
        if self.data is None:
            self._summary("The index is still opening…")
            return
        changes = self._changes
        jobs = self.data.checklist

        scope = self.scope

        def load() -> None:
            try:
                issues = self.data.issues(scope) if scope else self.data.issues()
            except Exception as err:
                self.app.report_failure(err, "checklist")
                return
            self.app.post_to_ui(self._loaded, changes, issues)
        jobs.call(load)

    def _loaded(self, changes: int, issues: list[dict]) -> None:
        if changes != self._changes:  # keys came since: the rows on screen are newer than this read
            return
        self._show(issues)

    def _show(self, issues: list[dict]) -> None:
        self.query_one(IssueList).show_issues(issues)
        self._update_summary()

    def _update_summary(self) -> None:
        issues = self.query_one(IssueList).issues
        if not issues:
            self._summary(NO_CATALOG + " — draft one for your articles with: newsexplorer catalog suggest -o "
                          "mine.toml, edit it, then: newsexplorer catalog apply mine.toml (or press I in the search "
                          "view to make the current search an issue).")
            return
        counts = Counter(i.get("status") for i in issues)
        ticked = sum(1 for i in issues if i.get("checked"))
        text, spans = f"{len(issues)} issues", [Span(0, len(f"{len(issues)} issues"), "bold")]
        pane = self.query_one(IssueList)
        words = issues[0].get("status_words") or {}  # the catalog's own words, if it has them
        for status in ("agreed", "progress", "unresolved"):
            chunk = f"{GLYPH[status]} {counts.get(status, 0)} {words.get(status, status)}"
            spans.append(Span(len(text) + 3, len(text) + 3 + len(chunk), status_style(pane, status)))
            text += " · " + chunk
        text += f" · {ticked} ticked"
        if self.scope:
            text += f" · only articles matching {clean(self.scope)} (L: all)"
        self.query_one("#issues-summary", Static).update(Content(text, spans, strip_control_codes=False))

    def _summary(self, message: str) -> None:
        self.query_one("#issues-summary", Static).update(Content(clean(message)))

    # --- marks -----------------------------------------------------------------------------------
    def _set(self, issue: dict, field: str, value, *, undoable: bool = True, expected=ANY) -> None:
        """Change one mark on screen now and queue its save."""
        if self.data is None or refused(self, self.data.corpus, "saving ticks, notes or status overrides"):
            return
        if undoable:
            self.undo_stack.append((str(issue["id"]), field, issue.get(field)))
        issue[field] = value
        if field == "override":
            issue["status"] = value or issue.get("detected_status")
        self._changes += 1
        self.data.checklist.save(str(issue["id"]), field, value, expected)
        self._show(self.query_one(IssueList).issues)

    @on(IssueList.Tick)
    def tick(self, event: IssueList.Tick) -> None:
        self._set(event.issue, "checked", not event.issue.get("checked"))

    @on(IssueList.Override)
    def override(self, event: IssueList.Override) -> None:
        current = event.issue.get("override")
        nxt = CYCLE[(CYCLE.index(current) + 1) % len(CYCLE)] if current in CYCLE else None
        self._set(event.issue, "override", nxt)

    @on(IssueList.EditNote)
    def edit_note(self, event: IssueList.EditNote) -> None:
        if self.data is not None and refused(self, self.data.corpus, "saving ticks, notes or status overrides"):
            return
        issue = event.issue
        before = issue.get("note")  # another window may save this note while we edit it: it is kept, we are told

        def save(text: str | None) -> None:
            if text is not None:
                self._set(issue, "note", text if text.strip() else None, expected=before)

        self.app.push_screen(NoteScreen(issue.get("title") or issue["id"], issue.get("note") or ""), save)

    def action_limit(self) -> None:
        """Limit the checklist to the articles the search view's query matches, or back to every article."""
        query = (getattr(self.app.search_view, "query_text", "") or "").strip()
        if self.scope or not query:
            if not self.scope:
                self.notify("Type a search first (1, /): L limits the checklist to its articles.", timeout=3)
            self.scope = None
        else:
            self.scope = query
        self._changes += 1  # a read started before this one is stale
        self.reload()

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.notify("Nothing to undo", timeout=1.5)
            return
        issue_id, field, before = self.undo_stack.pop()
        issue = next((i for i in self.query_one(IssueList).issues if str(i.get("id")) == issue_id), None)
        if issue is None:
            return
        self._set(issue, field, before, undoable=False)
        toast(self, f"Undone: {FIELD_WORD[field]} on {issue.get('title') or issue_id}", timeout=2)

    @on(IssueList.Rename)
    def rename(self, event: IssueList.Rename) -> None:
        from ..catalog_edit import rename_issue

        if self.data is not None:
            rename_issue(self, self.data.corpus, event.issue)

    @on(IssueList.Delete)
    def delete(self, event: IssueList.Delete) -> None:
        from ..catalog_edit import delete_issue

        if self.data is not None:
            delete_issue(self, self.data.corpus, event.issue)

    @on(IssueList.OpenEvidence)
    def open_evidence(self, event: IssueList.OpenEvidence) -> None:
        ev = event.evidence
        issue = next((i for i in self.query_one(IssueList).issues if str(i.get("id")) == ev.issue_id), {})
        ids = list(dict.fromkeys(str(a.get("id")) for a in issue.get("articles") or []))
        self.post_message(OpenArticle(ev.article_id, query="", ids=ids, focus_text=ev.sentence, issue=ev.issue_id))

    # --- the timeline (t) and the briefing (B) ----------------------------------------------------
    @on(IssueList.ShowTimeline)
    def show_timeline(self, event: IssueList.ShowTimeline) -> None:
        timeline = self.query_one(Timeline)
        self._timeline_issue = event.issue
        timeline.show(event.issue)
        timeline.remove_class("-hidden")
        if not timeline.points:
            toast(self, f"No dated articles on {event.issue.get('title') or event.issue.get('id')} to place in time",
                  timeout=3)
        self.screen.set_focus(timeline)

    @on(Timeline.Closed)
    def close_timeline(self) -> None:
        self.query_one(Timeline).add_class("-hidden")
        self.screen.set_focus(self.query_one(IssueList))

    @on(Timeline.Selected)
    def open_from_timeline(self, event: Timeline.Selected) -> None:
        issue = getattr(self, "_timeline_issue", None) or {}
        ids = [p.article_id for p in self.query_one(Timeline).points]
        self.post_message(OpenArticle(event.article_id, query="", ids=ids, issue=issue.get("id")))

    def action_briefing(self) -> None:
        """B: the Markdown briefing (evidence quoted with outlet, date, URL and id) to a file; says where."""
        if self.data is None:
            return
        corpus, jobs = self.data.corpus, self.data.checklist

        def write() -> None:
            from ..briefing import write_briefing

            try:
                path = write_briefing(corpus)
            except Exception as err:
                self.app.post_to_ui(toast, self, f"Briefing not written: {err}", severity="error", timeout=8)
                return
            self.app.post_to_ui(toast, self, f"Briefing written to {path}", timeout=8)
        # behind the ticks and notes queued so far, so the briefing has them; a write the user asked for, so it is
        # still done if they quit at once (the reads queued are skipped then)
        jobs.with_db(lambda db: write())
