"""Errors never vanish: a failure in a worker or in a call_from_thread callback is one line in the app and a
traceback in app.log in the data dir — never a traceback on screen, never silence."""
from __future__ import annotations

import pytest

from newsexplorer.tui.failures import LOG_NAME
from newsexplorer.tui.widgets.results import ResultList

from .conftest import errors, opened, screen_text, settle

pytestmark = pytest.mark.anyio  # async tests run on asyncio (anyio_backend in conftest)


async def test_a_failing_engine_call_in_a_worker_shows_one_line_and_is_logged(tiny_index, monkeypatch):
    async with opened(tiny_index) as (app, pilot):

        def broken(article_id):
            raise RuntimeError("disk on fire\nsecond line")
        monkeypatch.setattr(app.corpus, "article", broken)
        await pilot.press("enter")  # open the highlighted result: the reader's worker calls the engine
        await settle(app, pilot)
        assert app.is_running and app.view == "search", "the user stays where they were"
        lines = errors(app)
        assert len(lines) == 1, lines
        assert lines[0].startswith("opening the article: RuntimeError: disk on fire")
        assert "second line" not in lines[0] and "\n" not in lines[0]
        assert "Traceback" not in screen_text(app)
        assert str(tiny_index / LOG_NAME) in lines[0]
    log = (tiny_index / LOG_NAME).read_text()
    assert "opening the article" in log and "Traceback" in log and "RuntimeError: disk on fire" in log


async def test_a_failing_ui_callback_of_a_worker_is_reported_not_lost(tiny_index, monkeypatch):
    """The search worker hands its rows to the UI with call_from_thread; that callback raising used to end the
    worker silently (its error went to the view, which ignored it) and leave the old rows on screen."""
    async with opened(tiny_index) as (app, pilot):

        def broken(self, rows, keep=None):
            raise ValueError("bad row")
        monkeypatch.setattr(ResultList, "show_rows", broken)
        await pilot.press("slash", *"ceasefire")
        await settle(app, pilot)
        assert app.is_running
        lines = errors(app)
        assert lines and all(line.startswith("search: ValueError: bad row") for line in lines), lines
        assert "Traceback" not in screen_text(app)
    assert "ValueError: bad row" in (tiny_index / LOG_NAME).read_text()


async def test_a_failing_checklist_job_is_reported(seeds_index, monkeypatch):
    async with opened(seeds_index) as (app, pilot):

        def broken(scope=None):
            raise KeyError("status")
        monkeypatch.setattr(app.data, "issues", broken)
        await pilot.press("3")
        await settle(app, pilot)
        assert await app.writes_done()
        await settle(app, pilot)
        assert app.is_running
        assert any(line.startswith("checklist: KeyError: 'status'") for line in errors(app)), errors(app)
    assert "KeyError: 'status'" in (seeds_index / LOG_NAME).read_text()


async def test_an_unwritable_log_still_shows_the_line(tiny_index, monkeypatch):
    async with opened(tiny_index) as (app, pilot):
        monkeypatch.setattr(app.failures, "path", tiny_index / "no-such-dir" / "\0bad")
        app.report_failure(OSError("boom"), "testing")
        await pilot.pause()
        assert errors(app) == ["testing: OSError: boom (not logged)"]
