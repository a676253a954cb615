"""Whoosh queries run a posting list at a time: the same documents and BM25F scores, without Whoosh's per-match cost.

Whoosh scores one document at a time through a tree of Python matcher objects, a few microseconds per match and
query node; a query of common words spends most of its time there. Here each term's posting blocks are read once
(Whoosh's own reader, same files), scored with numpy using Whoosh's formula and statistics (`BM25F`: the idf and
average field length from the searcher, field lengths from the length column), and combined with array set
operations following Whoosh's matchers: And/Or/AndNot/AndMaybe/Require add their children's scores exactly as
the binary matchers do, `NOT x` inside And adds 1.0 (Whoosh's InverseMatcher), boosts multiply. Phrase positions
are decoded only for documents that already contain every word. Wildcards, prefixes and fuzzy terms expand per
segment as Whoosh does. Any other node (ranges, span queries, …) is run by Whoosh's own matcher and its scores
taken as they are. A weighting other than BM25F raises `Unsupported`, and the caller lets Whoosh search.

Scores agree with Whoosh's to floating-point rounding (sums may be added in another order); ties are broken the
same way (lower document number first). tests/index/test_executor.py compares the two on many queries.
"""
from __future__ import annotations

import pickle
from dataclasses import dataclass, field
from itertools import accumulate

import numpy as np
from whoosh import formats, scoring
from whoosh import query as wq
from whoosh.columns import NumericColumn
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.matching import ListMatcher
from whoosh.matching.wrappers import FilterMatcher
from whoosh.util.numeric import byte_to_length

from ..store.codec import NXLeafMatcher

_LENGTH_OF_BYTE = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)
_NO_DOCS = np.empty(0, dtype=np.int64)
_NO_SCORES = np.empty(0, dtype=np.float64)
_POSITION_SPAN = 1 << 32  # more than any token position: (doc, position) as one int64


class Unsupported(Exception):
    """This searcher cannot be run here exactly as Whoosh would run it: let Whoosh search."""


@dataclass
class Postings:
    docs: np.ndarray  # segment docnums, ascending, deleted documents removed
    weights: np.ndarray
    values: list | None = None  # each posting's encoded value (positions), when asked for ...
    positions: tuple[np.ndarray, np.ndarray] | None = None  # ... or (docnum, position) pairs from NX blocks


@dataclass
class Match:
    """Documents of one segment that match a query node, their scores, and phrase checks still to pass."""
    docs: np.ndarray
    scores: np.ndarray
    checks: list["PhraseCheck"] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.docs)


def _empty() -> Match:
    return Match(_NO_DOCS, _NO_SCORES)


def _intersect(a: Match, b: Match, keep_b_scores: bool = True) -> Match:
    docs, ia, ib = np.intersect1d(a.docs, b.docs, assume_unique=True, return_indices=True)
    scores = a.scores[ia] + b.scores[ib] if keep_b_scores else a.scores[ia]
    return Match(docs, scores, a.checks + b.checks)


def _union(a: Match, b: Match) -> Match:
    docs = np.union1d(a.docs, b.docs)
    scores = np.zeros(len(docs))
    scores[np.searchsorted(docs, a.docs)] += a.scores
    scores[np.searchsorted(docs, b.docs)] += b.scores
    return Match(docs, scores)


def _subset(m: Match, keep: np.ndarray) -> Match:
    return Match(m.docs[keep], m.scores[keep], m.checks)


