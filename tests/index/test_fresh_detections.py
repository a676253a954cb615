"""A first index run keeps the issue detections its enrichment made (in process or on dask workers) instead of
finding every article's issues a second time in the main process; a run over articles from before still does."""
from __future__ import annotations

from pathlib import Path

from newsexplorer.index import Corpus
from newsexplorer.index.enrich import apply, make_enricher

SEEDS = Path(__file__).resolve().parents[2] / "seeds" / "articles"


def counting_redetect(monkeypatch) -> list:
    calls, real = [], apply.redetect

    def redetect(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(apply, "redetect", redetect)
    return calls


def test_a_fresh_index_does_not_detect_issues_twice_and_its_detections_are_what_a_second_pass_finds(
        tmp_path, monkeypatch):
    calls = counting_redetect(monkeypatch)
    corpus, report = Corpus.build(tmp_path / "data", [SEEDS], enrich=make_enricher(entities=False))
    assert report.indexed == corpus.count() >= 5
    assert calls == []  # no second pass over every article in the main process
    assert any(corpus.article(h.id).issues for h in corpus.search("talks", limit=20).hits)  # issues were found
    _, _, again = corpus.apply_catalog()  # the same catalog, applied from the stored text
    assert calls == [1] and again.articles == corpus.count() and again.changed == 0
    corpus.close()


def test_a_run_over_an_index_holding_articles_from_before_finds_their_issues_again(tmp_path, monkeypatch, write):
    first, _ = Corpus.build(tmp_path / "data", [SEEDS], enrich=None)  # no enrichment: no detections stored
    first.close()
    write("later.txt", "Title: Later\n\nNegotiators met again in Geneva on Monday and said the talks were useful.\n")
    calls = counting_redetect(monkeypatch)
    corpus, report = Corpus.build(tmp_path / "data", [write.folder], enrich=make_enricher(entities=False))
    assert report.indexed == 1 and corpus.count() > 1
    assert calls == [1]  # the older articles' issues are found now
    assert any(corpus.article(h.id).issues for h in corpus.search("talks", limit=20).hits)
    corpus.close()
