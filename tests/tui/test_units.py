"""The pure parts: offset-keeping cleaning, word wrap, result rows, article preparation."""
from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from newsexplorer.tui.data import CorpusData
from newsexplorer.tui.widgets.article_view import wrap_offsets
from newsexplorer.tui.widgets.results import hit_row
from newsexplorer.tui.widgets.text import clean_with_map, styled


def test_clean_with_map_moves_offsets_past_removed_sequences():
    raw = "a\x1b]52;c;aGk=\x07b [bold]x\x1b[31m[/bold]"
    cleaned, move = clean_with_map(raw)
    assert cleaned == "ab [bold]x[/bold]"
    i = raw.index("[bold]")
    assert cleaned[move(i):move(i + 6)] == "[bold]"
    j = raw.index("[/bold]")
    assert cleaned[move(j):move(j + 7)] == "[/bold]"


def test_styled_keeps_markup_literal():
    c = styled("x [@click=app.quit]y[/]", [(0, 1)], "bold")
    assert str(c) == "x [@click=app.quit]y[/]" and c.spans[0].start == 0 and c.spans[0].end == 1


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab cd\nefgh  ĳ漢字")), max_size=300), st.integers(4, 40))
def test_wrap_covers_text_and_fits_width(text, width):
    lines = wrap_offsets(text, width)
    covered = "".join(text[s:e] for s, e in lines)
    assert covered.replace("\n", "") == text.replace("\n", "")
    for s, e in lines:
        assert cell_len(text[s:e].rstrip()) <= width


def test_hit_row_highlights_and_keeps_first_match_visible():
    snippet = "x" * 100 + " needle in the hay"
    hit = SimpleNamespace(id="1", title="T [b]", source="[Src]", date="2026-01-01", snippet=snippet,
                          snippet_spans=[(101, 107)])
    row = hit_row(hit)
    text = str(row)
    assert "T [b]" in text and "[Src]" in text
    second = text.split("\n")[1]
    assert "needle" in second and second.index("needle") < 60  # on screen at 80 columns, after date · outlet
    assert any(text[s.start:s.end] == "needle" for s in row.spans)


def test_prepare_remaps_entities_after_escape_sequences():
    raw = "\x1b]52;c;aGk=\x07Zelensky met NATO. \x1b[1mGeneva\x1b[0m."
    ents = [{"start": raw.index("Zelensky"), "end": raw.index("Zelensky") + 8, "label": "PERSON", "text": "Zelensky"},
            {"start": raw.index("NATO"), "end": raw.index("NATO") + 4, "label": "ORG", "text": "NATO"},
            {"start": raw.index("Geneva"), "end": raw.index("Geneva") + 6, "label": "GPE", "text": "Geneva"}]
    article = SimpleNamespace(id="a", text=raw, entities=ents, issues=[])
    corpus = SimpleNamespace(article=lambda _id: article, highlight_terms=lambda q: None)
    prepared = CorpusData(corpus).prepare("a", "")
    assert "\x1b" not in prepared.text
    assert [prepared.text[m.start:m.end] for m in prepared.entities] == ["Zelensky", "NATO", "Geneva"]
    assert [m.kind for m in prepared.entities] == ["person", "org", "place"]
