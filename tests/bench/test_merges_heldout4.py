"""The fourth held-out merge set stays scoreable and honest: it parses, keeps its policy, names nothing an earlier
pair file names, and every pair points at real text.

A pair whose article id no longer matches bench/ner_cache.py's ids, or whose name is not in that text, would be
scored as "not found" and silently inflate the must-not-merge figure; a `why` quote that is not in the text could
not be audited; a name shared with a file the rules were tuned on would make the set less than held out.
"""
from __future__ import annotations

from ..merge_pairs import LABELS, assert_policy, names_shared_with, read_pairs, text_problems

HELDOUT4 = LABELS / "merges_heldout4.toml"
EARLIER = ("merges.toml", "merges_heldout2.toml")


def _pairs() -> list[dict]:
    return read_pairs(HELDOUT4)


def test_heldout4_pairs_follow_the_policy():
    assert_policy(_pairs(), "heldout4", 120, 100)


def test_heldout4_names_no_name_of_an_earlier_pair_file():
    shared = names_shared_with(_pairs(), EARLIER)
    assert not shared, shared


def test_every_heldout4_name_article_and_quote_is_in_its_corpus(corpora, monkeypatch):
    problems = text_problems(_pairs(), monkeypatch)
    assert not problems, problems
