"""One issue's status over time, one row per outlet: a glyph per article, the outlets' disagreements marked.

A compact strip rather than a plot, so it fits 80×24, reads in 16 colours and without colour (✓ ◐ ✗ are the
checklist's glyphs), and every point is reachable from the keyboard: ←/→ step through the articles in time order,
↑/↓ move to another outlet, Enter opens the article under the cursor.
"""
from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

from ..output import safe

GLYPH = {"agreed": "✓", "progress": "◐", "unresolved": "✗"}
CAUTION = {"unresolved": 0, "progress": 1, "agreed": 2}  # one cell, several articles: the most cautious wins
LABEL_WIDTH = 16
CELL = 2  # the narrowest column; few dates get wider ones, up to WIDE_CELL, so month labels fit
WIDE_CELL = 9


@dataclass(frozen=True)
class Point:
    outlet: str
    date: str
    status: str
    article_id: str
    title: str


def points_of(entry: dict) -> list[Point]:
    """The dated articles of a checklist entry, oldest first (undated ones cannot be placed in time)."""
    out = [Point(a.get("source") or "unknown", a["date"], a.get("status") or "unresolved", a.get("id") or "",
                 a.get("title") or "") for a in entry.get("articles") or [] if a.get("date")]
    return sorted(out, key=lambda p: (p.date, p.outlet, CAUTION.get(p.status, 0)))


class Timeline(Widget, can_focus=True):
    """Status by outlet and date for one issue; posts `Timeline.Selected` on Enter."""

    COMPONENT_CLASSES = {"timeline--agreed", "timeline--progress", "timeline--unresolved", "timeline--cursor",
                         "timeline--disagree", "timeline--axis"}
    BINDINGS = [
        Binding("left,h", "step(-1)", "Earlier", show=False, id="timeline.earlier"),
        Binding("right,l", "step(1)", "Later", show=False, id="timeline.later"),
        Binding("up,k", "outlet(-1)", "Outlet up", show=False, id="timeline.outlet_up"),
        Binding("down,j", "outlet(1)", "Outlet down", show=False, id="timeline.outlet_down"),
        Binding("home,g", "edge(0)", "First", show=False, id="timeline.first"),
        Binding("end,G", "edge(-1)", "Last", show=False, id="timeline.last"),
        Binding("enter", "open", "Open article", id="timeline.open"),
        Binding("q,escape", "close", "Close timeline", id="timeline.close"),
    ]
    cursor: reactive[int] = reactive(0)

    class Selected(Message):
        def __init__(self, article_id: str) -> None:
            self.article_id = article_id
            super().__init__()

    def __init__(self, entry: dict | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.entry: dict = {}
        self.points: list[Point] = []
        self.dates: list[str] = []
        self.outlets: list[str] = []
        if entry is not None:
            self.show(entry)

    def show(self, entry: dict) -> None:
        """Show this checklist entry; the cursor starts on the latest article."""
        self.entry = entry
        self.points = points_of(entry)
        self.dates = sorted({p.date for p in self.points})
        self.outlets = list(dict.fromkeys(p.outlet for p in self.points))
        self.cursor = max(0, len(self.points) - 1)
        self.refresh()

    @property
    def current(self) -> Point | None:
        return self.points[self.cursor] if self.points else None

    # --- keys ------------------------------------------------------------------------------------------------------
    def action_step(self, delta: int) -> None:
        if self.points:
            self.cursor = min(max(self.cursor + delta, 0), len(self.points) - 1)

    def action_edge(self, which: int) -> None:
        if self.points:
            self.cursor = 0 if which == 0 else len(self.points) - 1

    def action_outlet(self, delta: int) -> None:
        """Move to the nearest-in-time article of the outlet above or below."""
        here = self.current
        if here is None:
            return
        row = self.outlets.index(here.outlet) + delta
        if not 0 <= row < len(self.outlets):
            return
        target = self.outlets[row]
        candidates = [i for i, p in enumerate(self.points) if p.outlet == target]
        self.cursor = min(candidates, key=lambda i: (abs(self.dates.index(self.points[i].date)
                                                         - self.dates.index(here.date)), i))

    class Closed(Message):
        """q or Esc: the user is done with the timeline (the checklist takes it away)."""

    def action_close(self) -> None:
        self.post_message(self.Closed())

    def action_open(self) -> None:
        if self.current is not None:
            self.post_message(self.Selected(self.current.article_id))

    def watch_cursor(self) -> None:
        self.refresh()

    # --- drawing ---------------------------------------------------------------------------------------------------
    def _layout(self) -> tuple[list[str], int]:
        """(the dates that fit, as a window keeping the cursor's date in view; the column width)."""
        width = max(1, self.size.width - LABEL_WIDTH - 1)
        room = max(1, width // CELL)
        if len(self.dates) <= room:
            return self.dates, max(CELL, min(WIDE_CELL, width // max(1, len(self.dates))))
        if self.current is None:
            return self.dates[-room:], CELL
        at = self.dates.index(self.current.date)
        start = min(max(0, at - room // 2), len(self.dates) - room)
        return self.dates[start:start + room], CELL

    def _disagreeing(self) -> set[str]:
        days = set()
        for window in self.entry.get("disagreements") or []:
            days |= {d for d in self.dates if window["start"] <= d <= window["end"]}
        return days

    def render(self) -> Text:
        if not self.points:
            return Text("No dated article discusses this issue: nothing to place in time.", style="italic")
        style = self.get_component_rich_style
        dates, cell = self._layout()
        column = {d: i for i, d in enumerate(dates)}
        text = Text(no_wrap=True, overflow="ellipsis")
        months, last = [], None
        for d in dates:
            months.append(d[:7] if d[:7] != last else "")
            last = d[:7]
        axis = "".ljust(LABEL_WIDTH)
        for i, month in enumerate(months):  # month labels where a month starts, if they fit
            if month and len(axis) <= LABEL_WIDTH + i * cell:
                axis = axis.ljust(LABEL_WIDTH + i * cell) + month
        text.append(axis + "\n", style("timeline--axis"))
        current = self.current
        for outlet in self.outlets:
            cells: dict[int, Point] = {}
            for p in self.points:
                if p.outlet == outlet and p.date in column:
                    old = cells.get(column[p.date])
                    if old is None or CAUTION.get(p.status, 0) < CAUTION.get(old.status, 0):
                        cells[column[p.date]] = p
            text.append(safe(outlet)[:LABEL_WIDTH - 1].ljust(LABEL_WIDTH))
            for i in range(len(dates)):
                p = cells.get(i)
                if p is None:
                    text.append("·".ljust(cell), style("timeline--axis"))
                    continue
                glyph_style = style(f"timeline--{p.status}")
                if current is not None and p.outlet == current.outlet and p.date == current.date:
                    glyph_style = glyph_style + style("timeline--cursor")
                text.append(GLYPH.get(p.status, "?"), glyph_style)
                text.append(" " * (cell - 1))
            text.append("\n")
        disagree = self._disagreeing()
        if disagree:
            marks = "".join(("≠" if d in disagree else " ").ljust(cell) for d in dates)
            text.append("outlets differ".ljust(LABEL_WIDTH) + marks + "\n", style("timeline--disagree"))
        if current is not None:
            text.append("\n▸ ")
            text.append(f"{current.date}  {safe(current.outlet)}  ")
            text.append(f"{GLYPH.get(current.status, '?')} {current.status}", style(f"timeline--{current.status}"))
            text.append(f"  {safe(current.title)}")
        return text
