"""Files that are not what they seem: each gets one line naming it, never a hang, and the rest is indexed."""
from __future__ import annotations

import os
import subprocess
import sys

from newsexplorer.index import Corpus
from newsexplorer.index import indexer as indexer_module

GOOD = "Title: Good {0}\n\nNegotiators said the {0} talks would resume in Geneva next week, officials added.\n"


def lines_naming(report, name: str) -> list[str]:
    return [line for line in report.rejected if f"/{name}:" in line]


def test_named_pipe_and_device_are_rejected_not_opened(tmp_path, write):
    """Opening a FIFO waits for a writer forever: the run must say what it is and go on (in a child, so a
    regression fails on the timeout instead of hanging the test run)."""
    write("good.txt", GOOD.format("zqgoodpipe"))
    os.mkfifo(write.folder / "pipe.txt")
    (write.folder / "zero.txt").symlink_to("/dev/zero")
    env = {**os.environ, "NEWSEXPLORER_HOME": str(tmp_path / "data")}
    done = subprocess.run([sys.executable, "-m", "newsexplorer.tui.cli", "index", "--no-enrich", str(write.folder)],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "pipe.txt: not a regular file (a named pipe)" in done.stderr
    assert "zero.txt: not a regular file (a character device)" in done.stderr
    corpus = Corpus.open(tmp_path / "data")
    assert corpus.search("zqgoodpipe").total == 1
    corpus.close()


def test_symlink_loops(tmp_path, write):
    write("sub/inner.txt", GOOD.format("zqinnerloop"))
    (write.folder / "sub" / "back").symlink_to(write.folder)  # a folder loop: walked once, silently
    (write.folder / "alias").symlink_to(write.folder / "sub")  # the same folder under two names
    (write.folder / "a.txt").symlink_to(write.folder / "b.txt")  # a file loop: unreadable, one line each
    (write.folder / "b.txt").symlink_to(write.folder / "a.txt")
    corpus, report = Corpus.build(tmp_path / "data", [write.folder])
    assert len(lines_naming(report, "a.txt")) == len(lines_naming(report, "b.txt")) == 1
    assert "symbolic links" in lines_naming(report, "a.txt")[0]
    assert not any("/back/" in line or "/alias/" in line for line in report.rejected)
    assert corpus.search("zqinnerloop").total == 1 and corpus.count() == 1
    corpus.close()


def test_file_removed_between_the_walk_and_its_reading(tmp_path, write, monkeypatch):
    for word in ("zqstays", "zqvanishes"):
        write(f"{word}.txt", GOOD.format(word))
    real_discover = indexer_module.discover

    def walk_then_delete(paths, skipped):
        found = list(real_discover(paths, skipped))
        (write.folder / "zqvanishes.txt").unlink()
        return iter(found)

    monkeypatch.setattr(indexer_module, "discover", walk_then_delete)
    corpus, report = Corpus.build(tmp_path / "data", [write.folder])
    assert len(report.rejected) == 1
    assert "zqvanishes.txt: no such file (missing, a broken link, or removed during the run)" in report.rejected[0]
    assert corpus.search("zqstays").total == 1 and corpus.search("zqvanishes").total == 0
    corpus.close()


def test_html_with_references_to_control_characters_keeps_its_text(tmp_path, write):
    """trafilatura drops a whole page over one `&#27;`; the reference goes, the page stays."""
    para = ("The ceasefire was agreed by both delegations on Monday, officials said &#27;[2J&#7; in Geneva, "
            "and the zqcontrolref talks went on for hours before anyone left the room.")
    path = write("page.html", f"<!doctype html><html><head><title>Page</title></head><body><article>"
                              f"<h1>Page</h1><p>{para}</p><p>{para}</p></article></body></html>")
    corpus, report = Corpus.build(tmp_path / "data", [path])
    assert report.rejected == []
    article = corpus.article(corpus.search("zqcontrolref").hits[0].id)
    assert "\x1b" not in article.text and "\x07" not in article.text and "&#27;" not in article.text
    corpus.close()
