"""Quitting the app while a catalog edit is being applied with the helper process (index/enrich/apply_helper.py):
the helper does not outlive the app (the exit watchdog `os._exit`s the app 3 s after quitting starts), and the
data dir keeps a catalog whose detections are the stored ones — the previous catalog, or the new one complete.

Real processes in a pty; every wait is for an event (bytes on the terminal, a process appearing or ending), the
timeouts only guard against a hang.
"""
from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from newsexplorer.index import Corpus
from newsexplorer.index.enrich import catalog_store
from newsexplorer.index.enrich.apply import DIGEST_KEY
from newsexplorer.index.enrich.apply_helper import ENV_SWITCH, MIN_ARTICLES

from .test_exit import GUARD_S, LAUNCH, ended
from .test_terminal_restored import read_until

SUBJECTS = ("ceasefire", "security guarantees", "sanctions relief", "prisoner exchange", "territorial control",
            "reconstruction funds", "NATO membership", "elections")
VERBS = ("stalled over", "made progress on", "agreed on", "remained divided over", "narrowed gaps on",
         "rejected proposals on")


def big_index(root: Path) -> Path:
    """An index big enough for the apply to take a helper, without entities or issues yet (so the apply that
    follows parses every sentence it finds)."""
    rnd = random.Random(7)
    records = root / "talks.jsonl"
    with records.open("w", encoding="utf-8") as out:
        for i in range(MIN_ARTICLES + 100):
            text = " ".join(f"Negotiators {rnd.choice(VERBS)} the {s} in round {i}, officials said."
                            for s in rnd.sample(SUBJECTS, 3))
            out.write(json.dumps({"title": f"Talks round {i}", "source": f"Wire {i % 7}",
                                  "date": f"2026-01-{1 + i % 28:02d}", "text": text}) + "\n")
    corpus, report = Corpus.build(root / "home", [records])
    assert report.indexed == MIN_ARTICLES + 100, report
    corpus.close()
    return root / "home"


def helper_of(pid: int) -> int | None:
    """The apply helper among `pid`'s children (a spawned multiprocessing worker), or None."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if f"\nPPid:\t{pid}\n" in status and b"spawn_main" in cmdline:
            return int(entry.name)
    return None


def running(pid: int) -> bool:
    """Alive and not a zombie (an orphan's zombie waits for whoever reaps in this container)."""
    try:
        state = next(line for line in Path(f"/proc/{pid}/status").read_text().splitlines() if line.startswith("State:"))
    except (OSError, StopIteration):
        return False
    return "Z" not in state.split()[1]


def wait_for(test, what: str, seconds: float = GUARD_S):
    deadline = time.monotonic() + seconds
    while (value := test()) in (None, False):
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)
    return value


def read_until_match(fd: int, proc, pattern: bytes) -> bytes:
    """The terminal's bytes until `pattern` (a regex) shows in them, or the guard passes."""
    shown = b""
    deadline = time.monotonic() + GUARD_S
    while not re.search(pattern, shown) and time.monotonic() < deadline and proc.poll() is None:
        shown += read_until(fd, proc, None, 0.2)
    return shown


# A shell's part: the session leader of the terminal starts the app and stays after it (were the app the leader,
# its end would hang the terminal up and SIGHUP its helper with it, which hides what a user's shell does not).
SHELL = ("import fcntl, os, subprocess, sys, termios\n"
         "os.setsid(); fcntl.ioctl(0, termios.TIOCSCTTY, 0)\n"
         "app = subprocess.Popen([sys.executable, '-m', 'newsexplorer.tui.cli', '--index-dir', sys.argv[1]])\n"
         "open(sys.argv[2], 'w').write(str(app.pid))\n"
         "app.wait()\n"
         "sys.stdin.read()  # as a shell waits at its prompt, until the terminal goes\n")


def test_quitting_during_an_apply_ends_the_helper_and_keeps_a_whole_catalog(tmp_path):
    import pty

    home = big_index(tmp_path)
    pid_file = tmp_path / "app.pid"
    leader, follower = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30", ENV_SWITCH: "1"}
    shell = subprocess.Popen([sys.executable, "-c", SHELL, str(home), str(pid_file)], stdin=follower,
                             stdout=follower, stderr=follower, env=env)
    os.close(follower)
    app = helper = None
    try:
        shown = read_until(leader, shell, b"newest first", GUARD_S)
        assert b"newest first" in shown, shown[-2000:]
        app = int(pid_file.read_text())  # written before the app could paint
        os.write(leader, b"3")
        shown = read_until(leader, shell, b"0 ticked", GUARD_S)
        assert b"0 ticked" in shown, shown[-2000:]
        os.write(leader, b"r")
        shown = read_until(leader, shell, b"Rename issue", GUARD_S)
        assert b"Rename issue" in shown, shown[-2000:]
        os.write(leader, b"Renamed by the test\r")  # the edit is applied: every article's issues found again
        helper = wait_for(lambda: helper_of(app), "the apply's helper process")
        shown = read_until_match(leader, shell, rb"again: [1-9][0-9,]*/")  # chunks done: the helper is at work
        assert re.search(rb"again: [1-9][0-9,]*/", shown), shown[-2000:]
        os.write(leader, b"\x11")  # ctrl+q, the apply still running
        wait_for(lambda: not running(app), "the app to end")
        wait_for(lambda: not running(helper), "the helper to end with the app")
    finally:
        os.close(leader)  # the terminal goes: the shell's part ends
        for pid in (app, helper):  # this test's own processes, by their ids, if a check above failed
            if pid is not None and running(pid):
                os.kill(pid, signal.SIGKILL)
        ended(shell)

    # the catalog in force is the one the stored detections were made with: the previous one, or the new one whole
    record = catalog_store.installed(home)
    corpus = Corpus.open(home)
    try:
        assert (record or {}).get("digest") == corpus.store.get_meta(DIGEST_KEY), (record, "half an apply")
        titles = [issue["title"] for issue in corpus.issues_document()["issues"]]
        assert ("Renamed by the test" in titles) == (record is not None)
    finally:
        corpus.close()
