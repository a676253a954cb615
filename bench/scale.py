"""A scaling curve: index and query 7k, 55k and 500k articles and print the same figures for each size.

    python bench/scale.py [--sizes 7k,55k,500k] [--entities 7k] [--workers 1,2] [--queries 300] [--keep DIR]
                          [--backend postgresql://…]

Sizes:
- 7k: BBC + Reuters C50 from ../shared/corpora;
- 55k: every shared corpus (BBC, C50, Reuters-21578, AG News, 20 Newsgroups, ukraine_articles, ukraine_dev);
- 500k: synthetic, without entities: the 55k index's articles (or --base-index DIR's) replicated with their words
  shuffled between documents of the same corpus (titles likewise), written as .txt files to a temp dir, so term
  statistics stay realistic. `--synthetic-articles N` changes the count (a small N to try the generator).

Per size: index articles/s without enrichment, and with entities on 1 and on 2 workers for the sizes in --entities
(dask LocalCluster, index/fanout.py; each run in a fresh process, as `newsexplorer index` is); index MB per 1,000
articles (Whoosh, article store); peak RSS of the whole process tree (dask workers included), and of each process
at that peak; query p50/p95 with top-10 snippets beside SQLite FTS5 on the same articles
and queries (bench/search_bench.py); facets p95; adding 10 new articles; the app's first paint and keystroke p95
(bench/tui_bench.py); with --backend, the same queries and facets on that backend (PostgreSQL), timed interleaved
with Whoosh and FTS5. Every figure is printed with the machine's load average while it was measured.
"""
from __future__ import annotations

import argparse
import asyncio
import math
import os
import random
import re
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fanout_bench  # noqa: E402  (reused: an index run with entities in a fresh process, memory per process)
import search_bench  # noqa: E402  (reused: queries, FTS5 table, timing loops)
from proctree import describe as describe_memory  # noqa: E402
import tui_bench  # noqa: E402  (reused: cold start in tmux, keystroke timing)

from newsexplorer.index import Corpus  # noqa: E402
from newsexplorer.index.store.search_index import INDEX_DIRNAME  # noqa: E402

CORPORA = search_bench.CORPORA
REAL = {
    "7k": ["bbc", "reuters_c50"],
    "55k": ["bbc", "reuters_c50", "reuters21578", "agnews", "20newsgroups", "ukraine_articles", "ukraine_dev"],
}
SYNTHETIC = "500k"
_WORD = re.compile(r"\S+")


class PeakRSS:
    """Peak resident memory of this process and all its children (dask workers), sampled every 0.2 s; and the CPU
    seconds they used (each process's last sample: a load-independent measure of the work done)."""

    def __init__(self):
        self.peak = 0
        self._cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self):
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for proc in [me, *me.children(recursive=True)]:
                try:
                    total += proc.memory_info().rss
                    times = proc.cpu_times()
                    self._cpu[proc.pid] = times.user + times.system
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            self._stop.wait(0.2)

    def __enter__(self):
        self._base = {}  # CPU already used before the measurement, by the processes that exist now
        for proc in [psutil.Process(), *psutil.Process().children(recursive=True)]:
            times = proc.cpu_times()
            self._base[proc.pid] = times.user + times.system
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    @property
    def cpu_s(self) -> float:
        return sum(self._cpu.values()) - sum(self._base.values())

    @property
    def mb(self) -> float:
        return self.peak / 2**20


class Load:
    """The 1-minute load average at the start and end of a measurement (2 cores: above 2 means others waited)."""

    def __enter__(self):
        self.start = os.getloadavg()[0]
        return self

    def __exit__(self, *exc):
        self.end = os.getloadavg()[0]

    def __str__(self):
        return f"load {self.start:.1f}→{self.end:.1f} on {os.cpu_count()} cores"


