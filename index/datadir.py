"""Where the index and the user's data live, and the lock that keeps to one writer at a time."""
from __future__ import annotations

import errno
import fcntl
import json
import os
import stat
import time
from pathlib import Path

from .errors import IndexBusy, UnsafeLockFile

ARTICLES_DB = "articles.db"
USER_DB = "newsexplorer.db"
LOCK_FILE = "writer.lock"
BUILD_MARKER = "build.unfinished"  # an index run's paths, from its start to its end (gone once it ended)


def read_only(path: Path) -> bool:
    """True when this process cannot write `path` (a database file or a folder): a read-only mount, a
    `chmod -R a-w` copy, another user's index. A database file counts as read-only when its folder is, since SQLite
    writes its journal beside it. A path not there yet counts as writable."""
    path = Path(path)
    folder = path if path.is_dir() else path.parent
    if folder.exists() and not os.access(folder, os.W_OK):
        return True
    return path.exists() and not os.access(path, os.W_OK)


def connect_read_only(path: Path, timeout: float = 5.0):
    """A connection that never writes, not even SQLite's shared-memory file: `mode=ro` when SQLite can share the
    write-ahead log's index (another process may still be writing the file), else `immutable=1` (a folder nobody
    here can write: SQLite then reads the file as it is, without the -shm it cannot create)."""
    import sqlite3

    uri = Path(path).resolve().as_uri()
    db = sqlite3.connect(uri + "?mode=ro", uri=True, timeout=timeout, check_same_thread=False, isolation_level=None)
    try:
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return db
    except sqlite3.OperationalError:
        db.close()
    return sqlite3.connect(uri + "?immutable=1", uri=True, timeout=timeout, check_same_thread=False,
                           isolation_level=None)


def begin_build(data_dir: Path, paths) -> None:
    """An index run starts (under the writer lock): the paths it indexes are recorded until it ends, so a run that
    was quit or killed can be told from a finished one (the app finishes its own first build on the next start)."""
    marker = Path(data_dir) / BUILD_MARKER
    fresh = marker.with_name(BUILD_MARKER + ".new")
    fresh.write_text(json.dumps([str(Path(p).resolve()) for p in paths]))
    os.replace(fresh, marker)


def end_build(data_dir: Path) -> None:
    (Path(data_dir) / BUILD_MARKER).unlink(missing_ok=True)


def unfinished_build(data_dir: Path) -> list[str] | None:
    """The paths of an index run that began here and never ended, or None."""
    try:
        paths = json.loads((Path(data_dir) / BUILD_MARKER).read_text())
    except (OSError, ValueError):
        return None
    return paths if isinstance(paths, list) else None


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
