"""The sentence-level models (round five): training data from the labelled evidence sentences, leave-one-story-out
against the rules, and the package file. Run through `bench/train_status.py` (which also trains the pair models).

Status: every found sentence that is one of its pair's labelled evidence sentences, labelled with the pair's status.
Detection: every found sentence, "yes" when it is labelled evidence of its pair, "no" otherwise (another sentence
of a labelled pair, or any sentence of a pair the labels say is not discussed). Hyper-parameters (C = 1.0, the
veto threshold 0.5, the headline ×1.5, "clear" = ≥ 1.0 votes and ≥ 2× the runner-up) were fixed before any
cross-validation was run.
"""
from __future__ import annotations

import json
from collections import Counter

from eval_issues import LABELS, PEACE, dev_articles
from newsexplorer.index.enrich.issues import MIN_ARTICLE_SCORE, read_issues
from newsexplorer.index.enrich.sentence_model import (LEXICAL, SENTENCE_PATH, SentenceModel, rules_clear,
                                                      sentence_features)
from newsexplorer.index.enrich.status import combine

C = 1.0
THRESHOLD = 0.5
STATUS_MODES = ("off", "all", "no-vote", "unclear")


def _norm(text: str) -> str:
    return " ".join(text.split())


def _is_evidence(sentence: str, evidence: list[str]) -> bool:
    s = _norm(sentence)
    return any(e == s or (len(e) > 30 and e in s) or (len(s) > 30 and s in e) for e in map(_norm, evidence))


def collect() -> list[dict]:
    """One row per found (article, issue) pair of the development labels: its story, gold status (None when the
    labels say it is not discussed), the hits with their sentence features and evidence flags, and the rules'
    reading; plus one row per labelled pair the detector missed (for recall)."""
    pairs = []
    for label_set, catalog, entry, title, body, year in dev_articles(LABELS):
        gold = entry.get("issues", {})
        evidence = entry.get("evidence", {})
        story = "peace talks" if label_set["story"] == PEACE else label_set["story"]
        found = set()
        for issue, hits in read_issues(body, catalog, title, year):
            counted = [h for h in hits if not h.headline]
            if not counted or sum(h.relevance for h in counted) < MIN_ARTICLE_SCORE:
                continue
            found.add(issue.id)
            ev = evidence.get(issue.id, []) if issue.id in gold else []
            pairs.append({"story": story, "gold": gold.get(issue.id), "hits": hits,
                          "features": [sentence_features(h) for h in hits],
                          "evidence": [bool(ev) and _is_evidence(h.sentence.text, ev) for h in hits],
                          "rule": combine([h.reading for h in hits]) or "unresolved",
                          "votes": sum(v for h in hits for v in h.reading.votes.values()),
                          "clear": rules_clear(hits)})
        for issue_id in set(gold) - found:
            pairs.append({"story": story, "gold": gold[issue_id], "hits": None})
    return pairs


def _vocabulary(rows: list[tuple[str, dict]]) -> set[str]:
    """Structural features always; a word feature only when it occurs in ≥ 2 stories and ≥ 3 sentences."""
    stories: dict[str, set] = {}
    counts: Counter = Counter()
    for story, feats in rows:
        for name in feats:
            stories.setdefault(name, set()).add(story)
            counts[name] += 1
    return {n for n in counts if not n.startswith(LEXICAL) or (len(stories[n]) >= 2 and counts[n] >= 3)}


