"""bench/eval_issues.py scores the held-out labels (split = "heldout8", in any label file) only when asked, reading
each article from its corpus (a wire record, a BBC file, or whatever bench/check_labels.py reads), with its story's
catalog; the earlier rounds (heldout3 to heldout7 included) are development data. Synthetic files only: the real held-out labels
stay unread."""
import types
import importlib.util
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BODY = ("Negotiators for the two oil ministers said on Monday they had\nreached an agreement on the ceiling after "
        "three days of talks\nin Vienna, and the ceiling will stay at 15.8 mln barrels a day.\n"
        "    The prices accord was signed by all members, officials said.\n")
CATALOG = '''[[issue]]
id = "ceiling"
title = "Output ceiling"
terms = ["ceiling"]
'''


def load_eval():
    spec = importlib.util.spec_from_file_location("eval_issues", REPO / "bench" / "eval_issues.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_issues"] = module
    spec.loader.exec_module(module)
    return module


def synthetic(tmp_path, monkeypatch, ev, split="heldout8"):
    jsonl = tmp_path / "wire.jsonl"
    records = [{"newid": 7, "title": "MINISTERS AGREE ON CEILING", "date": "02-MAR-1987 10:00:00.00", "body": BODY},
               {"newid": 8, "title": "EMPTY", "date": "", "body": "  "}]
    jsonl.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    monkeypatch.setattr(ev, "REUTERS_JSONL", jsonl)
    (tmp_path / "catalogs").mkdir()
    (tmp_path / "catalogs" / "oil.toml").write_text(CATALOG, encoding="utf-8")
    (tmp_path / "r21578_oil.toml").write_text(
        f'[[article]]\nfile = "reuters21578/7"\nsplit = "{split}"\nissues = {{ ceiling = "agreed" }}\n'
        f'[[article]]\nfile = "reuters21578/99"\nsplit = "{split}"\nissues = {{}}\n', encoding="utf-8")


def test_heldout8_labels_are_scored_only_with_the_flag(tmp_path, monkeypatch, capsys):
    ev = load_eval()
    synthetic(tmp_path, monkeypatch, ev)
    assert ev.main(["--labels-dir", str(tmp_path)]) == 0
    row = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("r21578 oil"))
    assert "(none)" in row.split("|")[1] and "(not scored)" in row.split("|")[2]  # nothing read without the flag
    assert ev.main(["--labels-dir", str(tmp_path), "--heldout8"]) == 0
    captured = capsys.readouterr()
    row = next(line for line in captured.out.splitlines() if line.startswith("r21578 oil"))
    held = row.split("|")[2]
    assert "n= 1/  1" in held and "F1=1.00" in held and "p/a=1/1" in held  # found, and read as agreed
    assert "reuters21578/99" in captured.err and "Traceback" not in captured.err  # a missing record: one line


def test_heldout3_to_heldout7_are_development_data_now(tmp_path, monkeypatch, capsys):
    ev = load_eval()
    synthetic(tmp_path, monkeypatch, ev, split="heldout7")
    assert ev.main(["--labels-dir", str(tmp_path)]) == 0
    row = next(line for line in capsys.readouterr().out.splitlines() if line.startswith("r21578 oil"))
    assert "n= 1/  1" in row.split("|")[1] and "p/a=1/1" in row.split("|")[1]


def test_a_new_corpus_is_read_through_check_labels_with_its_catalog(tmp_path, monkeypatch, capsys):
    """A held-out file of a corpus no earlier round used (say AG News rows): unknown by name, never opened without
    the flag, and read with `check_labels.article_text` and `catalogs/<story>.toml` with it."""
    ev = load_eval()
    (tmp_path / "catalogs").mkdir()
    (tmp_path / "catalogs" / "oil.toml").write_text(CATALOG, encoding="utf-8")
    (tmp_path / "agnews_oil.toml").write_text(
        '[[article]]\nfile = "agnews/test/12"\nsplit = "heldout8"\nissues = { ceiling = "agreed" }\n'
        '[[article]]\nfile = "agnews/test/13"\nsplit = "heldout8"\nissues = {}\n', encoding="utf-8")
    texts = {"agnews/test/12": "Ministers agree on ceiling\n\n" + BODY.replace("\n", " ")}
    stub = types.SimpleNamespace(corpus_and_catalog=lambda path: (tmp_path / "agnews", None),
                                 article_text=lambda corpus, name: texts.get(name))
    monkeypatch.setattr(ev, "_check_labels", lambda: stub)
    assert [s["name"] for s in ev.label_sets(tmp_path)] == []  # not even opened without the flag
    sets = ev.label_sets(tmp_path, heldout=True)
    assert [(s["name"], s["catalog"].name) for s in sets] == [("agnews oil", "oil.toml")]
    assert ev.main(["--labels-dir", str(tmp_path), "--heldout8"]) == 0
    captured = capsys.readouterr()
    held = next(line for line in captured.out.splitlines() if line.startswith("agnews oil")).split("|")[2]
    assert "n= 1/  1" in held and "F1=1.00" in held and "p/a=1/1" in held  # title split off, found, agreed
    assert "agnews/test/13" in captured.err and "Traceback" not in captured.err  # a missing row: one line
    assert "cross-story" in captured.out


