"""Untrusted text → `Content` with spans. Nothing here ever goes through markup.

Article text, titles and snippets come from the web. They are cleaned with `safe()` (escape and control
sequences removed) and any offsets computed on the raw text (snippet matches, entities, evidence) are moved to
the cleaned text, so `[bold]` shows as those seven characters and highlights still land on the right words.
"""
from __future__ import annotations

from bisect import bisect_right
from typing import Callable, Iterable

from textual.content import Content, Span

from ..output import UNSAFE, safe

__all__ = ["clean", "clean_with_map", "styled", "plain", "remap_spans"]


def clean(text: str | None) -> str:
    """Text safe to put on screen (tabs become spaces: the line view counts one cell per character)."""
    return safe(text).replace("\t", "    ") if text else ""


def clean_with_map(text: str | None) -> tuple[str, Callable[[int], int]]:
    """`safe(text)` and a function mapping an offset in `text` to the same place in the cleaned text."""
    text = text or ""
    if UNSAFE.search(text) is None:
        return text, _identity
    starts: list[int] = []  # start of each removed run, in the raw text
    removed_before: list[int] = []  # characters removed up to and including that run
    ends: list[int] = []
    total = 0
    for m in UNSAFE.finditer(text):
        if m.end() == m.start():
            continue
        total += m.end() - m.start()
        starts.append(m.start())
        ends.append(m.end())
        removed_before.append(total)
    cleaned = UNSAFE.sub("", text)

    def move(offset: int) -> int:
        i = bisect_right(starts, offset) - 1
        if i < 0:
            return offset
        if offset < ends[i]:  # inside a removed run: snap to where the run was
            return starts[i] - (removed_before[i] - (ends[i] - starts[i]))
        return offset - removed_before[i]

    return cleaned, move


def _identity(offset: int) -> int:
    return offset


def remap_spans(spans: Iterable[tuple[int, int]], move: Callable[[int], int]) -> list[tuple[int, int]]:
    out = []
    for start, end in spans:
        s, e = move(start), move(end)
        if e > s:
            out.append((s, e))
    return out


def plain(text: str | None, style: str = "") -> Content:
    """Exactly these characters on screen, optionally in one style."""
    cleaned = clean(" ".join((text or "").split("\n")))
    if style and cleaned:
        return Content(cleaned, [Span(0, len(cleaned), style)])
    return Content(cleaned)


def styled(text: str | None, spans: Iterable[tuple[int, int]], style: str, *, one_line: bool = True) -> Content:
    """Text with `spans` (offsets into the raw `text`) highlighted in `style`."""
    cleaned, move = clean_with_map(text)
    if one_line:  # same length replacements keep offsets valid
        cleaned = cleaned.replace("\n", " ").replace("\t", " ")
    return Content(cleaned, [Span(s, e, style) for s, e in remap_spans(spans, move)])
