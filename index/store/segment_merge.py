"""Merge a run of adjacent Whoosh segments into one, streaming, in place, keeping the index's totals exact.

Whoosh's own merge (`add_reader`, used by `optimize` and its merge policies) puts every posting of the merged
segments through the writer's sorting pool: each posting is pickled to a temporary run file and read back before
it is written again (a third of the merge's CPU on 7k articles). But each segment's postings already come sorted
by field, term and document, and a segment's documents are numbered after the previous segment's, so the merged
stream is a plain k-way merge of the segments' own streams, written straight to the new segment (as Whoosh's
multiprocessing writer merges its sub-segments). Two further differences, both so that how an index happens to be
split into segments never changes a search result:
- the merged segment stands where the merged ones stood, so documents keep the order they were written in (Whoosh
  appends merged documents after a commit's new ones); ties in ranking are broken by that order;
- each field's total length (BM25's average document length) is the sum of the merged segments' exact totals;
  Whoosh recomputes it from the per-document lengths it stores rounded to one byte.
"""
from __future__ import annotations

import heapq
from collections import defaultdict
from typing import Iterable, Iterator

from whoosh.reading import SegmentReader


def _renumbered(postings: Iterable[tuple], base: int, docmap: dict | None) -> Iterator[tuple]:
    if docmap is None:
        for fieldname, text, docnum, weight, value in postings:
            yield fieldname, text, base + docnum, weight, value
    else:  # a segment with deletions: its live documents, numbered densely
        for fieldname, text, docnum, weight, value in postings:
            yield fieldname, text, docmap[docnum], weight, value


def _exact_lengths(segment, reader: SegmentReader, names: set[str]) -> dict[str, int] | None:
    """The segment's total length per field, less its deleted documents' (those only as stored: rounded)."""
    totals = getattr(segment, "_fieldlengths", None)
    if totals is None:
        return None
    live = dict(totals)
    for docnum in reader.deleted_docs_set:
        for name in names:
            if name in live:
                live[name] -= reader.doc_field_length(docnum, name) or 0  # Whoosh gives None for a length of 0
    return live


class _LengthTable:
    """The new segment's document lengths, each field's read once: the writer asks for one per posting (for each
    block's shortest and longest document), a column lookup each time (~15% of a merge's CPU)."""

    def __init__(self, lengths, doccount: int):
        self._lengths, self._doccount, self._tables = lengths, doccount, {}

    def doc_field_length(self, docnum: int, fieldname: str, default=0):
        table = self._tables.get(fieldname)
        if table is None:
            lookup = self._lengths.doc_field_length
            table = self._tables[fieldname] = [lookup(d, fieldname, default) or default for d in range(self._doccount)]
        return table[docnum]


def merge_segments(ix, first: int, last: int, make_writer) -> None:
    """Merge segments `first`..`last` (inclusive, in the index's order) into one segment at their place, in one
    commit. `make_writer(ix)` opens the index's writer (it takes Whoosh's write lock; the codec it carries writes
    the new segment). A failure leaves the index as it was."""
    writer = make_writer(ix)
    readers = []
    try:
        schema = writer.schema
        segments = list(writer.segments)
        picked = segments[first:last + 1]
        names = set(schema.names())
        sources, totals, exact = [], defaultdict(int), True
        for segment in picked:
            reader = SegmentReader(writer.storage, schema, segment)
            readers.append(reader)
            lengths = _exact_lengths(segment, reader, names)
            exact = exact and lengths is not None
            for name, n in (lengths or {}).items():
                totals[name] += n
            base = writer.docnum
            docmap = writer.write_per_doc(names | set(reader.indexed_field_names()), reader)
            sources.append(_renumbered(reader.iter_postings(), base, docmap))
        if exact:
            writer.perdocwriter._fieldlengths = totals
        writer.perdocwriter.close()
        lengths = writer.per_document_reader()  # the new segment's document lengths, for the blocks' statistics
        try:
            writer.fieldwriter.add_postings(schema, _LengthTable(lengths, writer.docnum), heapq.merge(*sources))
        finally:
            lengths.close()
        writer._added = True
        writer._close_segment()
        writer._assemble_segment()
        writer._commit_toc(segments[:first] + [writer.get_segment()] + segments[last + 1:])
        writer._finish()
    except BaseException:
        writer.cancel()
        raise
    finally:
        for reader in readers:
            reader.close()
