"""Issues written the way users search: `query = '"security guarantees" OR backstop'` in a catalog.

The query is parsed by the engine's own parser (same words, stemming, phrases, AND/OR/NOT, wildcards, fuzzy terms
as the search box) and evaluated **per sentence**: a sentence mentions the issue when its words satisfy the query,
and the matched words are the mention (so status cues are weighed by their distance from them, as for `terms`).
Per sentence rather than per article because evidence is sentences: `ceasefire AND energy` should quote a sentence
about an energy ceasefire, not one about a ceasefire from an article that mentions energy elsewhere. Fields that
describe the article rather than its words (`source:`, `date:`, `person:` …) belong in the catalog's `scope`.

A `QueryPattern` quacks like a compiled regex (`search`, `finditer`), so detection treats it like any pattern.
"""
from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass
from functools import lru_cache

from whoosh import query as wq

from newsexplorer.index.errors import QueryError

TEXT_FIELDS = ("content", "title")


@lru_cache(maxsize=1)
def _parser():
    from newsexplorer.index import query as qlang
    from newsexplorer.index.store.search_index import make_schema

    return qlang.make_parser(make_schema())


@lru_cache(maxsize=1)
def _analyzer():
    from newsexplorer.index.store.search_index import text_analyzer

    return text_analyzer()


def parse_query(qstring: str) -> wq.Query:
    """The engine's parse of a query string; QueryError (one line) when it cannot mean anything."""
    from newsexplorer.index import query as qlang

    return qlang.parse(_parser(), qstring)


def check_scope(qstring: str) -> wq.Query:
    """A scope is any search the engine accepts (outlet, folder words, date ranges …)."""
    return parse_query(qstring)


@dataclass(frozen=True)
class _Token:
    text: str
    pos: int
    start: int
    end: int


@lru_cache(maxsize=8192)
def tokens(text: str) -> tuple[_Token, ...]:
    """The sentence's words as the index sees them (stemmed, accents folded), with character offsets."""
    return tuple(_Token(t.text, t.pos, t.startchar, t.endchar)
                 for t in _analyzer()(text, positions=True, chars=True, mode="index"))


class _Span:
    """Enough of re.Match for detection: start(), end(), group()."""

    __slots__ = ("_s", "_e", "_t")

    def __init__(self, start: int, end: int, text: str):
        self._s, self._e, self._t = start, end, text

    def start(self) -> int:
        return self._s

    def end(self) -> int:
        return self._e

    def group(self, *_):
        return self._t


def _leaf_words(q: wq.Query) -> list[str]:
    """The literal beginnings of the query's positive words, for a cheap regex pre-check on raw text."""
    out = []
    for leaf in q.leaves():
        if isinstance(leaf, wq.Phrase):
            out += list(leaf.words)
        elif isinstance(leaf, wq.Wildcard):
            out.append(re.split(r"[*?]", leaf.text, maxsplit=1)[0])
        elif hasattr(leaf, "text") and isinstance(leaf.text, str):
            out.append(leaf.text[: getattr(leaf, "prefixlength", len(leaf.text)) or len(leaf.text)]
                       if isinstance(leaf, wq.FuzzyTerm) else leaf.text)
    # a stem is the word's beginning but for its last letter at most ("energy" → "energi", "takeover" → "takeov")
    return [w[:-1] if len(w) > 4 else w for w in out if w]


def _check_fields(q: wq.Query, qstring: str) -> None:
    for leaf in q.leaves():
        name = getattr(leaf, "fieldname", None)
        if name is not None and name not in TEXT_FIELDS:
            raise QueryError(f"{qstring!r}: '{name}:' describes the article, not its words; put it in the "
                             f"catalog's scope instead")


