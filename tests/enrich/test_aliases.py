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
