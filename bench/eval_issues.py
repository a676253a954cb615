"""Issue detection and status quality against every hand-labelled set; fitted (dev) and held-out side by side.

Usage: python bench/eval_issues.py [--heldout8] [--verbose] [--timing] [--confusion]

Label sets (bench/labels/): `issues.toml` (ukraine_articles), `ukraine_dev.toml`, `seeds.toml` (the bundled seeds),
`ukraine_heldout.toml` with the peace-talks catalog (seeds/catalog.toml); `<corpus>_<story>.toml` with the user's
catalog `catalogs/<story>.toml` (`bbc_` the BBC folder, `r21578_` Reuters-21578). Every entry of the earlier rounds
("dev", "heldout", "seeds", "heldout2" to "heldout7") has been scored and read, so it is development data now (the
fitted part; the files of another corpus scored before, e.g. `agnews_sudan_darfur.toml`, are listed in
`KNOWN_DEV_FILES`). The held-out part is every entry with `split = "heldout8"`, in whatever label file it is; files
other than the development ones are not even opened unless `--heldout8` is given, which must be run only once, after
the status model is frozen (commit "freeze status model (round seven)"); it prints aggregates only. Articles are read in
place through the project's own reader (title, date and cleaned body, as the index sees them), never copied into the
repo; a Reuters-21578 entry (`file = "reuters21578/<newid>"`) is the record of `reuters21578_parsed.jsonl` with that
newid: its title, its body with the wire's hard line breaks joined back into paragraphs (`ingest.clean.unwrap`), and
the year of its `date`; an article of another corpus is read through `bench/check_labels.py`'s `article_text`.

Scores are micro-averaged over (article, issue) pairs: detection precision/recall/F1; status accuracy on the pairs
both found and labelled, next to the "always unresolved" baseline on the same pairs; and recall of progress/agreed
pairs (strict: found with exactly the labelled status; lenient: found as progress or agreed).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
import tomllib
from pathlib import Path

from newsexplorer.index.enrich.catalog import load_catalog
from newsexplorer.index.errors import NewsExplorerError
from newsexplorer.index.enrich.issues import detect_issues
from newsexplorer.index.ingest import finish_article, prepare
from newsexplorer.index.ingest.clean import unwrap
from newsexplorer.index.ingest.files import read_articles

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
LABELS = HERE / "labels"
CORPORA = Path("/work/shared/corpora")
REUTERS_JSONL = CORPORA / "reuters21578" / "reuters21578_parsed.jsonl"
REUTERS_PREFIX = "reuters21578/"
POSITIVE = {"agreed", "progress"}
PEACE = "peace talks"
# label files of a corpus without a fixed prefix here whose entries were scored in an earlier round (development data
# now); any other such file is opened only with the held-out flag
KNOWN_DEV_FILES = {"agnews_sudan_darfur.toml", "agnews_iran_nuclear.toml"}


FIXED = [("issues.toml", CORPORA / "ukraine_articles", "ukraine_articles"),
         ("ukraine_heldout.toml", CORPORA / "ukraine_articles", "ukraine_heldout"),
         ("ukraine_dev.toml", CORPORA / "ukraine_dev", "ukraine_dev"),
         ("seeds.toml", REPO / "seeds" / "articles", "seeds")]


def _story_set(path: Path, labels_dir: Path) -> dict:
    """A label file of one story with a user's catalog: `<corpus>_<story>.toml` scored with `catalogs/<story>.toml`.
    BBC files read the BBC folder, `r21578_` files the wire's JSONL; any other corpus is the one
    `bench/check_labels.py` checks that file against (e.g. AG News), read through its `article_text`."""
    prefix, _, story = path.stem.partition("_")
    corpus = {"bbc": CORPORA / "bbc", "r21578": REUTERS_JSONL}.get(prefix)
    if corpus is None:
        corpus = _check_labels_corpus(path)
    catalog = labels_dir / "catalogs" / f"{story or prefix}.toml"
    if not catalog.exists() and prefix not in ("bbc", "r21578"):
        catalog = _check_labels_catalog(path) or catalog  # a naming this script does not know: ask check_labels
    return {"name": f"{prefix} {story or prefix}", "story": story or prefix, "labels": path, "corpus": corpus,
            "catalog": catalog}


def _check_labels():
    import importlib.util

    spec = importlib.util.spec_from_file_location("check_labels", HERE / "check_labels.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _check_labels_corpus(path: Path) -> Path | None:
    try:
        return _check_labels().corpus_and_catalog(path)[0]
    except Exception:  # noqa: BLE001 - an unknown corpus is reported per article, not as a traceback
        return None


def _check_labels_catalog(path: Path) -> Path | None:
    try:
        catalog = _check_labels().corpus_and_catalog(path)[1]
    except Exception:  # noqa: BLE001 - a missing catalog is reported as one line when the set is scored
        return None
    return catalog if catalog is not None and Path(catalog).exists() else None


def label_sets(labels_dir: Path, heldout: bool = False) -> list[dict]:
    """Every label file with its corpus, catalog and story name. The development files are the fixed peace-talks
    files, `bbc_<story>.toml`, `r21578_<story>.toml` and the other corpora's files scored in earlier rounds
    (`KNOWN_DEV_FILES`; heldout3 to heldout7, scored in rounds two to six, are development data now). With
    `heldout`, every other status label file of the folder too (`<corpus>_<story>.toml` with
    `catalogs/<story>.toml`), since the held-out files are not known by name; without it they are not opened."""
    sets = []
    for name, folder, label in FIXED:
        if (labels_dir / name).exists():
            sets.append({"name": label, "story": PEACE, "labels": labels_dir / name, "corpus": folder, "catalog": None})
    known = {name for name, _, _ in FIXED}
    others = sorted(p for p in labels_dir.glob("*_*.toml") if p.name in KNOWN_DEV_FILES)
    for path in sorted(labels_dir.glob("bbc_*.toml")) + sorted(labels_dir.glob("r21578_*.toml")) + others:
        known.add(path.name)
        sets.append(_story_set(path, labels_dir))
    if heldout:
        for path in sorted(labels_dir.glob("*_*.toml")):
            if path.name in known or path.name.startswith(("merges", "metadata")):
                continue
            try:
                entries = tomllib.loads(path.read_text(encoding="utf-8")).get("article", [])
            except (OSError, tomllib.TOMLDecodeError) as exc:
                print(f"skipped {path.name}: {exc}", file=sys.stderr)
                continue
            if entries and all("issues" in e for e in entries):
                sets.append(_story_set(path, labels_dir))
    return sets


def read_other(corpus: Path | None, name: str):
    """(title, body, year) of an article of a corpus only `check_labels.article_text` knows (e.g. AG News rows):
    the first line is the title when a blank line follows it; no year."""
    text = _check_labels().article_text(corpus, name) if corpus is not None else None
    if text is None:
        return None
    head, sep, rest = text.partition("\n\n")
    if sep and head.strip() and "\n" not in head.strip() and len(head) < 300:
        return head.strip(), rest.strip(), None
    return None, text.strip(), None


_reuters: dict[str, dict] = {}


def reuters_record(name: str, jsonl: Path) -> dict | None:
    """The Reuters-21578 record `reuters21578/<newid>` (records read once per file), or None when absent."""
    if (jsonl, "loaded") not in _reuters:
        with open(jsonl, encoding="utf-8") as f:
            for line in f:
                record = json.loads(line)
                if str(record.get("body") or "").strip():
                    _reuters[f"{jsonl}:{REUTERS_PREFIX}{record['newid']}"] = record
        _reuters[(jsonl, "loaded")] = {}
    return _reuters.get(f"{jsonl}:{name}")


def read_reuters(record: dict):
    """(title, body, year) of a wire record: the body's hard-wrapped lines joined into paragraphs as the plain-text
    reader does (`unwrap`), each paragraph on one line, so a sentence is not cut at every line break."""
    lines = unwrap(str(record["body"]).replace("\r", "").split("\n"))
    body = "\n".join(re.sub(r"\s+", " ", line).strip() for line in lines if line.strip())
    year = re.search(r"\b(19|20)\d\d\b", str(record.get("date") or ""))
    return (str(record.get("title") or "").strip() or None), body, int(year.group()) if year else None


def read_article(path: Path):
    """(title, body, year) as the index would store the file; year from the article's date when it has one."""
    raw = next(r for r in read_articles(path) if hasattr(r, "body"))
    article = finish_article(prepare(raw, path), path)
    year = int(article.date[:4]) if article and article.date and article.date[:4].isdigit() else None
    return article.title, article.text, year


