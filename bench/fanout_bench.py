"""Where the CPU of an index run with entities goes: 1 worker (in process) against 2 dask workers.

    python bench/fanout_bench.py [--articles 1000] [--workers 1,2] [--keep-going]

Each worker count indexes, with entities, two samples of BBC + Reuters C50 (every k-th file: about N and N/4
articles), each run in a fresh process as `newsexplorer index` would be (imports, cluster start and model loads
included). Per run: wall time, CPU seconds of the whole process tree (the OS's count once everything has exited)
and by part: the main thread (reading, cleaning, writing), the main process's other threads (a LocalCluster's
scheduler, nannies and client), each worker (CPU before its first task, CPU in tasks). Per worker count, from the
two runs: the **fixed CPU** (the intercept of CPU against articles: start, imports, models) and the **CPU per
article** (the slope). Last, the 2 ÷ 1 speedup those project on all of BBC + C50 (7,225 files), with every core
kept busy but for the tail, which the main thread runs alone while workers idle: its work on the last batch (a
whole batch of 500 at worst: main thread CPU per article × 500) and after it (the entity table, merging the index's
segments; fitted on the two runs like the CPU), plus the merge of the index's segments that a run of more than 4
batches needs (measured once, without enrichment, in batches of 100): one process merges everything at the end;
with workers, what is written by the time the last batches are submitted is merged while the workers enrich those
(it shares the cores) and only those batches (2 per worker at most) are folded in at the end, alone: wall(n) =
max((CPU(n) − tail) ÷ min(n, cores), main thread − tail) + tail; wall(1) = CPU(1).

Memory: each run samples its process tree every 0.5 s (bench/proctree.py) and prints the tree's peak RSS with what
each process (main: reading, cleaning, the writer, and a LocalCluster's scheduler and nannies, which are threads
there; each worker; multiprocessing's resource tracker) held at that moment, and each one's own peak. The sampling's
own CPU is taken out of the run's.

CPU seconds barely depend on how loaded the machine is; wall times do (each line prints the load average). About 6
minutes on an idle 2-core machine with the default 1,000 articles.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from proctree import TreeSampler  # noqa: E402
from proctree import describe as describe_memory  # noqa: E402

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
ALL_FILES = ("bbc", "reuters_c50")


def corpus_files() -> list[Path]:
    return sorted(p for name in ALL_FILES for p in (CORPORA / name).rglob("*.txt")
                  if p.is_file() and p.name.lower() != "readme.txt")


# ------------------------------------------------------------------------------------------ one run (child process)

def tree_cpu(skip: tuple = ()) -> dict:
    """CPU seconds so far: this process's main thread and its other threads (but those in `skip`: the memory
    sampler's), and each child process."""
    import threading

    import psutil

    me = psutil.Process()
    main_id = threading.main_thread().native_id
    threads = {t.id: t.user_time + t.system_time for t in me.threads() if t.id not in skip}
    main = threads.pop(main_id, 0.0)
    out = {"main thread": main, "main, other threads": sum(threads.values()), "workers": [], "other processes": 0.0}
    for child in me.children(recursive=True):
        try:
            times = child.cpu_times()
            cmd = " ".join(child.cmdline())
        except psutil.Error:
            continue
        if "spawn_main" in cmd or "dask" in cmd:
            out["workers"].append(times.user + times.system)
        else:
            out["other processes"] += times.user + times.system
    return out


def run_child(workers: int, list_file: Path, data_dir: Path, entities: bool = True) -> dict:
    began = time.perf_counter()
    from newsexplorer.index import Corpus
    from newsexplorer.index.enrich import make_enricher
    from newsexplorer.index.fanout import make_fanout

    paths = [Path(line) for line in list_file.read_text(encoding="utf-8").splitlines() if line]
    enrich = make_enricher(entities=True) if entities else None
    last_commit: dict = {}
    memory = TreeSampler(interval=0.5)

    def progress(stage: str, done: int, total: int) -> None:
        memory.stage = stage
        if stage == "commit":  # a batch was written: after the last one, the main thread works alone
            last_commit.update(tree_cpu(skip=(memory._thread.native_id,)))

    fanout = make_fanout(enrich, workers=workers, progress=progress)
    try:
        with memory:
            corpus, report = Corpus.build(data_dir, paths, enrich=enrich, fanout=fanout, progress=progress)
        wall = time.perf_counter() - began
        parts = tree_cpu()  # before the workers are shut down
        stats = fanout.worker_stats() if hasattr(fanout, "worker_stats") else {}
    finally:
        fanout.close()
    n = corpus.count()
    corpus.close()
    # after the last batch is written (the entity table, merging the index's segments, …) the main thread works
    # while any workers sit idle
    after = parts["main thread"] - last_commit.get("main thread", parts["main thread"])
    # the main process's other threads (a LocalCluster's scheduler, nannies, client) end with the cluster: the
    # process's CPU counts them still; less the main thread's and the memory sampling's
    import psutil

    times = psutil.Process().cpu_times()
    parts["main, other threads"] = max(0.0, times.user + times.system - parts["main thread"] - memory.own_cpu)
    from newsexplorer.index.enrich import entities, status

    # with workers, the main process must not hold a spaCy pipeline of its own (~100 MB each)
    models = [name for name, model in (("NER", entities._model), ("parser", status._nlp)) if model is not None]
    return {"articles": n, "wall": wall, "parts": parts, "worker_stats": stats, "rejected": len(report.rejected),
            "duplicates": report.duplicates, "after_last_batch": after, "memory": memory.report(), "main_models": models}


