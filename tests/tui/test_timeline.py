"""The issue timeline on the real engine: one row per outlet, glyphs in time order, disagreements marked, the
keyboard reaching every point and Enter naming the article under the cursor."""
from __future__ import annotations

import os

import pytest
from textual.app import App

from newsexplorer.index import Corpus
from newsexplorer.index.enrich import make_enricher
from newsexplorer.tui.widgets.timeline import Timeline

pytestmark = pytest.mark.anyio  # async tests run on asyncio (anyio_backend in conftest)

STORIES = {
    "a.txt": ("Title: Guarantees still disputed\nSource: North Wire\nDate: 2026-01-05\n\n"
              "Security guarantees for Kyiv remained unresolved after the talks, officials said.\n"),
    "b.txt": ("Title: Breakthrough on guarantees\nSource: South Post\nDate: 2026-01-06\n\n"
              "Negotiators reported progress on security guarantees and said the text was largely finished.\n"),
    "c.txt": ("Title: Guarantees deal signed\nSource: North Wire\nDate: 2026-02-10\n\n"
              "The parties signed the agreement on security guarantees for Ukraine on Tuesday.\n"),
}


@pytest.fixture
def entry(write):
    for name, text in STORIES.items():
        write(name, text)
    corpus, _ = Corpus.build(os.environ["NEWSEXPLORER_HOME"], [write.folder], enrich=make_enricher(None))
    try:
        found = next(e for e in corpus.issue_rollup() if e["id"] == "security-guarantees")
    finally:
        corpus.close()
    assert found["article_count"] == 3
    return found


class Harness(App):
    CSS_PATH = "../../tui/app.tcss"

    def __init__(self, entry):
        super().__init__()
        self.entry, self.selected = entry, []

    def compose(self):
        yield Timeline(self.entry)

    def on_timeline_selected(self, message: Timeline.Selected) -> None:
        self.selected.append(message.article_id)


async def test_rows_per_outlet_and_enter_opens_the_point(entry):
    app = Harness(entry)
    async with app.run_test(size=(80, 24)) as pilot:
        timeline = app.query_one(Timeline)
        timeline.focus()
        await pilot.pause()
        lines = timeline.render().plain.splitlines()
        assert lines[1].startswith("North Wire") and lines[2].startswith("South Post")
        assert "2026-01" in lines[0] and "2026-02" in lines[0]
        assert "▸ 2026-02-10  North Wire" in lines[-1]  # the cursor starts on the latest article
        await pilot.press("left")
        assert "▸ 2026-01-06  South Post" in timeline.render().plain.splitlines()[-1]
        await pilot.press("up")  # North Wire's nearest point in time
        assert timeline.current.date == "2026-01-05" and timeline.current.outlet == "North Wire"
        await pilot.press("enter")
        await pilot.pause()
        by_title = {a["title"]: a["id"] for a in entry["articles"]}
        assert app.selected == [by_title["Guarantees still disputed"]]


async def test_disagreement_is_marked_and_statuses_read_without_colour(entry):
    app = Harness(entry)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = app.query_one(Timeline).render().plain
        if entry["disagreements"]:
            assert "outlets differ" in text and "≠" in text
        statuses = {a["status"] for a in entry["articles"]}
        for status, glyph in (("agreed", "✓"), ("progress", "◐"), ("unresolved", "✗")):
            assert (glyph in text) == (status in statuses)


async def test_an_issue_with_no_dated_article_says_so():
    app = Harness({"articles": [{"id": "x", "source": "A", "date": None, "status": "agreed"}]})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "nothing to place in time" in app.query_one(Timeline).render().plain
