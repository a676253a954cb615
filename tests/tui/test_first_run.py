"""Quitting during the first-run build of the bundled seeds: the next start finishes the build itself, saying so
in one line, instead of opening an empty (or "needs a rebuild") index.

Real processes in a pty (the installed entry point's module, the real seeds, the real language model); every
wait is for bytes on the terminal or the process's exit, the timeouts only guard against a hang.
"""
from __future__ import annotations

import os

from newsexplorer.index import Corpus
from newsexplorer.index.datadir import BUILD_MARKER, unfinished_build
from newsexplorer.tui.config import seeds_articles_path

from .test_exit import GUARD_S, ended, launch
from .test_terminal_restored import read_until


def test_quitting_during_the_first_build_is_finished_by_the_next_start(tmp_path):
    home = tmp_path / "home"  # no data dir yet: the first run builds the bundled seeds
    proc, fd = launch(home)
    try:
        # the build has read the seeds and is loading the language model to enrich them: nothing committed yet
        shown = read_until(fd, proc, b"loading the language model", GUARD_S)
        assert b"loading the language model" in shown, shown[-2000:]
        os.write(fd, b"q")
        assert ended(proc) == 0
    finally:
        os.close(fd)
    assert unfinished_build(home) == [str(seeds_articles_path().resolve())]  # the quit cut the build short

    proc, fd = launch(home)
    try:
        shown = read_until(fd, proc, b"newest first", GUARD_S)
        assert b"First run, continued" in shown, shown[-3000:]  # the one line saying so
        assert b"newest first" in shown and b"rebuild" not in shown, shown[-3000:]
        os.write(fd, b"\x11")  # ctrl+q
        assert ended(proc) == 0
    finally:
        os.close(fd)
    assert not (home / BUILD_MARKER).exists()
    corpus = Corpus.open(home)
    try:
        assert corpus.count() == len([p for p in seeds_articles_path().iterdir() if p.suffix == ".txt"])
        assert corpus.search("ceasefire").total > 0
    finally:
        corpus.close()
