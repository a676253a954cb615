"""Catalog changes made in the app: a search becomes an issue; an issue is renamed or deleted.

Each asks its question in a modal, then edits the data dir's catalog and applies it on a thread (seconds: issues
are found again from the stored text). The apply commits to the index, so every view refreshes as after an index
run; a catalog the change would break is refused in one line and the current one stays.
"""
from __future__ import annotations

import threading
import time

from .read_only import refused
from .progress import issues_line
from .screens.ask import AskScreen
from .widgets.text import clean

PROGRESS_EVERY = 0.3  # seconds between two updates of the checklist's line while issues are found again


def show_progress(app, done: int, total: int) -> None:
    """The checklist's top line while issues are found again (the view reloads itself when the apply commits)."""
    from textual.content import Content
    from textual.css.query import NoMatches
    from textual.widgets import Static

    try:
        line = app.query_one("#issues-summary", Static)
    except NoMatches:  # the checklist is not mounted (yet)
        return
    line.update(Content(issues_line(done, total).capitalize() + "…"))


def progress_reporter(app):
    """A progress callback for `Corpus.apply_catalog` run on a thread: updates the checklist's line, throttled."""
    last = [0.0]

    def report(stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if done in (0, total) or now - last[0] >= PROGRESS_EVERY:
            last[0] = now
            app.call_from_thread(show_progress, app, done, total)
    return report


def _apply(widget, corpus, change, done: str) -> None:
    """Run `corpus.edit_catalog(change)` off the UI thread and say how it went."""
    app = widget.app

    def run() -> None:
        try:
            catalog, _record, report = corpus.edit_catalog(change, progress=progress_reporter(app))
        except Exception as err:  # CatalogError, QueryError, a busy index: one line
            app.call_from_thread(app.notify, clean(str(err).splitlines()[0] if str(err) else "error"),
                                 severity="error", timeout=6)
            return
        app.call_from_thread(app.notify, f"{done} · {report.with_issues} articles discuss an issue of "
                                         f"{clean(catalog.name)} · {report.seconds:.1f}s", timeout=4)

    threading.Thread(target=run, name="catalog-edit", daemon=True).start()


def issue_from_search(widget, corpus, query: str) -> None:
    from ..index.enrich import catalog_store

    if corpus is None or refused(widget, corpus, "editing the catalog"):
        return
    query = (query or "").strip()
    if not query:
        widget.notify("Type a search first: it becomes the new issue's rule.", timeout=3)
        return

    def answered(title: str | None) -> None:
        if not title or not title.strip():
            return
        title = title.strip()

        def change(text: str) -> str:
            issue_id = catalog_store.new_issue_id(corpus.catalog(), title)
            return catalog_store.add_query_issue(text, issue_id, title, query)

        _apply(widget, corpus, change, f"New issue: {clean(title)}")

    widget.app.push_screen(AskScreen(f"New issue from the search: {query}", "",
                                     "its title (Enter saves to the catalog, Esc cancels)"), answered)


def rename_issue(widget, corpus, issue: dict) -> None:
    from ..index.enrich import catalog_store

    if refused(widget, corpus, "editing the catalog"):
        return
    issue_id = str(issue.get("id"))

    def answered(title: str | None) -> None:
        if title and title.strip() and title.strip() != issue.get("title"):
            _apply(widget, corpus, lambda text: catalog_store.rename_issue(text, issue_id, title.strip()),
                   f"Renamed: {clean(title.strip())}")

    widget.app.push_screen(AskScreen(f"Rename issue {issue_id}", str(issue.get("title") or "")), answered)


def delete_issue(widget, corpus, issue: dict) -> None:
    from ..index.enrich import catalog_store

    if refused(widget, corpus, "editing the catalog"):
        return
    issue_id = str(issue.get("id"))

    def answered(word: str | None) -> None:
        if word is not None and word.strip().lower() in ("y", "yes"):
            _apply(widget, corpus, lambda text: catalog_store.delete_issue(text, issue_id),
                   f"Deleted: {clean(str(issue.get('title') or issue_id))} (its notes are kept)")

    widget.app.push_screen(AskScreen(f"Delete issue '{issue.get('title') or issue_id}' from the catalog? "
                                     "Type yes and Enter; Esc keeps it", "", "yes / Esc"), answered)
