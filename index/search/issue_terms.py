"""`issue:` searches answered from the article store, not from the Whoosh documents.

A catalog switch changes the issues of thousands of articles; Whoosh cannot update one field of a document, so
writing the new issue ids there meant analysing and writing every changed article again (~8 s of a 13 s switch on
7,000 articles). The article store already holds each article's issues (the checklist and the issue facet read
them there), so the Whoosh backend rewrites each `issue:` term of a query into the set of articles the store says
discuss that issue. The issue ids written into Whoosh documents at index time are never read.

Scores: the term becomes a constant, the idf Whoosh's BM25F gives a term with that many articles at one
occurrence and average length, so `ceasefire OR issue:ceasefire` ranks as before up to the length norm.
"""
from __future__ import annotations

import fnmatch
import math

from whoosh import query as wq

FIELD = "issue"


def idf(total: int, found: int) -> float:
    """Whoosh's idf (scoring.WeightingModel.idf): log(N / (df + 1)) + 1."""
    return math.log(max(total, 1) / (found + 1)) + 1.0


def ids_query(ids: list[str], score: float, boost: float = 1.0) -> wq.Query:
    """The documents of these article ids, each with the same score (none: nothing matches)."""
    if not ids:
        return wq.NullQuery
    terms = [wq.Term("id", i) for i in sorted(ids)]
    return wq.ConstantScoreQuery(terms[0] if len(terms) == 1 else wq.Or(terms), score * boost)


def issues_query(issues, issue_ids: dict[str, list[str]], total: int, boost: float = 1.0) -> wq.Query:
    """The articles the store lists for any of these issue ids, as one constant-score query (a term's idf)."""
    ids = sorted({a for i in issues for a in issue_ids.get(i, ())})
    return ids_query(ids, idf(total, len(ids)), boost)


def matching_issues(node, issue_ids: dict[str, list[str]]) -> list[str] | None:
    """The issue ids an `issue:` node names (exact, prefix or wildcard); None for a node of another field or kind."""
    if getattr(node, "fieldname", None) != FIELD:
        return None
    kind = type(node)
    text = str(getattr(node, "text", "")).lower()
    if kind is wq.Term:
        return [text] if text in issue_ids else []
    if kind is wq.Prefix:
        return [i for i in issue_ids if i.startswith(text)]
    if kind is wq.Wildcard:
        return [i for i in issue_ids if fnmatch.fnmatchcase(i, text)]
    return None


def from_store(q, issue_ids: dict[str, list[str]], total: int):
    """`q` with every `issue:` term (exact, prefix, wildcard) replaced by the articles the store lists for it."""
    def swap(node):
        named = matching_issues(node, issue_ids)
        if named is None:
            return node
        return issues_query(named, issue_ids, total, getattr(node, "boost", 1.0))

    return q.accept(swap)
