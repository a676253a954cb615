"""Entity F1 on CoNLL-2003 English test (eng.testb): bare spaCy model vs newsexplorer's corrected extraction.

Each document is rebuilt as text (tokens joined by spaces, one sentence a line); spaCy labels are mapped to CoNLL's
four types; a prediction counts only with the exact span and type.

The file is split by a fixed rule: documents 1..ceil(n/2) in file order are half A, the rest half B. Half A is the
development half: rules written from session four on were tuned on its errors only (`--errors` lists A's ORG errors,
never B's). Half B was never looked at for them. (The sports-table rules of session three were written looking at
the whole file, so the "all rules" row is fitted on both halves; the "general rules" row leaves them out.)
The bare model's spans are cached in bench/results/ (the corrections are pure Python and run on them).
Usage: python bench/ner_conll.py [eng.testb] [--errors] [--half-a]
  --half-a prints half A only: what rule work looks at, so half B is not seen between its scorings.
"""
from __future__ import annotations

import gzip
import json
import sys
import time
from collections import Counter
from pathlib import Path

from newsexplorer.index.enrich import corrections
from newsexplorer.index.enrich.entities import EntityExtractor

CACHE = Path(__file__).resolve().parent / "results"

DEFAULT = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpora" / "conll2003" / "eng.testb"
TO_CONLL = {"PERSON": "PER", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "ORG": "ORG",
            **{label: "MISC" for label in ("NORP", "EVENT", "PRODUCT", "LAW", "LANGUAGE", "WORK_OF_ART")}}
TYPES = ("PER", "LOC", "ORG", "MISC")


def read_documents(path: Path) -> list[tuple[str, set[tuple[int, int, str]]]]:
    """(text, {(start, end, type)}) per document; IOB1 tags, so B- only separates two adjacent entities."""
    docs, sentences = [], []
    sentence: list[tuple[str, str]] = []

    def close_document():
        if sentence:
            sentences.append(list(sentence))
            sentence.clear()
        if sentences:
            docs.append(_build(sentences))
            sentences.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            close_document()
        elif not line.strip():
            if sentence:
                sentences.append(list(sentence))
                sentence.clear()
        else:
            parts = line.split()
            sentence.append((parts[0], parts[-1]))
    close_document()
    return docs


def _build(sentences):
    text_parts, gold, offset = [], set(), 0
    for sentence in sentences:
        current = None
        for i, (token, tag) in enumerate(sentence):
            start = offset
            offset += len(token) + (1 if i < len(sentence) - 1 else 0)
            end = start + len(token)
            kind = tag[2:] if tag != "O" else None
            if kind and current and current[2] == kind and not tag.startswith("B-"):
                current = (current[0], end, kind)
            else:
                if current:
                    gold.add(current)
                current = (start, end, kind) if kind else None
        if current:
            gold.add(current)
        text_parts.append(" ".join(t for t, _ in sentence))
        offset += 1  # newline
    return "\n".join(text_parts), gold


def score(docs, predictions) -> dict[str, tuple[float, float, float]]:
    tp, fp, fn = Counter(), Counter(), Counter()
    for (_, gold), predicted in zip(docs, predictions):
        pred = {(e["start"], e["end"], TO_CONLL[e["label"]]) for e in predicted if e["label"] in TO_CONLL}
        for span in pred & gold:
            tp[span[2]] += 1
        for span in pred - gold:
            fp[span[2]] += 1
        for span in gold - pred:
            fn[span[2]] += 1
    result = {}
    for kind in (*TYPES, "ALL"):
        t = sum(tp.values()) if kind == "ALL" else tp[kind]
        p_den = t + (sum(fp.values()) if kind == "ALL" else fp[kind])
        r_den = t + (sum(fn.values()) if kind == "ALL" else fn[kind])
        p, r = (t / p_den if p_den else 0.0), (t / r_den if r_den else 0.0)
        result[kind] = (p, r, 2 * p * r / (p + r) if p + r else 0.0)
    return result