def index_once(data_dir: Path, paths: list[Path]) -> dict:
    """Index without enrichment in a fresh process, as `newsexplorer index --no-enrich` runs: this process's own
    memory (the 500k generator's word pools, an earlier size's index) must not count in the run's peak RSS."""
    shutil.rmtree(data_dir, ignore_errors=True)
    run = fanout_bench.one_run(1, paths, data_dir.parent, data_dir.name, mode="--plain-child")
    (data_dir.parent / f"{data_dir.name}.txt").unlink(missing_ok=True)
    return {"articles": run["articles"], "seconds": run["wall"], "rate": run["articles"] / run["wall"],
            "rss_mb": run["memory"]["peak_mb"], "cpu_s": run["cpu"], "rejected": run["rejected"],
            "duplicates": run["duplicates"],
            "load": f"load {run['load'][0]:.1f}→{run['load'][1]:.1f} on {os.cpu_count()} cores"}


def sizes_mb(data_dir: Path, n: int) -> tuple[float, float]:
    whoosh = search_bench.dir_mb(data_dir / INDEX_DIRNAME)
    store = (data_dir / "articles.db").stat().st_size / 2**20
    return whoosh / n * 1000, store / n * 1000


def shuffled_articles(rows: list[tuple[str, str, str]], count: int, out: Path, seed: int = 7) -> list[Path]:
    """`count` articles written under `out`: copies of `rows` (corpus, title, text) whose words are shuffled between
    documents of the same corpus; each document keeps its length, so the corpus's term statistics stay as they were."""
    by_corpus: dict[str, list[tuple[str, str]]] = {}
    for corpus, title, text in rows:
        by_corpus.setdefault(corpus, []).append((title, text))
    rng = random.Random(seed)
    written, replica = 0, 0
    while written < count:
        for corpus, docs in by_corpus.items():
            folder = out / f"r{replica:03d}" / corpus
            folder.mkdir(parents=True, exist_ok=True)
            for field in (0, 1):
                pool = [w for doc in docs for w in _WORD.findall(doc[field])]
                rng.shuffle(pool)
                lengths = [len(_WORD.findall(doc[field])) for doc in docs]
                cuts, at = [], 0
                for length in lengths:
                    cuts.append(" ".join(pool[at:at + length]))
                    at += length
                if field == 0:
                    titles = cuts
                else:
                    bodies = cuts
            for i, (title, body) in enumerate(zip(titles, bodies)):
                if written >= count:
                    break
                if not body:
                    continue
                # paragraphs of ~60 words: the cleaner's line rules see prose, as in the originals
                words = body.split(" ")
                paras = "\n\n".join(" ".join(words[j:j + 60]) for j in range(0, len(words), 60))
                (folder / f"{i:06d}.txt").write_text(f"Title: {title or 'Untitled'}\n\n{paras}\n", encoding="utf-8")
                written += 1
            if written >= count:
                break
        replica += 1
    return [out]


def stored_rows(data_dir: Path) -> list[tuple[str, str, str]]:
    """(corpus folder, title, text) of every stored article; the corpus is the first folder under the corpora."""
    corpus = Corpus.open(data_dir)
    rows = []
    for path, title, text in corpus.store.every("path, title, text"):
        parts = Path(path).parts
        name = next((parts[i + 1] for i, p in enumerate(parts[:-1]) if p == "corpora"), Path(path).parent.name)
        rows.append((name, title or "", text))
    corpus.close()
    return rows


def incremental_add(data_dir: Path, rows, tmp: Path) -> float:
    """Seconds to index 10 new articles (shuffled from stored ones, so new ids) into the existing index."""
    folder = tmp / "add10"
    shutil.rmtree(folder, ignore_errors=True)
    long_enough = [r for r in rows if len(r[2].split()) >= 150]  # shuffled short texts can clean away to nothing
    sample = random.Random(11).sample(long_enough, min(10, len(long_enough)))
    shuffled_articles(sample, len(sample), folder, seed=99)
    began = time.perf_counter()
    corpus, report = Corpus.build(data_dir, [folder], enrich=None)
    took = time.perf_counter() - began
    assert report.indexed == len(sample), report
    corpus.close()
    return took


