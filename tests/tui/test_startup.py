"""Startup: first run builds the seeds with a progress bar; damaged or empty indexes explain themselves; keymap."""
from __future__ import annotations

import pytest

from newsexplorer.index import Corpus
from newsexplorer.tui import app as app_module
from newsexplorer.tui.app import NewsExplorerApp
from newsexplorer.tui.widgets.results import ResultList

from .conftest import ARTICLES, opened, screen_text, settle, write_articles

pytestmark = pytest.mark.anyio  # async tests run on asyncio (anyio_backend in conftest)



async def test_first_run_builds_the_seeds_then_opens(tmp_path, monkeypatch):
    seeds = write_articles(tmp_path / "seeds", {k: ARTICLES[k] for k in ("a_geneva.txt", "d_sanctions.txt")})
    monkeypatch.setattr(app_module, "seeds_articles_path", lambda: seeds)
    monkeypatch.setattr(NewsExplorerApp, "_enricher", staticmethod(lambda: None))
    seen = []
    real = app_module.SearchView.show_progress

    def spy(self, stage, done, total):
        seen.append((stage, done, total))
        real(self, stage, done, total)

    monkeypatch.setattr(app_module.SearchView, "show_progress", spy)

    async with opened(tmp_path / "home") as (app, pilot):
        assert seen, "a progress bar was shown while building"
        assert len(app.search_view.hits) == 2, screen_text(app)
        assert "2 articles" in screen_text(app)
    assert (tmp_path / "home" / "articles.db").exists()


async def test_damaged_index_says_how_to_rebuild(tmp_path):
    home = tmp_path / "home"
    (home / "articles.db").write_bytes(b"this is not sqlite")

    async with opened(home) as (app, pilot):
        text = " ".join(screen_text(app).split())
        assert "newsexplorer index --rebuild" in text
        assert app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


async def test_a_data_dir_on_a_read_only_mount_gets_no_rebuild_advice(tiny_index, monkeypatch):
    """On a read-only mount the app explained it, then advised `index --rebuild`, which fails the same way. (The
    mount is what os.statvfs reports and the store's open failing as SQLite fails there: mounting needs privileges.)"""
    import os
    import sqlite3

    from newsexplorer.index.store.articles import ArticleStore

    real_statvfs = os.statvfs

    class ReadOnly:
        def __init__(self, result):
            self.f_flag = result.f_flag | os.ST_RDONLY

    monkeypatch.setattr("newsexplorer.index.store.health.os.statvfs",
                        lambda p: ReadOnly(real_statvfs(p)) if os.fspath(p) == os.fspath(tiny_index) else real_statvfs(p))

    def unopenable(self):
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(ArticleStore, "count", unopenable)
    async with opened(tiny_index) as (app, pilot):
        text = " ".join(screen_text(app).split())
        assert "is on a read-only file system" in text and "--index-dir" in text
        assert "--rebuild" not in text and app.is_running


