"""The article body: a Line-API scroll view that wraps once per width and renders only the lines on screen.

Toolong's design: the text is one string with all highlight spans (entities, search matches) as offsets; wrapping
computes line offsets once per width; `render_line` slices the spans that touch a line and caches the Strip.
Moving the current match or entity invalidates only the lines it touched, so `n`/`]` cost one small frame.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from rich.cells import cell_len
from rich.segment import Segment
from textual.binding import Binding
from textual.cache import LRUCache
from textual.content import Content, Span
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style as VisualStyle

# Entity label → the kind that picks its style (colour AND a non-colour cue, see app.tcss).
KIND_OF_LABEL = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place"}
KINDS = ("person", "org", "place", "other")
# The cue that is not colour, for lists that also show a kind letter (the text's own styles are in app.tcss).
KIND_CUE = {"person": "bold", "org": "underline", "place": "bold underline", "other": ""}
EVIDENCE_GUTTER = "▌"
GUTTER = 2  # cells left of the text: the evidence mark and a space
_TOKEN = re.compile(r"\S+\s*|\s+")


def kind_of(label: str) -> str:
    return KIND_OF_LABEL.get(label, "other")


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str  # person | org | place | other | match | evidence
    label: str = ""
    name: str = ""


def wrap_offsets(text: str, width: int) -> list[tuple[int, int]]:
    """(start, end) character offsets of each screen line: greedy word wrap, long words folded."""
    width = max(4, width)
    lines: list[tuple[int, int]] = []
    pos = 0
    for para in text.split("\n"):
        base = pos
        pos += len(para) + 1
        if not para:
            lines.append((base, base))
            continue
        line_start, used = base, 0
        ascii_para = para.isascii()
        for m in _TOKEN.finditer(para):
            token = m.group()
            word = token.rstrip()
            w = len(word) if ascii_para else cell_len(word)
            t_start = base + m.start()
            if used and used + w > width:  # break before this token
                lines.append((line_start, t_start))
                line_start, used = t_start, 0
            while w > width:  # a token longer than a line: fold it
                cut = width if ascii_para else _fold_at(word, width)
                lines.append((t_start, t_start + cut))
                t_start += cut
                word = word[cut:]
                w = len(word) if ascii_para else cell_len(word)
                line_start = t_start
            used += (len(token) if ascii_para else cell_len(token))
        lines.append((line_start, base + len(para)))
    return lines


def _fold_at(word: str, width: int) -> int:
    used = 0
    for i, ch in enumerate(word):
        used += cell_len(ch)
        if used > width:
            return max(1, i)
    return len(word)


class ArticleView(ScrollView, can_focus=True):
    """Scrollable, highlighted article text."""

    COMPONENT_CLASSES = {
        "article--person", "article--org", "article--place", "article--other",
        "article--match", "article--evidence", "article--current", "article--gutter",
    }
    BINDINGS = [
        Binding("j,down", "scroll_down", "Line down", show=False, id="article.down"),
        Binding("k,up", "scroll_up", "Line up", show=False, id="article.up"),
        Binding("g,home", "scroll_home", "Top", show=False, id="article.top"),
        Binding("G,end", "scroll_end", "Bottom", show=False, id="article.bottom"),
        Binding("space,pagedown", "page_down", "Page down", show=False, id="article.page_down"),
        Binding("b,pageup", "page_up", "Page up", show=False, id="article.page_up"),
    ]

    class Moved(Message):
        """The current match or entity changed (the reader's status line follows it)."""

        def __init__(self, mark: Mark | None, index: int, total: int) -> None:
            super().__init__()
            self.mark, self.index, self.total = mark, index, total

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.text = ""
        self.marks: list[Mark] = []  # entities + matches + evidence, sorted by start
        self.matches: list[Mark] = []
        self.entities: list[Mark] = []
        self.evidence: list[Mark] = []
        self.hidden_kinds: set[str] = set()
        self._evidence_lines: set[int] = set()
        self.current: Mark | None = None
        self._lines: list[tuple[int, int]] = []
        self._line_starts: list[int] = []
        self._wrap_width = 0
        self._known_width = 0  # the text width when last laid out (a hidden view has size 0)
        self._cache: LRUCache[int, Strip] = LRUCache(1024)
        self._kind_styles: dict[str, object] = {}
        self._visible: list[Mark] = []
        self._visible_starts: list[int] = []
        self._max_len = 0

    # --- content ---------------------------------------------------------------------------------
    def set_article(self, text: str, entities: list[Mark], matches: list[Mark], evidence: list[Mark] = (),
                    wrapped: tuple[int, list[tuple[int, int]]] | None = None) -> None:
        """Show a new text (already cleaned; offsets into it). Scrolls to the top.

        `wrapped`: (width, line offsets) computed off the UI thread; used if the width is still right.
        """
        self.text = text
        self.entities = sorted(entities, key=lambda m: (m.start, m.end))
        self.matches = sorted(matches, key=lambda m: (m.start, m.end))
        self.evidence = sorted(evidence, key=lambda m: (m.start, m.end))
        self.current = None
        self._wrap_width = 0
        self._lines = []
        if wrapped is not None and wrapped[0] == self._text_width():
            self._wrap_width, self._lines = wrapped
            self._line_starts = [s for s, _ in self._lines]
            self.virtual_size = Size(self._wrap_width, len(self._lines))
        self._restyle()
        self._rewrap()
        self._mark_evidence_lines()
        self.scroll_to(0, 0, animate=False, immediate=True)

    def set_matches(self, matches: list[Mark]) -> None:
        """Replace the highlighted matches (find-in-article, or back to the search's words)."""
        self.matches = sorted(matches, key=lambda m: (m.start, m.end))
        if self.current is not None and self.current.kind == "match":
            self.current = None
        self._restyle()
        self.refresh()

    def _mark_evidence_lines(self) -> None:
        lines = set()
        for mark in self.evidence:
            lines.update(range(self.line_of(mark.start), self.line_of(max(mark.start, mark.end - 1)) + 1))
        self._evidence_lines = lines if self._lines else set()

    def set_hidden_kinds(self, hidden: set[str]) -> None:
        self.hidden_kinds = set(hidden)
        if self.current and self.current.kind in self.hidden_kinds:
            self.current = None
        self._restyle()
        self.refresh()

    def _restyle(self) -> None:
        shown = [m for m in self.entities if m.kind not in self.hidden_kinds]
        # later in the list paints on top: entities, then evidence, then search matches
        self._visible = sorted(shown + list(self.evidence) + self.matches, key=lambda m: m.start)
        self._visible_starts = [m.start for m in self._visible]
        self._max_len = max((m.end - m.start for m in self._visible), default=0)
        self._kind_styles.clear()
        self._cache.clear()

    def visible_entities(self) -> list[Mark]:
        return [m for m in self.entities if m.kind not in self.hidden_kinds]

    # --- wrapping --------------------------------------------------------------------------------
    def _text_width(self) -> int:
        """The width to wrap to: the laid-out one, or while the reader is hidden (size 0) the last one known."""
        if self.size.width:
            self._known_width = max(4, (self.scrollable_content_region.width or self.size.width) - GUTTER)
        return self._known_width

    def wrap_width_hint(self) -> int:
        """The width lines will be wrapped to (for wrapping in a worker before the text is shown); 0: unknown."""
        return self._text_width()

    def _rewrap(self) -> None:
        width = self._text_width()
        if not width:  # never laid out yet: wrapped when it is (on_resize)
            return
        if width == self._wrap_width and (self._lines or not self.text):
            self.refresh()
            return
        anchor = self._lines[int(self.scroll_y)][0] if self._lines and int(self.scroll_y) < len(self._lines) else 0
        self._wrap_width = width
        self._lines = wrap_offsets(self.text, width) if self.text else []
        self._line_starts = [s for s, _ in self._lines]
        self._cache.clear()
        self.virtual_size = Size(width, len(self._lines))
        self._mark_evidence_lines()
        if anchor:
            self.scroll_to(y=self.line_of(anchor), animate=False, immediate=True)
        self.refresh()

    def on_resize(self) -> None:
        self._rewrap()

    def line_of(self, offset: int) -> int:
        return max(0, bisect_right(self._line_starts, offset) - 1)

    # --- rendering -------------------------------------------------------------------------------
    def _style(self, kind: str):
        style = self._kind_styles.get(kind)
        if style is None:
            # via Rich: Textual's get_visual_style() drops `reverse`, the cue that survives NO_COLOR best
            style = VisualStyle.from_rich_style(self.get_component_rich_style(f"article--{kind}", partial=True))
            self._kind_styles[kind] = style
        return style

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._kind_styles.clear()
        self._cache.clear()

    def render_line(self, y: int) -> Strip:
        index = int(self.scroll_y) + y
        width = self.scrollable_content_region.width
        base = self.rich_style
        if index >= len(self._lines):
            return Strip.blank(width, base)
        strip = self._cache.get(index)
        if strip is None:
            strip = self._render_index(index, width)
            self._cache[index] = strip
        return strip

    def _render_index(self, index: int, width: int) -> Strip:
        start, end = self._lines[index]
        spans = []
        lo = bisect_left(self._visible_starts, start - self._max_len)
        hi = bisect_left(self._visible_starts, end)
        for mark in self._visible[lo:hi]:
            s, e = max(mark.start, start), min(mark.end, end)
            if e > s:
                spans.append(Span(s - start, e - start, self._style(mark.kind)))
        cur = self.current
        if cur is not None and cur.start < end and cur.end > start:
            s, e = max(cur.start, start), min(cur.end, end)
            if e > s:
                spans.append(Span(s - start, e - start, self._style("current")))
        line = Content(self.text[start:end].rstrip("\n"), spans, strip_control_codes=False)
        gutter = EVIDENCE_GUTTER if index in self._evidence_lines else " "
        line = Content.assemble((gutter, self._style("gutter")), " ", line)
        segments = line.render_segments(self.visual_style)
        return Strip(segments).crop_extend(0, width, self.rich_style)

    def _refresh_mark(self, mark: Mark | None) -> None:
        if mark is None or not self._lines:
            return
        first, last = self.line_of(mark.start), self.line_of(max(mark.start, mark.end - 1))
        for index in range(first, last + 1):
            self._cache.discard(index) if hasattr(self._cache, "discard") else self._cache.pop(index, None)
        top = int(self.scroll_y)
        lo, hi = max(first, top), min(last, top + self.size.height - 1)
        if hi >= lo:
            self.refresh_lines(lo - top, hi - lo + 1)

    # --- moving ----------------------------------------------------------------------------------
    def set_current(self, mark: Mark | None, *, scroll: bool = True) -> None:
        old, self.current = self.current, mark
        self._refresh_mark(old)
        self._refresh_mark(mark)
        if mark is not None and scroll:
            self.scroll_to_offset(mark.start)

    def scroll_to_offset(self, offset: int) -> None:
        """Bring the line holding `offset` into view, a third of the way down if it had to move."""
        line = self.line_of(offset)
        top, height = int(self.scroll_y), max(1, self.scrollable_content_region.height)
        if top <= line < top + height:
            return
        self.scroll_to(y=max(0, line - height // 3), animate=False, immediate=True)

    def _step(self, marks: list[Mark], forward: bool) -> Mark | None:
        if not marks:
            return None
        starts = [m.start for m in marks]
        cur = self.current
        if cur is not None and cur in marks:
            i = marks.index(cur) + (1 if forward else -1)
        else:  # from the cursor on another kind (`]` after `)`: the next entity after that sentence) if it is
            # on screen, else from the top of the view
            top_line = min(int(self.scroll_y), max(0, len(self._lines) - 1))
            height = max(1, self.scrollable_content_region.height)
            origin = self._lines[top_line][0] if self._lines else 0
            if cur is not None and top_line <= self.line_of(cur.start) < top_line + height:
                origin = cur.start
            i = bisect_left(starts, origin) if forward else bisect_left(starts, origin) - 1
        return marks[i % len(marks)]

    def next_match(self, forward: bool = True) -> None:
        self._move(self.matches, forward)

    def next_entity(self, forward: bool = True) -> None:
        self._move(self.visible_entities(), forward)

    def next_evidence(self, forward: bool = True) -> None:
        self._move(self.evidence, forward)

    def _move(self, marks: list[Mark], forward: bool) -> None:
        mark = self._step(marks, forward)
        if mark is None:
            self.post_message(self.Moved(None, 0, 0))
            return
        self.set_current(mark)
        self.post_message(self.Moved(mark, marks.index(mark) + 1, len(marks)))
