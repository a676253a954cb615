"""bench/eval_issues.py scores split = "heldout2" entries only when asked, and finds new label files by name."""
import importlib.util
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CORPUS = Path("/work/shared/corpora/ukraine_articles")
ARTICLE = "05_reuters_ukraine-russia-end-second-round-of-peace-talks-with-agreemen.txt"


def load_eval():
    spec = importlib.util.spec_from_file_location("eval_issues", REPO / "bench" / "eval_issues.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_issues"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not (CORPUS / ARTICLE).exists(), reason="needs ../shared/corpora/ukraine_articles")
def test_heldout2_entries_are_scored_only_with_the_flag(tmp_path, capsys):
    (tmp_path / "ukraine_heldout.toml").write_text(
        f'[[article]]\nfile = "{ARTICLE}"\nsplit = "heldout2"\nissues = {{ prisoners = "agreed" }}\n', encoding="utf-8")
    ev = load_eval()
    assert ev.main(["--labels-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "(not scored)" in out and "n= 1/" not in out
    assert ev.main(["--labels-dir", str(tmp_path), "--heldout2"]) == 0
    row = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("ukraine_heldout"))
    assert "n= 1/  1" in row.split("|")[2]  # the held-out column, aggregates only


def test_a_new_bbc_story_is_found_with_its_catalog_and_a_missing_catalog_is_one_line(tmp_path, capsys):
    ev = load_eval()
    (tmp_path / "bbc_ni_peace.toml").write_text('[[article]]\nfile = "x.txt"\nsplit = "heldout2"\n', encoding="utf-8")
    sets = ev.label_sets(tmp_path)
    assert [(s["name"], s["catalog"].name) for s in sets] == [("bbc ni_peace", "ni_peace.toml")]
    assert ev.main(["--labels-dir", str(tmp_path), "--heldout2"]) == 0
    err = capsys.readouterr().err
    assert "bbc_ni_peace.toml" in err and "Traceback" not in err


def test_later_rounds_are_never_development_data():
    ev = load_eval()
    assert [ev.part_of({"split": s}) for s in ("dev", "heldout", "seeds", "heldout2", "heldout3")] == \
        ["dev", "dev", "dev", "heldout", "unread"]
