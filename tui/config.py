"""Where the app's own settings live and the few tunables of the face (not the engine's data dir)."""
from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "newsexplorer"

# Search-as-you-type: a key pressed after a pause searches at once; keys typed faster than this are coalesced
# and searched this long after the last one.
DEBOUNCE_S = 0.15
ROW_CAP = 300  # result rows shown at most (the status line says when there are more)
FACET_TOP = 8  # values shown per facet (counted over every match)
WATCH_S = 2.0  # how often the app looks for commits by an `index` run in another process
NARROW_WIDTH = 100  # below this many columns the side panes collapse (toggle them with `p`)


def config_dir() -> Path:
    """The platform's config dir for newsexplorer (XDG_CONFIG_HOME honoured on Linux)."""
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False)


def keymap_path() -> Path:
    return Path(os.environ["NEWSEXPLORER_KEYMAP"]) if os.environ.get("NEWSEXPLORER_KEYMAP") else config_dir() / "keymap.toml"


def seeds_articles_path() -> Path:
    import importlib.resources

    return Path(str(importlib.resources.files("newsexplorer.seeds"))) / "articles"
