"""RSS, CPU and Whoosh segments as one index run grows (issue 16), without enrichment, in this process.

    python bench/index_growth.py [--no-fold] [--every 2000] FOLDER...

Prints one line per ~`--every` files committed: files, RSS, CPU seconds so far and the index's segment count;
then the final merge's. `--no-fold` turns the size-tier folds off (the run before issue 16: one segment per batch,
merged at the end only). The index is written to a temporary folder and removed.
"""
from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

import psutil

from newsexplorer.index import Corpus
from newsexplorer.index.search import whoosh_backend


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("folders", nargs="+", type=Path)
    ap.add_argument("--no-fold", action="store_true")
    ap.add_argument("--every", type=int, default=2000)
    args = ap.parse_args()
    if args.no_fold:
        whoosh_backend.WhooshBackend._fold_tiers = lambda self: None
    proc, backends, last = psutil.Process(), [], [0]
    create = whoosh_backend.WhooshBackend.create.__func__

    def remember(cls, *a, **kw):
        backends.append(create(cls, *a, **kw))
        return backends[-1]

    whoosh_backend.WhooshBackend.create = classmethod(remember)

    def line(label: str) -> str:
        segments = len(backends[-1].ix._segments()) if backends else 0
        return (f"{label} rss {proc.memory_info().rss / 2**20:.0f} MB cpu {time.process_time():.0f} s "
                f"segments {segments}")

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "commit" and done - last[0] >= args.every:
            last[0] = done
            print(line(f"files {done}"), flush=True)

    data_dir = Path(tempfile.mkdtemp(prefix="nx-growth-"))
    try:
        corpus, _ = Corpus.build(data_dir, args.folders, enrich=None, progress=progress)
        print(line(f"done: {corpus.count()} articles, after the final merge"), flush=True)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
