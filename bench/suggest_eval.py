"""Print `catalog suggest` for an index, compactly, for judging by reading (figures: bench/suggest/judgements.md).

    python bench/suggest_eval.py INDEX_DIR [--limit N] [--scope QUERY]

A suggestion counts as finding a reference issue when its example sentences are evidence of that issue; it is
noise when they are evidence of no issue of the story; a second suggestion for an issue already found is a
duplicate. Reference issues: seeds/catalog.toml (peace talks, 11) and bench/suggest/yukos_catalog.toml (Yukos, 10,
written before suggest was first run on it).
"""
from __future__ import annotations

import argparse
import time

from newsexplorer.index import Corpus
from newsexplorer.index.enrich.catalog import parse_catalog
from newsexplorer.index.enrich.suggest import suggest_catalog


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("index_dir")
    ap.add_argument("--limit", type=int, default=15)
    ap.add_argument("--scope")
    args = ap.parse_args()
    corpus = Corpus.open(args.index_dir)
    started = time.perf_counter()
    text, count = suggest_catalog(corpus, limit=args.limit, scope=args.scope)
    took = time.perf_counter() - started
    catalog = parse_catalog(text, "<suggested>")  # what suggest writes must load as a catalog
    examples = [line[7:] for line in text.splitlines() if line.startswith("# e.g. ")]
    print(f"{count} suggestions in {took:.1f}s ({corpus.count()} articles)")
    for n, issue in enumerate(catalog.issues, 1):
        print(f"{n:2}. {issue.title}  [{', '.join(issue.terms)}]")
    print(f"{len(examples)} example sentences (read them in the TOML: newsexplorer catalog suggest)")


if __name__ == "__main__":
    main()
