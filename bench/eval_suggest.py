"""Score `catalog suggest` mechanically against a story's reference catalog, per corpus.

    python bench/eval_suggest.py [STORY ...] [--work DIR] [--verbose]

Stories: `peace` (ukraine_articles + ukraine_dev, 52 articles, reference seeds/catalog.toml, `--limit 15`; the
development set), every `bench/labels/bbc_<story>.toml` (the articles it lists, reference
`bench/labels/catalogs/<story>.toml`, `--limit 10`) and every `bench/labels/r21578_<story>.toml` (Reuters-21578
records `reuters21578/<newid>`, each written once as a plain-text file, title and unwrapped body, into
`--work`/<story>-files, since the index reads files), and any other status label file `<corpus>_<story>.toml`
with a `catalogs/<story>.toml` (e.g. AG News rows: read as `eval_issues` reads them, through `check_labels`, and
written once as files the same way). Each story's folder is indexed once (with entities, as a user
would) into `--work` (default /tmp/newsexplorer-eval-suggest/<story>) and reused.

The rule, decided before scoring and applied by this script only:
  * an example sentence of a suggestion is **evidence** of a reference issue when either
      (a) it is one of that issue's labelled evidence sentences (`evidence = {…}` in the labels; the same text after
          folding case and spaces, or one contains the other), or
      (b) the reference catalog's own rules find that issue in it: a mention (terms / patterns / query, with its
          `exclude` and `context`) that passes the issue's gate, as detection checks every sentence;
  * a suggestion **finds** an issue when most of its examples (2 of 3) are evidence of it, and no higher-ranked
    suggestion found it already; each suggestion finds at most one issue (the one most of its examples support);
    *lenient*: one example is enough;
  * it is **noise** when none of its examples is evidence of any reference issue; otherwise, not finding a new one,
    it is a **duplicate** (a majority for an issue already found) or **weak** (some evidence, no majority).
Titles are not scored: they are meant to be edited.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # eval_issues' Reuters-21578 reader
REPO = HERE.parent
LABELS = HERE / "labels"
CORPORA = Path("/work/shared/corpora")


def stories() -> dict[str, dict]:
    out = {"peace": {"paths": [CORPORA / "ukraine_articles", CORPORA / "ukraine_dev"],
                     "catalog": REPO / "seeds" / "catalog.toml",
                     "labels": [LABELS / "issues.toml", LABELS / "ukraine_dev.toml"], "limit": 15}}
    for path in sorted(LABELS.glob("bbc_*.toml")):
        story = path.stem.removeprefix("bbc_")
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        out[story] = {"paths": [CORPORA / "bbc" / a["file"] for a in data.get("article", [])],
                      "catalog": LABELS / "catalogs" / f"{story}.toml", "labels": [path], "limit": 10,
                      "split": {a.get("split", "dev") for a in data.get("article", [])}}
    for path in sorted(LABELS.glob("r21578_*.toml")):
        story = path.stem.removeprefix("r21578_")
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        out[story] = {"records": [a["file"] for a in data.get("article", [])],
                      "catalog": LABELS / "catalogs" / f"{story}.toml", "labels": [path], "limit": 10,
                      "split": {a.get("split", "dev") for a in data.get("article", [])}}
    for path in sorted(LABELS.glob("*_*.toml")):  # a story of another corpus (e.g. AG News rows)
        prefix, _, story = path.stem.partition("_")
        if prefix in ("bbc", "r21578") or path.name.startswith(("merges", "metadata")) or story in out:
            continue
        catalog = LABELS / "catalogs" / f"{story}.toml"
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError):
            continue
        articles = data.get("article", [])
        if not catalog.exists() or not articles or not all("issues" in a for a in articles):
            continue
        out[story] = {"other": [a["file"] for a in articles], "label_file": path, "catalog": catalog,
                      "labels": [path], "limit": 10, "split": {a.get("split", "dev") for a in articles}}
    return out


def other_files(name: str, story: dict, work: Path) -> list[Path]:
    """Articles of a corpus only `check_labels` knows (its `corpus_and_catalog` and `article_text`, as
    eval_issues reads them), each written once as a plain-text file (title, blank line, body)."""
    from eval_issues import _check_labels_corpus, read_other

    corpus = _check_labels_corpus(story["label_file"])
    folder = work / f"{name}-files"
    folder.mkdir(parents=True, exist_ok=True)
    for article_name in story["other"]:
        target = folder / (re.sub(r"[^A-Za-z0-9._-]+", "-", article_name) + ".txt")
        if not target.exists():
            found = read_other(corpus, article_name)
            if found is None:
                print(f"[{name}] no article {article_name} in {corpus}", file=sys.stderr)
                continue
            title, body, _ = found
            target.write_text(f"{title}\n\n{body}\n" if title else f"{body}\n", encoding="utf-8")
    return [folder]


def wire_files(name: str, records: list[str], work: Path) -> list[Path]:
    """Reuters-21578 records as plain-text files (title, blank line, unwrapped body), written once outside the repo."""
    from eval_issues import REUTERS_JSONL, read_reuters, reuters_record

    folder = work / f"{name}-files"
    folder.mkdir(parents=True, exist_ok=True)
    for record_name in records:
        target = folder / (record_name.replace("/", "-") + ".txt")
        if not target.exists():
            record = reuters_record(record_name, REUTERS_JSONL)
            if record is None:
                print(f"[{name}] no record {record_name} in {REUTERS_JSONL}", file=sys.stderr)
                continue
            title, body, _ = read_reuters(record)
            target.write_text(f"{title or ''}\n\n{body}\n", encoding="utf-8")
    return [folder]


def fold(text: str) -> str:
    return " ".join(text.casefold().replace("’", "'").replace("“", '"').replace("”", '"').split())


def labelled_evidence(paths: list[Path]) -> dict[str, list[str]]:
    """{issue id: [folded evidence sentences]} over every labelled article."""
    out: dict[str, list[str]] = {}
    for path in paths:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for article in data.get("article", []):
            for issue_id, sentences in (article.get("evidence") or {}).items():
                out.setdefault(issue_id, []).extend(fold(s) for s in sentences)
    return out


def evidence_of(sentence: str, catalog, evidence: dict[str, list[str]]) -> set[str]:
    """Reference issues this sentence is evidence of: a labelled evidence sentence, or the issue's own rules."""
    from newsexplorer.index.enrich.issues import _mentions, _passes_gate

    folded = fold(sentence)
    out = set()
    for issue in catalog.issues:
        for ev in evidence.get(issue.id, []):
            if folded == ev or (min(len(folded), len(ev)) >= 30 and (ev in folded or folded in ev)):
                out.add(issue.id)
        mentions = _mentions(issue, sentence)
        if mentions and _passes_gate(issue, sentence, mentions):
            out.add(issue.id)
    return out


