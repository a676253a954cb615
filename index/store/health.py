"""What a database error in a data dir really is, and what to do about it: asked after an error, never on open
(a full check reads every page: ~5 ms per MB).

A read-only folder, a full disk or a file another program holds locked is named as such: calling those "damaged"
and advising `--rebuild` would have the user delete a store that was fine.
"""
from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

from ..datadir import ARTICLES_DB, USER_DB

FIXES = {
    ARTICLES_DB: "rebuild it with: newsexplorer index --rebuild PATH... (your ticks and notes are kept)",
    USER_DB: "it holds your ticks, notes and tags: move it aside to start a new one, and try sqlite3's .recover "
             "on the copy",
}


def damaged_databases(data_dir: Path) -> list[str]:
    """One line per damaged database file in the data dir, naming it and the way out."""
    problems = []
    for name, fix in FIXES.items():
        path = data_dir / name
        if path.is_file():
            problem = _quick_check(path)
            if problem:
                problems.append(f"{path} is damaged ({problem}); {fix}")
    return problems


_NOT_DAMAGE = {  # words in SQLite's message → what is wrong instead, {path} and {folder} filled in
    "readonly": "{path} cannot be written: the file or its folder {folder} is read-only (nothing was changed; "
                "make it writable, or use another data dir with --index-dir)",
    "read-only": "{path} cannot be written: the file or its folder {folder} is read-only (nothing was changed; "
                 "make it writable, or use another data dir with --index-dir)",
    "disk is full": "the disk holding {folder} is full (nothing already indexed was lost; free some space and run "
                    "the command again)",
    "locked": "{path} is locked by another program (close it, e.g. an open sqlite3 shell, and try again; "
              "nothing was changed)",
    "busy": "{path} is locked by another program (close it, e.g. an open sqlite3 shell, and try again; "
            "nothing was changed)",
    "disk i/o error": "writing {path} failed with a disk I/O error (a full disk, a file-size limit or a failing "
                      "disk; nothing already indexed was lost: free some space or check the disk, then run the "
                      "command again)",
    "unable to open": "{path} cannot be opened (check that {folder} exists and you may read and write it)",
}


def _read_only_mount(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):
        return False


_READ_ONLY_MOUNT = ("{folder} is on a read-only file system, and newsexplorer writes beside its databases even to "
                    "search (SQLite's write-ahead log): copy the data dir somewhere writable and use --index-dir")


def not_damage(path: Path, err: BaseException) -> str | None:
    """One line for an error that is about permissions, space or locks rather than damage; None otherwise."""
    message = str(err).lower()
    if "unable to open" in message and _read_only_mount(path.parent):  # even a search: SQLite's WAL writes beside
        return _READ_ONLY_MOUNT.format(folder=path.parent) + f" [{err}]"
    for words, line in _NOT_DAMAGE.items():
        if words in message:
            return line.format(path=path, folder=path.parent) + f" [{err}]"
    code = getattr(err, "errno", None)
    if code in (errno.EROFS, errno.EACCES, errno.EPERM):
        return _NOT_DAMAGE["readonly"].format(path=path, folder=path.parent) + f" [{err}]"
    if code in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return _NOT_DAMAGE["disk is full"].format(path=path, folder=path.parent) + f" [{err}]"
    return None


def explain(data_dir: Path, err: BaseException, path: Path | None = None) -> str:
    """The one line to show for a database (or file system) error in a data dir: the real cause first."""
    path = path or data_dir / ARTICLES_DB
    line = not_damage(path, err)
    if line:
        return line
    if isinstance(err, OSError):  # a file system error that is neither permissions nor space
        return f"{err.filename or data_dir}: {err.strerror or err}"
    problems = damaged_databases(data_dir)
    return problems[0] if problems else f"database error in {data_dir}: {err}"


def _quick_check(path: Path) -> str | None:
    try:
        db = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, timeout=5)  # never creates or writes
        try:
            rows = db.execute("PRAGMA quick_check(1)").fetchall()
        finally:
            db.close()
    except sqlite3.OperationalError as err:  # locked, unreadable: not a verdict on the file's contents
        if not_damage(path, err) or "disk i/o" in str(err).lower():
            return None
        return str(err)
    except sqlite3.DatabaseError as err:
        return str(err)
    return None if rows == [("ok",)] else " ".join(str(rows[0][0]).split())  # SQLite's report spans lines
