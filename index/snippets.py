"""Highlighted snippets without re-analysing whole articles.

Whoosh's highlighter tokenises and stems every hit's full text. Here a regex finds only words that start like
a matched stem, and only those few candidates are stemmed and checked: a few hundred microseconds a hit.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from whoosh.lang.porter import stem

WINDOW = 200  # characters of context in a snippet


@dataclass
class Snippet:
    text: str
    spans: list[tuple[int, int]] = field(default_factory=list)  # matched words, offsets into text


_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    base = unicodedata.normalize("NFKD", ch)[:1]
    return base if len(base) == 1 else ch


def fold(text: str) -> str:
    """Lowercase and strip accents, keeping every character at its offset (only non-ASCII characters are looked at)."""
    lower = text.lower()
    if len(lower) != len(text) or lower.isascii():
        return lower
    return _NON_ASCII.sub(lambda m: _fold_char(m.group()), lower)


@lru_cache(maxsize=65536)
def normalise_word(word: str) -> str:
    return stem(word)


class TermMatcher:
    """Finds the words of a text whose stem is one of a query's matched terms."""

    def __init__(self, terms: set[str]):
        self.terms = {t for t in terms if t}
        prefixes = sorted({t[: max(1, len(t) - 2)] if len(t) > 3 else t[: max(1, len(t) - 1)] for t in self.terms},
                          key=len, reverse=True)
        self.pattern = re.compile(r"\b(?:" + "|".join(map(re.escape, prefixes)) + r")\w*") if prefixes else None

    def find(self, text: str) -> list[tuple[int, int, str]]:
        if self.pattern is None:
            return []
        folded = fold(text)
        if len(folded) != len(text):  # a few characters change length when lowercased; give up highlighting
            return []
        out = []
        for m in self.pattern.finditer(folded):
            word = m.group()
            if word in self.terms or normalise_word(word) in self.terms:
                out.append((m.start(), m.end(), word))
        return out


def _best_window(matches: list[tuple[int, int, str]]) -> int:
    """Index of the match that starts the window holding the most distinct matched words."""
    best, best_score, j = 0, (-1, -1), 0
    for i, (start, _, _) in enumerate(matches):
        while j < len(matches) and matches[j][1] <= start + WINDOW:
            j += 1
        window = matches[i:j]
        score = (len({w for _, _, w in window}), len(window))
        if score > best_score:
            best, best_score = i, score
    return best


def make_snippet(text: str, matcher: TermMatcher | None) -> Snippet:
    matches = matcher.find(text) if matcher else []
    if not matches:
        lead = text[: WINDOW + 40]
        cut = lead.rfind(" ", 0, WINDOW) if len(text) > WINDOW + 40 else len(lead)
        return Snippet(_flat(text[: cut if cut > 0 else WINDOW]) + ("…" if len(text) > len(lead) else ""))
    first = matches[_best_window(matches)][0]
    start = max(0, first - WINDOW // 4)
    if start:
        space = text.rfind(" ", 0, start)
        start = space + 1 if space >= 0 and first - space < WINDOW // 2 else start
    end = min(len(text), start + WINDOW)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > first else end
    prefix = "…" if start else ""
    body = _flat(text[start:end])
    spans = [(s - start + len(prefix), e - start + len(prefix)) for s, e, _ in matches if s >= start and e <= end]
    return Snippet(prefix + body + ("…" if end < len(text) else ""), spans)


def _flat(text: str) -> str:
    """One line, same length: newlines become spaces so span offsets stay valid."""
    return text.replace("\n", " ")
