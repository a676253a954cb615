"""What the merge-pair label tests share: each pair file's pairs grouped by corpus, with that corpus's texts read as
bench/ner_cache.py reads them (the ids the evaluator scores by), a whole-word pattern for a name, and the checks
every held-out pair file passes (its policy, no name of an earlier file, every name, article and quote in its text)."""
from __future__ import annotations

import re
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO / "bench" / "labels"
PARTS = {"bbc+c50": ("bbc", "c50"), "agnews": ("agnews",), "reuters21578": ("reuters21578",), "20ng": ("20ng",),
         "ukraine": ("ukraine_articles", "ukraine_dev")}


def read_pairs(path: Path) -> list[dict]:
    return tomllib.loads(path.read_text(encoding="utf-8"))["pair"]


def word(name: str) -> re.Pattern:
    return re.compile(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])")


def pairs_by_corpus(pairs: list[dict], parts: dict[str, tuple[str, ...]],
                    monkeypatch) -> Iterator[tuple[str, list[dict], dict[str, str], str]]:
    """(corpus name, its pairs, article id → text, every text joined) for each corpus the pairs name."""
    monkeypatch.syspath_prepend(str(REPO / "bench"))
    sys.modules.pop("ner_cache", None)
    from ner_cache import read_corpus

    by_corpus: dict[str, list[dict]] = {}
    for pair in pairs:
        by_corpus.setdefault(pair["corpus"], []).append(pair)
    for name, its_pairs in by_corpus.items():
        texts = {}
        for part in parts[name]:
            texts.update(read_corpus(part))
        yield name, its_pairs, texts, "\n".join(texts.values())


def assert_policy(pairs: list[dict], split: str, min_merge: int, min_apart: int, corpora=tuple(PARTS)) -> None:
    """Known keys only, every pair of `split` with a `why`, only `corpora`, the mix's minimum counts, no pair twice."""
    assert all(set(p) <= {"a", "b", "merge", "corpus", "article", "split", "why"} for p in pairs)
    assert all(p["split"] == split and isinstance(p["merge"], bool) and p["why"].strip() for p in pairs)
    assert all(p["corpus"] in corpora and p["a"] != p["b"] for p in pairs)
    assert sum(p["merge"] for p in pairs) >= min_merge and sum(not p["merge"] for p in pairs) >= min_apart
    keys = [(p["a"], p["b"], p["corpus"], p.get("article")) for p in pairs]
    assert len(keys) == len(set(keys)), "a pair is listed twice"


def names_shared_with(pairs: list[dict], earlier: tuple[str, ...]) -> list[str]:
    """The names of `pairs` that a pair file in `earlier` (names under bench/labels) also names."""
    theirs = {name for f in earlier for p in read_pairs(LABELS / f) for name in (p["a"], p["b"])}
    return sorted({name for p in pairs for name in (p["a"], p["b"])} & theirs)


def _collapsed(text: str) -> str:
    return " ".join(text.split())


def text_problems(pairs: list[dict], monkeypatch) -> list[str]:
    """One line per pair whose article, name or quoted `why` is not in its corpus's text (quotes compared with
    whitespace collapsed, within the pair's article where it has one)."""
    problems = []
    for name, its_pairs, texts, everything in pairs_by_corpus(pairs, PARTS, monkeypatch):
        collapsed = _collapsed(everything)
        for p in its_pairs:
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
    return problems
