"""Fixtures for the entity tests: the spaCy model once per session, and the shared corpora when present; and the
hand-made model spans the correction tests feed in."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

# The folder beside the repository (../shared), where the public corpora live; absent on most machines.
SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"


@pytest.fixture(scope="session")
def extractor():
    from newsexplorer.index.enrich.entities import EntityExtractor, load_model

    load_model()
    return EntityExtractor()


@pytest.fixture(scope="session")
def ukraine_articles() -> list[Path]:
    folder = SHARED / "corpora" / "ukraine_articles"
    files = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    if not files:
        pytest.skip(f"{folder} not present")
    return files


@pytest.fixture
def spans():
    """Builds hand-written stored spans from (text, label) pairs (offsets are irrelevant to canonicalisation)."""
    def build(*items: tuple[str, str]) -> list[dict]:
        return [{"start": 0, "end": len(text), "text": text, "label": label} for text, label in items]
    return build


def model(text: str, *items: tuple[str, str, int]) -> list[dict]:
    """Spans as the model would give them: (surface, label, which occurrence)."""
    spans = []
    for surface, label, nth in items:
        m = [m for m in re.finditer(re.escape(surface), text)][nth]
        spans.append({"start": m.start(), "end": m.end(), "text": surface, "label": label})
    return spans


def labels(spans: list[dict]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for s in spans:
        out.setdefault(s["text"], set()).add(s["label"])
    return out
