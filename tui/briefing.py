"""The checklist's `B`: the Markdown briefing (index/report.py) written to briefing-YYYY-MM-DD.md in the current
directory, or in the data dir when the current directory cannot be written (a read-only checkout, `/`)."""
from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path


def briefing_name(day: date | None = None) -> str:
    return f"briefing-{(day or date.today()).isoformat()}.md"


def write_briefing(corpus, folder: Path | None = None) -> Path:
    """Write the briefing; returns the file written (an earlier one of the same day is replaced)."""
    from ..index.report import briefing_markdown

    text = briefing_markdown(corpus.issue_rollup(), corpus.catalog().name)
    name = briefing_name()
    tried = []
    for where in ([Path(folder)] if folder else [Path.cwd(), Path(corpus.data_dir)]):
        target = where / name
        try:
            fd, tmp = tempfile.mkstemp(prefix=".briefing-", suffix=".md", dir=where)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(text)
            os.replace(tmp, target)  # whole or not at all: a briefing cut short is never left behind
            return target.resolve()
        except OSError as err:
            tried.append(f"{where}: {err.strerror or err}")
    raise OSError("cannot write " + name + " (" + "; ".join(tried) + ")")