def halves(docs: list) -> tuple[list[int], list[int]]:
    """Document indices of half A (the first ceil(n/2) documents in file order, development) and half B."""
    cut = (len(docs) + 1) // 2
    return list(range(cut)), list(range(cut, len(docs)))


def raw_predictions(path: Path, texts: list[str]) -> list[list[dict]]:
    """The bare model's spans per document, cached by file name and size."""
    cache = CACHE / f"conll_raw_{path.name}_{path.stat().st_size}.json.gz"
    if cache.exists():
        return json.loads(gzip.decompress(cache.read_bytes()))
    raw = list(EntityExtractor(corrections=False).pipe(texts))
    CACHE.mkdir(exist_ok=True)
    cache.write_bytes(gzip.compress(json.dumps(raw).encode()))
    return raw


def corrected(texts: list[str], raw: list[list[dict]], tables: bool) -> list[list[dict]]:
    """The article corrections on the cached spans; tables=False leaves out the sports-table rules."""
    keep = corrections._teams_in_tables
    if not tables:
        corrections._teams_in_tables = lambda text, spans: spans
    try:
        return [corrections.correct(text, [dict(s) for s in spans]) for text, spans in zip(texts, raw)]
    finally:
        corrections._teams_in_tables = keep


def org_errors(docs, predictions, indices) -> list[str]:
    """ORG false positives and misses in the given documents, with the words around them."""
    lines = []
    for i in indices:
        text, gold = docs[i]
        pred = {(e["start"], e["end"], TO_CONLL[e["label"]]) for e in predictions[i] if e["label"] in TO_CONLL}
        for kind, spans in (("FP", pred - gold), ("FN", gold - pred)):
            for start, end, label in sorted(spans):
                if label != "ORG":
                    continue
                other = [g[2] for g in (gold if kind == "FP" else pred) if g[:2] == (start, end)]
                context = text[max(0, start - 40):end + 40].replace("\n", " | ")
                lines.append(f"doc {i + 1:3} {kind} {text[start:end]!r} (as {other[0] if other else '-'}): {context}")
    return lines


def main() -> None:
    args = [a for a in sys.argv[1:] if a not in ("--errors", "--half-a")]
    path = Path(args[0]) if args else DEFAULT
    if not path.exists():
        sys.exit(f"{path}: not found (pass the path to eng.testb)")
    docs = read_documents(path)
    texts = [text for text, _ in docs]
    a, b = halves(docs)
    print(f"{path.name}: {len(docs)} documents, {sum(len(g) for _, g in docs)} gold entities; "
          f"half A = documents 1-{len(a)} (development), half B = {len(a) + 1}-{len(docs)} (held out)")
    raw = raw_predictions(path, texts)
    began = time.perf_counter()
    rows = {"raw model": raw, "general rules": corrected(texts, raw, tables=False)}
    rows["all rules"] = corrected(texts, raw, tables=True)
    took = time.perf_counter() - began
    parts = (("half A (dev)", a), ("half B (held out)", b), ("whole file", a + b))
    for part, indices in parts[:1] if "--half-a" in sys.argv else parts:
        print(f"\n{part}: {len(indices)} documents")
        for name, predictions in rows.items():
            result = score([docs[i] for i in indices], [predictions[i] for i in indices])
            cells = "  ".join(f"{k} {result[k][2]:.3f}" for k in TYPES)
            p, r, f = result["ALL"]
            print(f"  {name:15} P {p:.3f}  R {r:.3f}  F1 {f:.3f}   |  {cells}")
    print(f"\n(corrections, both rows: {took:.1f} s)")
    if "--errors" in sys.argv:
        print("\nORG errors of half A, all rules:", *org_errors(docs, rows["all rules"], a), sep="\n")


if __name__ == "__main__":
    main()
