"""A catalog switch changes the checklist, `issue:` searches and the issue facet alike, on both backends.

Whoosh answers `issue:` from the article store since a switch stopped rewriting documents (search/issue_terms.py);
the PostgreSQL backend updates its issue column in place. Either way a user sees the new catalog everywhere."""
from __future__ import annotations

import pytest

from newsexplorer.index import Corpus

ARTICLES = {
    "truce.txt": "Title: Truce talks resume\nSource: Wire One\nDate: 2026-01-05\n\n"
                 "Envoys discussed a ceasefire along the front line on Monday.\n",
    "budget.txt": "Title: Budget decision\nSource: Wire Two\nDate: 2026-01-06\n\n"
                  "Ministers agreed a cut to the defence budget after a long night.\n",
    "both.txt": "Title: Budget and truce\nSource: Wire One\nDate: 2026-01-07\n\n"
                "The ceasefire would free money in the defence budget, the minister said.\n",
    "other.txt": "Title: Weather\nSource: Wire Three\nDate: 2026-01-08\n\n"
                 "Snow is expected in the north on Tuesday, forecasters said.\n",
}
TRUCE = '[[issue]]\nid = "ceasefire"\ntitle = "Ceasefire"\nterms = ["ceasefire"]\n'
BUDGET = ('[[issue]]\nid = "defence-budget"\ntitle = "Defence budget"\nterms = ["defence budget"]\n'
          '[[issue]]\nid = "front-line"\ntitle = "The front line"\nterms = ["front line"]\n')


@pytest.fixture(params=["whoosh", "postgresql"])
def corpus(request, write, tmp_path):
    for name, text in ARTICLES.items():
        write(name, text)
    spec = request.getfixturevalue("postgres_url") if request.param == "postgresql" else "whoosh"
    corpus, _ = Corpus.build(tmp_path / f"data-{request.param}", [write.folder], backend=spec)
    corpus.apply_catalog(text=TRUCE)
    yield corpus
    corpus.close()


def titles(corpus, query: str, **kw) -> set[str]:
    return {h.title for h in corpus.search(query, limit=50, **kw).hits}


def checklist(corpus) -> dict[str, int]:
    return {e["id"]: len(e.get("articles") or []) for e in corpus.issue_rollup()}


def test_a_switch_changes_search_facet_and_checklist_alike(corpus, tmp_path):
    assert titles(corpus, "issue:ceasefire") == {"Truce talks resume", "Budget and truce"}
    corpus.apply_catalog(text=BUDGET)
    # the old issue is gone from search, facet and checklist; the new ones are there, the same articles in each
    assert titles(corpus, "issue:ceasefire") == set()
    budget = {"Budget decision", "Budget and truce"}
    assert titles(corpus, "issue:defence-budget") == budget
    assert titles(corpus, "issue:front-line") == {"Truce talks resume"}
    assert titles(corpus, "money AND issue:defence-budget") == {"Budget and truce"}
    assert titles(corpus, "ceasefire", filters={"issue": "defence-budget"}) == {"Budget and truce"}
    assert corpus.search("NOT issue:defence-budget").total == len(ARTICLES) - 2
    assert dict(corpus.facets("")["issue"]) == {"defence-budget": 2, "front-line": 1}
    assert checklist(corpus) == {"defence-budget": 2, "front-line": 1}
    # and back again, as another process opening the data dir sees it
    corpus.apply_catalog(text=TRUCE)
    again = Corpus.open(corpus.data_dir)
    try:
        assert titles(again, "issue:ceasefire") == {"Truce talks resume", "Budget and truce"}
        assert titles(again, "issue:defence-budget") == set()
        assert dict(again.facets("")["issue"]) == {"ceasefire": 2}
    finally:
        again.close()
