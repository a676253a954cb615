"""The fifth held-out merge set stays scoreable and honest: it parses, keeps its policy and its mix, names nothing an
earlier pair file names, and every pair points at real text.

A pair whose article id no longer matches bench/ner_cache.py's ids, or whose name is not in that text, would be
scored as "not found" and silently inflate the must-not-merge figure; a `why` quote that is not in the text could
not be audited; a name shared with a file the rules were tuned on (or with heldout4) would make the set less than
held out.
"""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

from ..merge_pairs import pairs_by_corpus, word

REPO = Path(__file__).resolve().parents[2]
LABELS = REPO / "bench" / "labels"
HELDOUT5 = LABELS / "merges_heldout5.toml"
EARLIER = ("merges.toml", "merges_heldout2.toml", "merges_heldout4.toml")
PARTS = {"bbc+c50": ("bbc", "c50"), "agnews": ("agnews",), "reuters21578": ("reuters21578",), "20ng": ("20ng",),
         "ukraine": ("ukraine_articles", "ukraine_dev")}
MIN_MERGE, MIN_APART = 120, 100


def _pairs(path: Path = HELDOUT5) -> list[dict]:
    return tomllib.loads(path.read_text(encoding="utf-8"))["pair"]


def test_heldout5_pairs_follow_the_policy():
    pairs = _pairs()
    assert all(set(p) <= {"a", "b", "merge", "corpus", "article", "split", "why"} for p in pairs)
    assert all(p["split"] == "heldout5" and isinstance(p["merge"], bool) and p["why"].strip() for p in pairs)
    assert all(p["corpus"] in PARTS and p["a"] != p["b"] for p in pairs)
    assert sum(p["merge"] for p in pairs) >= MIN_MERGE and sum(not p["merge"] for p in pairs) >= MIN_APART
    keys = [(p["a"], p["b"], p["corpus"], p.get("article")) for p in pairs]
    assert len(keys) == len(set(keys)), "a pair is listed twice"


def test_heldout5_leans_on_the_sources_earlier_files_used_least():
    """A third or more of the pairs come from Reuters C50 stories and AG News, which earlier files drew on least."""
    pairs = _pairs()
    fresh = sum(p["corpus"] == "agnews" or p.get("article", "").startswith("c50/") for p in pairs)
    assert fresh * 3 >= len(pairs), fresh


def test_heldout5_names_no_name_of_an_earlier_pair_file():
    earlier = {name for f in EARLIER for p in _pairs(LABELS / f) for name in (p["a"], p["b"])}
    shared = sorted({name for p in _pairs() for name in (p["a"], p["b"])} & earlier)
    assert not shared, shared


def _collapsed(text: str) -> str:
    return " ".join(text.split())


def test_every_heldout5_name_article_and_quote_is_in_its_corpus(corpora, monkeypatch):
    problems = []
    for name, pairs, texts, everything in pairs_by_corpus(_pairs(), PARTS, monkeypatch):
        collapsed = _collapsed(everything)
        for p in pairs:
            if "article" in p:
                if p["article"] not in texts:
                    problems.append(f"{p['article']}: no such article in {name}")
                    continue
                if not word(p["b"]).search(texts[p["article"]]):
                    problems.append(f"{p['b']!r} is not in {p['article']}")
                scope = _collapsed(texts[p["article"]])
            else:
                if not word(p["b"]).search(everything):
                    problems.append(f"{p['b']!r} is nowhere in {name}")
                scope = collapsed
            if not word(p["a"]).search(everything):
                problems.append(f"{p['a']!r} is nowhere in {name}")
            for quote in re.findall(r'"([^"]+)"', p["why"]):
                if _collapsed(quote) not in scope:
                    problems.append(f"why of {p['a']!r} ~ {p['b']!r} quotes {quote!r}, not in "
                                    f"{p.get('article', name)}")
    assert not problems, problems
