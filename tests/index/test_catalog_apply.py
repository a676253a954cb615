"""`catalog apply` on a stored index: the same issues as detection itself, the status model run only where an
issue's mentions changed, and its progress reported as it goes."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsexplorer.index import Corpus
from newsexplorer.index.enrich import apply as apply_mod
from newsexplorer.index.enrich import issue_mentions, make_enricher
from newsexplorer.index.enrich.catalog import load_catalog, may_mention, parse_catalog
from newsexplorer.index.enrich.issues import detect_issues, split_sentences

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds" / "articles"
PEACE = REPO / "seeds" / "catalog.toml"


@pytest.fixture
def seeds_index(tmp_path):
    corpus, _ = Corpus.build(tmp_path / "data", [SEEDS], enrich=None)  # no NER, no issues: apply finds them
    yield corpus
    corpus.close()


def stored(corpus) -> dict[str, list]:
    return {i: json.loads(s or "[]") for i, s in corpus.store.db.execute("SELECT id, issues FROM articles")}


def test_apply_finds_exactly_what_detection_finds_and_reapplying_parses_nothing(seeds_index):
    catalog, _, report = seeds_index.apply_catalog(PEACE)
    assert report.parsed > 0 and report.with_issues >= 3
    rows = seeds_index.store.db.execute("SELECT id, text, title, date FROM articles").fetchall()
    plain = {i: issue_mentions(text, catalog, detect_issues, title, date) for i, text, title, date in rows}
    assert stored(seeds_index) == plain
    _, _, again = seeds_index.apply_catalog()
    assert again.parsed == 0 and again.changed == 0  # every detection came from the memo
    assert stored(seeds_index) == plain


def test_only_an_issue_whose_mentions_changed_is_detected_again(seeds_index):
    seeds_index.apply_catalog(PEACE)
    text = PEACE.read_text(encoding="utf-8") + '\n[[issue]]\nid = "kyiv"\ntitle = "Kyiv"\nterms = ["Kyiv"]\n'
    _, _, report = seeds_index.apply_catalog(text=text)
    catalog = seeds_index.catalog()
    rows = seeds_index.store.db.execute("SELECT id, text, title, date FROM articles").fetchall()
    only_new = parse_catalog('[[issue]]\nid = "kyiv"\ntitle = "Kyiv"\nterms = ["Kyiv"]\ngate = "negotiation"\n')
    mentioned = sum(bool(apply_mod._hits(t, only_new, ti, None)) for _, t, ti, _ in rows)
    assert report.parsed == mentioned > 0  # the eleven unchanged issues came from the memo
    assert stored(seeds_index) == {i: issue_mentions(t, catalog, detect_issues, ti, d) for i, t, ti, d in rows}


def test_a_new_detection_code_does_not_reuse_the_memo(seeds_index, monkeypatch):
    seeds_index.apply_catalog(PEACE)
    monkeypatch.setattr(apply_mod, "code_digest", lambda: "another status model")
    _, _, report = seeds_index.apply_catalog()
    assert report.parsed > 0


def test_apply_reports_its_progress_as_an_issues_stage(seeds_index):
    seen = []
    seeds_index.apply_catalog(PEACE, progress=lambda stage, done, total: seen.append((stage, done, total)))
    count = seeds_index.count()
    assert seen[0] == ("issues", 0, count) and seen[-1] == ("issues", count, count)
    assert all(stage == "issues" and done <= total for stage, done, total in seen)


def test_the_cheap_precheck_never_skips_a_sentence_a_pattern_matches():
    catalog = load_catalog(PEACE)
    checked = 0
    for path in sorted(SEEDS.iterdir()):
        for sentence in split_sentences(path.read_text(encoding="utf-8")):
            text = sentence.text
            for issue in catalog.issues:
                if any(p.search(text) for p in issue.patterns):
                    checked += 1
                    assert may_mention(issue, text, text.casefold())
                    assert apply_mod._may(issue, text.casefold(), text)
    assert checked > 10


def test_a_query_issue_precheck_skips_only_sentences_it_cannot_match(tmp_path):
    """A query issue's sentences are pre-checked by its words' beginnings: a sentence without any is skipped (no
    prose test, no analyser), one that matches never is, stemmed or not."""
    from newsexplorer.index.enrich.catalog import parse_catalog

    catalog = parse_catalog('[[issue]]\nid = "bids"\ntitle = "Bids"\nquery = \'takeover OR "security guarantees"\'\n',
                            "q.toml")
    issue = catalog.issues[0]
    for text in ("The takeovers were blocked.", "Kyiv wants security guarantees first.", "Ein Übernahmeangebot."):
        assert apply_mod._may(issue, text.casefold(), text)
    matched = "The board rejected the takeover approach."
    assert issue.patterns[0].finditer(matched) and apply_mod._may(issue, matched.casefold(), matched)
    assert not apply_mod._may(issue, "the weather was fine.", "The weather was fine.")


def test_an_index_run_with_another_catalog_reports_the_issues_stage(tmp_path):
    from newsexplorer.index.enrich import make_enricher

    seen = []
    Corpus.build(tmp_path / "data", [SEEDS], enrich=None)[0].close()  # articles stored before, without a catalog
    corpus, _ = Corpus.build(tmp_path / "data", [SEEDS], enrich=make_enricher(PEACE, entities=False),
                             progress=lambda stage, done, total: seen.append((stage, done, total)))
    count = corpus.count()
    corpus.close()
    issues = [s for s in seen if s[0] == "issues"]
    assert issues and issues[-1] == ("issues", count, count)


def test_the_bar_and_the_app_line_show_the_issues_stage():
    from newsexplorer.tui.catalog_edit import progress_reporter
    from newsexplorer.tui.progress import RunCounts

    counts = RunCounts()
    counts.update("commit", 7225, 7225)
    counts.update("issues", 1234, 7225)
    assert counts.describe() == "finding issues again: 1,234/7,225 articles"
    assert counts.completed() == 1234 and counts.total() == 7225

    class App:  # what the app thread would receive
        def __init__(self):
            self.calls = []

        def call_from_thread(self, fn, app, done, total):
            self.calls.append((done, total))

    app = App()
    report = progress_reporter(app)
    for done in range(0, 7226, 200):
        report("issues", done, 7225)
    report("issues", 7225, 7225)
    assert app.calls[0] == (0, 7225) and app.calls[-1] == (7225, 7225)  # the start and the end always show


def test_switching_back_to_an_earlier_catalog_parses_nothing(seeds_index):
    other = '[catalog]\ngate = "none"\n[[issue]]\nid = "kyiv"\ntitle = "Kyiv"\nterms = ["Kyiv"]\n'
    seeds_index.apply_catalog(PEACE)
    _, _, first = seeds_index.apply_catalog(text=other)
    seeds_index.apply_catalog(PEACE)
    seeds_index.apply_catalog(PEACE)
    _, _, back = seeds_index.apply_catalog(text=other)
    assert first.parsed > 0 and back.parsed == 0 and back.changed == first.changed > 0


NEW_CATALOG = """[catalog]
name = "Guarantees and land"
gate = "none"

