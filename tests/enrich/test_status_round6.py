"""Round six's cue mechanisms, sentence by sentence (written for the mechanism, not copied from any label file)."""
import pytest

from newsexplorer.index.enrich.status import read_sentence


def reading(sentence, mention):
    start = sentence.index(mention)
    return read_sentence(sentence, [(start, start + len(mention))])


@pytest.mark.parametrize("sentence, mention", [
    ("The union has dropped its insistence that the pension age stay at 60, officials said.", "pension age"),
    ("Ottawa withdrew its objections to the fishing quota on Tuesday.", "fishing quota"),
    ("The buyers abandoned their demands for a lower floor price after a week of talks.", "floor price"),
])
def test_dropping_a_demand_is_a_move_not_the_demand(sentence, mention):
    assert reading(sentence, mention).status == "progress"


def test_a_demand_still_standing_stays_open():
    assert reading("The union kept its insistence that the pension age stay at 60.", "pension age").status == "unresolved"


@pytest.mark.parametrize("sentence, mention", [
    ("Negotiators have agreed on basic elements of a new tin pact, the chairman said.", "tin pact"),
    ("The minister welcomed the basic accord reached over the weekend on a new water treaty.", "water treaty"),
    ("Delegates tentatively agreed that the export quota would be cut by five pct.", "export quota"),
])
def test_an_agreement_on_part_of_the_matter_is_progress(sentence, mention):
    assert reading(sentence, mention).status == "progress"


def test_a_whole_agreement_is_still_agreed():
    assert reading("Negotiators have agreed on a new tin pact, the chairman said.", "tin pact").status == "agreed"


@pytest.mark.parametrize("sentence", [
    "There has been slight progress on the floor price, the chairman said.",
    "Delegates reported slow progress on the floor price this week.",
])
def test_progress_qualified_as_small_is_no_move(sentence):
    assert reading(sentence, "floor price").status == "unresolved"


@pytest.mark.parametrize("sentence, mention", [
    ("Talks on the fishing quota resumed on Monday after a two-day boycott.", "fishing quota"),
    ("The two sides restarted negotiations on the fishing quota on Monday.", "fishing quota"),
    ("One rebel group pledged to fully respect the truce, a spokesman said.", "truce"),
])
def test_talks_taken_up_again_and_a_pledge_to_honour_are_steps(sentence, mention):
    assert reading(sentence, mention).status == "progress"


def test_talks_that_only_would_resume_are_no_step():
    sentence = "Officials said negotiations on the fishing quota would resume next month."
    assert reading(sentence, "fishing quota").status != "progress"


def test_parties_meeting_for_talks_is_a_step():
    sentence = "The government and the rebels will meet in Lagos for talks on the fishing quota."
    assert reading(sentence, "fishing quota").status == "progress"


def test_money_lent_is_a_transaction_done_but_protection_granted_is_not_a_loan():
    assert reading("Six creditor nations granted the country a 300 mln dlr bridge loan on Thursday.",
                   "bridge loan").status == "agreed"
    assert reading("A US court granted the firm protection while it fights the bridge loan claim.",
                   "bridge loan claim").status != "agreed"


def test_backing_a_loan_is_a_step_not_the_loan():
    sentence = "Germany said last week it would support a 400 mln dlr bridge loan for the country."
    assert reading(sentence, "bridge loan").status == "progress"


def test_when_before_a_bare_participle_is_a_condition_but_when_with_a_subject_is_a_time():
    conditional = reading("The tin pact will enter into force when ratified by countries holding 80 pct of exports.",
                          "tin pact")
    assert conditional.status != "agreed"
    assert any("conditional ('when')" in note for cue in conditional.cues for note in cue.notes)
    past = reading("When the tin pact was signed last year, prices rose.", "tin pact")
    assert past.status == "agreed"


def test_a_headline_without_its_verb_to_be_reports_a_plan():
    sentence = "UN COUNCIL POISED TO VOTE ON FISHING QUOTA"
    start = sentence.index("FISHING QUOTA")
    headline = read_sentence(sentence, [(start, start + 13)], headline=True)
    assert headline.status == "progress"
    body = reading("Officials said the council poised its members on the fishing quota.", "fishing quota")
    assert body.status is None  # only a headline drops "is"


def test_explain_names_the_new_cue_that_decided():
    from newsexplorer.index.enrich.catalog import parse_catalog
    from newsexplorer.index.enrich.issues import detect_issues

    catalog = parse_catalog('[[issue]]\nid = "floor"\ntitle = "Floor price"\nterms = ["floor price"]\n', "user.toml")
    text = ("The United States has dropped its insistence that the floor price be revised downward, delegates said.\n"
            "Talks on the floor price will continue on Monday in Geneva, officials said.\n")
    (found,) = detect_issues(text, catalog, title="Rubber talks", status_model=False)
    assert found["status"] == "progress"
    explain = found["explain"]
    assert explain["cues"] and explain["cues"][0] in explain["sentence"]
    assert "dropped its insistence" in explain["cues"][0] and "progress" in explain["why"]
