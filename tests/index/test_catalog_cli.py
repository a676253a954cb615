"""A user's own catalog as they would use it: stored in the data dir, applied without re-reading files, checked,
started from a template, limited by scope, with their own status words; their ticks survive every change."""
from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from newsexplorer.index import Corpus
from newsexplorer.tui.cli import main

ARTICLES = {
    "merger.txt": ("Title: Gazprom deal\nSource: Energy Wire\nDate: 2026-01-05\n\n"
                   "The merger of Gazprom and Rosneft is to go ahead, the government said on Monday.\n"
                   "Shareholders of both companies approved the merger at a meeting in Moscow.\n"),
    "trial.txt": ("Title: Yukos in court\nSource: Court News\nDate: 2026-01-09\n\n"
                  "Yukos will return to a US court to seek protection from its creditors next week.\n"
                  "The judge said the bankruptcy hearing would resume after the holiday.\n"),
    "talks.txt": ("Title: Talks on guarantees\nSource: Planet Wire\nDate: 2026-01-07\n\n"
                  "Negotiators in Geneva reported progress on security guarantees for Kyiv on Wednesday.\n"
                  "Russian forces shelled the Donetsk region overnight, the regional governor said.\n"),
}

BUSINESS = """[catalog]
name = "Russian energy business"
statuses = { agreed = "done", progress = "advancing", unresolved = "stalled" }

[[issue]]
id = "merger"
title = "The Gazprom-Rosneft merger"
terms = ["merger"]

[[issue]]
id = "yukos-court"
title = "Yukos in court"
query = 'yukos AND (court OR judge OR hearing)'
"""


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def folder(write):
    for name, text in ARTICLES.items():
        write(name, text)
    return write.folder


@pytest.fixture
def plain_index(folder):
    """Indexed without NER (fast); issues then come from `catalog apply`, which needs no NER either."""
    code, _, err = run("index", "--no-enrich", folder)
    assert code == 0, err
    return folder


def issues_json(*extra):
    code, out, err = run("issues", "--json", *extra)
    assert code == 0, err
    return {e["id"]: e for e in json.loads(out)["issues"]}


def test_index_catalog_is_copied_in_kept_without_the_flag_and_survives_moving_the_file(folder, tmp_path):
    mine = tmp_path / "business.toml"
    mine.write_text(BUSINESS, encoding="utf-8")
    code, _, err = run("index", folder, "--catalog", mine)
    assert code == 0, err
    assert set(issues_json()) == {"merger", "yukos-court"}
    (folder / "extra.txt").write_text("Title: More\n\nAnalysts expect the merger to be approved by regulators soon.\n")
    code, _, err = run("index", folder / "extra.txt")  # no --catalog: the story must not switch back to peace talks
    assert code == 0, err
    mine.rename(tmp_path / "elsewhere.toml")  # the original file moves away: nothing breaks
    entries = issues_json()
    assert set(entries) == {"merger", "yukos-court"}
    assert entries["merger"]["article_count"] == 2
    code, out, _ = run("catalog", "show")
    assert code == 0 and "Russian energy business" in out and "no longer there" in out


def test_apply_redetects_from_stored_text_and_ticks_survive_by_issue_id(plain_index, tmp_path):
    assert issues_json() == {} or all(e["article_count"] == 0 for e in issues_json().values())
    mine = tmp_path / "business.toml"
    mine.write_text(BUSINESS, encoding="utf-8")
    code, _, err = run("catalog", "apply", mine)
    assert code == 0, err
    assert "3 articles" in err
    entries = issues_json()
    assert entries["merger"]["article_count"] == 1  # "is to go ahead" has no negotiation word: counts all the same
    assert [a["title"] for a in entries["yukos-court"]["articles"]] == ["Yukos in court"]
    corpus = Corpus.open()
    corpus.userdata.set_checked("merger", True)
    corpus.userdata.set_note("merger", "ask the ministry")
    corpus.close()
    code, _, err = run("catalog", "apply", tmp_path.parent / "nowhere.toml")  # bad: one line, nothing changes
    assert code == 2 and "cannot read catalog" in err and len(err.strip().splitlines()) == 1
    mine.write_text(BUSINESS.replace('title = "Yukos in court"', 'title = "Yukos bankruptcy"'), encoding="utf-8")
    code, _, err = run("catalog", "apply", mine)
    assert code == 0, err
    entries = issues_json()
    assert entries["merger"]["checked"] is True and entries["merger"]["note"] == "ask the ministry"
    assert entries["yukos-court"]["title"] == "Yukos bankruptcy"


