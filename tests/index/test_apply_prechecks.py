"""The apply's cheap pre-checks skip work, never a sentence: a paragraph no issue can be mentioned in is not split,
and the sentences of the others are exactly those `split_sentences` finds in the whole text."""
from __future__ import annotations

from pathlib import Path

from newsexplorer.index.enrich import apply as apply_mod
from newsexplorer.index.enrich.catalog import load_catalog, parse_catalog
from newsexplorer.index.enrich.issues import split_sentences

REPO = Path(__file__).resolve().parents[2]
ODD = [
    "",
    "One line only. Two sentences here.",
    "The Philippines has reached agreement\nwith its bank advisory committee on a deal. It was signed.\n\nNext one.",
    "**Bold lead sentence.**[[i]](https://x.example) Then the U.S. said no.\n- a bullet. Mr. Smith agreed.\n",
    "Ends without a full stop\nand goes on in lower case, then stops.\r\nA new line: Talks resumed.",
]


def texts() -> list[str]:
    from tests.conftest import CORPORA

    out = ODD + [p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds" / "articles").iterdir())]
    bbc = CORPORA / "bbc"
    if bbc.is_dir():
        out += [p.read_text(encoding="utf-8", errors="replace") for p in sorted(bbc.rglob("*.txt"))[:200]]
    return out


class _Everywhere:
    """An issue whose pre-check passes every paragraph."""
    patterns = (None,)
    literals = (("words", frozenset()),)


def test_paragraphs_split_alone_give_the_sentences_of_the_whole_text():
    for text in texts():
        assert apply_mod._sentences_that_may_mention(text, [_Everywhere]) == split_sentences(text), text[:80]


def test_a_skipped_paragraph_holds_no_sentence_the_issue_may_be_mentioned_in():
    catalogs = [load_catalog(REPO / "seeds" / "catalog.toml"),
                load_catalog(REPO / "bench" / "apply_catalogs" / "takeovers.toml"),
                parse_catalog('[[issue]]\nid = "q"\ntitle = "Q"\nquery = \'"peace deal" OR sanction*\'\n', "q.toml")]
    for catalog in catalogs:
        for text in texts():
            kept = apply_mod._sentences_that_may_mention(text, catalog.issues)
            for sentence in split_sentences(text):
                low = sentence.text.casefold()
                if any(apply_mod._may(i, low, sentence.text) for i in catalog.issues):
                    assert sentence in kept, sentence.text


def test_chunks_cover_every_article_once_and_shrink_towards_the_end():
    for total in (0, 1, 24, 199, 200, 201, 1500, 7108, 55_000):
        sizes = apply_mod.chunk_sizes(total)
        assert sum(sizes) == total and all(0 < s <= apply_mod.CHUNK for s in sizes)
        if total > 2_000:
            assert sizes[0] == apply_mod.CHUNK and max(sizes[-5:]) <= apply_mod.TAIL_CHUNK
