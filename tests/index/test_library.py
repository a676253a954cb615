"""The user's own library from the command line: tags and tag: queries, notes, saved searches with what is new,
is:new, facets, paging and filters, the briefing's links, and the CLI behaving like a Unix tool."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsexplorer.index import Corpus
from newsexplorer.tui.cli import main

STORIES = {
    "geneva.txt": ("Title: Geneva talks make progress on security guarantees\nSource: Planet Wire\nDate: 2026-01-07\n"
                   "URL: https://planet.example/geneva\n\n"
                   "Negotiators in Geneva reported progress on security guarantees for Kyiv on Wednesday.\n"
                   "The delegations agreed to meet again after consultations with their capitals.\n"),
    "plant.txt": ("Title: Nuclear plant remains a sticking point\nSource: Daily Planet\nDate: 2026-02-10\n\n"
                  "The future of the Zaporizhzhia nuclear power plant remained unresolved after the meeting.\n"
                  "Officials said the question of who would operate the reactors divided the sides.\n"),
    "troops.txt": ("Title: Europe weighs foreign troops after security talks\nSource: Planet Wire\nDate: 2026-03-02\n\n"
                   "European leaders discussed sending foreign troops to Ukraine once security guarantees hold.\n"
                   "Moscow rejected any deployment of Western soldiers as unacceptable, officials said.\n"),
}
LATE = ("Title: Late news on security guarantees\nSource: Evening Wire\nDate: 2026-03-09\n\n"
        "Officials said the security guarantees text was largely finished after a long night of talks.\n")


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def search_json(*args):
    code, out, err = run("search", *args, "--json")
    assert code == 0, err
    return json.loads(out)


def id_of(title_word: str) -> str:
    return next(h["id"] for h in search_json(f"title:{title_word}")["hits"])


@pytest.fixture
def library(write):
    for name, text in STORIES.items():
        write(name, text)
    code, _, err = run("index", write.folder, "--no-enrich")
    assert code == 0, err
    return write


def test_tags_narrow_queries_and_survive_rebuild(library):
    geneva, troops = id_of("geneva"), id_of("troops")
    assert run("tag", geneva[:8], "follow-up", "europe")[0] == 0  # an id prefix is enough
    assert run("tag", troops, "europe")[0] == 0
    assert {h["id"] for h in search_json("tag:europe")["hits"]} == {geneva, troops}
    assert [h["id"] for h in search_json("security AND tag:follow-up")["hits"]] == [geneva]
    assert [h["id"] for h in search_json("security NOT tag:follow-up")["hits"]] == [troops]
    assert run("untag", geneva, "europe")[0] == 0
    assert [h["id"] for h in search_json("tag:europe")["hits"]] == [troops]

    assert run("index", library.folder, "--rebuild", "--no-enrich")[0] == 0
    assert [h["id"] for h in search_json("tag:europe")["hits"]] == [troops]  # newsexplorer.db is never rebuilt


def test_untagging_a_tag_the_article_does_not_have_says_so(library):
    """`untag ID nope` printed the remaining tags and nothing else: a mistyped tag looked removed."""
    article = id_of("Geneva")
    assert run("tag", article, "follow-up")[0] == 0
    code, _, err = run("untag", article, "folow-up", "follow-up")
    assert code == 0
    assert f"newsexplorer: note: {article[:12]} had no tag 'folow-up'\n" in err
    assert "'follow-up'" not in err and err.endswith(f"{article[:12]}: no tags\n")


def test_tag_facet_counts_tagged_matches(library):
    run("tag", id_of("geneva"), "key")
    run("tag", id_of("plant"), "key")
    code, out, _ = run("facets", "security", "--field", "tag", "--field", "outlet", "--json")
    counts = json.loads(out)["facets"]
    assert code == 0
    assert counts["tag"] == [["key", 1]]  # the plant story is tagged but does not match "security"
    assert counts["outlet"] == [["Planet Wire", 2]]


def test_article_note_written_read_and_cleared(library):
    geneva = id_of("geneva")
    assert run("note", geneva, "check [bold]this[/bold] with the embassy")[0] == 0
    assert run("note", geneva)[1].strip() == "check [bold]this[/bold] with the embassy"  # literal, never markup
    assert run("note", geneva, "--clear")[0] == 0
    assert run("note", geneva)[1].strip() == ""


def test_unknown_article_is_one_line(library):
    code, _, err = run("tag", "ffffffffffff", "x")
    assert code == 2 and err.count("\n") == 1 and "no article with id" in err


def test_saved_search_counts_what_is_new_since_last_opened(library):
    code, _, err = run("saved", "add", "guarantees", '"security guarantees"', "--sort", "date")
    assert code == 0 and "2 matches" in err
    listing = json.loads(run("saved", "list", "--json")[1])["saved"]
    assert [(s["name"], s["total"], s["new"]) for s in listing] == [("guarantees", 2, 0)]

    library("late.txt", LATE)
    assert run("index", library.folder, "--no-enrich")[0] == 0
    listing = json.loads(run("saved", "list", "--json")[1])["saved"]
    assert (listing[0]["total"], listing[0]["new"]) == (3, 1)

    hits = search_json("--saved", "guarantees")["hits"]
    assert hits[0]["title"] == "Late news on security guarantees"  # the saved sort: newest first
    listing = json.loads(run("saved", "list", "--json")[1])["saved"]
    assert (listing[0]["total"], listing[0]["new"]) == (3, 0)  # opening it made them seen

    assert run("saved", "rm", "guarantees")[0] == 0
    code, _, err = run("search", "--saved", "guarantees")
    assert code == 2 and "no saved search named 'guarantees'" in err


def test_a_saved_search_s_filters_are_shown_where_its_count_is(library):
    """`saved list` and `search --saved` showed only the query: "1 result for 'security'" while `search security`
    said 2, with nothing to say a filter was narrowing it."""
    assert run("saved", "add", "wire", "security", "--filter", "outlet=Planet Wire", "--sort", "date")[0] == 0
    code, out, _ = run("saved", "list")
    assert code == 0 and "security · outlet: Planet Wire · sort: date" in out
    code, out, _ = run("search", "--saved", "wire")
    assert code == 0 and out.startswith("2 results for 'security' · outlet: Planet Wire (")
    code, out, _ = run("search", "security", "--filter", "outlet=Daily Planet")
    assert code == 0 and out.startswith("0 results for 'security' · outlet: Daily Planet (")


def test_saving_a_broken_query_is_refused(library):
    code, _, err = run("saved", "add", "bad", "se* pl* tr* eu* of*")
    assert code == 2 and err.startswith("newsexplorer:")
    assert json.loads(run("saved", "list", "--json")[1])["saved"] == []


def test_is_new_means_indexed_since_the_last_visit(library):
    corpus = Corpus.open(os.environ["NEWSEXPLORER_HOME"])
    corpus.begin_visit()  # the app opens: everything there is now has been seen
    corpus.close()
    corpus = Corpus.open(os.environ["NEWSEXPLORER_HOME"])
    corpus.begin_visit()  # next visit: nothing arrived in between
    assert corpus.search("is:new", limit=10).total == 0
    corpus.close()

    library("late.txt", LATE)
    assert run("index", library.folder, "--no-enrich")[0] == 0
    assert [h["title"] for h in search_json("is:new")["hits"]] == ["Late news on security guarantees"]
    assert search_json("security AND is:new")["total"] == 1
    code, _, err = run("search", "is:old")
    assert code == 2 and "is:new" in err


def test_search_pages_filters_and_counts_in_words(library):
    everything = [h["id"] for h in search_json("security", "--limit", "10")["hits"]]
    assert len(everything) == 2
    assert [h["id"] for h in search_json("security", "--limit", "1", "--offset", "1")["hits"]] == everything[1:]
    assert [h["title"] for h in search_json("--filter", "outlet=Daily Planet")["hits"]] == [
        "Nuclear plant remains a sticking point"]
    code, out, _ = run("search", "Zaporizhzhia")
    assert code == 0 and out.startswith("1 result for 'Zaporizhzhia'")
    code, _, err = run("search", "x", "--filter", "outlet")
    assert code == 2 and "FIELD=VALUE" in err


def test_json_and_markdown_together_is_a_usage_error(library):
    code, out, err = run("issues", "--json", "--markdown")
    assert code == 2 and out == "" and "choose one" in err


def test_briefing_links_each_quote_to_its_article(write):
    for name, text in STORIES.items():
        write(name, text)
    assert run("index", write.folder)[0] == 0
    code, out, _ = run("issues", "--markdown")
    geneva = id_of("geneva")
    assert code == 0
    assert f"id `{geneva}` · <https://planet.example/geneva>" in out


def test_a_closed_pipe_ends_quietly(library):
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    for extra in ([], ["--json"]):
        proc = subprocess.Popen([sys.executable, "-m", "newsexplorer", "search", "security OR plant OR troops",
                                 "--limit", "100", *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        proc.stdout.read(1)
        proc.stdout.close()  # `| head -c 1`
        err = proc.stderr.read().decode()
        assert proc.wait(timeout=300) == 0, err
        assert "Traceback" not in err and "Exception ignored" not in err


def test_every_command_has_help_and_is_in_the_readme():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    names = []
    for name, command in main.commands.items():
        names.append(name)
        for sub in getattr(command, "commands", {}):
            names.append(f"{name} {sub}")
    assert {"search", "show", "index", "issues", "entities", "facets", "saved list", "tag", "note"} <= set(names)
    for name in names:
        code, out, _ = run(*name.split(), "--help")
        assert code == 0 and "Usage:" in out, name
        assert re.search(rf"newsexplorer {re.escape(name)}\b", readme), f"`newsexplorer {name}` is not in the README"


def test_python_dash_m_runs_the_command_line():
    proc = subprocess.run([sys.executable, "-m", "newsexplorer", "--help"], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and "Usage: newsexplorer" in proc.stdout
