"""The posting-list executor gives Whoosh's own answers: same matches, same BM25F scores, same order.

The index is written straight through the project's schema (no ingest) with a small vocabulary, so common words
span several posting blocks, and there are three segments with deletions; once with Whoosh's own codec (indexes
written before store/codec.py) and once with the project's array blocks, whose matchers must give Whoosh exactly
what its own blocks give.
"""
from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3Codec

from newsexplorer.index import query as qlang
from newsexplorer.index.model import Article
from newsexplorer.index.store.codec import NXCodec, NXLeafMatcher
from newsexplorer.index.store.executor import Executor
from newsexplorer.index.store.search_index import create_index, document

COMMON = ["market", "shares", "year", "government", "talks", "minister", "prime", "company", "said", "new"]
RARE = ["zaporizhzhia", "ceasefire", "referendum", "warburg", "turbine", "chancellor", "embargo", "quorum"]
QUERIES = [
    "market", "year shares", "market shares year", "prime minister", '"prime minister"', '"minister prime"',
    '"company said"', '"new market shares"', "market OR ceasefire", "(market OR talks) AND year",
    "market NOT year", "market AND NOT (year OR talks)", "market ANDMAYBE year", "year ANDNOT \"prime minister\"",
    "gov*", "mark* OR refer*", "markt~", "title:market", 'title:"prime minister"', "market^2 shares",
    '"prime minister"^3 talks', "date:[20200101 to 20200301] market", "outlet:Wire market", "warburg",
    "quorum embargo", '"zaporizhzhia ceasefire"', "nosuchword", "market nosuchword", '"market nosuchword"',
    "chancellor OR (embargo NOT market)", "NOT market", "NOT market NOT year NOT talks",
    "NOT market NOT (year OR talks) NOT quorum", "NOT market^2 NOT year",
]


def _text(rng: random.Random) -> str:
    words = [rng.choice(COMMON) for _ in range(rng.randint(5, 60))]
    for _ in range(rng.randint(0, 2)):
        words.insert(rng.randrange(len(words) + 1), rng.choice(RARE))
    if rng.random() < 0.3:
        i = rng.randrange(len(words) + 1)
        words[i:i] = ["prime", "minister"]
    return " ".join(words)


def _build(folder, codec):
    rng = random.Random(3)
    ix = create_index(folder)
    n = 0
    for batch in range(3):  # three commits without merging: three segments
        writer = ix.writer(codec=codec)
        for _ in range(250):
            day = datetime(2020, 1, 1) + timedelta(days=rng.randrange(120))
            article = Article(id=f"a{n}", path=f"a{n}.txt", title=_text(rng)[:40], text=_text(rng),
                              source=rng.choice(["Wire", "Daily"]),
                              date=day.date().isoformat() if rng.random() < 0.8 else None)
            writer.add_document(**document(article))
            n += 1
        if batch == 2:
            for i in range(0, n, 7):
                writer.delete_by_term("id", f"a{i}")
        writer.commit(merge=False)
    assert len(ix._segments()) == 3
    return ix


@pytest.fixture(scope="module", params=["whoosh3", "nx"])
def ix(request, tmp_path_factory):
    codec = W3Codec() if request.param == "whoosh3" else NXCodec(blocklimit=100)  # several blocks per common word
    return _build(tmp_path_factory.mktemp(request.param), codec)


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    return _build(tmp_path_factory.mktemp("w3"), W3Codec()), _build(tmp_path_factory.mktemp("nx"), NXCodec(blocklimit=100))


def _whoosh(searcher, q, limit, filter_q=None):
    results = searcher.search(q, limit=limit, filter=filter_q)
    return [(hit.docnum, hit.score) for hit in results], len(results)


def _same(expected, got):
    assert len(expected) == len(got)
    for (d1, s1), (d2, s2) in zip(expected, got):
        assert s2 == pytest.approx(s1, rel=1e-9)
        if d1 != d2:  # only documents whose scores tie (to rounding) may trade places
            assert s1 == pytest.approx(s2, rel=1e-9)
    assert {d for d, _ in expected} == {d for d, _ in got} or expected[-1][1] == pytest.approx(got[-1][1])


@pytest.mark.parametrize("qstring", QUERIES)
def test_same_hits_and_scores_as_whoosh(ix, qstring):
    parser = qlang.make_parser(ix.schema)
    q = qlang.parse(parser, qstring) if not qstring.startswith("NOT") else parser.parse(qstring)
    with ix.searcher() as searcher:
        expected, total = _whoosh(searcher, q, 40)
        got, got_total = Executor(searcher).search(q, limit=40)
        assert got_total == total
        _same(expected, got)


