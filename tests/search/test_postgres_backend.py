"""The PostgreSQL backend itself, and each documented difference from Whoosh's query language (docs/scale.md).

Every difference is asserted on both backends side by side, so a change on either side shows up here.
"""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from newsexplorer.index import Corpus, IndexUnavailable, QueryError
from newsexplorer.index.search.postgres_backend import schema_name
from newsexplorer.tui.cli import main

ARTICLES = {
    "news.txt": "Title: Morning bulletin\nSource: Wire One\nDate: 2026-01-05\n\n"
                "The latest news from the talks arrived late on Monday evening for the delegations.\n",
    "cut.txt": "Title: Budget decision\nSource: Wire Two\nDate: 2026-01-06\n\n"
               "Ministers agreed a cut to the defence budget after a long night of negotiations.\n",
    "title.txt": "Title: Ceasefire holds in the east\nSource: Wire One\nDate: 2026-01-07\n\n"
                 "Observers reported that the line was quiet on Tuesday, officials said.\n",
    "body.txt": "Title: Officials meet again\nSource: Wire Three\nDate: 2026-01-08\n\n"
                "Officials said the ceasefire was discussed among many other questions at length.\n",
}


@pytest.fixture
def folder(write):
    for name, text in ARTICLES.items():
        write(name, text)
    return write.folder


@pytest.fixture(params=["whoosh", "postgresql"])
def corpus(request, folder, tmp_path):
    spec = request.getfixturevalue("postgres_url") if request.param == "postgresql" else "whoosh"
    corpus, report = Corpus.build(tmp_path / f"data-{request.param}", [folder], backend=spec)
    assert report.indexed == len(ARTICLES) and corpus.backend.name == request.param
    yield corpus
    corpus.close()


def names(result) -> list[str]:
    return [h.path.rsplit("/", 1)[-1] for h in result.hits]


def test_the_same_query_finds_the_same_articles(corpus):
    assert names(corpus.search("ceasefire")) == ["title.txt", "body.txt"]  # the title match first on both
    assert names(corpus.search('"defence budget"')) == ["cut.txt"]
    assert corpus.search("officials NOT ceasefire").total == 0
    assert names(corpus.search("title:ceasefire")) == ["title.txt"]
    assert names(corpus.search("negot*")) == ["cut.txt"]
    assert set(names(corpus.search("date:[2026-01-06 to 2026-01-07] (ceasefire OR budget)"))) == {"cut.txt", "title.txt"}
    assert set(names(corpus.search("officials", filters={"outlet": "Wire Three"}))) == {"body.txt"}
    assert names(corpus.search('source:"wire two"')) == ["cut.txt"]


def test_no_stop_words_on_either(corpus):
    """Both keep every word: 'the' and 'was' are searchable (PostgreSQL's english stop-word list is not used)."""
    assert corpus.search("was").total == 2
    assert corpus.search('"the line was quiet"').total == 1


def test_stemming_differs_news_is_new_only_in_whoosh(corpus):
    """Whoosh stems with Porter ('news' → 'new'), PostgreSQL with Snowball English ('news' stays 'news')."""
    found = names(corpus.search("new"))
    assert found == (["news.txt"] if corpus.backend.name == "whoosh" else [])
    assert names(corpus.search("news")) == ["news.txt"]  # the word itself: both


def test_fuzzy_terms_differ_on_short_words(corpus):
    """Whoosh expands `cat~` over every index term within one edit; PostgreSQL takes its candidates from pg_trgm
    (trigram similarity ≥ 0.25 first), which misses 'cut' for 'cat' (they share one trigram of seven)."""
    assert names(corpus.search("cat~")) == (["cut.txt"] if corpus.backend.name == "whoosh" else [])
    assert names(corpus.search("negotations~")) == ["cut.txt"]  # a longer word: both


def test_boosts_are_ignored_by_postgresql(corpus):
    plain = [(h.id, h.score) for h in corpus.search("ceasefire OR officials").hits]
    boosted = [(h.id, h.score) for h in corpus.search("ceasefire OR officials^5").hits]
    if corpus.backend.name == "postgresql":
        assert boosted == plain
    else:
        assert boosted != plain


def test_wildcards_on_name_fields_only_in_whoosh(corpus):
    if corpus.backend.name == "whoosh":
        assert corpus.search("source:wir*").total == 4
    else:
        with pytest.raises(QueryError, match="title and body words only"):
            corpus.search("source:wir*")


def test_scores_are_not_comparable_across_backends(corpus):
    """BM25F (title counted three times) in Whoosh, ts_rank_cd (title weight 1.0, body 0.4) in PostgreSQL:
    the order of a title and a body match agrees, the numbers do not."""
    top, second = corpus.search("ceasefire").hits
    assert top.score > second.score > 0
    if corpus.backend.name == "postgresql":
        assert top.score == pytest.approx(1.0) and second.score == pytest.approx(0.4)


def test_snippets_and_highlights_come_from_the_store_text(corpus):
    hit = corpus.search("negotiations").hits[0]
    assert "negotiations" in hit.snippet and "<b>" not in hit.snippet and "[" not in hit.snippet
    assert [hit.snippet[s:e] for s, e in hit.snippet_spans] == ["negotiations"]
    matcher = corpus.highlight_terms("negotiation")  # a stem of either kind finds the word in the text
    assert [w for _, _, w in matcher.find("long night of negotiations")] == ["negotiations"]


def test_did_you_mean_and_facets(corpus):
    assert corpus.search("ceasfire").suggestion == "ceasefire"
    assert dict(corpus.facets("officials")["outlet"]) == {"Wire One": 1, "Wire Three": 1}


