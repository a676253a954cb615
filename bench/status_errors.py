"""Every wrong (article, issue) pair of the development labels, with the sentence and cues that decided it.

Usage: python bench/status_errors.py [--story NAME] [--kind status|detection|all]

Reads only the development entries (every split before "heldout8"): the held-out labels stay unread. For each wrong
pair it prints gold vs found, the deciding sentence and `explain.why`, and for a miss the labelled evidence, so the
causes can be counted per mechanism (negation, modality, attribution, background, no cue, false detection …).
"""
from __future__ import annotations

import argparse
import sys

from eval_issues import LABELS, dev_articles
from newsexplorer.index.enrich.issues import detect_issues


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--story", help="only label sets whose name contains this")
    parser.add_argument("--kind", choices=("status", "detection", "all"), default="all")
    args = parser.parse_args(argv)
    for label_set, catalog, entry, title, body, year in dev_articles(LABELS, args.story):
        result = {i["id"]: i for i in detect_issues(body, catalog, title=title, news_year=year)}
        gold = entry.get("issues", {})
        for issue_id in sorted(set(gold) | set(result)):
            g = gold.get(issue_id, "-")
            f = result[issue_id]["status"] if issue_id in result else "-"
            if g == f:
                continue
            kind = "status" if g != "-" and f != "-" else "detection"
            if args.kind != "all" and kind != args.kind:
                continue
            print(f"== {label_set['name']} | {entry['file'][:60]} | {issue_id}: gold {g}, found {f}")
            if issue_id in result:
                ex = result[issue_id]["explain"]
                print(f"   decided by{' (headline)' if ex['headline'] else ''}: {ex['sentence'][:300]}")
                print(f"   why: {ex['why']}")
            for sentence in entry.get("evidence", {}).get(issue_id, [])[:2]:
                print(f"   labelled evidence: {sentence[:300]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
