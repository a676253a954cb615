"""AG News rows can carry status labels: `file = "agnews/<split>/<row>"` reads row <row> (1-based line) of <split>.csv
as title, blank line and description exactly as the corpus has them, so evidence copied from the file checks verbatim."""
from __future__ import annotations

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("check_labels", REPO / "bench" / "check_labels.py")
check_labels = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_labels)

FIRST = ("Fears for T N pension after talks\n\nUnions representing workers at Turner   Newall say they are "
         "'disappointed' after talks with stricken parent firm Federal Mogul.")


def test_two_real_rows_read_as_title_blank_line_description_as_found(corpora):
    agnews = check_labels.corpus_and_catalog(Path("agnews_some_story.toml"))[0]
    assert agnews == corpora / "agnews" or agnews.resolve() == (corpora / "agnews").resolve()
    assert check_labels.article_text(agnews, "agnews/test/1") == FIRST  # row 1 is the file's first line: no header
    second = check_labels.article_text(agnews, "agnews/test/2")
    title, blank, description = second.partition("\n\n")
    assert title == "The Race is On: Second Private Team Sets Launch Date for Human Spaceflight (SPACE.com)"
    # the corpus's own "\" line breaks and entities without "&" are kept, so evidence is what the file shows
    assert description.startswith("SPACE.com - TORONTO, Canada -- A second\\team of rocketeers competing for the  #36;10")
    assert check_labels.article_text(agnews, "agnews/test/7600").startswith("EBay gets into rentals\n\n")
    for absent in ("agnews/test/7601", "agnews/test/0", "agnews/test/x", "agnews/1", "agnews/nosuchsplit/1"):
        assert check_labels.article_text(agnews, absent) is None


def test_an_agnews_label_file_is_checked_against_its_rows(corpora, tmp_path):
    catalog = tmp_path / "catalog.toml"
    catalog.write_text('[[issue]]\nid = "pensions"\ntitle = "Pensions"\nterms = ["pension"]\n', encoding="utf-8")
    labels = tmp_path / "agnews_pensions.toml"
    labels.write_text(
        '[[article]]\nfile = "agnews/test/1"\nsplit = "heldout6"\nissues = { pensions = "unresolved" }\n'
        '[article.evidence]\npensions = ["Unions representing workers at Turner   Newall say they are \'disappointed\'"]\n'
        '[[article]]\nfile = "agnews/test/2"\nsplit = "heldout6"\nissues = { pensions = "progress" }\n'
        '[article.evidence]\npensions = ["A second team of rocketeers"]\n'  # retyped: the row has "second\\team"
        '[[article]]\nfile = "agnews/test/9999"\nsplit = "heldout6"\nissues = {}\n', encoding="utf-8")
    problems, counts = check_labels.check(labels, corpora / "agnews", catalog)
    assert counts == {"unresolved": 1, "progress": 1}
    assert len(problems) == 2, problems
    assert "agnews/test/2: pensions evidence not found verbatim" in problems[0]
    assert "agnews/test/9999 is not in" in problems[1]


def test_the_sixth_held_out_set_checks_clean_and_stays_held_out(corpora):
    # heldout6 was labelled by someone who never saw the status code: an entry moved to an earlier split would be read
    # while the model is tuned, and a set without passing mentions or movement could not measure false finds or recall.
    import tomllib
    path = REPO / "bench" / "labels" / "agnews_sudan_darfur.toml"
    assert path in check_labels.status_label_files()
    articles = tomllib.loads(path.read_text(encoding="utf-8"))["article"]
    assert {a["split"] for a in articles} == {"heldout6"}
    assert all(a["file"].startswith("agnews/test/") for a in articles)
    assert sum(a["issues"] == {} for a in articles) >= 5  # passing mentions and term traps
    problems, counts = check_labels.check(path, *check_labels.corpus_and_catalog(path))
    assert problems == []
    assert counts["agreed"] + counts["progress"] >= 20 and counts["unresolved"] >= 20, counts
