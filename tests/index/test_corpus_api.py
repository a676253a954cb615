"""Corpus.search paging and Corpus.facets, on a generated corpus with entities and issues (a fake enricher)."""
from __future__ import annotations

import random
from collections import Counter

import pytest

from newsexplorer.index import Corpus, QueryError

OUTLETS = ["Planet Wire", "Daily Planet", "Kyiv Post"]
PEOPLE = ["Volodymyr Zelensky", "Emmanuel Macron", "Keir Starmer", "Ursula von der Leyen"]
PLACES = ["Geneva", "Abu Dhabi", "Brussels"]
ISSUES = ["ceasefire", "sanctions", "territory"]
WORDS = "talks ceasefire negotiators agreed plan security guarantees sanctions oil territory troops".split()


def fake_enrich(articles) -> None:
    """Entities and issues from the words of the text (no model): enough to count facets against."""
    for article in articles:
        ents = []
        for label, names in (("PERSON", PEOPLE), ("GPE", PLACES), ("ORG", ["NATO"])):
            for name in names:
                start = article.text.find(name)
                while start >= 0:
                    ents.append({"start": start, "end": start + len(name), "text": name, "label": label,
                                 "canonical": name})
                    start = article.text.find(name, start + 1)
        article.entities = ents
        article.issues = [{"id": i, "status": "progress", "evidence": []} for i in ISSUES if i in article.text]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    rng = random.Random(11)
    root = tmp_path_factory.mktemp("api")
    folder = root / "articles"
    folder.mkdir()
    for n in range(36):
        body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 30)))
        names = rng.sample(PEOPLE + PLACES + ["NATO"], rng.randint(0, 3))
        text = f"{body}. {' and '.join(names)} were mentioned. {rng.choice(WORDS)} again."
        (folder / f"a{n:02}.txt").write_text(
            f"Title: Story {n} about {rng.choice(WORDS)}\nSource: {rng.choice(OUTLETS)}\n"
            f"Date: 2026-01-{n % 28 + 1:02}\n\n{text}\n", encoding="utf-8")
    corpus, report = Corpus.build(root / "data", [folder], enrich=fake_enrich)
    assert report.indexed == 36
    yield corpus
    corpus.close()


QUERIES = ["talks", "ceasefire OR sanctions", '"security guarantees"', "story", "title:story talks"]


@pytest.mark.parametrize("query", QUERIES)
def test_pages_put_together_are_the_unpaged_list(corpus, query):
    whole = corpus.search(query, limit=100)
    assert whole.total == len(whole.hits) > 3 and not whole.total_is_estimate
    for size in (1, 4, 7):
        paged = []
        for offset in range(0, whole.total + size, size):
            page = corpus.search(query, limit=size, offset=offset)
            assert page.total == whole.total
            assert len(page.hits) == max(0, min(size, whole.total - offset))
            paged += [(h.id, h.score) for h in page.hits]
        assert paged == [(h.id, h.score) for h in whole.hits]


def test_paging_with_filters_and_date_order(corpus):
    filters = {"outlet": "Planet Wire"}
    for sort in ("relevance", "date"):
        whole = corpus.search("story", limit=100, sort=sort, filters=filters)
        assert whole.hits and all(h.source == "Planet Wire" for h in whole.hits)
        pages = [corpus.search("story", limit=5, offset=o, sort=sort, filters=filters).hits
                 for o in range(0, whole.total, 5)]
        assert [h.id for p in pages for h in p] == [h.id for h in whole.hits]
    assert corpus.search("story", limit=5, offset=1000).hits == []


def _expected(corpus, query, filters=None):
    """Facet counts by brute force: every matching article read back from the store."""
    hits = corpus.search(query, limit=1000, filters=filters).hits if query or filters else corpus.listing(None)
    counts = {f: Counter() for f in ("outlet", "person", "org", "place", "issue")}
    field_of = {"PERSON": "person", "GPE": "place", "ORG": "org"}
    for hit in hits:
        article = corpus.article(hit.id)
        counts["outlet"][article.source] += 1
        for field, name in {(field_of[e["label"]], e["canonical"]) for e in article.entities}:
            counts[field][name] += 1
        for issue in {i["id"] for i in article.issues}:
            counts["issue"][issue] += 1
    return {f: sorted(c.items(), key=lambda kv: (-kv[1], kv[0].casefold())) for f, c in counts.items()}, len(hits)


@pytest.mark.parametrize("query", ["", "talks", "ceasefire OR sanctions", '"security guarantees"', "story"])
def test_facets_count_every_match(corpus, query):
    expected, total = _expected(corpus, query)
    got = corpus.facets(query, top=None)
    assert got == expected
    assert sum(n for _, n in got["outlet"]) == total  # every match, not a page of them
    if query in ("talks", "story"):
        assert total > 10  # more matches than a first page of hits
    assert got["person"] and got["issue"] and got["place"]


def test_facets_respect_filters_and_top(corpus):
    person = corpus.facets("")["person"][0][0]
    for filters in ({"outlet": "Daily Planet"}, {"person": person}, {"issue": "ceasefire"},
                    {"outlet": "Kyiv Post", "place": "Geneva"}):
        expected, total = _expected(corpus, "story", filters)
        got = corpus.facets("story", filters, top=None)
        assert got == expected
        assert total == corpus.search("story", filters=filters).total
        field, value = next(iter(filters.items()))
        assert dict(got[field]).get(value) == total  # the filtered value is on every match
    assert corpus.facets("", {"outlet": "Daily Planet"}) == corpus.facets("story OR NOT story", {"outlet": "Daily Planet"})
    top2 = corpus.facets("story", top=2, fields=("person", "outlet"))
    assert set(top2) == {"person", "outlet"} and all(len(v) <= 2 for v in top2.values())
    assert top2["person"] == corpus.facets("story", top=None)["person"][:2]
    assert corpus.facets("nosuchword") == {f: [] for f in ("outlet", "person", "org", "place", "issue")}
    with pytest.raises(QueryError):
        corpus.facets("story", fields=("colour",))


def test_relevance_search_runs_on_the_executor(corpus, monkeypatch):
    """Whoosh's own collector is only for date order and what the executor cannot model."""
    searcher = corpus.searcher()

    def whoosh_search(*args, **kwargs):
        raise AssertionError("fell back to Whoosh's searcher.search")

    monkeypatch.setattr(searcher, "search", whoosh_search)
    for query in QUERIES + ["talk*", "ceasefre~", "date:[20260101 to 20260110] talks", "talks NOT oil"]:
        assert corpus.search(query).hits, query
    assert corpus.search("talks", filters={"outlet": "Kyiv Post"}).hits
