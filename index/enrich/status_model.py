"""A small learned status model over the rule readings of an (article, issue) pair, used where it beats the rules.

The rules (`status.py`) read each sentence that mentions an issue; this module turns those readings and their parses
into a few dozen catalog-free features (the rules' weighted votes and verdict, how many cues were negated, modal,
conditional, in another clause or background, the headline's votes, tense of the mention's clause, whether the issue
is in the lead, and the lemmas of the verbs around the mention — never the mention's own words, the issue id or any
catalog term) and scores them with a multinomial logistic regression trained by `bench/train_status.py` on the
development labels. The weights ship as JSON (`data/status_model.json`); scoring is a dot product in plain Python,
so no scikit-learn and no network at run time.

The file says where the model is used (`mode`): "off", "no-vote" (only where no sentence reports a state, which the
rules read as `unresolved` by default) or "all"; the training script picks the mode that did best in
leave-one-story-out cross-validation, so the learned model decides only where it beat the rules on stories it was not
trained on.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from newsexplorer.index.enrich.status import CAUTION, STATUSES, _clause_head, _span_head, _tokens_in

MODEL_PATH = Path(__file__).resolve().parent / "data" / "status_model.json"
DETECTION_PATH = Path(__file__).resolve().parent / "data" / "detection_model.json"
_NOTE_KINDS = {  # the rule's note on a cue -> feature name
    "negated": "neg", "not an outcome": "modal", "conditional": "cond", "other clause": "other_clause",
    "embedded clause": "embedded", "in a question": "question", "claimed": "claimed", "a decision by": "court",
    "an adjective": "adjective", "too weak": "weak",
}
LEAD_CHARS = 400  # a mention this close to the start of the body is in the lead, which states the news


def _log(x: float) -> float:
    return math.log1p(max(x, 0.0))


def pair_features(hits) -> dict[str, float]:
    """Catalog-free features of one (article, issue) pair from its counted sentences (`issues._Hit`, headline
    included). Words inside the mention are never used, so the same sentences give the same features under any
    catalog."""
    f: dict[str, float] = {"bias_body_sentences": _log(sum(1 for h in hits if not h.headline))}
    votes = {s: 0.0 for s in STATUSES}
    head_votes = {s: 0.0 for s in STATUSES}
    reporting = 0
    for h in hits:
        r = h.reading
        target = head_votes if h.headline else votes
        for s in STATUSES:
            target[s] += r.votes[s]
        if r.status and not h.headline:
            reporting += 1
            f[f"sent_status_{r.status}"] = f.get(f"sent_status_{r.status}", 0.0) + 1.0
        if r.background and not h.headline:
            f["background_sentences"] = f.get("background_sentences", 0.0) + 1.0
        if not h.headline and h.sentence.start < LEAD_CHARS:
            f["in_lead"] = 1.0
            for s in STATUSES:
                f[f"lead_vote_{s}"] = f.get(f"lead_vote_{s}", 0.0) + r.votes[s]
        for cue in r.cues:
            f[f"lex_{cue.status}"] = f.get(f"lex_{cue.status}", 0.0) + 1.0
            for note in cue.notes:
                for key, name in _NOTE_KINDS.items():
                    if note.startswith(key):
                        f[f"note_{name}"] = f.get(f"note_{name}", 0.0) + 1.0
        if h.doc is not None and not h.headline:
            _syntax_features(h, f)
    total = sum(votes.values())
    for s in STATUSES:
        f[f"vote_{s}"] = _log(votes[s])
        f[f"share_{s}"] = votes[s] / total if total else 0.0
        f[f"headline_vote_{s}"] = _log(head_votes[s])
    rule = max(STATUSES, key=lambda s: (round(votes[s] + head_votes[s], 6), CAUTION[s]))
    f[f"rule_{rule if total + sum(head_votes.values()) > 0 else 'none'}"] = 1.0
    f["reporting_sentences"] = _log(reporting)
    for key in [k for k in f if k.startswith(("sent_status_", "lex_", "note_", "tense_", "lead_vote_"))]:
        f[key] = _log(f[key])
    return f


def _syntax_features(hit, f: dict[str, float]) -> None:
    """Tense/aspect of the mention's clause and the lemmas of the verbs of the sentence outside the mention."""
    doc = hit.doc
    inside = set()
    for start, end in hit.spans:
        inside.update(t.i for t in _tokens_in(doc, start, end))
    for start, end in hit.spans[:1]:
        toks = _tokens_in(doc, start, end)
        if not toks:
            continue
        clause = _clause_head(_span_head(toks))
        aux = {c.lower_ for c in clause.children if c.dep_ in ("aux", "auxpass")}
        if clause.tag_ == "VBD":
            f["tense_past"] = f.get("tense_past", 0.0) + 1.0
        elif aux & {"has", "have", "had"}:
            f["tense_perfect"] = f.get("tense_perfect", 0.0) + 1.0
        elif aux & {"will", "would", "could", "might", "may", "should", "'ll", "can"}:
            f["tense_modal"] = f.get("tense_modal", 0.0) + 1.0
        elif clause.tag_ in ("VBZ", "VBP") or aux & {"is", "are", "am"}:
            f["tense_present"] = f.get("tense_present", 0.0) + 1.0
        if clause.i not in inside and clause.pos_ in ("VERB", "ADJ"):
            key = f"clause:{clause.lemma_.lower()}"
            f[key] = 1.0
    for t in doc:
        if t.pos_ == "VERB" and t.i not in inside:
            f[f"verb:{t.lemma_.lower()}"] = 1.0


