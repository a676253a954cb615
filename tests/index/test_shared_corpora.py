"""Real corpora from ../shared (skipped when it is absent): metadata right, site furniture gone."""
from __future__ import annotations

import itertools
import re

from newsexplorer.index import Corpus


def test_peace_talks_crawls_metadata_and_boilerplate(tmp_path, corpora):
    folder = corpora / "ukraine_articles"
    corpus, report = Corpus.build(tmp_path / "data", sorted(folder.glob("*.txt")))
    assert report.rejected == [] and corpus.count() == 25
    reuters = corpus.article(corpus.search('title:"second round of peace talks"').hits[0].id)
    assert (reuters.source, reuters.host, reuters.date) == ("Reuters", "reuters.com", "2026-02-05")
    assert reuters.title == "Ukraine, Russia end second round of peace talks with agreement on prisoner swap, new meeting"
    reuters_ids = {h.id for h in corpus.search("source:reuters", limit=50).hits}
    assert reuters.id in reuters_ids and len(reuters_ids) == 3  # the name, the domain, any case: the same three
    for query in ("source:reuters.com", "source:REUTERS", "source:Reuters"):
        assert {h.id for h in corpus.search(query, limit=50).hits} == reuters_ids, query
    assert reuters.url.startswith("https://www.reuters.com/")
    assert "Witkoff said the delegations" in reuters.text
    texts = [corpus.article(h.id).text for h in corpus.listing()]
    for furniture in ("Sign up here", "newsletter", "opens new tab", "Licensing Rights", "Get instant alerts",
                      "Click here", "](http", "**"):
        offenders = [t[:60] for t in texts if furniture.lower() in t.lower()]
        assert not offenders, (furniture, offenders)
    ap = corpus.article(corpus.search('title:"progress in negotiations"').hits[0].id)
    assert "Election Results White House Congress" not in ap.text  # the site's menu bar
    assert "Kremlin" in ap.text


def test_bbc_title_line_and_latin1_file(tmp_path, corpora):
    files = sorted((corpora / "bbc" / "sport").glob("19*.txt"))
    corpus, report = Corpus.build(tmp_path / "data", files)
    assert report.rejected == []
    for hit in corpus.listing():
        first_line = open(hit.path, "rb").read().split(b"\n", 1)[0].decode("utf-8", "replace").strip()
        assert hit.title.split()[0] in first_line
    latin1 = [h for h in corpus.listing() if h.path.endswith("sport/199.txt")]
    assert latin1 and "\ufffd" not in corpus.article(latin1[0].id).text


def test_newsgroups_headers(tmp_path, corpora):
    folder = corpora / "20newsgroups" / "20news-bydate-test" / "sci.space"
    files = sorted(folder.iterdir())[:20]
    corpus, report = Corpus.build(tmp_path / "data", files)
    assert report.rejected == []
    for hit in corpus.listing():
        raw = open(hit.path, encoding="latin-1").read()
        subject = " ".join(re.search(r"^Subject: (.*)$", raw, re.M)[1].split())
        assert hit.title == subject
        assert f"Subject: {subject}" not in corpus.article(hit.id).text


def test_reuters_jsonl_records(tmp_path, corpora):
    source = corpora / "reuters21578" / "reuters21578_parsed.jsonl"
    sample = tmp_path / "reuters.jsonl"
    with open(source, encoding="utf-8") as fh:
        sample.write_text("".join(itertools.islice(fh, 200)), encoding="utf-8")
    corpus, report = Corpus.build(tmp_path / "data", [sample])
    assert corpus.count() > 100
    assert all("has no text" in line for line in report.rejected)  # records with an empty body
    hit = corpus.listing(limit=1)[0]
    assert hit.date and hit.date.startswith("1987-")
