"""Printing untrusted article text to a terminal: no markup is interpreted, no escape sequence gets through."""
from __future__ import annotations

import re

from rich.console import Console
from rich.text import Text

_UNSAFE = re.compile(r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b.?|[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe(text: str | None) -> str:
    """Text with control characters and terminal escape sequences removed (newlines and tabs kept)."""
    return _UNSAFE.sub("", text or "")


def plain(text: str | None, style: str = "") -> Text:
    """A Rich Text that shows exactly these characters: `[bold]` stays literal."""
    return Text(safe(text), style=style)


def highlighted(text: str, spans: list[tuple[int, int]], style: str = "bold reverse") -> Text:
    out = Text(safe(text)) if safe(text) == text else Text(text.replace("\x1b", ""))
    if safe(text) != text:  # offsets would shift; show it unhighlighted rather than wrong
        return Text(safe(text))
    for start, end in spans:
        out.stylize(style, start, end)
    return out


def stdout_console() -> Console:
    return Console(highlight=False, markup=False, emoji=False, soft_wrap=False)


def stderr_console() -> Console:
    return Console(stderr=True, highlight=False, markup=False, emoji=False)
