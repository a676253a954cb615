"""A CSV without a header row: which column is the article's text and which its title, told from the values.

Datasets are often shipped as bare rows (AG News: class, title, description). The longest text column is the
body, the nearest shorter text column before it the title; columns of numbers or short codes (a class label, an
id) are ignored. The reader says once per file how it read the columns, so a wrong guess is visible.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median

SAMPLE_ROWS = 200  # rows looked at to tell the columns apart
MIN_BODY_CHARS = 20  # a text column's typical value is at least this long; shorter ones are codes or labels
_NUMBER = re.compile(r"^\s*[-+]?\d+(?:[.,]\d+)?\s*$")


@dataclass(frozen=True)
class Columns:
    body: int
    title: int | None
    header: bool  # the first row names the columns (in words we do not know) rather than holding an article

    def describe(self, width: int) -> str:
        used = {self.body, self.title}
        ignored = [str(i + 1) for i in range(width) if i not in used]
        parts = [f"column {self.body + 1} as the text"]
        if self.title is not None:
            parts.append(f"column {self.title + 1} as the title")
        if ignored:
            parts.append(f"column{'s' if len(ignored) > 1 else ''} {', '.join(ignored)} ignored")
        first = "its first row taken for a header" if self.header else "no header row"
        return f"{first}: read {', '.join(parts)}"


def _typical_length(values: list[str]) -> float:
    return median(len(v) for v in values) if values else 0.0


def infer_columns(rows: list[list[str]]) -> Columns | None:
    """The body and title columns of bare rows (the first row included), or None when no column holds text."""
    sample = rows[1:SAMPLE_ROWS + 1] or rows[:1]
    width = max((len(r) for r in sample), default=0)
    lengths: dict[int, float] = {}
    for col in range(width):
        values = [r[col].strip() for r in sample if col < len(r) and r[col].strip()]
        if not values or sum(bool(_NUMBER.match(v)) for v in values) > len(values) / 2:
            continue  # numbers: a class label, an id, a count
        lengths[col] = _typical_length(values)
    text_cols = [c for c, n in lengths.items() if n >= MIN_BODY_CHARS]
    if not text_cols:
        return None
    body = max(text_cols, key=lambda c: lengths[c])
    title = next((c for c in range(body - 1, -1, -1) if c in lengths and lengths[c] < lengths[body]), None)
    first = rows[0] if rows else []
    # a first row whose text cell is a short word among long texts names the column ("description"), not an article
    header = body < len(first) and len(first[body].strip()) < max(MIN_BODY_CHARS, lengths[body] / 4) \
        and not _NUMBER.match(first[body])
    return Columns(body, title, header)


# AG News and other scraped dumps lost the "&" of character references ("doesn #39;t", "Merck  amp; Co.") and
# wrote line breaks as a bare backslash ("John Kerry\has"); a dollar sign came out as "\$" or " #36;".
_BROKEN_NUMERIC_REF = re.compile(r" ?(?<![\w&])#(\d{2,5});")
_BROKEN_NAMED_REF = re.compile(r" ?(?<![\w&])(quot|amp|lt|gt|apos|nbsp);")
_NAMED = {"quot": '"', "amp": "&", "lt": "<", "gt": ">", "apos": "'", "nbsp": " "}
_BACKSLASH = re.compile(r"\\(?:([$&%#])|\s*)")


def _char(code: int) -> str:
    if 128 <= code <= 159:  # references to 128-159 mean Windows-1252 characters (#151; is an em dash)
        return bytes([code]).decode("cp1252", "replace")
    return chr(code) if 32 <= code < 0x110000 and not 0xD800 <= code <= 0xDFFF else ""


def repair_dump_text(text: str) -> str:
    """Undo a dump's lost ampersands and backslash line breaks; text without them is returned unchanged."""
    if "#" in text or ";" in text:
        text = _BROKEN_NUMERIC_REF.sub(lambda m: _char(int(m[1])) or m[0], text)
        text = _BROKEN_NAMED_REF.sub(lambda m: _NAMED[m[1]], text)
    if "\\" in text:
        text = _BACKSLASH.sub(lambda m: m[1] or " ", text)
    return text
