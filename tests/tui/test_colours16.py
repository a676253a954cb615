"""Every colour with a meaning shows as the colour it names in a 16-colour terminal (`TERM=xterm-16color`, as in
tmux), and no colour at all with NO_COLOR: "unresolved" is bright red, not magenta (SGR 35); agreed bright green,
progress bright yellow; a query's error bright red, not white; people bright green, places bright magenta.

The real app in a pty; what is checked is the SGR codes it writes before each word. Every wait is for bytes on the
terminal; the timeouts only guard against a hang.
"""
from __future__ import annotations

import os
import re
import time

import pytest
from rich.color import Color, ColorSystem

from newsexplorer.tui.colours import SIXTEEN

from .test_exit import GUARD_S, ended, launch
from .test_terminal_restored import read_until

ANSI = ("black red green yellow blue magenta cyan white bright_black bright_red bright_green bright_yellow "
        "bright_blue bright_magenta bright_cyan bright_white").split()


def test_each_ansi_colour_comes_back_as_itself():
    """Textual turns an ANSI colour into RGB through the app's ANSI theme, then Rich takes the nearest of 16."""
    for number, name in enumerate(ANSI):
        rgb = Color.parse(name).get_truecolor(SIXTEEN)
        assert Color.from_triplet(rgb).downgrade(ColorSystem.STANDARD).number == number, name


def run_app(home, extra_env: dict):
    # COLORTERM dropped: it would claim truecolor whatever TERM says
    return launch(home, **{"TERM": "xterm-16color", "COLORTERM": None, **extra_env})


def step(fd, proc, keys: bytes, want: bytes) -> bytes:
    os.write(fd, keys)
    shown = read_until(fd, proc, want, GUARD_S)
    assert want in shown, shown[-2000:]
    return shown


def drive(home, extra_env: dict) -> dict[str, bytes]:
    """The checklist, a query's error and an article, as the terminal received them."""
    proc, fd = run_app(home, extra_env)
    seen = {}
    try:
        seen["start"] = read_until(fd, proc, b"newest first", GUARD_S)
        assert b"newest first" in seen["start"], seen["start"][-2000:]
        seen["checklist"] = step(fd, proc, b"3", b"ticked")
        seen["checklist"] += read_until(fd, proc, b"art ", GUARD_S)  # the rows
        step(fd, proc, b"1", b"Outlets")
        seen["error"] = step(fd, proc, b"/date:>garbage", b"cannot read the date")
        step(fd, proc, b"\x15", b"newest first")  # ctrl+u: the query box emptied
        step(fd, proc, b"Geneva", b"sort: relevance")
        step(fd, proc, b"\r", b"Saved searches")  # the list's keys: it has the focus
        seen["reader"] = step(fd, proc, b"\r", b"[1/1]")  # the article open (its place among the results)
        deadline = time.monotonic() + GUARD_S  # the body's names drawn (the guard only against a hang)
        while not (colours_before(seen["reader"], b"Zelensky") and colours_before(seen["reader"], b"Moscow")):
            assert time.monotonic() < deadline, seen["reader"][-2000:]
            seen["reader"] += read_until(fd, proc, None, 0.2)
        os.write(fd, b"\x11")  # ctrl+q
        assert ended(proc) == 0
    finally:
        os.close(fd)
        if proc.poll() is None:
            proc.kill()  # this test's own child, by its pid
            proc.wait()
    return seen


def colours_before(shown: bytes, word: bytes) -> set[int]:
    """The foreground colours (SGR 30–37, 90–97) the terminal was set to right before each `word`."""
    found = set()
    for match in re.finditer(rb"((?:\x1b\[[\d;]*m)+)" + re.escape(word), shown):
        codes = [int(c) for seq in re.findall(rb"\x1b\[([\d;]*)m", match.group(1)) for c in seq.split(b";") if c]
        colours = [c for c in codes if 30 <= c <= 37 or 90 <= c <= 97]
        if colours:
            found.add(colours[-1])
    return found


def test_sixteen_colours_show_each_meaning_in_its_own_colour(tiny_index):
    seen = drive(tiny_index, {})
    checklist = seen["checklist"]
    assert colours_before(checklist, "✗ ".encode()) == {91}  # unresolved: bright red (was 35, magenta)
    assert colours_before(checklist, b"unresolved") <= {91} and 35 not in colours_before(checklist, "✗".encode())
    assert colours_before(checklist, "◐ ".encode()) <= {93}  # progress: bright yellow
    assert colours_before(checklist, "✓ ".encode()) <= {92}  # agreed: bright green
    assert colours_before(seen["error"], b"cannot read the date") == {91}  # an error: bright red (was white)
    reader = seen["reader"]
    assert 92 in colours_before(reader, b"Zelensky")  # a person in the text: bright green
    assert 95 in colours_before(reader, b"Moscow")  # a place: bright magenta


@pytest.mark.parametrize("term", ["xterm-16color"])
def test_no_color_shows_no_colour(tiny_index, term):
    seen = drive(tiny_index, {"NO_COLOR": "1", "TERM": term})
    for part, shown in seen.items():
        codes = {int(c) for c in re.findall(rb"\x1b\[(\d+)m", shown)}
        hues = {c for c in codes if 31 <= c <= 36 or 91 <= c <= 96}  # red … cyan, plain or bright
        assert not hues, (part, sorted(hues))
        eight_bit = {int(n) for n in re.findall(rb"[34]8;5;(\d+)", shown)}
        assert all(grey(n) for n in eight_bit), (part, sorted(n for n in eight_bit if not grey(n)))


def grey(n: int) -> bool:
    """A 256-colour index with no hue: black, white and greys of the 16, the cube's diagonal, the grey ramp."""
    if n < 16:
        return n in (0, 7, 8, 15)
    if n >= 232:
        return True
    r, g, b = (n - 16) // 36, (n - 16) // 6 % 6, (n - 16) % 6
    return r == g == b
