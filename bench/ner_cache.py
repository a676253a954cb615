"""Raw model spans for the general-news corpora, computed once and cached in bench/results/ (not committed).

The merge evaluation re-runs the article corrections and the corpus canonicalisation on these stored spans, so a
changed rule is scored in seconds instead of re-running spaCy over 15,000 articles.
Usage: python bench/ner_cache.py [bbc|c50|agnews|reuters21578|20ng|ukraine_articles|ukraine_dev ...]
       (bbc, c50 and agnews without arguments)
"""
from __future__ import annotations

import csv
import gzip
import html
import json
import re
import sys
import time
from pathlib import Path

CORPORA = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora"
CACHE = Path(__file__).resolve().parent / "results"
# The held-out-2 merge pairs (labels/merges_heldout2.toml) use these newsgroups only: named people and organisations.
NEWSGROUPS = ("talk.politics.mideast", "talk.politics.misc", "sci.space", "rec.sport.hockey", "rec.sport.baseball")


def read_corpus(name: str) -> dict[str, str]:
    """article id → text, in a fixed order."""
    if name == "bbc":
        return {f"bbc/{p.parent.name}/{p.name}": p.read_bytes().decode("utf-8", errors="replace")
                for p in sorted((CORPORA / "bbc").glob("*/*.txt"))}
    if name == "c50":
        return {f"c50/{p.parent.parent.name}/{p.parent.name}/{p.name}": p.read_text(encoding="utf-8", errors="replace")
                for p in sorted((CORPORA / "reuters_c50").glob("*/*/*.txt"))}
    if name == "agnews":
        with open(CORPORA / "agnews" / "test.csv", encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        return {f"agnews/{i}": _agnews_text(title, body) for i, (_, title, body) in enumerate(rows, 1)}
    if name == "reuters21578":
        texts = {}
        with open(CORPORA / "reuters21578" / "reuters21578_parsed.jsonl", encoding="utf-8") as f:
            for line in f:
                record = json.loads(line)
                if record["body"].strip():
                    texts[f"reuters21578/{record['newid']}"] = f"{record['title'] or ''}\n\n{record['body']}"
        return texts
    if name == "20ng":
        return {f"20ng/{p.parent.parent.name}/{p.parent.name}/{p.name}": p.read_bytes().decode("latin-1")
                for split in ("20news-bydate-train", "20news-bydate-test") for group in NEWSGROUPS
                for p in sorted((CORPORA / "20newsgroups" / split / group).iterdir(), key=lambda p: int(p.name))}
    if name in ("ukraine_articles", "ukraine_dev"):
        return {f"{name}/{p.name}": p.read_text(encoding="utf-8", errors="replace")
                for p in sorted((CORPORA / name).glob("*.txt"))}
    raise SystemExit(f"unknown corpus {name!r} (expected bbc, c50, agnews, reuters21578, 20ng, ukraine_articles "
                     "or ukraine_dev)")


def _agnews_text(title: str, body: str) -> str:
    """AG News keeps entities without their "&" ("#39;") and "\\" for line breaks."""
    text = html.unescape(f"{title}\n\n{body}".replace("\\", " "))
    return re.sub(r"#(\d{2,4});", lambda m: chr(int(m.group(1))), text)


def cache_path(name: str) -> Path:
    return CACHE / f"raw_spans_{name}.json.gz"


def raw_spans(name: str) -> dict[str, list[dict]]:
    """article id → the bare model's spans (computed and cached on first use)."""
    path = cache_path(name)
    if path.exists():
        return json.loads(gzip.decompress(path.read_bytes()))
    from newsexplorer.index.enrich.entities import EntityExtractor

    texts = read_corpus(name)
    began = time.perf_counter()
    out = dict(zip(texts, EntityExtractor(corrections=False).pipe(texts.values())))
    CACHE.mkdir(exist_ok=True)
    path.write_bytes(gzip.compress(json.dumps(out).encode()))
    print(f"{name}: {len(out)} articles in {time.perf_counter() - began:.0f} s", file=sys.stderr)
    return out


if __name__ == "__main__":
    for corpus in sys.argv[1:] or ["agnews", "bbc", "c50"]:
        raw_spans(corpus)
