"""SIGTERM to the app gives the terminal back (alternate screen left, mouse reporting off), like quitting does."""
from __future__ import annotations

import os
import pty
import select
import signal
import subprocess
import sys
import time

from click.testing import CliRunner

from newsexplorer.tui.cli import main

GOOD = "Title: Good {0}\n\nNegotiators said the {0} talks would resume in Geneva next week, officials added.\n"


def read_until(fd: int, proc: subprocess.Popen, want: bytes | None, seconds: float) -> bytes:
    out = b""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
            if want is not None and want in out:
                break
        elif proc.poll() is not None and want is None:
            break
    return out


def test_sigterm_restores_the_terminal(tmp_path, write):
    write("a.txt", GOOD.format("zqterminal"))
    data = tmp_path / "data"
    CliRunner().invoke(main, ["index", "--no-enrich", "--index-dir", str(data), str(write.folder)],
                       catch_exceptions=False)
    leader, follower = pty.openpty()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
    proc = subprocess.Popen([sys.executable, "-m", "newsexplorer.tui.cli", "--index-dir", str(data)],
                            stdin=follower, stdout=follower, stderr=follower, env=env, start_new_session=True)
    os.close(follower)
    try:
        # the article's title on screen: the app took the alternate screen, and it is past on_mount, where it
        # installs its SIGTERM handler (a fixed sleep here was too short on a busy machine)
        started = read_until(leader, proc, b"zqterminal", 120)
        assert b"\x1b[?1049h" in started and b"zqterminal" in started, started[-2000:]
        proc.send_signal(signal.SIGTERM)
        rest = read_until(leader, proc, None, 120)
        proc.wait(timeout=120)
        assert b"\x1b[?1049l" in rest  # and gave it back
        assert b"\x1b[?1000l" in rest  # mouse reporting off
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(leader)
