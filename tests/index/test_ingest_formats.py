"""Every input format a user may point the tool at becomes clean articles with the right metadata."""
from __future__ import annotations

import json

from newsexplorer.index import Corpus

PARA = ("Negotiators from both delegations met in Geneva on Tuesday and discussed security guarantees, "
        "the future of the Zaporizhzhia plant and a possible ceasefire along the front line.")
PARA2 = "Officials said another round of talks would follow next month, although no date has been agreed yet."


def build(tmp_path, *paths):
    corpus, report = Corpus.build(tmp_path / "data", list(paths))
    return corpus, report


def only(corpus):
    hits = corpus.listing()
    assert len(hits) == 1, [h.title for h in hits]
    return corpus.article(hits[0].id)


def test_header_block_gives_metadata_and_is_not_body(tmp_path, write):
    path = write("a.txt", f"Title: Talks resume in Geneva\nSource: example.org\nURL: https://example.org/a\n"
                          f"Date: 2026-02-05\n\n{PARA}\n{PARA2}\n")
    article = only(build(tmp_path, path)[0])
    assert (article.title, article.source, article.url, article.date) == (
        "Talks resume in Geneva", "example.org", "https://example.org/a", "2026-02-05")
    assert article.text.startswith("Negotiators") and "Title:" not in article.text


def test_rfc822_headers_like_newsgroups(tmp_path, write):
    path = write("53068", "From: jdoe@cs.example.edu (John Doe)\nSubject: Re: Orbital mechanics\n"
                          "Organization: Example University\nLines: 3\n\n" + PARA + "\n")
    article = only(build(tmp_path, path)[0])
    assert article.title == "Re: Orbital mechanics"
    assert article.byline == "John Doe"
    assert article.source == "Example University"


def test_scraped_text_headline_byline_and_outlet_from_lines(tmp_path, write):
    text = (f"Ukraine and Russia end second round of talks\n\nBy Jane Roe and Max Mustermann\n"
            f"Updated February 5, 2026\n\nKYIV, Feb 5 (Reuters) - {PARA}\n{PARA2}\n")
    article = only(build(tmp_path, write("b.txt", text))[0])
    assert article.title == "Ukraine and Russia end second round of talks"
    assert article.byline == "Jane Roe and Max Mustermann"
    assert article.source == "Reuters"
    assert article.date == "2026-02-05"
    assert "By Jane Roe" not in article.text


def test_weekday_only_date_stays_unknown(tmp_path, write):
    text = f"Talks end without a deal\n\nThe envoy said on Wednesday that {PARA}\n{PARA2}\n"
    assert only(build(tmp_path, write("c.txt", text))[0]).date is None


def test_html_main_text_without_scripts_or_navigation(tmp_path, write):
    html = f"""<!doctype html><html><head><title>Geneva talks | Daily Planet</title>
    <meta name="author" content="Lois Lane"><meta property="article:published_time" content="2026-01-07">
    <script>var tracking = "SECRET_TRACKER";</script></head><body>
    <nav><a href="/">Home</a> <a href="/world">World NAVLINK</a></nav>
    <article><h1>Geneva talks</h1><p>{PARA}</p><p>{PARA2}</p></article>
    <div class="ad">Buy now ADVERT</div><footer>Copyright 2026 Daily Planet</footer></body></html>"""
    article = only(build(tmp_path, write("p.html", html))[0])
    assert article.title.startswith("Geneva talks")
    assert article.byline == "Lois Lane" and article.date == "2026-01-07"
    assert "Negotiators" in article.text
    for junk in ("SECRET_TRACKER", "NAVLINK", "ADVERT"):
        assert junk not in article.text


