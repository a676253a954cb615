"""Metadata a reader can trust: headlines, outlets (named, with the host apart), derived titles, syndicated copies."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsexplorer.index import Corpus
from newsexplorer.index.ingest.outlets import settle
from newsexplorer.index.ingest.titles import derive_title, headline

SEEDS = Path(__file__).resolve().parents[2] / "seeds" / "articles"
PARA = ("Negotiators from both delegations met in Geneva on Tuesday and discussed security guarantees, "
        "the future of the Zaporizhzhia plant and a possible ceasefire along the front line.")

SEED_METADATA = {  # read off each file by hand (see seeds/articles and ../shared/seeds/README.md)
    "000_32499f4ee466f3f0.txt": ("Ukraine to tackle 'most difficult issues' as US talks advance", False,
                                 "Bloomberg News", "ArcaMax", "Aliaksandr Kudrytski", "2026-01-07"),
    "001_42b4ead96851283f.txt": ("Zelenskyy says US team to join Paris talks on security push", False,
                                 "Bloomberg News", "ArcaMax", "Daryna Krasnolutska", "2026-01-03"),
    "002_64bf3c046e7203f9.txt": ("Zelenskiy says talks stall on eastern Ukraine, calls for security guarantees", False,
                                 "Cyprus Mail", "cyprus-mail.com", "James Thompson", "2025-12-08"),
    "003_505971f535997d49.txt": ("Key issue in Ukraine-US peace talks remains unresolved – WSJ", False,
                                 "RT", "PressBee", None, "2025-12-01"),
    "004_74322c8214a96946.txt": ("Talks between U.S. and Ukrainian negotiators on a proposed peace deal with Russia…", True,
                                 None, None, None, "2025-12-07"),
}


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    corpus, report = Corpus.build(tmp_path_factory.mktemp("seeds") / "data", [SEEDS])
    assert report.rejected == []
    return corpus


def test_seed_metadata(seeds):
    found = {}
    for hit in seeds.listing():
        a = seeds.article(hit.id)
        found[Path(a.path).name] = (a.title, a.title_derived, a.source, a.host, a.byline, a.date)
    assert found == SEED_METADATA


def test_seed_furniture_is_not_the_body_and_headline_is_not_lost(seeds):
    arca = seeds.article(seeds.search('title:"most difficult issues"').hits[0].id)
    assert not arca.text.startswith(("Current News", "/", "ArcaMax"))
    assert "Bloomberg News on" not in arca.text
    assert arca.text.startswith("Ukrainian President Volodymyr Zelenskyy said")
    rt = seeds.article(seeds.search('title:"Key issue in Ukraine-US peace talks"').hits[0].id)
    assert "PressBee" not in rt.text and rt.text.endswith("could lead to a war with the bloc.")


def test_show_json_carries_host_derived_title_and_also_in(seeds, capsys):
    from click.testing import CliRunner

    from newsexplorer.tui.cli import main

    hit = seeds.search('"Talks between U.S. and Ukrainian negotiators"').hits[0]
    result = CliRunner().invoke(main, ["show", hit.id, "--json", "--index-dir", str(seeds.data_dir)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["title_derived"] is True and data["host"] is None and data["also_in"] == []


def test_derived_title_never_cut_at_an_abbreviation():
    assert derive_title("Gen. Smith met U.S. officials on Feb. 5 in Washington. They talked.") == (
        "Gen. Smith met U.S. officials on Feb. 5 in Washington")
    long = "Talks between U.S. and Ukrainian negotiators on a proposed peace deal concluded this weekend in Miami, officials said."
    title = derive_title(long)
    assert title.endswith("…") and len(title) <= 91 and long.startswith(title[:-1]) and long[len(title) - 1] == " "


@pytest.mark.parametrize("title, outlet, host, expected", [
    ("Progress in talks, says Kremlin | AP News", "AP", "apnews.com", "Progress in talks, says Kremlin"),
    ("Talks remain hard, Kremlin says - ABC News", "ABC News", "abcnews.go.com", "Talks remain hard, Kremlin says"),
    ("Sikorski says the quiet bit out loud – EUobserver", "euobserver.com", "euobserver.com",
     "Sikorski says the quiet bit out loud"),
    ("Russo-Ukraine War - 10 February 2025", "globalsecurity.org", "globalsecurity.org", "Russo-Ukraine War - 10 February 2025"),
    ("Key issue remains unresolved – WSJ ...News", "RT", "PressBee", "Key issue remains unresolved – WSJ"),
])
def test_headline_drops_the_site_not_the_words(title, outlet, host, expected):
    assert headline(title, [outlet], host) == expected


@pytest.mark.parametrize("source, host, url, title, expected", [
    ("reuters.com", None, None, None, ("Reuters", "reuters.com", True)),
    ("edition.cnn.com", None, None, None, ("CNN", "edition.cnn.com", False)),
    ("Russia Today", "PressBee", None, None, ("RT", "PressBee", False)),
    ("bloomberg news", "ArcaMax", None, None, ("Bloomberg News", "ArcaMax", True)),
    (None, None, "https://www.apnews.com/article/x", None, ("AP", "apnews.com", True)),
    ("genevasolutions.news", None, None, "Geneva gears up for talks - Geneva Solutions",
     ("Geneva Solutions", "genevasolutions.news", False)),
    ("example.org", None, None, "Barley prices rise | Farm Page", ("example.org", "example.org", False)),
    ("Daily Planet", None, None, None, ("Daily Planet", None, False)),
])
def test_outlet_named_from_domain_credit_or_page(source, host, url, title, expected):
    assert settle(source, host, url, title) == expected


def test_outlet_credits_in_scraped_text(tmp_path, write):
    cases = {
        "a.txt": (f"Barley harvest ends early in the north\n\nJane Roe, Bloomberg News on\n\n{PARA}\n", "Bloomberg News", "Jane Roe"),
        "b.txt": (f"Barley harvest ends early in the north\n\nBy Jane Roe, Reuters\n\n{PARA}\n", "Reuters", "Jane Roe"),
        "c.txt": (f"Barley harvest ends early in the north\n\nNews by : (Russia Today) -\n\n{PARA}\n", "RT", None),
        "d.txt": (f"Barley harvest ends early in the north\n\nSource: cyprus-mail.com\n\n{PARA}\n", "Cyprus Mail", None),
        "e.txt": (f"Barley harvest ends early in the north\n\nBy Jane Roe\n\n{PARA}\n", None, "Jane Roe"),
    }
    paths = [write(name, text) for name, (text, _, _) in cases.items()]
    corpus, _ = Corpus.build(tmp_path / "data", paths)
    for hit in corpus.listing():
        a = corpus.article(hit.id)
        _, outlet, byline = cases[Path(a.path).name]
        assert (a.source, a.byline, a.title) == (outlet, byline, "Barley harvest ends early in the north"), a.path
        assert "Jane Roe" not in a.text and "Source:" not in a.text


def test_source_query_matches_name_domain_any_case(tmp_path, write):
    a = write("a.txt", f"Title: Barley up\nSource: reuters.com\n\n{PARA}\n")
    b = write("b.txt", f"Title: Wheat down\nSource: Bloomberg News\n\n{PARA} Wheat.\n")
    corpus, _ = Corpus.build(tmp_path / "data", [a, b])
    titles = lambda q: sorted(h.title for h in corpus.search(q).hits)  # noqa: E731
    for query in ("source:reuters", "source:Reuters", "source:reuters.com", "source:REUTERS.COM"):
        assert titles(query) == ["Barley up"], query
    assert titles('source:"bloomberg news"') == titles("source:bloomberg") == ["Wheat down"]
    assert dict(corpus.facets("")["outlet"]) == {"Reuters": 1, "Bloomberg News": 1}
    assert [h.title for h in corpus.search("", filters={"outlet": "Reuters"}).hits] == ["Barley up"]


def test_syndicated_copies_are_one_story(tmp_path, corpora):
    """AP's story republished by ABC News (a real pair) is one story; two Reuters stories of the same day are not."""
    folder = corpora / "ukraine_articles"
    files = [next(folder.glob(f"{n}_*.txt")) for n in ("01", "11", "20", "21")]
    corpus, _ = Corpus.build(tmp_path / "data", files)
    by_file = {Path(corpus.article(h.id).path).name[:2]: corpus.article(h.id) for h in corpus.listing()}
    ap, abc, r20, r21 = (by_file[n] for n in ("01", "11", "20", "21"))
    assert ap.story and ap.story == abc.story
    assert (abc.source, abc.host) == ("AP", "abcnews.go.com")  # "Follow AP's coverage …": AP wrote it, ABC carried it
    assert [(c["source"], c["host"]) for c in ap.also_in] == [("AP", "abcnews.go.com")]
    assert r20.also_in == [] and r21.also_in == [] and r20.story is None


