"""Tags and notes on one article (the reader and the result list share this): ask on screen, save on the one
thread that writes newsexplorer.db (tui/marks.py), then tell the view what changed so it redraws (without waiting
for the UI: a quitting app must not hold the saves queued behind this one).

A tag typed again is taken off (one key tags and untags, as in mutt); an empty note clears the note.
"""
from __future__ import annotations

from typing import Callable

from .read_only import refused
from .screens.ask import AskScreen
from .screens.note import NoteScreen
from .widgets.text import toast


def ask_tag(widget, data, article_id: str, title: str, done: Callable[[], None]) -> None:
    """Ask for a tag for `article_id`: a new one is added, one it already has is removed."""
    if refused(widget, data.corpus, "saving tags or notes"):
        return
    current, _ = data.user_marks(article_id)
    now = f" (has: {', '.join(current)}; typing one of them removes it)" if current else ""

    def answered(tag: str | None) -> None:
        tag = (tag or "").strip()
        if not tag:
            return

        def write(db) -> None:
            had = tag in db.tags(article_id)
            db.remove_tag(article_id, tag) if had else db.add_tag(article_id, tag)
            widget.app.post_to_ui(finish, "Untagged" if had else "Tagged")

        def finish(word: str) -> None:
            toast(widget, f"{word} {tag}: {title}", timeout=2)
            done()
        data.checklist.with_db(write)

    widget.app.push_screen(AskScreen(f"Tag this article{now}:", "", "a tag, e.g. follow-up (Enter saves, "
                                     "Esc cancels)"), answered)


def edit_note(widget, data, article_id: str, title: str, done: Callable[[], None]) -> None:
    """Edit the article's own note (not an issue's): Enter saves, an empty note clears it."""
    if refused(widget, data.corpus, "saving tags or notes"):
        return
    _, note = data.user_marks(article_id)

    def answered(text: str | None) -> None:
        if text is None:
            return

        def write(db) -> None:
            db.set_article_note(article_id, text if text.strip() else None)
            widget.app.post_to_ui(finish)

        def finish() -> None:
            toast(widget, ("Note saved: " if text.strip() else "Note cleared: ") + title, timeout=2)
            done()
        data.checklist.with_db(write)

    widget.app.push_screen(NoteScreen(title, note or ""), answered)
