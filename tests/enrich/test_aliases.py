"""Canonical entities across a corpus, from stored spans only (no model)."""
from __future__ import annotations

import pytest

from newsexplorer.index.enrich.aliases import (AliasFileError, alias_terms, canonicalize, load_alias_rules,
                                               normalise, spellings)
from newsexplorer.index.errors import NewsExplorerError


def entity(table, canonical):
    return next(e for e in table if e["canonical"] == canonical)


def test_zelenskyy_spellings_are_one_person(spans):
    corpus = {"a": spans(("Volodymyr Zelenskyy", "PERSON"), ("Zelenskyy", "ORG"), ("Zelenskyy", "PERSON")),
              "b": spans(("Volodymyr Zelenskiy", "PERSON"), ("Zelensky", "PERSON")),
              "c": spans(("President Zelensky's", "PERSON"))}
    out, table = canonicalize(corpus)
    people = [e for e in table if "Zelensk" in e["canonical"]]
    assert len(people) == 1
    assert people[0]["canonical"] == "Volodymyr Zelenskyy" and people[0]["label"] == "PERSON"
    assert people[0]["mentions"] == 6 and people[0]["articles"] == 3
    assert {s["canonical"] for spans_ in out.values() for s in spans_} == {"Volodymyr Zelenskyy"}
    assert out["a"][1]["label"] == "PERSON"  # relabelled by majority vote


def test_spelling_variant_and_country_synonyms_merge(spans):
    corpus = {"a": spans(("Steve Witkoff", "PERSON"), ("Witkoff", "ORG"), ("U.S.", "GPE")),
              "b": spans(("Witkov", "PERSON"), ("United States", "GPE"), ("US", "GPE"))}
    out, table = canonicalize(corpus)
    assert set(entity(table, "Steve Witkoff")["aliases"]) == {"Witkoff", "Witkov"}
    assert set(entity(table, "United States")["aliases"]) == {"U.S.", "US"}


def test_two_people_sharing_a_surname_block_the_lone_surname(spans):
    corpus = {"a": spans(("Donald Trump", "PERSON"), ("Melania Trump", "PERSON"), ("Trump", "PERSON"),
                         ("Trump Tower", "FAC"))}
    out, table = canonicalize(corpus)
    canon = {s["text"]: s["canonical"] for s in out["a"]}
    assert canon["Trump"] == "Trump"
    assert canon["Trump Tower"] == "Trump Tower"
    assert entity(table, "Trump Tower")["label"] == "FAC"


def test_lone_surname_joins_the_only_full_name_in_its_article(spans):
    corpus = {"a": spans(("Donald Trump", "PERSON"), ("Trump", "ORG")),
              "b": spans(("Melania Trump", "PERSON"), ("Trump", "PERSON"))}
    out, _ = canonicalize(corpus)
    assert out["a"][1]["canonical"] == "Donald Trump"
    assert out["b"][1]["canonical"] == "Melania Trump"


def test_georgia_the_country_and_the_us_state_stay_apart(spans):
    corpus = {"a": spans(("Georgia", "GPE"), ("Russia", "GPE"), ("Armenia", "GPE")),
              "b": spans(("Georgia", "GPE"), ("Atlanta", "GPE"), ("Florida", "GPE"))}
    out, table = canonicalize(corpus)
    assert out["a"][0]["canonical"] != out["b"][0]["canonical"]
    assert out["a"][0]["canonical"] == "Georgia"


def test_different_first_names_do_not_merge(spans):
    corpus = {"a": spans(("John Smith", "PERSON"), ("Jane Smyth", "PERSON"))}
    _, table = canonicalize(corpus)
    assert {e["canonical"] for e in table} == {"John Smith", "Jane Smyth"}


def test_table_is_sorted_by_mentions_and_numbers_are_not_entities(spans):
    corpus = {"a": spans(("NATO", "ORG"), ("Kyiv", "GPE"), ("Kyiv", "GPE"), ("Monday", "DATE"))}
    out, table = canonicalize(corpus)
    assert [e["canonical"] for e in table] == ["Kyiv", "NATO"]
    assert out["a"][3]["canonical"] == "Monday"


def test_normalise_drops_titles_accents_possessives():
    assert normalise("President Zelenskyy's") == "zelenskyy"
    assert normalise("the U.S.") == "us"
    assert normalise("Mr. José Pérez") == "jose perez"


