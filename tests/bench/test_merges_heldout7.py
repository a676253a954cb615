"""The seventh held-out merge set stays scoreable and honest: it parses, keeps its policy and its mix, names nothing an
earlier pair file names, points at no story an earlier file used, and every pair points at real text.

A pair whose article id no longer matches bench/ner_cache.py's ids, or whose name is not in that text, would be
scored as "not found" and silently inflate the must-not-merge figure; a `why` quote that is not in the text could
not be audited; a name or a story shared with a file the rules were tuned on (or with heldout6) would make the set
less than held out.
"""
from __future__ import annotations

from ..merge_pairs import LABELS, assert_policy, names_shared_with, read_pairs, text_problems

HELDOUT7 = LABELS / "merges_heldout7.toml"
EARLIER = ("merges.toml", "merges_heldout2.toml", "merges_heldout4.toml", "merges_heldout5.toml",
           "merges_heldout6.toml")
MIN_MERGE, MIN_APART = 120, 100


def _pairs() -> list[dict]:
    return read_pairs(HELDOUT7)


def test_heldout7_pairs_follow_the_policy():
    assert_policy(_pairs(), "heldout7", MIN_MERGE, MIN_APART)


def test_heldout7_leans_on_the_sources_earlier_files_used_least():
    """C50 stories, AG News and 20 Newsgroups, which earlier files drew on least for their size, hold a third or more."""
    pairs = _pairs()
    fresh = sum(p["corpus"] in ("agnews", "20ng") or p.get("article", "").startswith("c50/") for p in pairs)
    assert fresh * 3 >= len(pairs), fresh


def test_heldout7_names_no_name_of_an_earlier_pair_file():
    shared = names_shared_with(_pairs(), EARLIER)
    assert not shared, shared


def test_heldout7_uses_no_story_an_earlier_pair_file_used():
    theirs = {p["article"] for f in EARLIER for p in read_pairs(LABELS / f) if "article" in p}
    shared = sorted({p["article"] for p in _pairs() if "article" in p} & theirs)
    assert not shared, shared


def test_every_heldout7_name_article_and_quote_is_in_its_corpus(corpora, monkeypatch):
    problems = text_problems(_pairs(), monkeypatch)
    assert not problems, problems
