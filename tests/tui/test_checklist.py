"""The issue checklist on the real engine: the seeds indexed with issue detection, marks in a real newsexplorer.db."""
from __future__ import annotations

import pytest

from newsexplorer.index.store.userdata import UserData
from newsexplorer.tui.screens.note import NoteScreen
from newsexplorer.tui.widgets.article_view import ArticleView
from newsexplorer.tui.widgets.issue_list import IssueList

from .conftest import answer, opened, screen_text, settle

pytestmark = pytest.mark.anyio  # async tests run on asyncio (anyio_backend in conftest)


async def test_checklist_tick_override_note_expand_open(seeds_index):
    async with opened(seeds_index) as (app, pilot):
        await pilot.press("3")
        await settle(app, pilot)
        assert app.view == "issues"
        text = screen_text(app)
        assert "11 issues" in text
        issues = app.screen.query_one(IssueList)
        first = issues.current_issue()
        assert first["title"] in text and first["status"] in text

        await answer(app, pilot, ("space", "o", "o", "a"), NoteScreen, "watch [b]this[/b]")
        with UserData(seeds_index) as data:
            assert data.marks()[first["id"]] == {"checked": True, "override": "progress",
                                                 "note": "watch [b]this[/b]"}
        text = screen_text(app)
        assert "[x]" in text and "progress*" in text and "✎ watch [b]this[/b]" in text

        await pilot.press("enter")  # expand: history + evidence
        await settle(app, pilot)
        text = screen_text(app)
        assert "Evidence" in text
        ev_rows = [i for i in range(issues.option_count)
                   if (issues.get_option_at_index(i).id or "").startswith("ev\x1f")]
        issues.highlighted = ev_rows[0]
        sentence = issues._evidence[issues.get_option_at_index(ev_rows[0]).id].sentence
        await pilot.press("enter")  # open the article at that sentence
        await settle(app, pilot)
        assert app.view == "reader"
        view = app.screen.query_one(ArticleView)
        assert view.current is not None and view.current.kind == "evidence"
        assert " ".join(view.text[view.current.start:view.current.end].split()) == " ".join(sentence.split())

    # a new app on the same data dir shows what was saved
    async with opened(seeds_index) as (app, pilot):
        await pilot.press("3")
        await settle(app, pilot)
        assert "progress*" in screen_text(app) and "✎ watch [b]this[/b]" in screen_text(app)


async def test_an_overridden_issue_shows_what_its_detected_status_rests_on_before_and_after_a_restart(seeds_index):
    """After a restart the details read "detected: unresolved · user override", as if the user's override were the
    reason for the detected status; in the session that set it they read "… · latest dated article (…)"."""
    def details(app) -> str:  # the expanded issue's info line, wrapped at 80 columns: joined again
        return " ".join(screen_text(app).split("History")[0].split())

    async with opened(seeds_index) as (app, pilot):
        await pilot.press("3")
        await settle(app, pilot)
        first = app.screen.query_one(IssueList).current_issue()
        basis = first["status_basis"]
        assert basis and basis != "user override"
        await pilot.press("o")
        await settle(app, pilot)
        app.flush_writes()
        await pilot.press("enter")
        await settle(app, pilot)
        in_session = details(app)
        assert f"detected: {first['detected_status']} · {basis}" in in_session
    async with opened(seeds_index) as (app, pilot):
        await pilot.press("3")
        await settle(app, pilot)
        assert app.screen.query_one(IssueList).current_issue()["override"]
        await pilot.press("enter")
        await settle(app, pilot)
        assert details(app) == in_session and "user override" not in details(app).split("detected:")[1]


async def test_checklist_on_an_index_without_issue_mentions(tiny_index):
    async with opened(tiny_index) as (app, pilot):
        await pilot.press("3")
        await settle(app, pilot)
        assert "11 issues" in screen_text(app)
        await pilot.press("space", "o", "a", "escape", "u", "u", "u")
        await settle(app, pilot)
        assert app.is_running
