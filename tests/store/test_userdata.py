"""User marks persist across reopen and are independent of the search index."""
import sqlite3

import pytest

from newsexplorer.index.errors import NewsExplorerError
from newsexplorer.index.store.userdata import DB_NAME, UserData


def test_marks_survive_reopening(tmp_path):
    with UserData(tmp_path) as data:
        data.set_checked("territory", True)
        data.set_override("territory", "progress")
        data.set_note("territory", "Donbas only")
        data.set_checked("nato", True)
        data.set_checked("nato", False)
    with UserData(tmp_path / DB_NAME) as data:
        assert data.marks() == {
            "territory": {"checked": True, "override": "progress", "note": "Donbas only"},
            "nato": {"checked": False, "override": None, "note": None},
        }


def test_override_can_be_cleared_and_is_validated(tmp_path):
    with UserData(tmp_path) as data:
        data.set_override("ceasefire", "agreed")
        data.set_override("ceasefire", None)
        assert data.marks()["ceasefire"]["override"] is None
        with pytest.raises(NewsExplorerError, match="unknown status"):
            data.set_override("ceasefire", "done")


def test_tags_notes_and_history(tmp_path):
    with UserData(tmp_path) as data:
        data.add_tag("art1", "follow-up")
        data.add_tag("art1", "follow-up")
        data.add_tag("art1", "Reuters")
        data.remove_tag("art1", "Reuters")
        data.set_article_note("art1", "check the date")
        for q in ["ceasefire", "nato", "ceasefire"]:
            data.add_history(q)
    with UserData(tmp_path) as data:
        assert data.tags("art1") == ["follow-up"] and data.articles_tagged("follow-up") == ["art1"]
        assert data.article_note("art1") == "check the date"
        assert data.history(limit=5) == ["ceasefire", "nato"]


def test_uses_wal_and_survives_index_removal(tmp_path):
    index_dir = tmp_path / "index"
    index_dir.mkdir()
    (index_dir / "MAIN_1.toc").write_text("x")
    with UserData(tmp_path) as data:
        data.set_checked("sanctions", True)
    for f in index_dir.iterdir():  # what --rebuild does to the search index
        f.unlink()
    index_dir.rmdir()
    mode = sqlite3.connect(tmp_path / DB_NAME).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
    with UserData(tmp_path) as data:
        assert data.marks()["sanctions"]["checked"] is True


def test_a_failed_write_leaves_earlier_marks_intact(tmp_path):
    with UserData(tmp_path) as data:
        data.set_note("elections", "keep me")
        with pytest.raises(NewsExplorerError):
            data.set_note("", "bad id")
        assert data.marks()["elections"]["note"] == "keep me"


def test_unusable_file_is_a_clean_error(tmp_path):
    bad = tmp_path / DB_NAME
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(NewsExplorerError, match="cannot open user database"):
        UserData(bad)
