"""bench/eval_metadata.py scores each split on its own: a held-out figure is never summed into a fitted one."""
from __future__ import annotations

import importlib.util
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench" / "eval_metadata.py"


def _module():
    spec = importlib.util.spec_from_file_location("eval_metadata", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_each_split_is_its_own_row_and_a_wrong_label_counts_as_a_miss(tmp_path, capsys):
    bench = _module()
    labels = [
        {"file": "seeds/000_*.txt", "title": "Ukraine to tackle 'most difficult issues' as US talks advance",
         "outlet": ["Bloomberg News"]},
        {"file": "seeds/002_*.txt", "split": "heldout9", "title": "Not the headline", "outlet": ["Cyprus Mail"],
         "date": "2025-12-08"},
        {"file": "seeds/004_*.txt", "split": "heldout9", "title_prefix": "Talks between U.S.", "outlet": []},
    ]
    totals = bench.score(labels, tmp_path, verbose=True, linked={})
    assert totals[("seeds", "fitted")]["title"] == [1, 1] and totals[("seeds", "fitted")]["outlet"] == [1, 1]
    held = totals[("seeds", "heldout9")]
    assert held["title"] == [1, 2]  # the derived title is right, the made-up headline is a miss
    assert held["outlet"] == [2, 2] and held["date"] == [1, 1] and held["host"] == [0, 0]
    assert "Not the headline" in capsys.readouterr().out  # --verbose names the miss
    bench.print_table(totals)
    rows = [line.split() for line in capsys.readouterr().out.splitlines()]
    assert rows[0] == ["set", "split", "titles", "outlets", "hosts", "dates"]
    assert ["seeds", "fitted", "1/1", "1/1", "-", "-"] in rows and ["seeds", "heldout9", "1/2", "2/2", "-", "1/1"] in rows
