"""Search → open → next match → entity jump → next article → back, driven with Pilot at 80×24."""
from __future__ import annotations

import pytest
from newsexplorer.index import Corpus
from newsexplorer.tui.app import NewsExplorerApp
from newsexplorer.tui.widgets.article_view import GUTTER, ArticleView
from newsexplorer.tui.widgets.results import ResultList

from .conftest import opened, screen_text, settle, write_articles

pytestmark = pytest.mark.anyio  # async tests run on asyncio (anyio_backend in conftest)


async def test_opens_on_listing_newest_first(tiny_index):
    async with opened(tiny_index) as (app, pilot):
        search = app.search_view
        assert app.view == "search"
        dates = [h.date for h in search.hits]
        assert len(dates) == 4
        assert dates == sorted(dates, reverse=True)
        text = screen_text(app)
        assert "4 articles · newest first" in text
        assert app.first_paint_s is not None


async def test_search_open_navigate_back(tiny_index):
    async with opened(tiny_index) as (app, pilot):
        await pilot.press("slash", *"ceasefire")
        await settle(app, pilot)
        search = app.search_view
        assert search.total == 3 and len(search.hits) == 3
        status = screen_text(app)
        assert "3 results ·" in status and " ms · sort: relevance" in status
        # matched words are highlighted in the snippet rows
        first = app.screen.query_one(ResultList).get_option_at_index(0).prompt
        assert any(str(first)[s.start:s.end].lower().startswith("ceasefire") for s in first.spans)

        await pilot.press("enter")  # query → results
        assert app.screen.focused is app.screen.query_one(ResultList)
        await pilot.press("enter")  # open
        await settle(app, pilot)
        reader = app.reader_view
        assert app.view == "reader" and app.screen.focused is reader.query_one(ArticleView)
        view = reader.query_one(ArticleView)
        assert view.matches, "search words are highlighted in the reader"
        assert view.current is view.matches[0]
        await pilot.press("n")
        await pilot.pause()
        assert view.current is view.matches[1 % len(view.matches)]
        await pilot.press("N")
        await pilot.pause()
        assert view.current is view.matches[0]

        # entities: ] jumps, e cycles which kinds are shown
        assert view.entities
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert view.current in view.entities
        assert "e: people orgs places" in screen_text(app)
        await pilot.press("e")  # people only
        await pilot.pause()
        assert {m.kind for m in view.visible_entities()} == {"person"}
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert view.current.kind == "person"
        for _ in range(5):
            await pilot.press("e")
        await pilot.pause()
        assert {m.kind for m in view.visible_entities()} == {"person", "org", "place"}

        # J / K: next / previous article of the result list
        first_id = reader.article_id
        await pilot.press("J")
        await settle(app, pilot)
        assert reader.article_id == search.hits[1].id
        await pilot.press("K")
        await settle(app, pilot)
        assert reader.article_id == first_id

        # q goes back; q at the top quits
        await pilot.press("q")
        await pilot.pause()
        assert app.view == "search"
        assert app.screen.focused is app.screen.query_one(ResultList)  # focus came back where it was
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_entity_list_enter_searches_its_name(tiny_index):
    async with opened(tiny_index, size=(120, 30)) as (app, pilot):  # wide: the entity pane is shown
        geneva = next(h for h in app.search_view.hits if h.title.startswith("Geneva"))
        app.open_article(geneva.id)
        await settle(app, pilot)
        entities = app.screen.query_one("#entities")
        assert entities.display
        entities.focus()
        await pilot.press("home")
        kind, name = entities.get_option_at_index(entities.highlighted).id.split("\x1f")
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.view == "search"
        if kind == "other":
            assert app.search_view.query_text == f'"{name}"'
        else:  # a person, organisation or place: its articles under any spelling, as its facet filter
            assert app.search_view.filters == {kind: name} and f"{kind}: {name}" in screen_text(app)
        assert geneva.id in {h.id for h in app.search_view.hits}


