"""Printing untrusted article text to a terminal: no markup is interpreted, no escape sequence gets through."""
from __future__ import annotations

from rich.console import Console
from rich.text import Text

from ..index.textsafety import safe


def plural(n: int, one: str, many: str) -> str:
    """The word for a count: "1 issue", never "1 issues"."""
    return one if n == 1 else many


def plain(text: str | None, style: str = "") -> Text:
    """A Rich Text that shows exactly these characters: `[bold]` stays literal."""
    return Text(safe(text), style=style)


def highlighted(text: str, spans: list[tuple[int, int]], style: str = "bold reverse") -> Text:
    cleaned = safe(text)
    out = Text(cleaned)
    if cleaned == text:  # offsets into text are only valid if cleaning removed nothing
        for start, end in spans:
            out.stylize(style, start, end)
    return out


class _PipeConsole(Console):
    """`newsexplorer search … | head`: when the reader goes away, stop quietly with exit 0 (Rich exits 1)."""

    def on_broken_pipe(self) -> None:
        import os
        import sys

        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except OSError:
            pass
        raise SystemExit(0)


def stdout_console() -> Console:
    return _PipeConsole(highlight=False, markup=False, emoji=False, soft_wrap=False)


def stderr_console() -> Console:
    return Console(stderr=True, highlight=False, markup=False, emoji=False)
