"""Fixtures for the TUI tests: isolated dirs, a tiny hand-written index and the bundled seeds' index, both built by
the real engine (issue detection included; entities from a small gazetteer instead of spaCy, for speed). Each test
gets its own copy of the data dir, so its newsexplorer.db (ticks, overrides, notes) starts empty."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from newsexplorer.index import Corpus

ARTICLES = {
    "a_geneva.txt": (
        "Title: Geneva talks end with a ceasefire plan\nSource: Reuters\nDate: 2026-02-05\n"
        "URL: https://example.org/geneva\n\n"
        "Negotiators in Geneva agreed a ceasefire plan on Wednesday. Volodymyr Zelensky said the plan was a start.\n\n"
        "NATO officials welcomed the ceasefire. Security guarantees remain unresolved, said Zelensky.\n\n"
        "The ceasefire would begin next week if Moscow agrees.\n"),
    "b_abudhabi.txt": (
        "Title: Talks in Abu Dhabi stall over territory\nSource: AP News\nDate: 2026-01-26\n\n"
        "Talks in Abu Dhabi stalled over territory on Monday. NATO was not at the table.\n\n"
        "Zelensky said territory would not be traded for a ceasefire.\n"),
    "c_markup.txt": (
        "Title: Odd [bold]x[/bold] title [@click=app.quit]quit[/]\nSource: [Blog] Weekly\nDate: 2026-02-10\n\n"
        "Body with markup [bold]x[/bold] and a link [@click=app.quit]click me[/] and a closing [/b] tag.\n\n"
        "An escape \x1b]52;c;aGk=\x07 tried to write the clipboard; \x1b[31mred\x1b[0m too. ceasefire.\n"),
    "d_sanctions.txt": (
        "Title: Sanctions debate in Brussels\nSource: BBC\nDate: 2025-12-01\n\n"
        "European ministers in Brussels debated sanctions on Russian oil. Reconstruction funds were discussed.\n"),
}

NAMES = {"Volodymyr Zelensky": ("PERSON", "Volodymyr Zelensky"), "Zelensky": ("PERSON", "Volodymyr Zelensky"),
         "Zelenskyy": ("PERSON", "Volodymyr Zelensky"), "Witkoff": ("PERSON", "Steve Witkoff"),
         "Putin": ("PERSON", "Vladimir Putin"), "NATO": ("ORG", "NATO"), "Kremlin": ("ORG", "Kremlin"),
         "Bloomberg": ("ORG", "Bloomberg"), "European Union": ("ORG", "European Union"),
         "Geneva": ("GPE", "Geneva"), "Abu Dhabi": ("GPE", "Abu Dhabi"), "Brussels": ("GPE", "Brussels"),
         "Moscow": ("GPE", "Moscow"), "Paris": ("GPE", "Paris"), "Kyiv": ("GPE", "Kyiv"),
         "Ukrainian": ("NORP", "Ukrainian"), "European": ("NORP", "European")}
_NAME_RE = re.compile("|".join(sorted(map(re.escape, NAMES), key=len, reverse=True)))


def gazetteer_entities(articles) -> None:
    """Entities by a fixed gazetteer (no spaCy in the TUI tests)."""
    for article in articles:
        article.entities = [{"start": m.start(), "end": m.end(), "text": m.group(), "label": NAMES[m.group()][0],
                             "canonical": NAMES[m.group()][1]} for m in _NAME_RE.finditer(article.text)]


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch):
    for var, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"), ("XDG_CACHE_HOME", "cache"),
                     ("NEWSEXPLORER_HOME", "home")):
        (tmp_path / sub).mkdir()
        monkeypatch.setenv(var, str(tmp_path / sub))
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    monkeypatch.delenv("NEWSEXPLORER_KEYMAP", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return tmp_path


def write_articles(folder: Path, articles: dict[str, str] = ARTICLES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def real_enrich():
    """The engine's enricher (real issue detection against the bundled catalog) with gazetteer entities."""
    from newsexplorer.index.enrich import make_enricher

    issues = make_enricher(None, entities=False)

    def enrich(articles) -> None:
        gazetteer_entities(articles)
        issues(articles)
    return enrich


@pytest.fixture(scope="session")
def _tiny_built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("tiny")
    src = write_articles(root / "articles")
    corpus, report = Corpus.build(root / "index", [src], enrich=real_enrich())
    assert report.indexed == len(ARTICLES), report
    corpus.close()
    return root / "index"


@pytest.fixture(scope="session")
def _seeds_built(tmp_path_factory) -> Path:
    from newsexplorer.tui.config import seeds_articles_path

    root = tmp_path_factory.mktemp("seeds")
    corpus, report = Corpus.build(root / "index", [seeds_articles_path()], enrich=real_enrich())
    assert report.indexed == 5, report
    corpus.close()
    return root / "index"


@pytest.fixture
def tiny_index(_tiny_built, tmp_path) -> Path:
    """A data dir of its own for this test (copied from one build per session)."""
    return Path(shutil.copytree(_tiny_built, tmp_path / "tiny-index"))


@pytest.fixture
def seeds_index(_seeds_built, tmp_path) -> Path:
    """The five bundled seed articles, indexed with issue detection; a data dir of its own for this test."""
    return Path(shutil.copytree(_seeds_built, tmp_path / "seeds-index"))
