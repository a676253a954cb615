"""The sentence models (round five): the shipped file loads and reads sentences written here; features never hold
the issue's own words; where the file's modes switch them off, detection is exactly the rules'; switched on, every
decision is explained by a sentence of the article and words of that sentence."""
import json

from newsexplorer.index.enrich.catalog import parse_catalog
from newsexplorer.index.enrich.issues import detect_issues, read_issues
from newsexplorer.index.enrich.sentence_model import (
    SENTENCE_PATH, SentenceModel, load_sentence_model, rules_clear, sentence_features,
)

CEILING = parse_catalog('[[issue]]\nid = "ceiling"\ntitle = "Output ceiling"\nterms = ["output ceiling"]\n', "a.toml")
QUOTA = parse_catalog('[[issue]]\nid = "quota"\ntitle = "Quota"\npatterns = ["\\\\bceiling\\\\b"]\n', "b.toml")
AGREED = "The ministers signed an agreement on the output ceiling after three days of talks in Vienna."
REJECTED = "The ministers rejected the proposal on the output ceiling and the talks broke down without a deal."
STEP = "The ministers made progress on the output ceiling and expect to reach a deal next week, officials said."


def hits_of(text, catalog=CEILING, title=None):
    [(_, hits)] = read_issues(text, catalog, title)
    return hits


def test_the_shipped_file_loads_and_reads_sentences_written_here():
    model = load_sentence_model()
    assert model is not None and model.status_mode in ("off", "all", "no-vote", "unclear")
    for text, status in ((AGREED, "agreed"), (REJECTED, "unresolved"), (STEP, "progress")):
        probabilities = model.status.score(sentence_features(hits_of(text)[0])).probabilities
        assert max(probabilities, key=probabilities.get) == status, text
        assert model.article_status(hits_of(text))[0] == status
    assert 0.0 < model.reports(hits_of(AGREED)[0]) < 1.0


def test_features_never_hold_the_issues_own_words_and_agree_under_two_catalogs():
    a = sentence_features(hits_of(AGREED, CEILING)[0])
    b = sentence_features(hits_of(AGREED, QUOTA)[0])
    assert not any("ceiling" in name or "output" in name for name in a)
    assert "b:the_ISSUE" in a and "b:ISSUE_after" in a and "w:sign" in a  # the mention is masked, the words around it are read
    # the second catalog names a shorter span ("ceiling" alone), so only "output" may differ
    assert {n for n in a if "output" not in n} - set(b) <= {"b:the_ISSUE"}


def test_rules_clear_needs_weight_and_margin():
    assert rules_clear(hits_of(AGREED))
    assert not rules_clear(hits_of("The output ceiling was discussed at length by the ministers on Monday talks."))


def test_switched_off_the_sentence_models_change_nothing():
    text = f"{AGREED}\n{REJECTED}\nIraq wants a bigger quota under the output ceiling, its minister said in talks."
    assert load_sentence_model().status_mode == json.loads(SENTENCE_PATH.read_text())["status_mode"]
    if load_sentence_model().status_mode == "off" and load_sentence_model().detection_mode == "off":
        assert detect_issues(text, CEILING) == detect_issues(text, CEILING, sentence_model=False)


def test_a_learned_decision_is_explained_by_a_sentence_and_its_words():
    data = json.loads(SENTENCE_PATH.read_text(encoding="utf-8"))
    model = SentenceModel({**data, "status_mode": "all", "detection_mode": "veto", "threshold": 0.0})
    text = f"Talks went on in Vienna on Monday.\n{STEP}"
    [issue] = detect_issues(text, CEILING, title="Oil ministers meet", sentence_model=model)
    explain = issue["explain"]
    assert issue["status"] == "progress" and explain["learned"] is True
    start, end = explain["span"]
    assert text[start:end] == explain["sentence"] == STEP
    assert explain["cues"] and all(cue in explain["sentence"] for cue in explain["cues"])
    assert "sentence model: progress" in explain["why"] and "top features" in explain["why"]


def test_the_veto_drops_a_pair_no_sentence_reports_on():
    data = json.loads(SENTENCE_PATH.read_text(encoding="utf-8"))
    strict = SentenceModel({**data, "detection_mode": "veto", "threshold": 1.01})
    assert detect_issues(AGREED, CEILING, sentence_model=strict) == []
    lenient = SentenceModel({**data, "detection_mode": "veto", "threshold": 0.0})
    assert [i["id"] for i in detect_issues(AGREED, CEILING, sentence_model=lenient)] == ["ceiling"]


def test_a_missing_or_broken_file_leaves_the_rules_alone(tmp_path):
    broken = tmp_path / "sentence_model.json"
    broken.write_text("{not json", encoding="utf-8")
    assert load_sentence_model(broken) is None
    assert load_sentence_model(tmp_path / "absent.json") is None
