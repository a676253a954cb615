"""The seventh held-out set's Iran story stays held out, checks clean and keeps what makes it a measure: passing
mentions and term traps (false finds), settled outcomes (agreed/progress recall), and a catalog written first."""
from __future__ import annotations

import importlib.util
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("check_labels", REPO / "bench" / "check_labels.py")
check_labels = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_labels)

LABELS = REPO / "bench" / "labels" / "agnews_iran_nuclear.toml"


def test_the_iran_story_checks_clean_and_stays_heldout7(corpora):
    # An entry moved to an earlier split would be read while the status model is tuned.
    assert LABELS in check_labels.status_label_files()
    articles = tomllib.loads(LABELS.read_text(encoding="utf-8"))["article"]
    assert {a["split"] for a in articles} == {"heldout7"}
    assert all(a["file"].startswith("agnews/test/") for a in articles)
    assert sum(a["issues"] == {} for a in articles) >= 5  # passing mentions and term traps
    assert sum(a["issues"] != {} for a in articles) >= 25  # rows on the story with an issue
    corpus, catalog = check_labels.corpus_and_catalog(LABELS)
    assert catalog.name == "iran_nuclear.toml" and catalog.is_file()
    problems, counts = check_labels.check(LABELS, corpus, catalog)
    assert problems == []
    assert counts["agreed"] >= 5 and counts["progress"] >= 5 and counts["unresolved"] >= 20, counts
