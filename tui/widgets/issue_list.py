"""The issue checklist: one row per issue (status glyph + word, tick, article count, last mention, note).

Enter expands a row into its history and evidence sentences; Enter on a sentence opens the article there.
Status never rests on colour alone: ✓ agreed, ◐ progress, ✗ unresolved, and the word itself.
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass

from textual.binding import Binding
from textual.content import Content, Span
from textual.message import Message
from textual.style import Style as VisualStyle
from textual.widgets.option_list import Option

from .list_pane import ListPane
from .results import cut_middle
from .text import clean

GLYPH = {"agreed": "✓", "progress": "◐", "unresolved": "✗", None: "·"}
CYCLE = [None, "agreed", "progress", "unresolved"]
INDENT = "      "
MIN_TITLE = 20


@dataclass(frozen=True)
class Evidence:
    issue_id: str
    article_id: str
    sentence: str


def _one_line(text: str | None) -> str:
    return clean(text).replace("\n", " ").strip()


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


def status_style(widget, status: str | None):
    """The status' style from app.tcss (component classes issues--agreed … issues--none)."""
    return VisualStyle.from_rich_style(widget.get_component_rich_style(f"issues--{status or 'none'}", partial=True))


def issue_row(issue: dict, width: int = 80, styles: dict | None = None) -> Content:
    """One checklist row; the title takes what the width leaves after the fixed columns."""
    styles = styles or {}
    status = issue.get("status")
    style = styles.get(status, "bold")
    glyph = GLYPH.get(status, "·")
    tick = "[x]" if issue.get("checked") else "[ ]"
    shown = (issue.get("status_words") or {}).get(status) or status or "none"  # the catalog's word, if it has one
    word = shown[:10] + ("*" if issue.get("override") else "")
    n = issue.get("article_count", len(issue.get("articles") or []))
    last = issue.get("last_mention") or _last_mention(issue) or "—"
    head = f"{glyph} {tick} "
    tail = f" {word:<11} {n:>3} art  {last:<10}"
    title_w = max(MIN_TITLE, width - len(head) - len(tail))
    title = cut_middle(_one_line(issue.get("title") or issue.get("id")), title_w)
    line = f"{head}{title:<{title_w}}{tail}"
    w0 = len(head) + title_w + 1
    spans = [Span(0, 1, style), Span(w0, w0 + len(word), style)]
    if issue.get("checked"):
        spans.append(Span(2, 5, "bold"))
    note = _one_line(issue.get("note"))
    if note:
        start = len(line) + 1
        line += "\n" + _wrap("✎ " + note, width, INDENT, INDENT + "  ")
        spans.append(Span(start, len(line), "italic"))
    return Content(line, spans, strip_control_codes=False)


def _wrap(text: str, width: int, first: str, rest: str) -> str:
    """Wrapped to `width` keeping the indent on every line (the list would otherwise wrap to column 0)."""
    return "\n".join(textwrap.wrap(text, max(20, width), initial_indent=first, subsequent_indent=rest,
                                    break_long_words=True, break_on_hyphens=False)) or first


def _last_mention(issue: dict) -> str | None:
    dates = [a.get("date") for a in issue.get("articles") or [] if a.get("date")]
    return max(dates) if dates else None


def _history_line(entry) -> str:
    if isinstance(entry, dict) and "date" in entry:
        statuses = entry.get("statuses")
        if isinstance(statuses, dict):
            parts = [f"{_one_line(src)}: {'/'.join(map(str, st)) if isinstance(st, list) else st}"
                     for src, st in statuses.items()]
            return f"{entry['date']}  " + "; ".join(parts)
        rest = {k: v for k, v in entry.items() if k != "date"}
        return f"{entry['date']}  " + "; ".join(f"{k}: {_one_line(str(v))}" for k, v in rest.items())
    return _one_line(str(entry))


