"""Progress: one bar for a whole index run that moves while articles are enriched; the app says why it waits."""
from __future__ import annotations

import io
import threading

import pytest

from rich.console import Console

from newsexplorer.index import Corpus
from newsexplorer.index.datadir import WriterLock
from newsexplorer.tui.progress import RunBar

from .conftest import opened, screen_text, settle, until, write_articles

pytestmark = pytest.mark.anyio  # async tests run on asyncio (anyio_backend in conftest)


def test_one_bar_moves_through_enrichment_and_ends_full(tmp_path):
    words = "envoys ministers generals mayors delegates observers monitors lawyers bankers farmers".split()
    places = "Geneva Vienna Riyadh Istanbul Oslo Doha Minsk Warsaw Rome Paris Berlin".split()
    folder = write_articles(tmp_path / "a", {
        f"n{i}.txt": f"Title: Talks, day {i}\nSource: Wire\nDate: 2026-01-{1 + i % 28:02d}\n\n"
                     f"{words[i % 10].capitalize()} from {places[i % 11]} met {words[(i // 10) % 10]} from "
                     f"{places[(i // 3) % 11]} on day {i} to discuss item {i * 7} of the plan.\n"
        for i in range(40)})
    seen = []

    class Recording(RunBar):
        def update(self, stage, done, total):
            super().update(stage, done, total)
            seen.append((stage, self.completed(), self.files_total, self.describe()))

    def slow_enrich(articles):  # what spaCy does, one chunk at a time
        for a in articles:
            a.entities = []

    with Recording(Console(file=io.StringIO()), enabled=False) as bar:
        Corpus.build(tmp_path / "home", [folder], enrich=slow_enrich, progress=bar.update)[0].close()
    enrich_points = [c for stage, c, *_ in seen if stage == "enrich"]
    assert len(enrich_points) > 3, "the bar moves during enrichment, not once per batch"
    assert enrich_points == sorted(enrich_points) and enrich_points[-1] > enrich_points[0]
    completed = [c for _, c, *_ in seen]
    assert completed == sorted(completed), "never goes backwards"
    last = seen[-1]
    assert last[1] == last[2] == 40
    assert "read 40/40 files" in last[3] and "enriched 40/40" in last[3] and "committed 40" in last[3]


async def test_app_says_another_index_run_holds_the_lock_while_it_waits(tiny_index, monkeypatch):
    release = threading.Event()
    real_open = Corpus.open

    def blocked_open(*args, **kwargs):  # as when the writer's commit keeps the index busy
        release.wait(300)  # the test sets it once it has read the notice (and in its finally)
        return real_open(*args, **kwargs)

    monkeypatch.setattr(Corpus, "open", blocked_open)

    lock = WriterLock(tiny_index)
    lock.acquire(wait=0)
    lock.fh.seek(0)
    lock.fh.truncate()
    lock.fh.write("4242")  # as if another process held it (this one's own lock is not "another run")
    lock.fh.flush()
    try:
        async with opened(tiny_index, ready=False) as (app, pilot):  # the index is still opening
            # the app checks the lock on a timer once it has painted: wait for that, however busy the machine
            await until(pilot, lambda: "Another newsexplorer index run" in screen_text(app), "the lock notice")
            text = screen_text(app)
            assert "Another newsexplorer index run (pid 4242)" in text and "waiting" in text
            lock.release()
            release.set()
            await settle(app, pilot)
            assert "Another newsexplorer index run" not in screen_text(app)
            assert len(app.search_view.hits) == 4
    finally:
        lock.release()
        release.set()
