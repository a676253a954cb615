"""Entities end to end: stored at index time, one canonical entry per person, search across spellings, alias file."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from newsexplorer.tui.cli import main

ARTICLES = {
    "a.txt": ("Title: Talks in Geneva\nSource: Wire One\nDate: 2026-01-05\n\n"
              "Ukrainian President Volodymyr Zelenskyy met U.S. envoy Steve Witkoff in Geneva on Monday. "
              "Zelenskyy said the talks in Kyiv would continue next week.\n"),
    "b.txt": ("Title: A second meeting\nSource: Wire Two\nDate: 2026-01-08\n\n"
              "Ukrainian President Volodymyr Zelenskiy told reporters in Kyiv that Witkoff had brought new ideas. "
              "Zelenskiy added that Ukraine would not give up the Donbas region.\n"),
    "c.txt": ("Title: Envoy returns\nSource: Wire Three\nDate: 2026-01-09\n\n"
              "President Volodymyr Zelensky thanked envoy Steve Witkoff in Kyiv on Friday for his visit. "
              "Zelensky said security guarantees remained the main question for Ukraine.\n"),
}


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.fixture
def indexed(write):
    for name, text in ARTICLES.items():
        write(name, text)
    run("index", write.folder)
    return write.folder


def test_one_person_for_every_spelling(indexed):
    table = json.loads(run("entities", "--json"))["entities"]
    people = [e for e in table if "Zelensk" in e["canonical"]]
    assert len(people) == 1
    person = people[0]
    assert person["label"] == "PERSON" and person["articles"] == 3
    assert {"Zelenskyy", "Zelenskiy", "Zelensky"} <= {person["canonical"], *person["aliases"]}
    kyiv = next(e for e in table if e["canonical"] == "Kyiv")
    assert kyiv["label"] == "GPE"


def test_search_for_one_spelling_finds_all_and_highlights_each(indexed):
    data = json.loads(run("search", "Zelensky", "--json"))
    assert data["total"] == 3
    snippets = " ".join(h["snippet"] for h in data["hits"])
    for spelling in ("Zelenskyy", "Zelenskiy", "Zelensky"):
        assert spelling in snippets


def test_show_json_spans_point_into_text(indexed):
    hit = json.loads(run("search", '"new ideas"', "--json"))["hits"][0]
    article = json.loads(run("show", hit["id"], "--json"))
    assert article["entities"]
    for span in article["entities"]:
        assert article["text"][span["start"]:span["end"]] == span["text"]
        assert span["canonical"]
    assert any(s["text"] == "Zelenskiy" and "Zelensk" in s["canonical"] and s["label"] == "PERSON"
               for s in article["entities"])


def test_alias_file_applies_without_reindexing(indexed, monkeypatch, tmp_path):
    assert "Geneva" in {e["canonical"] for e in json.loads(run("entities", "--json"))["entities"]}
    aliases = tmp_path / "aliases.toml"
    aliases.write_text('ignore = ["Geneva"]\n')
    monkeypatch.setenv("NEWSEXPLORER_ALIASES", str(aliases))
    table = json.loads(run("entities", "--json"))["entities"]
    assert "Geneva" not in {e["canonical"] for e in table}


OTHERS = {
    "keegan.txt": ("Title: City manager speaks\nSource: Wire One\nDate: 2005-01-05\n\n"
                   "Manchester City manager Kevin Keegan said his side must improve. "
                   "Keegan added that the squad was thin and that Keane had been the best midfielder he faced.\n"),
    "keane.txt": ("Title: United captain\nSource: Wire Two\nDate: 2005-01-06\n\n"
                  "Manchester United captain Roy Keane was booked again on Saturday. "
                  "Keane later apologised to the referee.\n"),
    "tory.txt": ("Title: Howard dismisses Tory tax fears\nSource: Wire Three\nDate: 2005-01-07\n\n"
                 "Michael Howard said Tory plans would not raise taxes. The Tory leader spoke in London.\n"),
    "turin.txt": ("Title: Winter Games\nSource: Wire Four\nDate: 2005-01-08\n\n"
                  "Turin is getting ready for the Winter Olympics. Organisers in Turin said tickets were selling.\n"),
}


@pytest.fixture
def general(write):
    for name, text in OTHERS.items():
        write(name, text)
    run("index", write.folder)
    return write.folder


def test_search_for_a_name_returns_no_article_of_another_entity(general):
    """Issue 13: Keane is not Kevin Keegan, Tory is not Turin — their articles stay out of each other's search."""
    def paths(query):
        return {h["path"].rsplit("/", 1)[-1] for h in json.loads(run("search", query, "--json"))["hits"]}
    assert paths("Keane") == {"keane.txt", "keegan.txt"}  # the Keegan story names Keane too
    assert paths("Keegan") == {"keegan.txt"}
    assert paths("Turin") == {"turin.txt"}
    assert paths("Tory") == {"tory.txt"}


def test_an_alias_file_split_undoes_a_merge_at_once(indexed, monkeypatch, tmp_path):
    def paths(query):
        return {h["path"].rsplit("/", 1)[-1] for h in json.loads(run("search", query, "--json"))["hits"]}
    assert paths("Zelensky") == {"a.txt", "b.txt", "c.txt"}
    aliases = tmp_path / "aliases.toml"
    aliases.write_text('split = ["Zelenskiy", "Volodymyr Zelenskiy"]\n')
    monkeypatch.setenv("NEWSEXPLORER_ALIASES", str(aliases))
    assert paths("Zelensky") == {"a.txt", "c.txt"}  # b.txt spells it only "Zelenskiy": no longer widened to it
    table = json.loads(run("entities", "--json"))["entities"]
    person = next(e for e in table if "Zelensky" in [e["canonical"], *e["aliases"]])
    assert "Zelenskiy" not in person["aliases"] and "Volodymyr Zelenskiy" not in person["aliases"]
    assert all(isinstance(reason, str) and reason for reason in person["why"].values())