[[issue]]
id = "guarantees"
title = "Security guarantees"
query = '"security guarantees" OR backstop'

[[issue]]
id = "land"
title = "Land"
terms = ["territory", "Donbas"]
patterns = ['donetsk\\w*']
"""


def test_a_new_catalog_applied_gives_the_checklist_a_full_reindex_gives(seeds_index, tmp_path):
    """Applying a catalog never seen before to an index (pre-checks, memo, batched parses) and indexing the same
    files from scratch with that catalog give the same checklist and the same stored issues."""
    path = tmp_path / "new.toml"
    path.write_text(NEW_CATALOG, encoding="utf-8")
    seeds_index.apply_catalog(PEACE)  # an index that had another catalog
    seeds_index.apply_catalog(path)
    fresh, _ = Corpus.build(tmp_path / "fresh", [SEEDS], enrich=make_enricher(path, entities=False))
    try:
        assert stored(seeds_index) == stored(fresh)
        rollup = seeds_index.issue_rollup()
        assert rollup == fresh.issue_rollup()
        assert {e["id"] for e in rollup if e["article_count"]} == {"guarantees", "land"}
    finally:
        fresh.close()


@pytest.fixture
def with_helper(monkeypatch):
    """Every apply shares its chunks with a helper process (as a big index's does), in small chunks so both
    processes get some; counts the chunks the helper sent back."""
    from newsexplorer.index.enrich import apply_helper

    monkeypatch.setattr(apply_helper, "MIN_ARTICLES", 0)
    monkeypatch.setattr(apply_helper, "cores", lambda: 2)
    monkeypatch.setattr(apply_helper, "load", lambda: 0.0)  # an idle machine, whatever the test machine's load
    monkeypatch.delenv(apply_helper.ENV_SWITCH, raising=False)
    monkeypatch.setattr(apply_mod, "CHUNK", 2)
    collected = []
    real = apply_helper._collect

    def counting(future):
        got = real(future)
        collected.append(got is not None)
        return got

    monkeypatch.setattr(apply_helper, "_collect", counting)
    return collected


def test_a_helper_process_gives_the_same_issues_and_fills_the_memo(seeds_index, tmp_path, with_helper):
    """A big apply's second process (apply_helper): the stored issues and the checklist are those of a fresh index
    built with the catalog, and what the helper detected is in the memo afterwards (a re-apply parses nothing)."""
    path = tmp_path / "new.toml"
    path.write_text(NEW_CATALOG, encoding="utf-8")
    seeds_index.apply_catalog(path)
    assert with_helper and all(with_helper)  # the helper did chunks and none failed
    fresh, _ = Corpus.build(tmp_path / "fresh", [SEEDS], enrich=make_enricher(path, entities=False))
    try:
        assert stored(seeds_index) == stored(fresh)
        assert seeds_index.issue_rollup() == fresh.issue_rollup()
    finally:
        fresh.close()
    _, _, again = seeds_index.apply_catalog()
    assert again.parsed == 0 and again.changed == 0


def test_a_failed_helper_only_makes_the_apply_slower(seeds_index, monkeypatch, with_helper):
    """A helper that breaks (killed, out of memory) hands its chunks back: this process detects them itself."""
    from newsexplorer.index.enrich import apply_helper

    monkeypatch.setattr(apply_helper, "_collect", lambda future: None)
    catalog, _, report = seeds_index.apply_catalog(PEACE)
    rows = seeds_index.store.db.execute("SELECT id, text, title, date FROM articles").fetchall()
    assert report.with_issues >= 3
    assert stored(seeds_index) == {i: issue_mentions(t, catalog, detect_issues, ti, d) for i, t, ti, d in rows}


def test_a_helper_is_started_only_for_a_big_index_with_a_core_to_spare(monkeypatch):
    from newsexplorer.index.enrich import apply_helper

    catalog = load_catalog(PEACE)
    monkeypatch.delenv(apply_helper.ENV_SWITCH, raising=False)
    monkeypatch.setattr(apply_helper, "cores", lambda: 2)
    monkeypatch.setattr(apply_helper, "load", lambda: 0.4)
    assert apply_helper.wanted(apply_helper.MIN_ARTICLES, catalog)
    assert not apply_helper.wanted(apply_helper.MIN_ARTICLES - 1, catalog)  # a small index: one process
    monkeypatch.setattr(apply_helper, "load", lambda: 3.0)
    assert not apply_helper.wanted(apply_helper.MIN_ARTICLES, catalog)  # every core busy already
    monkeypatch.setattr(apply_helper, "load", lambda: 0.4)
    monkeypatch.setattr(apply_helper, "cores", lambda: 1)
    assert not apply_helper.wanted(apply_helper.MIN_ARTICLES, catalog)
    monkeypatch.setattr(apply_helper, "cores", lambda: 2)
    monkeypatch.setenv(apply_helper.ENV_SWITCH, "0")
    assert not apply_helper.wanted(apply_helper.MIN_ARTICLES, catalog)
    monkeypatch.setenv(apply_helper.ENV_SWITCH, "1")  # forced (a benchmark): whatever the load
    monkeypatch.setattr(apply_helper, "load", lambda: 3.0)
    assert apply_helper.wanted(apply_helper.MIN_ARTICLES, catalog)
