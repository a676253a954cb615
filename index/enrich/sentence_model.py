"""Learned readings of single sentences: does a sentence report on its issue, and which status does it report.

The labels give, per (article, issue) pair, the 1–3 sentences that decide it; `bench/train_status.py` trains two
linear models on them (scikit-learn logistic regression, `class_weight="balanced"`): a status model over the
evidence sentences (agreed / progress / unresolved) and a detection model, evidence sentences versus the other
sentences the detector found. Their features come from one sentence and its parse only, never from the catalog:
lemma unigrams and bigrams with the issue's own words masked (`ISSUE`), numbers and names folded, the syntax of the
mention's clause (negation, modal, tense, role of the mention, clause type, reported speech), and the rules' reading
(`status.read_sentence`: its verdict, votes and notes). A word feature is kept only when it occurs in two stories,
so one story's vocabulary cannot become a rule. The weights ship as JSON (`data/sentence_model.json`) and are scored
here in plain Python — a dot product over the few features a sentence has; no scikit-learn, no network at run time.

An article's learned status is the sum of its sentences' status probabilities, each weighted by the sentence's
probability of reporting on the issue (the headline ×1.5, as the rules weigh it). The file's `status_mode` and
`detection_mode` say where this is used; the training script sets them from leave-one-story-out figures.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from newsexplorer.index.enrich.status import HEADLINE_FACTOR, STATUSES, _clause_head, _span_head, _tokens_in

SENTENCE_PATH = Path(__file__).resolve().parent / "data" / "sentence_model.json"
LEXICAL = ("w:", "b:", "head:")  # word features: kept only when they occur in two stories (bench/train_status.py)
_NOTES = {"negated": "neg", "not an outcome": "modal", "conditional": "cond", "other clause": "other_clause",
          "embedded clause": "embedded", "in a question": "question", "claimed": "claimed", "a decision by": "court",
          "an adjective": "adjective", "too weak": "weak"}
_MODALS = {"will", "would", "could", "might", "may", "should", "'ll", "can", "must", "shall"}
_SAY = {"say", "tell", "add", "state", "announce", "report", "claim", "according"}
LEAD_CHARS = 400


def _word(token) -> str:
    if token.like_num or token.pos_ == "NUM":
        return "#num"
    if token.pos_ == "PROPN":
        return "#name"
    return token.lemma_.lower()


def sentence_features(hit) -> dict[str, float]:
    """Catalog-free features of one counted sentence (`issues._Hit` with its parse and rule reading)."""
    f: dict[str, float] = {"bias": 1.0}
    doc, reading = hit.doc, hit.reading
    if hit.headline:
        f["pos:headline"] = 1.0
    elif hit.sentence.start < LEAD_CHARS:
        f["pos:lead"] = 1.0
    if reading is not None:
        f[f"rule:{reading.status or 'none'}"] = 1.0
        for s in STATUSES:
            if reading.votes[s] > 0:
                f[f"rule_vote:{s}"] = math.log1p(reading.votes[s])
        if reading.background:
            f["rule:background"] = 1.0
        if reading.question:
            f["rule:question"] = 1.0
        for cue in reading.cues:
            f[f"cue:{cue.status}"] = 1.0
            for note in cue.notes:
                for key, name in _NOTES.items():
                    if note.startswith(key):
                        f[f"note:{name}"] = 1.0
                        f[f"note:{name}_{cue.status}"] = 1.0
    if doc is None:
        return f
    inside = set()
    for start, end in hit.spans:
        inside.update(t.i for t in _tokens_in(doc, start, end))
    words = []
    for t in doc:
        if t.is_punct or t.is_space:
            continue
        words.append("ISSUE" if t.i in inside else _word(t))
    collapsed = [w for i, w in enumerate(words) if not (w == "ISSUE" and i and words[i - 1] == "ISSUE")]
    for w in collapsed:
        if w != "ISSUE":
            f[f"w:{w}"] = 1.0
    for a, b in zip(collapsed, collapsed[1:]):
        f[f"b:{a}_{b}"] = 1.0
    f["len"] = math.log1p(len(words)) / 4
    for start, end in hit.spans[:1]:
        toks = _tokens_in(doc, start, end)
        if not toks:
            continue
        head = _span_head(toks)
        clause = _clause_head(head)
        f[f"dep:role_{head.dep_}"] = 1.0
        f[f"dep:clause_{clause.dep_}"] = 1.0
        children = list(clause.children)
        aux = {c.lower_ for c in children if c.dep_ in ("aux", "auxpass")}
        if any(c.dep_ == "neg" for c in children):
            f["dep:neg"] = 1.0
        if aux & _MODALS:
            f["dep:modal"] = 1.0
        if clause.tag_ == "VBD":
            f["dep:past"] = 1.0
        elif aux & {"has", "have", "had"}:
            f["dep:perfect"] = 1.0
        elif clause.tag_ in ("VBZ", "VBP") or aux & {"is", "are", "am"}:
            f["dep:present"] = 1.0
        if any(c.dep_ == "auxpass" for c in children):
            f["dep:passive"] = 1.0
        if clause.i not in inside:
            f[f"head:{clause.lemma_.lower()}"] = 1.0
        up = clause
        for _ in range(3):  # whose voice: a saying verb above the mention's clause
            if up.head.i == up.i:
                break
            up = up.head
            if up.lemma_.lower() in _SAY:
                f["dep:reported"] = 1.0
                break
        if any(c.lemma_.lower() in _SAY for c in children):
            f["dep:reported"] = 1.0
    return f


CLEAR_VOTES = 1.0  # a rules verdict with at least this weight …
CLEAR_MARGIN = 2.0  # … and this many times the runner-up's is "clear" (fixed before any cross-validation)


def rules_clear(hits) -> bool:
    """Whether the rules' weighted votes give a clear verdict: a cue read with confidence, not a default."""
    total = sorted((sum(h.reading.votes[s] for h in hits if h.reading) for s in STATUSES), reverse=True)
    return total[0] >= CLEAR_VOTES and total[0] >= CLEAR_MARGIN * total[1]


