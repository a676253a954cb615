"""Untrusted text in notifications is shown as written, and two windows editing one note never lose either."""
from __future__ import annotations

import pytest

from newsexplorer.index.store.userdata import UserData
from newsexplorer.tui.marks import ChecklistJobs
from newsexplorer.tui.widgets.text import toast

from .conftest import opened, screen_text, settle

pytestmark = pytest.mark.anyio  # async tests run on asyncio (anyio_backend in conftest)


class Recorder:
    def __init__(self):
        self.calls = []

    def notify(self, message, **kwargs):
        self.calls.append((message, kwargs))


def test_toast_never_interprets_markup_or_keeps_line_breaks():
    widget = Recorder()
    toast(widget, "Undone: tick on [@click=app.quit]Ceasefire[/] \x1b[2J\nnewsexplorer: forged", timeout=2)
    message, kwargs = widget.calls[0]
    assert kwargs["markup"] is False and kwargs["timeout"] == 2
    assert "[@click=app.quit]Ceasefire[/]" in message and "\n" not in message and "\x1b" not in message


def test_second_window_saving_a_note_is_told_and_both_versions_kept(tmp_path):
    db = tmp_path / "newsexplorer.db"
    told_a, told_b = [], []
    window_a, window_b = ChecklistJobs(db, told_a.append), ChecklistJobs(db, told_b.append)
    try:
        # both open the editor on an empty note; B saves first, then A
        window_b.save("ceasefire", "note", "from window B", expected=None)
        assert window_b.flush()
        window_a.save("ceasefire", "note", "from window A", expected=None)
        assert window_a.flush()
    finally:
        window_a.close(), window_b.close()
    data = UserData(db)
    try:
        note = data.marks()["ceasefire"]["note"]
    finally:
        data.close()
    assert "from window A" in note and "from window B" in note
    assert told_a and "another window" in told_a[0] and not told_b


def test_editing_ones_own_note_is_no_conflict(tmp_path):
    data = UserData(tmp_path / "newsexplorer.db")
    try:
        assert data.set_note("ceasefire", "first", expected=None) is None
        assert data.set_note("ceasefire", "second", expected="first") is None
        assert data.marks()["ceasefire"]["note"] == "second"
    finally:
        data.close()


async def test_catalog_title_with_markup_is_literal_in_the_checklist_and_its_toasts(tmp_path):
    from newsexplorer.index import Corpus
    from newsexplorer.index.enrich import make_enricher
    from newsexplorer.tui.config import seeds_articles_path

    seeds = seeds_articles_path()
    title = "Security [/] guarantees [@click=app.quit]now[/]"
    catalog = tmp_path / "catalog.toml"
    text = (seeds.parent / "catalog.toml").read_text(encoding="utf-8")
    catalog.write_text(text.replace('title = "Security guarantees for Ukraine"', f'title = "{title}"', 1),
                       encoding="utf-8")
    corpus, _ = Corpus.build(tmp_path / "index", [seeds], enrich=make_enricher(catalog, entities=False))
    corpus.close()

    async with opened(tmp_path / "index", size=(120, 30)) as (app, pilot):
        await pilot.press("3")
        await settle(app, pilot)
        assert "Security [/] guarantees" in screen_text(app)
        await pilot.press("o", "u")  # override, then undo: a toast naming the issue
        await settle(app, pilot)
        assert app.is_running and app.return_code is None
        naming = [n for n in app._notifications if title in n.message]
        assert naming and all(n.markup is False for n in naming)  # "[@click=app.quit]" is not a live link

