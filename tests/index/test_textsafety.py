"""safe_with_offsets: escape sequences and control characters go, spans computed on the raw text stay on their words."""
from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from newsexplorer.index.textsafety import clean_span, safe, safe_with_offsets, to_clean

RAW = ("Zelensky\x1b[31m met\x1b[0m Macron\x07 in \x1b]52;c;aGk=\x07Geneva\x1b\\ on\x00 Monday;\r\n"
       "\x9b1mNATO\x9b0m and the \x1b]8;;http://x.example\x1b\\EU\x1b]8;;\x1b\\ agreed.\x85\tDone\x1b")


def test_clean_text_and_both_directions():
    clean, offsets = safe_with_offsets(RAW)
    assert clean == safe(RAW) == "Zelensky met Macron in Geneva on Monday;\nNATO and the EU agreed.\tDone"
    assert len(offsets) == len(clean) + 1 and offsets[-1] == len(RAW)
    assert all(RAW[offsets[i]] == ch for i, ch in enumerate(clean))
    for word in ("Zelensky", "met", "Macron", "Geneva", "Monday", "NATO", "EU", "agreed", "Done"):
        start = RAW.index(word)
        s, e = clean_span(offsets, start, start + len(word))
        assert clean[s:e] == word
        assert RAW[offsets[s]:offsets[e - 1] + 1] == word


def test_spans_over_removed_sequences():
    clean, offsets = safe_with_offsets(RAW)
    start, end = RAW.index("met"), RAW.index("Macron") + len("Macron")  # "met\x1b[0m Macron"
    s, e = clean_span(offsets, start, end)
    assert clean[s:e] == "met Macron"
    osc = RAW.index("\x1b]52")
    s, e = clean_span(offsets, osc + 2, osc + 6)  # inside the clipboard sequence: nothing left of it
    assert s == e and clean[s:].startswith("Geneva")
    assert to_clean(offsets, len(RAW)) == len(clean)


def test_nothing_to_remove_is_the_identity():
    clean, offsets = safe_with_offsets("plain text\twith a tab\nand a newline")
    assert clean == "plain text\twith a tab\nand a newline"
    assert list(offsets) == list(range(len(clean) + 1))
    assert safe_with_offsets(None) == ("", range(1))


PIECES = st.sampled_from(["a", "b", " ", "\n", "\t", "é", "\x1b[1m", "\x1b[0m", "\x1b]0;title\x07", "\x1b", "\x00",
                          "\x07", "\x7f", "\x85", "\x9b2J", "\r", "\x1b\\", "[bold]"])


@given(st.lists(PIECES, max_size=40))
def test_every_kept_character_maps_back(parts):
    text = "".join(parts)
    clean, offsets = safe_with_offsets(text)
    assert clean == re.sub(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", "", clean)
    assert len(offsets) == len(clean) + 1 and offsets[-1] == len(text)
    assert all(a < b for a, b in zip(offsets, offsets[1:]))
    for i, ch in enumerate(clean):
        assert text[offsets[i]] == ch
        assert to_clean(offsets, offsets[i]) == i


def test_invisible_and_unstorable_characters_are_unsafe_too():
    from newsexplorer.index.textsafety import one_line

    text = "Zel\u200bensky \u202etxt.exe\u202c \u2066x\u2069 \ufeffsaid \ud83d ok"
    assert safe(text) == "Zelensky txt.exe x said  ok"
    clean, offsets = safe_with_offsets(text)
    assert clean == safe(text) and all(text[offsets[i]] == ch for i, ch in enumerate(clean))
    assert one_line("a.txt\nnewsexplorer: forged\r\tb\udcff") == "a.txt\\nnewsexplorer: forged\\r\\tb\\udcff"
