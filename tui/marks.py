"""One thread that owns the checklist's reads and writes of newsexplorer.db, in the order the keys came.

Fast keys (`o o o ␠ ␠`) used to start one thread each on one shared SQLite connection: transactions collided
("cannot start a transaction within a transaction") and the last write to land was not the last key pressed.
Here every tick, override, note and checklist reload is a job on one queue, run one at a time on the thread's own
connection, so each key is saved and a reload always sees every key pressed before it.

Nothing here waits on the UI: a job hands its result to the UI thread without waiting for it (`App.call_later`),
so a UI that is busy, or quitting, never holds the user's saves queued behind that job. And the UI never waits on
this thread: it awaits `drained()`, which lets the event loop run meanwhile.
"""
from __future__ import annotations

import asyncio
import queue
import threading
from pathlib import Path
from typing import Any, Callable

from ..index.errors import ReadOnlyDataDir
from ..index.store.userdata import ANY

FIELDS = ("checked", "override", "note")


class ChecklistJobs:
    def __init__(self, db_path: Path, on_error: Callable[[str], None],
                 on_exception: Callable[[BaseException, str], None] | None = None) -> None:
        """`on_error(line)`: what the user must hear (a note changed elsewhere); `on_exception(err, where)`: a job
        that raised (a save refused by SQLite, a reload whose UI callback failed); without it, its first line."""
        self.db_path = Path(db_path)
        self.on_error = on_error
        self.on_exception = on_exception
        self.saved: list[tuple[str, str, Any]] = []  # (issue, field, value) in the order written (tests, bench)
        self._jobs: queue.Queue = queue.Queue()
        self._count_lock = threading.Lock()
        self._pending = 0  # jobs queued or running
        self._closing = False  # close() was called: the reads still queued are skipped, the writes done
        self._thread = threading.Thread(target=self._run, name="newsexplorer-checklist", daemon=True)
        self._thread.start()

    def save(self, issue_id: str, field: str, value, expected=ANY) -> None:
        """Queue one mark to write (a tick, an override or a note; for a note, `expected` is what it was when the
        editor opened, so another window's note in the meantime is kept and the user told)."""
        assert field in FIELDS
        self._put(("save", issue_id, field, (value, expected)))

    def call(self, fn: Callable[[], None]) -> None:
        """Queue `fn` behind every save queued so far (a reload that must see them). Skipped once closing: it
        only reads, and the app is going."""
        self._put(("call", fn, None, None))

    def with_db(self, fn: Callable[[Any], None], *, writes: bool = True) -> None:
        """Queue `fn(userdata)` on this thread's own connection, in order with the marks (tags, article notes,
        saved searches, search history: the user's other writes to newsexplorer.db). `writes=False`: it only
        reads, so it is skipped once closing."""
        self._put(("db" if writes else "read", fn, None, None))

    @property
    def pending(self) -> int:
        """Jobs queued or running now (0: every job queued so far has run)."""
        with self._count_lock:
            return self._pending

    def flush(self, timeout: float = 10.0) -> bool:
        """Block until every job queued so far has run; False if `timeout` passed first. Never on the UI thread
        (jobs hand results to it): there, await `drained()`."""
        if self._closing:  # nothing runs after the close: its end is the flush
            return self.wait_closed(timeout)
        done = threading.Event()
        self._put(("mark", done.set, None, None))
        return done.wait(timeout)

    async def drained(self, timeout: float | None = None) -> bool:
        """Wait, without holding the event loop, until every job queued so far has run (what `settle()` in the
        tests, the bench and quitting wait for); False if `timeout` passed first."""
        loop = asyncio.get_running_loop()
        done = loop.create_future()

        def ran() -> None:
            try:
                loop.call_soon_threadsafe(lambda: done.done() or done.set_result(True))
            except RuntimeError:  # the loop has closed: nobody is waiting any more
                pass
        if self._closing:  # nothing runs after the close: wait for the thread's end
            deadline = None if timeout is None else loop.time() + timeout
            while self._thread.is_alive():
                if deadline is not None and loop.time() >= deadline:
                    return False
                await asyncio.sleep(0.01)
            return True
        self._put(("mark", ran, None, None))
        try:
            return await asyncio.wait_for(done, timeout)
        except asyncio.TimeoutError:
            return False

    def close(self, timeout: float | None = 5.0) -> bool:
        """Let the queued writes finish, skip the queued reads, and stop the thread; wait for it up to `timeout`
        (None: do not wait). True once the thread has ended (every write queued before is then in the db)."""
        if not self._closing:
            self._closing = True
            self._jobs.put(None)
        if timeout:
            self._thread.join(timeout=timeout)
        return not self._thread.is_alive()

    def wait_closed(self, timeout: float) -> bool:
        """After `close()`: wait up to `timeout` for the thread to end (every write queued before it done)."""
        self._thread.join(timeout=timeout)
        return not self._thread.is_alive()

    def _put(self, job) -> None:
        with self._count_lock:
            self._pending += 1
        self._jobs.put(job)

    def _run(self) -> None:
        from ..index.store.userdata import UserData

        data = None
        while (job := self._jobs.get()) is not None:
            try:
                data = self._do(job, data, UserData)
            finally:
                with self._count_lock:
                    self._pending -= 1
        if data is not None:
            data.close()

    def _do(self, job, data, UserData):
        """Run one job (opening the connection on the first that needs it); returns the connection."""
        kind, a, b, c = job
        if self._closing and kind in ("call", "read"):
            return data  # the app is going: only the user's writes still matter
        try:
            if kind in ("call", "mark"):
                a()
                return data
            if data is None:
                data = UserData(self.db_path)
            if kind in ("db", "read"):
                a(data)
                return data
            value, expected = c
            if b == "note":
                conflict = data.set_note(a, value, expected)
                if conflict:
                    self.on_error(conflict)
            else:
                {"checked": data.set_checked, "override": data.set_override}[b](a, value)
            self.saved.append((a, b, value))
        except ReadOnlyDataDir as err:  # a read-only data dir: its own line (no traceback to log, nowhere to log it)
            self.on_error(str(err))
        except Exception as err:  # one line to the user; the queue goes on
            where = "not saved" if kind in ("save", "db") else "checklist"
            if self.on_exception is not None:
                self.on_exception(err, where)
            else:
                self.on_error(f"{where}: {err}".splitlines()[0])
        return data
