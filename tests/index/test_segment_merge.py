"""Merging Whoosh segments (store/segment_merge.py) never changes a search result, and a run ends with few segments.

The merge streams postings instead of Whoosh's pickling sort pool, keeps documents in the order they were written
and keeps each field's exact total length, so a query gets the same hits, in the same order, with the same scores,
however the index happens to be split into segments. The Whoosh backend merges what is written while dask workers
finish the last batches, and a run ends with the big segment untouched and the rest folded beside it.
"""
from __future__ import annotations

import random
from pathlib import Path

from whoosh import index as windex
from whoosh.codec.whoosh3 import W3Codec

from newsexplorer.index import Corpus
from newsexplorer.index.indexer import BATCH_ENV
from newsexplorer.index.model import Article
from newsexplorer.index.store.codec import NXCodec
from newsexplorer.index.store.search_index import create_index, document, merge, old_block_format, optimize

WORDS = ["market", "shares", "year", "government", "talks", "minister", "prime", "company", "said", "new",
         "ceasefire", "referendum", "turbine", "embargo"]
QUERIES = ["market", "prime minister", '"prime minister"', "ceasefire OR embargo", "turbine", "market NOT year",
           "title:talks", "gov*"]


def _article(rng: random.Random, n: int) -> Article:
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 80)))
    return Article(id=f"a{n:03d}", path=f"a{n}.txt", title=" ".join(rng.sample(WORDS, 3)), text=text, source="Wire")


def _build(folder: Path, sizes: list[int], codec=None, delete: tuple[str, ...] = ()):
    """An index of one commit per size (one segment each), documents a000, a001, … in that order."""
    rng, n = random.Random(5), 0
    ix = create_index(folder)
    for size in sizes:
        writer = ix.writer(codec=codec or NXCodec())
        for _ in range(size):
            writer.add_document(**document(_article(rng, n)))
            n += 1
        writer.commit(merge=False)
    if delete:
        writer = ix.writer(codec=NXCodec())
        for article_id in delete:
            writer.delete_by_term("id", article_id)
        writer.commit(merge=False)
    return windex.open_dir(str(folder / "whoosh-v2"))


def _answers(ix) -> list:
    from newsexplorer.index import query as qlang

    parser = qlang.make_parser(ix.schema)
    with ix.searcher() as searcher:
        return [[(hit["id"], round(hit.score, 9)) for hit in searcher.search(qlang.parse(parser, q), limit=None)]
                for q in QUERIES]


def _ids_in_order(ix) -> list[str]:
    with ix.searcher() as searcher:
        return [fields["id"] for _, fields in searcher.reader().iter_docs()]


def test_merging_any_run_of_segments_keeps_every_answer_score_and_the_written_order(tmp_path):
    ix = _build(tmp_path / "a", [40, 25, 60, 10, 30])
    before, order, total = _answers(ix), _ids_in_order(ix), ix.reader().field_length("content")
    assert any(len(hits) > 5 for hits in before)

    merge(ix, 1, 3)  # the middle three: the first and last stay as they are
    ix = windex.open_dir(str(tmp_path / "a" / "whoosh-v2"))
    assert [s.doc_count_all() for s in ix._segments()] == [40, 95, 30]
    assert _answers(ix) == before and _ids_in_order(ix) == order
    assert ix.reader().field_length("content") == total  # BM25's average length: exact, not rebuilt from bytes

    optimize(ix)
    ix = windex.open_dir(str(tmp_path / "a" / "whoosh-v2"))
    assert len(ix._segments()) == 1
    assert _answers(ix) == before and _ids_in_order(ix) == order


def test_a_merge_drops_deleted_documents_and_rewrites_old_blocks_in_the_fast_format(tmp_path):
    ix = _build(tmp_path / "a", [30, 30], codec=W3Codec(), delete=("a005", "a040"))
    assert old_block_format(ix)
    before = _answers(ix)
    optimize(ix)
    ix = windex.open_dir(str(tmp_path / "a" / "whoosh-v2"))
    assert [s.doc_count_all() for s in ix._segments()] == [58] and not old_block_format(ix)
    ids = _ids_in_order(ix)
    assert "a005" not in ids and "a040" not in ids and ids == sorted(ids)
    # the same matches (the order may move: the deleted documents' lengths leave BM25's average length)
    assert [{hit for hit, _ in hits} for hits in _answers(ix)] == [{hit for hit, _ in hits} for hits in before]


def test_a_merge_over_a_deleted_document_with_an_empty_field_completes(tmp_path):
    """A record with no title (a CSV row, a feed item) that is later replaced: Whoosh reads its zero title length
    as None, which once crashed the run's final merge with a TypeError after every article was written."""
    ix = create_index(tmp_path)
    writer = ix.writer(codec=NXCodec())
    writer.add_document(**document(Article(id="untitled", path="u.txt", title="", text="embargo talks", source="W")))
    writer.add_document(**document(Article(id="titled", path="t.txt", title="Talks", text="market shares", source="W")))
    writer.commit(merge=False)
    writer = ix.writer(codec=NXCodec())
    writer.add_document(**document(Article(id="later", path="l.txt", title="Prime", text="turbine year", source="W")))
    writer.commit(merge=False)
    writer = ix.writer(codec=NXCodec())
    writer.delete_by_term("id", "untitled")
    writer.commit(merge=False)
    ix = windex.open_dir(str(tmp_path / "whoosh-v2"))

    optimize(ix)
    ix = windex.open_dir(str(tmp_path / "whoosh-v2"))
    assert len(ix._segments()) == 1 and _ids_in_order(ix) == ["titled", "later"]
    assert ix.reader().field_length("title") == 2  # "Talks" + "Prime": the deleted empty title counted as 0