def score(rows: list[tuple[str, dict, dict]]) -> dict:
    tp = fp = fn = status_ok = pos_total = pos_strict = pos_lenient = baseline_ok = 0
    for _, gold, found in rows:
        for issue_id, gold_status in gold.items():
            if gold_status in POSITIVE:
                pos_total += 1
            if issue_id not in found:
                fn += 1
                continue
            tp += 1
            status_ok += found[issue_id] == gold_status
            baseline_ok += gold_status == "unresolved"
            if gold_status in POSITIVE:
                pos_strict += found[issue_id] == gold_status
                pos_lenient += found[issue_id] in POSITIVE
        fp += len(set(found) - set(gold))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {
        "articles": len(rows), "pairs": tp + fn, "tp": tp, "fp": fp, "fn": fn,
        "precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
        "status_acc": status_ok / tp if tp else 0.0, "always_unresolved_acc": baseline_ok / tp if tp else 0.0,
        "pos_total": pos_total, "pos_strict": pos_strict, "pos_lenient": pos_lenient,
    }


def confusion(rows: list[tuple[str, dict, dict]]) -> str:
    """Counts of (gold -> found) status pairs, '-' for not labelled / not found; errors only."""
    counts: dict[str, int] = {}
    for _, gold, found in rows:
        for issue_id in set(gold) | set(found):
            g, f = gold.get(issue_id, "-"), found.get(issue_id, "-")
            if g != f:
                counts[f"{g}->{f}"] = counts.get(f"{g}->{f}", 0) + 1
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1])) or "no errors"


