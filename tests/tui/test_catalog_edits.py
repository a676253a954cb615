"""Issues made in the app: a search becomes an issue (title asked, saved in the data dir's catalog, the checklist
updated in seconds); rename and delete from the checklist; the user's notes stay under the issue id."""
from __future__ import annotations

import pytest

from newsexplorer.index.enrich.catalog_store import installed
from newsexplorer.index.store.userdata import UserData
from newsexplorer.tui.screens.ask import AskScreen
from newsexplorer.tui.widgets.issue_list import IssueList

from .conftest import opened, screen_text, settle, until

pytestmark = pytest.mark.anyio  # async tests run on asyncio (anyio_backend in conftest)


async def wait_for(app, pilot, test) -> None:
    await until(pilot, test, "the catalog edit to show")


def record_notifications(app) -> list[str]:
    """Every notification the app shows, kept (the app's own list drops each after its few seconds on screen)."""
    seen, real = [], app.notify

    def recording(message, *args, **kwargs):
        seen.append(str(message))
        return real(message, *args, **kwargs)
    app.notify = recording
    return seen


async def applied(app, pilot, seen: list[str], done: str) -> None:
    """A catalog edit runs on its own thread (no Textual worker to wait for) and ends with its `done` line; then
    the app follows the commit it made, as its timer does every few seconds."""
    await until(pilot, lambda: any(line.startswith(done) for line in seen), f"the notification {done!r}")
    app.watch_index()
    await settle(app, pilot)


async def test_search_to_issue_then_rename_and_delete(seeds_index):
    async with opened(seeds_index, size=(100, 30)) as (app, pilot):
        seen = record_notifications(app)
        app.search_view.search_for('"security guarantees"')
        await settle(app, pilot)
        app.search_view.query_one("#results").focus()
        await pilot.press("I")
        await pilot.pause()
        assert isinstance(app.screen, AskScreen)
        await pilot.press(*"Guarantee talks", "enter")
        # the catalog is installed before its issues are found again: reading the checklist at once raced the
        # thread that finds them (the new issue had 0 articles in one reading, 4 in the next)
        await applied(app, pilot, seen, "New issue: Guarantee talks")
        await wait_for(app, pilot, lambda: (installed(seeds_index) or {}).get("version") == 1)
        catalog = app.corpus.catalog()
        assert catalog.get("guarantee-talks").query == '"security guarantees"'
        await pilot.press("3")
        await wait_for(app, pilot, lambda: "Guarantee talks" in screen_text(app))
        await pilot.press("L")  # the checklist limited to the search's articles, and back
        await wait_for(app, pilot, lambda: 'only articles matching' in screen_text(app))
        await settle(app, pilot)
        limited = {i["id"]: i["article_count"] for i in app.screen.query_one(IssueList).issues}
        full = {i["id"]: i["article_count"] for i in app.corpus.issue_rollup()}
        inside = app.corpus.matching_ids('"security guarantees"')
        assert all(limited[k] <= full[k] for k in full) and limited == {
            i["id"]: len([a for a in i["articles"] if a["id"] in inside]) for i in app.corpus.issue_rollup()}
        await pilot.press("L")
        await wait_for(app, pilot, lambda: "only articles matching" not in screen_text(app))
        rows = app.screen.query_one(IssueList)
        rows.highlighted = next(i for i in range(rows.option_count)
                                if rows.get_option_at_index(i).id == "issue\x1fguarantee-talks")
        with UserData(seeds_index) as data:
            data.set_note("guarantee-talks", "keep me")
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, AskScreen)
        await pilot.press(*"Guarantee talks (Berlin)", "enter")  # the old title is selected: typing replaces it
        await applied(app, pilot, seen, "Renamed: Guarantee talks (Berlin)")
        await wait_for(app, pilot, lambda: "Guarantee talks (Berlin)" in screen_text(app))
        rows = app.screen.query_one(IssueList)  # the rows were loaded again after the commit: the same issue's row
        rows.highlighted = next(i for i in range(rows.option_count)
                                if rows.get_option_at_index(i).id == "issue\x1fguarantee-talks")
        await pilot.press("D")
        await pilot.pause()
        await pilot.press(*"yes", "enter")
        await applied(app, pilot, seen, "Deleted: Guarantee talks (Berlin)")
        await wait_for(app, pilot, lambda: app.corpus.catalog().get("guarantee-talks") is None)
        with UserData(seeds_index) as data:
            assert data.marks()["guarantee-talks"]["note"] == "keep me"



async def test_the_checklist_shows_the_catalogs_status_words(seeds_index):
    from newsexplorer.index import Corpus

    corpus = Corpus.open(seeds_index)
    text = corpus.catalog().text.replace('gate = "negotiation"',
                                         'gate = "negotiation"\nstatuses = { unresolved = "stuck", progress = "moving" }')
    corpus.apply_catalog(text=text)
    corpus.close()

    async with opened(seeds_index, size=(100, 30)) as (app, pilot):
        await pilot.press("3")
        await wait_for(app, pilot, lambda: "stuck" in screen_text(app))
        assert "moving" in screen_text(app) and "unresolved" not in screen_text(app)



async def test_the_checklist_line_says_issues_are_being_found_again(seeds_index):
    """While an edit is applied (seconds on a big index) the checklist's top line shows how far it is."""
    from newsexplorer.tui.catalog_edit import show_progress

    async with opened(seeds_index, size=(100, 30)) as (app, pilot):
        await pilot.press("3")
        await settle(app, pilot)
        show_progress(app, 1234, 7225)
        await pilot.pause()
        assert "Finding issues again: 1,234/7,225 articles…" in screen_text(app)