def test_syndicated_copy_counts_once_for_its_original_outlet():
    from newsexplorer.index.enrich.catalog import load_catalog
    from newsexplorer.index.enrich.rollup import rollup

    catalog = load_catalog(None)
    issue = catalog.issues[0].id
    mention = [{"id": issue, "status": "progress", "evidence": ["x"]}]
    conflicting = [{"id": issue, "status": "unresolved", "evidence": ["y"]}]
    articles = [
        {"id": "a", "source": "AP", "origin": "AP", "date": "2026-01-26", "issues": mention},
        {"id": "b", "source": "ABC News", "origin": "AP", "date": "2026-01-26", "issues": conflicting},
    ]
    entry = next(e for e in rollup(catalog, articles) if e["id"] == issue)
    assert entry["outlet_count"] == 1 and entry["article_count"] == 2
    assert entry["disagreements"] == []  # two copies of one AP story are not two outlets disagreeing


def test_a_page_crediting_another_writer_names_it_and_keeps_the_site_as_host(tmp_path, write):
    """A site's page that says the story is another outlet's (a think tank's assessment, a wire story)."""
    page = (f"Title: Campaign assessment, February 26 | Daily Planet\nSource: dailyplanet.example\n"
            f"URL: https://dailyplanet.example/a\n\nHome\nCampaign assessment, February 26\nby\nISW\n{PARA}\n")
    wire = f"Title: Talks resume\nSource: smalltown.example\n\nKYIV, Feb 5 (Reuters) - {PARA}\n"
    plain = f"Title: Talks resume again\nSource: smalltown.example\n\nBy\nJane Roe\n{PARA} Again.\n"
    corpus, _ = Corpus.build(tmp_path / "data", [write("p.txt", page), write("w.txt", wire), write("n.txt", plain)])
    got = {Path(corpus.article(h.id).path).name: (corpus.article(h.id).source, corpus.article(h.id).host)
           for h in corpus.listing()}
    assert got == {"p.txt": ("ISW", "dailyplanet.example"), "w.txt": ("Reuters", "smalltown.example"),
                   "n.txt": ("smalltown.example", "smalltown.example")}


