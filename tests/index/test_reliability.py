"""Nothing indexed or written by the user is lost: damaged indexes, killed and concurrent index runs."""
from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsexplorer.index import Corpus, IndexUnavailable
from newsexplorer.index.datadir import ARTICLES_DB, USER_DB, WriterLock
from newsexplorer.index.indexer import BATCH_ENV
from newsexplorer.index.store.health import damaged_databases
from newsexplorer.index.store.search_index import INDEX_DIRNAME
from newsexplorer.tui.cli import main

WORDS = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa".split()


def token(i: int) -> str:
    """A word unique to article i, letters only (digits are folded when lines are compared for boilerplate)."""
    return "zq" + "".join(WORDS[int(d)][:3] for d in f"{i:03d}")


def articles(folder: Path, n: int) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"a{i:03d}.txt").write_text(
            f"Title: Report {token(i)}\n\nNegotiators said the {token(i)} talks would resume in Geneva next week, "
            f"and officials described the meeting as long but useful.\n")
    return [token(i) for i in range(n)]


def state(data: Path) -> tuple[list[str], list[str]]:
    """(ids of live Whoosh documents, duplicates kept; ids in the article store)."""
    from whoosh import index as windex

    with windex.open_dir(str(data / INDEX_DIRNAME)).searcher() as searcher:
        whoosh_ids = [f["id"] for f in searcher.reader().all_stored_fields()]
    db = sqlite3.connect(data / ARTICLES_DB)
    store_ids = [r[0] for r in db.execute("SELECT id FROM articles")]
    db.close()
    return whoosh_ids, store_ids


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def built(tmp_path):
    """A small index with a tick, a note and a tag of the user's; returns (data dir, tokens, user marks)."""
    tokens = articles(tmp_path / "src", 6)
    data = tmp_path / "data"
    corpus, _ = Corpus.build(data, [tmp_path / "src"])
    corpus.userdata.set_checked("ceasefire", True)
    corpus.userdata.set_note("ceasefire", "ask the desk")
    first = corpus.search(tokens[0]).hits[0].id
    corpus.userdata.add_tag(first, "keep")
    marks = (corpus.userdata.marks(), corpus.userdata.tags(first))
    corpus.close()
    return data, tokens, marks, first


def user_marks(corpus: Corpus, article_id: str):
    return corpus.userdata.marks(), corpus.userdata.tags(article_id)


def segment(data: Path) -> Path:
    return next((data / INDEX_DIRNAME).glob("*.seg"))