async def test_untrusted_text_shows_literally(tiny_index):
    async with opened(tiny_index, size=(100, 30)) as (app, pilot):
        text = screen_text(app)
        assert "[bold]x[/bold]" in text and "[@click=app.quit]" in text
        hit = next(h for h in app.search_view.hits if "Odd" in h.title)
        app.open_article(hit.id)
        await settle(app, pilot)
        shown = screen_text(app)
        assert "Odd [bold]x[/bold] title [@click=app.quit]quit[/]" in shown
        assert "[Blog] Weekly" in shown
        assert "[@click=app.quit]click" in shown and "[/b]" in shown
        view = app.screen.query_one(ArticleView)
        assert "[@click=app.quit]click me[/]" in view.text
        assert "\x1b" not in view.text and "\x07" not in view.text and "]52;" not in view.text
        await pilot.click(ArticleView, offset=(20, 1))  # clicking the literal "[@click=…]" does nothing
        await pilot.press("j", "k", "G", "g")
        await pilot.pause()
        assert app.is_running and app.return_code is None


async def test_query_error_is_one_line_not_a_crash(tiny_index):
    async with opened(tiny_index) as (app, pilot):
        await pilot.press("slash", "a", "*")
        await settle(app, pilot)
        status = app.screen.query_one("#status")
        assert status.has_class("-error")
        assert "too broad" in str(status.render())
        assert app.is_running
        await pilot.press("backspace", "backspace", *"NATO")
        await settle(app, pilot)
        assert not status.has_class("-error") and app.search_view.total == 2


async def test_did_you_mean_enter_accepts(tiny_index):
    async with opened(tiny_index) as (app, pilot):
        await pilot.press("slash", *"ceasefrie")
        await settle(app, pilot)
        search = app.search_view
        assert not search.hits and search.suggestion == "ceasefire"
        assert "Did you mean: ceasefire" in screen_text(app)
        await pilot.press("enter")
        await settle(app, pilot)
        assert search.query_text == "ceasefire" and search.total == 3


async def test_sort_toggle_and_facets(tiny_index):
    async with opened(tiny_index, size=(120, 30)) as (app, pilot):
        await pilot.press("slash", *"ceasefire")
        await settle(app, pilot)
        await pilot.press("escape")  # to the results
        await pilot.press("s")
        await settle(app, pilot)
        search = app.search_view
        assert search.sort == "date"
        dates = [h.date for h in search.hits]
        assert dates == sorted(dates, reverse=True)
        facets = app.screen.query_one("#facets")
        assert facets.display  # wide: the facet pane shows
        ids = [facets.get_option_at_index(i).id for i in range(facets.option_count)]
        assert "outlet\x1fReuters" in ids and "person\x1fVolodymyr Zelensky" in ids
        facets.focus()
        facets.highlighted = ids.index("outlet\x1fReuters")
        await pilot.press("enter")
        await settle(app, pilot)
        assert search.filters == {"outlet": "Reuters"}
        assert {h.source for h in search.hits} == {"Reuters"}
        assert "outlet: Reuters ×" in screen_text(app)
        await pilot.press("ctrl+r")
        await settle(app, pilot)
        assert search.filters == {} and search.total == 3


async def test_narrow_layout_collapses_panes(tiny_index):
    async with opened(tiny_index) as (app, pilot):
        facets = app.screen.query_one("#facets")
        assert not facets.display
        await pilot.press("escape", "p")
        await pilot.pause()
        assert facets.display