class QueryPattern:
    """A parsed query evaluated against one sentence at a time."""

    def __init__(self, qstring: str):
        self.pattern = qstring  # like re.Pattern.pattern: what the user wrote
        self.query = parse_query(qstring)
        _check_fields(self.query, qstring)
        words = sorted(set(_leaf_words(self.query)), key=len, reverse=True)
        # accents and case vary in raw text; the pre-check only has to be generous, never strict
        self._precheck = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE) if words else None

    def __repr__(self) -> str:
        return f"QueryPattern({self.pattern!r})"

    def may_match(self, text: str) -> bool:
        """False only when `text` cannot match: none of the query's words begins anywhere in it (a regex, no
        stemming; text with accents always may, as the analyser folds them)."""
        return self._precheck is None or not text.isascii() or bool(self._precheck.search(text))

    def search(self, text: str):
        """Truthy when `text` may mention the issue: the cheap test only. Detection asks this of a whole article
        before splitting it, then evaluates the query per sentence (which is what counts); evaluating it on the
        whole article as well ran the stemming analyser over every such article twice."""
        return self.may_match(text) or None

    def finditer(self, sentence: str):
        if not self.may_match(sentence):
            return []
        toks = tokens(sentence)
        spans = _eval(self.query, toks)
        if not spans:
            return []
        return [_Span(t.start, t.end, sentence[t.start:t.end]) for t in sorted(spans, key=lambda t: t.start)]


def _eval(q: wq.Query, toks: tuple[_Token, ...]) -> set[_Token] | None:
    """The tokens that make `q` true in this sentence (an empty set: true without words), or None if false."""
    if isinstance(q, wq.And):
        found: set[_Token] = set()
        for child in q.children():
            got = _eval(child, toks)
            if got is None:
                return None
            found |= got
        return found
    if isinstance(q, (wq.Or, wq.DisjunctionMax)):
        found, any_true = set(), False
        for child in q.children():
            got = _eval(child, toks)
            if got is not None:
                any_true = True
                found |= got
        return found if any_true else None
    if isinstance(q, wq.Not):
        return set() if _eval(q.query, toks) is None else None
    if isinstance(q, wq.AndNot):
        pos = _eval(q.a, toks)
        return pos if pos is not None and _eval(q.b, toks) is None else None
    if isinstance(q, wq.AndMaybe):
        pos = _eval(q.a, toks)
        return None if pos is None else pos | (_eval(q.b, toks) or set())
    if isinstance(q, wq.Require):
        pos, req = _eval(q.a, toks), _eval(q.b, toks)
        return None if pos is None or req is None else pos | req
    if isinstance(q, wq.Phrase):
        return _phrase(q, toks)
    if isinstance(q, wq.FuzzyTerm):
        from rapidfuzz.distance import Levenshtein

        keep = q.text[: q.prefixlength]
        hit = {t for t in toks if t.text.startswith(keep) and Levenshtein.distance(t.text, q.text) <= q.maxdist}
        return hit or None
    if isinstance(q, wq.Prefix):
        return {t for t in toks if t.text.startswith(q.text)} or None
    if isinstance(q, wq.Wildcard):
        return {t for t in toks if fnmatch.fnmatchcase(t.text, q.text)} or None
    if isinstance(q, wq.Term):
        return {t for t in toks if t.text == q.text} or None
    if isinstance(q, wq.NullQuery.__class__):
        return None
    raise QueryError(f"a {type(q).__name__} cannot be matched against a sentence")


def _phrase(q: wq.Phrase, toks: tuple[_Token, ...]) -> set[_Token] | None:
    words = list(q.words)
    by_pos = {t.pos: t for t in toks}
    for t in toks:
        if t.text != words[0]:
            continue
        chain, pos = [t], t.pos
        for word in words[1:]:
            nxt = next((by_pos[p] for p in range(pos + 1, pos + 1 + max(1, q.slop)) if p in by_pos
                        and by_pos[p].text == word), None)
            if nxt is None:
                break
            chain.append(nxt)
            pos = nxt.pos
        if len(chain) == len(words):
            return set(chain)
    return None
