"""What the merge-pair label tests share: each pair file's pairs grouped by corpus, with that corpus's texts read as
bench/ner_cache.py reads them (the ids the evaluator scores by), and a whole-word pattern for a name."""
from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


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
