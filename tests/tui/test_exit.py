"""The app always exits, and keeps what the user did: a hung-up terminal (SSH dropped, tmux session killed) or
SIGTERM while a search or the checklist is loading ends the real process, a tick made just before is in
newsexplorer.db; and a save waiting on a busy database never holds the UI (typing goes on, quitting says it is
saving and waits for it).

Every wait is for an event (bytes on the terminal, the process's exit, the job's end); the timeouts only guard
against a hang.
"""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from newsexplorer.tui.marks import ChecklistJobs

from .conftest import marks, opened, screen_text, settle, until
from .test_terminal_restored import read_until

pytestmark = pytest.mark.anyio  # the Pilot tests run on asyncio (anyio_backend in conftest)

GUARD_S = 120  # a hang's guard only: every wait below ends on its event
# The app, with the pty as its controlling terminal (a session of its own), as a login shell or tmux runs it:
# closing the pty's other end is then a real hangup (SIGHUP, and writes fail with EIO).
TERMINAL = "import fcntl, os, sys, termios; os.setsid(); fcntl.ioctl(0, termios.TIOCSCTTY, 0); "
LAUNCH = TERMINAL + "os.execv(sys.executable, [sys.executable, '-m', 'newsexplorer.tui.cli', '--index-dir', sys.argv[1]])"
LAUNCH_SCRIPT = TERMINAL + "os.execv(sys.executable, [sys.executable, '-c', sys.argv[2], sys.argv[1]])"


def launch(home, **env_changes):
    """The real app on `home` in a pty of 100x30, not waited for; `env_changes` set (or, as None, drop) variables.
    Returns (process, pty fd)."""
    import pty

    leader, follower = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30", **env_changes}
    proc = subprocess.Popen([sys.executable, "-c", LAUNCH, str(home)], stdin=follower, stdout=follower,
                            stderr=follower, env={k: v for k, v in env.items() if v is not None})
    os.close(follower)
    return proc, leader


def start(home):
    """The real app on `home` in a pty, once its article list is on screen; returns (process, pty fd)."""
    proc, leader = launch(home)
    shown = read_until(leader, proc, b"newest first", GUARD_S)
    assert b"newest first" in shown, shown[-2000:]
    return proc, leader


def tick_first_issue(proc, fd) -> None:
    """3, then Space on the first issue: returns once the checklist shows it ticked (the save is queued)."""
    os.write(fd, b"3")
    shown = read_until(fd, proc, b"0 ticked", GUARD_S)
    assert b"0 ticked" in shown, shown[-2000:]
    os.write(fd, b" ")
    shown = read_until(fd, proc, b"1 ticked", GUARD_S)
    assert b"1 ticked" in shown, shown[-2000:]


def ended(proc) -> int:
    try:
        return proc.wait(timeout=GUARD_S)
    except subprocess.TimeoutExpired:
        proc.kill()  # this test's own child, by its pid
        proc.wait()
        raise AssertionError(f"the app was still running {GUARD_S} s after the signal")


def log_of(home) -> str:
    """app.log, for a failing assertion's message."""
    path = home / "app.log"
    return path.read_text(encoding="utf-8")[-3000:] if path.exists() else "(no app.log)"


def ticked(home) -> list[str]:
    return [issue for issue, mark in marks(home).items() if mark.get("checked")]


@pytest.mark.parametrize("then", [b"13", b"1/ceasefire"], ids=["checklist-loading", "search-loading"])
def test_hangup_ends_the_app_and_keeps_the_tick(seeds_index, then):
    proc, fd = start(seeds_index)
    try:
        tick_first_issue(proc, fd)
        os.write(fd, then)  # the checklist reloading (1, 3) or a search running as the terminal goes
    finally:
        os.close(fd)  # the terminal hangs up: SIGHUP, and every write to it fails
    assert ended(proc) == 0  # quit as `q` does (the kernel's default for SIGHUP would be -1)
    assert len(ticked(seeds_index)) == 1, (marks(seeds_index), log_of(seeds_index))


@pytest.mark.parametrize("then", [b"13", b"1/ceasefire"], ids=["checklist-loading", "search-loading"])
def test_sigterm_ends_the_app_and_keeps_the_tick(seeds_index, then):
    proc, fd = start(seeds_index)
    try:
        tick_first_issue(proc, fd)
        os.write(fd, then)
        proc.send_signal(signal.SIGTERM)
        rest = read_until(fd, proc, None, GUARD_S)
        assert ended(proc) == 0
        assert b"\x1b[?1049l" in rest  # the terminal given back
    finally:
        os.close(fd)
    assert len(ticked(seeds_index)) == 1, (marks(seeds_index), log_of(seeds_index))


# --- the UI never waits on a write -------------------------------------------------------------------------------
def hold_the_writes(app) -> threading.Event:
    """What a busy database does to the checklist thread: the next saves wait behind this until it is set."""
    release = threading.Event()
    app.checklist.with_db(lambda db: release.wait(GUARD_S))
    return release


