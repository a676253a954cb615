"""The command line as a user drives it: index summaries and exit codes, search semantics, show, bad input."""
from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

from newsexplorer.tui.cli import main

ARTICLES = {
    "geneva.txt": ("Title: Geneva talks make progress on security guarantees\nSource: Planet Wire\nDate: 2026-01-07\n\n"
                   "Negotiators in Geneva reported progress on security guarantees for Kyiv on Wednesday.\n"
                   "The delegations agreed to meet again after consultations with their capitals.\n"),
    "plant.txt": ("Title: Nuclear plant remains a sticking point\nSource: Daily Planet\nDate: 2026-02-10\n\n"
                  "The future of the Zaporizhzhia nuclear power plant remained unresolved after the meeting.\n"
                  "Officials said the question of who would operate the reactors divided the sides.\n"),
    "troops.txt": ("Title: Europe weighs foreign troops after a ceasefire\nSource: Planet Wire\nDate: 2026-03-02\n\n"
                   "European leaders discussed sending foreign troops to Ukraine once a ceasefire holds.\n"
                   "Moscow rejected any deployment of Western soldiers as unacceptable, officials said.\n"),
}


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def indexed(write):
    for name, text in ARTICLES.items():
        write(name, text)
    code, _, err = run("index", write.folder)
    assert code == 0, err
    return write.folder


def search_json(query, *extra):
    code, out, err = run("search", query, "--json", *extra)
    assert code == 0, err
    return json.loads(out)


def titles(query, *extra):
    return [h["title"] for h in search_json(query, *extra)["hits"]]


def test_index_summary_and_reindex_is_a_no_op(indexed):
    code, _, err = run("index", indexed)
    assert code == 0
    assert "indexed 0 articles · 3 files unchanged" in err


def test_articles_left_empty_by_cleaning_are_counted_in_the_summary(write):
    write("kept.txt", "Title: Talks resume\n\nNegotiators met again in Geneva on Monday to discuss the plan.\n")
    write("furniture.txt", "Title: Share page\n\nShare on Facebook\nRead more\n")
    code, _, err = run("index", write.folder)
    assert code == 0
    assert "indexed 1 article ·" in err and "1 empty after cleaning" in err


def test_changed_file_replaces_its_old_version(indexed):
    (indexed / "plant.txt").write_text(ARTICLES["plant.txt"].replace("remained unresolved", "was finally settled"))
    code, _, err = run("index", indexed)
    assert code == 0 and "indexed 1 article ·" in err
    assert titles('"finally settled"') == ["Nuclear plant remains a sticking point"]
    assert titles('"remained unresolved"') == []
    assert search_json("plant")["total"] == 1


def test_rebuild_starts_over(indexed, write):
    (indexed / "troops.txt").unlink()
    code, _, err = run("index", "--rebuild", indexed)
    assert code == 0 and "indexed 2 articles" in err
    assert titles("troops") == []


def test_search_json_shape_and_snippet_is_plain(indexed):
    data = search_json("security guarantees")
    assert data["query"] == "security guarantees" and data["total"] == 1 and data["took_ms"] >= 0
    hit = data["hits"][0]
    assert set(hit) >= {"id", "path", "title", "source", "date", "score", "snippet"}
    assert hit["source"] == "Planet Wire" and hit["date"] == "2026-01-07"
    assert "security guarantees" in hit["snippet"] and "[" not in hit["snippet"]


@pytest.mark.parametrize("query,expected", [
    ('"nuclear power plant"', ["Nuclear plant remains a sticking point"]),
    ('"power nuclear plant"', []),
    ("title:troops", ["Europe weighs foreign troops after a ceasefire"]),
    ('source:"daily planet"', ["Nuclear plant remains a sticking point"]),
    ("ceasefire NOT troops", []),
    ("guarantee OR reactors", None),  # both articles, any order
    ("zaporizh*", ["Nuclear plant remains a sticking point"]),
    ("guarantes~", ["Geneva talks make progress on security guarantees"]),
    ("date:[2026-02-01 to 2026-03-31]", None),
    ("date:[2026-01-01 to 2026-01-31]", ["Geneva talks make progress on security guarantees"]),
])
def test_query_language(indexed, query, expected):
    found = titles(query)
    if expected is None:
        assert len(found) == 2
    else:
        assert found == expected


def test_sort_by_date_newest_first(indexed):
    assert titles("officials OR delegations OR negotiators", "--sort", "date")[0] == \
        "Europe weighs foreign troops after a ceasefire"