def test_an_index_built_by_an_older_ingest_rereads_its_files(tmp_path):
    """Unchanged files are skipped only if the current ingest read them: old metadata does not linger."""
    import hashlib
    import shutil

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEEDS / "000_32499f4ee466f3f0.txt", folder)
    corpus, _ = Corpus.build(tmp_path / "data", [folder])
    old_sha = hashlib.sha256((folder / "000_32499f4ee466f3f0.txt").read_bytes()).hexdigest()
    corpus.store.db.execute("UPDATE files SET sha256 = ?", (old_sha,))  # as an index from before this ingest
    corpus.store.db.execute("UPDATE articles SET title = 'Current News', source = NULL")
    corpus.close()
    corpus, report = Corpus.build(tmp_path / "data", [folder])
    assert (report.unchanged, report.indexed) == (0, 1)
    article = corpus.article(corpus.listing()[0].id)
    assert (article.title, article.source) == ("Ukraine to tackle 'most difficult issues' as US talks advance", "Bloomberg News")
    assert Corpus.build(tmp_path / "data", [folder])[1].unchanged == 1


def test_short_headlines_are_kept_not_taken_for_section_labels(corpora):
    """BBC files: a title line (often three words: "German economy rebounds"), a blank line, the body."""
    from newsexplorer.index.ingest import finish_article, prepare, read_articles

    for path in sorted((corpora / "bbc" / "business").glob("*.txt"))[:150]:
        first = " ".join(path.read_bytes().split(b"\n", 1)[0].decode("utf-8", "replace").split())
        [raw] = list(read_articles(path))
        article = finish_article(prepare(raw, path), path)
        assert (article.title, article.title_derived) == (first, False), path.name