def test_a_broken_catalog_names_file_line_issue_and_field_and_keeps_the_current_one(plain_index, tmp_path):
    mine = tmp_path / "business.toml"
    mine.write_text(BUSINESS, encoding="utf-8")
    assert run("catalog", "apply", mine)[0] == 0
    bad = tmp_path / "bad.toml"
    bad.write_text(BUSINESS + '\n[[issue]]\nid = "by-outlet"\ntitle = "X"\nquery = "source:reuters AND oil"\n')
    for command in (("catalog", "check", bad), ("catalog", "apply", bad), ("index", plain_index, "--catalog", bad)):
        code, _, err = run(*command)
        assert code == 2
        line = err.strip()
        assert "\n" not in line and str(bad) in line and "line 15" in line
        assert "'by-outlet'" in line and "'query'" in line
    assert set(issues_json()) == {"merger", "yukos-court"}


def test_check_names_every_mistake_one_line_each_and_apply_keeps_the_current_catalog(plain_index, tmp_path):
    """`catalog check` stopped at the first mistake, so a user fixed a file one error per run."""
    mine = tmp_path / "business.toml"
    mine.write_text(BUSINESS, encoding="utf-8")
    assert run("catalog", "apply", mine)[0] == 0
    bad = tmp_path / "bad.toml"
    bad.write_text('[catalog]\nname = "Mine"\ngate = "sometimes"\n\n'
                   '[[issue]]\nid = "No Caps"\ntitle = "One"\nterms = ["one"]\n\n'
                   '[[issue]]\nid = "no-rules"\ntitle = "Two"\n\n'
                   '[[issue]]\nid = "bad-regex"\ntitle = "Three"\npatterns = ["(unclosed"]\n\n'
                   '[[issue]]\nid = "fine"\ntitle = "Four"\nterms = ["four"]\n\n'
                   '[[issue]]\nid = "fine"\ntitle = "Five"\nterms = ["five"]\n', encoding="utf-8")
    code, out, err = run("catalog", "check", bad)
    lines = err.strip().split("\n")
    assert code == 2 and out == "" and len(lines) == 5
    assert all(line.startswith(f"newsexplorer: {bad}") for line in lines)
    for what in ("field 'gate'", "'No Caps', field 'id'", "'no-rules' needs", "'bad-regex', field 'patterns'",
                 "duplicate issue id 'fine'"):
        assert sum(what in line for line in lines) == 1, what
    code, _, err = run("catalog", "apply", bad)  # elsewhere still one line: the first mistake and how many more
    assert code == 2 and err.count("\n") == 1 and "and 4 more mistakes" in err
    assert set(issues_json()) == {"merger", "yukos-court"}


def test_show_lists_each_issue_s_rules_as_written(plain_index, tmp_path):
    """`catalog show` said "1 terms, 1 context": neither the words nor the right number."""
    mine = tmp_path / "mine.toml"
    mine.write_text('[[issue]]\nid = "tax"\ntitle = "Tax bill"\nterms = ["yukos", "tax bill"]\ncontext = ["court"]\n'
                    "patterns = ['yukos\\s+oil']\nexclude = [\"sport\"]\n", encoding="utf-8")
    assert run("catalog", "apply", mine)[0] == 0
    code, out, _ = run("catalog", "show")
    assert code == 0
    assert "terms: yukos, tax bill · patterns: yukos\\s+oil · exclude: sport · context: court" in out
    assert "1 terms" not in out and "1 context" not in out and "· 1 issue\n" in out


