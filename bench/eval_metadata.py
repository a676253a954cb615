"""Titles, outlets, hosts and dates against hand labels (bench/labels/metadata.toml); prints the README's figures.

Usage: python bench/eval_metadata.py [--labels FILE ...] [--shared DIR] [--verbose] [--speed]
--labels: bench/labels/metadata.toml (fitted: seen while writing the rules) by default; metadata_heldout2.toml and
metadata_heldout3.toml are held-out sets; several files may be given. Every label's `split` ("fitted" when it has
none) is a column of the table: each set is scored per split, so fitted and held-out figures are never summed. A label may name a `record` (0-based, for JSON Lines / CSV files holding many articles); a
`[folder_default.<corpus>]` table is a user's `["*"]` metadata.toml for that corpus, applied by reading the labelled
files through a temporary folder of links beside such a sidecar. Files are read in place (the seeds from seeds/articles, the rest from ../shared/corpora) through the same ingest
path as `newsexplorer index` (read, metadata, cleaning), without building an index. A title is right when it equals
the label after collapsing whitespace (a derived title: when it is marked derived and starts as labelled); an
outlet when it is one of the label's accepted names (any case), or unknown where the label lists none.
The BBC News corpus (title line, blank line, body) checks titles on 2,225 files without labels.
--speed times the ingest step over ../shared/corpora/bbc (2,225 files) and the peace-talks folders.
"""
from __future__ import annotations

import argparse
import json
import re
import tempfile
import time
import tomllib
from pathlib import Path

from newsexplorer.index.ingest import finish_article, prepare, read_articles
from newsexplorer.index.ingest.raw import RecordError

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


_read: dict[Path, list] = {}


def ingest(path: Path):
    if path in _read:
        return _read[path]
    out = []
    for raw in read_articles(path):
        if not isinstance(raw, RecordError):
            article = finish_article(prepare(raw, path), path)
            if article is not None:
                out.append(article)
    _read[path] = out
    return out


def resolve(pattern: str, shared: Path, linked: dict[str, Path]) -> Path:
    folder, name = pattern.split("/", 1)
    base = REPO / "seeds" / "articles" if folder == "seeds" else shared / "corpora" / folder
    matches = sorted(base.glob(name))
    if len(matches) != 1:
        raise SystemExit(f"eval_metadata: label {pattern!r} matches {len(matches)} files in {base}")
    if folder in linked:  # read through the folder of links beside the user's sidecar
        link = linked[folder] / name.replace("/", "__")
        if not link.exists():
            link.symlink_to(matches[0].resolve())
        return link
    return matches[0]


def _one(articles: list, label: dict):
    if "record" in label:
        return next((a for a in articles if a.record == label["record"]), None)
    return articles[0] if len(articles) == 1 else None


def score(labels: list[dict], shared: Path, verbose: bool,
          linked: dict[str, Path]) -> dict[tuple[str, str], dict[str, list[int]]]:
    """(set, split) → field → [right, labelled]."""
    totals: dict[tuple[str, str], dict[str, list[int]]] = {}
    for label in labels:
        group = (label["file"].split("/", 1)[0], label.get("split", "fitted"))
        row = totals.setdefault(group, {"title": [0, 0], "outlet": [0, 0], "host": [0, 0], "date": [0, 0]})
        article = _one(ingest(resolve(label["file"], shared, linked)), label)
        where = label["file"][:60] + (f" #{label['record']}" if "record" in label else "")
        if article is None:
            print(f"  {where}: not read as one article")
            for key in (k for k in ("title", "outlet", "host", "date") if k in label or k == "title"):
                row[key][1] += 1
            continue
        checks = {}
        if "title" in label:
            checks["title"] = (_norm(article.title) == _norm(label["title"]) and not article.title_derived,
                               article.title, label["title"])
        elif "title_prefix" in label:
            checks["title"] = (article.title_derived and article.title.startswith(label["title_prefix"]),
                               article.title, f"derived, starting {label['title_prefix']!r}")
        if "outlet" in label:  # [] : the record names no writer, so unknown is right
            accepted = [o.casefold() for o in label["outlet"]]
            checks["outlet"] = ((article.source or "").casefold() in accepted if accepted else article.source is None,
                                article.source, label["outlet"] or None)
        if "host" in label:
            checks["host"] = (article.host == label["host"], article.host, label["host"])
        if "date" in label:
            checks["date"] = (article.date == label["date"], article.date, label["date"])
        for key, (right, got, want) in checks.items():
            row[key][0] += bool(right)
            row[key][1] += 1
            if verbose and not right:
                print(f"  {key:6} {where}: got {got!r}, labelled {want!r}")
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
    parser.add_argument("--labels", type=Path, action="append",
                        help="label file (repeat for several; default bench/labels/metadata.toml)")
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--verbose", action="store_true", help="list every miss")
    parser.add_argument("--speed", action="store_true", help="also time the ingest step")
    args = parser.parse_args()
    files = args.labels or [HERE / "labels" / "metadata.toml"]
    totals: dict[tuple[str, str], dict[str, list[int]]] = {}
    for path in files:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        with tempfile.TemporaryDirectory(prefix="eval_metadata_") as tmp:
            linked = {}
            for corpus, default in data.get("folder_default", {}).items():
                linked[corpus] = Path(tmp) / corpus
                linked[corpus].mkdir()
                sidecar = "".join(f"{k} = {json.dumps(v)}\n" for k, v in default.items())
                (linked[corpus] / "metadata.toml").write_text(f'["*"]\n{sidecar}', encoding="utf-8")
            _read.clear()  # a folder default changes what a file reads as
            for key, row in score(data["article"], args.shared, args.verbose, linked).items():
                into = totals.setdefault(key, {field: [0, 0] for field in row})
                for field, (right, n) in row.items():
                    into[field][0] += right
                    into[field][1] += n
        splits = sorted({a.get("split", "fitted") for a in data["article"]})
        print(f"labels: {path.name} (split: {', '.join(splits)})")
    print_table(totals)
    if [p.name for p in files] != ["metadata.toml"]:
        return
    right, total = bbc_titles(args.shared)
    print(f"{'bbc (title line)':18} {'sanity':>10} {f'{right}/{total}':>8}")
    if args.speed:
        speed(args.shared)


def print_table(totals: dict[tuple[str, str], dict[str, list[int]]]) -> None:
    """One row per set and split: a held-out figure is never added to a fitted one."""
    print(f"{'set':18} {'split':>10} {'titles':>8} {'outlets':>8} {'hosts':>8} {'dates':>8}")
    for (group, split), row in sorted(totals.items(), key=lambda item: (item[0][1] != "fitted", item[0])):
        cells = [f"{r}/{n}" if n else "-" for r, n in (row[k] for k in ("title", "outlet", "host", "date"))]
        print(f"{group:18} {split:>10} " + " ".join(f"{c:>8}" for c in cells))


if __name__ == "__main__":
    main()