def test_checklist_counts_the_syndicated_pair_once(tmp_path, corpora):
    """Through the corpus: AP's story and ABC's copy, both mentioning an issue, are one outlet (AP) in the checklist."""
    folder = corpora / "ukraine_articles"
    corpus, _ = Corpus.build(tmp_path / "data", [next(folder.glob(f"{n}_*.txt")) for n in ("01", "11", "20")])
    issue = corpus.catalog().issues[0].id
    for hit in corpus.listing():
        corpus.store.set_annotations(hit.id, issues=[{"id": issue, "status": "progress", "evidence": ["x"]}])
    entry = next(e for e in corpus.issue_rollup() if e["id"] == issue)
    assert entry["article_count"] == 3
    assert entry["outlet_count"] == 2  # AP (its own copy and ABC's) and Reuters
    assert sorted(a["source"] for a in entry["articles"]) == ["AP", "AP", "Reuters"]  # ABC's copy credits AP


@pytest.mark.parametrize("title, outlet, host, url, expected", [
    # a newsletter's edition label after the headline's own sentence goes; a second real sentence stays
    ("Four Years of War, No End in Sight. The Weekly Letter 5 March edition.", "x.substack.com", "x.substack.com", None,
     "Four Years of War, No End in Sight"),
    ("Talks stall in Geneva. Kremlin blames Kyiv for the delay", "x.example", "x.example", None,
     "Talks stall in Geneva. Kremlin blames Kyiv for the delay"),
    # a section of the page's own URL after a dash is the site's section, not the headline's words
    ("Flood Response Plan 2026 [EN/RO] - Moldova | AidSite", "aidsite.org", "aidsite.org",
     "https://aidsite.org/report/moldova/flood-response-plan-2026", "Flood Response Plan 2026 [EN/RO]"),
    ("Flood Response Plan 2026 - Moldova", "aidsite.org", "aidsite.org", "https://aidsite.org/report/flood-plan",
     "Flood Response Plan 2026 - Moldova"),
    # a closing bracket naming the outlet is its credit; a ticker in the middle is the headline's
    ("Storm hits the coast (AP)", "AP", None, None, "Storm hits the coast"),
    ("Pennzoil (PZL) advised of SEC brief", "Reuters", None, None, "Pennzoil (PZL) advised of SEC brief"),
    ("Court rules on the merger (Analysis)", "Reuters", None, None, "Court rules on the merger (Analysis)"),
])
def test_headline_drops_series_labels_url_sections_and_bracketed_credits(title, outlet, host, url, expected):
    assert headline(title, [outlet], host, url) == expected


def test_wire_and_republishing_credits_name_the_writer_not_passing_mentions(tmp_path, write):
    """The writer is what a credit line says (a closing "Follow AP's coverage", a copyright with a year, "originally
    published on", "published in association with"); an outlet named inside a sentence is only a source."""
    head = "Title: Talks resume in Geneva {n}\nSource: smalltown.example\nURL: https://smalltown.example/a{n}\n\n"
    cases = {
        "follow.txt": (f"{PARA}\nFollow AP’s coverage of the talks at https://apnews.com/hub/x\n", "AP"),
        "copy.txt": (f"{PARA}\nCopyright 2026 The Associated Press. All rights reserved.\n", "AP"),
        "orig.txt": (f"{PARA}\nThis article was originally published on reuters.com.\n", "Reuters"),
        "assoc.txt": (f"This article is published in association with\nUnited Nations\n{PARA}\n", "UN News"),
        "mention.txt": (f"An Associated Press report quoted officials. {PARA}\n", "smalltown.example"),
        "photo.txt": (f"© Reuters / Jane Roe\n{PARA}\n", "smalltown.example"),  # a photo credit: no year, no writer
    }
    paths = [write(name, head.format(n=i) + text) for i, (name, (text, _)) in enumerate(cases.items())]
    corpus, _ = Corpus.build(tmp_path / "data", paths)
    got = {Path(corpus.article(h.id).path).name: (corpus.article(h.id).source, corpus.article(h.id).host)
           for h in corpus.listing()}
    assert got == {name: (outlet, "smalltown.example") for name, (_, outlet) in cases.items()}