def test_editing_the_source_catalog_is_noticed_by_the_next_index_run(plain_index, tmp_path):
    mine = tmp_path / "business.toml"
    mine.write_text(BUSINESS, encoding="utf-8")
    assert run("catalog", "apply", mine)[0] == 0
    mine.write_text(BUSINESS + '\n[[issue]]\nid = "oil"\ntitle = "Oil"\nterms = ["oil"]\n', encoding="utf-8")
    code, _, err = run("index", plain_index)
    assert code == 0
    assert "has changed" in err and f"catalog apply {mine}" in err


def test_apply_bumps_the_index_generation_so_an_open_app_reloads(plain_index, tmp_path):
    corpus = Corpus.open()
    before = corpus.version()
    mine = tmp_path / "business.toml"
    mine.write_text(BUSINESS, encoding="utf-8")
    corpus.apply_catalog(mine)
    assert corpus.version() != before
    assert [e["id"] for e in corpus.issue_rollup() if e["article_count"]] == ["merger", "yukos-court"]
    corpus.close()


def test_scope_limits_the_checklist(plain_index, tmp_path):
    mine = tmp_path / "business.toml"
    mine.write_text(BUSINESS, encoding="utf-8")
    assert run("catalog", "apply", mine)[0] == 0
    assert issues_json("--scope", "source:court")["merger"]["article_count"] == 0
    assert issues_json("--scope", "source:court")["yukos-court"]["article_count"] == 1
    scoped = tmp_path / "scoped.toml"
    scoped.write_text(BUSINESS.replace('name = "Russian energy business"',
                                       'name = "Energy"\nscope = "date:2026-01-05"'), encoding="utf-8")
    assert run("catalog", "apply", scoped)[0] == 0
    entries = issues_json()
    assert entries["merger"]["article_count"] == 1 and entries["yukos-court"]["article_count"] == 0


def test_status_words_are_shown_but_json_keeps_the_fixed_values(plain_index, tmp_path):
    mine = tmp_path / "business.toml"
    mine.write_text(BUSINESS, encoding="utf-8")
    assert run("catalog", "apply", mine)[0] == 0
    code, out, _ = run("issues", "--json")
    document = json.loads(out)
    assert document["status_words"]["unresolved"] == "stalled"
    statuses = {e["status"] for e in document["issues"]} - {None}
    assert statuses and statuses <= {"agreed", "progress", "unresolved"}
    code, out, _ = run("issues", "--markdown")
    shown = {"agreed": "done", "progress": "advancing", "unresolved": "stalled"}
    for status in statuses:
        assert shown[status] in out


