"""Issue 11: the app never loses the user. Each test drives the app with Pilot at 80×24 (unless the defect is about
a wider screen) against the real engine and a real newsexplorer.db in a data dir of the test's own."""
from __future__ import annotations

import pytest
from textual.widgets import Input

from newsexplorer.index import Corpus
from newsexplorer.tui.screens.help import HelpScreen
from newsexplorer.tui.screens.note import NoteScreen
from newsexplorer.tui.widgets.article_view import ArticleView
from newsexplorer.tui.widgets.issue_list import IssueList
from newsexplorer.tui.widgets.results import ResultList

from .conftest import answer, errors, footer_line, marks, opened, screen_text, settle, write_articles, until

pytestmark = pytest.mark.anyio  # async tests run on asyncio (anyio_backend in conftest)



async def open_first_evidence(app, pilot) -> IssueList:
    """3 → expand the first issue that has evidence → Enter on its first sentence."""
    await pilot.press("3")
    await settle(app, pilot)
    issues = app.screen.query_one(IssueList)
    first = next(i for i, issue in enumerate(issues.issues) if issue.get("articles"))
    issues.highlighted = issues.get_option_index(f"issue\x1f{issues.issues[first]['id']}")
    await pilot.press("enter")
    await settle(app, pilot)
    ev = next(i for i in range(issues.option_count) if (issues.get_option_at_index(i).id or "").startswith("ev\x1f"))
    issues.highlighted = ev
    await pilot.press("enter")
    await settle(app, pilot)
    return issues


# --- 1. q goes back exactly one step ------------------------------------------------------------------
async def test_q_from_a_reader_opened_in_search_goes_back_to_search(seeds_index):
    async with opened(seeds_index) as (app, pilot):
        await pilot.press("enter")  # open the first article of the list
        await settle(app, pilot)
        assert app.view == "reader"
        title = app.reader_view.article.title
        await pilot.press("q")
        await settle(app, pilot)
        assert app.view == "search"
        assert app.screen.focused is app.screen.query_one(ResultList)
        assert "No article open" not in screen_text(app) and "newest first" in screen_text(app)
        assert "Next match" not in footer_line(app)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0 and title


async def test_q_from_evidence_goes_back_to_the_checklist_then_home(seeds_index):
    async with opened(seeds_index) as (app, pilot):
        issues = await open_first_evidence(app, pilot)
        assert app.view == "reader"
        assert app.reader_view.query_one(ArticleView).current.kind == "evidence"
        await pilot.press("q")
        await settle(app, pilot)
        assert app.view == "issues" and app.screen.focused is issues
        assert "issues ·" in screen_text(app)  # the checklist itself is on screen, not the reader
        issue = issues.current_issue()
        await pilot.press("space")  # ticks the issue the user sees
        await settle(app, pilot)
        assert await app.writes_done()
        assert marks(seeds_index)[issue["id"]]["checked"] is True
        await pilot.press("q")
        await settle(app, pilot)
        assert app.view == "search"
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_entity_search_then_q_returns_to_the_reader_and_its_article(tiny_index):
    async with opened(tiny_index, size=(120, 30)) as (app, pilot):  # wide: the entity pane is shown
        geneva = next(h for h in app.search_view.hits if h.title.startswith("Geneva"))
        results = app.screen.query_one(ResultList)
        results.highlighted = [h.id for h in app.search_view.hits].index(geneva.id)
        await pilot.press("enter")
        await settle(app, pilot)
        app.screen.query_one("#entities").focus()
        await pilot.press("home", "enter")
        await settle(app, pilot)
        assert app.view == "search" and (app.search_view.filters or app.search_view.query_text.startswith('"'))
        await pilot.press("q")
        await settle(app, pilot)
        assert app.view == "reader" and app.reader_view.article_id == geneva.id
        await pilot.press("q")
        await settle(app, pilot)
        assert app.view == "search" and app.search_view.query_text == "" and app.search_view.filters == {}
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


# --- 2. e with no article open -------------------------------------------------------------------------
async def test_e_with_no_article_open_does_not_crash(tiny_index):
    async with opened(tiny_index) as (app, pilot):
        await pilot.press("escape", "2", "e", "n", "right_square_bracket", "J", "y")
        await settle(app, pilot)
        assert app.is_running and app.view == "reader"
        assert "No article open" in screen_text(app)


