"""The issue checklist against a corpus that has the coming issue API (issue_rollup + userdata)."""
from __future__ import annotations

import asyncio

from newsexplorer.index import Corpus
from newsexplorer.tui.app import NewsExplorerApp
from newsexplorer.tui.views.issues import IssuesView
from newsexplorer.tui.screens.note import NoteScreen
from newsexplorer.tui.widgets.article_view import ArticleView
from newsexplorer.tui.widgets.issue_list import IssueList

from .conftest import IssueCorpus
from .helpers import screen_text, settle


def test_checklist_tick_override_note_expand_open(tiny_index):
    async def go():
        corpus = IssueCorpus(Corpus.open(tiny_index))
        app = NewsExplorerApp(tiny_index, corpus=corpus)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(app, pilot)
            await pilot.press("escape", "enter")  # read an article first
            await settle(app, pilot)
            assert app.view == "reader"
            await pilot.press("3")
            await settle(app, pilot)
            assert app.view == "issues"
            text = screen_text(app)
            assert "3 issues" in text
            assert "✓ [ ] Ceasefire" in text and "agreed" in text
            assert "✗ [ ] Territory" in text and "◐ [ ] Security guarantees" in text
            issues = app.screen.query_one(IssueList)
            assert issues.highlighted == 0

            await pilot.press("space")  # tick
            await settle(app, pilot)
            assert corpus.userdata.marks["ceasefire"]["checked"] is True
            assert "✓ [x] Ceasefire" in screen_text(app)

            await pilot.press("o")  # none → agreed (override)
            await settle(app, pilot)
            assert corpus.userdata.marks["ceasefire"]["override"] == "agreed"
            await pilot.press("o")  # → progress
            await settle(app, pilot)
            assert corpus.userdata.marks["ceasefire"]["override"] == "progress"
            assert "◐ [x] Ceasefire" in screen_text(app) and "progress*" in screen_text(app)

            await pilot.press("a")  # note
            await pilot.pause()
            assert isinstance(app.screen, NoteScreen)
            await pilot.press(*"watch [b]this[/b]", "enter")
            await settle(app, pilot)
            assert corpus.userdata.marks["ceasefire"]["note"] == "watch [b]this[/b]"
            assert "✎ watch [b]this[/b]" in screen_text(app)

            await pilot.press("enter")  # expand: history + evidence
            await settle(app, pilot)
            text = screen_text(app)
            assert "History" in text and "Evidence" in text
            assert "NATO officials welcomed the ceasefire." in text
            ev_rows = [i for i in range(issues.option_count)
                       if (issues.get_option_at_index(i).id or "").startswith("ev\x1f")]
            issues.highlighted = ev_rows[0]
            await pilot.press("enter")  # open the article at that sentence
            await settle(app, pilot)
            assert app.view == "reader"
            view = app.screen.query_one(ArticleView)
            assert view.current is not None
            assert view.text[view.current.start:view.current.end] == "NATO officials welcomed the ceasefire."
            assert view.current.kind == "evidence"

            await pilot.press("q")  # back to the checklist (the reader was visited before it), state kept
            await settle(app, pilot)
            assert app.view == "issues"
            await pilot.press("q")  # then home
            await pilot.pause()
            assert app.view == "search"
            await pilot.press("3", "1")
            await pilot.pause()
            assert app.view == "search"
            await pilot.press("q")  # home again: q quits
            await pilot.pause()
        assert app.return_code == 0
    asyncio.run(go())


def test_checklist_on_a_real_index_lists_the_catalog(tiny_index):
    async def go():
        app = NewsExplorerApp(tiny_index)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(app, pilot)
            await pilot.press("escape", "3")
            await settle(app, pilot)
            assert "11 issues" in screen_text(app)
            await pilot.press("space", "o", "a")  # nothing to act on: no crash
            await pilot.pause()
            assert app.is_running
    asyncio.run(go())
