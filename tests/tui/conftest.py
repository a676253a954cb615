"""What every TUI test shares: isolated dirs; a tiny hand-written index and the bundled seeds' index, both built by
the real engine once per session (issue detection included; entities from a small gazetteer instead of spaCy, for
speed) and copied for each test, so its newsexplorer.db (ticks, overrides, notes) starts empty; and `opened()`,
the app on such an index with its first list on screen, driven by Pilot.

Tests are `async def`, run by anyio's pytest plugin on asyncio (`pytestmark = pytest.mark.anyio` in the module)::

    async def test_something(seeds_index):
        async with opened(seeds_index) as (app, pilot):
            await pilot.press("3")
            await settle(app, pilot)
"""
from __future__ import annotations

import asyncio
import re
import shutil
import time
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from newsexplorer.index import Corpus
from newsexplorer.index.store.userdata import UserData
from newsexplorer.tui.app import NewsExplorerApp

ARTICLES = {
    "a_geneva.txt": (
        "Title: Geneva talks end with a ceasefire plan\nSource: Reuters\nDate: 2026-02-05\n"
        "URL: https://example.org/geneva\n\n"
        "Negotiators in Geneva agreed a ceasefire plan on Wednesday. Volodymyr Zelensky said the plan was a start.\n\n"
        "NATO officials welcomed the ceasefire. Security guarantees remain unresolved, said Zelensky.\n\n"
        "The ceasefire would begin next week if Moscow agrees.\n"),
    "b_abudhabi.txt": (
        "Title: Talks in Abu Dhabi stall over territory\nSource: AP News\nDate: 2026-01-26\n\n"
        "Talks in Abu Dhabi stalled over territory on Monday. NATO was not at the table.\n\n"
        "Zelensky said territory would not be traded for a ceasefire.\n"),
    "c_markup.txt": (
        "Title: Odd [bold]x[/bold] title [@click=app.quit]quit[/]\nSource: [Blog] Weekly\nDate: 2026-02-10\n\n"
        "Body with markup [bold]x[/bold] and a link [@click=app.quit]click me[/] and a closing [/b] tag.\n\n"
        "An escape \x1b]52;c;aGk=\x07 tried to write the clipboard; \x1b[31mred\x1b[0m too. ceasefire.\n"),
    "d_sanctions.txt": (
        "Title: Sanctions debate in Brussels\nSource: BBC\nDate: 2025-12-01\n\n"
        "European ministers in Brussels debated sanctions on Russian oil. Reconstruction funds were discussed.\n"),
}

NAMES = {"Volodymyr Zelensky": ("PERSON", "Volodymyr Zelensky"), "Zelensky": ("PERSON", "Volodymyr Zelensky"),
         "Zelenskyy": ("PERSON", "Volodymyr Zelensky"), "Witkoff": ("PERSON", "Steve Witkoff"),
         "Putin": ("PERSON", "Vladimir Putin"), "NATO": ("ORG", "NATO"), "Kremlin": ("ORG", "Kremlin"),
         "Bloomberg": ("ORG", "Bloomberg"), "European Union": ("ORG", "European Union"),
         "Geneva": ("GPE", "Geneva"), "Abu Dhabi": ("GPE", "Abu Dhabi"), "Brussels": ("GPE", "Brussels"),
         "Moscow": ("GPE", "Moscow"), "Paris": ("GPE", "Paris"), "Kyiv": ("GPE", "Kyiv"),
         "Ukrainian": ("NORP", "Ukrainian"), "European": ("NORP", "European")}
_NAME_RE = re.compile("|".join(sorted(map(re.escape, NAMES), key=len, reverse=True)))