# --- 3. fast keys in the checklist: every one saved, in order; undo ------------------------------------
async def test_fast_checklist_keys_are_all_saved_in_order(seeds_index):
    async with opened(seeds_index) as (app, pilot):
        await pilot.press("3")
        await settle(app, pilot)
        issue_id = app.screen.query_one(IssueList).current_issue()["id"]
        await pilot.press(*"oooooooo", "space", "space", "space", *"ooo")  # no pause between keys
        await settle(app, pilot)
        assert await app.writes_done()
        mark = marks(seeds_index)[issue_id]
        assert mark["override"] == "unresolved"  # 11 presses: none → agreed → progress → unresolved → none …
        assert mark["checked"] is True
        assert not errors(app), errors(app)
        assert "unresolved*" in screen_text(app) and "[x]" in screen_text(app)


async def test_undo_reverts_tick_override_and_note(seeds_index):
    async with opened(seeds_index) as (app, pilot):
        await pilot.press("3")
        await settle(app, pilot)
        issue_id = app.screen.query_one(IssueList).current_issue()["id"]
        await answer(app, pilot, ("space", "o", "a"), NoteScreen, "check [b]this[/b]")
        assert marks(seeds_index)[issue_id] == {"checked": True, "override": "agreed", "note": "check [b]this[/b]"}
        await pilot.press("u")
        await settle(app, pilot)
        assert await app.writes_done()
        assert marks(seeds_index)[issue_id]["note"] is None
        await pilot.press("u")
        await settle(app, pilot)
        assert await app.writes_done()
        assert marks(seeds_index)[issue_id]["override"] is None
        await pilot.press("u")
        await settle(app, pilot)
        assert await app.writes_done()
        assert marks(seeds_index)[issue_id]["checked"] is False
        assert "[x]" not in screen_text(app)
        await pilot.press("u")  # nothing left: says so
        await pilot.pause()
        assert app.is_running


# --- 4. first launch ---------------------------------------------------------------------------------
async def test_first_launch_focus_footer_help_and_escape(seeds_index):
    async with opened(seeds_index) as (app, pilot):
        assert not isinstance(app.screen.focused, Input), "focus must not start in the query box"
        footer = footer_line(app)
        assert "? Help" in footer and "q Quit" in footer, footer
        await pilot.press("slash")
        assert isinstance(app.screen.focused, Input)
        footer = footer_line(app)
        assert "? Help" in footer and "esc" in footer.lower(), footer
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.search_view.query_one("#query", Input).value == ""
        assert "too broad" not in screen_text(app)
        await pilot.press(*"zz", "escape")
        await settle(app, pilot)
        assert not isinstance(app.screen.focused, Input), "Esc leaves the box even with no results"


async def test_empty_index_message_once_and_escape_leaves_the_box(tmp_path):
    (tmp_path / "empty").mkdir()
    Corpus.build(tmp_path / "home", [tmp_path / "empty"])[0].close()

    async with opened(tmp_path / "home") as (app, pilot):
        text = screen_text(app)
        assert text.count("The index is empty") == 1, text
        assert "again" not in text and "newsexplorer index PATH" in text
        await pilot.press("slash", "escape")
        await pilot.pause()
        assert not isinstance(app.screen.focused, Input)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


# --- 7. reader -------------------------------------------------------------------------------------
async def test_find_in_article_and_step_through_evidence(seeds_index):
    async with opened(seeds_index) as (app, pilot):
        await open_first_evidence(app, pilot)
        view = app.reader_view.query_one(ArticleView)
        assert len(view.evidence) >= 2
        first = view.current
        await pilot.press("right_parenthesis")
        await pilot.pause()
        assert view.current.kind == "evidence" and view.current != first
        assert "evidence 2/" in screen_text(app)
        await pilot.press("slash", *"paris", "enter")
        await pilot.pause()
        found = [view.text[m.start:m.end].lower() for m in view.matches]
        assert found and set(found) == {"paris"}
        assert view.text[view.current.start:view.current.end].lower() == "paris"
        at = view.current
        await pilot.press("n")
        await pilot.pause()
        assert view.current != at or len(found) == 1
        await pilot.press("q")  # back one step: to the checklist
        await settle(app, pilot)
        assert app.view == "issues"


async def test_next_entity_after_an_evidence_sentence_starts_from_that_sentence(seeds_index):
    """`)` then `]`: the entity after the sentence the cursor is on, not the first one at the top of the view."""
    async with opened(seeds_index) as (app, pilot):
        await pilot.press("enter")  # the first article of the list, from its top
        await settle(app, pilot)
        view = app.reader_view.query_one(ArticleView)
        entities = view.visible_entities()
        later = [e for e in view.evidence if any(x.start < e.start for x in entities)
                 and view.line_of(e.start) < view.scrollable_content_region.height]
        assert later, "an evidence sentence on the first screen with an entity before it"
        while view.current is not later[0]:
            await pilot.press("right_parenthesis")
            await pilot.pause()
        sentence = view.current
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert view.current.kind in ("person", "org", "place", "other")
        assert view.current is min((e for e in entities if e.start >= sentence.start), key=lambda e: e.start)
        await pilot.press("left_square_bracket")  # and back: the entity just before it
        await pilot.pause()
        assert view.current.start < sentence.start