def merge_child(list_file: Path, data_dir: Path) -> dict:
    """Index without enrichment in batches of 100, so the run ends by merging its segments into one (as a run of
    more than 4 batches of 500 does): CPU per article of that merge, which the main thread does alone."""
    os.environ["NEWSEXPLORER_BATCH_ARTICLES"] = "100"
    from newsexplorer.index import Corpus

    paths = [Path(line) for line in list_file.read_text(encoding="utf-8").splitlines() if line]
    marks: dict = {}

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "optimising":
            marks["began"] = time.process_time()

    corpus, _ = Corpus.build(data_dir, paths, progress=progress)
    took = time.process_time() - marks.get("began", time.process_time())
    n = corpus.count()
    corpus.close()
    return {"articles": n, "merge_cpu": took, "merged": "began" in marks}


# ---------------------------------------------------------------------------------------------- the measurement

def one_run(workers: int, files: list[Path], tmp: Path, label: str, mode: str = "--child") -> dict:
    list_file = tmp / f"{label}.txt"
    list_file.write_text("\n".join(map(str, files)), encoding="utf-8")
    load0 = os.getloadavg()[0]
    proc = subprocess.Popen([sys.executable, __file__, mode, str(workers), str(list_file), str(tmp / label)],
                            stdout=subprocess.PIPE, text=True)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)  # CPU of the child and every process it waited for (the workers)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"the {label} run failed (exit {proc.returncode})")
    result = json.loads(out.strip().splitlines()[-1])
    # CPU of the child and every process it waited for (the workers), less the memory sampling's own
    result["cpu"] = usage.ru_utime + usage.ru_stime - result.get("memory", {}).get("sampler_cpu", 0.0)
    result["load"] = (load0, os.getloadavg()[0])
    return result


def describe(label: str, r: dict) -> str:
    p = r["parts"]
    # the workers are gone once the last batch is back: their CPU as they reported it (before their first task + in tasks)
    cpu = p["workers"] or [s["first"] + s["task_cpu"] for s in (r.get("worker_stats") or {}).values()]
    workers = ", ".join(f"{c:.1f}" for c in cpu) or "none"
    line = (f"{label}: {r['articles']:,} articles in {r['wall']:.1f} s wall ({r['articles'] / r['wall']:.2f} "
            f"articles/s); CPU {r['cpu']:.1f} s = {r['cpu'] / r['articles'] * 1000:.1f} ms per article "
            f"({r['cpu'] / r['wall']:.2f} cores busy); main thread {p['main thread']:.1f} s, other threads of the "
            f"main process {p['main, other threads']:.1f} s (of the main thread: {r.get('after_last_batch', 0):.1f} s "
            f"after the last batch was written), workers {workers} s; load {r['load'][0]:.1f}→"
            f"{r['load'][1]:.1f} on {os.cpu_count()} cores")
    if "memory" in r:
        line += "\n    " + describe_memory(r["memory"])
        line += f"; spaCy pipelines in the main process: {', '.join(r.get('main_models') or ['none'])}"
    stats = r.get("worker_stats") or {}
    for name, s in sorted(stats.items()):
        warm = f" (of which {s['warm_cpu']:.1f} s warming up: the model)" if "warm_cpu" in s else ""
        line += (f"\n    worker {name}: {s['first']:.1f} s CPU before its first task{warm}, {s['task_cpu']:.1f} s in "
                 f"{s['tasks']} tasks of {s['articles']} articles "
                 f"({s['task_cpu'] / max(1, s['articles']) * 1000:.1f} ms per article in tasks)")
    return line


def fit(small: dict, full: dict, key=lambda r: r["cpu"]) -> tuple[float, float]:
    """(fixed CPU s, CPU s per article): the line through the two runs."""
    per = (key(full) - key(small)) / (full["articles"] - small["articles"])
    return key(small) - per * small["articles"], per


