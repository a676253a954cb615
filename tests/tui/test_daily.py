"""Issue 17 in the app, on the real engine and a real newsexplorer.db at 80×24: query history, saved searches with
their new counts, tags and notes, what's new, the issue timeline and the briefing file."""
from __future__ import annotations

import pytest
from datetime import date

from newsexplorer.index import Corpus
from newsexplorer.index.store.userdata import UserData
from newsexplorer.tui.screens.ask import AskScreen
from newsexplorer.tui.screens.note import NoteScreen
from newsexplorer.tui.widgets.facets import FacetList
from newsexplorer.tui.widgets.issue_list import IssueList
from newsexplorer.tui.widgets.query import QueryInput
from newsexplorer.tui.widgets.results import ResultList
from newsexplorer.tui.widgets.timeline import Timeline

from .conftest import answer, opened, real_enrich, screen_text, settle, write_articles

pytestmark = pytest.mark.anyio  # async tests run on asyncio (anyio_backend in conftest)


LATE = {"e_late.txt": ("Title: Late ceasefire report from Kyiv\nSource: Kyiv Daily\nDate: 2026-02-12\n\n"
                       "The ceasefire held overnight in Kyiv, officials said.\n")}


def add_late_article(index_dir, tmp_path) -> None:
    """An `index` run between two visits: one more article about the ceasefire."""
    corpus, report = Corpus.build(index_dir, [write_articles(tmp_path / "late", LATE)], enrich=real_enrich())
    corpus.close()
    assert report.indexed == 1


async def search(app, pilot, query: str) -> None:
    await pilot.press("slash", "ctrl+u", *query, "enter")
    await settle(app, pilot)


async def test_history_up_down_and_ctrl_r_survive_a_restart(tiny_index):
    async with opened(tiny_index) as (app, pilot):
        await search(app, pilot, "ceasefire")
        await search(app, pilot, "sanctions")
        box = app.screen.query_one(QueryInput)
        await pilot.press("slash", "ctrl+u", "up")
        assert box.value == "sanctions"
        await pilot.press("up")
        assert box.value == "ceasefire"
        await pilot.press("down")
        assert box.value == "sanctions"
        await pilot.press("down")
        assert box.value == ""  # what was typed (nothing) comes back past the newest
        await pilot.press(*"cease", "ctrl+r")
        assert box.value == "ceasefire"
        app.flush_writes()

    with UserData(tiny_index) as data:
        assert data.history()[:2] == ["sanctions", "ceasefire"]  # Enter recorded them, not every keystroke
        assert "cease" not in data.history()

    async with opened(tiny_index) as (app, pilot):
        app.flush_writes()
        await settle(app, pilot)
        await pilot.press("slash", "up")
        assert app.screen.query_one(QueryInput).value == "sanctions"
        await pilot.press("ctrl+u", *"zzz", "ctrl+r")
        await pilot.pause()
        assert app.screen.query_one(QueryInput).value == "zzz"  # nothing matches: the text stays


async def test_saving_a_filtered_search_names_the_filter_it_saves(tiny_index):
    """The prompt said "Save the search ceasefire as:" while an outlet filter was on and was saved with it."""
    async with opened(tiny_index) as (app, pilot):
        await search(app, pilot, "ceasefire")
        await pilot.press("p")  # the facet pane (collapsed at 80 columns): narrow by an outlet
        await settle(app, pilot)
        facets = app.screen.query_one(FacetList)
        ids = [facets.get_option_at_index(i).id for i in range(facets.option_count)]
        facets.focus()
        facets.highlighted = ids.index("outlet\x1fReuters")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.search_view.filters == {"outlet": "Reuters"}
        await pilot.press("S")
        await pilot.pause()
        assert isinstance(app.screen, AskScreen)
        assert app.screen.question == "Save the search ceasefire · outlet: Reuters as:"
        await pilot.press("escape")


async def test_saved_search_new_count_and_new_marks(tiny_index, tmp_path):
    async with opened(tiny_index) as (app, pilot):
        await search(app, pilot, "ceasefire")
        await pilot.press("s")  # by date: the sort is saved with it
        await settle(app, pilot)
        await answer(app, pilot, ("S",), AskScreen, "truce watch")

    with UserData(tiny_index) as data:
        saved = data.saved_search("truce watch")
        assert saved["query"] == "ceasefire" and saved["sort"] == "date"
    add_late_article(tiny_index, tmp_path)

    async with opened(tiny_index) as (app, pilot):
        app.flush_writes()
        await settle(app, pilot)
        text = screen_text(app)
        assert "✦ Late ceasefire report from Kyiv" in text  # new since the previous visit: a glyph
        assert "✦ Geneva" not in text
        assert "✦ 1 new" in text  # and counted in the status line
        await pilot.press("o")  # the saved searches, at the top of the facet pane (collapsed at 80 columns)
        await settle(app, pilot)
        facets = app.screen.query_one(FacetList)
        assert app.screen.focused is facets
        text = screen_text(app)
        assert "Saved searches" in text and "truce watch 4 · 1 new" in text
        await pilot.press("enter")
        await settle(app, pilot)
        view = app.search_view
        assert view.query_text == "ceasefire" and view.sort == "date" and view.total == 4
        assert view.new_total == 1 and "✦ 1 new" in screen_text(app)  # the new one among this query's matches
        app.flush_writes()
        await settle(app, pilot)
        assert "truce watch 4" in screen_text(app) and "1 new" not in facets_text(facets)
        await search(app, pilot, "is:new")
        assert view.total == 1 and view.hits[0].title.startswith("Late ceasefire")

    corpus = Corpus.open(tiny_index)
    try:
        entry = next(e for e in corpus.saved_searches() if e["name"] == "truce watch")
        assert entry["total"] == 4 and entry["new"] == 0  # opened: its new count starts again
    finally:
        corpus.close()


