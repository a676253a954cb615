"""Detection: an issue named once, past the lead, only as a modifier inside a subordinate clause is a passing mention
(round seven); the same words in the lead, or in two sentences, still count."""
from newsexplorer.index.enrich.catalog import parse_catalog
from newsexplorer.index.enrich.issues import detect_issues

CATALOG = parse_catalog('[[issue]]\nid = "quota"\ntitle = "Fishing quota"\nterms = ["quota"]\n', "test.toml")
LEAD = ("Ministers from the four coastal states met in Oslo on Monday to discuss the protection of cod stocks in the "
        "northern seas, officials said. The talks were the first since the spring, and both sides said the tone was "
        "better than before. Scientists have warned for years that the stocks are close to collapse, and several "
        "fleets have already been laid up for the season. The meeting ended with a call for more research on the "
        "stocks, a spokesman said. ")
PASSING = "The ministers later dined with the union leaders after they had met quota holders in the north."


def ids(text):
    return [i["id"] for i in detect_issues(text, CATALOG)]


def test_a_single_passing_modifier_past_the_lead_is_not_a_detection():
    assert len(LEAD) > 400
    assert ids(LEAD + PASSING) == []


def test_the_same_mention_in_the_lead_still_counts():
    assert ids(PASSING + " " + LEAD) == ["quota"]


def test_a_second_sentence_on_the_issue_makes_it_count():
    assert ids(LEAD + PASSING + " The quota was cut by a fifth last year, officials said.") == ["quota"]