def main() -> int:
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        print(json.dumps(run_child(int(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]))))
        return 0
    if len(sys.argv) == 5 and sys.argv[1] == "--plain-child":  # without enrichment (bench/scale.py's plain runs)
        print(json.dumps(run_child(int(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4]), entities=False)))
        return 0
    if len(sys.argv) == 5 and sys.argv[1] == "--merge-child":
        print(json.dumps(merge_child(Path(sys.argv[3]), Path(sys.argv[4]))))
        return 0
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=1000, help="the larger sample (the smaller is a quarter of it)")
    ap.add_argument("--workers", default="1,2", help="worker counts to compare (the first is the reference)")
    args = ap.parse_args()
    if not CORPORA.is_dir():
        print(f"no corpora at {CORPORA}", file=sys.stderr)
        return 2
    everything = corpus_files()
    step = max(1, round(len(everything) / args.articles))
    full = everything[::step]
    small = full[::4]
    counts = [int(w) for w in args.workers.split(",") if w.strip()]
    print(f"machine: {os.cpu_count()} cores; BBC + C50: {len(everything):,} files; samples: every {step}th file "
          f"({len(full):,}) and every {step * 4}th ({len(small):,}); load {os.getloadavg()[0]:.1f}", flush=True)
    runs: dict[tuple[int, str], dict] = {}
    with tempfile.TemporaryDirectory(prefix="nx-fanout-") as tmp:
        for size, files in (("small", small), ("full", full)):  # interleaved: load drifts hit both worker counts
            for w in counts:
                label = f"{w}w-{size}"
                runs[w, size] = r = one_run(w, files, Path(tmp), label)
                print(describe(label, r), flush=True)
        merge = one_run(1, full, Path(tmp), "merge", mode="--merge-child")
    merge_per = merge["merge_cpu"] / merge["articles"] if merge["merged"] else 0.0
    print(f"merging the index's segments (a run of more than 4 batches; store/segment_merge.py): "
          f"{merge_per * 1000:.1f} ms CPU per article ({merge['articles']:,} articles without enrichment, batches "
          f"of 100); load {merge['load'][0]:.1f}→{merge['load'][1]:.1f}", flush=True)
    from newsexplorer.index.fanout import IN_FLIGHT_PER_WORKER
    from newsexplorer.index.indexer import BATCH_ARTICLES

    MAX_SEGMENTS = 4  # more segments than this at the end of a run: merged into one (the Whoosh backend's rule)

    ref = counts[0]
    per_file = runs[ref, "full"]["articles"] / len(full)
    n_all = len(everything) * per_file
    print(f"\n| workers | fixed CPU (s) | CPU per article (ms) | main thread per article (ms) | projected on "
          f"{n_all:,.0f} articles: CPU (s) | tail (s) | wall (s) | speedup ÷ {ref} worker |")
    print("| --- " * 8 + "|")
    walls = {}
    for w in counts:
        fixed, per = fit(runs[w, "small"], runs[w, "full"])
        main_fixed, main_per = fit(runs[w, "small"], runs[w, "full"], key=lambda r: r["parts"]["main thread"])
        after_fixed, after_per = fit(runs[w, "small"], runs[w, "full"], key=lambda r: r.get("after_last_batch", 0.0))
        cpu, main = fixed + per * n_all, main_fixed + main_per * n_all
        # the tail runs alone: the last batch's reading, cleaning and writing (a whole batch, at worst) and what
        # follows it; the rest shares the cores, of which the main thread can use only one
        tail = after_fixed + after_per * n_all + main_per * min(BATCH_ARTICLES, n_all) if w > 1 else 0.0
        # the larger sample's runs end with at most 4 segments; all of BBC + C50 is merged. One process merges it
        # all at the end. With workers, what is written when the last batches are submitted is merged while the
        # workers enrich those (sharing the cores), and only those batches are folded in at the end, alone.
        merged = merge_per * n_all if n_all / BATCH_ARTICLES > MAX_SEGMENTS else 0.0
        last = min(n_all, IN_FLIGHT_PER_WORKER * w * BATCH_ARTICLES) / n_all if w > 1 else 1.0
        cpu, main, tail = cpu + merged, main + merged, tail + merged * last
        walls[w] = max((cpu - tail) / min(w, os.cpu_count() or 1), main - tail) + tail
        print(f"| {w} | {fixed:.1f} | {per * 1000:.1f} | {main_per * 1000:.1f} | {cpu:,.0f} | {tail:,.0f} | {walls[w]:,.0f} | "
              f"{walls[ref] / walls[w]:.2f}× |")
    measured = {w: runs[w, "full"]["articles"] / runs[w, "full"]["wall"] for w in counts}
    print("measured on the larger sample (wall, depends on the load): "
          + ", ".join(f"{w} worker(s) {measured[w]:.2f} articles/s ({measured[w] / measured[ref]:.2f}×)"
                      for w in counts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