def facets_text(facets: FacetList) -> str:
    return "\n".join(str(facets.get_option_at_index(i).prompt) for i in range(facets.option_count))


async def test_tag_untag_and_note_in_results_and_reader(tiny_index):
    async with opened(tiny_index) as (app, pilot):
        await search(app, pilot, "sanctions")
        results = app.screen.query_one(ResultList)
        article_id = results.highlighted_id()
        await answer(app, pilot, ("t",), AskScreen, "follow-up")
        await search(app, pilot, "tag:follow-up")
        assert [h.id for h in app.search_view.hits] == [article_id]
        await pilot.press("p")  # the facet pane: a Tags facet
        await settle(app, pilot)
        assert "Tags" in facets_text(app.screen.query_one(FacetList))
        await pilot.press("p", "enter")  # open it: the tag in the reader's header
        await settle(app, pilot)
        assert app.view == "reader"
        assert "#follow-up" in screen_text(app)
        await answer(app, pilot, ("a",), NoteScreen, "[b]call them[/b]")
        await settle(app, pilot)
        assert "✎ note" in screen_text(app)
        await pilot.press("t")  # the same tag again takes it off
        await pilot.pause()
        await pilot.press(*"follow-up", "enter")
        await settle(app, pilot)
        app.flush_writes()
        await settle(app, pilot)
        assert "#follow-up" not in screen_text(app)

    with UserData(tiny_index) as data:
        assert data.tags(article_id) == []
        assert data.article_note(article_id) == "[b]call them[/b]"


async def test_a_in_the_result_list_edits_the_note_and_nothing_else(tiny_index):
    """`a` on a result opened the note editor and the tag prompt on top of it (the Note message was a kind of Tag
    message, so the Tag handler ran too): what the user typed as a note became a tag."""
    async with opened(tiny_index) as (app, pilot):
        await search(app, pilot, "sanctions")
        article_id = app.screen.query_one(ResultList).highlighted_id()
        await answer(app, pilot, ("a",), NoteScreen, "ring the ministry")
        assert len(app.screen_stack) == 1  # the note editor closed, no other prompt left behind
    with UserData(tiny_index) as data:
        assert data.article_note(article_id) == "ring the ministry"
        assert data.tags(article_id) == []


async def test_timeline_opens_an_article_and_q_comes_back(seeds_index):
    async with opened(seeds_index) as (app, pilot):
        await pilot.press("3")
        await settle(app, pilot)
        issues = app.screen.query_one(IssueList)
        while not (issues.current_issue() or {}).get("articles"):
            await pilot.press("j")
        await pilot.press("t")
        await settle(app, pilot)
        timeline = app.screen.query_one(Timeline)
        assert timeline.display and app.screen.focused is timeline
        point = timeline.current
        assert point is not None and point.outlet in screen_text(app)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.view == "reader" and app.reader_view.article_id == point.article_id
        await pilot.press("q")
        await settle(app, pilot)
        assert app.view == "issues" and app.screen.focused is timeline
        await pilot.press("q")  # q on the timeline closes it, not the view
        await settle(app, pilot)
        assert app.view == "issues" and not timeline.display and app.screen.focused is issues


async def test_briefing_written_to_the_current_directory(seeds_index, tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(out)
    days = {date.today()}

    async with opened(seeds_index) as (app, pilot):
        await pilot.press("3")
        await settle(app, pilot)
        await pilot.press("B")
        app.flush_writes()
        await settle(app, pilot)
        messages = [n.message for n in app._notifications]
    days.add(date.today())  # a run across midnight: the file is named after one of the two days

    written = list(out.glob("briefing-*.md"))
    assert [p.name for p in written] in ([f"briefing-{d.isoformat()}.md"] for d in days), written
    target = written[0]
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# Issue briefing") and "\nSource: " in text  # each quoted article: its id (and URL)
    assert any(str(target) in m for m in messages)