async def test_views_switch_with_number_keys_and_help_lists_keys(tiny_index):
    async with opened(tiny_index, size=(140, 40)) as (app, pilot):
        await pilot.press("escape")
        await pilot.press("2")
        await pilot.pause()
        assert app.view == "reader"
        assert "No article open" in screen_text(app)
        await pilot.press("3")
        await settle(app, pilot)
        assert "11 issues" in screen_text(app)
        await pilot.press("question_mark")
        await pilot.pause()
        help_text = str(app.screen.query_one("#help-text").render())
        for _, cls in NewsExplorerApp.contexts():
            for b in cls.__dict__.get("BINDINGS", []):
                assert b.id and b.id in help_text
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("1")
        await pilot.pause()
        assert app.view == "search"


async def test_mouse_click_opens_a_result(tiny_index):
    async with opened(tiny_index) as (app, pilot):
        await pilot.click(ResultList, offset=(10, 2))  # the second result's row
        await settle(app, pilot)
        assert app.view == "reader"
        assert app.reader_view.article_id == app.search_view.hits[1].id


async def test_article_id_reopens_after_corpus_given(tiny_index):
    """An already open corpus can be handed to the app (embedding, tests)."""
    corpus = Corpus.open(tiny_index)
    async with opened(tiny_index, corpus=corpus) as (app, pilot):
        assert app.corpus is corpus and len(app.search_view.hits) == 4


async def test_article_lines_fit_the_reader_on_first_and_later_opens(tmp_path):
    """Wrapping happens off screen (the reader is hidden while the article is prepared): no line may overflow,
    also when the article is long enough for a scrollbar."""
    words = "negotiators said the ceasefire plan would need guarantees from every side before".split()
    body = "\n\n".join(" ".join(words[(i + j) % len(words)] for j in range(90)) for i in range(40))
    folder = write_articles(tmp_path / "long", {
        f"long{n}.txt": f"Title: Long read {n}\nSource: Wire\nDate: 2026-01-0{n}\n\n{body}\n" for n in (1, 2)})
    Corpus.build(tmp_path / "home", [folder])[0].close()

    async with opened(tmp_path / "home") as (app, pilot):
        view = app.reader_view.query_one(ArticleView)
        for hit in app.search_view.hits * 2:
            app.open_article(hit.id)
            await settle(app, pilot)
            width = view.scrollable_content_region.width
            assert app.view == "reader" and 60 < width < 80 and len(view._lines) > view.size.height
            width -= GUTTER  # the evidence bar and a space
            assert view._wrap_width == width, "wrapped for the width the text is shown at"
            assert max(len(view.text[s:e].rstrip()) for s, e in view._lines) <= width, "a line is cut off"
            assert max(len(view.text[s:e].rstrip()) for s, e in view._lines) >= width - 12
            await pilot.press("q")
            await settle(app, pilot)


async def test_facets_count_every_match_not_only_the_rows_fetched(tmp_path):
    import json

    words = "envoys ministers generals mayors delegates observers monitors lawyers bankers farmers".split()
    places = "Geneva Vienna Riyadh Istanbul Oslo Doha Minsk Warsaw Rome Paris Berlin".split()
    records = [{"title": f"Ceasefire talks, day {i}", "source": "Wire" if i % 10 else "Post",
                "date": f"2026-01-{1 + i % 28:02d}",  # varied prose: no line repeats enough to be boilerplate
                "body": f"{words[i % 10].capitalize()} from {places[i % 11]} joined the ceasefire talks with "
                        f"{words[(i // 10) % 10]} from {places[(i // 3) % 11]} on day {i}."}
               for i in range(330)]
    (tmp_path / "feed.jsonl").write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    Corpus.build(tmp_path / "home", [tmp_path / "feed.jsonl"])[0].close()

    async with opened(tmp_path / "home", size=(120, 30)) as (app, pilot):
        await pilot.press("slash", *"ceasefire")
        await settle(app, pilot)
        search = app.search_view
        assert search.total == 330 and len(search.hits) < 330  # rows come a page at a time
        facets = app.screen.query_one("#facets")
        rows = [str(facets.get_option_at_index(i).prompt) for i in range(facets.option_count)]
        assert "  Wire 297" in rows and "  Post 33" in rows, rows
