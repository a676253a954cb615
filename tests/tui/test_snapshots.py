"""SVG snapshots of each view at 80×24, in 256 and in 16 colours (pytest-textual-snapshot; baselines in
__snapshots__/). Behaviour is asserted by the Pilot tests; these catch what a layout or style change does to the
screen. Only screens without timings or relative dates are snapshotted, so they are the same on every run.
Update after an intended change with:  python -m pytest tests/tui/test_snapshots.py --snapshot-update
"""
from __future__ import annotations

import pytest
import textual.constants

from newsexplorer.tui.app import NewsExplorerApp

from .conftest import settle


VIEWS = {
    "search": [],
    "reader": ["enter"],
    "checklist": ["3", "enter"],  # the first issue expanded: history and evidence
    "help": ["question_mark"],
}


@pytest.mark.parametrize("depth", ["256", "standard"])
@pytest.mark.parametrize("view", list(VIEWS))
def test_view_snapshot(snap_compare, seeds_index, monkeypatch, view, depth):
    monkeypatch.setattr(textual.constants, "COLOR_SYSTEM", depth)
    app = NewsExplorerApp(seeds_index)

    async def run_before(pilot) -> None:
        await settle(app, pilot)
        for key in VIEWS[view]:
            await pilot.press(key)
            await settle(app, pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
