"""Merge quality on the labelled pairs of bench/labels/merges.toml: alias-link precision and must-merge recall,
dev and held-out side by side, plus the number of entities that are punctuation, a stop word or one character.

The model's spans come from bench/ner_cache.py (computed once); the article corrections and the corpus
canonicalisation run here, so the figures are those of the current rules.
Usage: python bench/eval_merges.py [--failures]   (--failures lists the failing *dev* pairs, never held-out ones)
"""
from __future__ import annotations

import sys
import time
import tomllib
from collections import Counter
from pathlib import Path

from ner_cache import raw_spans, read_corpus

from newsexplorer.index.enrich.aliases import canonicalize, normalise
from newsexplorer.index.enrich.corrections import NUMERIC_LABELS, correct

LABELS = Path(__file__).resolve().parent / "labels" / "merges.toml"
CORPORA = {"bbc+c50": ("bbc", "c50"), "agnews": ("agnews",)}


def corrected(parts: tuple[str, ...]) -> dict[str, list[dict]]:
    out = {}
    for part in parts:
        texts, spans = read_corpus(part), raw_spans(part)
        out.update({aid: correct(texts[aid], spans.get(aid, [])) for aid in texts})
    return out


def canonical_names(spans: dict[str, list[dict]]):
    """normalised name → Counter of canonical entities, corpus-wide and per article."""
    corpus: dict[str, Counter] = {}
    per_article: dict[tuple[str, str], Counter] = {}
    for aid, article_spans in spans.items():
        for s in article_spans:
            if s["label"] in NUMERIC_LABELS:
                continue
            ident = (s["canonical"], s["label"])
            for key in {normalise(s["text"]), normalise(s["text"], person=False)}:
                corpus.setdefault(key, Counter())[ident] += 1
                per_article.setdefault((aid, key), Counter())[ident] += 1
    return corpus, per_article


def _top(counter: Counter | None):
    return counter.most_common(1)[0][0] if counter else None


def judge(pair: dict, corpus, per_article) -> tuple[bool, bool]:
    """(merged, found): found is False when the extractor has no mention of a or of b in scope."""
    a = _top(corpus.get(normalise(pair["a"])) or corpus.get(normalise(pair["a"], person=False)))
    if "article" in pair:
        counts = per_article.get((pair["article"], normalise(pair["b"]))) or \
            per_article.get((pair["article"], normalise(pair["b"], person=False)))
    else:
        counts = corpus.get(normalise(pair["b"])) or corpus.get(normalise(pair["b"], person=False))
    b = _top(counts)
    if a is None or b is None:
        return False, False
    return a[0] == b[0], True


STOP_WORDS = None


def junk_entities(table: list[dict]) -> list[str]:
    """Entities (canonical name or an alias) that are punctuation, a stop word or a single character."""
    global STOP_WORDS
    if STOP_WORDS is None:
        from spacy.lang.en.stop_words import STOP_WORDS as words
        STOP_WORDS = words
    bad = []
    for entry in table:
        for form in [entry["canonical"], *entry["aliases"]]:
            letters = [c for c in form if c.isalnum()]
            word = form.strip()
            if len(letters) <= 1 or (word.casefold() in STOP_WORDS and not (word.isupper() and len(word) > 1)):
                bad.append(f'{form!r} ({entry["label"]}, in "{entry["canonical"]}")')
    return bad


def main() -> None:
    show = "--failures" in sys.argv
    pairs = tomllib.loads(LABELS.read_text(encoding="utf-8"))["pair"]
    tally = {split: Counter() for split in ("dev", "heldout")}
    failures, junk = [], []
    for corpus_name, parts in CORPORA.items():
        began = time.perf_counter()
        spans, table = canonicalize(corrected(parts))
        print(f"{corpus_name}: {len(spans)} articles, {len(table)} entities ({time.perf_counter() - began:.0f} s)")
        if corpus_name == "bbc+c50":
            junk = junk_entities(table)
        corpus, per_article = canonical_names(spans)
        for pair in (p for p in pairs if p["corpus"] == corpus_name):
            merged, found = judge(pair, corpus, per_article)
            t = tally[pair["split"]]
            kind = "merge" if pair["merge"] else "apart"
            t[f"{kind}_n"] += 1
            t[f"{kind}_merged"] += merged
            t[f"{kind}_missing"] += not found
            if merged != pair["merge"] and pair["split"] == "dev":
                failures.append(f'  {"MISSED" if pair["merge"] else "FALSE MERGE"}: {pair["a"]!r} ~ {pair["b"]!r}'
                                f'{" in " + pair["article"] if "article" in pair else ""}'
                                f'{"" if found else " (not found)"}')
    print(f"\n{'':28}{'dev (rules written on it)':>28}{'held-out (never looked at)':>30}")
    rows = []
    for split in ("dev", "heldout"):
        t = tally[split]
        links = t["merge_merged"] + t["apart_merged"]
        rows.append((f'{t["merge_merged"] / links if links else 1:.3f} ({t["merge_merged"]}/{links})',
                     f'{t["merge_merged"] / t["merge_n"]:.3f} ({t["merge_merged"]}/{t["merge_n"]})',
                     f'{t["apart_n"] - t["apart_merged"]}/{t["apart_n"]}',
                     f'{t["merge_missing"]} + {t["apart_missing"]}'))
    for i, name in enumerate(("alias-link precision", "must-merge recall", "must-not kept apart",
                              "pairs not found (merge+not)")):
        print(f"{name:28}{rows[0][i]:>28}{rows[1][i]:>30}")
    print(f"\npunctuation / stop-word / single-character entities over BBC + C50: {len(junk)}")
    for line in junk[:20]:
        print("  ", line)
    if show:
        print("\nfailing dev pairs:", *failures, sep="\n")


if __name__ == "__main__":
    main()