def test_alias_file_merge_ignore_split_label(tmp_path, spans):
    path = tmp_path / "aliases.toml"
    path.write_text('ignore = ["Disqus"]\nsplit = ["Witkov"]\n[merge]\n"Volodymyr Zelenskyy" = ["Zelenskyj"]\n'
                    '[label]\n"Cyprus" = "GPE"\n', encoding="utf-8")
    rules = load_alias_rules(path)
    corpus = {"a": spans(("Volodymyr Zelenskyy", "PERSON"), ("Zelenskyj", "ORG"), ("Disqus", "GPE"),
                         ("Steve Witkoff", "PERSON"), ("Witkov", "PERSON"), ("Cyprus", "ORG"))}
    out, table = canonicalize(corpus, rules)
    canon = {s["text"]: s["canonical"] for s in out["a"]}
    assert canon["Zelenskyj"] == "Volodymyr Zelenskyy"
    assert "Disqus" not in canon
    assert canon["Witkov"] == "Witkov"
    assert entity(table, "Cyprus")["label"] == "GPE"


@pytest.mark.parametrize("content, line, words", [
    ('ignore = ["a"]\n[merge\n', 2, "not valid TOML"),
    ('ignore = ["a"]\n\nsplit = "Witkov"\n', 3, "list of names"),
    ('ignore = []\nmerges = {}\n', 2, "unknown key"),
    ('[label]\n"Cyprus" = "gpe"\n', 2, "upper-case"),
])
def test_alias_file_errors_name_file_and_line(tmp_path, content, line, words):
    path = tmp_path / "aliases.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(AliasFileError) as err:
        load_alias_rules(path)
    message = str(err.value)
    assert message.startswith(f"{path}:{line}: ") and words in message and "\n" not in message
    assert isinstance(err.value, NewsExplorerError)


def test_missing_alias_file_is_a_one_line_error(tmp_path, spans):
    with pytest.raises(AliasFileError, match="cannot read"):
        load_alias_rules(tmp_path / "nope.toml")


def test_search_expansion_covers_every_spelling(spans):
    corpus = {"a": spans(("Volodymyr Zelenskyy", "PERSON"), ("Zelenskiy", "PERSON")),
              "b": spans(("Zelensky", "PERSON"))}
    _, table = canonicalize(corpus)
    terms = alias_terms(table)
    assert terms["zelensky"] == terms["zelenskiy"] == terms["zelenskyy"] == "Volodymyr Zelenskyy"
    assert set(spellings("Zelensky", table)) == {"Volodymyr Zelenskyy", "Zelenskiy", "Zelensky"}
    assert spellings("Nobody", table) == ["Nobody"]


# ---------------------------------------------------------------- corpus evidence (issue 3, second round)


def _person_corpus(spans, extra: dict) -> dict:
    """Eight articles that name Volodymyr Zelenskyy as a person, plus the articles under test."""
    corpus = {f"p{i}": spans(("Volodymyr Zelenskyy", "PERSON"), ("Zelenskyy", "PERSON")) for i in range(8)}
    corpus.update(extra)
    return corpus


def test_a_surname_the_model_calls_org_joins_the_person_the_corpus_knows(spans):
    corpus = _person_corpus(spans, {"org": spans(*[("Zelenskyy", "ORG")] * 9), "spelt": spans(("Zelensky", "ORG"))})
    out, table = canonicalize(corpus)
    zelensky = [e for e in table if any("Zelensk" in n for n in [e["canonical"], *e["aliases"]])]
    assert len(zelensky) == 1 and zelensky[0]["label"] == "PERSON" and zelensky[0]["mentions"] == 26
    assert {s["label"] for s in out["org"]} == {"PERSON"}
    assert out["org"][0]["article_label"] == "ORG"  # what the article said is kept for the next run


def test_weak_or_contradicted_evidence_leaves_an_org_alone(spans):
    # Two articles are not enough evidence; a company named at length in the article keeps its ORG.
    weak = {"a": spans(("Gerald Ford", "PERSON")), "b": spans(("Gerald Ford", "PERSON")),
            "c": spans(("Ford", "ORG"))}
    _, table = canonicalize(weak)
    assert entity(table, "Ford")["label"] == "ORG"
    strong = {f"p{i}": spans(("Gerald Ford", "PERSON"), ("Ford", "PERSON")) for i in range(5)}
    strong["company"] = spans(("Ford Motor Company", "ORG"), ("Ford", "ORG"), ("Ford", "ORG"))
    out, _ = canonicalize(strong)
    # the company's "Ford" is the short form of the company it names in full, never Gerald Ford
    assert [s["canonical"] for s in out["company"]][1:] == ["Ford Motor Company", "Ford Motor Company"]
    assert {s["label"] for s in out["company"]} == {"ORG"}


def test_a_one_off_full_name_does_not_make_a_surname_ambiguous(spans):
    corpus = {"a": spans(("Volodymyr Zelensky", "PERSON")), "b": spans(("Volodymyr Zelensky", "PERSON")),
              "bbc": spans(("Resilient Zelensky", "PERSON"), ("Volodymyr Zelensky", "PERSON"), ("Zelensky", "PERSON"))}
    out, _ = canonicalize(corpus)
    assert out["bbc"][2]["canonical"] == "Volodymyr Zelensky"


