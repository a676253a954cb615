"""Colours in a 16-colour terminal (`TERM=xterm-16color`, tmux or a console without 256 colours).

Textual first turns ANSI colours into RGB through its ANSI theme (Monokai, whose bright red is a pink #f92672),
then Rich picks the nearest of the 16 colours for the terminal: `ansi_bright_red` came out magenta (SGR 35), so
"unresolved" read as magenta beside bright green "agreed". And the theme's own text colours are tints meant for
truecolor: $text-error and $text-success came out white. Here, once for the whole app:
- the ANSI theme is the 16-colour palette Rich matches against, so every ANSI colour comes back as itself;
- the theme's status and error text colours are ANSI colours, so every rule that says $text-error (the checklist,
  the timeline, a query's error, a notification's title) is red, $text-success green, $text-warning yellow.
NO_COLOR is Textual's own filter (no colour at all), applied after this.
"""
from __future__ import annotations

import dataclasses

from rich.terminal_theme import TerminalTheme

# Rich's 16-colour palette (rich._palettes.STANDARD_PALETTE, the VGA colours): black … white, then the bright ones
VGA = [(0, 0, 0), (170, 0, 0), (0, 170, 0), (170, 85, 0), (0, 0, 170), (170, 0, 170), (0, 170, 170), (170, 170, 170),
       (85, 85, 85), (255, 85, 85), (85, 255, 85), (255, 255, 85), (85, 85, 255), (255, 85, 255), (85, 255, 255),
       (255, 255, 255)]
SIXTEEN = TerminalTheme((0, 0, 0), (170, 170, 170), VGA[:8], VGA[8:])

# the theme's text colours by meaning (app.tcss and Textual's own widgets use these names)
TEXT_COLOURS = {"text-error": "ansi_bright_red", "text-success": "ansi_bright_green",
                "text-warning": "ansi_bright_yellow", "text-accent": "ansi_bright_cyan",
                "text-primary": "ansi_bright_blue", "text-secondary": "ansi_cyan"}
THEME = "newsexplorer-16"


def sixteen_colours(app) -> bool:
    return app.console.color_system in ("standard", "windows")


def use_sixteen_colours(app) -> None:
    """In a 16-colour terminal: the ANSI theme and text colours above (elsewhere nothing changes)."""
    if not sixteen_colours(app):
        return
    app.ansi_theme_dark = app.ansi_theme_light = SIXTEEN
    base = app.get_theme(app.theme) or app.get_theme("textual-dark")
    app.register_theme(dataclasses.replace(base, name=THEME, variables={**base.variables, **TEXT_COLOURS}))
    app.theme = THEME
