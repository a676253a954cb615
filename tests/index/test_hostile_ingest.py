"""Issue 15: hostile input is bounded in time and memory, and cleaning never silently empties an article."""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from newsexplorer.index import Corpus
from newsexplorer.index.ingest import finish_article, prepare
from newsexplorer.index.ingest.text import read_text

PATH = Path("/tmp/hostile.txt")


def clean_seconds(body: str) -> float:
    start = time.perf_counter()
    for raw in read_text(body):
        finish_article(prepare(raw, PATH), PATH)
    return time.perf_counter() - start


@pytest.mark.parametrize("line", [
    "." * 40_000 + " then some words",  # 109 s before: "[.!?]\W*$" tried from every dot
    "…" * 40_000 + " then some words",
    "[a](/" * 8_000,  # each start scanned to the end of the line for a ")"
    "[[1]](" * 7_000,
    "[" * 40_000 + "x",
], ids=["dots", "ellipses", "md-links", "md-footnotes", "brackets"])
def test_cleaning_a_hostile_40kb_line_is_fast(line):
    assert clean_seconds("Headline of the page\n\n" + line + "\n\nA normal sentence closes the page here.") < 1.5


def test_zero_width_and_bidi_characters_are_gone_so_names_match(tmp_path, write):
    write("a.txt", "Title: Talks \u202eevil\u202c\n\nPresident Zel\u200bensky met the envoy in Geneva on Monday, "
                   "officials said after the meeting.\n")
    corpus, _ = Corpus.build(tmp_path / "data", [write.folder])
    try:
        result = corpus.search("Zelensky")
        assert result.total == 1
        article = corpus.article(result.hits[0].id)
        assert "\u200b" not in article.text and "\u202e" not in article.title
    finally:
        corpus.close()


def test_one_line_text_without_a_full_stop_is_kept(tmp_path, write):
    write("a.txt", "Title: Space\n\nNASA confident of debris solution for the shuttle launch\n")
    corpus, report = Corpus.build(tmp_path / "data", [write.folder])
    try:
        assert report.emptied == 0 and corpus.search("debris").total == 1
    finally:
        corpus.close()


def test_hard_wrapped_post_is_kept_as_paragraphs(tmp_path, write):
    """A Usenet/e-mail post wrapped at 60 columns: every line read as a short headline, the post as a menu."""
    write("104792", "From: rider@example.org\nSubject: helmets\n\n"
                    "The best thing to do is to get a full face, even if it is a\n"
                    "cheap brain bucket.  I didn't think a full face was important\n"
                    "until I took a gnarly spill and ended up sliding 20 feet on my\n"
                    "face.  Plus with the visor down, you also have no worries about\n"
                    "your contacts\n")
    corpus, report = Corpus.build(tmp_path / "data", [write.folder])
    try:
        assert report.emptied == 0
        hit = corpus.search("gnarly spill").hits[0]
        assert "important until I took" in corpus.article(hit.id).text
    finally:
        corpus.close()
