"""The app always exits: SIGHUP (the terminal went: SSH dropped, tmux session killed) and SIGTERM quit it as `q`
does, and from the moment it starts to quit the process is gone within EXIT_GRACE_S — after the user's queued
ticks, notes, tags and saved searches are in newsexplorer.db — whatever a worker thread is doing.

The clean path is the normal one: the handler asks the event loop to quit, the terminal is given back, the
checklist thread writes what is queued and ends. What it cannot bound is a thread worker: Textual runs them in
asyncio's default executor, which `asyncio.run` (Python 3.11) and then the interpreter wait for without a
timeout, and Python cannot stop a thread — a worker building or restoring an index runs for minutes. So, as the
last resort, a watchdog armed when quitting starts: if the process is still here EXIT_GRACE_S later, it waits
for the user's writes (at most WRITES_WAIT_S) and ends the process with `os._exit`. A half-done index write is
rolled back by the store on the next open, as after any kill.

The signal handler is a Python-level one (not the event loop's), so it runs even while the main thread waits
on a lock, and it takes no lock itself: it writes a byte to a pipe the watchdog reads, and schedules the quit
with `call_soon_threadsafe`.
"""
from __future__ import annotations

import os
import signal
import threading
import time

EXIT_GRACE_S = 3.0  # from the start of quitting to the watchdog's exit: a clean exit takes well under a second
WRITES_WAIT_S = 30.0  # the watchdog waits this long at most for the checklist thread's queued writes
SIGNALS = (signal.SIGTERM, signal.SIGHUP)


class ExitGuard:
    """`with ExitGuard(app): app.run()` — signals quit the app; quitting ends the process (see the module doc)."""

    def __init__(self, app, grace_s: float = EXIT_GRACE_S) -> None:
        self.app = app
        self.grace_s = grace_s
        self.signal: int | None = None
        self.workers: list[str] = []
        self._read, self._write = os.pipe()
        os.set_blocking(self._write, False)
        self._previous: dict[int, object] = {}
        self._watchdog = threading.Thread(target=self._watch, name="newsexplorer-exit-watchdog", daemon=True)

    def __enter__(self) -> "ExitGuard":
        self._watchdog.start()
        for sig in SIGNALS:
            self._previous[sig] = signal.signal(sig, self._on_signal)
        self.app.exit_guard = self
        return self

    def __exit__(self, *exc) -> None:
        # app.run() returned: the terminal is back. What is left (the interpreter joining threads) is still
        # watched: the watchdog was armed as the app began to quit.
        self.arm()
        jobs = getattr(self.app, "checklist", None)
        if jobs is not None:  # the app's unmount waits for them, but nothing here relies on Textual having run it
            # (the checklist thread is a daemon: the interpreter would not wait for a save still queued)
            jobs.close(timeout=None)
            jobs.wait_closed(WRITES_WAIT_S)
        for sig, previous in self._previous.items():
            signal.signal(sig, previous)

    def arm(self, workers: list[str] | None = None) -> None:
        """Quitting has begun: the watchdog's clock starts (safe in a signal handler: one write to a pipe).
        `workers`: the app's workers still running then, named in app.log if the watchdog has to act."""
        if workers:
            self.workers = workers
        try:
            os.write(self._write, b"x")
        except OSError:  # already armed (the pipe is full) or closing
            pass

    def _on_signal(self, signum, frame) -> None:
        self.signal = signum
        self.arm()
        app = self.app
        driver = getattr(app, "_driver", None)
        if driver is not None and hasattr(driver, "quitting"):
            driver.quitting = True  # output is not waited for any more (tui/terminal_driver.py)
        loop = getattr(app, "_loop", None)
        if loop is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(app.exit)  # the clean path: quit as `q` does
            except RuntimeError:
                pass
        # else: not running yet, or already done: the watchdog ends the process

    def _watch(self) -> None:
        os.read(self._read, 1)  # armed
        time.sleep(self.grace_s)  # the clean exit normally ends the process (this daemon thread with it) first
        jobs = getattr(self.app, "checklist", None)
        saved = True
        if jobs is not None:
            jobs.close(timeout=None)
            started = time.monotonic()
            saved = jobs.wait_closed(WRITES_WAIT_S)
            if time.monotonic() - started > 0.5:  # saves were still landing (a busy database): the clean path may
                time.sleep(self.grace_s)  # have been waiting for them too; let it give the terminal back first
        self._log(saved)
        os._exit(self.app.return_code or 0)

    def _log(self, saved: bool) -> None:
        """One line in app.log: which threads held the exit (the next bug report starts there)."""
        held = sorted(t.name for t in threading.enumerate()
                      if t is not threading.current_thread() and not t.daemon and t.is_alive())
        held += [f"worker '{name}'" for name in self.workers]  # the app's own names ("opening the index")
        why = f"still running: {', '.join(held) or 'the main thread'}"
        if not saved:
            why += f"; the queued saves did not finish in {WRITES_WAIT_S:.0f} s"
        try:
            self.app.failures.write("exit forced", TimeoutError(
                f"the app had not exited {self.grace_s:.0f} s after it began to quit ({why})"))
        except Exception:
            pass
