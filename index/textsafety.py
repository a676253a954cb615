"""The one definition of a terminal escape sequence: article text must never drive the terminal it is shown on."""
from __future__ import annotations

import re
from bisect import bisect_left
from typing import Sequence

ESCAPE_SEQUENCE = re.compile(
    r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"      # OSC ... BEL/ST (title, clipboard, hyperlinks)
    r"|\x1b[P^_X][^\x1b]*(?:\x1b\\)?"         # DCS / PM / APC / SOS strings
    r"|\x1b\[[0-?]*[ -/]*[@-~]"               # CSI (colours, cursor moves)
    r"|\x1b[ -/]*[0-~]?"                      # other ESC sequences, or a lone ESC
    r"|\x9b[0-?]*[ -/]*[@-~]|\x9d[^\x07\x9c]*[\x07\x9c]?"  # 8-bit CSI / OSC
)
# Whole escape sequences first, then any control character left (newlines and tabs stay).
UNSAFE = re.compile(ESCAPE_SEQUENCE.pattern + r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe(text: str | None) -> str:
    """Text with terminal escape sequences and control characters removed (newlines and tabs kept)."""
    return UNSAFE.sub("", text or "")


def safe_with_offsets(text: str | None) -> tuple[str, Sequence[int]]:
    """`safe(text)` and, for each position of the clean text plus its end, the position in `text` it came from.

    `offsets[i]` is where clean character i was in `text`, and `offsets[len(clean)] == len(text)`, so a span
    (s, e) of the clean text is text[offsets[s]:offsets[e]]. The other way, `to_clean(offsets, i)` moves an offset
    computed on `text` (an entity, a match, an evidence sentence) to the clean text; one that falls inside a
    removed sequence lands where the sequence was. Text with nothing to remove gives a `range` (no list built).
    """
    text = text or ""
    if UNSAFE.search(text) is None:
        return text, range(len(text) + 1)
    pieces: list[str] = []
    offsets: list[int] = []
    kept_from = 0
    for m in UNSAFE.finditer(text):
        if m.start() > kept_from:
            pieces.append(text[kept_from:m.start()])
            offsets.extend(range(kept_from, m.start()))
        kept_from = m.end()
    pieces.append(text[kept_from:])
    offsets.extend(range(kept_from, len(text) + 1))
    return "".join(pieces), offsets


def to_clean(offsets: Sequence[int], original: int) -> int:
    """The clean-text offset for an offset into the original text (see `safe_with_offsets`)."""
    return bisect_left(offsets, original)


def clean_span(offsets: Sequence[int], start: int, end: int) -> tuple[int, int]:
    """A span of the original text as a span of the clean text (empty when all of it was removed)."""
    return to_clean(offsets, start), to_clean(offsets, end)
