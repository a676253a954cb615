"""Damage met in the middle of a search is called damage, with the way out, never blamed on the query."""
from __future__ import annotations

from pathlib import Path

import pytest

from newsexplorer.index import Corpus, IndexUnavailable, QueryError
from newsexplorer.index.store.search_index import INDEX_DIRNAME

CROPS = ["barley", "wheat", "maize", "oats", "rye", "sorghum"]


@pytest.fixture
def opened(tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    for i, crop in enumerate(CROPS):
        (src / f"{i}.txt").write_text(f"Report {crop} crop\n\n" + f"Farmers said the {crop} harvest was early this "
                                      f"year, and prices of {crop} fell sharply in the north. " * 5)
    corpus, _ = Corpus.build(tmp_path / "data", [src])
    corpus.close()
    corpus = Corpus.open(tmp_path / "data")
    yield corpus, tmp_path / "data"
    corpus.close()


def _spoil_segment_under(data: Path) -> None:
    """Garbage over the segment the open index is reading, same size (a bad disk, another program writing)."""
    segment = next((data / INDEX_DIRNAME).glob("*.seg"))
    with open(segment, "r+b") as fh:
        fh.write(b"\xa5" * segment.stat().st_size)


def test_damage_found_mid_search_says_the_index_is_damaged_and_how_to_restore_it(opened):
    corpus, data = opened
    assert corpus.search("barley").total == 1
    _spoil_segment_under(data)
    errors = []
    for query in [*CROPS, "crop", "date:2020"]:
        try:
            corpus.search(query)
        except (IndexUnavailable, QueryError) as err:
            errors.append(err)
    assert errors, "the spoiled segment was never read"
    for err in errors:
        line = str(err)
        assert isinstance(err, IndexUnavailable), line  # not "cannot run query …": the query is fine
        assert "\n" not in line and "is damaged" in line and "found while searching" in line
        assert "newsexplorer index" in line and "restore it from the article store" in line
    corpus.close()
    again = Corpus.open(data)  # opening again restores it, as the message says
    try:
        assert again.restored and all(again.search(crop).total == 1 for crop in CROPS)
    finally:
        again.close()


def test_a_query_the_backend_rejects_on_a_sound_index_is_still_a_query_error(opened, monkeypatch):
    corpus, _ = opened

    def fails(*args, **kwargs):
        raise ValueError("bad range in query")

    monkeypatch.setattr(corpus.backend, "search", fails)
    with pytest.raises(QueryError) as info:
        corpus.search("barley")
    assert "cannot run query 'barley'" in str(info.value) and "damaged" not in str(info.value)
