"""Titles, outlets, hosts and dates against hand labels (bench/labels/metadata.toml); prints the README's figures.

Usage: python bench/eval_metadata.py [--shared DIR] [--verbose] [--speed]
Files are read in place (the seeds from seeds/articles, the rest from ../shared/corpora) through the same ingest
path as `newsexplorer index` (read, metadata, cleaning), without building an index. A title is right when it equals
the label after collapsing whitespace (a derived title: when it is marked derived and starts as labelled); an
outlet when it is one of the label's accepted names (any case), or unknown where the label lists none.
The BBC News corpus (title line, blank line, body) checks titles on 2,225 files without labels.
--speed times the ingest step over ../shared/corpora/bbc (2,225 files) and the peace-talks folders.
"""
from __future__ import annotations

import argparse
import re
import time
import tomllib
from pathlib import Path

from newsexplorer.index.ingest import finish_article, prepare, read_articles
from newsexplorer.index.ingest.raw import RecordError

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SETS = ("seeds", "ukraine_articles", "ukraine_dev")


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def ingest(path: Path):
    out = []
    for raw in read_articles(path):
        if not isinstance(raw, RecordError):
            article = finish_article(prepare(raw, path), path)
            if article is not None:
                out.append(article)
    return out


def resolve(pattern: str, shared: Path) -> Path:
    folder, name = pattern.split("/", 1)
    base = REPO / "seeds" / "articles" if folder == "seeds" else shared / "corpora" / folder
    matches = sorted(base.glob(name))
    if len(matches) != 1:
        raise SystemExit(f"eval_metadata: label {pattern!r} matches {len(matches)} files in {base}")
    return matches[0]


def score(labels: list[dict], shared: Path, verbose: bool) -> dict[str, dict[str, list[int]]]:
    totals = {s: {"title": [0, 0], "outlet": [0, 0], "host": [0, 0], "date": [0, 0]} for s in SETS}
    for label in labels:
        group = label["file"].split("/", 1)[0]
        [article] = ingest(resolve(label["file"], shared))
        checks = {}
        if "title" in label:
            checks["title"] = (_norm(article.title) == _norm(label["title"]) and not article.title_derived,
                               article.title, label["title"])
        else:
            checks["title"] = (article.title_derived and article.title.startswith(label["title_prefix"]),
                               article.title, f"derived, starting {label['title_prefix']!r}")
        accepted = [o.casefold() for o in label["outlet"]]
        checks["outlet"] = ((article.source or "").casefold() in accepted if accepted else article.source is None,
                            article.source, label["outlet"] or None)
        if "host" in label:
            checks["host"] = (article.host == label["host"], article.host, label["host"])
        if "date" in label:
            checks["date"] = (article.date == label["date"], article.date, label["date"])
        for key, (right, got, want) in checks.items():
            totals[group][key][0] += bool(right)
            totals[group][key][1] += 1
            if verbose and not right:
                print(f"  {key:6} {label['file'][:60]}: got {got!r}, labelled {want!r}")
    return totals


def bbc_titles(shared: Path) -> tuple[int, int]:
    """BBC News files are a title line, a blank line and the body: the title must be that line, whole."""
    right = total = 0
    for path in sorted((shared / "corpora" / "bbc").rglob("*.txt")):
        first = path.read_bytes().split(b"\n", 1)[0].decode("utf-8", "replace")
        for article in ingest(path):
            total += 1
            right += _norm(article.title) == _norm(first) and not article.title_derived
    return right, total


def speed(shared: Path) -> None:
    folders = [shared / "corpora" / "bbc", shared / "corpora" / "ukraine_articles", shared / "corpora" / "ukraine_dev"]
    files = [p for folder in folders for p in sorted(folder.rglob("*.txt"))]
    start = time.perf_counter()
    n = sum(len(ingest(p)) for p in files)
    took = time.perf_counter() - start
    print(f"ingest (read, metadata, cleaning; no index, no entities): {n} articles from {len(files)} files "
          f"in {took:.2f} s ({n / took:.0f} articles/s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--verbose", action="store_true", help="list every miss")
    parser.add_argument("--speed", action="store_true", help="also time the ingest step")
    args = parser.parse_args()
    labels = tomllib.loads((HERE / "labels" / "metadata.toml").read_text(encoding="utf-8"))["article"]
    totals = score(labels, args.shared, args.verbose)
    print(f"{'set':18} {'titles':>8} {'outlets':>8} {'hosts':>8} {'dates':>8}")
    for group, row in totals.items():
        cells = [f"{r}/{n}" if n else "-" for r, n in (row[k] for k in ("title", "outlet", "host", "date"))]
        print(f"{group:18} " + " ".join(f"{c:>8}" for c in cells))
    right, total = bbc_titles(args.shared)
    print(f"{'bbc (title line)':18} {f'{right}/{total}':>8}")
    if args.speed:
        speed(args.shared)


if __name__ == "__main__":
    main()