class PhraseCheck:
    """Whether a document has the words at consecutive positions (Whoosh's Phrase with slop 1)."""

    def __init__(self, postings: list[Postings], fmt):
        self.postings = postings
        if type(fmt) is formats.Positions:
            self.decode = _decode_positions
        else:
            self.decode = fmt.decoder("positions")

    def passes(self, docs: np.ndarray) -> np.ndarray:
        if all(p.positions is not None for p in self.postings):
            return self._passes_arrays(docs)
        return self._passes_values(docs)

    def _passes_arrays(self, docs: np.ndarray) -> np.ndarray:
        """All candidates at once: word k at position p votes for (doc, p + n-1-k); a phrase is n equal votes."""
        last = len(self.postings) - 1
        keys = None
        for k, p in enumerate(self.postings):
            pos_docs, positions = p.positions
            here = np.isin(pos_docs, docs)
            votes = pos_docs[here] * _POSITION_SPAN + (positions[here] + (last - k))
            keys = votes if keys is None else keys[np.isin(keys, votes)]
            if not len(keys):
                break
        return np.isin(docs, keys // _POSITION_SPAN)

    def _passes_values(self, docs: np.ndarray) -> np.ndarray:
        decode = self.decode
        where = [(p.values, np.searchsorted(p.docs, docs).tolist()) for p in self.postings]
        first_values, first_index = where[0]
        rest = where[1:]
        out = np.zeros(len(docs), dtype=bool)
        for j in range(len(docs)):
            ends = set(decode(first_values[first_index[j]]))
            for values, index in rest:
                ends = {p + 1 for p in ends}.intersection(decode(values[index[j]]))
                if not ends:
                    break
            out[j] = bool(ends)
        return out


def _decode_positions(value: bytes) -> list[int]:
    """formats.Positions.decode_positions without the method lookups: a count, then pickled position deltas."""
    if not value.endswith(b"."):
        value += b"."
    return list(accumulate(pickle.loads(value[4:])))


def resolve(m: Match) -> Match:
    """Run the phrase checks still pending: only documents that really match remain."""
    for check in m.checks:
        if not len(m.docs):
            break
        m = Match(*(a[check.passes(m.docs)] for a in (m.docs, m.scores)))
    m.checks = []
    return m


class Segment:
    """One segment's searcher, its first global docnum, and the length norms of its scored fields."""

    def __init__(self, searcher, offset: int, top):
        self.searcher = searcher
        self.reader = searcher.reader()
        self.offset = offset
        self.top = top
        self.doccount = self.reader.doc_count_all()
        deleted = self.reader.deleted_docs_set if self.reader.has_deletions() else ()
        self.deleted = np.array(sorted(deleted), dtype=np.int64)
        self._norms: dict = {}  # length norms by field, numeric columns by ("column", field)

    def live(self) -> np.ndarray:
        docs = np.arange(self.doccount, dtype=np.int64)
        return np.setdiff1d(docs, self.deleted, assume_unique=True) if len(self.deleted) else docs

    def norm(self, fieldname: str, B: float, K1: float) -> np.ndarray:
        """K1 * ((1 - B) + B * fl / avgfl) for every document: the length part of Whoosh's bm25()."""
        norm = self._norms.get(fieldname)
        if norm is None:
            lengths = self._length_bytes(fieldname)
            fl = _LENGTH_OF_BYTE[lengths] if lengths is not None else np.ones(self.doccount)  # Whoosh's default
            avgfl = self.top.avg_field_length(fieldname) or 1
            norm = self._norms[fieldname] = K1 * ((1 - B) + B * fl / avgfl)
        return norm

    def _length_bytes(self, fieldname: str) -> np.ndarray | None:
        column = self.reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        if column is None:
            return None
        out = np.zeros(self.doccount, dtype=np.intp)  # byte 0 (length 0): the column's default
        count = min(column._count, self.doccount)
        raw = column._dbfile.get(column._basepos, count)
        out[:count] = np.frombuffer(raw, dtype=np.uint8)
        return out

    def column(self, fieldname: str, column, missing) -> np.ndarray:
        """A numeric column's value for every document of the segment (cached)."""
        key = ("column", fieldname)
        values = self._norms.get(key)
        if values is None:
            values = np.full(self.doccount, missing, dtype=np.uint64 if missing >= 2**63 else np.int64)
            if self.reader._perdoc.has_column(fieldname):
                creader = self.reader._perdoc.column_reader(fieldname, column)
                count = min(creader._count, self.doccount)
                raw = creader._dbfile.get(creader._basepos, count * creader._fixedlen)
                values[:count] = np.frombuffer(raw, dtype=np.dtype(">" + creader._typecode))
            self._norms[key] = values
        return values

    def postings(self, fieldname: str, btext: bytes, values: bool = False) -> Postings:
        reader = self.reader
        if (fieldname, btext) not in reader:
            return Postings(_NO_DOCS, _NO_SCORES, [] if values else None)
        m = reader.postings(fieldname, btext)
        if isinstance(m, FilterMatcher):  # deletions: filtered below
            m = m.child
        if isinstance(m, NXLeafMatcher):
            docs, weights, positions = m.read_arrays(positions=values)
            p = Postings(docs, weights, None, positions)
        elif isinstance(m, W3LeafMatcher):
            p = _read_blocks(m, values)
        elif isinstance(m, ListMatcher):  # a rare term's postings inlined in the term info
            ids = list(m._ids)
            if m._all_weights:
                weights = [m._all_weights] * len(ids)
            else:
                weights = list(m._weights) if m._weights else [1.0] * len(ids)
            p = Postings(np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64))
            if values:
                if m._values is None:
                    raise Unsupported("inlined postings without values")
                p.values = list(m._values)
                decode = reader.schema[fieldname].format.decoder("positions")
                lists = [decode(v) for v in p.values]
                p.positions = (np.repeat(p.docs, [len(x) for x in lists]),
                               np.array([q for x in lists for q in x], dtype=np.int64))
        else:
            raise Unsupported(f"postings read through {type(m).__name__}")
        if len(self.deleted):
            keep = ~np.isin(p.docs, self.deleted, assume_unique=True)
            if not keep.all():
                positions = p.positions
                if positions is not None:
                    live = ~np.isin(positions[0], self.deleted, assume_unique=False)
                    positions = (positions[0][live], positions[1][live])
                p = Postings(p.docs[keep], p.weights[keep],
                             [v for v, k in zip(p.values, keep) if k] if p.values is not None else None, positions)
        return p


