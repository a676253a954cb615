"""Issue 13: a lone surname that may mean several people of the corpus is shown as ambiguous — "Brown ?" with the
people it may be on a line below in the reader's entity pane (80×24, pane opened with `p`), and in `show --json`.
The index is built and canonicalised by the real engine; only the model's spans are given (no spaCy here)."""
from __future__ import annotations

import asyncio
import json
import re

from click.testing import CliRunner

from newsexplorer.index import Corpus
from newsexplorer.tui.app import NewsExplorerApp
from newsexplorer.tui.cli import main

from .conftest import screen_text, settle, write_articles

ARTICLES = {
    "budget.txt": "Title: Budget day\nSource: BBC\nDate: 2005-03-16\n\n"
                  "Gordon Brown presented his budget. Gordon Brown said the economy was strong. Brown smiled.\n",
    "united.txt": "Title: United sign defender\nSource: BBC\nDate: 2005-03-17\n\n"
                  "Wesley Brown signed a new deal. Wesley Brown has played for United since 1996.\n",
    "bare.txt": "Title: Criticism mounts\nSource: BBC\nDate: 2005-03-18\n\n"
                "Brown was criticised on Tuesday. Critics said Brown had not listened.\n",
}
PEOPLE = re.compile(r"Gordon Brown|Wesley Brown|Brown")


def model_spans(articles) -> None:
    """What the model would tag: every name a PERSON (canonical names are left to the engine)."""
    for article in articles:
        article.entities = [{"start": m.start(), "end": m.end(), "text": m.group(), "label": "PERSON"}
                            for m in PEOPLE.finditer(article.text)]


def build(tmp_path):
    corpus, report = Corpus.build(tmp_path / "index", [write_articles(tmp_path / "src", ARTICLES)],
                                  enrich=model_spans)
    assert report.indexed == 3, report
    ids = {a.path.rsplit("/", 1)[-1]: a.id for a in (corpus.article(h.id) for h in corpus.listing())}
    corpus.close()
    return tmp_path / "index", ids


def test_reader_marks_a_surname_two_people_share(tmp_path):
    index, ids = build(tmp_path)

    async def go():
        app = NewsExplorerApp(index)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(app, pilot)
            app.open_article(ids["bare.txt"])
            await settle(app, pilot)
            await pilot.press("p")  # at 80 columns the entity pane is folded away until asked for
            await settle(app, pilot)
            pane = app.screen.query_one("#entities")
            assert pane.display
            text = screen_text(app)
            assert re.search(r"P Brown \? 2", text), text
            assert re.search(r"P Brown \? 2 *\n.*▏ +Gordon Brown *\n.*▏ +or Wesley Brown", text), text
            # the same pane for an article naming Gordon Brown in full: its "Brown" is him, no question mark
            app.open_article(ids["budget.txt"])
            await settle(app, pilot)
            text = screen_text(app)
            assert re.search(r"P Gordon Brown 3", text), text
            assert "?" not in text.split("Gordon Brown 3")[0].splitlines()[-1]
            assert "Wesley Brown" not in text
    asyncio.run(go())


def test_show_json_lists_whom_the_surname_may_mean(tmp_path):
    index, ids = build(tmp_path)
    result = CliRunner().invoke(main, ["show", "--json", "--index-dir", str(index), ids["bare.txt"]])
    assert result.exit_code == 0, result.output
    spans = json.loads(result.output)["entities"]
    browns = [s for s in spans if s["text"] == "Brown"]
    assert len(browns) == 2 and all(s["ambiguous"] == ["Gordon Brown", "Wesley Brown"] for s in browns)
    result = CliRunner().invoke(main, ["show", "--json", "--index-dir", str(index), ids["budget.txt"]])
    spans = json.loads(result.output)["entities"]
    assert {s["canonical"] for s in spans} == {"Gordon Brown"} and not any("ambiguous" in s for s in spans)
