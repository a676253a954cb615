"""Check the metadata label files (bench/labels/metadata*.toml) without running the ingest code.

An annotator's slip — a record number one off, a file name not in the corpus, a date that is not a date, a held-out
record that an earlier, tuned-on file already labels — would silently weaken the metadata figures, so each file is
checked for: the TOML parses; each label names a `file` (a glob under ../shared/corpora/<corpus>/ or seeds/) that
matches exactly one file, and a `record` that exists when the file holds many (JSON Lines line, CSV row, 0-based);
it has a `title` (or `title_derived` with a `title_prefix` the text starts with) whose words are in the record, and
an `outlet` list, at least one of whose names is in the record's text unless a `[folder_default.<corpus>]` names it;
`date` is an ISO date; no record is labelled twice in one file, nor in two metadata files.

    python bench/check_metadata_labels.py                 # every metadata label file
    python bench/check_metadata_labels.py bench/labels/metadata_heldout3.toml

Prints one line per problem and a summary per file; exits 1 on a problem.
"""
from __future__ import annotations

import csv
import datetime
import json
import re
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO / "bench" / "labels"
CORPORA = REPO.parent / "shared" / "corpora"
SEEDS = REPO / "seeds" / "articles"

_records: dict[Path, list[str]] = {}


def metadata_label_files() -> list[Path]:
    return sorted(LABELS.glob("metadata*.toml"))


def resolve(pattern: str) -> list[Path]:
    """The files a label's `file` names, as bench/eval_metadata.py resolves it (seeds/ or a shared corpus)."""
    folder, _, name = pattern.partition("/")
    base = SEEDS if folder == "seeds" else CORPORA / folder
    return sorted(base.glob(name)) if name and base.is_dir() else []


def records(path: Path) -> list[str]:
    """The text of each record of a many-record file (JSON Lines: every string value; CSV: every column); read once."""
    if path not in _records:
        if path.suffix == ".csv":
            with path.open(encoding="utf-8", errors="replace", newline="") as handle:
                _records[path] = [" ".join(row) for row in csv.reader(handle)]
        else:
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
            _records[path] = [" ".join(str(v) for v in json.loads(line).values() if isinstance(v, str))
                              for line in lines if line.strip()]
    return _records[path]


def words(text: str) -> set[str]:
    return set(re.findall(r"[^\W_]+", text.casefold()))


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _pattern(outlet: str) -> str:
    """A name as a pattern: a short all-capitals word also matches capitalised words with its initials (UN: United
    Nations)."""
    parts = []
    for token in re.findall(r"[^\W_]+", outlet):
        if token.isupper() and 2 <= len(token) <= 4:
            initials = r"\W+".join(rf"{c}[^\W_]*" for c in token)
            parts.append(rf"(?:{token}|(?-i:{initials}))")
        else:
            parts.append(re.escape(token))
    return r"\W*".join(parts)


def named(outlet: str, text: str) -> bool:
    """Whether the text names this outlet, ignoring case and punctuation ("Cyprus Mail": cyprus-mail.com);
    Reuters-21578 signs "Reuter", so a final s is optional."""
    pattern = _pattern(outlet)
    if outlet.casefold().endswith("s"):
        pattern += "?"
    return re.search(rf"\b{pattern}\b", text, re.IGNORECASE) is not None


def check(label_file: Path, elsewhere: dict[tuple[str, int | None], str] | None = None) -> tuple[list[str], int]:
    """Problems found (one line each) and the number of labels; `elsewhere` maps records other files label."""
    where = label_file.name
    try:
        data = tomllib.loads(label_file.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        return [f"{where}: cannot be read as TOML: {exc}"], 0
    defaults = {corpus: table.get("source") for corpus, table in data.get("folder_default", {}).items()}
    articles = data.get("article", [])
    problems: list[str] = []
    seen: set[tuple[str, int | None]] = set()
    for label in articles:
        pattern, record = str(label.get("file", "?")), label.get("record")
        name = pattern + (f" #{record}" if record is not None else "")
        matches = resolve(pattern)
        if len(matches) != 1:
            problems.append(f"{where}: {name}: matches {len(matches)} files, not one")
            continue
        key = (str(matches[0]), record)
        if key in seen:
            problems.append(f"{where}: {name} is labelled twice")
        seen.add(key)
        if elsewhere and key in elsewhere:
            problems.append(f"{where}: {name} is already labelled in {elsewhere[key]}")
        if record is not None:
            many = records(matches[0])
            if not isinstance(record, int) or not 0 <= record < len(many):
                problems.append(f"{where}: {name}: no such record ({len(many)} records, 0-based)")
                continue
            text = many[record]
        else:
            text = matches[0].read_text(encoding="utf-8", errors="replace")
        if "title" in label:
            missing = words(label["title"]) - words(text)
            if missing:
                problems.append(f"{where}: {name}: title words not in the record: {', '.join(sorted(missing))}")
        elif label.get("title_derived") and "title_prefix" in label:
            if not collapse(text).startswith(collapse(label["title_prefix"])):
                problems.append(f"{where}: {name}: the text does not start with {label['title_prefix']!r}")
        else:
            problems.append(f"{where}: {name}: neither a title nor title_derived with a title_prefix")
        outlet = label.get("outlet")
        default = defaults.get(pattern.split("/", 1)[0])
        if not isinstance(outlet, list) or not all(isinstance(o, str) for o in outlet):
            problems.append(f"{where}: {name}: outlet is not a list of names")
        elif default is not None:
            if outlet != [default]:
                problems.append(f"{where}: {name}: outlet {outlet} differs from its folder default {default!r}")
        elif outlet and not any(named(o, text) for o in outlet):
            problems.append(f"{where}: {name}: no name of outlet {outlet} occurs in the record")
        if "date" in label:
            try:
                datetime.date.fromisoformat(str(label["date"]))
            except ValueError:
                problems.append(f"{where}: {name}: date {label['date']!r} is not an ISO date")
    splits = {label.get("split") for label in articles}
    if len(splits) > 1 and None in splits:
        problems.append(f"{where}: some labels have a split and some do not")
    return problems, len(articles)


def labelled_records(label_file: Path) -> dict[tuple[str, int | None], str]:
    """Resolved (file, record) keys a label file names, for the no-record-twice-across-files check."""
    try:
        data = tomllib.loads(label_file.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}
    keys = {}
    for label in data.get("article", []):
        matches = resolve(str(label.get("file", "")))
        if len(matches) == 1:
            keys[(str(matches[0]), label.get("record"))] = label_file.name
    return keys


def main(argv: list[str]) -> int:
    files = [Path(a) for a in argv] if argv else metadata_label_files()
    if not CORPORA.is_dir():
        print(f"skipped: the corpora {CORPORA} are not here")
        return 0
    failed = False
    for label_file in files:
        elsewhere = {}
        for other in metadata_label_files():
            if other.resolve() != label_file.resolve():
                elsewhere.update(labelled_records(other))
        problems, n = check(label_file, elsewhere)
        for line in problems:
            print(line)
        failed = failed or bool(problems)
        print(f"{label_file.name}: {n} labels, {len(problems)} problems")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