class IssueList(ListPane):
    PANE, NOUN = "issues", "row"
    COMPONENT_CLASSES = {"issues--agreed", "issues--progress", "issues--unresolved", "issues--none"}
    BINDINGS = [
        Binding("space", "tick", "Tick", id="issues.tick"),
        Binding("o", "override", "Override", id="issues.override"),
        Binding("a", "note", "Note", id="issues.note"),
        Binding("r", "rename", "Rename", id="issues.rename", show=False),
        Binding("D", "delete", "Delete issue", id="issues.delete", show=False),
        Binding("t", "timeline", "Timeline", id="issues.timeline"),
    ]

    class Tick(Message):
        """Space: flip the issue's tick."""

        def __init__(self, issue: dict) -> None:
            super().__init__()
            self.issue = issue

    class Override(Message):
        """`o`: cycle the user's status override (none → agreed → progress → unresolved → none)."""

        def __init__(self, issue: dict) -> None:
            super().__init__()
            self.issue = issue

    class EditNote(Message):
        """`a`: edit the issue's note."""

        def __init__(self, issue: dict) -> None:
            super().__init__()
            self.issue = issue

    class Rename(Message):
        """`r`: rename the issue (its title in the data dir's catalog)."""

        def __init__(self, issue: dict) -> None:
            super().__init__()
            self.issue = issue

    class Delete(Message):
        """`D`: remove the issue from the data dir's catalog (its notes are kept under its id)."""

        def __init__(self, issue: dict) -> None:
            super().__init__()
            self.issue = issue

    class ShowTimeline(Message):
        """t: show the issue's status by outlet over time."""

        def __init__(self, issue: dict) -> None:
            super().__init__()
            self.issue = issue

    class OpenEvidence(Message):
        def __init__(self, evidence: Evidence) -> None:
            super().__init__()
            self.evidence = evidence

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.issues: list[dict] = []
        self.expanded: set[str] = set()
        self._evidence: dict[str, Evidence] = {}

    def _width(self) -> int:
        return max(40, (self.scrollable_content_region.width or self.app.size.width) - 2)  # less the padding

    def _styles(self) -> dict:
        return {s: status_style(self, s) for s in ("agreed", "progress", "unresolved", None)}

    def on_resize(self) -> None:
        if self.issues and self._width() != getattr(self, "_shown_width", 0):
            self.show_issues(self.issues)

    def show_issues(self, issues: list[dict]) -> None:
        keep = self.highlighted_option.id if self.highlighted_option else None
        self.issues = issues
        self._evidence = {}
        self._shown_width = width = self._width()
        styles = self._styles()
        options: list[Option] = []
        for issue in issues:
            iid = str(issue.get("id"))
            options.append(Option(issue_row(issue, width, styles), id=f"issue\x1f{iid}"))
            if iid in self.expanded:
                options.extend(self._details(issue, width, styles))
        self.set_options(options)
        index = 0
        if keep:
            try:
                index = self.get_option_index(keep)
            except Exception:
                index = 0
        self.highlighted = index if options else None

    def _details(self, issue: dict, width: int, styles: dict) -> list[Option]:
        iid = str(issue.get("id"))
        out = []
        desc = _one_line(issue.get("description"))
        # overridden: "detected: unresolved · latest dated article (…)", never "· user override", which read as the
        # reason for the detected status
        basis = _one_line(issue.get("detected_basis") or issue.get("status_basis"))
        detected = issue.get("detected_status")
        info = " · ".join(x for x in (desc, f"detected: {detected}" if issue.get("override") else "", basis) if x)
        if info:
            text = _wrap(info, width, INDENT, INDENT)
            out.append(Option(Content(text, [Span(0, len(text), "dim")]), disabled=True))
        history = issue.get("history") or []
        if history:
            out.append(Option(Content(INDENT + "History", [Span(6, 13, "bold")]), disabled=True))
            for entry in history:
                out.append(Option(Content(_wrap(_history_line(entry), width, INDENT + "  ", INDENT + "    ")),
                                  disabled=True))
        articles = issue.get("articles") or []
        if articles:
            out.append(Option(Content("      Evidence (Enter opens the article there)", [Span(6, 14, "bold")]),
                              disabled=True))
        for a_i, art in enumerate(articles):
            status = art.get("status")
            where = " · ".join(x for x in (art.get("date") or "", _one_line(art.get("source"))) if x and x != "unknown")
            title = _one_line(art.get("title")) or "(untitled)"
            head = f"{INDENT}{GLYPH.get(status, '·')} "
            room = width - len(head) - (len(where) + 3 if where else 0)
            head += cut_middle(title, max(MIN_TITLE, room)) + (f" · {where}" if where else "")
            sentences = art.get("evidence") or []
            for s_i, sentence in enumerate(sentences or [""]):
                sent = _one_line(sentence)
                text = f"{head}\n" + _wrap(f"“{sent}”", width, INDENT + "  ", INDENT + "   ") if sent else head
                spans = [Span(6, 7, styles.get(status, "dim")), Span(8, len(head), "bold")]
                oid = f"ev\x1f{iid}\x1f{a_i}\x1f{s_i}"
                self._evidence[oid] = Evidence(iid, str(art.get("id")), sentence or "")
                out.append(Option(Content(text, spans, strip_control_codes=False), id=oid))
        if not history and not articles:
            out.append(Option(Content(INDENT + "No article mentions this issue"), disabled=True))
        return out

    def current_issue(self) -> dict | None:
        option = self.highlighted_option
        if option is None or not option.id:
            return None
        parts = option.id.split("\x1f")
        iid = parts[1]
        return next((i for i in self.issues if str(i.get("id")) == iid), None)

    def on_option_list_option_selected(self, event: ListPane.OptionSelected) -> None:
        event.stop()
        oid = event.option.id or ""
        if oid.startswith("issue\x1f"):
            iid = oid.split("\x1f", 1)[1]
            self.expanded.symmetric_difference_update({iid})
            self.show_issues(self.issues)
        elif oid in self._evidence:
            self.post_message(self.OpenEvidence(self._evidence[oid]))

    def action_tick(self) -> None:
        if (issue := self.current_issue()) is not None:
            self.post_message(self.Tick(issue))

    def action_override(self) -> None:
        if (issue := self.current_issue()) is not None:
            self.post_message(self.Override(issue))

    def action_note(self) -> None:
        if (issue := self.current_issue()) is not None:
            self.post_message(self.EditNote(issue))

    def action_rename(self) -> None:
        if (issue := self.current_issue()) is not None:
            self.post_message(self.Rename(issue))

    def action_delete(self) -> None:
        if (issue := self.current_issue()) is not None:
            self.post_message(self.Delete(issue))

    def action_timeline(self) -> None:
        if (issue := self.current_issue()) is not None:
            self.post_message(self.ShowTimeline(issue))
