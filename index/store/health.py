"""Which SQLite file of a data dir is damaged, and what to do about it: asked after an error, never on open
(a full check reads every page: ~5 ms per MB)."""
from __future__ import annotations

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


def _quick_check(path: Path) -> str | None:
    try:
        db = sqlite3.connect(path, timeout=5)
        try:
            rows = db.execute("PRAGMA quick_check(1)").fetchall()
        finally:
            db.close()
    except sqlite3.DatabaseError as err:
        return str(err)
    return None if rows == [("ok",)] else " ".join(str(rows[0][0]).split())  # SQLite's report spans lines
