"""Words per second of bare spaCy nlp.pipe vs EntityExtractor.pipe (model + corrections) on the same articles,
and the process's peak RSS. Usage: python bench/ner_throughput.py [N_BBC_ARTICLES]"""
from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

from newsexplorer.index.enrich.entities import EntityExtractor, load_model

CORPORA = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora"
BATCH = 8
ROUNDS = 3  # alternate bare/ours and keep each one's best: other load on the machine skews single runs


def articles(n_bbc: int) -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted((CORPORA / "ukraine_articles").glob("*.txt"))]
    bbc = sorted((CORPORA / "bbc").glob("*/*.txt"))[:: max(1, 2225 // max(n_bbc, 1))][:n_bbc]
    texts += [p.read_text(encoding="utf-8", errors="replace") for p in bbc]
    return texts


def rate(words: int, run) -> float:
    began = time.perf_counter()
    run()
    return words / (time.perf_counter() - began)


def main() -> None:
    texts = articles(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
    words = sum(len(t.split()) for t in texts)
    nlp = load_model()
    list(nlp.pipe(texts[:5]))  # warm-up
    extractor = EntityExtractor()
    list(extractor.pipe(texts[:5]))
    bare = ours = 0.0
    for _ in range(ROUNDS):
        bare = max(bare, rate(words, lambda: [len(doc.ents) for doc in nlp.pipe(texts, batch_size=BATCH)]))
        ours = max(ours, rate(words, lambda: [len(spans) for spans in extractor.pipe(texts, batch_size=BATCH)]))
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{len(texts)} articles, {words} words, batch {BATCH}, pipeline {nlp.pipe_names}")
    print(f"bare nlp.pipe          {bare:8.0f} words/s")
    print(f"EntityExtractor.pipe   {ours:8.0f} words/s  ({ours / bare:.0%} of bare)")
    print(f"peak RSS               {peak_mib:8.0f} MiB")


if __name__ == "__main__":
    main()