def test_did_you_mean(indexed):
    data = search_json("zaporizhzia")
    assert data["total"] == 0 and data["did_you_mean"] == "zaporizhzhia"
    code, out, _ = run("search", "zaporizhzia")
    assert "did you mean: zaporizhzhia" in out


@pytest.mark.parametrize("query", ["*", "a*", "x" * 3000, 'date:[yesterday-ish to "nope"'])
def test_broken_query_is_one_line_and_exit_2(indexed, query):
    code, out, err = run("search", query)
    assert code == 2
    assert err.startswith("newsexplorer: ") and err.count("\n") == 1
    assert "Traceback" not in err


def test_show_json_and_id_prefix(indexed):
    hit = search_json("ceasefire")["hits"][0]
    code, out, _ = run("show", hit["id"][:8], "--json")
    assert code == 0
    article = json.loads(out)
    assert article["id"] == hit["id"] and article["title"] == hit["title"]
    assert article["text"].startswith("European leaders") and article["url"] is None
    code, _, err = run("show", "ffffffffffff")
    assert code == 2 and "no article with id 'ffffffffffff'" in err


def test_show_with_too_short_an_id_says_so_rather_than_no_article(indexed):
    """`show 6` when ids start with 6 said "no article with id '6'", which is untrue."""
    hit = search_json("ceasefire")["hits"][0]
    code, _, err = run("show", hit["id"][:2])
    assert code == 2 and err.count("\n") == 1
    assert "too short" in err and "at least 4 characters" in err and "no article" not in err


@pytest.mark.parametrize("query", ["date:>garbage", "ceasefire date:<nonsense"])
def test_a_date_that_is_not_a_date_is_named_as_such(indexed, query):
    """Whoosh's parser failed with Python's own words: "invalid literal for int() with base 10: 'garb'"."""
    code, _, err = run("search", query)
    assert code == 2 and err.count("\n") == 1
    assert "cannot read the date" in err and "int()" not in err


def test_no_index_is_a_clear_error(tmp_path):
    code, _, err = run("search", "x", "--index-dir", tmp_path / "nowhere")
    assert code == 2 and "no index in" in err and "newsexplorer index" in err


def test_bad_files_each_one_line_the_rest_indexed(indexed, write, monkeypatch):
    bad = {
        "empty.txt": b"",
        "binary.txt": bytes(range(256)) * 8,
        "nuls.txt": b"\x00" * 4096,
        "broken.json": b'{"title": "x",\n "body": oops}',
        "deep.json": b"[" * 100_000 + b"]" * 100_000,
        "noheader.csv": b"1,2,3\n4,5,6\n",
    }
    paths = {name: write(name, data) for name, data in bad.items()}
    write("good.txt", "Title: A good one\n\nThis article is perfectly readable and should be indexed today.\n")
    locked = write("locked.txt", "Title: Locked\n\nNobody can read this file at all, not even the indexer.\n")
    real_open = open

    def guarded_open(file, *args, **kwargs):  # tests run as root, where chmod 000 is not enough
        if os.fspath(file) == os.fspath(locked):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", guarded_open)
    code, _, err = run("index", indexed.parent / "articles")
    lines = [line for line in err.splitlines() if line.startswith("newsexplorer: ")]
    assert code == 1
    reasons = {name: next((line for line in lines if name in line), "") for name in [*bad, "locked.txt"]}
    assert "empty file" in reasons["empty.txt"]
    assert "binary" in reasons["binary.txt"] and "binary" in reasons["nuls.txt"]
    assert "malformed JSON at line 2" in reasons["broken.json"]
    assert "nested too deeply" in reasons["deep.json"]
    assert "no header row" in reasons["noheader.csv"]
    assert "permission denied" in reasons["locked.txt"]
    assert "Traceback" not in err
    assert titles("perfectly readable") == ["A good one"]
    assert search_json("plant")["total"] == 1  # what was indexed before is still there


def test_walking_skips_non_article_files(write):
    write("notes.py", "print('hi')")
    write("image.png", b"\x89PNG....")
    write(".hidden.txt", "Title: Hidden\n\nShould never be read because it is a dotfile here.\n")
    write("real.md", "Title: Real\n\nA real article written in Markdown with enough words.\n")
    code, _, err = run("index", write.folder)
    assert code == 0 and "indexed 1 article ·" in err and "3 skipped" in err