def test_postgresql_restores_a_dropped_index_from_the_article_store(postgres_url, folder, tmp_path):
    data = tmp_path / "data"
    corpus, _ = Corpus.build(data, [folder], backend=postgres_url)
    before = corpus.version()
    corpus.close()
    import psycopg

    with psycopg.connect(postgres_url, autocommit=True) as db:
        db.execute(f"DROP SCHEMA {schema_name(data)} CASCADE")
    told = []
    corpus = Corpus.open(data, backend=postgres_url, on_restore=told.append)
    assert told and "missing" in told[0] and corpus.restored
    assert corpus.search("ceasefire").total == 2
    corpus.close()
    assert before >= 1


def test_a_commit_elsewhere_moves_the_generation(postgres_url, folder, tmp_path, write):
    data = tmp_path / "data"
    reader, _ = Corpus.build(data, [folder], backend=postgres_url)
    seen = reader.version()
    write("more.txt", "Title: Another ceasefire report\n\nA third article about the ceasefire arrived today.\n")
    writer, report = Corpus.build(data, [folder], backend=postgres_url)
    assert report.indexed == 1
    writer.close()
    assert reader.version() > seen
    assert reader.search("ceasefire").total == 3
    reader.close()


def test_cli_backend_option_and_an_unreachable_server(postgres_url, folder, tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSEXPLORER_BACKEND", "whoosh")  # --backend sets it for the process: put back after
    runner = CliRunner()
    data = tmp_path / "data"
    result = runner.invoke(main, ["--backend", postgres_url, "--index-dir", str(data), "index", str(folder)])
    assert result.exit_code == 0, result.stderr
    result = runner.invoke(main, ["--backend", postgres_url, "--index-dir", str(data), "search", "ceasefire", "--json"])
    assert json.loads(result.stdout)["total"] == 2
    nowhere = "postgresql://nobody@/postgres?host=/nonexistent&port=1"
    result = runner.invoke(main, ["--backend", nowhere, "--index-dir", str(data), "search", "ceasefire"])
    assert result.exit_code == 2
    assert result.stderr.startswith("newsexplorer: ") and result.stderr.count("\n") == 1
    assert "cannot reach PostgreSQL" in result.stderr and "Traceback" not in result.stderr
    result = runner.invoke(main, ["--backend", "solr://x", "--index-dir", str(data), "search", "ceasefire"])
    assert result.exit_code == 2 and "unknown search backend 'solr'" in result.stderr


def test_unreachable_server_never_costs_the_article_store(folder, tmp_path):
    data = tmp_path / "data"
    Corpus.build(data, [folder])[0].close()
    with pytest.raises(IndexUnavailable, match="cannot reach"):
        Corpus.open(data, backend="postgresql://nobody@/postgres?host=/nonexistent&port=1")
    assert Corpus.open(data).search("ceasefire").total == 2  # Whoosh and the store as they were


def test_a_lost_connection_is_opened_again(postgres_url, folder, tmp_path):
    corpus, _ = Corpus.build(tmp_path / "data", [folder], backend=postgres_url)
    corpus.backend._db.close()  # as after a server restart
    assert corpus.search("ceasefire").total == 2
    corpus.close()


def test_without_postgresql_binaries_the_tests_say_why_in_one_line(tmp_path):
    from .conftest import NoServer, start_server

    for bin_dir in (None, tmp_path):
        with pytest.raises(NoServer, match=r"^initdb/pg_ctl not found \(Debian: apt-get install postgresql\)$"):
            start_server(bin_dir)


class _Counting:
    """The reading connection, counting the statements sent through it."""

    def __init__(self, db):
        self.db, self.statements = db, []

    def execute(self, sql, params=None):
        self.statements.append(sql)
        return self.db.execute(sql, params)

    def __getattr__(self, name):
        return getattr(self.db, name)


def test_a_search_is_one_round_trip_with_its_total_page_and_highlights(postgres_url, folder, tmp_path, write):
    """Each round trip to a loaded server waits for its process to be scheduled: the page, the total, the words to
    highlight and the generation (live refresh) come back from one statement."""
    data = tmp_path / "data"
    corpus, _ = Corpus.build(data, [folder], backend=postgres_url)
    backend = corpus.backend
    counting = backend._db = _Counting(backend._db)
    corpus.search("ceasefire")  # the first search of a connection may look up types: not counted
    counting.statements.clear()
    result = corpus.search("ceasefire", limit=2)
    assert len(counting.statements) == 1
    assert result.total == 2 and len(result.hits) == 2
    assert ["ceasefire"] in [[hit.snippet[s:e] for s, e in hit.snippet_spans] for hit in result.hits]
    counting.statements.clear()
    past = corpus.search("ceasefire", limit=5, offset=10)  # a page past the end still knows the total
    assert past.total == 2 and past.hits == [] and len(counting.statements) == 1
    assert corpus.search("nosuchwordanywhere", suggest=False).total == 0

    refreshed = []
    corpus._forget_caches = lambda: refreshed.append(1)
    backend.on_refresh = corpus._forget_caches
    write("more.txt", "Title: Another ceasefire report\n\nA third article about the ceasefire arrived today.\n")
    writer, _ = Corpus.build(data, [folder], backend=postgres_url)
    writer.close()
    counting.statements.clear()
    assert corpus.search("ceasefire").total == 3 and refreshed == [1]  # seen by the same statement
    assert len(counting.statements) == 1
    corpus.close()