def _read_blocks(m: W3LeafMatcher, values: bool) -> Postings:
    """Every block of a posting list: docnum deltas, weights and values, as Whoosh's block reader keeps them."""
    deltas: list[int] = []
    starts: list[tuple[int, int]] = []  # (index of a block's first posting, last docnum of the block before)
    weights: list[float] = []
    vals: list = []
    previous_max = 0
    while True:
        m._read_data()
        ids, ws, vs = m._data
        n = m._blocklength
        if deltas:
            starts.append((len(deltas), previous_max))
        deltas.extend(ids)
        if ws is None:
            weights.extend([1.0] * n)
        elif isinstance(ws, float):
            weights.extend([float(np.float32(ws))] * n)  # Whoosh widens a block-wide weight from float32
        else:
            weights.extend(ws)
        if values:
            if not isinstance(vs, tuple):
                raise Unsupported("fixed-size posting values")
            vals.extend(vs)
        previous_max = m._maxid
        if m._lastblock:
            break
        m._goto(m._nextoffset)
    arr = np.array(deltas, dtype=np.int64)
    for i, prev in starts:  # each block's first id is absolute: make it a delta from the block before
        arr[i] -= prev
    return Postings(np.cumsum(arr), np.array(weights, dtype=np.float64), vals if values else None)