def test_date_sort_puts_undated_articles_last(indexed):
    (indexed / "undated.txt").write_text("Title: Undated ceasefire commentary\n\n"
                                         "A ceasefire was discussed by officials and delegations without a date.\n")
    assert run("index", indexed)[0] == 0
    found = titles("officials OR delegations OR negotiators", "--sort", "date")
    assert found[0] == "Europe weighs foreign troops after a ceasefire"
    assert found[-1] == "Undated ceasefire commentary"


def test_control_sequences_never_reach_the_stored_text(write):
    write("evil.txt", "Title: Evil \x1b[31mred\x1b[0m title\n\nBody with \x1b]52;c;aGk=\x07clipboard write and "
                      "\x1b[2Jscreen clear sequences inside it.\n")
    assert run("index", write.folder)[0] == 0
    hit = search_json("clipboard")["hits"][0]
    code, out, _ = run("show", hit["id"], "--json")
    article = json.loads(out)
    assert article["title"] == "Evil red title"
    assert "\x1b" not in article["text"] and "[31m" not in out and "52;c" not in article["text"]


def test_user_marks_survive_rebuild_and_new_articles(indexed, write):
    from newsexplorer.index import Corpus

    corpus = Corpus.open(None)
    corpus.userdata.set_checked("ceasefire", True)
    corpus.userdata.set_override("ceasefire", "progress")
    corpus.userdata.set_note("ceasefire", "ask the desk")
    corpus.close()
    write("more.txt", "Title: One more\n\nA ceasefire along the front line remained unresolved after talks.\n")
    assert run("index", "--rebuild", indexed)[0] == 0
    code, out, _ = run("issues", "--json")
    entry = next(i for i in json.loads(out)["issues"] if i["id"] == "ceasefire")
    assert (entry["checked"], entry["status"], entry["override"], entry["note"]) == (True, "progress", "progress",
                                                                                    "ask the desk")
    assert entry["detected_status"] == "unresolved"


def test_a_folder_with_no_article_files_is_named_not_just_counted(indexed, tmp_path):
    """`index empty/` printed a summary of zeros and exit 0: a mistyped or wrong folder looked like a success."""
    (tmp_path / "empty").mkdir()
    (tmp_path / "code").mkdir()
    (tmp_path / "code" / "script.py").write_text("print('hi')\n")
    code, _, err = run("index", tmp_path / "empty", tmp_path / "code", indexed)
    assert code == 0
    assert f"newsexplorer: note: {tmp_path / 'empty'}: no article files in this folder\n" in err
    assert f"newsexplorer: note: {tmp_path / 'code'}: no article files in this folder (1 other file skipped)\n" in err
    assert f"{indexed}: no article" not in err  # a folder that holds articles is never named


def test_show_on_a_terminal_pages_through_less_with_its_colours_read(indexed, tmp_path):
    """With $PAGER and $LESS unset, `show` piped its colours to less, which printed them as "ESC[1m…ESC[0m"."""
    import pty
    import subprocess
    import sys

    hit = search_json("ceasefire")["hits"][0]
    bin_dir, seen = tmp_path / "bin", tmp_path / "less-saw"
    bin_dir.mkdir()
    fake = bin_dir / "less"  # stands in for less: the probe `(less)` has a terminal on stdin; the page comes on a pipe
    fake.write_text(f'#!/bin/sh\n[ -t 0 ] && exit 0\nprintf "%s" "$LESS" > {seen}.env\ncat > {seen}.text\n')
    fake.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k not in ("PAGER", "MANPAGER", "LESS")}
    env.update(PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", TERM="xterm-256color")
    controller, terminal = pty.openpty()
    try:
        proc = subprocess.Popen([sys.executable, "-m", "newsexplorer", "show", hit["id"]], env=env,
                                stdin=terminal, stdout=terminal, stderr=terminal)
        assert proc.wait(timeout=300) == 0  # a guard against a hang only
    finally:
        os.close(terminal)
        os.close(controller)
    assert "R" in (tmp_path / "less-saw.env").read_text()  # less shows the colours rather than their codes
    assert hit["title"] in (tmp_path / "less-saw.text").read_text()


def test_serve_on_a_port_in_use_says_so_before_announcing_anything(indexed):
    """It printed "serving … at http://127.0.0.1:PORT", then the bind error prefixed with the data dir."""
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        code, out, err = run("serve", "--port", port)
    assert code == 2 and err.count("\n") == 1 and "serving" not in err
    assert f"cannot serve on 127.0.0.1:{port}: address already in use (choose another with --port)" in err