def test_a_record_with_no_outlet_field_takes_its_texts_credit_lead(tmp_path, write):
    """AG News-style rows: "AP - …" names a listed wire; an unlisted name counts when the title's bracket says it too."""
    rows = [
        {"title": "Storm hits the coast (AP)", "description": f"AP - {PARA}"},
        {"title": "Phishing on the increase, group says (InfoWorld)", "description": f"InfoWorld - {PARA}"},
        {"title": "Rivals call a truce", "description": f"Acme Widgets - {PARA}"},  # a company, credited nowhere else
        {"title": "Microsoft warns on spyware", "description": f"An Associated Press report quoted Microsoft. {PARA}"},
        {"title": "Barley up", "description": f"KYIV, Feb 5 (Reuters) - {PARA}", "source": "Farm Weekly"},
        {"title": "Physics revolution (Reuters)", "description": "Reuters - It has revolutionized physics, made"},
        {"title": "Court rules on the merger (Analysis)", "description": PARA},  # not an outlet
    ]
    path = write("rows.jsonl", "\n".join(json.dumps(r) for r in rows) + "\n")
    corpus, _ = Corpus.build(tmp_path / "data", [path])
    got = sorted((corpus.article(h.id).title, corpus.article(h.id).source) for h in corpus.listing())
    assert got == sorted([("Storm hits the coast", "AP"), ("Phishing on the increase, group says", "InfoWorld"),
                          ("Rivals call a truce", None), ("Microsoft warns on spyware", None),
                          ("Barley up", "Farm Weekly"),  # the record's own outlet field wins
                          ("Physics revolution", "Reuters"), ("Court rules on the merger (Analysis)", None)])


def test_the_four_fitted_misses_on_the_real_pages(corpora):
    """Series label (a Substack newsletter), a URL section (ReliefWeb), AP's story on ABC, UN News on a blog."""
    from newsexplorer.index.ingest import finish_article, prepare, read_articles

    def read(folder, prefix):
        path = next((corpora / folder).glob(f"{prefix}_*.txt"))
        [raw] = list(read_articles(path))
        return finish_article(prepare(raw, path), path)

    assert read("ukraine_articles", "13").title == "Four Years of War, No End in Sight"
    assert read("ukraine_dev", "20").title == "Ukraine Humanitarian Needs and Response Plan 2026 (January 2026) [EN/UK]"
    abc = read("ukraine_articles", "11")
    assert (abc.source, abc.host) == ("AP", "abcnews.go.com")
    sting = read("ukraine_dev", "22")
    assert (sting.source, sting.host) == ("UN News", "europeansting.com")


def test_a_folder_default_in_metadata_toml_names_every_files_outlet(tmp_path, write):
    """`["*"]` in a folder's metadata.toml holds for each file beside it; a file's own table still wins."""
    write("metadata.toml", '["*"]\nsource = "BBC News"\n\n["b.txt"]\nsource = "Reuters"\n')
    paths = [write("a.txt", f"Barley up in the north\n\n{PARA}\n"), write("b.txt", f"Wheat down in the south\n\n{PARA}\n")]
    corpus, _ = Corpus.build(tmp_path / "data", paths)
    got = sorted((corpus.article(h.id).title, corpus.article(h.id).source) for h in corpus.listing())
    assert got == [("Barley up in the north", "BBC News"), ("Wheat down in the south", "Reuters")]


def test_a_wire_sign_off_closing_a_record_names_the_wire():
    """Reuters-21578 records end with "Reuter"; a last line that is an ordinary word or a non-wire outlet does not count."""
    from newsexplorer.index.ingest.credits import page_credit

    assert page_credit(f"{PARA}\n Reuter") == "Reuters"
    assert page_credit(f"{PARA}\n-- AFP") == "AFP"
    assert page_credit(f"{PARA}\nBBC") is None  # not a wire: a site's name under a text is often its menu
    assert page_credit(f"{PARA}\nThanks") is None