def test_init_writes_a_template_that_checks_and_never_overwrites(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, _, err = run("catalog", "init")
    assert code == 0 and (tmp_path / "catalog.toml").is_file()
    code, out, err = run("catalog", "check", "catalog.toml")
    assert code == 0 and "ok" in out, err
    code, _, err = run("catalog", "init")
    assert code == 2 and "already exists" in err
    code, out, _ = run("catalog", "init", "--from-seeds", "-o", "-")
    assert 'id = "security-guarantees"' in out and 'gate = "negotiation"' in out


def test_issues_made_renamed_and_deleted_from_the_app_keep_the_file_and_the_notes(plain_index, tmp_path):
    from newsexplorer.index.enrich import catalog_store

    mine = tmp_path / "business.toml"
    mine.write_text("# my comment stays\n" + BUSINESS, encoding="utf-8")
    assert run("catalog", "apply", mine)[0] == 0
    corpus = Corpus.open()
    corpus.userdata.set_note("merger", "call the regulator")
    query = '"bankruptcy hearing" OR creditors'
    new_id = catalog_store.new_issue_id(corpus.catalog(), "Creditors & the hearing")
    corpus.edit_catalog(lambda text: catalog_store.add_query_issue(text, new_id, "Creditors & the hearing", query))
    entries = {e["id"]: e for e in corpus.issue_rollup()}
    assert new_id == "creditors-the-hearing" and entries[new_id]["article_count"] == 1
    corpus.edit_catalog(lambda text: catalog_store.rename_issue(text, "merger", "Gazprom–Rosneft"))
    corpus.edit_catalog(lambda text: catalog_store.delete_issue(text, "yukos-court"))
    entries = {e["id"]: e for e in corpus.issue_rollup()}
    assert list(entries) == ["merger", new_id]
    assert entries["merger"]["title"] == "Gazprom–Rosneft" and entries["merger"]["note"] == "call the regulator"
    stored = corpus.catalog()
    assert stored.text.startswith("# my comment stays") and stored.name == "Russian energy business"
    corpus.close()
    assert catalog_store.source_changed(Corpus.open().data_dir) is None  # app edits are not "the file changed"
    code, out, _ = run("catalog", "show")
    assert f"copied from {mine}" in out


def test_an_index_built_before_catalogs_were_stored_adopts_its_catalog_file(plain_index, tmp_path):
    mine = tmp_path / "business.toml"
    mine.write_text(BUSINESS, encoding="utf-8")
    corpus = Corpus.open()
    corpus.store.set_meta("catalog_path", str(mine))  # what older versions recorded: only the path
    assert corpus.catalog().name == "Russian energy business"  # read, and copied into the data dir
    mine.unlink()
    assert corpus.catalog().name == "Russian energy business"
    corpus.close()


def test_suggest_writes_a_catalog_that_loads_and_says_so_when_it_finds_nothing(plain_index, tmp_path):
    from newsexplorer.index.enrich.suggest import suggest, to_toml
    from newsexplorer.index.enrich.catalog import parse_catalog

    texts = [f"Negotiators in Geneva discussed security guarantees for Kyiv on day {n}, officials said.\n"
             f"Moscow rejected the proposal on the nuclear plant at Zaporizhzhia again, the delegation said.\n"
             for n in range(6)]
    found = suggest([{"text": t, "entities": [{"label": "PERSON", "text": "Witkoff"}]} for t in texts], limit=5)
    titles = [s.title.lower() for s in found]
    assert any("security guarantees" in t for t in titles)
    catalog = parse_catalog(to_toml(found, "Draft"), "draft.toml")  # ready to check and apply
    assert catalog.gate == "negotiation" and all(i.terms for i in catalog.issues)
    assert "# e.g. Negotiators in Geneva discussed security guarantees" in to_toml(found, "Draft")
    code, _, err = run("catalog", "suggest", "--scope", "nosuchwordanywhere")
    assert code == 1 and "no recurring subject" in err and len(err.strip().splitlines()) == 1


def test_suggest_leaves_out_venues_countries_and_what_is_mostly_reported_elsewhere():
    """Issues are what negotiation is about: not where it happens, who takes part, or the fighting around it."""
    from newsexplorer.index.enrich.suggest import suggest

    texts = [f"Negotiators in Geneva discussed security guarantees for Kyiv on day {n}, officials said.\n"
             f"Belarus rejected the proposal on the nuclear plant at Zaporizhzhia again, the delegation said.\n"
             f"Drones struck the port overnight and more drones hit a depot near the city, officials said.\n"
             f"Several drones were shot down over the region before dawn on Tuesday, the governor said.\n"
             f"The talks did not cover drones or the port, officials said after the meeting on day {n}.\n"
             for n in range(5)]
    texts += [f"Kyiv wants security guarantees before any deal, its envoy said on day {n}.\n" for n in range(5)]
    entities = [{"label": "GPE", "text": "Geneva"}, {"label": "GPE", "text": "Belarus"}]
    found = suggest([{"text": t, "entities": entities} for t in texts], limit=8)
    terms = {term for s in found for term in s.terms}
    assert "security guarantees" in terms
    assert "geneva" not in terms  # a venue: named after "in"
    assert "belarus" not in terms  # a country: a party to the story
    assert not {"drones", "drone"} & terms  # mostly in sentences reporting the fighting


def test_suggest_finds_the_planted_issues_of_a_small_story_and_no_noise():
    """A made-up story (a river treaty between two made-up parties) with three issues planted across 12 articles,
    told in different words, among the frame ("negotiating table", "breakthrough"), dates, and a party that acts
    ("Varnholm rejected …"): each planted issue is suggested, titled by its phrase, with three examples that are
    about it and not about another issue; nothing else is."""
    from newsexplorer.index.enrich.suggest import suggest

    issues = {
        "fishing quotas": ["Varnholm rejected the proposal on fishing quotas for the delta, its envoy said.",
                           "Negotiators agreed to review the fishing quotas next spring.",
                           "Trawler owners demand higher fishing quotas before any deal is signed."],
        "water rights": ["Ostrel insists on its water rights upstream of the dam, the delegation said.",
                         "A compromise on water rights was discussed late into the night.",
                         "Farmers oppose any deal that limits their water rights in summer."],
        "border fence": ["Varnholm refused to discuss the border fence at the talks.",
                         "The plan would remove the border fence within two years, officials said.",
                         "Villagers want the border fence kept, and the proposal angered them."],
    }
    texts = []
    for n in range(12):
        lines = [f"Talks at the negotiating table on Monday brought no breakthrough on day {n}, officials said."]
        for k, (phrase, sentences) in enumerate(issues.items()):
            if (n + k) % 3:  # each issue in 8 of the 12 articles
                lines.append(sentences[(n // 3) % 3])
        lines.append(f"Varnholm said on Monday it wants a deal, and Varnholm agreed to meet again on day {n}.")
        lines.append("Both sides plan to meet again in June, the mediator said.")
        texts.append("\n".join(lines) + "\n")
    entities = [{"label": "GPE", "text": "Varnholm"}, {"label": "GPE", "text": "Ostrel"},
                {"label": "DATE", "text": "Monday"}, {"label": "DATE", "text": "June"}]
    found = suggest([{"text": t, "entities": entities} for t in texts], limit=10)
    titles = [s.title.lower() for s in found]
    assert sorted(titles) == sorted(issues)  # the three planted issues, and nothing else
    for s in found:
        phrase = s.title.lower()
        assert len(s.examples) == 3 and all(phrase in e.lower() for e in s.examples)
        assert not any(other in e.lower() for e in s.examples for other in issues if other != phrase)


def test_suggest_counts_a_phrase_only_near_what_its_sentence_reports():
    """A long sentence that reports negotiation ("agreed to resume talks") and, in a far clause, something else
    ("flooding halted the harbour dredging") is about the talks: the far phrase is not suggested as an issue, while
    one the reporting word is about is."""
    from newsexplorer.index.enrich.suggest import suggest

    texts = [f"Both delegations agreed on day {n} to resume their talks about fishing quotas in the capital next week, "
             f"only hours after heavy autumn flooding along the whole coast had halted the harbour dredging.\n"
             f"The mediator said the fishing quotas remain the hardest question, and neither side would propose "
             f"figures yet.\n" for n in range(8)]
    found = suggest([{"text": t, "entities": []} for t in texts], limit=8)
    terms = {term for s in found for term in s.terms}
    assert "fishing quotas" in terms
    assert not {"harbour dredging", "dredging", "harbour"} & terms


def test_suggest_examples_are_not_copies_of_one_sentence():
    """A story whose wire repeats one sentence in every article, a day or a figure changed ("… on day 3"), and
    reports the issue in other words elsewhere: the three examples a user reads are three different sentences, not
    the same one three times with another number."""
    from newsexplorer.index.enrich.suggest import suggest

    own = ["Varnholm rejected the proposal on fishing quotas for the delta, its envoy said.",
           "Trawler owners demand higher fishing quotas before any deal is signed.",
           "A compromise on fishing quotas was discussed late into the night."]
    texts = [f"Negotiators discussed the fishing quotas again on day {n} of the talks, officials said.\n"
             f"{own[n % 3]}\nBoth sides plan to meet again in the capital, the mediator said.\n" for n in range(9)]
    found = suggest([{"text": t, "entities": [{"label": "GPE", "text": "Varnholm"}]} for t in texts], limit=5)
    quotas = next(s for s in found if "fishing quotas" in s.terms)
    shapes = {re.sub(r"\d+", "N", e) for e in quotas.examples}
    assert len(quotas.examples) == 3 and len(shapes) == 3, quotas.examples


def test_suggest_proposes_no_quantity_as_an_issue():
    """A made-up commodity pact whose wire reports every decision with figures ("cut by 10 pct to 2.5 mln
    tonnes", "120 cents", "45 mln dlrs"): the three planted issues are suggested, and no measure or abbreviation of
    quantity is proposed as an issue or kept among an issue's terms."""
    from newsexplorer.index.enrich.suggest import suggest

    issues = {
        "export quotas": ["Producers agreed on day {n} to cut export quotas by 10 pct to 2.5 mln tonnes.",
                          "Exporters rejected deeper cuts in export quotas, worth 45 mln dlrs a year, on day {n}.",
                          "The proposal would suspend export quotas of 300,000 tonnes if prices fall, on day {n}."],
        "price band": ["The council agreed on day {n} to widen the price band to 120 cents, up 5 pct.",
                       "Consumers demand a lower price band, at most 95 cents, before any deal, they said on day {n}.",
                       "Delegates discussed a price band of 110 to 130 cents per lb late into the night on day {n}."],
        "buffer stock": ["Members refused on day {n} to fund the buffer stock with 250 mln dlrs, a delegate said.",
                         "A compromise on the buffer stock of 400,000 tonnes was proposed on day {n}.",
                         "The plan would sell 20 pct of the buffer stock, 80,000 tonnes, delegates said on day {n}."],
    }
    texts = []
    for n in range(12):
        lines = [f"Delegates met again in the capital on Monday for round {n} of the talks, officials said."]
        for k, sentences in enumerate(issues.values()):
            if (n + k) % 3:  # each issue in 8 of the 12 articles
                lines.append(sentences[(n // 3) % 3].format(n=n))
        texts.append("\n".join(lines) + "\n")
    entities = [{"label": "DATE", "text": "Monday"}]
    found = suggest([{"text": t, "entities": entities} for t in texts], limit=10)
    assert sorted(s.title.lower() for s in found) == sorted(issues)
    quantities = {"pct", "mln", "dlrs", "tonnes", "cents", "lb", "mln dlrs", "mln tonnes"}
    assert not quantities & {term for s in found for term in s.terms}, [s.terms for s in found]


def test_suggest_proposes_no_company_legal_form_as_an_issue():
    """Takeover talks between made-up companies named with their legal forms ("Ostrel Mining Corp", "Varn Metals
    plc"): the planted issue is suggested, and "Corp" or "plc" never is, nor kept among an issue's terms."""
    from newsexplorer.index.enrich.suggest import suggest

    texts = [f"The board of Ostrel Mining Corp rejected the takeover price of Varn Metals plc on day {n}.\n"
             f"Shareholders of Varn Metals plc demand a higher takeover price, the Corp offer said on day {n}.\n"
             for n in range(8)]
    found = suggest([{"text": t, "entities": []} for t in texts], limit=8)
    terms = {term for s in found for term in s.terms}
    assert "takeover price" in terms
    assert not {w for term in terms for w in term.split()} & {"corp", "plc"}, [s.terms for s in found]