def gazetteer_entities(articles) -> None:
    """Entities by a fixed gazetteer (no spaCy in the TUI tests)."""
    for article in articles:
        article.entities = [{"start": m.start(), "end": m.end(), "text": m.group(), "label": NAMES[m.group()][0],
                             "canonical": NAMES[m.group()][1]} for m in _NAME_RE.finditer(article.text)]


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    for var, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"), ("XDG_CACHE_HOME", "cache"),
                     ("NEWSEXPLORER_HOME", "home")):
        (tmp_path / sub).mkdir()
        monkeypatch.setenv(var, str(tmp_path / sub))
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    monkeypatch.delenv("NEWSEXPLORER_KEYMAP", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return tmp_path


def write_articles(folder: Path, articles: dict[str, str] = ARTICLES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def real_enrich():
    """The engine's enricher (real issue detection against the bundled catalog) with gazetteer entities."""
    from newsexplorer.index.enrich import make_enricher

    issues = make_enricher(None, entities=False)

    def enrich(articles) -> None:
        gazetteer_entities(articles)
        issues(articles)
    return enrich


@pytest.fixture(scope="session")
def _tiny_built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("tiny")
    src = write_articles(root / "articles")
    corpus, report = Corpus.build(root / "index", [src], enrich=real_enrich())
    assert report.indexed == len(ARTICLES), report
    corpus.close()
    return root / "index"


@pytest.fixture(scope="session")
def _seeds_built(tmp_path_factory) -> Path:
    from newsexplorer.tui.config import seeds_articles_path

    root = tmp_path_factory.mktemp("seeds")
    corpus, report = Corpus.build(root / "index", [seeds_articles_path()], enrich=real_enrich())
    assert report.indexed == 5, report
    corpus.close()
    return root / "index"


@pytest.fixture
def tiny_index(_tiny_built, tmp_path) -> Path:
    """A data dir of its own for this test (copied from one build per session)."""
    return Path(shutil.copytree(_tiny_built, tmp_path / "tiny-index"))


@pytest.fixture
def seeds_index(_seeds_built, tmp_path) -> Path:
    """The five bundled seed articles, indexed with issue detection; a data dir of its own for this test."""
    return Path(shutil.copytree(_seeds_built, tmp_path / "seeds-index"))


# --- driving the app ------------------------------------------------------------------------------------------
@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"  # Textual runs on asyncio


@asynccontextmanager
async def opened(index: Path, size: tuple[int, int] = (80, 24), *, ready: bool = True, **kwargs):
    """The app on `index` at `size` (the real engine and the test's own newsexplorer.db), once the index is open
    and its first list is on screen (`ready=False`: at once): `async with opened(index) as (app, pilot): ...`."""
    app = NewsExplorerApp(index, **kwargs)
    async with app.run_test(size=size) as pilot:
        if ready:
            await settle(app, pilot)
        yield app, pilot


async def settle(app: NewsExplorerApp, pilot) -> None:
    """Let workers finish and their results reach the screen (no sleeps): done once a pass over the app's messages
    finds no worker running and no search waiting for its debounce timer (a worker's result may start another)."""
    quiet = 0
    for _ in range(500):
        await pilot.pause()
        running = [worker for worker in app.workers if not worker.is_finished]
        if not running and not app.search_view.pending:
            if await _drain_checklist(app, pilot):
                quiet = 0
                continue
            quiet += 1
            if quiet == 2:  # twice: a message the last one posted (a worker's end → a notification) is handled too
                return
            continue
        quiet = 0
        # a worker that failed is the app's to report (tests read the status line and app.log): waiting must not
        # raise its WorkerFailed, which it did only when the worker had not yet left the manager (a timing race)
        await asyncio.gather(*(worker.wait() for worker in running), return_exceptions=True)
        if not running:
            await pilot.pause(0.02)  # a debounce timer is due: let it fire
    raise AssertionError(f"the app did not settle: workers {[w.name for w in app.workers if not w.is_finished]}, "
                         f"search pending {app.search_view.pending}")


async def _drain_checklist(app: NewsExplorerApp, pilot) -> bool:
    """Let the checklist thread run every job queued so far (a reload of the rows, a briefing: they hand results
    to the UI, which keeps running meanwhile). True if there was anything to wait for."""
    jobs = getattr(app, "checklist", None)
    if jobs is None or not jobs.pending:
        return False
    assert await jobs.drained(120), "the checklist thread did not finish its jobs"  # a guard against a hang only
    await pilot.pause()
    return True


async def until(pilot, test, what: str, seconds: float = 120.0) -> None:
    """Wait for `test()` to hold, as the app's timers and workers run: `seconds` is only a guard against a hang."""
    deadline = time.monotonic() + seconds
    while not test():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await pilot.pause(0.05)


async def answer(app: NewsExplorerApp, pilot, keys: tuple[str, ...], prompt: type, text: str) -> None:
    """Press `keys`, check they opened the `prompt` dialog (a question or the note editor), type `text` and Enter,
    and wait until what it saved is written."""
    await pilot.press(*keys)
    await pilot.pause()
    assert isinstance(app.screen, prompt), f"{keys} opened {type(app.screen).__name__}, not {prompt.__name__}"
    await pilot.press(*text, "enter")
    await settle(app, pilot)
    assert await app.writes_done()


def screen_text(app: NewsExplorerApp) -> str:
    """What the terminal shows, as plain text (theme-independent): one line per row."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)


def footer_line(app: NewsExplorerApp) -> str:
    return screen_text(app).splitlines()[-1]


def errors(app: NewsExplorerApp) -> list[str]:
    """The error notifications shown so far, oldest first."""
    return [str(n.message) for n in app._notifications if n.severity == "error"]


def marks(home: Path) -> dict:
    """The checklist marks saved in the data dir's newsexplorer.db."""
    with UserData(home) as data:
        return data.marks()
