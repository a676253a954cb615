"""Text outputs of the issue checklist: a Markdown briefing to paste, and plain rows for the CLI table.

Everything taken from articles (sentences, titles, outlet names) is untrusted: terminal escape sequences and control
characters are stripped (a crawled page could carry "\\x1b]52;..." to write the clipboard), and in Markdown the
characters that would turn text into links, HTML, emphasis or headings are backslash-escaped.
"""
from __future__ import annotations

import re

from .textsafety import safe

ISSUE_TABLE_HEADER = ("", "Issue", "Status", "Art.", "Outl.", "First", "Last", "Split")  # short: the title needs the width

_MARKDOWN_ACTIVE = re.compile(r"([\\`*_\[\]{}<>#|~!])")
_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+[.)])")


def clean_text(value) -> str:
    """One line of plain text: escape sequences and control characters removed, whitespace collapsed."""
    if value is None:
        return ""
    return re.sub(r"\s+", " ", safe(str(value))).strip()  # one definition of unsafe text: textsafety


def md_escape(value) -> str:
    """Untrusted text made inert inside Markdown: clean, then backslash-escape active characters."""
    text = _MARKDOWN_ACTIVE.sub(r"\\\1", clean_text(value))
    text = text.replace("&", "&amp;")  # no entity tricks (&lt;script&gt; stays literal text)
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


_SAFE_URL = re.compile(r"https?://[^\s<>\"\\`]+")


def md_source_link(article: dict) -> str:
    """Where a quote can be checked: the article id (for `newsexplorer show ID`) and its web address, if it has a
    plain http(s) one (anything else in the url field is not made a link)."""
    url = clean_text(article.get("url"))
    parts = [f"id `{clean_text(article.get('id'))}`"] if article.get("id") else []
    if url and _SAFE_URL.fullmatch(url):
        parts.append(f"<{url}>")
    return " · ".join(parts)


def _status_words(entry: dict) -> str:
    status = entry.get("status")
    if status is None:
        return "not discussed"
    if entry.get("override"):
        detected = entry.get("detected_status") or "not discussed"
        return f"{status} (user override; detected: {detected})"
    return status


def _issue_section(entry: dict) -> list[str]:
    tick = "☑" if entry.get("checked") else "☐"
    lines = [f"## {tick} {md_escape(entry['title'])} — {_status_words(entry)}", ""]
    if entry.get("status_basis"):
        lines.append(f"- Status from: {md_escape(entry['status_basis'])}")
    span = ""
    if entry.get("first_mention"):
        span = f", first {entry['first_mention']}, last {entry['last_mention']}"
    undated = f", {entry['undated_count']} undated" if entry.get("undated_count") else ""
    lines.append(f"- Coverage: {entry['article_count']} article(s) from {entry['outlet_count']} outlet(s){span}{undated}")
    if entry.get("note"):
        lines.append(f"- Note: {md_escape(entry['note'])}")
    for window in entry.get("disagreements") or []:
        reports = "; ".join(f"{md_escape(r['source'])} ({r['date']}): {r['status']}" for r in window["reports"])
        lines.append(f"- Outlets disagree {window['start']} to {window['end']}: {reports}")
    for article in entry.get("articles") or []:
        where = f"{md_escape(article.get('source'))}, {article.get('date') or 'undated'}"
        lines.append("")
        lines.append(f"**{md_escape(article.get('title') or article.get('id'))}** ({where}) — {article.get('status')}")
        if md_source_link(article):
            lines.append(f"Source: {md_source_link(article)}")
        explain = article.get("explain") or {}
        if explain.get("why"):
            lines.append(f"Why {article.get('status')}: {md_escape(explain['why'])}")
        for sentence in article.get("evidence") or []:
            # a sentence may span a hard line break of the source (wire copy): one quote line
            lines.append(f"> “{md_escape(' '.join(sentence.split()))}” — *{where}*")
            lines.append(">")
        if lines[-1] == ">":
            lines.pop()
    lines.append("")
    return lines


def briefing_markdown(rollup_result: list[dict], catalog_name: str) -> str:
    """A briefing an analyst can paste: discussed issues first (catalog order), then the ones nobody covered."""
    discussed = [e for e in rollup_result if e.get("article_count")]
    quiet = [e for e in rollup_result if not e.get("article_count")]
    lines = [f"# Issue briefing: {md_escape(catalog_name)}", ""]
    counts = {}
    for e in discussed:
        counts[e["status"]] = counts.get(e["status"], 0) + 1
    summary = ", ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "none"
    lines += [f"{len(discussed)} of {len(rollup_result)} issues discussed ({summary}).", ""]
    for entry in discussed:
        lines += _issue_section(entry)
    if quiet:
        lines.append("## Not discussed in the articles")
        lines.append("")
        for entry in quiet:
            extra = f" — {_status_words(entry)}" if entry.get("override") else ""
            note = f" (note: {md_escape(entry['note'])})" if entry.get("note") else ""
            lines.append(f"- {'☑' if entry.get('checked') else '☐'} {md_escape(entry['title'])}{extra}{note}")
        lines.append("")
    return "\n".join(lines)


def issue_table_rows(rollup_result: list[dict]) -> list[tuple[str, ...]]:
    """Rows for the CLI table, columns as in ISSUE_TABLE_HEADER; an overridden status is marked with '*'."""
    rows = []
    for e in rollup_result:
        status = e.get("status") or "-"
        if e.get("override"):
            status += "*"
        rows.append((
            "[x]" if e.get("checked") else "[ ]",
            clean_text(e.get("title")),
            status,
            str(e.get("article_count", 0)),
            str(e.get("outlet_count", 0)),
            e.get("first_mention") or ("undated" if e.get("article_count") else "-"),  # "-": not discussed at all
            e.get("last_mention") or ("undated" if e.get("article_count") else "-"),
            "split" if e.get("disagreements") else "",
        ))
    return rows
