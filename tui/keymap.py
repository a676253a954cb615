"""Key bindings: every Binding has an id; `keymap.toml` in the config dir remaps them; `?` lists them all.

keymap.toml holds `binding_id = "key"` lines (several keys: `"j,down"`), e.g.::

    "results.down" = "ctrl+n"
    "app.quit" = "ctrl+q,Q"
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from textual.binding import Binding


@dataclass(frozen=True)
class KeyRow:
    context: str
    keys: str
    description: str
    id: str


def bindings_of(cls) -> list[Binding]:
    """The Bindings a class declares itself (not inherited), tuples normalised."""
    out = []
    for b in cls.__dict__.get("BINDINGS", []):
        out.append(b if isinstance(b, Binding) else Binding(*b))
    return out


def known_ids(contexts: Iterable[tuple[str, type]]) -> set[str]:
    return {b.id for _, cls in contexts for b in bindings_of(cls) if b.id}


def load_keymap(path: Path, ids: set[str]) -> tuple[dict[str, str], list[str]]:
    """The keymap in `path` (missing file: empty) and one-line warnings for what was ignored."""
    try:
        if not path.is_file():  # a config dir this user may not enter (another user's HOME) raises here
            return {}, []
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        return {}, [f"{path}: ignored ({err})"]
    keymap, warnings = {}, []
    for key, value in data.items():
        if key not in ids:
            warnings.append(f"{path}: unknown binding id {key!r} ignored")
        elif not isinstance(value, str) or not value.strip():
            warnings.append(f"{path}: {key!r} must be a key name such as \"ctrl+n\"")
        else:
            keymap[key] = ",".join(k.strip() for k in value.split(",") if k.strip())
    return keymap, warnings


def display_key(key: str) -> str:
    names = {"question_mark": "?", "slash": "/", "space": "space", "enter": "enter", "escape": "esc",
             "left_square_bracket": "[", "right_square_bracket": "]", "left_parenthesis": "(", "right_parenthesis": ")", "tab": "tab", "shift+tab": "shift+tab"}
    return ", ".join(names.get(k.strip(), k.strip()) for k in key.split(","))


def key_rows(contexts: Iterable[tuple[str, type]], keymap: dict[str, str]) -> list[KeyRow]:
    """One row per binding, with the key the user actually has (after keymap.toml)."""
    rows = []
    for context, cls in contexts:
        for b in bindings_of(cls):
            keys = keymap.get(b.id, b.key) if b.id else b.key
            rows.append(KeyRow(context, display_key(keys), b.description or b.action, b.id or ""))
    return rows
