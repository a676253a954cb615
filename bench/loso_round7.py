"""Round seven's story-by-story comparison: the whole detector (detection and status rules) at a baseline revision
against today's, on all sixteen development stories, so a change is kept only when it wins on most stories it changes.

Usage: python bench/loso_round7.py [--baseline 490786c] [--save rows.json] [--rows-before rows.json] [--story NAME]

The baseline is run from an export of that revision (`git archive`, put first on PYTHONPATH in a child process of
this script with `--save`), so every file of the detector — issues.py, status.py and the catalog code — is as it was
then, not only status.py as round six swapped it. Per story it prints status accuracy on the labelled and found
pairs, the constant "always unresolved", progress/agreed found, false detections and detection F1, before and today,
and the change in correct statuses, progress/agreed and false detections. `--save` writes today's rows (and each found
pair's `explain.why`) as JSON, for reading errors without rerunning. Reads the development labels only
(`eval_issues.dev_articles`): the held-out split stays unread.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from eval_issues import LABELS, dev_articles, score  # noqa: E402


def story_rows(story: str | None = None) -> dict[str, list]:
    """(file, gold, found, why) per story, the detector as imported (rules only, learned model off)."""
    from newsexplorer.index.enrich.issues import detect_issues

    rows = collections.defaultdict(list)
    for label_set, catalog, entry, title, body, year in dev_articles(LABELS, story):
        result = detect_issues(body, catalog, title=title, news_year=year)
        found = {i["id"]: i["status"] for i in result}
        why = {i["id"]: f"{i['explain'].get('sentence', '')[:200]} || {i['explain'].get('why', '')[:200]}"
               for i in result}
        rows[label_set["story"]].append((entry["file"], entry.get("issues", {}), found, why))
    return rows


def rows_at(rev: str, story: str | None) -> dict[str, list]:
    """The rows of the detector as it was at `rev`, computed in a child process on an export of that revision."""
    tmp = Path(tempfile.mkdtemp(prefix="loso7_"))
    archive = subprocess.run(["git", "archive", "--format=tar", rev], cwd=HERE.parent, check=True,
                             capture_output=True).stdout
    src = tmp / "src"
    src.mkdir()
    (tmp / "rev.tar").write_bytes(archive)
    with tarfile.open(tmp / "rev.tar") as tar:
        tar.extractall(src, filter="data")
    pkg = tmp / "path" / "newsexplorer"
    pkg.mkdir(parents=True)
    for name in ("__init__.py", "__main__.py"):
        if (src / "tui" / "package" / name).exists():
            (pkg / name).write_bytes((src / "tui" / "package" / name).read_bytes())
    for sub, folder in (("index", "index"), ("tui", "tui"), ("seeds", "seeds")):
        (pkg / sub).symlink_to(src / folder)
    out = tmp / "rows.json"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--save", str(out)] + (["--story", story] if story else [])
    env = dict(os.environ, PYTHONPATH=str(tmp / "path"), LOSO7_CHILD="1")
    subprocess.run(cmd, check=True, env=env)
    return json.loads(out.read_text(encoding="utf-8"))


def compare(before: dict[str, list], today: dict[str, list]) -> None:
    print("story            pairs  base | before: st   p/a     FP  F1   | today: st   p/a     FP  F1   | change")
    better = worse = 0
    totals = collections.Counter()
    for story in sorted(today):
        now = score([r[:3] for r in today[story]])
        then = score([r[:3] for r in before.get(story, [])]) if story in before else None
        cells = []
        for s in (then, now):
            cells.append("" if s is None else f"{s['status_acc']:.2f} {s['pos_strict']:>3}/{s['pos_total']:<3} "
                                              f"{s['fp']:>3} {s['f1']:.2f}")
        change = ""
        if then is not None:
            right = (round(then["status_acc"] * then["tp"]), round(now["status_acc"] * now["tp"]))
            totals["before"] += right[0]
            totals["today"] += right[1]
            totals["pairs_before"] += then["tp"]
            totals["pairs_today"] += now["tp"]
            totals["fp_before"] += then["fp"]
            totals["fp_today"] += now["fp"]
            totals["base_before"] += round(then["always_unresolved_acc"] * then["tp"])
            totals["base_today"] += round(now["always_unresolved_acc"] * now["tp"])
            d_status, d_pa, d_fp = right[1] - right[0], now["pos_strict"] - then["pos_strict"], now["fp"] - then["fp"]
            d_f1 = now["f1"] - then["f1"]
            change = f"status {d_status:+d}, p/a {d_pa:+d}, FP {d_fp:+d}, F1 {d_f1:+.2f}"
            # a story is better when more statuses are right (p/a, then F1 break a tie), worse when fewer
            key = (d_status, d_pa, round(d_f1, 3))
            better += key > (0, 0, 0)
            worse += key < (0, 0, 0)
        print(f"{story[:16]:16} {now['tp']:>5} {now['always_unresolved_acc']:>5.2f} | {cells[0]:25} | "
              f"{cells[1]:25} | {change}")
    if totals:
        print(f"correct statuses, all stories: {totals['before']} of {totals['pairs_before']} -> {totals['today']} of "
              f"{totals['pairs_today']} (constant {totals['base_before']} -> {totals['base_today']}); false detections "
              f"{totals['fp_before']} -> {totals['fp_today']}; better on {better} stories, worse on {worse}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", help="git revision whose detector is the 'before' column")
    parser.add_argument("--rows-before", type=Path, help="rows saved earlier with --save, instead of --baseline")
    parser.add_argument("--save", type=Path, help="write today's rows as JSON (and compare nothing)")
    parser.add_argument("--story", help="only stories whose label set name contains this")
    args = parser.parse_args(argv)
    today = story_rows(args.story)
    if args.save:
        args.save.write_text(json.dumps(today), encoding="utf-8")
        if not (args.rows_before or args.baseline):
            return 0
    before = {}
    if args.rows_before:
        before = json.loads(args.rows_before.read_text(encoding="utf-8"))
    elif args.baseline:
        before = rows_at(args.baseline, args.story)
    compare(before, today)
    return 0


if __name__ == "__main__":
    sys.exit(main())
