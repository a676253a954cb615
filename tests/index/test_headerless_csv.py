"""A CSV shipped without a header row (AG News: class, title, description) is read, and says how it was read."""
from __future__ import annotations

from pathlib import Path

from newsexplorer.index import Corpus
from newsexplorer.index.ingest import finish_article, prepare, read_articles

PARA = ("Negotiators from both delegations met in Geneva on Tuesday and discussed security guarantees, "
        "the future of the plant and a possible ceasefire along the front line.")


def articles(path: Path):
    return [finish_article(prepare(raw, path), path) for raw in read_articles(path)]


def test_three_bare_rows_are_read_by_their_columns(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text(
        f'"3","Barley prices rise","Farmers in the north said barley \\$5 dearer; Merck  amp; Co. was  quot;upbeat quot;. {PARA}"\n'
        f'"1","Talks resume (AP)","AP - Envoys met again\\on Tuesday, and it #39;s the  #36;10 question. {PARA}"\n'
        f'"2","Wheat flat","Wheat was unchanged at  #151; as expected  #151; the usual price. {PARA}"\n', encoding="utf-8")
    corpus, report = Corpus.build(tmp_path / "data", [path], enrich=False)
    assert report.rejected == [] and report.indexed == 3
    assert report.notes == [f"{path}: no header row: read column 3 as the text, column 2 as the title, column 1 ignored"]
    got = {corpus.article(h.id).title: corpus.article(h.id) for h in corpus.listing()}
    assert sorted(got) == ["Barley prices rise", "Talks resume", "Wheat flat"]  # never "3" or the class column
    assert got["Barley prices rise"].text.startswith('Farmers in the north said barley $5 dearer; Merck & Co. was "upbeat".')
    assert got["Talks resume"].text.startswith("AP - Envoys met again on Tuesday, and it's the $10 question.")
    assert got["Talks resume"].source == "AP"
    assert got["Wheat flat"].text.startswith("Wheat was unchanged at — as expected — the usual price.")
    for article in got.values():
        assert "\\" not in article.text and "#39;" not in article.text and "quot;" not in article.text


def test_a_header_in_words_we_do_not_know_is_skipped_not_indexed(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text(f"id,headline_text,story\n1,Barley prices rise,{PARA}\n2,Wheat flat,{PARA} Wheat.\n", encoding="utf-8")
    found = articles(path)
    assert [a.title for a in found] == ["Barley prices rise", "Wheat flat"]


def test_a_headerless_file_of_numbers_is_rejected_in_one_line(tmp_path):
    from newsexplorer.index.ingest.records import Malformed, read_csv

    try:
        list(read_csv("1,2,3\n4,5,6\n"))
    except Malformed as err:
        assert "no header row" in str(err)
    else:
        raise AssertionError("a file of numbers was read as articles")


def test_ag_news_as_shipped_is_read_whole_and_clean(corpora):
    path = corpora / "agnews" / "test.csv"
    raws = list(read_articles(path))
    assert len(raws) == 7600 and not [r for r in raws if not hasattr(r, "body")]
    first, second = (finish_article(prepare(raw, path), path) for raw in raws[:2])
    assert first.title == "Fears for T N pension after talks" and first.text.startswith("Unions representing workers")
    assert second.title == "The Race is On: Second Private Team Sets Launch Date for Human Spaceflight"
    assert second.source == "space.com"  # "(SPACE.com)" closes the title and "SPACE.com - " opens the text: a domain
    assert "A second team of rocketeers competing for the $10 million Ansari X Prize" in second.text
    bodies = [raw.body for raw in raws]
    assert not any("\\" in b or " #39;" in b or " quot;" in b for b in bodies)


def test_doubled_quotes_inside_a_field_with_commas_keep_the_row_whole(tmp_path):
    """csv.Sniffer guesses doublequote=False for such rows (AG News has them): the `""` then ended the field, the
    rest of the text became a fourth column, ignored, and the article lost its end."""
    path = tmp_path / "rows.csv"
    path.write_text(
        f'"3","Blue chips flat","Stocks were flat, as a forecast from &lt;A HREF=""http://example.com/q""&gt;WMT&lt;/A&gt; '
        f'dampened sentiment, offsetting the benefit of easing oil prices. {PARA}"\n'
        f'"3","Oil eases","Oil eased on Monday, traders said. {PARA}"\n', encoding="utf-8")
    corpus, report = Corpus.build(tmp_path / "data", [path], enrich=False)
    assert report.rejected == [] and report.indexed == 2
    assert report.notes == [f"{path}: no header row: read column 3 as the text, column 2 as the title, column 1 ignored"]
    hit, = corpus.search("offsetting").hits
    text = corpus.article(hit.id).text
    assert "offsetting the benefit of easing oil prices." in text and text.rstrip().endswith("ceasefire along the front line.")
