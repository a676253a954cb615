"""Small helpers shared by the TUI tests."""
from __future__ import annotations

from newsexplorer.tui.app import NewsExplorerApp


async def settle(app: NewsExplorerApp, pilot) -> None:
    """Let workers finish and their results reach the screen (no sleeps)."""
    for _ in range(200):
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        if not app.search_view.pending:
            break
        await pilot.pause(0.02)  # a debounce timer is due: let it fire


def screen_text(app: NewsExplorerApp) -> str:
    """What the terminal shows, as plain text (theme-independent): one line per row."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text for strip in strips)
