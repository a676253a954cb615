"""A second process for a big `catalog apply`: the machine's other core detects every other chunk of articles.

A never-seen catalog spends its time in the status parse and in reading the parses, article by article; chunks
of articles are independent, so a helper process (spawned: it loads its own modules and parser, nothing is
inherited from a threaded parent) takes chunks while this process does the others. The helper reads the same
status memo (never writes it) and sends back each chunk's results and the memo entries it made or used; this
process writes them when the apply ends, as before. The results are the same as one process's (every chunk runs
the same `apply.detect_chunk`); a helper that fails or cannot start only makes the apply slower (its chunks are
done here).

Both processes take the next chunk from one shared list as soon as they are free (a thread of this process hands
the helper its next chunk the moment it sends one back), so each does what its speed allows, and the chunks get
smaller towards the end (`apply.chunk_sizes`), so neither waits long for the other's last one. The helper watches
its parent and exits when it is gone: it never outlives the apply's process, however that ends.

Used when the index has at least MIN_ARTICLES articles, the process may run on two cores and the load average
leaves one of them idle: below that size the helper's start (about 2 s of CPU to import and load the parser)
costs more than it saves, and on a machine whose cores are all busy it only adds that start to the work.
"""
from __future__ import annotations

import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

MIN_ARTICLES = 1500  # an index smaller than this is applied in one process
ENV_SWITCH = "NEWSEXPLORER_APPLY_HELPER"  # "0": never start a helper; "1": whatever the load (benchmarks)
PARENT_CHECK_SECONDS = 0.5  # how often the helper looks whether the apply's process is still there


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


def _start(catalog_text: str, catalog_path: str, memo_file: str | None, parent: int) -> None:
    """The helper's own catalog (from the same TOML) and a read-only view of the memo; a watch on its parent."""
    from .apply import StatusMemo
    from .catalog import parse_catalog

    threading.Thread(target=_watch_parent, args=(parent,), name="apply-helper-parent", daemon=True).start()
    _state["catalog"] = parse_catalog(catalog_text, catalog_path)
    _state["memo"] = StatusMemo(Path(memo_file) if memo_file else None, read_only=True)


def _watch_parent(parent: int) -> None:
    """Exit as soon as the apply's process is gone (killed, crashed): an orphaned helper would wait for work
    forever. Its parent changes when that process ends (the helper is handed to another)."""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(0)


def _detect(chunk) -> tuple[list, int, dict, set]:
    from .apply import detect_chunk

    memo = _state["memo"]
    results, parsed = detect_chunk(chunk, _state["catalog"], memo)
    new, used = memo.take_changes()
    return results, parsed, new, used


def _pid() -> int:
    return os.getpid()


# ---------------------------------------------------------------------------------------- in this process

class _Shared:
    """The chunks not taken yet, and what each process made of the ones it took."""

    def __init__(self, count: int):
        self.lock = threading.Lock()
        self.following = 0  # the next chunk nobody has taken
        self.count = count
        self.from_helper: dict[int, tuple] = {}  # chunk -> (results, parsed, new memo entries, used)
        self.returned: list[int] = []  # chunks the helper took and could not do

    def take(self) -> int | None:
        with self.lock:
            if self.following >= self.count:
                return None
            self.following += 1
            return self.following - 1


def _feed(pool, chunks: list, shared: _Shared) -> None:
    """In a thread of this process: hand the helper one chunk at a time, the next as soon as one comes back."""
    while True:
        index = shared.take()
        if index is None:
            return
        try:
            future = pool.submit(_detect, chunks[index])
        except Exception:  # a helper already broken
            future = None
        got = _collect(future) if future is not None else None
        with shared.lock:
            if got is None:  # its chunk is done here (and fails here if it must), and so are all the others
                shared.returned.append(index)
                return
            shared.from_helper[index] = got


def _collect(future):
    """The helper's (results, parsed, new memo entries, used) for a chunk; None when the helper failed (broken,
    killed, out of memory, or an error in it)."""
    try:
        return future.result()
    except Exception:
        return None


def run_chunks(chunks: list, catalog, memo):
    """Yield (results, parsed) per chunk, in chunk order; chunks are shared with a helper when `wanted`."""
    from .apply import detect_chunk

    articles = sum(len(c) for c in chunks)
    pool = _open(catalog, memo) if wanted(articles, catalog) else None
    if pool is None:
        for chunk in chunks:
            yield detect_chunk(chunk, catalog, memo)
        return
    shared = _Shared(len(chunks))
    feeder = threading.Thread(target=_feed, args=(pool, chunks, shared), name="apply-helper-feed", daemon=True)
    done: dict[int, tuple] = {}
    ready = 0  # the next chunk to yield
    try:
        feeder.start()
        while ready < len(chunks):
            index = shared.take()
            if index is not None:
                done[index] = detect_chunk(chunks[index], catalog, memo)
            else:  # nothing left to take: wait for the helper's last chunk, then do what it could not
                feeder.join()
                for index in shared.returned:
                    done[index] = detect_chunk(chunks[index], catalog, memo)
                shared.returned.clear()
            with shared.lock:
                for index, (results, parsed, new, used) in shared.from_helper.items():
                    memo.merge(new, used)
                    done[index] = results, parsed
                shared.from_helper.clear()
            while ready in done:
                yield done.pop(ready)
                ready += 1
    finally:
        with shared.lock:
            shared.following = shared.count  # the helper takes nothing more (an apply stopped half-way)
        _close(pool)
        feeder.join()


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


def _close(pool) -> None:
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)
    return None