async def test_typing_goes_on_while_a_save_waits(seeds_index):
    async with opened(seeds_index) as (app, pilot):
        await pilot.press("3")
        await settle(app, pilot)
        release = hold_the_writes(app)
        try:
            await pilot.press("space")
            await until(pilot, lambda: "1 ticked" in screen_text(app), "the tick on screen")
            await pilot.press("1", "slash", *"ceasefire")
            await until(pilot, lambda: app.search_view.query_text == "ceasefire" and not app.search_view.pending
                        and not [w for w in app.workers if not w.is_finished], "the search done")
            assert "ceasefire" in screen_text(app)
            assert app.checklist.pending and ticked(seeds_index) == []  # the save still waits, the UI did not
        finally:
            release.set()
        assert await app.writes_done()
        assert len(ticked(seeds_index)) == 1


async def test_quitting_waits_for_a_save_and_says_so(seeds_index):
    async with opened(seeds_index) as (app, pilot):
        await pilot.press("3")
        await settle(app, pilot)
        release = hold_the_writes(app)
        try:
            await pilot.press("space", "ctrl+q")
            await until(pilot, lambda: any("Saving your changes" in str(n.message) for n in app._notifications),
                        "the saving notice")
            await pilot.press("1")  # still answering keys
            await until(pilot, lambda: app.view == "search", "the search view")
            assert app.return_code is None  # not quit yet: the save waits
        finally:
            release.set()
        await until(pilot, lambda: app.return_code is not None, "the app to quit")
    assert len(ticked(seeds_index)) == 1


def test_closing_writes_what_is_queued_and_skips_reads(tmp_path):
    """The exit path's promise in one place: a close runs every queued write, drops the queued reads (the app is
    going), and `pending` / `drained()` are how callers wait (no private queue)."""
    release = threading.Event()
    jobs = ChecklistJobs(tmp_path / "newsexplorer.db", on_error=lambda line: None)
    read = []
    jobs.call(lambda: release.wait(GUARD_S))
    jobs.save("issue-a", "checked", True)
    jobs.with_db(lambda db: read.append("read"), writes=False)
    jobs.call(lambda: read.append("reload"))
    jobs.with_db(lambda db: db.add_tag("article-1", "follow-up"))
    assert jobs.pending == 5
    assert not jobs.close(timeout=None)  # asked to stop; still blocked
    release.set()
    assert jobs.wait_closed(GUARD_S)
    assert read == [] and jobs.pending == 0
    assert marks(tmp_path)["issue-a"]["checked"] is True
    from newsexplorer.index.store.userdata import UserData

    with UserData(tmp_path) as data:
        assert data.tags("article-1") == ["follow-up"]


STUCK = ("import pathlib, sys, threading\n"
         "from newsexplorer.index import Corpus\n"
         "def stuck(*args, **kwargs):  # a worker Python cannot stop, as a restore of a large index is\n"
         "    (pathlib.Path(sys.argv[1]) / 'stuck').write_text('opening')  # the test waits for this\n"
         "    threading.Event().wait()\n"
         "Corpus.open = stuck\n"
         "from newsexplorer.tui.app import run_app\n"
         "sys.exit(run_app(sys.argv[1]))\n")


@pytest.mark.parametrize("how", ["hangup", "sigterm"])
def test_the_app_ends_whatever_a_worker_is_doing(seeds_index, how):
    """A worker that never returns (asyncio and the interpreter would wait for it forever): quitting still ends
    the process, and app.log names what held it."""
    import pty

    leader, follower = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
    proc = subprocess.Popen([sys.executable, "-c", LAUNCH_SCRIPT, str(seeds_index), STUCK], stdin=follower,
                            stdout=follower, stderr=follower, env=env)
    os.close(follower)
    try:
        shown = read_until(leader, proc, b"Opening the index", GUARD_S)  # painted
        assert b"Opening the index" in shown, shown[-2000:]
        stuck = seeds_index / "stuck"
        deadline = time.monotonic() + GUARD_S
        while not stuck.exists():  # the worker has begun to open the index, and will never return
            assert time.monotonic() < deadline and proc.poll() is None, "the worker never started"
            read_until(leader, proc, None, 0.05)  # keep the terminal drained meanwhile
        if how == "sigterm":
            proc.send_signal(signal.SIGTERM)
    finally:
        if how == "hangup":
            os.close(leader)
    assert ended(proc) == 0
    if how == "sigterm":
        os.close(leader)
    log = (seeds_index / "app.log").read_text(encoding="utf-8")
    assert "exit forced" in log and "worker 'opening the index'" in log


@pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning")  # the writer dies: expected
async def test_a_terminal_that_went_never_blocks_a_write():
    """Textual's writer thread dies on the first write to a hung-up terminal (EIO); its queue holds 30 writes and
    then blocked the event loop forever. Here writes after that are dropped, and closing returns."""
    from textual.app import App
    from textual.drivers._writer_thread import WriterThread

    from newsexplorer.tui.terminal_driver import HangupSafeDriver

    class HungUp:
        def write(self, text):
            raise OSError(5, "Input/output error")

        def flush(self):
            raise OSError(5, "Input/output error")

    driver = HangupSafeDriver(App(), debug=False, mouse=True)
    driver._writer_thread = writer = WriterThread(HungUp())
    writer.start()

    def draw() -> None:
        for i in range(100):  # frames after the hangup, then what quitting writes
            driver.write(f"frame {i}")
        driver.close()
    drawing = threading.Thread(target=draw, daemon=True)
    drawing.start()
    drawing.join(GUARD_S)
    assert not drawing.is_alive(), "a write or the close blocked on the dead writer thread"
