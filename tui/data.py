"""What the views need from the engine beyond search: the checklist with the user's marks, and articles
prepared for the reader (cleaned text, entity/match/evidence marks, wrapped lines).

An index built without enrichment has no checklist; this adapter says so plainly instead of failing. Everything
here may run in a thread worker.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from .widgets.article_view import Mark, kind_of, wrap_offsets
from .widgets.text import clean_with_map

STATUSES = ("agreed", "progress", "unresolved")
NO_CATALOG = "No issue catalog indexed yet"


@runtime_checkable
class UserMarks(Protocol):
    def set_checked(self, issue_id: str, checked: bool) -> None: ...
    def set_override(self, issue_id: str, status: str | None) -> None: ...
    def set_note(self, issue_id: str, text: str | None) -> None: ...


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


class CorpusData:
    def __init__(self, corpus) -> None:
        self.corpus = corpus

    # --- issues ----------------------------------------------------------------------------------
    @property
    def has_issues(self) -> bool:
        return callable(getattr(self.corpus, "issue_rollup", None))

    def issues(self) -> list[dict]:
        if not self.has_issues:
            return []
        return list(self.corpus.issue_rollup() or [])

    @property
    def userdata(self) -> UserMarks | None:
        data = getattr(self.corpus, "userdata", None)
        return data if data is not None and all(hasattr(data, n) for n in ("set_checked", "set_override", "set_note")) else None

    def set_checked(self, issue_id: str, checked: bool) -> None:
        if self.userdata is None:
            raise RuntimeError("this index cannot store checklist marks yet")
        self.userdata.set_checked(issue_id, checked)

    def set_override(self, issue_id: str, status: str | None) -> None:
        if self.userdata is None:
            raise RuntimeError("this index cannot store status overrides yet")
        self.userdata.set_override(issue_id, status)

    def set_note(self, issue_id: str, text: str | None) -> None:
        if self.userdata is None:
            raise RuntimeError("this index cannot store notes yet")
        self.userdata.set_note(issue_id, text if text and text.strip() else None)

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
                entities.append(Mark(s, e, kind_of(label), label, str(ent.get("canonical") or ent.get("text") or text[s:e])))
        matches = []
        if query and query.strip():
            matcher = self.corpus.highlight_terms(query)
            if matcher is not None:
                matches = [Mark(s, e, "match") for s, e, _ in matcher.find(text)]
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
        return Prepared(article, text, entities, matches, evidence, focus, wrapped)

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