def test_json_array_and_object_with_list(tmp_path, write):
    records = [{"title": f"Story {i}", "body": f"{PARA} Story {['one', 'two', 'three'][i]}.", "date": "2026-01-0" + str(i + 1),
                "url": f"https://x.example/{i}", "source": {"name": "Wire"}, "author": ["A. One", "B. Two"]}
               for i in range(3)]
    a = write("a.json", json.dumps(records))
    b = write("b.json", json.dumps({"articles": [{"headline": "Other", "content": PARA2 + " Extra words here."}]}))
    corpus, report = build(tmp_path, a, b)
    assert report.rejected == []
    titles = sorted(h.title for h in corpus.listing())
    assert titles == ["Other", "Story 0", "Story 1", "Story 2"]
    story = corpus.article(corpus.search('title:"Story 1"').hits[0].id)
    assert (story.source, story.byline, story.date) == ("Wire", "A. One, B. Two", "2026-01-02")


def test_jsonl_bad_line_rejects_that_line_only(tmp_path, write):
    lines = [json.dumps({"title": "First", "text": PARA}), "{not json", json.dumps({"title": "Third", "text": PARA2})]
    path = write("feed.jsonl", "\n".join(lines) + "\n")
    corpus, report = build(tmp_path, path)
    assert sorted(h.title for h in corpus.listing()) == ["First", "Third"]
    assert report.rejected == [f"{path.resolve()}: malformed JSON at line 2: Expecting property name enclosed in double quotes"]


def test_csv_with_header_row(tmp_path, write):
    path = write("a.csv", f'title,description,date\n"Talks, again","{PARA}",2026-03-01\n')
    article = only(build(tmp_path, path)[0])
    assert article.title == "Talks, again" and article.date == "2026-03-01"


def test_rss_and_atom_one_article_per_entry(tmp_path, write):
    rss = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Planet Wire</title>
      <item><title>First entry</title><link>https://p.example/1</link><pubDate>Tue, 06 Jan 2026 10:00:00 GMT</pubDate>
      <description>&lt;p&gt;{PARA}&lt;/p&gt;&lt;script&gt;evil()&lt;/script&gt;</description></item>
      <item><title>Second entry</title><description>{PARA2}</description></item></channel></rss>"""
    atom = f"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom News</title>
      <entry><title>Atom entry</title><link href="https://a.example/1"/><updated>2026-02-01T00:00:00Z</updated>
      <content type="html">{PARA}</content></entry></feed>"""
    corpus, report = build(tmp_path, write("planet.rss", rss), write("atom.xml", atom))
    assert report.rejected == []
    assert sorted(h.title for h in corpus.listing()) == ["Atom entry", "First entry", "Second entry"]
    first = corpus.article(corpus.search('title:first').hits[0].id)
    assert (first.source, first.date, first.url) == ("Planet Wire", "2026-01-06", "https://p.example/1")
    assert "evil" not in first.text


def test_encodings_bom_utf16_latin1_cp1252(tmp_path, write):
    text = f"Caf\u00e9 talks in Z\u00fcrich\n\n{PARA} \u201cWe are close,\u201d said Fran\u00e7ois."
    paths = [write("bom.txt", "\ufeff" + text + " BOM", "utf-8"), write("u16.txt", text + " U16", "utf-16"),
             write("latin1.txt", text.replace("\u201c", '"').replace("\u201d", '"') + " L1", "latin-1"),
             write("cp1252.txt", text + " CP", "cp1252")]
    corpus, report = build(tmp_path, *paths)
    assert report.rejected == []
    assert len(corpus.listing()) == 4
    for hit in corpus.listing():
        article = corpus.article(hit.id)
        assert article.title == "Caf\u00e9 talks in Z\u00fcrich", hit.path
        assert "Fran\u00e7ois" in article.text
    assert len(corpus.search("zurich").hits) == 4  # accents folded in search too