def _fit(rows: list[tuple[str, dict, str]]) -> dict:
    """Logistic regression (balanced classes) over the kept features; JSON-ready weights for `LinearModel`."""
    import numpy as np
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vocab = _vocabulary([(story, feats) for story, feats, _ in rows])
    vec = DictVectorizer()
    x = vec.fit_transform([{n: v for n, v in feats.items() if n in vocab} for _, feats, _ in rows])
    y = [label for _, _, label in rows]
    model = LogisticRegression(C=C, class_weight="balanced", max_iter=5000)
    model.fit(x, y)
    coef, intercept = model.coef_, model.intercept_
    if len(model.classes_) == 2:  # softmax over (0, w·x + b) is the binary model's sigmoid
        coef, intercept = np.vstack([np.zeros_like(coef[0]), coef[0]]), np.array([0.0, intercept[0]])
    names = vec.get_feature_names_out()
    keep = [j for j in range(len(names)) if np.abs(coef[:, j]).max() >= 0.01]
    return {"classes": [str(c) for c in model.classes_], "features": [str(names[j]) for j in keep],
            "coef": [[round(float(row[j]), 3) for j in keep] for row in coef],
            "intercept": [round(float(b), 4) for b in intercept]}


def fit_models(pairs: list[dict]) -> dict:
    status_rows, detection_rows = [], []
    for p in pairs:
        if p["hits"] is None:
            continue
        for h, feats, is_ev in zip(p["hits"], p["features"], p["evidence"]):
            detection_rows.append((p["story"], feats, "yes" if is_ev else "no"))
            if is_ev:
                status_rows.append((p["story"], feats, p["gold"]))
    return {"status": _fit(status_rows), "detection": _fit(detection_rows), "threshold": THRESHOLD,
            "trained_on": {"status_sentences": len(status_rows), "detection_sentences": len(detection_rows)}}


def _detection(pairs: list[dict], keep) -> dict:
    tp = sum(1 for p in pairs if p["hits"] is not None and p["gold"] is not None and keep(p))
    fp = sum(1 for p in pairs if p["hits"] is not None and p["gold"] is None and keep(p))
    fn = sum(1 for p in pairs if p["gold"] is not None) - tp
    pr, rc = (tp / (tp + fp) if tp + fp else 0.0), (tp / (tp + fn) if tp + fn else 0.0)
    return {"tp": tp, "fp": fp, "fn": fn, "F1": 2 * pr * rc / (pr + rc) if pr + rc else 0.0}


def _status(model: SentenceModel, p: dict, mode: str) -> str:
    use = (mode == "all" or (mode == "no-vote" and p["votes"] <= 0) or (mode == "unclear" and not p["clear"]))
    return model.article_status(p["hits"], p["features"])[0] if use else p["rule"]