async def test_entity_at_80_columns_p_goes_to_the_list_and_enter_searches_it(seeds_index):
    """At 80 columns the entity list is collapsed: `p` used to show it with the keys still in the text (Enter did
    nothing). Now `p` goes to the list, on the entity under the cursor; Enter in the text searches it too."""
    from newsexplorer.tui.widgets.entity_list import EntityList

    async with opened(seeds_index) as (app, pilot):
        await pilot.press("enter")
        await settle(app, pilot)
        view = app.reader_view.query_one(ArticleView)
        await pilot.press("right_square_bracket", "right_square_bracket")
        await pilot.pause()
        entity = view.current
        await pilot.press("p")
        await pilot.pause()
        pane = app.reader_view.query_one(EntityList)
        assert pane.display and app.screen.focused is pane
        # the pane is highlighted after the refresh that lays it out (call_after_refresh, then the pane's queue):
        # wait for that refresh rather than hope one pause covered it
        wanted = f"{entity.kind}\x1f{entity.name}"
        await until(pilot, lambda: pane.highlighted is not None
                    and pane.get_option_at_index(pane.highlighted).id == wanted, "the entity highlighted", 30)
        assert pane.get_option_at_index(pane.highlighted).id == wanted
        await pilot.press("p")  # hidden again: back in the text
        await pilot.pause()
        assert not pane.display and app.screen.focused is view
        await pilot.press("enter")  # Enter on the entity under the cursor: its articles, under any spelling
        await settle(app, pilot)
        assert app.view == "search" and app.search_view.filters == {entity.kind: entity.name}
        assert app.search_view.total >= 2, "every article naming the person, not only the one spelling"
        assert app.reader_view.article_id in {h.id for h in app.search_view.hits}
        await pilot.press("q")
        await settle(app, pilot)
        assert app.view == "reader" and view.current is not None
        await pilot.press("q")
        await settle(app, pilot)
        assert app.view == "search" and app.search_view.filters == {} and "5 articles" in screen_text(app)


@pytest.mark.parametrize("width, pane", [(120, 30), (200, 48)])
async def test_entity_pane_takes_the_room_the_capped_text_leaves(seeds_index, width, pane):
    """At 200 columns the text stops at ~100 and the entity list used to stay 30 wide, cutting names."""
    async with opened(seeds_index, size=(width, 50)) as (app, pilot):
        await pilot.press("enter")
        await settle(app, pilot)
        entities = app.reader_view.query_one("#entities")
        assert entities.display and entities.outer_size.width == pane
        text = app.reader_view.query_one(ArticleView)
        assert text.region.right <= entities.region.x  # side by side, never over the text
        if width == 200:
            names = [str(entities.get_option_at_index(i).prompt) for i in range(entities.option_count)]
            assert not any("…" in name for name in names), names


async def test_reader_header_compact_text_width_capped_and_only_the_searched_word_highlighted(seeds_index):
    async with opened(seeds_index) as (app, pilot):
        await pilot.press("slash", *"security", "enter")  # Enter before the results come: to them once they do
        await settle(app, pilot)
        assert app.screen.focused is app.screen.query_one(ResultList)
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.view == "reader" and app.reader_view.query_text == "security"
        assert app.reader_view.article_id == app.search_view.hits[0].id  # the first result of this query
        assert app.reader_view.query_one("#article-header").size.height <= 2
        view = app.reader_view.query_one(ArticleView)
        words = {view.text[m.start:m.end].lower() for m in view.matches}
        assert words == {"security"}, words  # not "secured", "secures"
        assert "secur" in view.text.lower().replace("security", "")
    async with opened(seeds_index, size=(200, 50)) as (app, pilot):
        await pilot.press("enter")
        await settle(app, pilot)
        view = app.reader_view.query_one(ArticleView)
        assert view.scrollable_content_region.width <= 100


# --- 8. layout at 80 columns -------------------------------------------------------------------------
async def test_footer_fits_80_columns_in_every_view(seeds_index):
    async with opened(seeds_index) as (app, pilot):
        for keys in (("enter",), ("3",), ("1",)):
            await pilot.press(*keys)
            await settle(app, pilot)
            footer = footer_line(app).rstrip()
            assert "? Help" in footer and ("q Back" in footer or "q Quit" in footer), footer
            assert len(footer) < 80 and not footer.endswith("▏"), footer


