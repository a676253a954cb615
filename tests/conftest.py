"""Shared test fixtures: a private data dir per test, and the shared corpora when they sit beside the repo."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Hypothesis's defaults are wall-clock checks (200 ms per example, "generation too slow"): on a busy CI machine they
# failed examples that were right. A deadline stays, as a guard against a pathological input, far above any load.
settings.register_profile("newsexplorer", deadline=timedelta(seconds=30), suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("newsexplorer")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPORA = SHARED / "corpora"


@pytest.fixture(autouse=True)
def private_dirs(tmp_path, monkeypatch):
    """Nothing a test does touches the user's real data, config or cache."""
    home = tmp_path / "home"
    monkeypatch.setenv("NEWSEXPLORER_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "xdg-config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "xdg-cache"))
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    return home


@pytest.fixture
def corpora() -> Path:
    if not CORPORA.is_dir():
        pytest.skip("../shared/corpora is not beside the repo")
    return CORPORA


@pytest.fixture
def write(tmp_path):
    """write("name.txt", text or bytes) -> path, in a folder of articles for this test."""
    folder = tmp_path / "articles"

    def _write(name: str, content, encoding: str = "utf-8") -> Path:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding=encoding)
        return path

    _write.folder = folder
    return _write
