"""The one definition of unsafe text: article text (and file names) must never drive the terminal it is shown on.

Unsafe: terminal escape sequences, C0/C1 control characters (newlines and tabs aside), bidirectional overrides and
isolates (they reorder what is shown: "txt.exe" can read as "exe.txt"), invisible zero-width characters (they
split a name so "Zel\u200bensky" no longer matches "Zelensky") and lone surrogates (text no UTF-8 file, database or
terminal can hold). `ingest/clean.py` removes them before an article is stored, `report.py` and the TUI before
anything is shown: all through this module.
"""
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
# Invisible format characters: bidi embeddings/overrides/isolates and marks, zero-width spaces and joiners, BOM.
INVISIBLE = "\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
SURROGATE = "\ud800-\udfff"  # only ever lone in a str: a pair read from UTF-8 or JSON is one character
# Whole escape sequences first, then any control or invisible character left (newlines and tabs stay).
UNSAFE = re.compile(ESCAPE_SEQUENCE.pattern + rf"|[\x00-\x08\x0b-\x1f\x7f-\x9f{INVISIBLE}{SURROGATE}]")
_LINE_BREAKS = re.compile(r"[\n\r\t\x0b\x0c\x85\u2028\u2029]")


def safe(text: str | None) -> str:
    """Text with terminal escape sequences and control characters removed (newlines and tabs kept)."""
    return UNSAFE.sub("", text or "")


def one_line(text: str | None) -> str:
    """`safe(text)` for a one-line message (stderr, a toast): line breaks shown as `\\n`, so a file name holding
    a newline cannot forge a line of its own; a lone surrogate (an undecodable byte of a file name) as `\\udcff`."""
    text = _LINE_BREAKS.sub(lambda m: m[0].encode("unicode_escape").decode("ascii"), text or "")
    text = re.sub(f"[{SURROGATE}]", lambda m: m[0].encode("unicode_escape").decode("ascii"), text)
    return safe(text)


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
