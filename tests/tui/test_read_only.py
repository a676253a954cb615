"""A data dir the user cannot write — a team's shared index on a read-only mount, a `chmod -R a-w` copy — is
searched, read and listed as usual; ticks, notes, tags, saved searches, catalogs and indexing are refused in one
line each, and nothing at all is written into it (SQLite's write-ahead log wanted its -shm file beside the
database, so every command used to fail there).

Permissions do not bind root, so as root the commands run as `nobody` (setpriv) on a copy `nobody` may read; as
any other user they run as that user. Every wait is for an event (the process's exit, bytes on the terminal).
"""
from __future__ import annotations

import fcntl
import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import termios
from contextlib import contextmanager
from pathlib import Path

import pytest

from newsexplorer.index import Corpus

from .test_exit import GUARD_S, ended
from .test_terminal_restored import read_until

NOBODY = 65534


def as_reader() -> list[str]:
    """The command prefix that runs a process as a user the copy's permissions bind."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: a read-only copy cannot be made to bind")
    prefix = [setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups"]
    if not _nobody_can_run(tuple(prefix)):
        pytest.skip("`nobody` cannot run this checkout's Python (a parent folder is closed to other users)")
    return prefix


@functools.lru_cache(maxsize=None)
def _nobody_can_run(prefix: tuple[str, ...]) -> bool:
    """A checkout under a private folder (/root) cannot be run by another user at all: nothing to test there."""
    probe = subprocess.run([*prefix, sys.executable, "-c", "import newsexplorer.tui.cli"], cwd="/",
                           capture_output=True, timeout=GUARD_S)
    return probe.returncode == 0


@contextmanager
def read_only(source: Path):
    """A copy of the data dir `source` where the reader may look, made read-only: (data dir, the reader's HOME)."""
    scratch = Path(tempfile.mkdtemp(prefix="newsexplorer-ro-"))
    os.chmod(scratch, 0o755)
    home = scratch / "home"  # the reader's own HOME and XDG dirs: writable, and not the data dir
    home.mkdir()
    os.chmod(home, 0o777)
    data = Path(shutil.copytree(source, scratch / "data"))
    for path in [data, *data.rglob("*")]:
        os.chmod(path, 0o555 if path.is_dir() else 0o444)
    try:
        yield data, home
    finally:
        for path in [data, *data.rglob("*")]:
            os.chmod(path, 0o755 if path.is_dir() else 0o644)
        shutil.rmtree(scratch, ignore_errors=True)


@pytest.fixture
def read_only_copy(seeds_index):
    """The seeds' data dir with a tick and a tag in it, read-only: (data dir, HOME, tagged article, ticked issue)."""
    corpus = Corpus.open(seeds_index)
    article = corpus.search("ceasefire", limit=1).hits[0].id
    corpus.userdata.add_tag(article, "follow-up")
    issue = corpus.issue_rollup()[0]["id"]
    corpus.userdata.set_checked(issue, True)
    corpus.close()
    with read_only(seeds_index) as (data, home):
        yield data, home, article, issue


def state(data: Path) -> dict:
    """Every file in the data dir with its size and modification time: what 'nothing written' compares."""
    return {str(p.relative_to(data)): (p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(data.rglob("*"))}


def reader_env(home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "NEWSEXPLORER_"))}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "share"),
               XDG_CACHE_HOME=str(home / "cache"), COLUMNS="120", NO_COLOR="1")
    return env


def run(data: Path, home: Path, *args: str) -> subprocess.CompletedProcess:
    command = [*as_reader(), sys.executable, "-m", "newsexplorer", *args, "--index-dir", str(data)]
    return subprocess.run(command, capture_output=True, text=True, env=reader_env(home), timeout=GUARD_S)


