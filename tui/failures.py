"""Where the app's unexpected failures go: one line in the app, the traceback in `app.log` in the data dir.

Textual drops two kinds of exception on the floor: one raised in a view's worker (its "worker errored" message
goes to the view only, not to the app) and one raised in a `call_from_thread` callback (it ends in the calling
thread). Both come here, from any thread: never a traceback on screen, never a silent swallow.
"""
from __future__ import annotations

import threading
from pathlib import Path

from textual.worker import Worker, WorkerState

LOG_NAME = "app.log"
LOG_BYTES = 1_000_000  # then app.log.1 takes the old lines: the log never grows without bound


def failure_line(where: str, err: BaseException) -> str:
    """`where: Type: first line of the message`, safe to show (no markup, no control characters)."""
    from ..index.textsafety import one_line

    text = str(err).strip().splitlines()[0] if str(err).strip() else ""
    return one_line(f"{where}: {type(err).__name__}" + (f": {text}" if text else ""))


class FailureLog:
    """The data dir's app.log, opened on the first failure (a healthy session writes nothing)."""

    def __init__(self, data_dir: Path) -> None:
        self.path = Path(data_dir) / LOG_NAME
        self._lock = threading.Lock()
        self._logger = None

    def write(self, where: str, err: BaseException) -> bool:
        """Append the traceback; False if the log cannot be written (read-only data dir, full disk)."""
        try:
            with self._lock:
                if self._logger is None:
                    self._logger = self._open()
                self._logger.error("%s", where, exc_info=(type(err), err, err.__traceback__))
            return True
        except Exception:
            return False

    def _open(self):
        import logging
        from logging.handlers import RotatingFileHandler

        self.path.parent.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(self.path, maxBytes=LOG_BYTES, backupCount=1, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        logger = logging.Logger(f"newsexplorer.app:{self.path}")  # not registered: one per app, closed with it
        logger.addHandler(handler)
        logger.propagate = False
        return logger

    def close(self) -> None:
        with self._lock:
            if self._logger is not None:
                for handler in list(self._logger.handlers):
                    handler.close()
                    self._logger.removeHandler(handler)
                self._logger = None


class ReportsWorkerFailures:
    """Mixed into a widget that runs workers: a worker of it that fails is reported by the app (Textual tells
    only the widget, so without this the failure vanished and the view waited forever)."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.app.report_failure(event.worker.error, event.worker.name or "background task")