def cross_validate(pairs: list[dict]) -> tuple[str, str, list[str]]:
    """Leave-one-story-out: train on the other stories, score the left-out one. Prints the table; returns the
    status mode and detection mode to ship (learned only where it beats the rules in total and on most stories)."""
    stories = sorted({p["story"] for p in pairs})
    correct = {m: Counter() for m in STATUS_MODES}
    det = {"rules": {}, "veto": {}}
    sentence_ok = {k: Counter() for k in ("learned", "rules", "n")}
    lines = []
    for held in stories:
        train = [p for p in pairs if p["story"] != held]
        test = [p for p in pairs if p["story"] == held]
        model = SentenceModel({**fit_models(train), "status_mode": "all", "detection_mode": "veto"})
        labelled = [p for p in test if p["hits"] is not None and p["gold"] is not None]
        for mode in STATUS_MODES:
            correct[mode][held] = sum(_status(model, p, mode) == p["gold"] for p in labelled)
        pa = {m: sum(_status(model, p, m) == p["gold"] for p in labelled if p["gold"] != "unresolved")
              for m in STATUS_MODES}
        for p in labelled:  # sentence level: the labelled evidence sentences, learned vs the rules' reading
            for h, feats, is_ev in zip(p["hits"], p["features"], p["evidence"]):
                if is_ev:
                    probs = model.status.score(feats).probabilities
                    sentence_ok["learned"][held] += max(probs, key=probs.get) == p["gold"]
                    sentence_ok["rules"][held] += (h.reading.status or "unresolved") == p["gold"]
                    sentence_ok["n"][held] += 1
        det["rules"][held] = _detection(test, lambda p: True)
        det["veto"][held] = _detection(test, lambda p: model.keeps(p["hits"], p["features"]))
        n = len(labelled)
        n_pa = sum(p["gold"] != "unresolved" for p in labelled)
        const = sum(p["gold"] == "unresolved" for p in labelled) / n if n else 0.0
        lines.append(f"| {held} | {n} | {const:.2f} | " + " | ".join(
            f"{correct[m][held] / n:.2f}, {pa[m]}/{n_pa}" if n else "-" for m in STATUS_MODES) +
            f" | {det['rules'][held]['F1']:.2f} → {det['veto'][held]['F1']:.2f} | "
            f"{sentence_ok['rules'][held]}/{sentence_ok['learned'][held]} of {sentence_ok['n'][held]} |")
    print("| left-out story | pairs | constant | rules | learned, all | learned, no-vote | learned, unclear | "
          "detection F1 rules → veto | evidence sentences right, rules/learned |")
    print("|---|---|---|---|---|---|---|---|---|")
    print("\n".join(lines))
    totals = {m: sum(correct[m].values()) for m in STATUS_MODES}
    print("| correct, all stories | " + str(sum(1 for p in pairs if p["hits"] is not None and p["gold"])) + " | | " +
          " | ".join(str(totals[m]) for m in STATUS_MODES) + f" | | {sum(sentence_ok['rules'].values())}/"
          f"{sum(sentence_ok['learned'].values())} of {sum(sentence_ok['n'].values())} |")
    status_mode = "off"
    for mode in STATUS_MODES[1:]:
        wins = sum(correct[mode][s] > correct["off"][s] for s in stories)
        losses = sum(correct[mode][s] < correct["off"][s] for s in stories)
        print(f"status {mode}: {totals[mode] - totals['off']:+d} pairs vs the rules, better on {wins} stories, "
              f"worse on {losses}")
        if totals[mode] > totals["off"] and wins > losses and (
                status_mode == "off" or totals[mode] > totals[status_mode]):
            status_mode = mode
    micro = {k: _micro(det[k]) for k in det}
    d_wins = sum(det["veto"][s]["F1"] > det["rules"][s]["F1"] + 1e-9 for s in stories)
    d_losses = sum(det["veto"][s]["F1"] < det["rules"][s]["F1"] - 1e-9 for s in stories)
    print(f"detection veto: micro F1 {micro['rules']:.3f} → {micro['veto']:.3f}, better on {d_wins} stories, worse "
          f"on {d_losses}")
    detection_mode = "veto" if micro["veto"] > micro["rules"] and d_wins > d_losses else "off"
    print(f"shipped: status_mode {status_mode}, detection_mode {detection_mode}")
    return status_mode, detection_mode, lines


def _micro(per_story: dict) -> float:
    tp = sum(d["tp"] for d in per_story.values())
    fp = sum(d["fp"] for d in per_story.values())
    fn = sum(d["fn"] for d in per_story.values())
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def train(dry_run: bool = False) -> None:
    pairs = collect()
    labelled = [p for p in pairs if p["hits"] is not None and p["gold"]]
    n_ev = sum(sum(p["evidence"]) for p in labelled)
    print(f"sentence models: {len(pairs)} pairs ({len(labelled)} labelled and found), {n_ev} found evidence "
          f"sentences, {sum(len(p['hits']) for p in pairs if p['hits'])} found sentences")
    status_mode, detection_mode, _ = cross_validate(pairs)
    if dry_run:
        return
    document = {"status_mode": status_mode, "detection_mode": detection_mode, "C": C, **fit_models(pairs),
                "note": "bench/train_status.py (train_sentences.py) on the development labels (every split before "
                        "heldout7)"}
    SENTENCE_PATH.write_text(json.dumps(document, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {SENTENCE_PATH} ({SENTENCE_PATH.stat().st_size // 1024} KB)")
