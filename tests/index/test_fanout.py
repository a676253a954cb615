"""Enrichment fanned out on dask.distributed: same index as one process, batches written in order, kill -9 safe.

One 2-worker LocalCluster serves the whole module (starting one costs seconds).
"""
from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")

from newsexplorer.index import Corpus  # noqa: E402
from newsexplorer.index.datadir import ARTICLES_DB  # noqa: E402
from newsexplorer.index.enrich import make_enricher  # noqa: E402
from newsexplorer.index.fanout import Dask, InProcess, make_fanout  # noqa: E402
from newsexplorer.index.indexer import BATCH_ENV  # noqa: E402


@pytest.fixture(scope="module")
def cluster():
    import logging

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                                  silence_logs=logging.ERROR) as local:
        with distributed.Client(local, set_as_default=False) as client:
            yield local, client


def snapshot(data: Path) -> list[tuple]:
    db = sqlite3.connect(data / ARTICLES_DB)
    try:
        return db.execute("SELECT id, title, path, entities, issues FROM articles ORDER BY id").fetchall()
    finally:
        db.close()


def stored_paths(data: Path) -> list[str]:
    try:
        db = sqlite3.connect(f"file:{data / ARTICLES_DB}?mode=ro", uri=True)
        try:
            return [r[0] for r in db.execute("SELECT path FROM articles")]
        finally:
            db.close()
    except sqlite3.Error:
        return []


def test_two_dask_workers_give_the_same_index_as_one_process(corpora, tmp_path, monkeypatch, cluster):
    local, client = cluster
    src = tmp_path / "src"
    src.mkdir()
    for i, path in enumerate(sorted((corpora / "bbc" / "politics").glob("*.txt"))[:14]):
        title, _, body = path.read_text(encoding="utf-8", errors="replace").partition("\n")
        if i % 3 == 0:  # one copy of a boilerplate line per batch: it is seen as such from the third batch on,
            body = "\nWestminster desk weekly bulletin\n" + body  # only if cleaning counts batches in flight
        (src / path.name).write_text(title + "\n" + body, encoding="utf-8")
    monkeypatch.setenv(BATCH_ENV, "3")  # 5 batches, finished by two workers in whatever order

    one, _ = Corpus.build(tmp_path / "one", [src], enrich=make_enricher())
    seen = []
    fanout = make_fanout(make_enricher(), scheduler=local.scheduler_address,
                         progress=lambda stage, done, total: seen.append((stage, done, total)))
    assert isinstance(fanout, Dask) and fanout.workers == 2
    try:
        many, report = Corpus.build(tmp_path / "many", [src], enrich=make_enricher(), fanout=fanout)
    finally:
        fanout.close()

    assert report.indexed == 14
    expected = snapshot(tmp_path / "one")
    assert len(expected) == 14 and any(row[3] != "[]" for row in expected)  # entities were found
    assert snapshot(tmp_path / "many") == expected  # same ids, titles, paths, entities, issues
    texts = [a.text for a in (one.article(row[0]) for row in expected)]
    assert sum("Westminster desk weekly bulletin" in t for t in texts) == 2  # kept in two batches, then removed
    for query in ("election", "Blair", "tax"):
        assert [h.id for h in many.search(query).hits] == [h.id for h in one.search(query).hits]
    one.close()
    many.close()
    # the work ran on the workers, each loading the spaCy model once; progress counted every article
    loaded = client.run(lambda: __import__("newsexplorer.index.enrich.entities", fromlist=["_"])._model is not None)
    assert any(loaded.values())
    assert ("enrich", 14, 14) in seen


def test_batches_are_written_in_submission_order_whichever_worker_finishes_first(cluster):
    local, _ = cluster

    def slow_first(articles):  # the first batch finishes last
        time.sleep(1.0 if articles[0] == 0 else 0.0)
        articles[:] = [a * 10 for a in articles]

    fanout = Dask(slow_first, scheduler=local.scheduler_address)
    try:
        out = []
        for n in range(6):
            out += fanout.submit([n, n], tag=n)
        out += fanout.drain()
    finally:
        fanout.close()
    assert [tag for _, tag in out] == list(range(6))
    assert [batch for batch, _ in out] == [[n * 10, n * 10] for n in range(6)]


def test_one_worker_or_no_enrichment_never_imports_dask():
    assert isinstance(make_fanout(make_enricher(entities=False), workers=1), InProcess)
    assert isinstance(make_fanout(None, workers=4), InProcess)


