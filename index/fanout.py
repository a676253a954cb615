"""Where enrichment runs: in this process, or fanned out as tasks on a dask.distributed cluster.

The indexer hands each cleaned batch to `submit` and gets back the batches whose enrichment has finished, always in
the order they were submitted, so the one writer in the main process commits them in order (a kill -9 loses at
most the batches still being enriched; nothing is ever committed out of order). `InProcess` is today's single
process path (dask is never imported); `Dask` sends batches to a cluster's workers, each of which loads the spaCy
model once (module-level cache in `index.enrich.entities`) and keeps the enricher it was sent (`_enricher`).
"""
from __future__ import annotations

import hashlib
import logging
import os
import time
from collections import deque
from dataclasses import dataclass
from typing import Callable

from .errors import NewsExplorerError
from .model import Article

Enrich = Callable[[list[Article]], None]
Progress = Callable[[str, int, int], None]
IN_FLIGHT_PER_WORKER = 2  # batches enriched or queued per worker: enough to keep each busy, memory stays flat
TASK_ARTICLES = 50  # articles per task: a batch is shared among workers, and progress moves in small steps
START_ARTICLES = 100  # a run with fewer, in one batch, never starts workers
# dask's defaults for a cluster this run starts itself, where they cost CPU on every article (bench/fanout_bench.py):
LEAN_CLUSTER = {
    # glibc hands freed memory back to the OS at once, and spaCy's next batch faults it in again: ~10 ms per article
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    "distributed.worker.profile.enabled": False,  # a statistical profiler sampling each worker every 10 ms
    "distributed.admin.tick.interval": "1s",  # event-loop health checks, every 20 ms in each process
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.scheduler.work-stealing": False,  # tasks are alike; each worker holds one at a time instead
    "distributed.scheduler.worker-saturation": 1.0,
}
# glibc gives each thread that allocates its own arena (a worker's event loop and its task thread): two are enough
# for one task at a time, and hold less memory between tasks; a value the user set is passed on instead
ARENAS = "2"
CONNECT_TIMEOUT_ENV = "NEWSEXPLORER_SCHEDULER_TIMEOUT"  # seconds to reach a --scheduler (default 10)


class InProcess:
    """Enrich each batch right here, as it is submitted (the indexer passes its own `_enrich`, which reports
    progress and isolates one article's failure)."""

    workers = 1

    def __init__(self, enrich: Enrich | None):
        self.enrich = enrich

    def submit(self, articles: list[Article], tag=None) -> list[tuple[list[Article], object]]:
        if self.enrich and articles:
            self.enrich(articles)
        return [(articles, tag)]

    def coming(self, articles: int) -> None:
        pass

    def in_flight(self) -> int:
        return 0  # each batch is enriched as it is submitted

    def drain(self) -> list[tuple[list[Article], object]]:
        return []

    def close(self) -> None:
        pass


_enrichers: dict[str, Enrich] = {}  # on a worker: the enricher of each run it served, unpickled once


def _enricher(key: str, blob: bytes) -> Enrich:
    if key not in _enrichers:
        import cloudpickle

        _enrichers.clear()  # one run at a time per worker: drop an earlier run's catalog
        _enrichers[key] = cloudpickle.loads(blob)
    return _enrichers[key]


def enrich_each(enrich: Enrich, articles: list[Article]) -> list[str]:
    """Enrich a chunk; if that fails, article by article, so one article's failure costs only its own entities and
    issues (it is still indexed). Returns one line per such article."""
    try:
        enrich(articles)
        return []
    except Exception:
        failures = []
        for article in articles:
            try:
                enrich([article])
            except Exception as err:
                article.entities, article.issues = [], []
                text = " ".join(str(err).split())[:160]
                reason = f"{type(err).__name__}: {text}" if text else type(err).__name__
                failures.append(f"{article.path}: record {article.record + 1} indexed without entities and issues "
                                f"({reason})")
        return failures


_stats = {"first": None, "task_cpu": 0.0, "articles": 0, "tasks": 0}  # on a worker: where its CPU went


def enrich_task(key: str, blob: bytes, articles: list[Article]) -> tuple[list[Article], list[str]]:
    """Runs on a worker: annotate one chunk (entities, issue mentions) and send it back with its failures."""
    began = time.process_time()
    if _stats["first"] is None:
        _stats["first"] = began  # the worker's start: imports, connecting, a warm-up
    failures = enrich_each(_enricher(key, blob), articles)
    _stats["task_cpu"] += time.process_time() - began
    _stats["articles"] += len(articles)
    _stats["tasks"] += 1
    return articles, failures


