"""Check the issue-status label files in bench/labels/ without running any detection.

An annotator's slip (an evidence sentence retyped instead of copied, an issue id the catalog does not have, a file
name that is not in the corpus) would silently weaken a benchmark, so every label file is checked for:
the TOML parses; each article file exists in its corpus and is listed once; each status is agreed, progress or
unresolved; each issue id is in the file's catalog; evidence is keyed by labelled issues only; and each evidence
sentence occurs verbatim in the article text.

Reuters-21578 labels (`r21578_<story>.toml`, catalog `catalogs/<story>.toml`) name a record, not a file:
`file = "reuters21578/<newid>"`, whose text is formed by bench/ner_cache.py's read_corpus("reuters21578") (title, a
blank line, body). The wire breaks lines mid-sentence, so there evidence is compared with every run of whitespace
written as one space, in the sentence and in the text alike.

AG News labels (`agnews_<story>.toml`, catalog `catalogs/<story>.toml`) name a row: `file = "agnews/<split>/<row>"`
is row <row> of `agnews/<split>.csv` (e.g. `agnews/test/1` is the first line of test.csv, which has no header and one
record a line, so <row> is also the line number). Its text is the title, a blank line and the description exactly
as the CSV holds them once its quoting is undone: entities such as ` #39;` and `\\` line breaks left as found, so
evidence is compared verbatim.

    python bench/check_labels.py                 # every status label file
    python bench/check_labels.py bench/labels/bbc_lse_bids.toml

Prints one line per problem and a summary per file (articles, pairs, counts per status); exits 1 on a problem.
"""
from __future__ import annotations

import csv
import importlib.util
import re
import sys
import tomllib
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO / "bench" / "labels"
CORPORA = REPO.parent / "shared" / "corpora"
STATUSES = ("agreed", "progress", "unresolved")

# Where each non-BBC label file's articles live; bbc_<story>.toml files use the BBC corpus and catalogs/<story>.toml.
CORPUS_OF = {
    "issues.toml": CORPORA / "ukraine_articles",
    "ukraine_heldout.toml": CORPORA / "ukraine_articles",
    "ukraine_dev.toml": CORPORA / "ukraine_dev",
    "seeds.toml": REPO / "seeds" / "articles",
}


REUTERS = CORPORA / "reuters21578"
_reuters_texts: dict[str, str] = {}
AGNEWS = CORPORA / "agnews"
_agnews_rows: dict[Path, list[list[str]]] = {}


def corpus_and_catalog(label_file: Path) -> tuple[Path, Path]:
    """The folder of articles and the catalog a label file is scored with."""
    name = label_file.name
    if name.startswith("bbc_"):
        return CORPORA / "bbc", LABELS / "catalogs" / f"{name[4:]}"
    if name.startswith("r21578_"):
        return REUTERS, LABELS / "catalogs" / f"{name[7:]}"
    if name.startswith("agnews_"):
        return AGNEWS, LABELS / "catalogs" / f"{name[7:]}"
    return CORPUS_OF.get(name, CORPORA / "ukraine_articles"), REPO / "seeds" / "catalog.toml"


def status_label_files() -> list[Path]:
    """The label files whose articles carry `issues` (not merges.toml or metadata.toml)."""
    found = []
    for path in sorted(LABELS.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        articles = data.get("article", [])
        if articles and all("issues" in a for a in articles):
            found.append(path)
    return found


def reuters_texts() -> dict[str, str]:
    """Record id ("reuters21578/<newid>") → text, formed by ner_cache.read_corpus so both agree; read once."""
    if not _reuters_texts:
        spec = importlib.util.spec_from_file_location("ner_cache", Path(__file__).with_name("ner_cache.py"))
        ner_cache = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(ner_cache)
        _reuters_texts.update(ner_cache.read_corpus("reuters21578"))
    return _reuters_texts


def agnews_text(corpus: Path, name: str) -> str | None:
    """Row "agnews/<split>/<row>" (1-based, the line of <split>.csv) as title, blank line, description; None if the
    name is not of that form or the row is not in the file. Each CSV is read once."""
    match = re.fullmatch(r"agnews/([A-Za-z0-9_-]+)/([1-9][0-9]*)", name)
    if match is None:
        return None
    path = corpus / f"{match.group(1)}.csv"
    if path not in _agnews_rows:
        if not path.is_file():
            return None
        with open(path, encoding="utf-8", newline="") as f:
            _agnews_rows[path] = list(csv.reader(f))
    rows = _agnews_rows[path]
    row = int(match.group(2))
    if row > len(rows) or len(rows[row - 1]) != 3:
        return None
    _, title, description = rows[row - 1]
    return f"{title}\n\n{description}"


def article_text(corpus: Path, name: str) -> str | None:
    """The text a label's evidence is checked against (whitespace collapsed for the wire), or None if absent."""
    if corpus == REUTERS:
        text = reuters_texts().get(name)
        return None if text is None else collapse(text)
    if corpus == AGNEWS:
        return agnews_text(corpus, name)
    path = corpus / name
    return path.read_text(encoding="utf-8", errors="replace") if path.is_file() else None


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def check(label_file: Path, corpus: Path, catalog: Path) -> tuple[list[str], Counter]:
    """Problems found (one line each) and the count of pairs per status."""
    problems: list[str] = []
    counts: Counter = Counter()
    where = label_file.name
    try:
        data = tomllib.loads(label_file.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        return [f"{where}: cannot be read as TOML: {exc}"], counts
    try:
        issue_ids = {issue["id"] for issue in tomllib.loads(catalog.read_text(encoding="utf-8"))["issue"]}
    except (OSError, tomllib.TOMLDecodeError, KeyError) as exc:
        return [f"{where}: its catalog {catalog} cannot be read: {exc}"], counts
    seen: set[str] = set()
    for article in data.get("article", []):
        name = article.get("file", "?")
        if name in seen:
            problems.append(f"{where}: {name} is labelled twice")
        seen.add(name)
        issues = article.get("issues", {})
        for issue, status in issues.items():
            counts[status] += 1
            if status not in STATUSES:
                problems.append(f"{where}: {name}: {issue} has status {status!r}, not one of {', '.join(STATUSES)}")
            if issue not in issue_ids:
                problems.append(f"{where}: {name}: {issue!r} is not an issue of {catalog.name}")
        text = article_text(corpus, name)
        if text is None:
            problems.append(f"{where}: {name} is not in {corpus}")
            continue
        for issue, sentences in article.get("evidence", {}).items():
            if issue not in issues:
                problems.append(f"{where}: {name}: evidence for {issue!r}, which is not labelled")
            for sentence in sentences:
                if (collapse(sentence) if corpus == REUTERS else sentence) not in text:
                    problems.append(f"{where}: {name}: {issue} evidence not found verbatim: {sentence[:80]!r}")
    return problems, counts


def main(argv: list[str]) -> int:
    files = [Path(a) for a in argv] if argv else status_label_files()
    failed = False
    for label_file in files:
        corpus, catalog = corpus_and_catalog(label_file)
        if not corpus.is_dir():
            print(f"{label_file.name}: skipped, its corpus {corpus} is not here")
            continue
        problems, counts = check(label_file, corpus, catalog)
        for line in problems:
            print(line)
        failed = failed or bool(problems)
        print(f"{label_file.name}: {sum(counts.values())} pairs "
              f"({', '.join(f'{s} {counts[s]}' for s in STATUSES)}), {len(problems)} problems")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
