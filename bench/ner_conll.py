"""Entity F1 on CoNLL-2003 English test (eng.testb): bare spaCy model vs newsexplorer's corrected extraction.

Each document is rebuilt as text (tokens joined by spaces, one sentence a line); spaCy labels are mapped to CoNLL's
four types; a prediction counts only with the exact span and type. Usage: python bench/ner_conll.py [eng.testb]
"""
from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

from newsexplorer.index.enrich.entities import EntityExtractor

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


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    if not path.exists():
        sys.exit(f"{path}: not found (pass the path to eng.testb)")
    docs = read_documents(path)
    texts = [text for text, _ in docs]
    print(f"{path.name}: {len(docs)} documents, {sum(len(g) for _, g in docs)} gold entities")
    raw = list(EntityExtractor(corrections=False).pipe(texts))  # loads the model, outside the timing below
    for name, extractor in (("raw model", EntityExtractor(corrections=False)),
                            ("with corrections", EntityExtractor(corrections=True))):
        began = time.perf_counter()
        predictions = raw if extractor.corrections is False else list(extractor.pipe(texts))
        took = time.perf_counter() - began
        result = score(docs, predictions)
        cells = "  ".join(f"{k} {result[k][2]:.3f}" for k in TYPES)
        p, r, f = result["ALL"]
        print(f"{name:17} P {p:.3f}  R {r:.3f}  F1 {f:.3f}   |  {cells}" +
              (f"   ({took:.1f} s)" if extractor.corrections else ""))


if __name__ == "__main__":
    main()