async def test_long_titles_that_differ_at_the_end_stay_distinct(tmp_path):
    base = "Russian Offensive Campaign Assessment, February"
    folder = write_articles(tmp_path / "isw", {
        f"isw{d}.txt": f"Title: {base} {d}, 2026\nSource: ISW\nDate: 2026-02-{d:02d}\n\n"
                       f"Russian forces attacked near the town on day {d} of the month; Ukrainian forces held the line "
                       f"and {['artillery', 'drones', 'infantry'][d - 3]} decided the fighting that day.\n"
        for d in (3, 4, 5)})
    Corpus.build(tmp_path / "home", [folder])[0].close()

    async with opened(tmp_path / "home") as (app, pilot):
        await pilot.press("p")  # facets shown beside the results
        await settle(app, pilot)
        results = app.screen.query_one(ResultList)
        titles = [str(results.get_option_at_index(i).prompt).splitlines()[0] for i in range(3)]
        assert len(set(titles)) == 3, titles
        assert all(len(t) > 30 for t in titles), titles


async def test_checklist_rows_use_the_width_and_keep_their_indent(seeds_index):
    async with opened(seeds_index, size=(200, 50)) as (app, pilot):
        await pilot.press("3")
        await settle(app, pilot)
        assert "Prisoner exchanges and deported children" in screen_text(app)
    async with opened(seeds_index) as (app, pilot):
        issues = await open_first_evidence(app, pilot)
        await pilot.press("q")
        await settle(app, pilot)
        issue = issues.issues[0]
        rows = [str(issues.get_option_at_index(i).prompt) for i in range(issues.option_count)]
        evidence_rows = [r for i, r in enumerate(rows) if (issues.get_option_at_index(i).id or "").startswith("ev")]
        assert evidence_rows
        for row in evidence_rows:
            assert all(line.startswith("   ") for line in row.splitlines()), row
            assert max(len(line) for line in row.splitlines()) <= issues.scrollable_content_region.width
        art = issue["articles"][0]
        assert (art.get("title") or "")[:20] in evidence_rows[0]
        assert "undated" not in evidence_rows[0] or not art.get("date")


@pytest.mark.parametrize("size", [(80, 24), (140, 40)])
async def test_help_columns_are_aligned_and_fit(tiny_index, size):
    async with opened(tiny_index, size=size) as (app, pilot):
        await pilot.press("question_mark")
        await pilot.pause()
        help_screen = app.screen
        box = help_screen.query_one("#help-text")
        lines = str(box.render()).splitlines()
        desc_cols, id_cols = set(), set()
        for row in help_screen.rows:
            line = next(line for line in lines if line.startswith(f"  {row.keys} ")
                        and row.description[:8] in line and (size[0] <= 100 or line.endswith(row.id)))
            desc_cols.add(line.index(row.description[:8], 2 + len(row.keys)))
            if size[0] > 100:
                assert line.endswith(row.id)
                id_cols.add(len(line) - len(row.id))
            assert len(line) <= box.size.width, line  # nothing wraps onto a second line
        assert len(desc_cols) == 1 and len(id_cols) <= 1, (desc_cols, id_cols)


async def test_entity_counts_do_not_wrap_alone(seeds_index):
    async with opened(seeds_index) as (app, pilot):
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("p")
        await settle(app, pilot)
        pane = app.screen.query_one("#entities")
        assert pane.display and pane.option_count
        for i in range(pane.option_count):
            prompt = str(pane.get_option_at_index(i).prompt)
            assert "\n" not in prompt and len(prompt) <= pane.scrollable_content_region.width, prompt


async def test_a_query_error_clears_the_old_results(tiny_index):
    async with opened(tiny_index) as (app, pilot):
        await pilot.press("slash", *"ceasefire")
        await settle(app, pilot)
        assert "Geneva talks" in screen_text(app)
        await pilot.press(*" OR a*")
        await settle(app, pilot)
        assert app.screen.query_one("#status").has_class("-error")
        assert "Geneva talks" not in screen_text(app)


# --- 6. colours -----------------------------------------------------------------------------------------
from rich.color import ColorSystem  # noqa: E402


DEPTHS = {"truecolor": ColorSystem.TRUECOLOR, "256": ColorSystem.EIGHT_BIT, "standard": ColorSystem.STANDARD,
          "no_color": None}


