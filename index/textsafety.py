"""The one definition of a terminal escape sequence: article text must never drive the terminal it is shown on."""
from __future__ import annotations

import re

ESCAPE_SEQUENCE = re.compile(
    r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"      # OSC ... BEL/ST (title, clipboard, hyperlinks)
    r"|\x1b[P^_X][^\x1b]*(?:\x1b\\)?"         # DCS / PM / APC / SOS strings
    r"|\x1b\[[0-?]*[ -/]*[@-~]"               # CSI (colours, cursor moves)
    r"|\x1b[ -/]*[0-~]?"                      # other ESC sequences, or a lone ESC
    r"|\x9b[0-?]*[ -/]*[@-~]|\x9d[^\x07\x9c]*[\x07\x9c]?"  # 8-bit CSI / OSC
)