def queries_and_facets(data_dir: Path, n_queries: int, backend: str | None = None) -> dict:
    corpus = Corpus.open(data_dir)
    rows = corpus.store.every("id, title, text")
    queries = search_bench.make_queries([r[2] for r in rows], n_queries)
    fts = search_bench.fts_table(rows)
    del rows
    with Load() as qload:
        whoosh_ms, fts_ms, found = search_bench.time_queries(corpus, fts, queries)
    with Load() as fload:
        facet_ms, first, _ = search_bench.time_facets(corpus, queries)
    pct = search_bench.pct
    out = {"q50": pct(whoosh_ms, 50), "q95": pct(whoosh_ms, 95), "f50": pct(fts_ms, 50), "f95": pct(fts_ms, 95),
           "found": found, "queries": len(queries), "qload": qload,
           "facet95": pct(facet_ms, 95), "facet_first": first, "fload": fload}
    if backend:
        out["pg"] = backend_queries(data_dir, backend, corpus, fts, queries)
    fts.close()
    corpus.close()
    return out


def backend_queries(data_dir: Path, spec: str, whoosh, fts, queries: list[str]) -> dict:
    """Another backend (PostgreSQL) on the same articles: its index written from the article store, then the same
    queries through Corpus.search on it, on Whoosh and on FTS5 in turn (interleaved, so load hits all three alike)."""
    from newsexplorer.index.search import backend_class

    backend_class(spec).wipe(data_dir, spec)
    with Load() as bload:
        began = time.perf_counter()
        other = Corpus.open(data_dir, backend=spec)  # restores its index from the article store
        build_s = time.perf_counter() - began
    other.search("warmup", limit=10)
    server = _server_process(other)
    ms: dict[str, list[float]] = {"other": [], "whoosh": [], "fts": []}
    cpu = {"other": 0.0, "whoosh": 0.0, "fts": 0.0}  # CPU seconds of this process, per engine
    found = same_total = 0
    overlap: list[float] = []  # share of Whoosh's top 10 also in the other backend's top 10
    server_before = _cpu_s(server)
    with Load() as qload:
        for q in queries:
            c0, t0 = time.process_time(), time.perf_counter()
            mine = other.search(q, limit=10, suggest=False)
            ms["other"].append((time.perf_counter() - t0) * 1000)
            cpu["other"] += time.process_time() - c0
            found += bool(mine.hits)
            c0, t0 = time.process_time(), time.perf_counter()
            theirs = whoosh.search(q, limit=10, suggest=False)
            ms["whoosh"].append((time.perf_counter() - t0) * 1000)
            cpu["whoosh"] += time.process_time() - c0
            same_total += mine.total == theirs.total
            if theirs.hits:
                overlap.append(len({h.id for h in mine.hits} & {h.id for h in theirs.hits}) / len(theirs.hits))
            c0, t0 = time.process_time(), time.perf_counter()
            fts.execute("SELECT id, title, snippet(fts, 2, '[', ']', '…', 24) FROM fts WHERE fts MATCH ? "
                        "ORDER BY bm25(fts, 2.5, 1.0) LIMIT 10", (search_bench.fts_query(q),)).fetchall()
            ms["fts"].append((time.perf_counter() - t0) * 1000)
            cpu["fts"] += time.process_time() - c0
    server_s = _cpu_s(server) - server_before
    with Load() as fload:
        facet_ms, first, _ = search_bench.time_facets(other, queries)
    n = other.count()
    other.close()
    pct = search_bench.pct
    return {"build_s": build_s, "rate": n / build_s if build_s else float("nan"), "bload": bload, "found": found,
            "same_total": same_total, "overlap": sum(overlap) / len(overlap) if overlap else float("nan"),
            "qload": qload, "fload": fload, "facet95": pct(facet_ms, 95), "facet_first": first,
            "cpu_ms": {k: v / len(queries) * 1000 for k, v in cpu.items()},
            "server_cpu_ms": server_s / len(queries) * 1000 if server is not None else float("nan"),
            **{f"{k}{p}": pct(v, p) for k, v in ms.items() for p in (50, 95)}}