def test_wire_sign_offs_with_a_desk_code_a_carriage_return_or_glued_to_the_last_sentence():
    """Reuters-21578 also closes with "REUTER E", "REUTER^M" and "… 128 PAID. REUTER"; a capitalised word closing a
    sentence that is not a wire ("… said the WHO") does not count."""
    from newsexplorer.index.ingest.credits import page_credit

    assert page_credit(f"{PARA}\nREUTER E") == "Reuters"
    assert page_credit(f"{PARA}\nREUTER^M") == "Reuters"
    assert page_credit(f"{PARA}\nCorn nominal at 128 PAID. REUTER") == "Reuters"
    assert page_credit(f"{PARA}\nyear ago. REUTER") == "Reuters"
    assert page_credit(f"{PARA}\n REUTER TAW") == "Reuters"  # the desk's initials
    assert page_credit(f"{PARA}\nSANTA FE.......21.......18.......17 REUTER") == "Reuters"
    assert page_credit(f"{PARA}\nThe firm said prices held. WHO") is None


def test_a_writers_role_of_an_outlet_names_it_but_a_passing_by_inside_a_sentence_does_not():
    """AG News: "… By Peter Ford  Staff writer of The Christian Science Monitor." names the writer's outlet, listed or
    not; "By Jane Roe\\nAssociated Press Writer" is AP's own byline; "reported by John Smith, a reporter for X" is
    prose about someone else."""
    from newsexplorer.index.ingest.credits import page_credit

    assert page_credit(f"{PARA} By Jane Roe  Staff writer of The Daily Planet.") == "The Daily Planet"
    assert page_credit(f"{PARA} By Jane Roe, correspondent for the Farm Gazette") == "Farm Gazette"
    assert page_credit(f"By JANE ROE\n Associated Press Writer\n{PARA}") == "AP"
    deep = "\n".join(["My own comment on this."] * 20) + f"\nBy JANE ROE\n Associated Press Writer\n{PARA}"
    assert page_credit(deep, "Lawsuit filed") == "AP"  # a post reposting the story after its own words
    assert page_credit(deep, "Re: Lawsuit filed") is None  # a reply quotes the post it answers
    assert page_credit(f"{PARA} It was reported by John Smith, a reporter for The Daily Planet.") is None
    assert page_credit(f"By Jane Roe\nStaff Writer\n{PARA}") is None  # a role with no outlet


def test_a_post_reposting_a_wire_story_credits_the_wire_but_a_reply_quoting_it_does_not(tmp_path, write):
    """A Usenet post quoting a wire story once ("> KYIV (UPI) -- …") or titled "[UPI] …" is the wire's story; a
    reply ("Re: …") quotes the post it answers. Header names with dots ("Article-I.D.:") are still headers."""
    head = ("From: jroe@example.edu (Jane Roe)\nSubject: {subject}\nArticle-I.D.: news.123\n"
            "Organization: Example University\nLines: 20\n\n")
    posts = {
        "repost": ("Talks resume in Geneva", f"Worth reading:\n\n>\tGENEVA (UPI) -- {PARA}\n>{PARA}\n\nJane"),
        "bracket": ("[UPI] Talks resume in Geneva again", f"{PARA}\n{PARA}\n"),
        "feed": ("Talks resume, says the feed", f"news@feed.example (UPI) writes:\n\n{PARA}\n{PARA}\n"),
        "person": ("Talks resume, says Jane", f"jroe@example.edu (Jane Roe) writes:\n\n{PARA}\n{PARA}\n"),
        "reply": ("Re: Talks resume in Geneva", f"In article <1@x> jroe@example.edu writes:\n>\tGENEVA (UPI) -- "
                                                f"{PARA}\n\nI disagree with this report entirely. {PARA}"),
    }
    paths = [write(f"{name}.txt", head.format(subject=subject) + body) for name, (subject, body) in posts.items()]
    corpus, _ = Corpus.build(tmp_path / "data", paths)
    got = {Path(corpus.article(h.id).path).stem: (corpus.article(h.id).title, corpus.article(h.id).source)
           for h in corpus.listing()}
    assert got == {"repost": ("Talks resume in Geneva", "UPI"), "bracket": ("Talks resume in Geneva again", "UPI"),
                   "feed": ("Talks resume, says the feed", "UPI"),
                   "person": ("Talks resume, says Jane", "Example University"),
                   "reply": ("Re: Talks resume in Geneva", "Example University")}