class Executor:
    """Runs queries against one Whoosh searcher; make a new one when the searcher is reopened."""

    def __init__(self, searcher):
        weighting = searcher.weighting
        if type(weighting) is not scoring.BM25F:
            raise Unsupported(f"weighting {type(weighting).__name__}")
        self.top = searcher
        self.schema = searcher.schema
        self.B, self.K1, self.field_B = weighting.B, weighting.K1, dict(weighting._field_B)
        self.context = searcher.context()
        self.segments = [Segment(s, offset, searcher) for s, offset in searcher.leaf_searchers()]

    # --- the public side ---------------------------------------------------------------------------
    def search(self, q, *, filter_q=None, mask_q=None, limit: int = 10, offset: int = 0
               ) -> tuple[list[tuple[int, float]], int]:
        """The best (global docnum, score) pairs from `offset` on, and how many documents match in all."""
        docs, scores = self.matches(q, filter_q=filter_q, mask_q=mask_q)
        total = len(docs)
        want = offset + limit
        if want < total:
            # the `want` best by score; equal scores keep the lower docnum, as Whoosh's top-N heap does
            cut = np.argpartition(-scores, want - 1)[:want]
            threshold = scores[cut].min()
            pick = np.nonzero(scores >= threshold)[0]  # everything tied at the threshold, then ordered below
            docs, scores = docs[pick], scores[pick]
        order = np.lexsort((docs, -scores))[offset:want]
        return [(int(docs[i]), float(scores[i])) for i in order], total

    def newest_first(self, q, *, fieldname: str = "date", filter_q=None, limit: int = 10, offset: int = 0
                     ) -> tuple[list[tuple[int, float]], int]:
        """Like search(), ordered by a sortable numeric field, highest first; documents without a value come
        after, by relevance (what Corpus did with two Whoosh searches: a reversed field sort, then the rest)."""
        docs, scores = self.matches(q, filter_q=filter_q)
        values, missing = self._column(fieldname, docs)
        dated = values != missing
        by_value = np.nonzero(dated)[0]
        v = values[by_value]
        descending = ~v if v.dtype == np.uint64 else -v  # exact on 64-bit integers, unlike a float key
        by_value = by_value[np.lexsort((docs[by_value], descending))]
        rest = np.nonzero(~dated)[0]
        rest = rest[np.lexsort((docs[rest], -scores[rest]))]
        order = np.concatenate((by_value, rest))[offset:offset + limit]
        return [(int(docs[i]), float(scores[i])) for i in order], len(docs)

    def _column(self, fieldname: str, docs: np.ndarray) -> tuple[np.ndarray, int]:
        """Each document's value in a numeric sortable column, and the value documents without one have."""
        fieldobj = self.schema[fieldname] if fieldname in self.schema else None
        column = getattr(fieldobj, "column_type", None)
        if not isinstance(column, NumericColumn) or not hasattr(fieldobj, "sortable_typecode"):
            raise Unsupported(f"no numeric column for {fieldname!r}")
        missing = fieldobj.default
        out = np.full(len(docs), missing, dtype=np.uint64 if missing >= 2**63 else np.int64)
        for seg in self.segments:
            lo, hi = np.searchsorted(docs, [seg.offset, seg.offset + seg.doccount])
            if hi > lo:
                out[lo:hi] = seg.column(fieldname, column, missing)[docs[lo:hi] - seg.offset]
        return out, missing

    def all_docs(self) -> np.ndarray:
        """Every live global docnum, ascending."""
        return np.concatenate([seg.live() + seg.offset for seg in self.segments]) if self.segments else _NO_DOCS

    def matches(self, q, *, filter_q=None, mask_q=None) -> tuple[np.ndarray, np.ndarray]:
        """Every matching global docnum (ascending) with its score."""
        all_docs, all_scores = [], []
        for seg in self.segments:
            m = resolve(self._eval(seg, q))
            if filter_q is not None and len(m):
                allowed = resolve(self._eval(seg, filter_q)).docs
                m = _subset(m, np.isin(m.docs, allowed, assume_unique=True))
            if mask_q is not None and len(m):
                masked = resolve(self._eval(seg, mask_q)).docs
                m = _subset(m, ~np.isin(m.docs, masked, assume_unique=True))
            all_docs.append(m.docs + seg.offset)
            all_scores.append(m.scores)
        if len(all_docs) == 1:
            return all_docs[0], all_scores[0]
        return np.concatenate(all_docs), np.concatenate(all_scores)

    # --- evaluation, one segment at a time -----------------------------------------------------------
    def _eval(self, seg: Segment, q) -> Match:
        kind = type(q)
        boost = getattr(q, "boost", 1.0)
        if kind is wq.Term:
            m = self._term(seg, q.fieldname, q.text)
        elif kind in (wq.And, wq.Or) and len(q.subqueries) < 2:  # CompoundQuery.matcher: no boost then
            return self._eval(seg, q.subqueries[0]) if q.subqueries else _empty()
        elif kind is wq.And:
            m = self._and(seg, q.subqueries)
        elif kind is wq.Or and not q.scale and not q.minmatch:
            m = self._or(seg, q.subqueries)
        elif kind is wq.AndNot:  # BinaryQuery matchers ignore the query's boost
            m = self._without(seg, self._eval(seg, q.a), q.b)
            boost = 1.0
        elif kind is wq.AndMaybe:
            m = self._eval(seg, q.a)
            maybe = self._eval(seg, q.b)
            if len(maybe) and len(m):
                maybe = resolve(_intersect(maybe, Match(m.docs, np.zeros(len(m.docs))), keep_b_scores=False))
                m.scores = m.scores.copy()
                m.scores[np.searchsorted(m.docs, maybe.docs)] += maybe.scores
            boost = 1.0
        elif kind is wq.Require:
            m = _intersect(self._eval(seg, q.a), self._eval(seg, q.b), keep_b_scores=False)
            boost = 1.0
        elif kind is wq.Phrase and q.slop == 1:
            m = self._phrase(seg, q.fieldname, q.words)
        elif kind in (wq.Prefix, wq.Wildcard, wq.FuzzyTerm):
            m = self._multiterm(seg, q)
            boost = 1.0  # applied inside, as MultiTerm.matcher does
        elif kind is wq.Every and q.fieldname in (None, "", "*"):
            docs = seg.live()
            m = Match(docs, np.full(len(docs), float(boost)))
            boost = 1.0
        elif kind is wq.ConstantScoreQuery:  # `issue:` as the article store's ids (issue_terms.py)
            inner = resolve(self._eval(seg, q.child))
            m = Match(inner.docs, np.full(len(inner.docs), float(q.score)))
            boost = 1.0
        elif q is wq.NullQuery or kind is type(wq.NullQuery):
            return _empty()
        else:
            return self._whoosh(seg, q)
        if boost != 1.0 and len(m):
            m.scores = m.scores * boost
        return m

    def _term(self, seg: Segment, fieldname: str, text) -> Match:
        if fieldname not in self.schema:
            return _empty()
        fieldobj = self.schema[fieldname]
        try:
            btext = fieldobj.to_bytes(text)
        except ValueError:
            return _empty()
        p = seg.postings(fieldname, btext)
        return Match(p.docs, self._score(seg, fieldname, btext, p))

    def _score(self, seg: Segment, fieldname: str, btext: bytes, p: Postings) -> np.ndarray:
        if not len(p.docs):
            return _NO_SCORES
        if not self.schema[fieldname].scorable:
            return p.weights  # WeightScorer
        B = self.field_B.get(fieldname, self.B)
        K1 = self.K1
        idf = self.top.idf(fieldname, btext)
        w = p.weights
        return idf * ((w * (K1 + 1)) / (w + seg.norm(fieldname, B, K1)[p.docs]))

    def _and(self, seg: Segment, subqueries) -> Match:
        positive = [s for s in subqueries if type(s) is not wq.Not]
        negative = [s.query for s in subqueries if type(s) is wq.Not]
        if positive:  # smallest first, so every intersection after the first is cheap
            matches = sorted((self._eval(seg, s) for s in positive), key=len)
        else:  # only NOTs: every live document, less each negative (Whoosh walks an inverse matcher per NOT:
            docs = seg.live()  # "NOT a NOT b ..." of 40 terms took 46 s on 100k articles)
            matches = [Match(docs, np.zeros(len(docs)))]
        m = matches[0]
        for other in matches[1:]:
            if not len(m):
                break
            m = _intersect(m, other)
        for neg in negative:  # Whoosh intersects with an InverseMatcher, whose score is 1.0
            if not len(m):
                break
            m = self._without(seg, m, neg)
            m.scores = m.scores + 1.0
        return m

    def _without(self, seg: Segment, m: Match, negative) -> Match:
        if not len(m):
            return m
        out = self._eval(seg, negative)
        if not len(out):
            return m
        out = resolve(_intersect(out, Match(m.docs, np.zeros(len(m.docs))), keep_b_scores=False))
        return _subset(m, ~np.isin(m.docs, out.docs, assume_unique=True))

    def _or(self, seg: Segment, subqueries) -> Match:
        if any(type(s) is wq.Not for s in subqueries):
            return self._whoosh(seg, wq.Or(subqueries))
        m = None
        for s in subqueries:
            sub = resolve(self._eval(seg, s))
            m = sub if m is None else _union(m, sub)
        return m if m is not None else _empty()

    def _phrase(self, seg: Segment, fieldname: str, words) -> Match:
        if fieldname not in self.schema:
            return _empty()
        fieldobj = self.schema[fieldname]
        if not fieldobj.format or not fieldobj.format.supports("positions"):
            raise Unsupported("phrase on a field without positions")  # Whoosh raises the error users see
        postings = []
        for word in words:
            try:
                btext = fieldobj.to_bytes(word)
            except ValueError:
                return _empty()
            if (fieldname, btext) not in seg.reader:
                return _empty()
            p = seg.postings(fieldname, btext, values=True)
            postings.append((btext, p))
        m = None
        for btext, p in postings:
            term = Match(p.docs, self._score(seg, fieldname, btext, p))
            m = term if m is None else _intersect(m, term)
        if m is None:
            return _empty()
        if len(m):
            m.checks = [PhraseCheck([p for _, p in postings], fieldobj.format)]
        return m

    def _multiterm(self, seg: Segment, q) -> Match:
        fieldname = q.field()
        if fieldname not in self.schema:
            return _empty()
        words = [w for w in q._btexts(seg.reader) if w]
        if not words:
            return _empty()
        if len(words) == 1:  # MultiTerm.matcher: a lone expansion is a plain Term, without the query's boost
            return self._term(seg, fieldname, words[0])
        m = self._or(seg, [wq.Term(fieldname, w) for w in words])
        # Whoosh ORs the expansions "without scores", but only its array matcher (segments of up to 5,000
        # documents and more than two expansions) honours that: every match then scores 1.0, else BM25 as usual.
        if q.constantscore and (len(words) >= wq.Or.TOO_MANY_CLAUSES or (len(words) > 2 and seg.doccount <= 5000)):
            m.scores = np.ones(len(m.docs))
        elif q.boost != 1.0:
            m.scores = m.scores * q.boost
        return m

    def _whoosh(self, seg: Segment, q) -> Match:
        """A node this module does not model: Whoosh's own matcher, its documents and scores as they come."""
        try:
            matcher = q.matcher(seg.searcher, self.context)
        except Exception as err:
            raise Unsupported(f"{type(q).__name__}: {err}") from None
        docs, scores = [], []
        while matcher.is_active():
            docs.append(matcher.id())
            scores.append(matcher.score())
            matcher.next()
        return Match(np.array(docs, dtype=np.int64), np.array(scores, dtype=np.float64))
