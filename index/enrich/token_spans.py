"""Which tokens of a parse cover a character span, found by bisection instead of a walk over the whole parse.

The status rules ask this for every mention and every cue of every candidate sentence (`status._tokens_in`); a
walk over all tokens per question was ~5 % of a never-seen catalog's apply. Tokens are in text order and never
overlap, so their starts and ends both ascend, and the tokens with `idx < end` and `idx + len(text) > start` are
one run of indices: [number of ends <= start, number of starts < end). The two lists are worked out once per
parse and kept in the Doc's `user_data`.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right

_KEY = "newsexplorer.token_spans"


def _bounds(doc) -> tuple[list[int], list[int]]:
    bounds = doc.user_data.get(_KEY)
    if bounds is None or len(bounds[0]) != len(doc):
        starts = [t.idx for t in doc]
        ends = [t.idx + len(t.text) for t in doc]
        bounds = doc.user_data[_KEY] = (starts, ends)
    return bounds


def tokens_in(doc, start: int, end: int) -> list:
    """The tokens of `doc` that overlap the characters [start, end), in order: the same list as
    `[t for t in doc if t.idx < end and t.idx + len(t.text) > start]`."""
    starts, ends = _bounds(doc)
    return [doc[i] for i in range(bisect_right(ends, start), bisect_left(starts, end))]