@dataclass(frozen=True)
class SentenceScore:
    probabilities: dict[str, float]


class LinearModel:
    """Multinomial (or binary, one row per class) logistic regression over sparse features, as trained in
    bench/train_status.py; features absent from a sentence count zero."""

    def __init__(self, data: dict):
        self.classes = list(data["classes"])
        self.coef = [dict(zip(data["features"], row)) for row in data["coef"]]
        self.intercept = list(data["intercept"])

    def score(self, features: dict[str, float]) -> SentenceScore:
        scores = [b + sum(row.get(n, 0.0) * v for n, v in features.items())
                  for row, b in zip(self.coef, self.intercept)]
        top_score = max(scores)
        exp = [math.exp(s - top_score) for s in scores]
        total = sum(exp)
        return SentenceScore({c: e / total for c, e in zip(self.classes, exp)})


    def contributions(self, features: dict[str, float], label: str) -> list[tuple[str, float]]:
        """The features that pushed most towards `label` (what `explain` shows)."""
        row = self.coef[self.classes.index(label)] if label in self.classes else {}
        contrib = sorted(((n, row.get(n, 0.0) * v) for n, v in features.items() if n != "bias"), key=lambda kv: -kv[1])
        return [(n, round(c, 2)) for n, c in contrib[:4] if c > 0]


class SentenceModel:
    """The shipped pair of sentence models and where they are used."""

    def __init__(self, data: dict):
        self.status_mode = data.get("status_mode", "off")  # off | all | no-vote | unclear
        self.detection_mode = data.get("detection_mode", "off")  # off | veto
        self.threshold = float(data.get("threshold", 0.5))
        self.status = LinearModel(data["status"])
        self.detection = LinearModel(data["detection"])

    def decides(self, hits) -> bool:
        """Whether the learned status replaces the rules' for this pair (`status_mode`): "all"; "no-vote" where no
        sentence reports a state; "unclear" where the rules' verdict is not clear (see `rules_clear`)."""
        if self.status_mode == "all":
            return True
        if self.status_mode == "no-vote":
            return not any(v > 0 for h in hits if h.reading for v in h.reading.votes.values())
        return self.status_mode == "unclear" and not rules_clear(hits)

    def reports(self, hit) -> float:
        """P(the sentence reports on its issue)."""
        return self.detection.score(sentence_features(hit)).probabilities.get("yes", 0.0)

    def keeps(self, hits, features: list[dict] | None = None) -> bool:
        """The detection veto: a found pair is kept when one of its body sentences likely reports on the issue.
        `features`: the hits' `sentence_features`, when already computed."""
        if self.detection_mode != "veto":
            return True
        features = features or [sentence_features(h) for h in hits]
        return max((self.detection.score(f).probabilities.get("yes", 0.0)
                    for h, f in zip(hits, features) if not h.headline), default=0.0) >= self.threshold

    def article_status(self, hits, features: list[dict] | None = None) -> tuple[str, dict]:
        """(status, explanation) from the sentences' learned readings: the sum of each sentence's status
        probabilities weighted by how likely it reports on the issue (headline ×1.5)."""
        total = {s: 0.0 for s in STATUSES}
        read = []  # (weight, probabilities, hit, features) per sentence
        for h, feats in zip(hits, features or [sentence_features(h) for h in hits]):
            weight = self.detection.score(feats).probabilities.get("yes", 0.0)
            weight *= HEADLINE_FACTOR if h.headline else 1.0
            probabilities = self.status.score(feats).probabilities
            for s in STATUSES:
                total[s] += weight * probabilities.get(s, 0.0)
            read.append((weight, probabilities, h, feats))
        status = max(STATUSES, key=lambda s: total[s])
        # the deciding sentence: the one giving the winning status the most weight
        _, _, hit, feats = max(read, key=lambda r: r[0] * r[1].get(status, 0.0))
        return status, {"hit": hit, "top": self.status.contributions(feats, status),
                        "votes": {s: round(v, 2) for s, v in total.items()}}


@lru_cache(maxsize=2)
def load_sentence_model(path: Path | None = None) -> SentenceModel | None:
    """The packaged sentence models, or None when the file is missing or unreadable (the rules then decide)."""
    try:
        return SentenceModel(json.loads((path or SENTENCE_PATH).read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None
