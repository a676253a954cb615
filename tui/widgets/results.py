"""The result list: two lines a hit (date · outlet · title, then the snippet with matched words highlighted).

Rows are built as `Content` with spans in the search worker, off the UI thread; the OptionList only renders the
rows on screen, so filling it costs little and moving the cursor costs the same at row 5 and row 300.
"""
from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content, Span
from textual.binding import Binding
from textual.message import Message
from textual.widgets.option_list import Option

from .list_pane import ListPane

from .text import clean, clean_with_map, remap_spans

MATCH_STYLE = "bold reverse"  # used when no widget style is given (tests); the app passes results--match
LEAD = 24  # characters of context kept before the first matched word


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def cut_middle(text: str, width: int) -> str:
    """`text` in `width` cells, cut in the middle when too long: titles of a series differ at their end
    ("… Assessment, February 3" / "… February 4"), so the end is kept."""
    if width <= 0 or cell_len(text) <= width:
        return text
    if width < 24:
        return _cut(text, width)
    tail = min(len(text) // 2, width // 3)
    head = _cut(text[: len(text) - tail], width - cell_len(text[-tail:]))
    return head + text[-tail:]


def _cut(text: str, width: int) -> str:
    """`text` cut to `width` cells with an ellipsis (done here, once, so the list never has to measure)."""
    if len(text) <= width and (text.isascii() or cell_len(text) <= width):
        return text
    if text.isascii():
        return text[: width - 1] + "…"
    out, used = [], 0
    for ch in text:
        w = cell_len(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…"


NEW_GLYPH = "✦"  # an article that arrived since the previous visit (a glyph: never colour alone)


def hit_row(hit, width: int = 0, match_style=MATCH_STYLE, new: bool = False) -> Content:
    """Two lines for one result (no markup: titles and snippets are untrusted), pre-cut to `width` cells:
    the title alone on the first line (it is what tells results apart), then date · outlet · snippet.
    `new`: the title starts with ✦ (arrived since the previous visit)."""
    title = clean(hit.title or "(untitled)").replace("\n", " ")
    mark = f"{NEW_GLYPH} " if new else ""
    line1 = mark + (cut_middle(title, width - len(mark)) if width else title)
    date = hit.date or "undated"
    outlet = _fit(clean(hit.source or "unknown").replace("\n", " "), 16)
    meta = f"  {date} · {outlet} · "
    snippet, move = clean_with_map(hit.snippet or "")
    snippet = snippet.replace("\n", " ")
    spans = remap_spans(hit.snippet_spans or [], move)
    cut = 0
    if spans and spans[0][0] > LEAD:  # keep the first match on screen at 80 columns
        cut = snippet.rfind(" ", 0, spans[0][0] - LEAD) + 1 or spans[0][0] - LEAD
    body = meta + ("…" if cut else "") + snippet[cut:].lstrip()
    shift = len(body) - len(snippet[cut:]) - cut
    if width:
        body = _cut(body, width)
    text = line1 + "\n" + body
    base = len(line1) + 1
    out = [Span(0, len(line1), "bold"), Span(base, len(text), "dim"),
           Span(base + 2 + len(date) + 3, base + 2 + len(date) + 3 + len(outlet), "italic")]
    offset_in_body = base + shift
    for s, e in spans:
        s2, e2 = offset_in_body + s, min(offset_in_body + e, len(text))
        if s >= cut and e2 > s2:
            out.append(Span(s2, e2, match_style))
    return Content(text, out, strip_control_codes=False)


class ResultList(ListPane):
    """Search results; Enter (or a click) opens the highlighted article; `t` tags it, `a` edits its note."""

    PANE, NOUN = "results", "result"
    BINDINGS = [
        Binding("t", "tag", "Tag", id="results.tag"),
        Binding("a", "note", "Note", show=False, id="results.note"),
    ]

    class Tag(Message):
        """t: tag (or untag) the highlighted article."""

        def __init__(self, article_id: str) -> None:
            super().__init__()
            self.article_id = article_id

    class Note(Message):
        """a: edit the highlighted article's note. Not a subclass of Tag: a handler for Tag matches its subclasses,
        so `a` opened the tag prompt too, on top of the note editor (a note typed there became a tag)."""

        def __init__(self, article_id: str) -> None:
            super().__init__()
            self.article_id = article_id

    def action_tag(self) -> None:
        if self.highlighted_id():
            self.post_message(self.Tag(self.highlighted_id()))

    def action_note(self) -> None:
        if self.highlighted_id():
            self.post_message(self.Note(self.highlighted_id()))
    COMPONENT_CLASSES = {"results--match"}

    def match_style(self):
        """The matched words' style from app.tcss, resolved here (rows are built in a worker thread)."""
        from textual.style import Style

        return Style.from_rich_style(self.get_component_rich_style("results--match", partial=True))

    class NearEnd(Message):
        """The cursor is close to the last row: time to load the next page, if there is one."""

    def show_rows(self, rows: list[tuple[str, Content]], keep: str | None = None) -> None:
        """Replace the rows; keep the cursor on `keep` (an article id) if it is still there."""
        self.set_options(Option(prompt, id=article_id) for article_id, prompt in rows)
        index = 0
        if keep is not None:
            try:
                index = self.get_option_index(keep)
            except Exception:
                index = 0
        if rows:
            self.highlighted = index

    def add_rows(self, rows: list[tuple[str, Content]]) -> None:
        self.add_options(Option(prompt, id=article_id) for article_id, prompt in rows)

    def highlighted_id(self) -> str | None:
        option = self.highlighted_option
        return option.id if option else None

    def ids(self) -> list[str]:
        return [self.get_option_at_index(i).id for i in range(self.option_count)]

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        if highlighted is not None and self.option_count and highlighted >= self.option_count - 10:
            self.post_message(self.NearEnd())
