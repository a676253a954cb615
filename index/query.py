"""Query strings → Whoosh queries: the query language, date ranges, safety bounds, and "did you mean"."""
from __future__ import annotations

import re

from whoosh import query as wq
from whoosh.qparser import FieldAliasPlugin, FuzzyTermPlugin, GtLtPlugin, QueryParser
from whoosh.qparser.dateparse import DateParserPlugin

from .errors import QueryError

SEARCH_FIELDS = ["content", "title"]
MAX_QUERY_CHARS = 2000
MAX_FUZZY_DISTANCE = 2
MIN_WILDCARD_PREFIX = 2  # "a*" would expand to thousands of terms
MAX_EXPANDING_TERMS = 4  # wildcard and fuzzy terms per query: each ~2 costs 100-300 ms on a 2,000-article index
MAX_NOT_IN_OR = 4  # "a OR NOT b": each such NOT walks every document (0.3 s per 10 on 10k articles)
_ISO = re.compile(r"\b((?:19|20)\d\d)-(\d\d)(?:-(\d\d))?\b")


def make_parser(schema):
    parser = QueryParser("content", schema)
    parser.add_plugin(FieldAliasPlugin({"content": ["body", "text"]}))
    parser.add_plugin(FuzzyTermPlugin())
    parser.add_plugin(GtLtPlugin())
    parser.add_plugin(DateParserPlugin(free=False))
    return parser


def _compact_dates(qstring: str) -> str:
    """`date:[2026-01-01 to 2026-02-01]` misparses its upper bound in Whoosh; `20260101` does not."""
    if "date:" not in qstring:
        return qstring
    return _ISO.sub(lambda m: m[1] + m[2] + (m[3] or ""), qstring)


def _bound(q: wq.Query) -> wq.Query:
    """Cap what a query can expand to, so no string typed in the search box can hang the app."""
    if isinstance(q, wq.FuzzyTerm):
        q.maxdist = min(q.maxdist, MAX_FUZZY_DISTANCE)
        q.prefixlength = max(q.prefixlength, 1)
    elif isinstance(q, (wq.Wildcard, wq.Prefix)):
        literal = re.split(r"[*?]", q.text, maxsplit=1)[0]
        if len(literal) < MIN_WILDCARD_PREFIX:
            raise QueryError(f"wildcard '{q.text}' is too broad: start it with at least {MIN_WILDCARD_PREFIX} letters")
    elif isinstance(q, wq.Every):
        raise QueryError("'*' alone matches everything: leave the query empty to list every article")
    for child in q.children():
        _bound(child)
    return q


def _bound_expansions(q: wq.Query) -> None:
    """Ranges over words (what `date:>x` becomes when x is not a date) match every term after x: 20,000 on a
    small index, seconds per query; and each wildcard or fuzzy term costs a scan of the term list."""
    leaves = list(_walk(q))
    if any(isinstance(n, wq.TermRange) for n in leaves):
        raise QueryError("ranges work on dates only (e.g. date:[2026-01-01 to 2026-02-01] or date:>20260101)")
    in_or = sum(type(c) is wq.Not for n in leaves if isinstance(n, wq.Or) for c in n.children())
    if in_or > MAX_NOT_IN_OR:
        raise QueryError(f"too many OR NOT terms ({in_or}; at most {MAX_NOT_IN_OR}): exclude words with "
                         f"AND NOT, e.g. war NOT a NOT b")
    expanding = sum(isinstance(n, (wq.FuzzyTerm, wq.Wildcard, wq.Prefix)) for n in leaves)
    if expanding > MAX_EXPANDING_TERMS:
        raise QueryError(f"too many wildcard or fuzzy terms ({expanding}; at most {MAX_EXPANDING_TERMS} in one query)")


_BAD_DATE = "cannot read the date in {qstring!r} (use e.g. date:2026-01-07 or date:[2026-01-01 to 2026-02-01])"


def parse(parser, qstring: str) -> wq.Query:
    """Parse a user's query string; QueryError (one line) when it cannot mean anything."""
    if len(qstring) > MAX_QUERY_CHARS:
        raise QueryError(f"query too long ({len(qstring)} characters; limit {MAX_QUERY_CHARS})")
    try:
        q = parser.parse(_compact_dates(qstring))
    except Exception as err:  # the parser raises assorted errors on odd input
        if "date:" in qstring and isinstance(err, ValueError):  # `date:>garbage`: int() of the words, in its words
            raise QueryError(_BAD_DATE.format(qstring=qstring)) from None
        raise QueryError(f"cannot parse query {qstring!r}: {err}") from None
    if "date:" in qstring and any(isinstance(n, type(wq.NullQuery)) for n in _walk(q)):  # what Whoosh makes of a bad date
        raise QueryError(_BAD_DATE.format(qstring=qstring))
    if q is wq.NullQuery or q is None:
        raise QueryError(f"query {qstring!r} has no words to search for")
    _bound_expansions(q)
    return _bound(q)


def _walk(q):
    yield q
    for child in q.children():
        yield from _walk(child)


def matched_terms(q: wq.Query, reader) -> set[str]:
    """The index terms a query can match in title/body (wildcards and fuzzy terms expanded)."""
    out = set()
    for leaf in q.leaves():
        if getattr(leaf, "fieldname", None) not in SEARCH_FIELDS:
            continue
        try:
            pairs = leaf.expanded_terms(reader)
        except Exception:  # a leaf that cannot expand against this reader just isn't highlighted
            pairs = []
        if not pairs and isinstance(leaf, wq.Phrase):
            pairs = [(leaf.fieldname, w) for w in leaf.words]
        for _, text in list(pairs)[:200]:
            out.add(text.decode("utf-8") if isinstance(text, bytes) else text)
    return out


_WORD = re.compile(r"(?<![:\w])([A-Za-z][A-Za-z'-]{2,})(?![:\w*~])")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "TO"}


def suggest(qstring: str, known, vocab_words: list[str]) -> str | None:
    """A corrected query string: each word the index does not know replaced by the nearest known word."""
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    changed = False

    def fix(m: re.Match) -> str:
        nonlocal changed
        word = m.group(1)
        if word in _OPERATORS or known(word):
            return word
        best = process.extractOne(word.lower(), vocab_words, scorer=Levenshtein.distance,
                                  score_cutoff=1 if len(word) < 6 else 2)
        if best is None:
            return word
        changed = True
        return best[0]

    fixed = _WORD.sub(fix, qstring)
    return fixed if changed else None