def truncate(path: Path) -> None:
    os.truncate(path, path.stat().st_size // 2)


def garbage_in_middle(path: Path) -> None:  # same size: only the checksum notices
    with open(path, "r+b") as fh:
        fh.seek(path.stat().st_size // 2)
        fh.write(b"\xa5" * 512)


def garbage_at_end(path: Path) -> None:
    with open(path, "r+b") as fh:
        fh.seek(path.stat().st_size - 256)
        fh.write(b"\x5a" * 256)


@pytest.mark.parametrize("damage", [
    lambda d: truncate(segment(d)),
    lambda d: garbage_in_middle(segment(d)),
    lambda d: garbage_at_end(segment(d)),
    lambda d: next((d / INDEX_DIRNAME).glob("_MAIN_*.toc")).write_bytes(b""),
    lambda d: shutil.rmtree(d / INDEX_DIRNAME),
], ids=["segment-truncated", "segment-garbage-middle", "segment-garbage-end", "toc-emptied", "index-deleted"])
def test_damaged_index_is_restored_from_the_store_on_open(built, damage):
    data, tokens, marks, first = built
    damage(data)
    told = []
    corpus = Corpus.open(data, on_restore=told.append)
    try:
        assert corpus.restored and told == [corpus.restored] and "\n" not in corpus.restored
        assert "restoring it from the article store (6 articles)" in corpus.restored
        assert all(corpus.search(t).total == 1 for t in tokens)
        assert user_marks(corpus, first) == marks
    finally:
        corpus.close()
    whoosh_ids, store_ids = state(data)
    assert sorted(whoosh_ids) == sorted(store_ids) and len(store_ids) == 6
    again = Corpus.open(data)  # restored for good: the next open finds nothing to do
    assert again.restored is None
    again.close()


def test_damaged_index_via_the_cli_says_so_in_one_line(built):
    data, tokens, _, _ = built
    truncate(segment(data))
    code, out, err = run("search", tokens[2], "--index-dir", data)
    assert code == 0 and f"Report {tokens[2]}" in out
    assert err.count("\n") == 1 and "is damaged" in err and "restoring it from the article store" in err
    assert "Traceback" not in err


def test_without_restore_a_damaged_index_is_one_clear_error(built):
    data, *_ = built
    garbage_at_end(segment(data))
    with pytest.raises(IndexUnavailable) as info:
        Corpus.open(data, restore=False)
    assert "is damaged" in str(info.value) and "\n" not in str(info.value)


def test_restore_waits_for_no_one_while_an_index_run_writes(built):
    data, *_ = built
    truncate(segment(data))
    lock = WriterLock(data)
    lock.acquire()
    try:
        with pytest.raises(IndexUnavailable) as info:
            Corpus.open(data)
        assert "another index run is writing" in str(info.value)
    finally:
        lock.release()
    Corpus.open(data).close()  # the lock is free again: restored now


def test_damaged_article_store_is_one_line_and_user_db_untouched(tmp_path):
    src = tmp_path / "src"
    articles(src, 2)
    (src / "long.txt").write_text("Title: Long zqlongarticle\n\n" + "Officials met again in Geneva today. " * 8000)
    data = tmp_path / "data"
    corpus, _ = Corpus.build(data, [src])
    corpus.userdata.set_note("ceasefire", "mine")
    corpus.close()
    user_db = (data / USER_DB).read_bytes()
    store = data / ARTICLES_DB
    size = store.stat().st_size
    with open(store, "r+b") as fh:  # the long article's overflow pages; the tables' root pages come first
        fh.seek(size // 2)
        fh.write(b"\xa5" * (size // 3))
    code, _, err = run("search", "zqlongarticle", "--index-dir", data)
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err
    assert f"{store} is damaged" in err and "newsexplorer index --rebuild" in err
    assert (data / USER_DB).read_bytes() == user_db
    assert damaged_databases(data)[0].startswith(f"{store} is damaged")


def test_healthy_databases_have_nothing_to_report(built):
    assert damaged_databases(built[0]) == []


def test_store_that_is_not_a_database_is_one_line_on_open(built):
    data, *_ = built
    (data / ARTICLES_DB).write_bytes(b"not a database at all" * 100)
    code, _, err = run("search", "talks", "--index-dir", data)
    assert code == 2 and err.count("\n") == 1 and ARTICLES_DB in err and "--rebuild" in err


# --- index runs killed or run side by side ----------------------------------------------------------------------
def cli_process(data: Path, *args, stderr=subprocess.PIPE, **env) -> subprocess.Popen:
    environ = {**os.environ, "NEWSEXPLORER_HOME": str(data), **env}
    return subprocess.Popen([sys.executable, "-m", "newsexplorer.tui.cli", *map(str, args)], env=environ,
                            stdout=subprocess.PIPE, stderr=stderr, text=True)


def stored(data: Path) -> int:
    try:
        db = sqlite3.connect(f"file:{data / ARTICLES_DB}?mode=ro", uri=True)
        try:
            return db.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return 0


def test_index_run_killed_after_a_commit_loses_nothing_and_the_rerun_adds_each_article_once(tmp_path):
    tokens = articles(tmp_path / "src", 150)
    data = tmp_path / "data"
    # a run that ended (or was killed after its last commit) before this test, starved of CPU, could kill it
    # mid-run tested nothing: it is tried again, afresh
    for _ in range(3):
        shutil.rmtree(data, ignore_errors=True)
        proc = cli_process(data, "index", "--no-enrich", tmp_path / "src", **{BATCH_ENV: "5"})
        deadline = time.monotonic() + 300
        while stored(data) < 5 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        proc.send_signal(signal.SIGKILL)
        _, err = proc.communicate()
        if proc.returncode == -signal.SIGKILL and stored(data) < 150:
            break
    assert proc.returncode == -signal.SIGKILL, f"the run ended before it could be killed: {err[-1000:]}"
    committed = stored(data)
    assert 5 <= committed < 150
    corpus = Corpus.open(data)  # opens as it is: nothing to restore after a kill
    assert corpus.restored is None and corpus.search("negotiators", exact_total=True).total >= committed
    corpus.close()
    whoosh_ids, store_ids = state(data)
    assert len(whoosh_ids) == len(set(whoosh_ids)) and set(store_ids) <= set(whoosh_ids)

    rerun = cli_process(data, "index", "--no-enrich", tmp_path / "src")
    _, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    whoosh_ids, store_ids = state(data)
    assert len(whoosh_ids) == len(store_ids) == len(set(whoosh_ids)) == 150
    corpus = Corpus.open(data)
    assert [corpus.search(t).total for t in tokens] == [1] * 150
    corpus.close()


def test_no_wait_refuses_in_one_line_while_another_run_writes(tmp_path):
    articles(tmp_path / "src", 2)
    data = tmp_path / "data"
    lock = WriterLock(data)
    lock.acquire()
    try:
        code, _, err = run("index", "--no-enrich", "--no-wait", tmp_path / "src", "--index-dir", data)
    finally:
        lock.release()
    assert code == 2 and err.count("\n") == 1
    assert "another newsexplorer index is writing" in err and "Traceback" not in err
    code, _, _ = run("index", "--no-enrich", "--no-wait", tmp_path / "src", "--index-dir", data)
    assert code == 0


def test_second_writer_waits_says_so_then_adds_its_articles(tmp_path):
    tokens = articles(tmp_path / "src", 3)
    data = tmp_path / "data"
    log = tmp_path / "stderr.txt"
    lock = WriterLock(data)
    lock.acquire()
    try:
        with open(log, "w") as err:
            proc = cli_process(data, "index", "--no-enrich", tmp_path / "src", stderr=err)
        deadline = time.monotonic() + 300
        while "waiting" not in log.read_text() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert proc.poll() is None, log.read_text()
    finally:
        lock.release()
    proc.communicate(timeout=300)
    assert proc.returncode == 0 and f"waiting for another index run (pid {os.getpid()})" in log.read_text()
    corpus = Corpus.open(data)
    assert [corpus.search(t).total for t in tokens] == [1, 1, 1]
    corpus.close()