def test_search_read_and_issues_work_and_changes_are_refused_in_one_line(read_only_copy):
    data, home, article, issue = read_only_copy
    before = state(data)

    found = run(data, home, "search", "ceasefire", "--json")
    assert found.returncode == 0, found.stderr
    assert article in [hit["id"] for hit in json.loads(found.stdout)["hits"]]
    shown = run(data, home, "show", article, "--json")
    assert shown.returncode == 0, shown.stderr
    assert json.loads(shown.stdout)["id"] == article
    issues = run(data, home, "issues", "--json")
    assert issues.returncode == 0, issues.stderr
    checked = {i["id"]: i["checked"] for i in json.loads(issues.stdout)["issues"]}
    assert checked[issue] is True  # the owner's tick is read from their newsexplorer.db
    tagged = run(data, home, "search", "tag:follow-up", "--json")
    assert tagged.returncode == 0 and [h["id"] for h in json.loads(tagged.stdout)["hits"]] == [article], tagged.stderr
    for args in (("entities", "--limit", "3"), ("facets",), ("search", "is:new"), ("saved", "list"),
                 ("note", article), ("catalog", "show")):
        done = run(data, home, *args)
        assert done.returncode == 0, (args, done.stderr)

    for args, what in ((("tag", article, "later"), "saving ticks, notes, tags"),
                       (("note", article, "a note"), "saving ticks, notes, tags"),
                       (("saved", "add", "talks", "ceasefire"), "saving ticks, notes, tags"),
                       (("index",), "indexing"),
                       (("catalog", "apply"), "applying a catalog")):
        refused = run(data, home, *args)
        lines = refused.stderr.strip().splitlines()
        assert refused.returncode == 2, (args, refused.stderr)
        assert len(lines) == 1 and "is read-only" in lines[0] and what in lines[0], (args, refused.stderr)
        assert "Traceback" not in refused.stderr and "attempt to write" not in refused.stderr

    assert state(data) == before  # nothing written: no -wal, no -shm, no app.log, no lock file touched


def test_the_app_searches_and_says_a_tick_cannot_be_saved(read_only_copy):
    import pty

    data, home, _article, _issue = read_only_copy
    before = state(data)
    leader, follower = pty.openpty()
    env = {**reader_env(home), "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
    env.pop("NO_COLOR")
    proc = subprocess.Popen([*as_reader(), sys.executable, "-m", "newsexplorer", "--index-dir", str(data)],
                            stdin=follower, stdout=follower, stderr=follower, env=env, start_new_session=True,
                            preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0))  # its controlling terminal
    os.close(follower)
    try:
        shown = read_until(leader, proc, b"newest first", GUARD_S)
        assert b"newest first" in shown, shown[-2000:]
        os.write(leader, b"3")
        shown = read_until(leader, proc, b"1 ticked", GUARD_S)  # the owner's tick, read from their db
        assert b"1 ticked" in shown, shown[-2000:]
        os.write(leader, b" ")
        shown = read_until(leader, proc, b"read-only: saving ticks", GUARD_S)  # the notice (it wraps after this)
        assert b"read-only: saving ticks" in shown, shown[-2000:]
        assert b"2 ticked" not in shown  # the tick was not made on screen either
        os.write(leader, b"1")
        shown = read_until(leader, proc, b"Outlets", GUARD_S)  # the search view drawn again
        assert b"Outlets" in shown, shown[-2000:]
        os.write(leader, b"/ceasefire")
        shown = read_until(leader, proc, b"sort: relevance", GUARD_S)  # the search's results are on screen
        assert b"sort: relevance" in shown, shown[-2000:]
        os.write(leader, b"\x11")  # ctrl+q
        assert ended(proc) == 0
    finally:
        os.close(leader)
        if proc.poll() is None:
            proc.kill()  # this test's own child, by its pid
            proc.wait()
    assert state(data) == before


def test_a_shared_index_without_the_readers_own_data_reads_as_nothing_marked(seeds_index):
    """A team's index may hold no newsexplorer.db at all: the checklist shows nothing ticked, not an error."""
    for name in ("newsexplorer.db", "newsexplorer.db-wal", "newsexplorer.db-shm"):
        (seeds_index / name).unlink(missing_ok=True)
    with read_only(seeds_index) as (data, home):
        before = state(data)
        issues = run(data, home, "issues", "--json")
        assert issues.returncode == 0, issues.stderr
        assert not any(i["checked"] for i in json.loads(issues.stdout)["issues"])
        assert run(data, home, "search", "tag:follow-up").returncode == 0
        refused = run(data, home, "tag", json.loads(issues.stdout)["issues"][0]["articles"][0]["id"], "x")
        assert refused.returncode == 2 and "is read-only" in refused.stderr
        assert state(data) == before
