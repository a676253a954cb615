"""Is another process writing to the index? The app asks while it waits to open it, to say why it waits.

`newsexplorer index` holds an flock on writer.lock for its whole run. A shared, non-blocking flock on a file
handle of our own fails exactly while it is held (and is dropped at once when it succeeds), so the app can say
"another index run (pid N) is writing" instead of "Opening the index…" with no reason.
"""
from __future__ import annotations

import fcntl
import os
from pathlib import Path

from ..index.datadir import LOCK_FILE


def writer_holder(data_dir: Path) -> str | None:
    """The pid (or "?") of another process holding the writer lock; None when nobody (or this process) holds it."""
    path = Path(data_dir) / LOCK_FILE
    try:
        with open(path, "r") as fh:
            try:
                fcntl.flock(fh, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = fh.read().strip() or "?"
                return None if holder == str(os.getpid()) else holder
            fcntl.flock(fh, fcntl.LOCK_UN)
    except OSError:  # no lock file: nobody has ever written here
        return None
    return None