def detection_features(hits) -> dict[str, float]:
    """`pair_features` plus how the issue is mentioned: its syntactic role (subject, object, inside a relative or
    purpose clause, a modifier), how many sentences and mentions, whether the headline names it — the signs of a
    passing mention versus an issue the article discusses."""
    f = pair_features(hits)
    body = [h for h in hits if not h.headline]
    f["headline_mentions"] = 1.0 if any(h.headline for h in hits) else 0.0
    f["mentions"] = _log(sum(len(h.spans) for h in body))
    f["relevance"] = _log(sum(h.relevance for h in body))
    for h in body:
        if h.doc is None:
            continue
        for start, end in h.spans[:1]:
            toks = _tokens_in(h.doc, start, end)
            if not toks:
                continue
            head = _span_head(toks)
            clause = _clause_head(head)
            role = head.dep_ if head.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "compound", "amod", "appos",
                                               "conj", "attr") else "other"
            f[f"role_{role}"] = f.get(f"role_{role}", 0.0) + 1.0
            dep = clause.dep_ if clause.dep_ in ("ROOT", "ccomp", "xcomp", "advcl", "relcl", "acl", "conj") else "other"
            f[f"clause_dep_{dep}"] = f.get(f"clause_dep_{dep}", 0.0) + 1.0
    for key in [k for k in f if k.startswith(("role_", "clause_dep_"))]:
        f[key] = _log(f[key])
    return f


@dataclass(frozen=True)
class Decision:
    status: str
    probability: float
    top: list[tuple[str, float]]  # (feature, contribution to the chosen status), largest first


class StatusModel:
    """Logistic-regression weights as trained by bench/train_status.py (JSON)."""

    def __init__(self, data: dict):
        self.mode = data.get("mode", "off")
        self.classes = list(data["classes"])
        self.features = list(data["features"])
        self.index = {name: i for i, name in enumerate(self.features)}
        self.mean = list(data["mean"])
        self.scale = list(data["scale"])
        self.coef = [list(row) for row in data["coef"]]
        self.intercept = list(data["intercept"])
        self.cv = data.get("cv", {})
        self.threshold = float(data.get("threshold", 0.5))

    def applies(self, rule_votes_total: float) -> bool:
        """Whether the learned model decides this pair (see the module docstring for `mode`)."""
        return self.mode == "all" or (self.mode == "no-vote" and rule_votes_total <= 0)

    def decide(self, features: dict[str, float]) -> Decision:
        x = {}
        for name, value in features.items():
            i = self.index.get(name)
            if i is not None:
                x[i] = (value - self.mean[i]) / self.scale[i]
        scores = [b + sum(row[i] * v for i, v in x.items()) for row, b in zip(self.coef, self.intercept)]
        top_score = max(scores)
        exp = [math.exp(s - top_score) for s in scores]
        k = max(range(len(scores)), key=lambda j: scores[j])
        contrib = sorted(((self.features[i], self.coef[k][i] * v) for i, v in x.items()), key=lambda kv: -kv[1])
        return Decision(self.classes[k], exp[k] / sum(exp), [(n, round(c, 2)) for n, c in contrib[:3] if c > 0])


def keeps(model: StatusModel | None, hits) -> bool:
    """The learned detection filter (when its file's mode is "filter"): False drops a found pair it takes for a
    passing mention. With mode "off", or no file, every pair the rules found is kept."""
    if model is None or model.mode != "filter":
        return True
    d = model.decide(detection_features(hits))
    return (d.probability if d.status == "yes" else 1.0 - d.probability) >= model.threshold


@lru_cache(maxsize=1)
def load_detection_model(path: Path | None = None) -> StatusModel | None:
    return load_model(path or DETECTION_PATH)


@lru_cache(maxsize=2)
def load_model(path: Path | None = None) -> StatusModel | None:
    """The packaged model, or None when the file is missing or unreadable (the rules then decide alone)."""
    try:
        return StatusModel(json.loads((path or MODEL_PATH).read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None
