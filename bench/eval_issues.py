"""Issue detection and status quality against hand labels (bench/labels/issues.toml); prints the docs' figures.

Usage: python bench/eval_issues.py [--corpus DIR] [--seeds DIR] [--verbose]
Articles are read in place from the shared corpus (never copied into the repo). Scores are micro-averaged over
(article, issue) pairs: detection precision/recall/F1; status accuracy on pairs both found and labelled; and
recall of progress/agreed pairs (strict: found with exactly the labelled status; lenient: found as progress or agreed).
"""
from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path

from newsexplorer.index.enrich.catalog import load_catalog
from newsexplorer.index.enrich.issues import detect_issues

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = Path("/work/shared/corpora/ukraine_articles")
DEFAULT_SEEDS = Path("/work/seeds-local")
POSITIVE = {"agreed", "progress"}


def article_body(raw: str) -> str:
    """Drop a leading `Key: value` header block (Title/Source/URL/Date/Provenance), keep the body as crawled."""
    head, sep, rest = raw.partition("\n\n")
    lines = head.splitlines()
    if sep and lines and all(":" in line.split(" ", 1)[0] for line in lines):
        return rest
    return raw


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
        "pos_total": pos_total, "pos_recall_strict": pos_strict / pos_total if pos_total else 0.0,
        "pos_recall_lenient": pos_lenient / pos_total if pos_total else 0.0,
    }


def print_scores(name: str, s: dict) -> None:
    print(f"{name:9} articles={s['articles']:2} pairs={s['pairs']:3}  P={s['precision']:.2f} R={s['recall']:.2f} "
          f"F1={s['f1']:.2f}  status_acc={s['status_acc']:.2f} (always-unresolved {s['always_unresolved_acc']:.2f})  "
          f"progress/agreed recall={s['pos_recall_strict']:.2f} strict, {s['pos_recall_lenient']:.2f} lenient "
          f"(n={s['pos_total']})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=HERE / "labels" / "issues.toml")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS)
    parser.add_argument("--verbose", "-v", action="store_true")
    args = parser.parse_args(argv)

    catalog = load_catalog()
    labels = tomllib.loads(args.labels.read_text(encoding="utf-8"))
    by_split: dict[str, list] = {}
    for entry in labels["article"]:
        folder = args.seeds if entry.get("split") == "seed" else args.corpus
        path = folder / entry["file"]
        if not path.exists():
            print(f"skipped (not found): {path}", file=sys.stderr)
            continue
        found = {i["id"]: i["status"] for i in detect_issues(article_body(path.read_text(encoding="utf-8")), catalog)}
        gold = entry.get("issues", {})
        by_split.setdefault(entry["split"], []).append((entry["file"], gold, found))
        if args.verbose:
            for issue_id in sorted(set(gold) | set(found)):
                g, f = gold.get(issue_id, "-"), found.get(issue_id, "-")
                if g != f:
                    print(f"  {entry['file'][:40]:40} {issue_id:20} gold={g:10} found={f}")
    for split in sorted(by_split):
        print_scores(split, score(by_split[split]))
    print_scores("all", score([row for rows in by_split.values() for row in rows]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
