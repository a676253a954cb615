"""The Markdown briefing and table rows: readable, and inert whatever the article text contains."""
from newsexplorer.index.enrich.catalog import load_catalog
from newsexplorer.index.enrich.rollup import rollup
from newsexplorer.index.report import briefing_markdown, clean_text, issue_table_rows, md_escape

CATALOG = load_catalog()
HOSTILE = "Deal [click](http://evil.example) <script>x</script> **now**\x1b]52;c;ZXZpbA==\x07 done\x1b[31m red\x00."


def result(evidence=HOSTILE, marks=None, date="2026-02-05"):
    arts = [{"id": "a1", "path": "/a1.txt", "title": "# Big *news*", "source": "wire\x1b[2J", "date": date,
             "issues": [{"id": "prisoners", "status": "agreed", "evidence": [evidence]}]}]
    return rollup(CATALOG, arts, marks or {})


def test_briefing_quotes_evidence_with_outlet_and_date():
    md = briefing_markdown(result("Both sides swapped 157 prisoners."), "Peace talks")
    assert md.startswith("# Issue briefing: Peace talks")
    assert "> “Both sides swapped 157 prisoners.” — *wire, 2026-02-05*" in md
    assert "agreed" in md and "1 article(s) from 1 outlet(s)" in md
    assert "## Not discussed in the articles" in md and "NATO membership" in md


def test_a_sentence_across_a_line_break_is_one_quote_line():
    md = briefing_markdown(result("Both sides swapped\nall 157 prisoners."), "Peace talks")
    assert "> “Both sides swapped all 157 prisoners.” — *wire, 2026-02-05*" in md


def test_briefing_strips_escape_sequences_and_control_characters():
    md = briefing_markdown(result(), "Peace talks")
    assert "\x1b" not in md and "\x00" not in md and "\x07" not in md
    assert "ZXZpbA" not in md  # the clipboard payload goes with its OSC sequence


def test_briefing_escapes_markdown_from_articles():
    md = briefing_markdown(result(), "Peace talks")
    assert "\\[click\\](http://evil.example)" in md
    assert "<script>" not in md and "\\<script\\>" in md
    assert "\\*\\*now\\*\\*" in md
    assert "\\# Big \\*news\\*" in md  # an article title cannot become a heading


def test_override_is_visible_in_briefing_and_table():
    marks = {"prisoners": {"checked": True, "override": "unresolved", "note": "swap collapsed"}}
    res = result("Both sides swapped 157 prisoners.", marks)
    md = briefing_markdown(res, "Peace talks")
    assert "unresolved (user override; detected: agreed)" in md and "swap collapsed" in md
    row = next(r for r in issue_table_rows(res) if "Prisoner" in r[1])
    assert row[0] == "[x]" and row[2] == "unresolved*"


def test_table_rows_are_plain_strings_for_each_issue():
    rows = issue_table_rows(result(date=None))
    assert len(rows) == len(CATALOG.issues)
    assert all(isinstance(c, str) for row in rows for c in row)
    prisoners = next(r for r in rows if "Prisoner" in r[1])
    # discussed in undated articles only: First and Last both say so ("-" is for an issue no article discusses)
    assert prisoners[2:] == ("agreed", "1", "1", "undated", "undated", "")
    quiet = [r for r in rows if r[3] == "0"]
    assert quiet and all(r[5:7] == ("-", "-") for r in quiet)


def test_helpers():
    assert clean_text("a\x1b[1mb\u202ec\nd") == "abc d"
    assert md_escape("- item") == "\\- item"
