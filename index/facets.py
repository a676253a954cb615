"""Facet counts over every match of a query: outlets, people, organisations, places and issues.

A `FacetTable` is built once per view of the index (a searcher; a generation) (a few hundred ms on 7,000 articles: the stored outlet and id of every
indexed document from the backend, the entity and issue annotations of the enriched ones from the article store) as pairs of
(document number, value number) per facet. Counting the matches of a query is then one `numpy.bincount` per
facet, whatever the number of matches. Values are what the reader shows: an entity's canonical name (its
spelling when it has none), the outlet as stored, the issue id; an article counts once per value.
"""
from __future__ import annotations

import json

import numpy as np

from .store.search_index import ENTITY_FIELDS

FACET_FIELDS = ("outlet", "person", "org", "place", "issue")


class FacetTable:
    def __init__(self, doccount: int, documents, store):
        """`documents`: (document number, article id, outlet) of every live document of the backend's index."""
        self.doccount = doccount
        docs: dict[str, list[int]] = {f: [] for f in FACET_FIELDS}
        values: dict[str, list[int]] = {f: [] for f in FACET_FIELDS}
        vocab: dict[str, dict[str, int]] = {f: {} for f in FACET_FIELDS}

        def add(field: str, docnum: int, value: str) -> None:
            number = vocab[field].setdefault(value, len(vocab[field]))
            docs[field].append(docnum)
            values[field].append(number)

        docnum_of: dict[str, int] = {}
        for docnum, article_id, outlet in documents:  # live documents only
            docnum_of[article_id] = docnum
            if outlet:
                add("outlet", docnum, outlet)
        rows = store.annotated()
        field_of = ENTITY_FIELDS.get
        for article_id, entities, issues in rows:
            docnum = docnum_of.get(article_id)
            if docnum is None:  # in the store, not (yet) in this searcher's view of the index
                continue
            names = {(field_of(e.get("label")), e.get("canonical") or e.get("text"))
                     for e in json.loads(entities or "[]")}
            names |= {("issue", i.get("id")) for i in json.loads(issues or "[]")}
            for field, name in names:
                if field and name:
                    number = vocab[field].setdefault(name, len(vocab[field]))
                    docs[field].append(docnum)
                    values[field].append(number)
        self.docs = {f: np.array(docs[f], dtype=np.int64) for f in FACET_FIELDS}
        self.values = {f: np.array(values[f], dtype=np.int64) for f in FACET_FIELDS}
        self.names = {f: list(vocab[f]) for f in FACET_FIELDS}
        # a value's place in case-insensitive alphabetical order: the tie-break between equal counts
        self.rank = {}
        for f in FACET_FIELDS:
            order = sorted(range(len(self.names[f])), key=lambda i, n=self.names[f]: (n[i].casefold(), n[i]))
            rank = np.empty(len(order), dtype=np.int64)
            rank[order] = np.arange(len(order))
            self.rank[f] = rank

    def counts(self, matches: np.ndarray, fields=FACET_FIELDS, top: int | None = None
               ) -> dict[str, list[tuple[str, int]]]:
        """For each field: (value, number of matching articles with it), most frequent first, then A–Z."""
        hit = np.zeros(self.doccount, dtype=bool)
        hit[matches] = True
        out = {}
        for f in fields:
            names = self.names[f]
            counts = np.bincount(self.values[f][hit[self.docs[f]]], minlength=len(names))
            present = np.nonzero(counts)[0]
            order = present[np.lexsort((self.rank[f][present], -counts[present]))]
            if top is not None:
                order = order[:top]
            out[f] = [(names[i], int(counts[i])) for i in order]
        return out
