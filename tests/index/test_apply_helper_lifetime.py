"""The apply's helper process never outlives the process that started it: killed with SIGKILL (no clean-up runs),
the apply's process leaves no helper behind waiting for work forever."""
from __future__ import annotations

import os
import select
import subprocess
import sys
from pathlib import Path

import pytest

PEACE = Path(__file__).resolve().parents[2] / "seeds" / "catalog.toml"

# an apply's process, stopped just after its helper started: prints the helper's pid, then waits to be killed
PARENT = """
import sys
from newsexplorer.index.enrich import apply_helper
from newsexplorer.index.enrich.apply import StatusMemo
from newsexplorer.index.enrich.catalog import load_catalog

pool = apply_helper._open(load_catalog(sys.argv[1]), StatusMemo(None))
print(pool.submit(apply_helper._pid).result(), flush=True)
sys.stdin.read()
"""


@pytest.mark.skipif(not hasattr(os, "pidfd_open"), reason="waits for the helper's end with a pidfd (Linux)")
def test_the_helper_ends_when_the_applys_process_is_killed():
    parent = subprocess.Popen([sys.executable, "-c", PARENT, str(PEACE)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        helper = int(parent.stdout.readline())
        ended = os.pidfd_open(helper)  # readable once the helper has ended (whoever reaps it)
    finally:
        parent.kill()
        parent.wait()
    try:
        assert helper != parent.pid
        # the helper's own exit is the event waited for; the timeout is only a guard on a loaded machine
        readable, _, _ = select.select([ended], [], [], 300)
        assert readable, f"the helper (pid {helper}) outlived the apply's process"
    finally:
        os.close(ended)