def warm_task(key: str, blob: bytes) -> None:
    """Runs first on each worker: unpickle the run's enricher and load its models (`enrich.warm`) while the main
    process is still reading the first batch, instead of in the worker's first task."""
    began = time.process_time()
    warm = getattr(_enricher(key, blob), "warm", None)
    if warm is not None:
        warm()
    _stats["warm_cpu"] = time.process_time() - began


def _worker_stats() -> dict:
    return dict(_stats)


@dataclass
class _InFlight:
    """One submitted batch: its tasks (none when it had no articles), their sizes, the caller's tag."""
    futures: list
    sizes: list[int]
    tag: object
    empty: list[Article] | None = None

    def done(self) -> bool:
        return all(f.done() for f in self.futures)

    def result(self) -> tuple[list[Article], list[str]]:
        """The batch's articles, enriched, and one line per article that could not be."""
        if not self.futures:
            return self.empty, []
        parts = [f.result() for f in self.futures]
        return [a for articles, _ in parts for a in articles], [line for _, lines in parts for line in lines]


class Dask:
    """Batches enriched on a dask.distributed cluster: a LocalCluster of `workers` processes (one thread each)
    started on first use, or the cluster whose scheduler is at `scheduler` (connected at once, so a wrong address
    is reported before anything is read)."""

    def __init__(self, enrich: Enrich, *, workers: int | None = None, scheduler: str | None = None,
                 progress: Progress | None = None):
        self.enrich, self.scheduler = enrich, scheduler
        self.workers = workers or os.cpu_count() or 1
        self.progress = progress or (lambda *a: None)
        self._client = self._cluster = None
        self._blob = self._key = None
        self._warm: list = []
        self._stats: dict[str, dict] = {}
        self._queue: deque[_InFlight] = deque()  # oldest first
        self._submitted = self._finished = 0
        self._held: list[tuple[list[Article], object]] = []  # batches waiting to see whether workers are worth it
        self.failures: list[str] = []  # articles left without entities: the indexer reports them
        if scheduler:
            self._connect()

    def _connect(self) -> None:
        from distributed import Client

        timeout = float(os.environ.get(CONNECT_TIMEOUT_ENV) or 10)
        try:
            self._client = Client(self.scheduler, timeout=timeout, set_as_default=False)
        except (OSError, TimeoutError) as err:
            raise NewsExplorerError(f"cannot reach the dask scheduler at {self.scheduler}: "
                                    f"{' '.join(str(err).split())[:200] or type(err).__name__}") from None
        self.workers = len(self._client.scheduler_info().get("workers", {})) or self.workers

    def _start(self) -> None:
        if self._client is None:
            import dask
            from distributed import Client, LocalCluster

            # no dashboard; the scheduler's own HTTP endpoint on a free local port, not 8787 on every interface
            # workers' own log lines stay quiet: a task's error comes back through its future and is reported once,
            # and a worker's heartbeat racing the scheduler's shutdown when the run lets the cluster go is no error
            lean = {**LEAN_CLUSTER,
                    "distributed.nanny.pre-spawn-environ.MALLOC_ARENA_MAX": os.environ.get("MALLOC_ARENA_MAX", ARENAS)}
            with dask.config.set(lean):
                self._cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                             host="127.0.0.1", dashboard_address=None, silence_logs=logging.CRITICAL,
                                             scheduler_kwargs={"dashboard_address": "127.0.0.1:0"})
            self._client = Client(self._cluster, set_as_default=False)
        if self._blob is None:  # pickled now, not at construction: Corpus.build may have set the run's catalog
            import cloudpickle

            self._blob = cloudpickle.dumps(self.enrich)
            self._key = hashlib.sha256(self._blob).hexdigest()
            workers = list(self._client.scheduler_info().get("workers", {}))
            # one warm-up per worker, kept referenced until the run ends (a released future may be cancelled)
            self._warm = [self._client.submit(warm_task, self._key, self._blob, workers=[address],
                                              allow_other_workers=False, pure=False) for address in workers]

    def coming(self, articles: int) -> None:
        """The indexer has read `articles` new articles for its next batch: from START_ARTICLES on, the run is worth
        workers, so they start (and load their models) now, while the rest of the batch is read."""
        if self._blob is None and not self._held and articles >= START_ARTICLES:
            self._start()

    def submit(self, articles: list[Article], tag=None) -> list[tuple[list[Article], object]]:
        if self._client is None:
            # A small run (one batch of fewer than START_ARTICLES) is enriched here: starting a cluster and loading
            # spaCy in each worker takes longer than enriching a few dozen articles.
            self._held.append((articles, tag))
            if sum(1 for a, _ in self._held if a) < 2 and sum(len(a) for a, _ in self._held) < START_ARTICLES:
                return []
            self._start()
            held, self._held = self._held, []
            return [done for a, t in held for done in self._send(a, t)]
        return self._send(articles, tag)

    def _send(self, articles: list[Article], tag) -> list[tuple[list[Article], object]]:
        self._start()
        # tasks of TASK_ARTICLES: the workers share a batch, so none idles at the end of a run
        chunks = [articles[i:i + TASK_ARTICLES] for i in range(0, len(articles), TASK_ARTICLES)]
        futures = [self._client.submit(enrich_task, self._key, self._blob, chunk, pure=False) for chunk in chunks]
        self._queue.append(_InFlight(futures, [len(c) for c in chunks], tag, articles if not futures else None))
        self._submitted += len(articles)
        self._report()
        done = self._ready()
        while len(self._queue) > IN_FLIGHT_PER_WORKER * self.workers:  # bounded: wait for the oldest
            self._wait_oldest()
            done += self._ready()
        return done

    def in_flight(self) -> int:
        """Batches submitted to workers and not yet handed back (held ones are enriched here, at drain)."""
        return len(self._queue)

    def drain(self) -> list[tuple[list[Article], object]]:
        if self._held:  # the whole run was one small batch
            held, self._held = self._held, []
            total = sum(len(a) for a, _ in held)
            for articles, _ in held:
                if not articles:
                    continue
                self.failures += enrich_each(self.enrich, articles)
                self._finished += len(articles)
                self.progress("enrich", self._finished, total)
            return held
        done = []
        while self._queue:
            self._wait_oldest()
            done += self._ready()
        self._release()  # before the caller writes these last batches: its merges then share memory with no worker
        return done

    def _release(self) -> None:
        """A cluster this run started goes once nothing is left to enrich (its workers hold ~300 MB each). A later
        batch is then held and enriched here (as a small run's is), or starts another cluster if it is big. A
        --scheduler cluster is someone else's: it stays."""
        if self._cluster is not None and not self._queue:
            self.worker_stats()
            self._warm = []
            self._client.close()
            self._cluster.close()
            self._client = self._cluster = None

    def _wait_oldest(self) -> None:
        from distributed import wait

        while not self._queue[0].done():  # progress as any worker finishes, not only the oldest batch
            pending = [f for batch in self._queue for f in batch.futures if not f.done()]
            with self._client.as_current():
                wait(pending, return_when="FIRST_COMPLETED")
            self._report()

    def _ready(self) -> list[tuple[list[Article], object]]:
        """The finished batches at the head of the queue, in submission order."""
        out = []
        while self._queue and self._queue[0].done():
            batch = self._queue.popleft()
            articles, failures = batch.result()  # a task's error (not an article's) is raised here
            self.failures += failures
            out.append((articles, batch.tag))
            self._finished += sum(batch.sizes)
        if out:
            self._report()
        return out

    def _report(self) -> None:
        done = self._finished + sum(n for batch in self._queue for f, n in zip(batch.futures, batch.sizes) if f.done())
        self.progress("enrich", done, self._submitted)

    def worker_stats(self) -> dict[str, dict]:
        """Per worker: CPU seconds before its first task and in tasks, tasks and articles (for bench/fanout_bench.py);
        after close(), as they were then."""
        if self._client is not None:
            try:
                stats = self._client.run(_worker_stats)
            except Exception:  # a worker gone: no figures, never a failed run
                return self._stats
            self._stats = {f"{n}": s for n, (_, s) in enumerate(sorted(stats.items()), 1) if s["tasks"]}
        return self._stats

    def close(self) -> None:
        self.worker_stats()
        for batch in self._queue:
            for future in batch.futures:
                future.cancel()
        self._queue.clear()
        self._warm = []
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()
        self._client = self._cluster = None


def make_fanout(enrich: Enrich | None, workers: int | None = None, scheduler: str | None = None,
                progress: Progress | None = None):
    """The single-process path for `workers=1`, no enrichment or no scheduler and one core (the indexer then
    enriches with its own `_enrich`); dask otherwise."""
    if enrich is None or (not scheduler and (workers or os.cpu_count() or 1) <= 1):
        return InProcess(enrich)
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise NewsExplorerError("dask.distributed is not installed: install it (pip install 'dask[distributed]') "
                                "or index with --workers 1") from None
    return Dask(enrich, workers=workers, scheduler=scheduler, progress=progress)