def test_a_new_format_is_one_reader_record(tmp_path, write, monkeypatch):
    """The registry is the only place formats are listed: one added record is walked to, sniffed and read."""
    from newsexplorer.index.ingest import files, readers
    from newsexplorer.index.ingest.raw import RawArticle

    def read_notes(src):
        title, _, body = src.text.partition("\n%%\n")
        return [RawArticle(body=body, title=title.strip())]

    notes = readers.Reader("notes", frozenset({".notes"}), read_notes)
    monkeypatch.setattr(readers, "READERS", [notes, *readers.READERS])
    monkeypatch.setattr(files, "ARTICLE_EXT", readers.article_extensions())
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.notes").write_text(f"Barley harvest\n%%\n{PARA}\n")
    article = only(build(tmp_path, folder)[0])
    assert article.title == "Barley harvest" and article.text.startswith("Negotiators")


def test_short_json_record_is_indexed_and_found(tmp_path, write):
    """Boilerplate rules are for scraped pages: a one-line record is the author's text, all of it."""
    path = write("r.jsonl", json.dumps({"title": "ok", "body": "fine text about barley"}) + "\n")
    corpus, report = build(tmp_path, path)
    assert report.emptied == 0 and report.rejected == []
    article = only(corpus)
    assert (article.title, article.text) == ("ok", "fine text about barley")
    assert [h.title for h in corpus.search("barley").hits] == ["ok"]


def test_structured_record_keeps_lines_a_page_would_lose(tmp_path, write):
    """Short non-sentence lines in a record's text (a list, a dateline) are kept; only markup and controls go."""
    body = "<p>Prices:</p><p>Barley up 3%</p><p>Wheat flat</p><p>Oats down</p>\x1b[31m<script>x()</script>"
    article = only(build(tmp_path, write("r.json", json.dumps({"title": "Grain", "text": body})))[0])
    assert article.text.split("\n\n") == ["Prices:", "Barley up 3%", "Wheat flat", "Oats down"]


def test_hard_wrapped_wire_record_is_joined_into_paragraphs(tmp_path, write):
    """A 1987 wire body wrapped at ~70 columns reads as sentences, not one paragraph per line; its list stays."""
    body = ("OPEC ministers meeting in Vienna agreed to hold the group's output\n"
            "ceiling at 15.8 mln barrels per day for the rest of the year, the\n"
            "conference said in a statement issued late on Saturday evening.\n"
            "    Quotas were:\n"
            "    Saudi Arabia 4.13 mln\n"
            "    Iran 2.37 mln\n")
    article = only(build(tmp_path, write("w.jsonl", json.dumps({"title": "OPEC holds ceiling", "body": body}) + "\n"))[0])
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0] == ("OPEC ministers meeting in Vienna agreed to hold the group's output ceiling at 15.8 mln "
                             "barrels per day for the rest of the year, the conference said in a statement issued "
                             "late on Saturday evening.")
    assert paragraphs[-2:] == ["Saudi Arabia 4.13 mln", "Iran 2.37 mln"]


def test_ag_news_one_line_records_are_all_kept(tmp_path, corpora):
    """AG News rows (title + one-sentence description), given a header row, are every one indexed."""
    import csv

    with open(corpora / "agnews" / "test.csv", newline="", encoding="utf-8") as fh:
        rows = [row for _, row in zip(range(300), csv.reader(fh))]
    path = tmp_path / "ag.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["class", "title", "description"])
        out.writerows(rows)
    corpus, report = build(tmp_path, path)
    assert report.rejected == [] and report.emptied == 0
    assert report.indexed + report.duplicates == 300


LATIN_SAMPLES = [
    ("fr", "latin-1", "Café owners in Liège said prices rose. Les propriétaires de café à Liège ont dit que les prix ont augmenté."),
    ("fr", "cp1252", "Café owners in Liège said prices rose \u2014 \u201cà peine\u201d, déclare François."),
    ("de", "latin-1", "Die Gastwirte in Köln äußerten große Sorgen über die Preise für Brötchen."),
    ("de", "cp1252", "Die Bürger in München sagten, die Preise seien gestiegen \u2013 \u201eleider\u201c."),
    ("es", "latin-1", "Los dueños de cafés en Málaga dijeron que los precios subieron, señaló el niño."),
    ("es", "cp1252", "Los dueños de bares en Cádiz dijeron que los precios subieron \u2026 según la información."),
    ("pl", "cp1250", "Właściciele kawiarni w Łodzi mówią, że ceny wzrosły, powiedział rzecznik."),
    ("pl", "iso-8859-2", "Właściciele kawiarni w Łodzi mówią, że ceny wzrosły, powiedział rzecznik."),
    ("ru", "cp1251", "Владельцы кафе в Москве сказали, что цены выросли."),
]