def test_two_people_both_present_keep_the_lone_surname_unresolved_whatever_their_fame(spans):
    corpus = {f"d{i}": spans(("Donald Trump", "PERSON")) for i in range(10)}
    corpus["m"] = spans(("Melania Trump", "PERSON"))
    corpus["both"] = spans(("Donald Trump", "PERSON"), ("Melania Trump", "PERSON"), ("Trump", "PERSON"))
    out, _ = canonicalize(corpus)
    assert out["both"][2]["canonical"] == "Trump"


def test_a_lone_surname_elsewhere_stays_apart_when_two_people_have_it_however_famous_one_is(spans):
    """Issue 13: a bare surname joins a full name only when one person in the corpus has it; otherwise it is
    listed on its own and marked ambiguous with the people it may mean."""
    corpus = {f"d{i}": spans(("Donald Trump", "PERSON")) for i in range(10)}
    corpus.update({"m": spans(("Melania Trump", "PERSON"), ("Melania Trump", "PERSON")),
                   "bare": spans(("Trump", "PERSON"))})
    out, table = canonicalize(corpus)
    assert out["bare"][0]["canonical"] == "Trump"
    assert entity(table, "Trump")["ambiguous"] == ["Donald Trump", "Melania Trump"]
    alone = {"d": spans(("Donald Trump", "PERSON"), ("Donald Trump", "PERSON")), "bare": spans(("Trump", "PERSON"))}
    out, table = canonicalize(alone)
    assert out["bare"][0]["canonical"] == "Donald Trump"
    assert "only person in the corpus" in entity(table, "Donald Trump")["why"]["Trump"]


def test_hyphenated_place_is_not_a_full_name_and_numbered_units_stay_apart(spans):
    corpus = {"a": spans(("Rai-Oleksandrivka", "PERSON"), ("Oleksandrivka", "PERSON"), ("Oleksandrivka", "GPE"),
                         ("6th Combined Arms Army", "ORG"), ("20th Combined Arms Army", "ORG"),
                         ("World War II", "EVENT"), ("World War III", "EVENT"))}
    out, table = canonicalize(corpus)
    canon = {s["text"]: s["canonical"] for s in out["a"]}
    assert canon["Oleksandrivka"] == "Oleksandrivka"
    assert canon["6th Combined Arms Army"] != canon["20th Combined Arms Army"]
    assert canon["World War II"] != canon["World War III"]


def test_office_words_stay_in_organisation_names(spans):
    corpus = {"a": spans(("Russian General Staff", "ORG"), ("Ukrainian General Staff", "ORG"),
                         ("President Zelenskyy", "ORG"), ("Volodymyr Zelenskyy", "PERSON"))}
    _, table = canonicalize(corpus)
    names = {e["canonical"] for e in table}
    assert {"Russian General Staff", "Ukrainian General Staff", "Volodymyr Zelenskyy"} == names


def test_first_names_in_two_transliterations_merge_but_different_names_do_not(spans):
    corpus = {"a": spans(("Kostyantyn Mashovets", "PERSON"), ("Mashovets", "PERSON")),
              "b": spans(("Konstantyn Mashovets", "PERSON")),
              "c": spans(("Michael Smithson", "PERSON"), ("Michelle Smithson", "PERSON"))}
    _, table = canonicalize(corpus)
    assert set(entity(table, "Kostyantyn Mashovets")["aliases"]) == {"Mashovets", "Konstantyn Mashovets"}
    assert {"Michael Smithson", "Michelle Smithson"} <= {e["canonical"] for e in table}


def test_canonicalising_again_gives_the_same_result_and_rules_can_be_taken_back(tmp_path, spans):
    corpus = _person_corpus(spans, {"org": spans(("Zelenskyy", "ORG"), ("Cyprus", "ORG"))})
    out, table = canonicalize(corpus)
    assert canonicalize(out) == (out, table)
    path = tmp_path / "aliases.toml"
    path.write_text('[label]\n"Cyprus" = "GPE"\n', encoding="utf-8")
    forced, _ = canonicalize(out, load_alias_rules(path))
    assert forced["org"][1]["label"] == "GPE"
    again, _ = canonicalize(forced)  # the rule removed: back to what the article said
    assert again["org"][1]["label"] == "ORG"


def test_across_articles_only_another_spelling_of_the_surname_joins(spans):
    corpus = {"a": spans(("Steve Witkoff", "PERSON"), ("Andrew Webber", "PERSON"), ("Stephen Simmons", "PERSON")),
              "b": spans(("Witkov", "PERSON")), "c": spans(("Webster", "PERSON")), "d": spans(("Simon", "PERSON"))}
    out, _ = canonicalize(corpus)
    assert out["b"][0]["canonical"] == "Steve Witkoff"
    assert out["c"][0]["canonical"] == "Webster" and out["d"][0]["canonical"] == "Simon"
