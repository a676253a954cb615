"""The second held-out merge set stays scoreable: it parses, keeps its policy, and every pair points at real text.

A pair whose article id no longer matches bench/ner_cache.py's ids, or whose name is not in that text, would be
scored as "not found" and silently inflate the must-not-merge figure.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

from ..merge_pairs import assert_policy, pairs_by_corpus, word

REPO = Path(__file__).resolve().parents[2]
LABELS = REPO / "bench" / "labels" / "merges_heldout2.toml"
PARTS = {"reuters21578": ("reuters21578",), "20ng": ("20ng",), "ukraine": ("ukraine_articles", "ukraine_dev")}


def _pairs() -> list[dict]:
    return tomllib.loads(LABELS.read_text(encoding="utf-8"))["pair"]


def test_heldout2_pairs_follow_the_policy():
    assert_policy(_pairs(), "heldout2", 100, 100, corpora=tuple(PARTS))


def test_every_heldout2_name_and_article_is_in_its_corpus(corpora, monkeypatch):
    problems = []
    for name, pairs, texts, everything in pairs_by_corpus(_pairs(), PARTS, monkeypatch):
        for p in pairs:
            if "article" in p:
                if p["article"] not in texts:
                    problems.append(f"{p['article']}: no such article in {name}")
                elif not word(p["b"]).search(texts[p["article"]]):
                    problems.append(f"{p['b']!r} is not in {p['article']}")
            elif not word(p["b"]).search(everything):
                problems.append(f"{p['b']!r} is nowhere in {name}")
            if p["a"] not in everything:
                problems.append(f"{p['a']!r} is nowhere in {name}")
    assert not problems, problems