def test_filters_paging_and_deleted_documents(ix):
    parser = qlang.make_parser(ix.schema)
    q = qlang.parse(parser, "market shares")
    only_wire = wq.Term("outlet", "Wire")
    with ix.searcher() as searcher:
        ex = Executor(searcher)
        expected, total = _whoosh(searcher, q, 1000, filter_q=only_wire)
        got, got_total = ex.search(q, filter_q=only_wire, limit=1000)
        assert got_total == total and total > 30
        _same(expected, got)
        assert all(searcher.stored_fields(d)["outlet"] == "Wire" for d, _ in got)
        deleted = {d for d in range(searcher.doc_count_all()) if searcher.reader().is_deleted(d)}
        assert deleted and not deleted & {d for d, _ in ex.search(q, limit=10_000)[0]}
        pages = [ex.search(q, filter_q=only_wire, limit=7, offset=o)[0] for o in range(0, total, 7)]
        assert [d for page in pages for d, _ in page] == [d for d, _ in got]


def test_multiblock_and_inlined_postings_are_read(ix):
    with ix.searcher() as searcher:
        ex = Executor(searcher)
        seg = max(ex.segments, key=lambda s: s.doccount)
        common = seg.postings("content", b"market")
        rare = seg.postings("content", b"quorum")
        assert len(common.docs) > 128 and (common.docs[1:] > common.docs[:-1]).all()
        reader = seg.reader
        assert common.docs.tolist() == [d for d in reader.postings("content", b"market").all_ids()]
        assert rare.docs.tolist() == [d for d in reader.postings("content", b"quorum").all_ids()]


def test_array_blocks_give_whoosh_the_same_postings(both):
    w3, nx = both
    with w3.searcher() as a, nx.searcher() as b:
        assert a.doc_count_all() == b.doc_count_all()
        for (sa, _), (sb, _) in zip(a.leaf_searchers(), b.leaf_searchers()):
            ra, rb = sa.reader(), sb.reader()
            for fieldname in ("content", "title", "outlet", "issue", "date"):
                terms = list(ra.lexicon(fieldname))
                assert terms == list(rb.lexicon(fieldname))
                for btext in terms:
                    ma, mb = ra.postings(fieldname, btext), rb.postings(fieldname, btext)
                    leaf = mb.child if hasattr(mb, "child") else mb
                    assert isinstance(leaf, NXLeafMatcher)
                    got_a, got_b = [], []
                    for m, out in ((ma, got_a), (mb, got_b)):
                        while m.is_active():
                            out.append((m.id(), m.weight(), m.value_as("positions")
                                        if m.supports("positions") else m.value()))
                            m.next()
                    assert got_a == got_b, (fieldname, btext)


@pytest.mark.parametrize("qstring", ['"prime minister"', '"minister prime"~3', "market shares", "gov*"])
def test_whoosh_itself_searches_array_blocks_the_same(both, qstring):
    w3, nx = both
    parser = qlang.make_parser(w3.schema)
    q = qlang.parse(parser, qstring)
    with w3.searcher() as a, nx.searcher() as b:
        ra, rb = a.search(q, limit=None), b.search(q, limit=None)
        assert [(h.docnum, h.score) for h in ra] == [(h.docnum, h.score) for h in rb]
        assert a.search(q, limit=5).estimated_length() == b.search(q, limit=5).estimated_length()


def test_indexing_converts_an_index_in_the_old_block_format(tmp_path, write):
    """An index written by Whoosh's own codec (before store/codec.py) is rewritten by the next index run."""
    from newsexplorer.index import Corpus
    from newsexplorer.index.store.search_index import old_block_format, open_index, record_checksums

    write("a.txt", "Title: Prime minister visits\n\nThe prime minister met the market regulator.\n")
    corpus, _ = Corpus.build(tmp_path / "data", [write.folder])
    corpus.close()
    ix, searcher = open_index(tmp_path / "data")
    searcher.close()
    ix.optimize(codec=W3Codec())  # as an older version left it
    record_checksums(ix)
    assert old_block_format(open_index(tmp_path / "data")[0])
    write("b.txt", "Title: Markets rally\n\nShares rose as the prime minister spoke.\n")
    corpus, report = Corpus.build(tmp_path / "data", [write.folder])
    assert report.indexed == 1 and not old_block_format(corpus.ix)
    assert {h.title for h in corpus.search('"prime minister"').hits} == {"Markets rally", "Prime minister visits"}
    corpus.close()


@pytest.mark.parametrize("qstring", ["market", '"prime minister"', "talks OR ceasefire", "year shares"])
def test_newest_first_as_corpus_did_it_with_whoosh(ix, qstring):
    from newsexplorer.index.corpus import Corpus

    parser = qlang.make_parser(ix.schema)
    q = qlang.parse(parser, qstring)
    with ix.searcher() as searcher:
        for filter_q in (None, wq.Term("outlet", "Daily")):
            expected = Corpus._newest_first(searcher, q, filter_q, 10_000)
            got, total = Executor(searcher).newest_first(q, filter_q=filter_q, limit=10_000)
            assert total == len(expected) == len(got)
            assert [searcher.stored_fields(d)["id"] for d, _ in got] == [i for i, _ in expected]
            dates = [searcher.stored_fields(d).get("date") for d, _ in got]
            assert None in dates and dates.index(None) == sum(d is not None for d in dates)
            page, _ = Executor(searcher).newest_first(q, filter_q=filter_q, limit=5, offset=7)
            assert page == got[7:12]