def test_single_byte_text_reads_as_its_own_code_page(tmp_path):
    """Western text stays Western (never 'Ličge'); Polish or Cyrillic bytes are still read as what they are."""
    from newsexplorer.index.ingest.files import read_articles

    for lang, encoding, sentence in LATIN_SAMPLES:
        path = tmp_path / f"{lang}-{encoding}.txt"
        path.write_bytes(sentence.encode(encoding))
        [raw] = list(read_articles(path))
        assert raw.body == sentence, (lang, encoding, raw.body)


def test_one_sentence_latin1_file_is_its_own_body(tmp_path, write):
    corpus, report = build(tmp_path, write("one.txt", "Café owners in Liège said prices rose.\n", "latin-1"))
    article = only(corpus)
    assert report.emptied == 0 and article.text == "Café owners in Liège said prices rose."
    assert article.title == "Café owners in Liège said prices rose" and article.title_derived
    assert len(corpus.search("liege").hits) == 1


def test_latin1_file_indexed_and_searchable_with_its_accents(tmp_path, write):
    path = write("liege.txt", f"Café owners in Liège said prices rose.\n{PARA}\n", "latin-1")
    corpus = build(tmp_path, path)[0]
    assert "Liège" in only(corpus).text
    assert len(corpus.search("liège").hits) == len(corpus.search("liege").hits) == 1


def test_angle_brackets_in_plain_wire_text_are_kept(tmp_path, write):
    """Reuters-style company names and tickers in angle brackets are the author's text, not tags to drop."""
    body = ("Commerce Secretary Malcolm Baldrige asked the White House to consider blocking the sale of\n"
            "<Fairchild Semiconductor Corp> to Japan's Fujitsu Ltd <ITSU.T>, officials said.\n")
    article = only(build(tmp_path, write("w.jsonl", json.dumps({"title": "Chip sale", "body": body}) + "\n"))[0])
    assert "the sale of <Fairchild Semiconductor Corp> to Japan's Fujitsu Ltd <ITSU.T>" in article.text
    corpus = Corpus.open(tmp_path / "data")
    assert [h.title for h in corpus.search("Fairchild").hits] == ["Chip sale"]


def test_record_with_markup_still_loses_its_tags(tmp_path, write):
    """A record whose text is HTML (a closing tag, a link) is still read as HTML, tags and scripts dropped."""
    body = 'Shares of <a href="https://example.org/x">Acme Corp</a> rose <b>5%</b> on Monday.<script>x()</script>'
    article = only(build(tmp_path, write("h.jsonl", json.dumps({"title": "Acme", "body": body}) + "\n"))[0])
    assert article.text == "Shares of Acme Corp rose 5% on Monday."


def test_text_escaped_for_the_web_reads_as_plain_text(tmp_path, write):
    """A CSV row escaped once for the web: entities become characters and the escaped link's markup goes."""
    row = ('"2","Q&amp;A: Staples profit up","NEW YORK - Staples Inc. &lt;A HREF=""http://example.org/q?t=SPLS.O""'
           '&gt;SPLS.O&lt;/A&gt;, the office products retailer, said R&D spending rose; AT&amp;T was unchanged."\n')
    article = only(build(tmp_path, write("rows.csv", row))[0])
    assert article.title == "Q&A: Staples profit up"
    assert article.text == ("NEW YORK - Staples Inc. SPLS.O, the office products retailer, said R&D spending rose; "
                            "AT&T was unchanged.")
