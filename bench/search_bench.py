"""Index throughput, index size and search latency (with top-10 snippets) beside SQLite FTS5 on the same data.

    python bench/search_bench.py [--index-dir DIR] [--queries 300]

Indexes BBC (2,225) + Reuters C50 (5,000) from ../shared/corpora with enrichment off, then runs the same
query mix through Corpus.search and through an FTS5 table (porter tokenizer, bm25, snippet()); then the same
queries newest first, and Corpus.facets over every match. With --index-dir an existing index there is reused
(built on the first run), so repeated runs only time the searches.
"""
from __future__ import annotations

import argparse
import random
import re
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from newsexplorer.index import Corpus
from newsexplorer.index.store.search_index import INDEX_DIRNAME

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"


def dir_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def make_queries(texts: list[str], n: int, seed: int = 7) -> list[str]:
    """1–3 word queries and 2-word phrases drawn from the articles themselves (so most find something)."""
    rng = random.Random(seed)
    stop = {"the", "and", "that", "with", "for", "was", "his", "her", "has", "have", "from", "said", "this", "are",
            "were", "but", "not", "they", "which", "will", "been", "their", "its", "would", "also", "had", "who"}
    queries = []
    while len(queries) < n:
        words = [w.lower() for w in re.findall(r"[A-Za-z]{3,}", rng.choice(texts))]
        words = [w for w in words if w not in stop]
        if len(words) < 4:
            continue
        kind = len(queries) % 4
        i = rng.randrange(len(words) - 3)
        if kind == 3:
            queries.append(f'"{words[i]} {words[i + 1]}"')
        else:
            queries.append(" ".join(rng.sample(words, kind + 1)))
    return queries


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def fts_query(q: str) -> str:
    if q.startswith('"'):
        return q
    return " AND ".join(f'"{w}"' for w in q.split())


def fts_table(rows: list[tuple]) -> sqlite3.Connection:
    """An in-memory FTS5 table of (id, title, body) rows: porter stemming, accents folded."""
    fts = sqlite3.connect(":memory:")
    fts.execute("CREATE VIRTUAL TABLE fts USING fts5(id UNINDEXED, title, body, tokenize='porter unicode61 remove_diacritics 2')")
    fts.executemany("INSERT INTO fts VALUES (?,?,?)", rows)
    fts.commit()
    return fts


def time_queries(corpus, fts: sqlite3.Connection, queries: list[str]) -> tuple[list[float], list[float], int]:
    """ms per query, top 10 with snippets, through Corpus.search and through FTS5 in turn; and how many had hits."""
    corpus.search("warmup", limit=10)
    whoosh_ms, fts_ms, found = [], [], 0
    for q in queries:
        t0 = time.perf_counter()
        result = corpus.search(q, limit=10, suggest=False)
        whoosh_ms.append((time.perf_counter() - t0) * 1000)
        found += bool(result.hits)
        t0 = time.perf_counter()
        fts.execute("SELECT id, title, snippet(fts, 2, '[', ']', '…', 24) FROM fts WHERE fts MATCH ? "
                    "ORDER BY bm25(fts, 2.5, 1.0) LIMIT 10", (fts_query(q),)).fetchall()
        fts_ms.append((time.perf_counter() - t0) * 1000)
    return whoosh_ms, fts_ms, found


def time_facets(corpus, queries: list[str]) -> tuple[list[float], float, float]:
    """ms of Corpus.facets per query; the first call (builds the table); every article."""
    t0 = time.perf_counter()
    corpus.facets("")
    first = (time.perf_counter() - t0) * 1000
    facet_ms = []
    for q in queries:
        t0 = time.perf_counter()
        corpus.facets(q)
        facet_ms.append((time.perf_counter() - t0) * 1000)
    t0 = time.perf_counter()
    corpus.facets("")
    return facet_ms, first, (time.perf_counter() - t0) * 1000


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--index-dir", type=Path)
    ap.add_argument("--queries", type=int, default=300)
    args = ap.parse_args()
    if not CORPORA.is_dir():
        print(f"no corpora at {CORPORA}", file=sys.stderr)
        return 2
    data_dir = args.index_dir or Path(tempfile.mkdtemp(prefix="nx-bench-"))
    sources = [CORPORA / "bbc", CORPORA / "reuters_c50"]

    if not (data_dir / INDEX_DIRNAME).exists():
        t0 = time.perf_counter()
        corpus, report = Corpus.build(data_dir, sources, enrich=None)
        took = time.perf_counter() - t0
        n = corpus.count()
        print(f"indexed {n} articles in {took:.1f} s: {n / took:.0f} articles/s "
              f"({len(report.rejected)} rejected, {report.duplicates} duplicates)")
    else:
        corpus = Corpus.open(data_dir)
        n = corpus.count()
    whoosh_mb = dir_mb(data_dir / INDEX_DIRNAME)
    store_mb = (data_dir / "articles.db").stat().st_size / 2**20
    print(f"index size: Whoosh {whoosh_mb:.1f} MB = {whoosh_mb / n * 1000:.2f} MB per 1,000 articles; "
          f"article store {store_mb:.1f} MB")

    rows = corpus.store.every("id, title, text")
    texts = [r[2] for r in rows]
    queries = make_queries(texts, args.queries)

    t0 = time.perf_counter()
    fts = fts_table(rows)
    print(f"FTS5 built in {time.perf_counter() - t0:.1f} s")

    whoosh_ms, fts_ms, found = time_queries(corpus, fts, queries)
    w50, w95, f50, f95 = pct(whoosh_ms, 50), pct(whoosh_ms, 95), pct(fts_ms, 50), pct(fts_ms, 95)
    print(f"{len(queries)} queries ({found} with hits), top-10 with snippets:")
    print(f"  Corpus.search  p50 {w50:.1f} ms  p95 {w95:.1f} ms  mean {statistics.mean(whoosh_ms):.1f} ms")
    print(f"  SQLite FTS5    p50 {f50:.1f} ms  p95 {f95:.1f} ms  mean {statistics.mean(fts_ms):.1f} ms")
    print(f"  ratio p95 {w95 / f95:.2f}x (target <= 2x)")
    for kind, pick in (("words", lambda q: not q.startswith('"')), ("phrases", lambda q: q.startswith('"'))):
        w = [t for q, t in zip(queries, whoosh_ms) if pick(q)]
        f = [t for q, t in zip(queries, fts_ms) if pick(q)]
        print(f"  {kind:8} ({len(w)}): Corpus.search p50 {pct(w, 50):.1f} / p95 {pct(w, 95):.1f} ms, "
              f"FTS5 p50 {pct(f, 50):.1f} / p95 {pct(f, 95):.1f} ms")

    date_ms = []
    for q in queries:
        t0 = time.perf_counter()
        corpus.search(q, limit=10, sort="date", suggest=False)
        date_ms.append((time.perf_counter() - t0) * 1000)
    print(f"newest first (sort='date'), top-10 with snippets: p50 {pct(date_ms, 50):.1f} ms  "
          f"p95 {pct(date_ms, 95):.1f} ms")

    facet_ms, first, every = time_facets(corpus, queries)
    print(f"facets over every match (outlet, person, org, place, issue): p50 {pct(facet_ms, 50):.1f} ms  "
          f"p95 {pct(facet_ms, 95):.1f} ms; all articles {every:.1f} ms; first call (builds the table) {first:.0f} ms")
    if not args.index_dir:
        corpus.close()
        shutil.rmtree(data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