def _server_process(corpus) -> psutil.Process | None:
    """The database server's process serving this corpus's searches (PostgreSQL: one per connection), if local."""
    pid = getattr(getattr(getattr(corpus._backend(), "_db", None), "info", None), "backend_pid", None)
    try:
        return psutil.Process(pid) if pid else None
    except psutil.Error:
        return None


def _cpu_s(proc: psutil.Process | None) -> float:
    if proc is None:
        return float("nan")
    times = proc.cpu_times()
    return times.user + times.system


def app_figures(data_dir: Path) -> dict:
    with Load() as load:
        paints = [p for p in tui_bench.cold_start(data_dir, runs=3) if not math.isnan(p)]
        keys = asyncio.run(tui_bench.typing(data_dir))
    return {"paint": paints, "key95": tui_bench.pct(keys, 95) if keys else float("nan"), "load": load}


def entity_run(size: str, paths: list[Path], workers: int, root: Path, args) -> dict:
    """Index with entities on `workers` dask workers (1: in process); with --entity-articles, a sample. Each run in a
    fresh process, as `newsexplorer index` would be (fanout_bench's child): an earlier run's spaCy model or freed
    memory in this process would otherwise count in the next run's peak RSS."""
    if args.entity_articles:
        files = sorted(p for top in paths for p in top.rglob("*") if p.is_file() and p.suffix == ".txt")
        step = max(1, len(files) // args.entity_articles)
        paths = files[::step]
        print(f"{size}: with entities on every {step}th file: {len(paths):,} files")
    print(f"\n== {size}: indexing with entities on {workers} worker(s) …", flush=True)
    label = f"{size}-entities-{workers}"
    shutil.rmtree(root / label, ignore_errors=True)
    run = fanout_bench.one_run(workers, paths, root, label)
    ent = {"articles": run["articles"], "seconds": run["wall"], "rate": run["articles"] / run["wall"],
           "rss_mb": run["memory"]["peak_mb"], "cpu_s": run["cpu"],
           "load": f"load {run['load'][0]:.1f}→{run['load'][1]:.1f} on {os.cpu_count()} cores"}
    print(f"{size}: with entities, {workers} worker(s): {ent['articles']:,} articles in "
          f"{ent['seconds']:.0f} s = {ent['rate']:.2f} articles/s; CPU {ent['cpu_s']:.0f} s in all "
          f"({ent['cpu_s'] / ent['articles'] * 1000:.0f} ms per article, {ent['cpu_s'] / ent['seconds']:.2f} cores "
          f"busy on average); {ent['load']}\n    {describe_memory(run['memory'])}", flush=True)
    (root / f"{label}.txt").unlink(missing_ok=True)
    if not args.keep:
        shutil.rmtree(root / label, ignore_errors=True)
    return ent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="7k,55k", help="comma-separated: 7k, 55k, 500k (default 7k,55k)")
    ap.add_argument("--entities", default="7k", help="sizes also indexed with entities ('' for none)")
    ap.add_argument("--workers", default="1,2", help="worker counts for the runs with entities")
    ap.add_argument("--entity-articles", type=int, default=0,
                    help="index with entities only every k-th file, about N of them (0: all; for a loaded machine)")
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--synthetic-articles", type=int, default=500_000)
    ap.add_argument("--base-index", type=Path, help="data dir whose articles the synthetic size shuffles")
    ap.add_argument("--no-app", action="store_true", help="skip the app's first paint and keystroke figures")
    ap.add_argument("--entities-only", action="store_true", help="only the runs with entities (1 and 2 workers)")
    ap.add_argument("--backend", metavar="postgresql://…",
                    help="also time this search backend on each size's articles (its index written from the store)")
    ap.add_argument("--only-queries", action="store_true",
                    help="with --keep --reuse: only the query and facet figures (no add-10, no app)")
    ap.add_argument("--keep", type=Path, help="build the indexes here and keep them (default: a temp dir)")
    ap.add_argument("--reuse", action="store_true", help="with --keep: use an index built there before (no indexing "
                                                         "figures for it)")
    args = ap.parse_args()
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in REAL and s != SYNTHETIC]
    if unknown:
        print(f"unknown size {unknown[0]!r}: choose from 7k, 55k, 500k", file=sys.stderr)
        return 2
    if not CORPORA.is_dir():
        print(f"no corpora at {CORPORA}", file=sys.stderr)
        return 2
    with_entities = {s.strip() for s in args.entities.split(",") if s.strip()}
    worker_counts = [int(w) for w in args.workers.split(",") if w.strip()]
    root = args.keep or Path(tempfile.mkdtemp(prefix="nx-scale-"))
    root.mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GB; indexes under {root}")
    summary = []
    base = args.base_index
    for size in sizes:
        data_dir = root / size
        if size == SYNTHETIC:
            if base is None:
                print("500k: needs the 55k index of this run or --base-index DIR", file=sys.stderr)
                return 2
            done = root / f"synthetic-{args.synthetic_articles}.done"  # beside the folder: never read as an article
            if done.exists():  # a run under --keep wrote them before: the same seed gives the same files
                print(f"\n== {size}: reusing {args.synthetic_articles:,} shuffled articles in {root / 'synthetic'}",
                      flush=True)
                paths = [root / "synthetic"]
            else:
                print(f"\n== {size}: writing {args.synthetic_articles:,} shuffled articles from {base} …", flush=True)
                shutil.rmtree(root / "synthetic", ignore_errors=True)
                paths = shuffled_articles(stored_rows(base), args.synthetic_articles, root / "synthetic")
                done.write_text(str(base), encoding="utf-8")
        else:
            paths = [CORPORA / name for name in REAL[size]]
        if args.entities_only:
            for workers in worker_counts:
                entity_run(size, paths, workers, root, args)
            continue
        if args.reuse and args.keep and (data_dir / INDEX_DIRNAME).exists():
            corpus = Corpus.open(data_dir)
            run = {"articles": corpus.count(), "rate": float("nan"), "rss_mb": float("nan")}
            corpus.close()
            print(f"\n== {size}: reusing the index in {data_dir} ({run['articles']:,} articles)", flush=True)
        else:
            print(f"\n== {size}: indexing without enrichment …", flush=True)
            run = index_once(data_dir, paths)
            print(f"{size}: {run['articles']:,} articles ({run['duplicates']} duplicates, {run['rejected']} "
                  f"rejected) in {run['seconds']:.0f} s = {run['rate']:.1f} articles/s without enrichment; peak RSS "
                  f"{run['rss_mb']:.0f} MB; {run['load']}")
        whoosh_k, store_k = sizes_mb(data_dir, run["articles"])
        print(f"{size}: index {whoosh_k:.2f} MB (Whoosh) + {store_k:.2f} MB (article store) per 1,000 articles")
        row = {"size": size, "n": run["articles"], "plain": run, "whoosh_k": whoosh_k, "store_k": store_k}
        q = queries_and_facets(data_dir, args.queries, args.backend)
        print(f"{size}: {q['queries']} queries ({q['found']} with hits), top 10 with snippets: Corpus.search p50 "
              f"{q['q50']:.1f} / p95 {q['q95']:.1f} ms; FTS5 p50 {q['f50']:.1f} / p95 {q['f95']:.1f} ms; "
              f"p95 ratio {q['q95'] / q['f95']:.2f}x; {q['qload']}")
        print(f"{size}: facets p95 {q['facet95']:.1f} ms (first call {q['facet_first']:.0f} ms); {q['fload']}")
        if "pg" in q:
            pg = q["pg"]
            print(f"{size}: PostgreSQL index written from the article store in {pg['build_s']:.0f} s "
                  f"({pg['rate']:.0f} articles/s); {pg['bload']}")
            print(f"{size}: same queries interleaved ({pg['found']} with hits on PostgreSQL): PostgreSQL p50 "
                  f"{pg['other50']:.1f} / p95 {pg['other95']:.1f} ms; Whoosh {pg['whoosh50']:.1f} / "
                  f"{pg['whoosh95']:.1f} ms; FTS5 {pg['fts50']:.1f} / {pg['fts95']:.1f} ms; PostgreSQL p95 ÷ FTS5 p95 "
                  f"{pg['other95'] / pg['fts95']:.2f}x; {pg['qload']}")
            c = pg["cpu_ms"]
            print(f"{size}: CPU per query (load-independent): PostgreSQL {c['other']:.2f} ms here + "
                  f"{pg['server_cpu_ms']:.2f} ms in the server = {c['other'] + pg['server_cpu_ms']:.2f} ms; Whoosh "
                  f"{c['whoosh']:.2f} ms; FTS5 {c['fts']:.2f} ms (means over the {q['queries']} queries)")
            print(f"{size}: agreement with Whoosh: the same number of matches for {pg['same_total']} of "
                  f"{q['queries']} queries; {pg['overlap']:.0%} of Whoosh's top 10 also in PostgreSQL's (mean)")
            print(f"{size}: PostgreSQL facets p95 {pg['facet95']:.1f} ms (first call {pg['facet_first']:.0f} ms); "
                  f"{pg['fload']}")
        row["q"] = q
        if args.only_queries:
            continue
        with Load() as load:
            row["add10"] = incremental_add(data_dir, stored_rows(data_dir), root)
        print(f"{size}: adding 10 articles took {row['add10']:.2f} s; {load}")
        if not args.no_app:
            app = app_figures(data_dir)
            row["app"] = app
            print(f"{size}: app first paint {min(app['paint'], default=float('nan')):.2f}–"
                  f"{max(app['paint'], default=float('nan')):.2f} s, keystroke p95 {app['key95']:.0f} ms; "
                  f"{app['load']}")
        if size in with_entities:
            row["entities"] = {w: entity_run(size, paths, w, root, args) for w in worker_counts}
        if size == "55k" and base is None:
            base = data_dir
        summary.append(row)

    print("\n| size | articles | index art/s (no enrichment) | with entities, 1 / 2 workers | MB per 1,000 "
          "(Whoosh + store) | peak RSS | query p50 / p95 | FTS5 p50 / p95 | facets p95 | add 10 | first paint "
          "| keystroke p95 |")
    print("| --- " * 13 + "|")
    for row in summary:
        q, ent = row["q"], row.get("entities", {})
        ents = " / ".join(f"{ent[w]['rate']:.2f}" for w in worker_counts if w in ent) or "not run"
        if ent:
            ents += f" ({next(iter(ent.values()))['articles']:,} articles)"
        rss = max([row["plain"]["rss_mb"], *(e["rss_mb"] for e in ent.values())])
        app = row.get("app")
        paint = f"{min(app['paint']):.2f} s" if app and app["paint"] else "not run"
        key = f"{app['key95']:.0f} ms" if app else "not run"
        print(f"| {row['size']} | {row['n']:,} | {row['plain']['rate']:.1f} | {ents} | {row['whoosh_k']:.2f} + "
              f"{row['store_k']:.2f} | {rss:.0f} MB | {q['q50']:.1f} / {q['q95']:.1f} ms | "
              f"{q['f50']:.1f} / {q['f95']:.1f} ms | {q['facet95']:.1f} ms | {row['add10']:.2f} s | {paint} | {key} |")
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