async def test_empty_index_says_how_to_add_articles(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    Corpus.build(tmp_path / "home", [empty])[0].close()

    async with opened(tmp_path / "home") as (app, pilot):
        assert "newsexplorer index PATH" in screen_text(app)


async def test_keymap_toml_remaps_and_help_shows_it(tiny_index, isolated):
    keymap = isolated / "config" / "newsexplorer" / "keymap.toml"
    keymap.parent.mkdir(parents=True)
    keymap.write_text('"results.down" = "ctrl+n"\n"no.such.binding" = "x"\n"app.help" = "f1"\n')

    async with opened(tiny_index) as (app, pilot):
        assert app.keymap == {"results.down": "ctrl+n", "app.help": "f1"}
        results = app.screen.query_one(ResultList)
        results.focus()
        await pilot.press("ctrl+n")
        await pilot.pause()
        assert results.highlighted == 1
        await pilot.press("f1")
        await pilot.pause()
        help_text = str(app.screen.query_one("#help-text").render())
        assert "ctrl+n" in help_text and "f1" in help_text


async def test_broken_keymap_is_a_warning_not_a_crash(tiny_index, isolated):
    keymap = isolated / "config" / "newsexplorer" / "keymap.toml"
    keymap.parent.mkdir(parents=True)
    keymap.write_text("this is = = not toml [")

    async with opened(tiny_index) as (app, pilot):
        assert app.is_running and app.keymap == {}


async def test_no_color_keeps_non_colour_cues(tiny_index, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")

    async with opened(tiny_index) as (app, pilot):
        assert app.no_color
        geneva = next(h for h in app.search_view.hits if h.title.startswith("Geneva"))
        app.open_article(geneva.id)
        await settle(app, pilot)
        view = app.reader_view.query_one("ArticleView")
        styles = {k: view._style(k) for k in ("person", "org", "place", "match", "current")}
        assert styles["person"].bold and styles["org"].underline
        assert styles["place"].bold and styles["place"].underline and not styles["place"].italic
        assert styles["match"].reverse


async def test_articles_indexed_by_another_run_appear_while_the_app_is_open(tmp_path):
    first = write_articles(tmp_path / "first", {"a_geneva.txt": ARTICLES["a_geneva.txt"]})
    later = write_articles(tmp_path / "later", {"d_sanctions.txt": ARTICLES["d_sanctions.txt"]})
    Corpus.build(tmp_path / "home", [first])[0].close()

    async with opened(tmp_path / "home") as (app, pilot):
        assert len(app.search_view.hits) == 1
        app.watch_index()  # nothing changed yet: nothing happens
        await settle(app, pilot)
        assert len(app.search_view.hits) == 1 and not app._notifications
        Corpus.build(tmp_path / "home", [later])[0].close()  # as `newsexplorer index` in another terminal
        app.watch_index()  # what the app's timer runs every few seconds
        await settle(app, pilot)
        assert {h.title for h in app.search_view.hits} == {
            "Geneva talks end with a ceasefire plan", "Sanctions debate in Brussels"}
        assert "2 articles" in screen_text(app)
        assert any("+1 article" in n.message for n in app._notifications)
        await pilot.press("slash", *"brussels")
        await settle(app, pilot)
        assert app.search_view.total == 1, "searches see the new article too"


async def test_a_deleted_search_index_is_restored_and_the_user_told(tmp_path):
    import shutil

    folder = write_articles(tmp_path / "a", {k: ARTICLES[k] for k in ("a_geneva.txt", "d_sanctions.txt")})
    Corpus.build(tmp_path / "home", [folder])[0].close()
    for whoosh_dir in (tmp_path / "home").glob("whoosh-*"):
        shutil.rmtree(whoosh_dir)

    async with opened(tmp_path / "home") as (app, pilot):
        assert len(app.search_view.hits) == 2, screen_text(app)
        assert any("from the article store (2 articles): done" in n.message for n in app._notifications)
        await pilot.press("slash", *"brussels")
        await settle(app, pilot)
        assert app.search_view.total == 1


# --- the first paint loads only what it shows -------------------------------------------------------------
FIRST_PAINT_PROBE = """
import json, sys
from newsexplorer.tui.cli import main  # the console script's entry point
from newsexplorer.tui.app import NewsExplorerApp

app = NewsExplorerApp(sys.argv[1], build_seeds=False)
seen = {}

async def painted():  # replaces the hook that runs once the first screen is on the terminal
    seen["modules"] = sorted(sys.modules)
    seen["views"] = [view.id for view in app.main_screen.query("#views > *")]
    app.exit()

app._painted = painted
app.run(headless=True, size=(80, 24))
print(json.dumps(seen))
"""
# what the first screen must not wait for: the engine's search and enrichment stack, the stores, the other views
DEFERRED = ("whoosh", "numpy", "spacy", "dask", "distributed", "sqlite3", "textual_serve", "plotext", "trafilatura",
            "newsexplorer.index.corpus", "newsexplorer.index.store", "newsexplorer.index.enrich",
            "newsexplorer.tui.views.reader", "newsexplorer.tui.views.issues", "newsexplorer.tui.data",
            "newsexplorer.tui.marks", "newsexplorer.tui.widgets.article_view", "newsexplorer.tui.widgets.timeline")


def loaded(modules: list[str], prefix: str) -> bool:
    return any(m == prefix or m.startswith(prefix + ".") for m in modules)


def test_the_first_paint_loads_neither_the_engine_nor_the_other_views(tiny_index):
    import json
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", FIRST_PAINT_PROBE, str(tiny_index)], capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert [m for m in DEFERRED if loaded(seen["modules"], m)] == []
    assert seen["views"] == ["search"], "only the view on screen is composed for the first paint"


def test_help_loads_no_terminal_app_and_no_engine():
    import subprocess
    import sys

    probe = ("import sys\nfrom newsexplorer.tui.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n"
             "    pass\nprint(sorted(m.split('.')[0] for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=300)
    assert "Explore a corpus of news articles" in out.stdout
    top = out.stdout.strip().splitlines()[-1]
    for heavy in ("'textual'", "'whoosh'", "'numpy'", "'spacy'", "'dask'"):
        assert heavy not in top


async def test_the_other_views_are_there_once_the_index_is_open(tiny_index):
    async with opened(tiny_index) as (app, pilot):
        assert [v.id for v in app.main_screen.query("#views > *")] == ["search", "reader", "issues"]
        assert [v.id for v in app.main_screen.query("#views > *") if v.display] == ["search"]
        await pilot.press("2")
        await pilot.pause()
        assert "No article open" in screen_text(app)


async def test_the_query_box_hint_is_whole_at_80_columns(tiny_index):
    """At 80×24 the hint ended "date:[2026-01-01 to 2026-02-01": its closing bracket was cut off."""
    async with opened(tiny_index, (80, 24)) as (app, pilot):
        first_line = screen_text(app).splitlines()[0].rstrip()
        assert first_line.startswith(' / words, "phrase"') and "date:[" in first_line and first_line.endswith("]")


async def test_a_query_error_is_read_whole_at_80_columns(tiny_index):
    """The error for `date:>garbage` was cut after "(use e.g. date:2026-01-07 or": the status line is one row."""
    async with opened(tiny_index, (80, 24)) as (app, pilot):
        await pilot.press("slash", *"ceasefire date:>garbage")
        await settle(app, pilot)
        shown = " ".join(screen_text(app).split())
        assert "cannot read the date in 'ceasefire date:>garbage' (use e.g. date:2026-01-07 or " \
               "date:[2026-01-01 to 2026-02-01])" in shown
        await pilot.press("ctrl+u", *"ceasefire")  # a good query: the status line is one row again
        await settle(app, pilot)
        assert app.screen.query_one("#status").size.height == 1
