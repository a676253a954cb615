"""Detection and status on small hand-written articles: what an analyst would check by eye."""
import pytest

from newsexplorer.index.enrich.catalog import load_catalog, parse_catalog
from newsexplorer.index.enrich.issues import detect_issues, split_sentences

CATALOG = load_catalog()


def found(text):
    return {r["id"]: r["status"] for r in detect_issues(text, CATALOG)}


def test_evidence_is_exact_substrings_with_offsets():
    text = ("World  Business  Sanctions\nKYIV (Wire) - Talks on security guarantees made progress on Tuesday, "
            "officials said. The U.S. envoy said a deal on prisoners was signed.\n")
    for issue in detect_issues(text, CATALOG):
        assert 1 <= len(issue["evidence"]) <= 3
        for sentence, (start, end) in zip(issue["evidence"], issue["evidence_spans"]):
            assert text[start:end] == sentence


def test_abbreviations_do_not_split_sentences():
    text = "The U.S. envoy met Mr. Umerov in Geneva on Feb. 17. Then they left."
    assert [s.text for s in split_sentences(text)] == [
        "The U.S. envoy met Mr. Umerov in Geneva on Feb. 17.", "Then they left."]


@pytest.mark.parametrize("line", [
    "Sanctions Live World Business Markets Ukraine Ceasefire Territory",      # navigation
    "* Russia rejects ceasefire proposal as talks stall",                    # headline list item
    "Hungary Blocks Russia Sanctions, EU Cash For Kyiv On Eve Of Anniversary.",  # Title Case headline
    "[Ceasefire talks resume](https://example.com/ceasefire-talks)",         # link debris
])
def test_menu_and_headline_lines_are_ignored(line):
    assert found(line) == {}


def test_stray_mention_without_negotiation_is_not_an_issue():
    assert "territory" not in found("Russian forces shelled villages in the Donetsk region overnight, the governor reported.")


@pytest.mark.parametrize("sentence, issue, status", [
    ("The talks on security guarantees did not lead to a breakthrough, officials said.", "security-guarantees", "unresolved"),
    ("Officials failed to agree on the future of the Zaporizhzhia nuclear power plant.", "zaporizhzhia-npp", "unresolved"),
    ("There was no agreement on territory after two days of talks in Geneva.", "territory", "unresolved"),
    ("Negotiators said the text on security guarantees was largely finished and only final details remained.",
     "security-guarantees", "progress"),
    ("The parties are close to an agreement on sanctions relief for Russian banks, an official said.", "sanctions", "progress"),
    ("The two sides agreed on a ceasefire in the Black Sea, the White House said on Tuesday.", "ceasefire", "agreed"),
    ("Ukraine and Russia signed a deal to exchange 1,000 prisoners of war each.", "prisoners", "agreed"),
    ("Russia rejects any deployment of European troops in Ukraine as part of a peace deal.", "foreign-troops", "unresolved"),
    ("Territory remains the main sticking point in the negotiations, both delegations said.", "territory", "unresolved"),
    ("There is no unified view on whether Ukraine should hold elections during martial law.", "elections", "unresolved"),
])
def test_status_from_cues_with_negation(sentence, issue, status):
    assert found(sentence).get(issue) == status


def test_wish_is_not_an_outcome():
    # "ready to sign" and "wants ... to agree" report positions, not a signed deal
    assert found("Kyiv is ready to sign a minerals deal with Washington next week, officials said.")["reconstruction"] == "progress"
    assert found("Moscow wants Kyiv to agree to withdraw its troops from the Donbas before any ceasefire.")["territory"] == "unresolved"


def test_mixed_signals_are_attributed_to_the_nearest_issue():
    text = "Witkoff hailed progress on the prisoner exchange, but Moscow rejected the US proposal on territory."
    assert found(text) == {"prisoners": "progress", "territory": "unresolved"}


def test_rejection_outweighs_claimed_progress_on_the_same_issue():
    text = ("The envoy claimed progress on security guarantees on Monday. "
            "But Russia rejected the security guarantees proposal, calling it unacceptable.")
    assert found(text)["security-guarantees"] == "unresolved"


def test_user_catalog_rules_exclude_and_context():
    catalog = parse_catalog('[[issue]]\nid = "gas"\ntitle = "Gas"\nterms = ["gas"]\nexclude = ["tear gas"]\n'
                            'context = ["transit|pipeline"]\n')
    assert detect_issues("Both sides agreed on gas transit through Ukraine, officials said.", catalog)
    assert not detect_issues("Police used tear gas near the pipeline talks venue, officials said.", catalog)
    assert not detect_issues("Both sides agreed on gas prices for the winter, officials said.", catalog)
