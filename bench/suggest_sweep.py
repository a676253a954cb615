"""Per-story found / noise of `catalog suggest` over every development story, for comparing one change with another.

    python bench/suggest_sweep.py [STORY ...] [--set NAME=VALUE ...] [-v]

Each story is scored exactly as `bench/eval_suggest.py` scores it (its `judge`, its limits, its indexes under
/tmp/newsexplorer-eval-suggest, built by eval_suggest first); the tagger's output is cached per sentence within
one run so several settings are cheap to compare. `--set CAP=4.0` overrides a module constant of
`newsexplorer.index.enrich.suggest` (several `--set` separated by `;` in one value make one setting; give
`--set` more than once to compare settings side by side). A change is worth keeping when it helps on most
stories, not only in total.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


class CachedTagger:
    """The spaCy tagger with its docs kept per sentence text (the same sentences recur across settings)."""

    def __init__(self, nlp):
        self.nlp, self.docs = nlp, {}

    def pipe(self, texts, batch_size=256):
        texts = list(texts)
        todo = [t for t in dict.fromkeys(texts) if t not in self.docs]
        for text, doc in zip(todo, self.nlp.pipe(todo, batch_size=batch_size)):
            self.docs[text] = doc
        return (self.docs[t] for t in texts)


def load(name: str, story: dict, work: Path):
    from eval_suggest import ensure_index, labelled_evidence

    from newsexplorer.index import Corpus
    from newsexplorer.index.enrich.catalog import load_catalog

    corpus = Corpus.open(ensure_index(name, story, work))
    articles = [{"text": t, "entities": json.loads(e or "[]")} for _, t, e in corpus.store.texts_and_entities()]
    corpus.close()
    return articles, load_catalog(story["catalog"]), labelled_evidence(story["labels"])


def score(articles, reference, evidence, limit: int, verbose: bool) -> tuple[int, int, int, list[dict]]:
    from eval_suggest import judge

    from newsexplorer.index.enrich import suggest as sg

    found = sg.suggest(articles, limit=limit)
    rows = judge([(s, s.examples) for s in found], reference, evidence)
    if verbose:
        for n, r in enumerate(rows, 1):
            support = ", ".join(f"{k} {v}" for k, v in sorted(r["support"].items(), key=lambda kv: -kv[1]))
            print(f"  {n:2}. {r['title'][:30]:30} {r['verdict']:9} {r['issue']:22} [{support}] "
                  f"terms: {', '.join(r['terms'])[:70]}")
            if verbose > 1:
                for example in r["examples"]:
                    print(f"        e.g. {example[:160]}")
    hits = {r["issue"] for r in rows if r["verdict"] == "found"}
    print_missed = [i.id for i in reference.issues if i.id not in hits]
    if verbose:
        print(f"  missed: {', '.join(print_missed)}")
    return len(hits), sum(r["verdict"] == "noise" for r in rows), len(rows), rows


def apply_setting(setting: str, defaults: dict) -> None:
    from newsexplorer.index.enrich import suggest as sg

    for name, value in defaults.items():
        setattr(sg, name, value)
    for part in filter(None, (p.strip() for p in setting.split(";"))):
        name, _, value = part.partition("=")
        setattr(sg, name.strip(), type(defaults.get(name.strip(), 0.0))(eval(value)))


def main(argv=None) -> int:
    from eval_suggest import stories

    from newsexplorer.index.enrich import suggest as sg

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("story", nargs="*")
    ap.add_argument("--set", action="append", default=[], dest="settings")
    ap.add_argument("--work", type=Path, default=Path("/tmp/newsexplorer-eval-suggest"))
    ap.add_argument("-v", "--verbose", action="count", default=0)
    args = ap.parse_args(argv)
    known = stories()
    names = args.story or list(known)
    settings = [""] + args.settings
    names_used = {p.partition("=")[0].strip() for s in settings for p in s.split(";") if p.strip()}
    defaults = {n: getattr(sg, n) for n in names_used}
    tagger = CachedTagger(sg._tagger())
    sg._tagger = lambda: tagger
    data = {n: load(n, known[n], args.work) for n in names}
    table = {}
    for setting in settings:
        apply_setting(setting, defaults)
        for n in names:
            if args.verbose:
                print(f"## {n} [{setting or 'as is'}]")
            table[(setting, n)] = score(*data[n], known[n]["limit"], args.verbose)[:3]
    apply_setting("", defaults)
    print(f"{'story':16}" + "".join(f"{(s or 'as is')[:22]:>24}" for s in settings))
    totals = {s: [0, 0, 0] for s in settings}
    for n in names:
        cells = []
        for s in settings:
            f, noise, rows = table[(s, n)]
            totals[s][0] += f
            totals[s][1] += noise
            totals[s][2] += rows
            cells.append(f"{f:>2}/{len(data[n][1].issues):<2} noise {noise:>2}/{rows:<2}")
        print(f"{n:16}" + "".join(f"{c:>24}" for c in cells))
    print(f"{'total':16}" + "".join(f"{f'{t[0]:>3} noise {t[1]:>2}/{t[2]}':>24}" for t in totals.values()))
    if len(settings) > 1:
        for s in settings[1:]:
            better = sum(table[(s, n)][0] > table[("", n)][0] for n in names)
            worse = sum(table[(s, n)][0] < table[("", n)][0] for n in names)
            print(f"{s}: found better on {better}, worse on {worse} of {len(names)} stories")
    return 0


if __name__ == "__main__":
    sys.exit(main())
