"""Issues written as searches, and the visible `gate` setting that replaced the hidden negotiation-word filter."""
import pytest

from newsexplorer.index.enrich.catalog import load_catalog, parse_catalog
from newsexplorer.index.enrich.issues import detect_issues
from newsexplorer.index.errors import NewsExplorerError


def catalog(body: str, head: str = ""):
    return parse_catalog(head + body, path="mine.toml")


def found(text, cat):
    return {d["id"]: d for d in detect_issues(text, cat)}


GUARANTEES = '[[issue]]\nid = "sg"\ntitle = "Guarantees"\nquery = \'"security guarantees" OR backstop\'\n'


def test_a_query_issue_matches_sentences_the_way_search_does():
    cat = catalog(GUARANTEES)
    text = ("Officials said the talks on security guarantees for Kyiv stalled on Friday evening.\n"
            "A European backstop was discussed by the ministers at length in Paris.\n"
            "The security of the guarantees offered by the bank was questioned by investors.\n")
    hit = found(text, cat)["sg"]
    assert hit["sentences"] == 2  # the phrase (stemmed: "guarantee" too) and the word; not the scattered words
    assert all(text[s:e] == ev for (s, e), ev in zip(hit["evidence_spans"], hit["evidence"]))
    assert not found("The security of the guarantees offered by the bank was questioned by investors.\n", cat)


def test_and_not_and_wildcards_are_evaluated_per_sentence():
    cat = catalog('[[issue]]\nid = "energy-truce"\ntitle = "Energy truce"\n'
                  'query = "(ceasefire OR truce) AND energ* AND NOT nuclear"\n')
    assert found("Both sides agreed to an energy ceasefire that covers power stations and grids.\n", cat)
    assert not found("Both sides agreed to a ceasefire around the nuclear plant and its energy lines.\n", cat)
    # ceasefire and energy in different sentences of one article: not a mention
    assert not found("Both sides agreed to a ceasefire on Tuesday after long talks in Riyadh.\n"
                     "Energy prices rose sharply across the whole of Europe on Wednesday.\n", cat)


def test_existing_catalogs_keep_working_unchanged():
    bundled = load_catalog()
    assert bundled.gate == "negotiation" and all(i.gate == "negotiation" for i in bundled.issues)
    # today's behaviour for the peace-talks catalog: battlefield reporting does not count for territory
    assert "territory" not in found("Russian forces shelled the Donetsk region overnight, the governor said.\n", bundled)
    assert "territory" in found("Moscow wants Kyiv to pull its troops out of the Donetsk region first.\n", bundled)


def test_a_user_catalog_counts_every_mention_by_default_and_can_ask_for_its_own_words():
    merger = '[[issue]]\nid = "merger"\ntitle = "Merger"\nterms = ["merger"]\n'
    sentence = "The merger of Gazprom and Rosneft is to go ahead, officials said.\n"
    assert "merger" in found(sentence, catalog(merger))
    assert "merger" not in found(sentence, catalog(merger, '[catalog]\ngate = "negotiation"\n'))
    own = catalog(merger, '[catalog]\ngate = ["go ahead", "approv"]\n')
    assert "merger" in found(sentence, own)
    assert "merger" not in found("The merger of Gazprom and Rosneft was discussed by analysts.\n", own)
    per_issue = catalog(merger.replace('terms', 'gate = "none"\nterms'), '[catalog]\ngate = "negotiation"\n')
    assert "merger" in found(sentence, per_issue)


@pytest.mark.parametrize("body, expected", [
    ('[[issue]]\nid = "a"\ntitle = "A"\nquery = "date:2026 AND oil"\n', ["line 1", "'a'", "'query'", "scope"]),
    ('[[issue]]\nid = "a"\ntitle = "A"\nquery = "a*"\n', ["line 1", "'a'", "'query'", "wildcard"]),
    ('[[issue]]\nid = "a"\ntitle = "A"\nquery = ""\n', ["'a'", "'query'"]),
    ('[catalog]\ngate = "sometimes"\n[[issue]]\nid = "a"\ntitle = "A"\nterms = ["x"]\n', ["line 1", "'gate'"]),
    ('[catalog]\nstatuses = { won = "x" }\n[[issue]]\nid = "a"\ntitle = "A"\nterms = ["x"]\n', ["'statuses'"]),
])
def test_bad_queries_and_settings_name_file_line_issue_and_field(body, expected):
    with pytest.raises(NewsExplorerError) as err:
        parse_catalog(body, path="mine.toml")
    message = str(err.value)
    assert message.startswith("mine.toml") and "\n" not in message
    for piece in expected:
        assert piece in message
