"""Where the index and the user's data live, and the lock that keeps to one writer at a time."""
from __future__ import annotations

import errno
import fcntl
import os
import stat
import time
from pathlib import Path

from .errors import IndexBusy, UnsafeLockFile

ARTICLES_DB = "articles.db"
USER_DB = "newsexplorer.db"
LOCK_FILE = "writer.lock"


def default_data_dir() -> Path:
    env = os.environ.get("NEWSEXPLORER_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path("newsexplorer", appauthor=False)


class WriterLock:
    """An flock on the data dir: released by the kernel if the holder dies, so no stale locks."""

    def __init__(self, data_dir: Path):
        self.path = data_dir / LOCK_FILE
        self.fh = None

    def acquire(self, wait: float | None = None, on_wait=None) -> None:
        """Take the lock; wait up to `wait` seconds (None: forever), calling on_wait once if we have to."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.fh = self._open()
        deadline = None if wait is None else time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(self.fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                self.fh.seek(0)
                self.fh.truncate()
                self.fh.write(str(os.getpid()))
                self.fh.flush()
                return
            except BlockingIOError:
                if deadline is not None and time.monotonic() >= deadline:
                    self.fh.close()
                    self.fh = None  # release() (from __exit__) must not unlock a closed file
                    raise IndexBusy(f"another newsexplorer index is writing to {self.path.parent} "
                                    f"(pid {self.holder() or '?'}); try again when it has finished") from None
                if not told and on_wait:
                    on_wait(self.holder())
                    told = True
                time.sleep(0.2)

    def _open(self):
        """The lock file, never through a symlink (it is truncated to hold our pid: a link planted in its place
        would truncate whatever it points to) and never anything but a regular file."""
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        except OSError as err:
            if err.errno == errno.ELOOP or self.path.is_symlink():
                raise UnsafeLockFile(f"{self.path} is a symbolic link, not the lock file newsexplorer made; "
                                     f"remove it (nothing was written through it)") from None
            raise
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise UnsafeLockFile(f"{self.path} is not a regular file; remove it (nothing was written to it)")
        return os.fdopen(fd, "r+")

    def holder(self) -> str | None:
        try:
            return self.path.read_text().strip() or None
        except OSError:
            return None

    def release(self) -> None:
        if self.fh:
            fcntl.flock(self.fh, fcntl.LOCK_UN)
            self.fh.close()
            self.fh = None

    def __enter__(self):
        return self

    def __exit__(self, *_):
        self.release()