def test_a_wire_record_is_read_as_paragraphs_with_its_year(tmp_path, monkeypatch):
    ev = load_eval()
    synthetic(tmp_path, monkeypatch, ev)
    title, body, year = ev.read_reuters(ev.reuters_record("reuters21578/7", ev.REUTERS_JSONL))
    assert title == "MINISTERS AGREE ON CEILING" and year == 1987
    assert body.splitlines()[0].startswith("Negotiators") and body.splitlines()[0].endswith("barrels a day.")
    assert body.splitlines()[1] == "The prices accord was signed by all members, officials said."
    assert ev.reuters_record("reuters21578/8", ev.REUTERS_JSONL) is None  # an empty body is no article


def test_a_missing_wire_corpus_is_one_line(tmp_path, monkeypatch, capsys):
    ev = load_eval()
    synthetic(tmp_path, monkeypatch, ev)
    monkeypatch.setattr(ev, "REUTERS_JSONL", tmp_path / "absent.jsonl")
    assert ev.main(["--labels-dir", str(tmp_path), "--heldout8"]) == 0
    err = capsys.readouterr().err
    assert "absent.jsonl" in err and "Traceback" not in err


def test_a_new_bbc_story_is_found_with_its_catalog_and_a_missing_catalog_is_one_line(tmp_path, capsys):
    ev = load_eval()
    (tmp_path / "bbc_ni_peace.toml").write_text('[[article]]\nfile = "x.txt"\nsplit = "dev"\n', encoding="utf-8")
    sets = ev.label_sets(tmp_path)
    assert [(s["name"], s["catalog"].name) for s in sets] == [("bbc ni_peace", "ni_peace.toml")]
    assert ev.main(["--labels-dir", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert "bbc_ni_peace.toml" in err and "Traceback" not in err


def test_earlier_rounds_are_development_data_now_and_later_rounds_are_not():
    ev = load_eval()
    splits = ("dev", "heldout", "seeds", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7",
              "heldout8", "heldout9")
    assert [ev.part_of({"split": s}) for s in splits] == ["dev"] * 9 + ["heldout", "unread"]


def test_a_catalog_not_named_by_story_is_taken_from_check_labels(tmp_path, monkeypatch):
    ev = load_eval()
    catalog = tmp_path / "elsewhere.toml"
    catalog.write_text(CATALOG, encoding="utf-8")
    (tmp_path / "round4_oil.toml").write_text(
        '[[article]]\nfile = "x/1"\nsplit = "heldout8"\nissues = {}\n', encoding="utf-8")
    stub = types.SimpleNamespace(corpus_and_catalog=lambda path: (tmp_path, catalog),
                                 article_text=lambda corpus, name: None)
    monkeypatch.setattr(ev, "_check_labels", lambda: stub)
    assert [(s["name"], s["catalog"]) for s in ev.label_sets(tmp_path, heldout=True)] == [("round4 oil", catalog)]


def test_the_agnews_stories_scored_before_are_development_data_for_every_script(tmp_path, monkeypatch, capsys):
    """heldout6's and heldout7's AG News files are listed without the flag (so the error listing and the training script read it),
    while an unknown AG News file (a later round's) is still not opened."""
    ev = load_eval()
    (tmp_path / "catalogs").mkdir()
    (tmp_path / "catalogs" / "sudan_darfur.toml").write_text(CATALOG, encoding="utf-8")
    (tmp_path / "agnews_sudan_darfur.toml").write_text(
        '[[article]]\nfile = "agnews/test/12"\nsplit = "heldout6"\nissues = { ceiling = "agreed" }\n', encoding="utf-8")
    (tmp_path / "catalogs" / "iran_nuclear.toml").write_text(CATALOG, encoding="utf-8")
    (tmp_path / "agnews_iran_nuclear.toml").write_text(
        '[[article]]\nfile = "agnews/test/15"\nsplit = "heldout7"\nissues = { ceiling = "agreed" }\n', encoding="utf-8")
    (tmp_path / "agnews_later.toml").write_text(
        '[[article]]\nfile = "agnews/test/14"\nsplit = "heldout8"\nissues = { ceiling = "agreed" }\n', encoding="utf-8")
    texts = {"agnews/test/12": "Ministers agree on ceiling\n\n" + BODY.replace("\n", " "),
             "agnews/test/15": "Ministers agree on ceiling\n\n" + BODY.replace("\n", " "),
             "agnews/test/14": "Ministers agree on ceiling\n\n" + BODY.replace("\n", " ")}
    stub = types.SimpleNamespace(corpus_and_catalog=lambda path: (tmp_path / "agnews", None),
                                 article_text=lambda corpus, name: texts.get(name))
    monkeypatch.setattr(ev, "_check_labels", lambda: stub)
    assert [s["name"] for s in ev.label_sets(tmp_path)] == ["agnews iran_nuclear", "agnews sudan_darfur"]
    assert [e[2]["file"] for e in ev.dev_articles(tmp_path)] == ["agnews/test/15", "agnews/test/12"]
    assert ev.main(["--labels-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("agnews sudan_darfur"))
    assert "n= 1/  1" in row.split("|")[1] and "p/a=1/1" in row.split("|")[1]
    assert not any(line.startswith("agnews later") for line in out.splitlines())
