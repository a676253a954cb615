"""The metadata label files stay sound: every labelled record exists, and held-out records are new."""
from __future__ import annotations

import importlib.util
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("check_metadata_labels", REPO / "bench" / "check_metadata_labels.py")
check_metadata_labels = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_metadata_labels)


def test_every_metadata_label_file_checks_clean_and_no_record_is_labelled_in_two(corpora):
    files = check_metadata_labels.metadata_label_files()
    assert {"metadata.toml", "metadata_heldout2.toml", "metadata_heldout3.toml"} <= {f.name for f in files}
    for label_file in files:
        elsewhere = {}
        for other in files:
            if other != label_file:
                elsewhere.update(check_metadata_labels.labelled_records(other))
        problems, n = check_metadata_labels.check(label_file, elsewhere)
        assert problems == [] and n > 0, problems


def test_the_third_held_out_round_covers_five_corpora_and_says_its_split():
    data = tomllib.loads((REPO / "bench" / "labels" / "metadata_heldout3.toml").read_text(encoding="utf-8"))
    articles = data["article"]
    assert {a["split"] for a in articles} == {"heldout3"}
    corpora = {a["file"].split("/", 1)[0] for a in articles}
    assert corpora == {"reuters21578", "agnews", "20newsgroups", "reuters_c50", "bbc"}
    assert len(articles) >= 75
    assert any(a["outlet"] == [] for a in articles) and any(a.get("host") for a in articles)


def test_a_missing_record_a_misread_title_an_unnamed_outlet_and_a_reused_record_are_reported(tmp_path, monkeypatch):
    corpus = tmp_path / "corpora" / "wire"
    corpus.mkdir(parents=True)
    (corpus / "rows.csv").write_text('1,"Talks resume","AP - The sides met."\n2,"Rain","It rained."\n', encoding="utf-8")
    (corpus / "one.txt").write_text("Headline here\n\nBody text.\n", encoding="utf-8")
    monkeypatch.setattr(check_metadata_labels, "CORPORA", tmp_path / "corpora")
    labels = tmp_path / "metadata_x.toml"
    labels.write_text(
        '[[article]]\nsplit = "x"\nfile = "wire/rows.csv"\nrecord = 0\ntitle = "Talks resume"\noutlet = ["AP"]\n'
        '[[article]]\nsplit = "x"\nfile = "wire/rows.csv"\nrecord = 2\ntitle = "Gone"\noutlet = []\n'
        '[[article]]\nsplit = "x"\nfile = "wire/rows.csv"\nrecord = 1\ntitle = "Snow"\noutlet = ["Reuters"]\n'
        'date = "2004-13-01"\n'
        '[[article]]\nsplit = "x"\nfile = "wire/rows.csv"\nrecord = 0\ntitle = "Talks resume"\noutlet = ["AP"]\n'
        '[[article]]\nsplit = "x"\nfile = "wire/one.txt"\ntitle = "Headline here"\noutlet = []\n'
        '[[article]]\nsplit = "x"\nfile = "wire/none.txt"\ntitle = "x"\noutlet = []\n',
        encoding="utf-8",
    )
    elsewhere = {(str(corpus / "one.txt"), None): "metadata.toml"}
    problems, n = check_metadata_labels.check(labels, elsewhere)
    text = "\n".join(problems)
    assert n == 6
    assert "wire/rows.csv #2: no such record (2 records, 0-based)" in text
    assert "wire/rows.csv #1: title words not in the record: snow" in text
    assert "no name of outlet ['Reuters'] occurs in the record" in text
    assert "date '2004-13-01' is not an ISO date" in text
    assert "wire/rows.csv #0 is labelled twice" in text
    assert "wire/one.txt is already labelled in metadata.toml" in text
    assert "wire/none.txt: matches 0 files, not one" in text
    assert len(problems) == 7, problems


def test_an_outlet_counts_as_named_by_its_initials_or_the_wire_sign_off_but_not_inside_a_word():
    named = check_metadata_labels.named
    assert named("AP", "GUSSAR, Azerbaijan (AP) -- The 600,000")
    assert named("UN News", "United Nations News")
    assert named("Reuters", "by state firms.\n REUTER")
    assert named("Cyprus Mail", "Source: cyprus-mail.com")
    assert not named("AP", "in Japan")
    assert not named("UN News", "unless news")
