"""Untrusted text → `Content` with spans. Nothing here ever goes through markup.

Article text, titles and snippets come from the web. They are cleaned with `safe()` (escape and control
sequences removed) and any offsets computed on the raw text (snippet matches, entities, evidence) are moved to
the cleaned text, so `[bold]` shows as those seven characters and highlights still land on the right words.
"""
from __future__ import annotations

from functools import partial
from typing import Callable, Iterable

from textual.content import Content, Span

from ...index.textsafety import one_line, safe, safe_with_offsets, to_clean

__all__ = ["clean", "clean_with_map", "styled", "plain", "remap_spans", "toast"]


def toast(widget, message: str, **kwargs) -> None:
    """A notification holding untrusted text (an issue title, a file name, an error): one line, never markup,
    so "[/]" cannot crash it and "[@click=app.quit]" is not a live link."""
    widget.notify(one_line(message).replace("\t", " "), markup=False, **kwargs)


def clean(text: str | None) -> str:
    """Text safe to put on screen (tabs become spaces: the line view counts one cell per character)."""
    return safe(text).replace("\t", "    ") if text else ""


def clean_with_map(text: str | None) -> tuple[str, Callable[[int], int]]:
    """`safe(text)` and a function mapping an offset in `text` to the same place in the cleaned text."""
    cleaned, offsets = safe_with_offsets(text)
    if len(offsets) == len(text or "") + 1:  # nothing removed: offsets stay (readers map ~2,000 offsets each)
        return cleaned, _same
    return cleaned, partial(to_clean, offsets)


def _same(offset: int) -> int:
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