def write_articles(folder: Path, n: int) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    tokens = []
    for i in range(n):
        token = "zq" + "".join(chr(ord("a") + int(d)) for d in f"{i:04d}")
        tokens.append(token)
        (folder / f"a{i:03d}.txt").write_text(
            f"Title: Report {token}\n\nAnna Kowalska said the {token} talks in Geneva would resume on day {i}, "
            f"and officials from the United Nations described meeting number {i} as long but useful.\n")
    return tokens


def cli(data: Path, *args, **env) -> subprocess.Popen:
    environ = {**os.environ, "NEWSEXPLORER_HOME": str(data), **env}
    return subprocess.Popen([sys.executable, "-m", "newsexplorer.tui.cli", *map(str, args)], env=environ,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_kill_9_of_a_run_with_workers_keeps_whole_batches_in_order_and_the_rerun_completes(tmp_path, cluster):
    local, _ = cluster
    n, batch = 80, 4
    tokens = write_articles(tmp_path / "src", n)
    data = tmp_path / "data"
    # a run that ended (or was killed after its last commit) before this test, starved of CPU, could kill it
    # mid-run tested nothing: it is tried again, afresh
    for _ in range(3):
        shutil.rmtree(data, ignore_errors=True)
        proc = cli(data, "index", "--scheduler", local.scheduler_address, tmp_path / "src", **{BATCH_ENV: str(batch)})
        deadline = time.monotonic() + 300
        while len(stored_paths(data)) < batch and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        proc.send_signal(signal.SIGKILL)
        _, err = proc.communicate()
        if proc.returncode == -signal.SIGKILL and len(stored_paths(data)) < n:
            break
    assert proc.returncode == -signal.SIGKILL, f"the run ended before it could be killed: {err[-1000:]}"

    committed = sorted(Path(p).name for p in stored_paths(data))
    assert batch <= len(committed) < n and len(committed) % batch == 0  # whole batches only
    assert committed == [f"a{i:03d}.txt" for i in range(len(committed))]  # the first ones: written in order
    corpus = Corpus.open(data)  # opens as it is: nothing to restore after a kill
    assert corpus.restored is None
    corpus.close()

    rerun = cli(data, "index", "--scheduler", local.scheduler_address, tmp_path / "src")
    _, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    corpus = Corpus.open(data)
    assert corpus.count() == n
    assert [corpus.search(t).total for t in tokens] == [1] * n
    assert "Anna Kowalska" in {e["text"] for e in corpus.article(corpus.search(tokens[-1]).hits[0].id).entities}
    corpus.close()


def test_an_unreachable_scheduler_is_one_line_and_exit_2(tmp_path, write):
    write("a.txt", "Title: Talks\n\nNegotiators met in Geneva on Monday and said the talks were useful.\n")
    proc = cli(tmp_path / "data", "index", "--scheduler", "tcp://127.0.0.1:9", write.folder,
               NEWSEXPLORER_SCHEDULER_TIMEOUT="2")
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 2
    assert err.count("\n") == 1 and "cannot reach the dask scheduler at tcp://127.0.0.1:9" in err, err
    assert "Traceback" not in err
    assert not (tmp_path / "data" / ARTICLES_DB).exists()  # nothing was started


def test_a_small_run_is_enriched_in_process_without_starting_a_cluster():
    calls = []

    def enrich(articles):
        calls.append(list(articles))
        articles[:] = [a.upper() for a in articles]

    fanout = Dask(enrich, workers=2)
    try:
        assert fanout.submit(["a", "b"], tag="first") == []  # held: is the run big enough for workers?
        assert fanout.submit([], tag="empty") == []  # nothing to enrich, still written in its place
        assert fanout.drain() == [(["A", "B"], "first"), ([], "empty")]
        assert fanout._client is None and fanout._cluster is None  # no workers were started
    finally:
        fanout.close()
    assert calls == [["a", "b"]]


def test_index_with_workers_starts_its_own_cluster_and_says_nothing_more_than_without(tmp_path):
    tokens = write_articles(tmp_path / "src", 9)
    data = tmp_path / "data"
    proc = cli(data, "index", "--workers", "2", tmp_path / "src", **{BATCH_ENV: "3"})
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert err.count("\n") == 1 and err.startswith("indexed 9 articles"), err  # the summary only: no dask chatter
    corpus = Corpus.open(data)
    assert [corpus.search(t).total for t in tokens] == [1] * 9
    assert all("Anna Kowalska" in {e["text"] for e in corpus.article(h.id).entities}
               for h in corpus.search("Kowalska", limit=20).hits)
    corpus.close()


def test_one_article_that_breaks_enrichment_on_a_worker_costs_only_its_own_entities(tmp_path, monkeypatch, cluster):
    local, _ = cluster
    tokens = write_articles(tmp_path / "src", 6)
    (tmp_path / "src" / "a003.txt").write_text("Title: Bad\n\nThis POISON article breaks the enricher, they said.\n")
    monkeypatch.setenv(BATCH_ENV, "2")

    def enrich(articles):
        if any("POISON" in a.text for a in articles):
            raise ValueError("enricher broke")
        for a in articles:
            a.issues = [{"id": "marked"}]

    fanout = Dask(enrich, scheduler=local.scheduler_address)
    try:
        corpus, report = Corpus.build(tmp_path / "data", [tmp_path / "src"], enrich=enrich, fanout=fanout)
    finally:
        fanout.close()
    assert report.indexed == 6
    assert len(report.rejected) == 1 and "a003.txt" in report.rejected[0] and "enricher broke" in report.rejected[0]
    marked = {a.title: a.issues for a in map(corpus.article, (h.id for h in corpus.search("said", limit=10).hits))}
    assert marked.pop("Bad") == [] and all(issues == [{"id": "marked"}] for issues in marked.values())
    assert [corpus.search(t).total for i, t in enumerate(tokens) if i != 3] == [1] * 5
    corpus.close()


def test_a_cluster_the_run_starts_has_lean_workers_that_load_the_model_before_the_first_task(monkeypatch):
    """dask's defaults cost spaCy's workers CPU on every article: glibc returning memory after each free
    (MALLOC_TRIM_THRESHOLD_=65536: ~10 ms more per article here) and a profiler sampling the worker every 10 ms."""
    import dask

    monkeypatch.delenv("MALLOC_TRIM_THRESHOLD_", raising=False)  # another cluster in this session may have set it
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    loaded = []

    def enrich(articles):
        pass

    enrich.warm = lambda: loaded.append(1)  # on a worker: its own copy of the list
    fanout = Dask(enrich, workers=2)
    try:
        fanout.coming(150)  # enough new articles read for workers: they start now, before the first batch
        assert fanout._client is not None and len(fanout._warm) == 2
        fanout._client.gather(fanout._warm)  # the warm-ups ran
        seen = fanout._client.run(lambda: (os.environ.get("MALLOC_TRIM_THRESHOLD_"),
                                           dask.config.get("distributed.worker.profile.enabled"),
                                           "warm_cpu" in __import__("newsexplorer.index.fanout", fromlist=["_"])._stats,
                                           os.environ.get("MALLOC_ARENA_MAX")))
    finally:
        fanout.close()
    assert list(seen.values()) == [(None, False, True, "2")] * 2  # two malloc arenas: less memory held per worker


def test_the_workers_a_run_started_are_gone_before_its_last_batches_are_written():
    """The last batches are written (and the index's segments merged) by the main process alone: the workers'
    ~300 MB each are released first, so their memory and the writer's peaks never add up. A batch that comes after
    is still enriched, in order."""
    import psutil

    def tenfold(articles):
        articles[:] = [a * 10 for a in articles]

    def processes() -> set:
        return {p for p in psutil.Process().children(recursive=True) if "spawn_main" in " ".join(p.cmdline())}

    before = processes()  # another test's cluster, if any
    fanout = Dask(tenfold, workers=2)
    try:
        out = []
        for n in range(3):
            out += fanout.submit([n] * 60, tag=n)  # 180 articles: workers start
        assert fanout._cluster is not None
        workers = list(processes() - before)
        assert len(workers) == 2
        out += fanout.drain()
        assert fanout._cluster is None and fanout._client is None
        gone, alive = psutil.wait_procs(workers, timeout=120)
        assert not alive
        assert [tag for _, tag in out] == [0, 1, 2] and out[2][0] == [20] * 60
        assert fanout.worker_stats() and sum(s["articles"] for s in fanout.worker_stats().values()) == 180
        assert fanout.submit([7], tag="late") == []  # held, then enriched here
        assert fanout.drain() == [([70], "late")]
    finally:
        fanout.close()
