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


def test_a_decision_that_is_to_be_taken_is_a_plan():
    r = reading("Sanctions on steel imports are to be imposed on May 3.", "steel imports")
    assert r.status == "progress" and any("not an outcome" in n for c in r.cues for n in c.notes)


def test_talks_extended_are_no_outcome():
    r = reading("Talks on the fishing quota have been extended into Tuesday, delegates said.", "fishing quota")
    assert r.status != "agreed"


def test_in_effect_as_an_adverb_is_no_state_but_a_rule_in_effect_is():
    assert reading("The rival plan would have in effect cut the fishing quota by half.", "fishing quota").status \
        != "agreed"
    assert reading("The fishing quota system remains in effect until June.", "fishing quota").status == "agreed"


def test_agreeing_to_make_a_proposal_is_a_step_not_the_outcome():
    r = reading("The growers have agreed to propose a new formula for the fishing quota.", "fishing quota")
    assert r.status == "progress"


@pytest.mark.parametrize("sentence, mention", [
    ("The growers will present a proposal on the fishing quota next week.", "fishing quota"),
    ("Hartwell offered to buy Benton outright on Monday, the company said.", "Benton"),
])
def test_one_side_putting_its_proposal_or_offer_on_the_table_is_its_position(sentence, mention):
    assert reading(sentence, mention).status == "unresolved"


@pytest.mark.parametrize("sentence", [
    "The mediators presented a compromise proposal on the fishing quota.",
    "The mediators drew up a new plan on the fishing quota.",
])
def test_a_compromise_or_a_plan_drawn_up_is_still_a_step(sentence):
    assert reading(sentence, "fishing quota").status == "progress"


def test_what_must_be_agreed_is_not_agreed():
    r = reading("Most delegates accept that new criteria must be agreed before the fishing quota returns.",
                "fishing quota")
    assert r.status != "agreed"


def test_talks_extended_through_a_weekend_are_still_going_on():
    r = reading("They blamed each other for the collapse of the fishing quota talks after being extended through "
                "the weekend.", "fishing quota")
    assert r.status != "agreed"
