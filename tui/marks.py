"""One thread that owns the checklist's reads and writes of newsexplorer.db, in the order the keys came.

Fast keys (`o o o ␠ ␠`) used to start one thread each on one shared SQLite connection: transactions collided
("cannot start a transaction within a transaction") and the last write to land was not the last key pressed.
Here every tick, override, note and checklist reload is a job on one queue, run one at a time on the thread's own
connection, so each key is saved and a reload always sees every key pressed before it.
"""
from __future__ import annotations

import queue
import threading
from pathlib import Path
from typing import Any, Callable

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
        self._thread = threading.Thread(target=self._run, name="newsexplorer-checklist", daemon=True)
        self._thread.start()

    def save(self, issue_id: str, field: str, value, expected=ANY) -> None:
        """Queue one mark to write (a tick, an override or a note; for a note, `expected` is what it was when the
        editor opened, so another window's note in the meantime is kept and the user told)."""
        assert field in FIELDS
        self._jobs.put(("save", issue_id, field, (value, expected)))

    def call(self, fn: Callable[[], None]) -> None:
        """Queue `fn` behind every save queued so far (a reload that must see them)."""
        self._jobs.put(("call", fn, None, None))

    def with_db(self, fn: Callable[[Any], None]) -> None:
        """Queue `fn(userdata)` on this thread's own connection, in order with the marks (tags, article notes,
        search history: the user's other writes to newsexplorer.db)."""
        self._jobs.put(("db", fn, None, None))

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until every queued job has run (tests, the bench, quitting)."""
        done = threading.Event()
        self._jobs.put(("call", done.set, None, None))
        return done.wait(timeout)

    def close(self) -> None:
        self._jobs.put(None)
        self._thread.join(timeout=5)

    def _run(self) -> None:
        from ..index.store.userdata import UserData

        data = None
        while (job := self._jobs.get()) is not None:
            kind, a, b, c = job
            try:
                if kind == "call":
                    a()
                    continue
                if data is None:
                    data = UserData(self.db_path)
                if kind == "db":
                    a(data)
                    continue
                value, expected = c
                if b == "note":
                    conflict = data.set_note(a, value, expected)
                    if conflict:
                        self.on_error(conflict)
                else:
                    {"checked": data.set_checked, "override": data.set_override}[b](a, value)
                self.saved.append((a, b, value))
            except Exception as err:  # one line to the user; the queue goes on
                where = "not saved" if kind in ("save", "db") else "checklist"
                if self.on_exception is not None:
                    self.on_exception(err, where)
                else:
                    self.on_error(f"{where}: {err}".splitlines()[0])
        if data is not None:
            data.close()