def cell(s: dict | None) -> str:
    if s is None:
        return "(not scored)"
    if not s["articles"]:
        return "(none)"
    pos = f"{s['pos_strict']}/{s['pos_total']}" if s["pos_total"] else "n/a"
    return (f"n={s['articles']:>2}/{s['pairs']:>3} P={s['precision']:.2f} R={s['recall']:.2f} F1={s['f1']:.2f} "
            f"st={s['status_acc']:.2f} (base {s['always_unresolved_acc']:.2f}) p/a={pos}"
            f" ({s['pos_lenient']} lenient)" if s["pos_total"] else
            f"n={s['articles']:>2}/{s['pairs']:>3} P={s['precision']:.2f} R={s['recall']:.2f} F1={s['f1']:.2f} "
            f"st={s['status_acc']:.2f} (base {s['always_unresolved_acc']:.2f}) p/a=n/a")


HELDOUT = "heldout8"


# the earlier rounds: scored once, read since, development data now (heldout3 since round three, heldout4 since
# round four, heldout5 since round five, heldout6 since round six, heldout7 since round seven)
DEV_SPLITS = {"dev", "heldout", "seeds", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7"}


def part_of(entry: dict) -> str:
    """"heldout" for the held-out labels (split = "heldout8"), "dev" for the earlier rounds' splits, "unread" for
    anything else (a later round), which no script here scores, prints or trains on."""
    split = entry.get("split")
    return "heldout" if split == HELDOUT else "dev" if split in DEV_SPLITS else "unread"


def dev_articles(labels_dir: Path, story: str | None = None):
    """(label set, catalog, entry, title, body, year) for every development article whose file is here: what the
    error listing and the training script read, and never a held-out or unread entry."""
    for label_set in label_sets(labels_dir):
        if story and story not in label_set["name"]:
            continue
        catalog = load_catalog(label_set["catalog"])
        for entry in tomllib.loads(label_set["labels"].read_text(encoding="utf-8")).get("article", []):
            if part_of(entry) != "dev":
                continue
            try:
                article = load_article(label_set, entry)
            except _CorpusMissing:
                break
            if article is not None:
                yield (label_set, catalog, entry, *article)


class _CorpusMissing(Exception):
    """The corpus of a whole label file cannot be read (reported once)."""


def load_article(label_set: dict, entry: dict):
    """(title, body, year) of a labelled article from its corpus, as the index would read it; None (with one line on
    stderr) when it is absent."""
    corpus = label_set["corpus"]
    if str(entry["file"]).startswith(REUTERS_PREFIX) or (corpus is not None and str(corpus).endswith(".jsonl")):
        jsonl = corpus if corpus is not None and str(corpus).endswith(".jsonl") else REUTERS_JSONL
        try:
            record = reuters_record(entry["file"], jsonl)
        except (OSError, ValueError, KeyError) as exc:
            print(f"skipped {label_set['labels'].name}: cannot read {jsonl}: {exc}", file=sys.stderr)
            raise _CorpusMissing
        if record is None:
            print(f"skipped (no such record in {jsonl}): {entry['file']}", file=sys.stderr)
            return None
        title, body, year = read_reuters(record)
    elif corpus is not None and (corpus / entry["file"]).is_file():
        title, body, year = read_article(corpus / entry["file"])
    else:
        try:
            article = read_other(corpus, entry["file"])
        except Exception as exc:  # noqa: BLE001 - an unknown corpus: one line, not a traceback
            article = None
            print(f"skipped {label_set['labels'].name}: {entry['file']}: {exc}", file=sys.stderr)
        if article is None:
            print(f"skipped (not found in {corpus}): {entry['file']}", file=sys.stderr)
            return None
        title, body, year = article
    return title, body, year


def evaluate(label_set: dict, heldout: bool, verbose: bool, timing: dict) -> dict[str, list]:
    try:
        catalog = load_catalog(label_set["catalog"])
        entries = tomllib.loads(label_set["labels"].read_text(encoding="utf-8")).get("article", [])
    except (OSError, tomllib.TOMLDecodeError, NewsExplorerError, json.JSONDecodeError) as exc:
        print(f"skipped {label_set['labels'].name}: {exc}", file=sys.stderr)
        return {"dev": [], "heldout": []}
    parts: dict[str, list] = {"dev": [], "heldout": []}
    for entry in entries:
        part = part_of(entry)
        if part == "unread" or (part == "heldout" and not heldout):
            continue
        try:
            article = load_article(label_set, entry)
        except _CorpusMissing:
            return parts
        if article is None:
            continue
        title, body, year = article
        t0 = time.perf_counter()
        result = detect_issues(body, catalog, title=title, news_year=year)
        timing["seconds"] += time.perf_counter() - t0
        timing["words"] += len(body.split())
        found = {i["id"]: i["status"] for i in result}
        gold = entry.get("issues", {})
        parts[part].append((entry["file"], gold, found))
        if verbose and part == "dev":  # never for held-out entries: they stay unread
            for issue_id in sorted(set(gold) | set(found)):
                g, f = gold.get(issue_id, "-"), found.get(issue_id, "-")
                if g != f:
                    why = next((i["explain"]["why"] for i in result if i["id"] == issue_id), "")
                    print(f"  {label_set['name'][:10]:10} {entry['file'][:38]:38} {issue_id:18} gold={g:10} "
                          f"found={f:10} {why[:150]}")
    return parts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels-dir", type=Path, default=LABELS)
    parser.add_argument("--heldout8", dest="heldout", action="store_true",
                        help='also score every label file\'s split = "heldout8" entries (once, only after the freeze)')
    parser.add_argument("--verbose", "-v", action="store_true", help="list the dev errors with their explanation")
    parser.add_argument("--timing", action="store_true", help="print detection time per 1,000 words")
    parser.add_argument("--confusion", action="store_true",
                        help="print gold x found status counts per part (aggregates only, no article text)")
    args = parser.parse_args(argv)

    timing = {"seconds": 0.0, "words": 0}
    if args.timing:  # load the parser before the clock starts: the figure is per article, not per process
        detect_issues("Moscow rejected the proposal on territory, officials said.", load_catalog())
    results = []
    for label_set in label_sets(args.labels_dir, heldout=args.heldout):
        results.append((label_set, evaluate(label_set, args.heldout, args.verbose, timing)))

    print(f"{'label set':18} | {'fitted (dev: every earlier split, heldout7 included)':78} | "
          "held-out (split heldout8, never read)")
    for label_set, parts in results:
        held = score(parts["heldout"]) if args.heldout else None
        print(f"{label_set['name']:18} | {cell(score(parts['dev'])):78} | {cell(held)}")
    peace = [p for s, p in results if s["story"] == PEACE]
    other = [p for s, p in results if s["story"] != PEACE]
    print(f"{'all peace talks':18} | {cell(score([r for p in peace for r in p['dev']])):78} | "
          f"{cell(score([r for p in peace for r in p['heldout']]) if args.heldout else None)}")
    print(f"{'all other stories':18} | {cell(score([r for p in other for r in p['dev']])):78} | "
          f"{cell(score([r for p in other for r in p['heldout']]) if args.heldout else None)}")
    held_stories = [(s, p) for s, p in results if s["story"] != PEACE and p["heldout"]]
    for label_set, parts in held_stories:
        print(f"cross-story: tuned on peace talks, Yukos, terror laws, debt relief, LSE bids, Brazil debt, OPEC, cocoa "
              f"buffer, Philippine debt, Argentina debt, US-Japan chips, rubber pact, Sudan/Darfur, coffee "
              f"quotas, Iran nuclear and USAir/Piedmont, "
              f"scored on {label_set['name']} with its own catalog: {cell(score(parts['heldout']))}")
    if not args.heldout:
        print("held-out part (split heldout8) not scored: run with --heldout8 once the status model is frozen; the "
              "heldout2 to heldout7 labels are development data now (in the fitted column)")
    print("columns: n=articles/labelled pairs, detection P/R/F1, st=status accuracy on found pairs (base = always "
          "'unresolved' on the same pairs), p/a=progress/agreed found with the exact status / labelled")
    if args.confusion:
        for label_set, parts in results:
            for part in ("dev", "heldout"):  # aggregates only
                if parts[part]:
                    print(f"{label_set['name']} {part}: {confusion(parts[part])}")
    if args.timing and timing["words"]:
        print(f"detection+status time: {1000 * timing['seconds'] / timing['words'] * 1000:.1f} ms per 1,000 words "
              f"({timing['words']} words)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
