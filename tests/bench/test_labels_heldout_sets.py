"""Each held-out status set stays checkable, held out, and a measure: an entry moved to an earlier split would be read
while the status model is tuned; a set without settled outcomes could not measure progress/agreed recall, one
without passing mentions or term traps could not measure false detections, and a catalog issue no article is
labelled with (an id misspelt in the labels, an issue left out) would score nothing."""
from __future__ import annotations

import importlib.util
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("check_labels", REPO / "bench" / "check_labels.py")
check_labels = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_labels)

# file, its split, at least this many of each status / of agreed + progress (what the annotator found in the story)
SETS = [
    ("agnews_oracle_peoplesoft.toml", "heldout8", {"agreed": 10, "progress": 3, "unresolved": 15}, 15),
    ("agnews_nhl_lockout.toml", "heldout8", {"agreed": 2, "progress": 2, "unresolved": 10}, 4),
    ("r21578_rubber_pact.toml", "heldout6", {"agreed": 10, "progress": 10, "unresolved": 10}, 40),
    ("r21578_coffee_quotas.toml", "heldout7", {"agreed": 5, "progress": 5, "unresolved": 5}, 15),
    ("agnews_iran_nuclear.toml", "heldout7", {"agreed": 5, "progress": 5, "unresolved": 20}, 15),
    ("r21578_usair_piedmont.toml", "heldout7", {"agreed": 10, "progress": 10, "unresolved": 10}, 30),
    ("r21578_texaco_pennzoil.toml", "heldout8", {"agreed": 10, "progress": 10, "unresolved": 30}, 35),
]


@pytest.mark.parametrize("name, split, least, settled", SETS, ids=[s[0] for s in SETS])
def test_a_held_out_set_checks_clean_stays_held_out_and_keeps_traps_and_settled_outcomes(corpora, name, split,
                                                                                         least, settled):
    labels = REPO / "bench" / "labels" / name
    assert labels in check_labels.status_label_files()
    articles = tomllib.loads(labels.read_text(encoding="utf-8"))["article"]
    assert {a["split"] for a in articles} == {split}
    assert sum(a["issues"] == {} for a in articles) >= 5  # passing mentions and term traps
    corpus, catalog = check_labels.corpus_and_catalog(labels)
    assert catalog.is_file()
    problems, counts = check_labels.check(labels, corpus, catalog)
    assert problems == []
    assert all(counts[status] >= n for status, n in least.items()), counts
    assert counts["agreed"] + counts["progress"] >= settled


@pytest.mark.parametrize("name", ["agnews_oracle_peoplesoft.toml", "agnews_nhl_lockout.toml",
                                  "r21578_usair_piedmont.toml", "r21578_texaco_pennzoil.toml"])
def test_every_issue_of_the_catalog_is_labelled_somewhere(corpora, name):
    labels = REPO / "bench" / "labels" / name
    _, catalog = check_labels.corpus_and_catalog(labels)
    issues = {issue["id"] for issue in tomllib.loads(catalog.read_text(encoding="utf-8"))["issue"]}
    labelled = {issue for a in tomllib.loads(labels.read_text(encoding="utf-8"))["article"] for issue in a["issues"]}
    assert labelled == issues