def _backend(tmp_path: Path, sizes: list[int]):
    from newsexplorer.index.search.whoosh_backend import WhooshBackend
    from newsexplorer.index.store.articles import ArticleStore

    _build(tmp_path, sizes)
    return WhooshBackend(tmp_path, ArticleStore(tmp_path / "articles.db"), windex.open_dir(str(tmp_path / "whoosh-v2")))


def test_maintenance_folds_the_small_segments_beside_a_big_one_and_merges_equals_into_one(tmp_path):
    grown = _backend(tmp_path / "grown", [300, 10, 10, 10, 10, 10])  # an index that grew by a few batches
    big = grown.ix._segments()[0].segment_id()
    before = _answers(grown.ix)
    assert grown.needs_maintenance() and grown.maintain()
    assert [s.doc_count_all() for s in grown.ix._segments()] == [300, 50]
    assert grown.ix._segments()[0].segment_id() == big  # the big segment was not rewritten
    assert _answers(grown.ix) == before and not grown.needs_maintenance()

    fresh = _backend(tmp_path / "fresh", [20] * 6)  # one run's equal batches
    assert fresh.maintain()
    assert [s.doc_count_all() for s in fresh.ix._segments()] == [120]
    assert not fresh.maintain()


def test_a_run_merges_what_is_written_while_the_last_batches_are_enriched(corpora, tmp_path, monkeypatch):
    """With batches still being enriched elsewhere, the indexer merges the segments written so far before it
    writes those batches, and the run's answers equal a one-process run's (which merged its 8 segments at the end)."""
    files = sorted((corpora / "bbc" / "business").glob("*.txt"))[:24]
    monkeypatch.setenv(BATCH_ENV, "3")  # 8 batches

    class LastTwoLater:
        """Hands each batch back at once but the last two, which come back at drain (as workers would)."""
        workers = 2

        def __init__(self):
            self.held, self.events, self.failures = [], [], []

        def coming(self, articles):
            pass

        def close(self):
            pass

        def submit(self, articles, tag=None):
            self.held.append((articles, tag))
            return [self.held.pop(0)] if len(self.held) > 2 else []

        def in_flight(self):
            return len(self.held)

        def drain(self):
            on_disk = windex.open_dir(str(tmp_path / "many" / "whoosh-v2"))
            self.events.append(("drain", [s.doc_count_all() for s in on_disk._segments()]))
            held, self.held = self.held, []
            return held

    fanout = LastTwoLater()
    events = fanout.events
    one, _ = Corpus.build(tmp_path / "one", files)
    many, report = Corpus.build(tmp_path / "many", files, fanout=fanout,
                                progress=lambda stage, done, total: events.append(stage))
    assert report.indexed == one.count() == 24
    drains = [e for e in events if isinstance(e, tuple)]
    # when the last batches were waited for, what had been written was one segment already (7 batches of 3)
    assert drains[0] == ("drain", [21]) and events.index("optimising") < events.index(drains[0])
    assert [s.doc_count_all() for s in many._backend().ix._segments()] == [21, 3]
    for query in ("profits", "shares", "company said", "bank"):
        mine, theirs = many.search(query, limit=20), one.search(query, limit=20)
        assert [(h.id, round(h.score, 9)) for h in mine.hits] == [(h.id, round(h.score, 9)) for h in theirs.hits]
        assert mine.total == theirs.total
    one.close()
    many.close()


def _simulate_run(batches: list[int]) -> tuple[int, int]:
    """(most segments at once, most times one document was rewritten) for a run committing these batch sizes."""
    from newsexplorer.index.search.whoosh_backend import tier_to_fold

    segments: list[tuple[int, int]] = []  # (documents, times its documents were rewritten)
    most = rewrites = 0
    for size in batches:
        segments.append((size, 0))
        while (start := tier_to_fold([docs for docs, _ in segments])) is not None:
            folded = segments[start:]
            segments[start:] = [(sum(d for d, _ in folded), max(r for _, r in folded) + 1)]
        most = max(most, len(segments))
        rewrites = max([rewrites] + [r for _, r in segments])
    return most, rewrites


def test_a_long_run_keeps_few_segments_and_rewrites_each_document_a_few_times():
    """500k articles in uneven batches of ~500 (issue 16: 130 segments at 66k made every commit slower and bigger)."""
    rng = random.Random(16)
    most, rewrites = _simulate_run([rng.randint(200, 700) for _ in range(1000)])
    assert most <= 24 and rewrites <= 4  # log8(1000 batches) is 3.3
    assert _simulate_run([500] * 7) == (7, 0)  # a short run is left for maintain() to merge once


def test_a_run_of_small_commits_folds_its_segments_and_answers_as_one_merged_at_the_end(tmp_path):
    from newsexplorer.index.search.whoosh_backend import WhooshBackend

    rng, n = random.Random(5), 0  # the articles _build writes, in its order
    backend = WhooshBackend(tmp_path / "folded", None, create_index(tmp_path / "folded"))
    sizes = [random.Random(16 + i).randint(1, 6) for i in range(90)]
    for size in sizes:
        backend.write([_article(rng, n + i) for i in range(size)])
        n += size
        backend.commit()
        assert len(backend.ix._segments()) <= 16
    folded = windex.open_dir(str(tmp_path / "folded" / "whoosh-v2"))
    unfolded = _build(tmp_path / "unfolded", sizes)  # the same documents, one segment per commit
    assert len(unfolded._segments()) == len(sizes) > 2 * len(folded._segments())
    assert _ids_in_order(folded) == _ids_in_order(unfolded)
    assert _answers(folded) == _answers(unfolded)
    optimize(folded), optimize(unfolded)
    assert _answers(folded) == _answers(unfolded)
