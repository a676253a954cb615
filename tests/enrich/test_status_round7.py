"""Round seven's mechanisms, sentence by sentence (written for the mechanism, not copied from any label file): a move
must be reported of the issue, in this article's news — a failure over the clause, a name, a modifier are no move."""
import pytest

from newsexplorer.index.enrich.status import read_sentence


def reading(sentence, mention):
    start = sentence.index(mention)
    return read_sentence(sentence, [(start, start + len(mention))])


@pytest.mark.parametrize("sentence, mention", [
    ("The governors failed to agree on how to set the water limits, a spokesman said.", "water limits"),
    ("The collapse of the meeting and the failure of the ministers to reach agreement on grazing fees surprised few.",
     "grazing fees"),
    ("Last week, talks in Geneva to set new fishing limits failed.", "fishing limits"),
    ("The union has so far been unwilling to accept any offer that would cut the night shift premium.",
     "night shift premium"),
])
def test_a_failure_or_refusal_over_the_clause_leaves_the_matter_open(sentence, mention):
    r = reading(sentence, mention)
    assert r.status == "unresolved"
    assert any("negated by" in n for c in r.cues for n in c.notes)  # explain names the failure


def test_a_failure_in_another_clause_does_not_undo_an_agreement():
    r = reading("The first round collapsed in May, but the ministers agreed on new fishing limits on Friday.",
                "fishing limits")
    assert r.status == "agreed"


def test_a_cue_inside_a_name_gives_no_vote():
    r = reading("Any challenge would be brought under the Multilateral Agreement on Investment rules, they said.",
                "challenge")
    assert r.status is None and any("part of a name" in n for c in r.cues for n in c.notes)


def test_a_cue_as_a_modifier_of_another_noun_gives_no_vote():
    r = reading("The board meets on Friday to hear a progress report on the pension fund.", "pension fund")
    assert r.status is None and any("modifier" in n for c in r.cues for n in c.notes)
    assert reading("The board made progress on the pension fund on Friday.", "pension fund").status == "progress"


def test_the_white_house_is_no_chamber_of_a_legislature():
    r = reading("The White House approved the steel quota plan on Monday, officials said.", "steel quota")
    assert not any("chamber" in n for c in r.cues for n in c.notes)
    r = reading("The House approved the steel quota bill on Monday.", "steel quota")
    assert any("chamber" in n for c in r.cues for n in c.notes)


def test_a_price_offered_per_share_is_a_bid_still_open():
    r = reading("Hartwell has offered 40 dlrs cash per share for half of Benton's stock.", "Benton")
    assert r.status == "unresolved"


@pytest.mark.parametrize("sentence, mention", [
    ("The growers asked for a deal on grazing fees by Friday.", "grazing fees"),
    ("Growers face new duties to be imposed on cotton exports next month.", "cotton exports"),
])
def test_a_decision_asked_for_or_still_to_come_is_not_an_outcome(sentence, mention):
    r = reading(sentence, mention)
    assert r.status != "agreed"
    assert any("not an outcome" in n for c in r.cues for n in c.notes)


def test_a_headline_in_title_case_keeps_its_cues():
    start = "Council Poised to Vote on Grazing Fees".index("Grazing Fees")
    r = read_sentence("Council Poised to Vote on Grazing Fees", [(start, start + 12)], headline=True)
    assert r.status == "progress"
