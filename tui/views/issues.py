"""The issue checklist view: where each issue of the story stands, with the user's ticks, overrides and notes."""
from __future__ import annotations

from collections import Counter

from textual import on, work
from textual.app import ComposeResult
from textual.content import Content, Span
from textual.containers import Vertical
from textual.widgets import Static

from ..widgets.issue_list import CYCLE, GLYPH, STATUS_STYLE, IssueList
from ..widgets.text import clean
from ..data import NO_CATALOG
from ..screens.note import NoteScreen


class IssuesView(Vertical):
    def __init__(self) -> None:
        super().__init__(id="issues")
        self._request = 0

    def compose(self) -> ComposeResult:
        yield Static(Content("Loading the checklist…"), id="issues-summary")
        yield IssueList(id="issue-list")

    def default_focus(self):
        return self.query_one(IssueList)

    def reload(self) -> None:
        data = getattr(self.app, "data", None)
        if data is None:
            self._summary("The index is still opening…")
            return
        if not data.has_issues:
            self._summary(NO_CATALOG + " — index articles with issue detection "
                          "(newsexplorer index, without --no-enrich) to fill the checklist.")
            self.query_one(IssueList).show_issues([])
            return
        self._request += 1
        self.load_worker(self._request)

    @work(thread=True, exclusive=True, group="issues", exit_on_error=False)
    def load_worker(self, request: int) -> None:
        data = self.app.data
        try:
            issues = data.issues()
        except Exception as err:
            self.app.call_from_thread(self._error, str(err))
            return
        self.app.call_from_thread(self._show, request, issues)

    def _error(self, message: str) -> None:
        self.notify(clean(message.splitlines()[0] if message else "error"), severity="error")

    def _show(self, request: int, issues: list[dict]) -> None:
        if request != self._request:
            return
        self.query_one(IssueList).show_issues(issues)
        if not issues:
            self._summary(NO_CATALOG)
            return
        counts = Counter(i.get("status") for i in issues)
        ticked = sum(1 for i in issues if i.get("checked"))
        text, spans = f"{len(issues)} issues", [Span(0, len(f"{len(issues)} issues"), "bold")]
        for status in ("agreed", "progress", "unresolved"):
            chunk = f"{GLYPH[status]} {counts.get(status, 0)} {status}"
            spans.append(Span(len(text) + 3, len(text) + 3 + len(chunk), STATUS_STYLE[status]))
            text += " · " + chunk
        text += f" · {ticked} ticked · Enter expands · space ticks · o overrides · a notes"
        self.query_one("#issues-summary", Static).update(Content(text, spans, strip_control_codes=False))

    def _summary(self, message: str) -> None:
        self.query_one("#issues-summary", Static).update(Content(clean(message)))

    def _change(self, change) -> None:
        """Save a mark (ticks, overrides and notes are written at once), then reload the checklist."""
        self.write_worker(change)

    @work(thread=True, group="issue-writes", exit_on_error=False)
    def write_worker(self, change) -> None:
        try:
            change()
        except Exception as err:
            self.app.call_from_thread(self._error, f"not saved: {err}")
        self.app.call_from_thread(self.reload)

    @on(IssueList.Tick)
    def tick(self, event: IssueList.Tick) -> None:
        issue = event.issue
        self._change(lambda: self.app.data.set_checked(issue["id"], not issue.get("checked")))

    @on(IssueList.Override)
    def override(self, event: IssueList.Override) -> None:
        issue = event.issue
        current = issue.get("override")
        nxt = CYCLE[(CYCLE.index(current) + 1) % len(CYCLE)] if current in CYCLE else None
        self.notify(f"status of {clean(issue.get('title') or issue['id'])}: "
                    f"{nxt + ' (your override)' if nxt else 'as detected'}", timeout=2)
        self._change(lambda: self.app.data.set_override(issue["id"], nxt))

    @on(IssueList.EditNote)
    def edit_note(self, event: IssueList.EditNote) -> None:
        issue = event.issue

        def save(text: str | None) -> None:
            if text is not None:
                self._change(lambda: self.app.data.set_note(issue["id"], text))

        self.app.push_screen(NoteScreen(issue.get("title") or issue["id"], issue.get("note") or ""), save)

    @on(IssueList.OpenEvidence)
    def open_evidence(self, event: IssueList.OpenEvidence) -> None:
        ev = event.evidence
        issue = next((i for i in self.query_one(IssueList).issues if str(i.get("id")) == ev.issue_id), {})
        ids = list(dict.fromkeys(str(a.get("id")) for a in issue.get("articles") or []))
        self.app.open_article(ev.article_id, query="", ids=ids, focus_text=ev.sentence, issue=ev.issue_id)
