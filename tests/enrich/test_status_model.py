"""This session's status mechanisms, and the learned status model: packaged, catalog-free, explained."""
import json

import pytest

from newsexplorer.index.enrich.catalog import load_catalog, parse_catalog
from newsexplorer.index.enrich.issues import detect_issues, read_issues
from newsexplorer.index.enrich.status import lexicon_cues, read_sentence
from newsexplorer.index.enrich.status_model import MODEL_PATH, StatusModel, load_model, pair_features


def reading(sentence, mention):
    start = sentence.index(mention)
    return read_sentence(sentence, [(start, start + len(mention))])


# ------------------------------------------------------------------------------- rule mechanisms added here

def test_a_refusal_that_carries_its_own_negation_is_not_flipped_to_progress():
    r = reading("Ukrainian officials say they will not accept any agreement lacking firm security guarantees.",
                "security guarantees")
    assert r.status == "unresolved"


def test_failing_to_resolve_a_dispute_leaves_it_disputed():
    r = reading("Washington has struggled to broker a compromise on the contentious issue of territory.", "territory")
    assert r.status == "unresolved"


def test_a_cue_must_end_on_a_word_boundary():
    # "20% of the region of Done(tsk)" once matched "percent ... done"
    assert not [c for c in lexicon_cues("Moscow demands 20% of the eastern region of Donetsk.") if c.status == "progress"]


@pytest.mark.parametrize("sentence, mention", [
    ("The government has given way over the role of judges in house arrest cases.", "judges"),
    ("MPs voted in favour of the terror bill after the minister offered concessions on judges.", "terror bill"),
    ("The home secretary made concessions on control orders to win over rebels.", "control orders"),
])
def test_concessions_and_climb_downs_read_as_progress(sentence, mention):
    assert reading(sentence, mention).status == "progress"


def test_demanded_concessions_are_a_position_not_progress():
    r = reading("Negotiators remain divided over territorial concessions in the peace plan.", "territorial")
    assert r.status == "unresolved"


# -------------------------------------------------------------------------------------- the learned model

def test_the_packaged_model_loads_without_network_and_names_its_mode():
    model = load_model()
    assert model is not None, f"{MODEL_PATH} missing or unreadable"
    assert model.mode in ("off", "no-vote", "all")
    assert set(model.classes) == {"agreed", "progress", "unresolved"}
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert data["cv"]["off"], "the leave-one-story-out figures travel with the weights"


def test_features_never_hold_catalog_words():
    text = ("Parliament voted in favour of the widget levy after the minister offered concessions. "
            "The widget levy remains a sticking point for the opposition, which rejected the plan.")
    catalog = parse_catalog('[[issue]]\nid = "levy"\ntitle = "Levy"\nterms = ["widget levy"]\n', "t.toml")
    (issue, hits), = read_issues(text, catalog)
    names = set(pair_features(hits))
    assert not any("widget" in n or "levy" in n for n in names)
    assert any(n.startswith("verb:") for n in names)


TEXT = ("Ministers said a breakthrough on the harbour fees was close, and the port authority offered "
        "concessions. Unions still reject the pension reform and call the talks on it a stalemate.")
CAT_A = '[[issue]]\nid = "harbour"\ntitle = "Harbour"\nterms = ["harbour fees"]\n' \
        '[[issue]]\nid = "pensions"\ntitle = "Pensions"\nterms = ["pension reform"]\n'
CAT_B = '[[issue]]\nid = "port"\ntitle = "The port"\nterms = ["harbour"]\n' \
        '[[issue]]\nid = "retirement"\ntitle = "Retirement"\npatterns = ["pension\\\\w*"]\n'


def forced(mode):
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    return StatusModel({**data, "mode": mode})


@pytest.mark.parametrize("mode", ["all", "off"])
def test_same_sentences_same_status_under_two_catalogs(mode):
    a = detect_issues(TEXT, parse_catalog(CAT_A, "a.toml"), status_model=forced(mode))
    b = detect_issues(TEXT, parse_catalog(CAT_B, "b.toml"), status_model=forced(mode))
    assert [r["status"] for r in a] == [r["status"] for r in b]
    assert len(a) == 2


def test_a_learned_decision_is_explained_by_its_top_features_and_a_sentence():
    result = detect_issues(TEXT, parse_catalog(CAT_A, "a.toml"), status_model=forced("all"))
    for issue in result:
        ex = issue["explain"]
        assert ex["learned"] is True
        assert "learned model" in ex["why"] and "top features" in ex["why"]
        assert ex["sentence"] in TEXT
        assert all(cue in ex["sentence"] for cue in ex["cues"])
        assert TEXT[ex["span"][0]:ex["span"][1]] == ex["sentence"]


def test_rules_only_when_the_model_is_switched_off():
    result = detect_issues(TEXT, parse_catalog(CAT_A, "a.toml"), status_model=False)
    assert all(r["explain"]["learned"] is False for r in result)
    statuses = {r["id"]: r["status"] for r in result}
    assert statuses == {"harbour": "progress", "pensions": "unresolved"}


def test_a_missing_model_file_leaves_the_rules_in_charge(tmp_path):
    load_model.cache_clear()
    try:
        assert load_model(tmp_path / "absent.json") is None
    finally:
        load_model.cache_clear()


# --------------------------------------------------------------- coordination, backdrop clauses, background scope

def test_predicates_sharing_a_subject_are_one_statement():
    r = reading("Yugansk had been seized and sold in December to a little-known firm.", "Yugansk")
    assert r.status == "agreed"


def test_a_time_clause_under_the_mention_is_backdrop_not_its_state():
    r = reading("Yukos is claiming $20bn in damages after its unit was sold in December.", "damages")
    assert r.votes["agreed"] == 0


def test_a_dispute_adjective_on_another_noun_does_not_outvote_the_event():
    r = reading("Yugansk was sold to a little-known shell company in a disputed auction in December.", "Yugansk")
    assert r.status == "agreed"


def test_background_marker_in_a_relative_clause_does_not_weaken_the_main_clause():
    r = reading("The merger of Gazprom and Rosneft is to go ahead, but will exclude the unit, which was bought "
                "last year.", "merger of Gazprom and Rosneft")
    assert r.status == "progress"
    assert not any("too weak" in n for c in r.cues if c.text == "is to go ahead" for n in c.notes)


def test_without_reaches_coordinated_predicates():
    r = reading("Deals are sought to let the UK deport suspects without risk of them being tortured or sentenced "
                "to death.", "deport")
    assert r.votes["agreed"] == 0


def test_concessions_called_for_are_a_demand():
    r = reading("The proposal included calls for Kyiv to reduce its army and make territorial concessions.",
                "reduce its army")
    assert r.votes["progress"] < 0.5


def test_the_detection_filter_loads_and_drops_only_in_filter_mode():
    from newsexplorer.index.enrich.status_model import DETECTION_PATH, keeps, load_detection_model

    model = load_detection_model()
    assert model is not None and model.mode in ("off", "filter")
    catalog = parse_catalog(CAT_A, "a.toml")
    (_, hits), *_ = read_issues(TEXT, catalog)
    data = json.loads(DETECTION_PATH.read_text(encoding="utf-8"))
    assert keeps(StatusModel({**data, "mode": "off", "threshold": 1.01}), hits)
    assert not keeps(StatusModel({**data, "mode": "filter", "threshold": 1.01}), hits)
