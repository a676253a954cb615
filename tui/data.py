"""What the views need from the engine beyond search: the checklist roll-up, and articles prepared for the
reader (cleaned text, entity/match/evidence marks, wrapped lines). Everything here may run in a thread worker;
the checklist's saves go through `checklist` (tui/marks.py), the one thread that writes newsexplorer.db.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .widgets.article_view import Mark, kind_of, wrap_offsets
from .widgets.text import clean_with_map

STATUSES = ("agreed", "progress", "unresolved")
NO_CATALOG = "No issue catalog indexed yet"


@dataclass
class Prepared:
    """An article made ready for the reader: cleaned text and marks with offsets into it."""
    article: Any
    text: str
    entities: list[Mark]
    matches: list[Mark]
    evidence: list[Mark] = field(default_factory=list)
    focus: Mark | None = None  # where to open (an evidence sentence)
    wrapped: tuple[int, list[tuple[int, int]]] | None = None  # (width, line offsets), wrapped off the UI thread
    tags: list[str] = field(default_factory=list)  # the user's tags and note on this article (newsexplorer.db)
    note: str | None = None


class CorpusData:
    def __init__(self, corpus) -> None:
        self.corpus = corpus
        self.checklist = None  # ChecklistJobs, set by the app once the index is open
        self.new_ids: set[str] = set()  # articles that arrived since the previous visit (begin_visit), marked ✦

    def issues(self, scope: str | None = None) -> list[dict]:
        """The checklist: every catalog issue with its status, evidence, history and the user's marks; with
        `scope` (a search), from the articles it matches only."""
        entries = list((self.corpus.issue_rollup(scope=scope) if scope else self.corpus.issue_rollup()) or [])
        words = getattr(self.corpus.catalog(), "statuses", None) if hasattr(self.corpus, "catalog") else None
        for entry in entries if words else ():  # the catalog's own status words, for display only
            entry["status_words"] = dict(words)
        return entries

    # --- the reader ------------------------------------------------------------------------------
    def prepare(self, article_id: str, query: str | None = None, focus_text: str | None = None,
                focus_issue: str | None = None, width: int = 0) -> Prepared:
        article = self.corpus.article(article_id)
        text, move = clean_with_map(article.text or "")
        text = text.replace("\t", " ")
        entities = []
        for ent in getattr(article, "entities", None) or []:
            try:
                s, e = move(int(ent["start"])), move(int(ent["end"]))
            except (KeyError, TypeError, ValueError):
                continue
            if 0 <= s < e <= len(text):
                label = str(ent.get("label", ""))
                may_mean = tuple(str(n) for n in ent.get("ambiguous") or () if isinstance(ent.get("ambiguous"), list))
                entities.append(Mark(s, e, kind_of(label), label, str(ent.get("canonical") or ent.get("text") or text[s:e]),
                                     may_mean))
        matches = []
        if query and query.strip():
            matcher = self.corpus.highlight_terms(query)
            if matcher is not None:
                keep = searched_words(query)
                matches = [Mark(s, e, "match") for s, e, word in matcher.find(text)
                           if keep is None or plural_stem(word) in keep]
        evidence, focus = [], None
        for issue in getattr(article, "issues", None) or []:
            if focus_issue and issue.get("id") != focus_issue:
                continue
            for sent, span in zip(issue.get("evidence") or [], issue.get("evidence_spans") or [None] * 999):
                mark = self._locate(text, move, sent, span)
                if mark:
                    evidence.append(mark)
        if focus_text:
            focus = self._locate(text, move, focus_text, None)
            if focus and focus not in evidence:
                evidence.append(focus)
        wrapped = (width, wrap_offsets(text, width)) if width else None
        tags, note = self.user_marks(article.id)
        return Prepared(article, text, entities, matches, evidence, focus, wrapped, tags=tags, note=note)

    def user_marks(self, article_id: str) -> tuple[list[str], str | None]:
        """The article's tags and note; none when newsexplorer.db cannot be read (the article still opens)."""
        try:
            userdata = self.corpus.userdata
            return list(userdata.tags(article_id)), userdata.article_note(article_id)
        except Exception:
            return [], None

    @staticmethod
    def _locate(text: str, move, sentence: str | None, span) -> Mark | None:
        if span and len(span) == 2:
            s, e = move(int(span[0])), move(int(span[1]))
            if 0 <= s < e <= len(text):
                return Mark(s, e, "evidence")
        if not sentence:
            return None
        cleaned, _ = clean_with_map(sentence)
        i = text.find(cleaned)
        if i < 0:  # whitespace may differ (wrapped lines in the source)
            import re

            words = [re.escape(w) for w in cleaned.split()]
            m = re.search(r"\s+".join(words), text) if words else None
            if not m:
                return None
            return Mark(m.start(), m.end(), "evidence")
        return Mark(i, i + len(cleaned), "evidence")


_QUERY_WORD = re.compile(r"(?<![\w])([^\W\d_][\w'-]*)(?![\w:])")
_OPERATORS = {"and", "or", "not", "andnot", "andmaybe", "to"}


def plural_stem(word: str) -> str:
    """The word less a plural or possessive ending (Harman's S-stemmer): "talks" and "talk" meet, while
    "secures" and "security" stay apart though the index's stemmer folds both to "secur"."""
    w = word.lower().removesuffix("'s").removesuffix("’s")
    if w.endswith("ies") and not w.endswith(("eies", "aies")):
        return w[:-3] + "y"
    if w.endswith(("sses", "xes", "zes", "ches", "shes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("us", "ss")):
        return w[:-1]
    return w


def searched_words(query: str) -> set[str] | None:
    """The words the user typed, as plural stems; None when the query has wildcards or fuzzy terms (then every
    word the engine matched is highlighted: they are what the user asked for)."""
    if any(ch in query for ch in "*?~"):
        return None
    words = {plural_stem(m.group(1)) for m in _QUERY_WORD.finditer(query) if m.group(1).lower() not in _OPERATORS}
    return words or None
