"""The fifth held-out merge set stays scoreable and honest: it parses, keeps its policy and its mix, names nothing an
earlier pair file names, and every pair points at real text.

A pair whose article id no longer matches bench/ner_cache.py's ids, or whose name is not in that text, would be
scored as "not found" and silently inflate the must-not-merge figure; a `why` quote that is not in the text could
not be audited; a name shared with a file the rules were tuned on (or with heldout4) would make the set less than
held out.
"""
from __future__ import annotations

from ..merge_pairs import LABELS, assert_policy, names_shared_with, read_pairs, text_problems

HELDOUT5 = LABELS / "merges_heldout5.toml"
EARLIER = ("merges.toml", "merges_heldout2.toml", "merges_heldout4.toml")
MIN_MERGE, MIN_APART = 120, 100


def _pairs() -> list[dict]:
    return read_pairs(HELDOUT5)


def test_heldout5_pairs_follow_the_policy():
    assert_policy(_pairs(), "heldout5", MIN_MERGE, MIN_APART)


def test_heldout5_leans_on_the_sources_earlier_files_used_least():
    """A third or more of the pairs come from Reuters C50 stories and AG News, which earlier files drew on least."""
    pairs = _pairs()
    fresh = sum(p["corpus"] == "agnews" or p.get("article", "").startswith("c50/") for p in pairs)
    assert fresh * 3 >= len(pairs), fresh


def test_heldout5_names_no_name_of_an_earlier_pair_file():
    shared = names_shared_with(_pairs(), EARLIER)
    assert not shared, shared


def test_every_heldout5_name_article_and_quote_is_in_its_corpus(corpora, monkeypatch):
    problems = text_problems(_pairs(), monkeypatch)
    assert not problems, problems
