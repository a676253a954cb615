"""Roll per-article issue detections up into the checklist: one entry per catalog issue, over time and outlets.

The current status of an issue is what the most recent dated article says (an analyst cares about where things stand
now, not the average); undated articles are only used when nothing is dated, and the entry says so. A user override
always wins and is reported as an override, next to what was detected.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from newsexplorer.index.enrich.catalog import Catalog

CAUTION = {"unresolved": 0, "progress": 1, "agreed": 2}  # lower = more cautious; breaks ties
DISAGREEMENT_WINDOW_DAYS = 3


def parse_date(value) -> date | None:
    """ISO date (or datetime) string → date; anything else is undated. Never guessed."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _consensus(statuses: list[str]) -> str:
    """Majority status; a tie goes to the more cautious reading."""
    counts = Counter(statuses)
    return max(counts, key=lambda s: (counts[s], -CAUTION[s]))


def _mentions(issue_id: str, articles: list[dict]) -> list[dict]:
    rows = []
    for article in articles:
        for detected in article.get("issues") or []:
            if detected.get("id") != issue_id:
                continue
            when = parse_date(article.get("date"))
            rows.append({
                "id": article.get("id"),
                "path": article.get("path"),
                "url": article.get("url"),
                "title": article.get("title"),
                "source": article.get("source") or "unknown",
                # a syndicated copy counts for its story's original outlet (AP on ABC counts once, as AP)
                "outlet": article.get("origin") or article.get("source") or "unknown",
                "date": when.isoformat() if when else None,
                "status": detected.get("status"),
                "evidence": list(detected.get("evidence") or []),
                "evidence_spans": list(detected.get("evidence_spans") or []),
                "score": detected.get("score"),
                "explain": detected.get("explain"),  # the sentence and words that decided the status (or None)
            })
    rows.sort(key=lambda r: (r["date"] is None, r["date"] or "", r["id"] or ""))  # oldest first, undated last
    return rows


def _current(rows: list[dict]) -> tuple[str | None, str | None]:
    """(detected status, basis): from the latest date's articles, or from undated ones if nothing is dated."""
    dated = [r for r in rows if r["date"]]
    if dated:
        latest = max(r["date"] for r in dated)
        return _consensus([r["status"] for r in dated if r["date"] == latest]), f"latest dated article ({latest})"
    if rows:
        return _consensus([r["status"] for r in rows]), "undated articles only (no dated article discusses it)"
    return None, None


def _history(rows: list[dict]) -> list[dict]:
    by_date: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for r in rows:
        if r["date"]:
            statuses = by_date[r["date"]][r["source"]]
            if r["status"] not in statuses:
                statuses.append(r["status"])
    return [{"date": d, "statuses": {src: sorted(st, key=CAUTION.get) for src, st in sorted(outlets.items())}}
            for d, outlets in sorted(by_date.items())]


def _disagreements(rows: list[dict], window_days: int) -> list[dict]:
    """Windows of at most `window_days` in which different outlets report different statuses (merged if overlapping)."""
    dated = [r for r in rows if r["date"]]
    windows: list[dict] = []
    for i, first in enumerate(dated):
        start = date.fromisoformat(first["date"])
        group = [r for r in dated[i:] if (date.fromisoformat(r["date"]) - start).days <= window_days]
        by_outlet = {r["outlet"]: r["status"] for r in group}
        if len(set(by_outlet.values())) < 2 or len(by_outlet) < 2:
            continue
        reports = [{"source": r["source"], "date": r["date"], "status": r["status"], "article": r["id"]} for r in group]
        end = max(r["date"] for r in group)
        if windows and windows[-1]["end"] >= first["date"]:
            merged = windows[-1]
            merged["end"] = max(merged["end"], end)
            seen = {(x["article"], x["source"]) for x in merged["reports"]}
            merged["reports"] += [x for x in reports if (x["article"], x["source"]) not in seen]
        else:
            windows.append({"start": first["date"], "end": end, "reports": reports})
    for w in windows:
        w["statuses"] = sorted({x["status"] for x in w["reports"]}, key=CAUTION.get)
    return windows


def rollup(catalog: Catalog, articles: list[dict], marks: dict | None = None,
           window_days: int = DISAGREEMENT_WINDOW_DAYS) -> list[dict]:
    """One checklist entry per catalog issue (catalog order), in the `issues --json` shape plus roll-up fields.

    `articles`: dicts with id, path, title, source, date (ISO or None) and "issues" (detect_issues output).
    `marks`: {issue_id: {"checked": bool, "override": status|None, "note": str|None}} from UserData.marks().
    """
    marks = marks or {}
    entries = []
    for issue in catalog.issues:
        rows = _mentions(issue.id, articles)
        mark = marks.get(issue.id) or {}
        detected, basis = _current(rows)
        override = mark.get("override")
        dates = [r["date"] for r in rows if r["date"]]
        entries.append({
            "id": issue.id,
            "title": issue.title,
            "description": issue.description,
            "status": override or detected,
            "detected_status": detected,
            "override": override,
            "status_basis": "user override" if override else basis,
            "detected_basis": basis,  # what the detected status rests on, overridden or not
            "checked": bool(mark.get("checked", False)),
            "note": mark.get("note"),
            "article_count": len(rows),
            "outlet_count": len({r["outlet"] for r in rows}),
            "undated_count": sum(1 for r in rows if not r["date"]),
            "first_mention": min(dates) if dates else None,
            "last_mention": max(dates) if dates else None,
            "history": _history(rows),
            "disagreements": _disagreements(rows, window_days),
            "articles": list(reversed([r for r in rows if r["date"]])) + [r for r in rows if not r["date"]],
        })
    return entries


def issues_document(catalog: Catalog, articles: list[dict], marks: dict | None = None) -> dict:
    """The whole `issues --json` document: {"catalog": name, "issues": rollup(...)}."""
    return {"catalog": catalog.name, "issues": rollup(catalog, articles, marks)}
