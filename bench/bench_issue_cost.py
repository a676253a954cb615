"""What issue detection + the status model cost: ms per 1,000 words on the ukraine corpora, and a whole index build.

Usage: python bench/bench_issue_cost.py [--baseline REV] [--index] [--repeat N]

`--baseline REV` also times `index/enrich/issues.py` as it was at git revision REV (e.g. af3e2ce, the regex-only
status before the parser), loaded from `git show` into a temporary module, on the same texts; `--index` builds a
whole index (entities and issues, as `newsexplorer index` does) of the same files with each, in a temporary data
dir. Best of `--repeat` runs, in CPU time of this process (detection; the index build stays wall time); the parser
is loaded before the clock starts. Say how loaded the machine was.
"""
from __future__ import annotations

import argparse
import importlib.util
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from eval_issues import CORPORA, read_article  # noqa: E402

import newsexplorer.index.enrich as enrich_pkg  # noqa: E402
from newsexplorer.index.enrich import issues as current, status  # noqa: E402
from newsexplorer.index.enrich.catalog import load_catalog  # noqa: E402


def module_at(rev: str, relpath: str = "index/enrich/issues.py", name: str = "baseline_issues"):
    """The repository's file `relpath` as it was at `rev`, loaded as a module of its own called `name` (for
    issues.py it must only import the catalog, as the regex-only version did)."""
    source = subprocess.run(["git", "show", f"{rev}:{relpath}"], cwd=HERE.parent, check=True,
                            capture_output=True, text=True).stdout
    path = Path(tempfile.mkdtemp()) / f"{name}.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def best_of(repeat: int, run) -> float:
    best = float("inf")
    for _ in range(repeat):
        status._parse_cache.clear()
        status.lexicon_cues.cache_clear()
        start = time.process_time()  # CPU time: the machine is shared, wall time moves with the load
        run()
        best = min(best, time.process_time() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", metavar="REV")
    parser.add_argument("--index", action="store_true")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    catalog = load_catalog()
    files = sorted((CORPORA / "ukraine_articles").glob("*.txt")) + sorted((CORPORA / "ukraine_dev").glob("*.txt"))
    articles = [read_article(f) for f in files]
    words = sum(len(body.split()) for _, body, _ in articles)
    current.detect_issues("Moscow rejected the proposal on territory, officials said.", catalog)  # load the parser

    variants = {"current": lambda t, b, y: current.detect_issues(b, catalog, title=t, news_year=y)}
    baseline = module_at(args.baseline) if args.baseline else None
    if baseline:
        variants[f"baseline {args.baseline}"] = lambda t, b, y: baseline.detect_issues(b, catalog)
    print(f"{len(files)} files, {words} words (ukraine_articles + ukraine_dev)")
    for name, detect in variants.items():
        seconds = best_of(args.repeat, lambda: [detect(*a) for a in articles])
        print(f"{name:18} detection + status: {1e6 * seconds / words:6.1f} ms per 1,000 words ({seconds:.2f} s)")

    if args.index:
        from newsexplorer.index.corpus import Corpus

        real = enrich_pkg.issue_mentions
        old_mentions = (lambda text, cat, detect, title=None, date=None: [
            {k: v for k, v in found.items() if k in ("id", "status", "evidence", "evidence_spans", "score")}
            for found in baseline.detect_issues(text, cat)]) if baseline else None
        for name in ([f"baseline {args.baseline}", "current"] if baseline else ["current"]) * args.repeat:
            enrich_pkg.issue_mentions = old_mentions if name.startswith("baseline") else real
            data = Path(tempfile.mkdtemp())
            status._parse_cache.clear()  # no parse carried over from an earlier run
            status.lexicon_cues.cache_clear()
            try:
                start = time.perf_counter()
                Corpus.build(data / "data", files, enrich=enrich_pkg.make_enricher())
                print(f"{name:18} whole index build: {time.perf_counter() - start:.1f} s")
            finally:
                shutil.rmtree(data, ignore_errors=True)
        enrich_pkg.issue_mentions = real
    return 0


if __name__ == "__main__":
    sys.exit(main())