def _terminal_styles(app, view, marks_by_kind):
    """How each kind reaches the terminal: the rendered line, through the app's filters, at the colour depth."""
    system = DEPTHS[app._depth_under_test]
    out = {}
    for kind, mark in marks_by_kind.items():
        line = view.line_of(mark.start)
        strip = view._render_index(line, view.scrollable_content_region.width)
        for f in app.get_line_filters():
            strip = strip.apply_filter(f, app.screen.styles.background)
        start = mark.start - view._lines[line][0] + 2  # the gutter
        pos, style = 0, None
        for seg in strip:
            if pos <= start < pos + len(seg.text):
                style = seg.style
                break
            pos += len(seg.text)
        fg = style.color.downgrade(system).name if (system and style.color) else None
        bg = style.bgcolor.downgrade(system).name if (system and style.bgcolor) else None
        out[kind] = (bool(style.bold), bool(style.underline), bool(style.reverse), bool(style.dim), fg, bg)
    return out


@pytest.mark.parametrize("depth", list(DEPTHS))
async def test_every_kind_is_distinguishable_at_every_colour_depth(seeds_index, monkeypatch, depth):
    import textual.constants

    if depth == "no_color":
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.setattr(textual.constants, "COLOR_SYSTEM", depth)

    async with opened(seeds_index) as (app, pilot):
        app._depth_under_test = depth
        await open_first_evidence(app, pilot)
        view = app.reader_view.query_one(ArticleView)
        await pilot.press("slash", *"the", "enter")
        await pilot.pause()
        plain_at = next(i for i in range(len(view.text)) if view.text[i].isalpha() and not any(
            m.start <= i < m.end for m in view._visible + [view.current]))
        from newsexplorer.tui.widgets.article_view import Mark
        by_kind = {"plain": Mark(plain_at, plain_at + 1, "plain"), "current": view.current}
        for m in view._visible:
            if m.kind not in by_kind and m.kind != "evidence" and not any(
                    o.start < m.end and m.start < o.end for o in view._visible if o is not m):
                by_kind[m.kind] = m
        assert {"person", "org", "place", "other", "match", "current"} <= set(by_kind), set(by_kind)
        looks = _terminal_styles(app, view, by_kind)
        # with colour, colour may tell kinds apart; with NO_COLOR only bold/underline/reverse can (never italic)
        cues = {kind: look[:4] if depth == "no_color" else look for kind, look in looks.items()}
        assert len(set(cues.values())) == len(cues), f"kinds that look the same: {cues}"
        for kind, (*_, fg, bg) in looks.items():
            assert fg is None or fg != bg, f"{kind}: {fg} on {bg}"
        # evidence: its own cue (the gutter bar) and in the legend
        ev_line = view.line_of(view.evidence[0].start)
        assert view._render_index(ev_line, 70).text.startswith("▌")
        assert "evidence" in str(app.reader_view.query_one("#reader-status").render())
        # inside evidence sentences nothing is invisible either
        for line in range(ev_line, ev_line + 3):
            strip = view._render_index(line, 70)
            for f in app.get_line_filters():
                strip = strip.apply_filter(f, app.screen.styles.background)
            for seg in strip:
                system = DEPTHS[depth]
                if system and seg.style and seg.style.color and seg.style.bgcolor and seg.text.strip():
                    assert seg.style.color.downgrade(system) != seg.style.bgcolor.downgrade(system), seg


async def test_j_and_k_stop_at_the_ends_of_a_list(seeds_index):
    async with opened(seeds_index) as (app, pilot):
        await pilot.press("3")
        await settle(app, pilot)
        issues = app.screen.query_one(IssueList)
        await pilot.press("G", "j", "j")
        await pilot.pause()
        assert issues.highlighted == issues.option_count - 1  # no wrap to the top (a tick would land there)
        await pilot.press("g", "k")
        await pilot.pause()
        assert issues.highlighted == 0


async def test_keys_typed_right_after_slash_land_in_the_box(tiny_index):
    """`/nato` arriving in one burst (fast typing, a paste, the browser under `serve`) searches "nato" whole."""
    from textual import events

    async with opened(tiny_index) as (app, pilot):
        for ch in "/nato":  # as a terminal driver delivers them: no waiting between keys
            app.post_message(events.Key("slash" if ch == "/" else ch, ch))
        await settle(app, pilot)
        assert app.search_view.query_one("#query", Input).value == "nato"
        assert app.search_view.total == 2
        await pilot.press("escape", "enter")  # the reader: `/` is find there, at once too
        await settle(app, pilot)
        for ch in "/nato":
            app.post_message(events.Key("slash" if ch == "/" else ch, ch))
        await settle(app, pilot)
        assert app.reader_view.found == "nato"
