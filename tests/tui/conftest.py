"""Fixtures for the TUI tests: isolated dirs, a tiny hand-written index, a corpus with a fake issue API."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
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
         "NATO": ("ORG", "NATO"), "Geneva": ("GPE", "Geneva"), "Abu Dhabi": ("GPE", "Abu Dhabi"),
         "Brussels": ("GPE", "Brussels"), "Moscow": ("GPE", "Moscow")}
_NAME_RE = re.compile("|".join(sorted(map(re.escape, NAMES), key=len, reverse=True)))


def fake_enrich(articles) -> None:
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


@pytest.fixture(scope="session")
def tiny_index(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("tiny")
    src = write_articles(root / "articles")
    corpus, report = Corpus.build(root / "index", [src], enrich=fake_enrich)
    assert report.indexed == len(ARTICLES), report
    corpus.close()
    return root / "index"


@dataclass
class FakeUserData:
    marks: dict = field(default_factory=dict)

    def _mark(self, issue_id):
        return self.marks.setdefault(issue_id, {"checked": False, "override": None, "note": None})

    def set_checked(self, issue_id, checked):
        self._mark(issue_id)["checked"] = bool(checked)

    def set_override(self, issue_id, status):
        assert status in (None, "agreed", "progress", "unresolved")
        self._mark(issue_id)["override"] = status

    def set_note(self, issue_id, text):
        self._mark(issue_id)["note"] = text


class IssueCorpus:
    """A real Corpus plus the issue API the engine is growing (issue_rollup + userdata), for the checklist."""

    def __init__(self, corpus: Corpus):
        self._corpus = corpus
        self.userdata = FakeUserData()
        self.by_title = {h.title: h for h in corpus.listing(limit=100)}

    def __getattr__(self, name):
        return getattr(self._corpus, name)

    def issue_rollup(self) -> list[dict]:
        geneva = self.by_title["Geneva talks end with a ceasefire plan"]
        abu = self.by_title["Talks in Abu Dhabi stall over territory"]
        catalog = [
            {"id": "ceasefire", "title": "Ceasefire", "detected_status": "agreed",
             "articles": [{"id": geneva.id, "title": geneva.title, "source": geneva.source, "date": geneva.date,
                           "status": "agreed",
                           "evidence": ["NATO officials welcomed the ceasefire."]},
                          {"id": abu.id, "title": abu.title, "source": abu.source, "date": abu.date,
                           "status": "unresolved",
                           "evidence": ["Zelensky said territory would not be traded for a ceasefire."]}],
             "history": [{"date": abu.date, "statuses": {abu.source: ["unresolved"]}},
                         {"date": geneva.date, "statuses": {geneva.source: ["agreed"]}}]},
            {"id": "territory", "title": "Territory", "detected_status": "unresolved",
             "articles": [{"id": abu.id, "title": abu.title, "source": abu.source, "date": abu.date,
                           "status": "unresolved", "evidence": ["Talks in Abu Dhabi stalled over territory on Monday."]}],
             "history": []},
            {"id": "security-guarantees", "title": "Security guarantees for Ukraine", "detected_status": "progress",
             "articles": [], "history": []},
        ]
        out = []
        for issue in catalog:
            mark = self.userdata.marks.get(issue["id"], {})
            dates = [a["date"] for a in issue["articles"] if a["date"]]
            out.append({**issue, "status": mark.get("override") or issue["detected_status"],
                        "override": mark.get("override"), "checked": bool(mark.get("checked")),
                        "note": mark.get("note"), "article_count": len(issue["articles"]),
                        "last_mention": max(dates) if dates else None})
        return out
