"""A second process for a big `catalog apply`: the machine's other core detects every other chunk of articles.

A never-seen catalog spends its time in the status parse and in reading the parses, article by article; chunks
of articles are independent, so a helper process (spawned: it loads its own modules and parser, nothing is
inherited from a threaded parent) takes chunks while this process does the others. The helper reads the same
status memo (never writes it) and sends back each chunk's results and the memo entries it made or used; this
process writes them when the apply ends, as before. The results are the same as one process's (every chunk runs
the same `apply.detect_chunk`); a helper that fails or cannot start only makes the apply slower (its chunks are
done here).

Used when the index has at least MIN_ARTICLES articles, the process may run on two cores and the load average
leaves one of them idle: below that size the helper's start (about 2 s of CPU to import and load the parser)
costs more than it saves, and on a machine whose cores are all busy it only adds that start to the work.
"""
from __future__ import annotations

import os
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

MIN_ARTICLES = 1500  # an index smaller than this is applied in one process
IN_FLIGHT = 2  # chunks queued at the helper, so it never waits for this process to hand it one
ENV_SWITCH = "NEWSEXPLORER_APPLY_HELPER"  # "0": never start a helper; "1": whatever the load (benchmarks)


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover (not Linux)
        return os.cpu_count() or 1


def load() -> float:
    """Runnable processes over the last minute (the load average), or 0 where the system does not say."""
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):  # pragma: no cover (not Unix)
        return 0.0


def wanted(articles: int, catalog) -> bool:
    """Whether this apply is worth a second process: a big index, and a core nobody else is using (on a machine
    already busy on every core, a helper only adds its start to the work and makes the apply slower)."""
    switch = os.environ.get(ENV_SWITCH, "").strip()
    if switch == "0" or not catalog.text:
        return False
    return articles >= MIN_ARTICLES and cores() >= 2 and (switch == "1" or load() <= cores() - 1)


# ------------------------------------------------------------------------------------------- in the helper

_state: dict = {}


def _start(catalog_text: str, catalog_path: str, memo_file: str | None, parent: int | None = None) -> None:
    """The helper's own catalog (from the same TOML) and a read-only view of the memo."""
    from .apply import StatusMemo

    _die_with(parent)
    from .catalog import parse_catalog

    _state["catalog"] = parse_catalog(catalog_text, catalog_path)
    _state["memo"] = StatusMemo(Path(memo_file) if memo_file else None, read_only=True)


def _detect(chunk) -> tuple[list, int, dict, set]:
    from .apply import detect_chunk

    memo = _state["memo"]
    results, parsed = detect_chunk(chunk, _state["catalog"], memo)
    new, used = memo.take_changes()
    return results, parsed, new, used


def _die_with(parent: int | None) -> None:
    """End this helper when the process that started it ends, however it ends: the app's exit watchdog
    `os._exit`s a quitting app 3 s after quitting starts, and a helper waiting on its queue would stay behind,
    an orphan parsing for nobody. Linux's parent-death signal is the event; elsewhere the pool's own shutdown is."""
    if parent is None:
        return
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux
        return
    if os.getppid() != parent:  # the parent was gone before the signal was asked for
        os._exit(0)


# ---------------------------------------------------------------------------------------- in this process

def run_chunks(chunks: list, catalog, memo):
    """Yield (results, parsed) per chunk, in chunk order; chunks are shared with a helper when `wanted`."""
    from .apply import detect_chunk

    articles = sum(len(c) for c in chunks)
    pool = _open(catalog, memo) if wanted(articles, catalog) else None
    if pool is None:
        for chunk in chunks:
            yield detect_chunk(chunk, catalog, memo)
        return
    done: dict[int, tuple] = {}
    queued: deque = deque()  # (chunk index, future)
    following = 0  # the next chunk not handed out
    ready = 0  # the next chunk to yield
    try:
        while ready < len(chunks):
            while pool is not None and len(queued) < IN_FLIGHT and following < len(chunks):  # keep the helper fed
                queued.append((following, pool.submit(_detect, chunks[following])))
                following += 1
            # take what the helper finished (wait for it only when nothing is left to do here)
            while queued and (queued[0][1].done() or following >= len(chunks)):
                index, future = queued.popleft()
                done[index] = _collect(future, memo)
                if done[index] is None:  # the helper failed: its chunks are done here
                    pool = _close(pool)
                    for index, future in [(index, future), *queued]:
                        future.cancel()
                        done[index] = detect_chunk(chunks[index], catalog, memo)
                    queued.clear()
            if following < len(chunks):
                done[following] = detect_chunk(chunks[following], catalog, memo)
                following += 1
            while ready in done:
                yield done.pop(ready)
                ready += 1
    finally:
        _close(pool)


def _open(catalog, memo):
    import multiprocessing

    from .apply import memo_file_of

    try:
        memo_file = memo_file_of(memo)
        _tracker_started()
        pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_start, initargs=(catalog.text, catalog.path, memo_file, os.getpid()))
    except (OSError, ValueError, RuntimeError):
        return None
    return pool


def _tracker_started() -> None:
    """multiprocessing's resource tracker is given this process's stderr; in the terminal app sys.stderr is
    Textual's capture, whose fileno() is -1, and starting the tracker failed ("bad value(s) in fds_to_keep"), so the
    app's applies never had a helper. There it is started with its stderr on /dev/null (it only warns there)."""
    import contextlib
    import sys
    from multiprocessing import resource_tracker

    try:
        os.fstat(sys.stderr.fileno())
        return  # a real descriptor: the tracker starts as usual
    except (AttributeError, OSError, ValueError):
        pass
    with open(os.devnull, "w") as null, contextlib.redirect_stderr(null):
        resource_tracker.ensure_running()


def _collect(future, memo):
    """The helper's results for a chunk, its memo entries merged into `memo`; None when the helper failed."""
    try:
        results, parsed, new, used = future.result()
    except Exception:  # a broken or killed helper, or an error in it: the chunk is done here (and fails here if it must)
        return None
    memo.merge(new, used)
    return results, parsed


def _close(pool) -> None:
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)
    return None