def judge(suggested, catalog, evidence) -> list[dict]:
    """One verdict per suggestion, in rank order (the rule in the module docstring)."""
    order = [i.id for i in catalog.issues]
    found: set[str] = set()
    lenient: set[str] = set()
    rows = []
    for issue, examples in suggested:
        support: dict[str, int] = {}
        for example in examples:
            for issue_id in evidence_of(example, catalog, evidence):
                support[issue_id] = support.get(issue_id, 0) + 1
        ranked = sorted(support, key=lambda k: (-support[k], order.index(k)))
        majority = [k for k in ranked if 2 * support[k] > len(examples)]
        new = [k for k in majority if k not in found]
        if new:
            verdict, target = "found", new[0]
            found.add(target)
        elif majority:
            verdict, target = "duplicate", majority[0]
        elif support:
            verdict, target = "weak", ranked[0]
        else:
            verdict, target = "noise", ""
        fresh = [k for k in ranked if k not in lenient]
        if fresh:
            lenient.add(fresh[0])
        rows.append({"title": issue.title, "terms": list(issue.terms), "verdict": verdict, "issue": target,
                     "support": support, "examples": examples})
    return rows


def ensure_index(name: str, story: dict, work: Path) -> Path:
    from newsexplorer.index import Corpus
    from newsexplorer.index.enrich import make_enricher

    where = work / name
    if (where / "articles.db").exists():
        return where
    if "records" in story:
        story = {**story, "paths": wire_files(name, story["records"], work)}
    elif "other" in story:
        story = {**story, "paths": other_files(name, story, work)}
    print(f"[{name}] indexing {len(story['paths'])} paths into {where} (with entities; once)…", file=sys.stderr)
    corpus, _ = Corpus.build(where, story["paths"], enrich=make_enricher(None, entities=True))
    corpus.close()
    return where


def evaluate(name: str, story: dict, work: Path, verbose: bool) -> dict:
    from newsexplorer.index import Corpus
    from newsexplorer.index.enrich.catalog import load_catalog, parse_catalog
    from newsexplorer.index.enrich.suggest import suggest_catalog

    corpus = Corpus.open(ensure_index(name, story, work))
    reference = load_catalog(story["catalog"])
    evidence = labelled_evidence(story["labels"])
    started = time.perf_counter()
    text, _ = suggest_catalog(corpus, limit=story["limit"])
    took = time.perf_counter() - started
    drafted = parse_catalog(text, "<suggested>")  # what suggest writes must load as a catalog
    examples: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        if line.startswith("id = "):
            current = tomllib.loads(line)["id"]
        elif line.startswith("# e.g. ") and current:
            examples.setdefault(current, []).append(line[7:])
    rows = judge([(i, examples.get(i.id, [])) for i in drafted.issues], reference, evidence)
    found = sorted({r["issue"] for r in rows if r["verdict"] == "found"})
    lenient = {k for r in rows for k in r["support"]}
    noise = sum(r["verdict"] == "noise" for r in rows)
    split = ",".join(sorted(story.get("split", {"dev"})))
    print(f"\n## {name} ({corpus.count()} articles, split {split}, --limit {story['limit']}, {took:.1f}s)")
    for n, r in enumerate(rows, 1):
        support = ", ".join(f"{k} {v}" for k, v in sorted(r["support"].items(), key=lambda kv: -kv[1]))
        print(f"{n:2}. {r['title'][:34]:34} {r['verdict']:9} {r['issue']:24} [{support}]")
        if verbose:
            print(f"      terms: {', '.join(r['terms'])}")
            for example in r["examples"]:
                print(f"      e.g. {example[:150]}")
    total = len(rows) or 1
    print(f"found {len(found)} of {len(reference.issues)} (lenient {len(lenient)}); noise {noise} of {len(rows)} "
          f"({100 * noise / total:.0f} %); missed: {', '.join(i.id for i in reference.issues if i.id not in found)}")
    corpus.close()
    return {"found": len(found), "issues": len(reference.issues), "noise": noise, "suggestions": len(rows)}


def main(argv: list[str] | None = None) -> int:
    known = stories()
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("story", nargs="*", help=f"default: all of {', '.join(known)}")
    ap.add_argument("--work", type=Path, default=Path("/tmp/newsexplorer-eval-suggest"))
    ap.add_argument("--verbose", "-v", action="store_true", help="print each suggestion's terms and examples")
    args = ap.parse_args(argv)
    for name in args.story or list(known):
        if name not in known:
            print(f"eval_suggest: no story {name!r} (known: {', '.join(known)})", file=sys.stderr)
            return 2
        evaluate(name, known[name], args.work, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