def test_a_doubled_title_is_read_once_and_a_headlines_own_ellipsis_stays():
    assert headline("Kyocera Battery Recall Kyocera Battery Recall", [], None) == "Kyocera Battery Recall"
    assert headline("Talks go on and on", [], None) == "Talks go on and on"
    assert headline("Nokia says Intel won't replace TI ... yet", [], None) == "Nokia says Intel won't replace TI ... yet"
    assert headline("Key issue remains unresolved – WSJ ...News", [], None) == "Key issue remains unresolved – WSJ"


def test_a_wrapped_first_sentence_is_prose_not_a_headline(tmp_path, write):
    """Hard-wrapped wire copy with no headline: a first line the next line carries on ("The Statistical Bureau" /
    "(CSU) said …"), or one ending in a comma, is the start of a sentence: the title is derived from it whole."""
    texts = {
        "bureau.txt": ("The Statistical Bureau\n(CSU) said on Thursday it would change its methodology for\n"
                       "calculating industrial production, to bring it in line with\nwestern standards.\n"
                       "Its chairman said the change would take effect next year and\nwould be applied to all data.\n"),
        "comma.txt": (f"China charged on Thursday that politics was holding up its application to join the body,\n"
                      f"and said it wanted to join as soon as possible.\n{PARA}\n"),
        "head.txt": f"Barley harvest ends early\n\n{PARA}\n",
    }
    paths = [write(name, text) for name, text in texts.items()]
    corpus, _ = Corpus.build(tmp_path / "data", paths)
    got = {Path(corpus.article(h.id).path).name: corpus.article(h.id) for h in corpus.listing()}
    assert got["bureau.txt"].title_derived and got["bureau.txt"].title.startswith("The Statistical Bureau (CSU) said")
    assert got["comma.txt"].title_derived and got["comma.txt"].title.startswith("China charged on Thursday")
    assert (got["head.txt"].title, got["head.txt"].title_derived) == ("Barley harvest ends early", False)


def test_a_real_usenet_repost_of_a_wire_story(corpora):
    """20 Newsgroups: a post whose headers include "Article-I.D.:" and which quotes a UPI story it reposts."""
    from newsexplorer.index.ingest import finish_article, prepare, read_articles

    path = corpora / "20newsgroups" / "20news-bydate-train" / "talk.politics.mideast" / "75422"
    [raw] = list(read_articles(path))
    article = finish_article(prepare(raw, path), path)
    assert article.title == "Greek prime minister shows support for Serbian criminals"
    assert (article.source, article.host, article.byline) == ("UPI", "ECE - Concordia University", "Ilyess Bdira")


def test_story_hashing_is_the_same_alone_or_in_any_batch_and_ignores_quote_styles():
    """Lookup keys are stored, so an article must hash alike whatever batch it is indexed in; a copy that only
    differs in curly quotes, dashes or no-break spaces is the same text."""
    import numpy as np

    from newsexplorer.index.ingest.stories import band_keys, band_keys_many, same_story, shingles, shingles_many

    straight = f"{PARA} The minister said: \"we don't agree\" - and left. {PARA}"
    curly = f"{PARA} The minister said: “we don’t agree” — and left. {PARA}".replace(" left", "\u00a0left")
    texts = [straight, "", "Short text.", f"Zürich: {PARA}", curly, "NUL\x00inside " + PARA]
    batch = shingles_many(texts)
    for text, hashed in zip(texts, batch):
        assert np.array_equal(hashed, shingles(text)), text[:20]
    assert np.array_equal(batch[0], batch[4]) and same_story(batch[0], batch[4])
    assert band_keys_many(batch) == [band_keys(s) for s in batch]
    assert band_keys(batch[2]) == [] and len(band_keys(batch[0])) == 10  # too short to compare: no keys
    other = ("Wheat prices fell sharply in the south after the rains came early this year. Farmers blamed the weather, "
             "the grain traders and the government alike, and asked the ministry for help before the next harvest.")
    assert not same_story(batch[0], shingles(other))
