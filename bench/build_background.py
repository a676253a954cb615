"""Build the background word/phrase frequencies `catalog suggest` contrasts a corpus against.

    python bench/build_background.py [../shared/corpora/bbc] [-o seeds/background_ngrams.tsv.gz]

General news (the BBC corpus: business, entertainment, politics, sport, tech, 2,225 articles): for each word and
two-word phrase, in how many articles it occurs (kept when ≥ 3), plus the number of articles. A phrase that is
common in a user's reporting sentences but rare in general news is a candidate issue ("security guarantees");
one common everywhere ("last year") is not. Shipped small (gzip, ~100 KB) so suggesting needs no network.
"""
from __future__ import annotations

import argparse
import gzip
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newsexplorer.index.enrich.suggest import ngrams, words  # noqa: E402

MIN_DF = 3


def main() -> None:
    here = Path(__file__).resolve().parents[1]
    ap = argparse.ArgumentParser()
    ap.add_argument("folder", nargs="?", default=str(here.parent / "shared" / "corpora" / "bbc"))
    ap.add_argument("-o", "--output", default=str(here / "seeds" / "background_ngrams.tsv.gz"))
    args = ap.parse_args()
    df: Counter = Counter()
    docs = 0
    for path in sorted(Path(args.folder).rglob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        tokens = words(text)
        df.update(set(ngrams(tokens, 2)))
        docs += 1
    with gzip.open(args.output, "wt", encoding="utf-8", compresslevel=9) as out:
        out.write(f"#docs\t{docs}\n")
        for gram, n in sorted(df.items()):
            if n >= MIN_DF:
                out.write(f"{gram}\t{n}\n")
    kept = sum(1 for n in df.values() if n >= MIN_DF)
    print(f"{docs} articles, {kept} words and phrases (df >= {MIN_DF}) -> {args.output}")


if __name__ == "__main__":
    main()
