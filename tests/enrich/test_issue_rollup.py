"""Roll-up: the checklist status follows the latest dated report; overrides win visibly; undated stays undated."""
from newsexplorer.index.enrich.catalog import load_catalog
from newsexplorer.index.enrich.rollup import issues_document, rollup

CATALOG = load_catalog()


def article(aid, source, date, **statuses):
    return {"id": aid, "path": f"/a/{aid}.txt", "title": f"Title {aid}", "source": source, "date": date,
            "issues": [{"id": i.replace("_", "-"), "status": s, "evidence": [f"{aid} says {s}."],
                        "evidence_spans": [[0, 10]], "score": 1.0} for i, s in statuses.items()]}


def entry(result, issue_id):
    return next(e for e in result if e["id"] == issue_id)


def test_current_status_is_the_most_recent_dated_article():
    arts = [article("a", "reuters", "2026-02-05", prisoners="agreed"),
            article("b", "ap", "2026-01-20", prisoners="unresolved"),
            article("c", "bbc", None, prisoners="unresolved")]
    e = entry(rollup(CATALOG, arts, {}), "prisoners")
    assert e["status"] == e["detected_status"] == "agreed" and e["override"] is None
    assert (e["article_count"], e["outlet_count"], e["undated_count"]) == (3, 3, 1)
    assert (e["first_mention"], e["last_mention"]) == ("2026-01-20", "2026-02-05")
    assert [a["id"] for a in e["articles"]] == ["a", "b", "c"]  # newest first, undated last
    assert e["articles"][2]["date"] is None  # never given a guessed date


def test_undated_only_issue_says_so():
    e = entry(rollup(CATALOG, [article("c", "bbc", None, nato="progress")], {}), "nato")
    assert e["status"] == "progress" and "undated" in e["status_basis"]
    assert e["first_mention"] is None and e["history"] == []


def test_unparseable_date_is_treated_as_undated():
    e = entry(rollup(CATALOG, [article("c", "bbc", "Tuesday", nato="progress")], {}), "nato")
    assert e["undated_count"] == 1 and e["articles"][0]["date"] is None


def test_override_wins_and_is_shown_as_override():
    arts = [article("a", "reuters", "2026-02-05", territory="unresolved")]
    marks = {"territory": {"checked": True, "override": "progress", "note": "my call"}}
    e = entry(rollup(CATALOG, arts, marks), "territory")
    assert (e["status"], e["detected_status"], e["override"]) == ("progress", "unresolved", "progress")
    assert e["status_basis"] == "user override" and e["checked"] is True and e["note"] == "my call"


def test_history_and_disagreement_between_outlets_within_window():
    arts = [article("a", "reuters", "2026-02-05", ceasefire="agreed"),
            article("b", "ap", "2026-02-06", ceasefire="unresolved"),
            article("c", "bbc", "2026-03-01", ceasefire="unresolved")]
    e = entry(rollup(CATALOG, arts, {}), "ceasefire")
    assert e["history"][0] == {"date": "2026-02-05", "statuses": {"reuters": ["agreed"]}}
    assert len(e["disagreements"]) == 1
    window = e["disagreements"][0]
    assert (window["start"], window["end"]) == ("2026-02-05", "2026-02-06")
    assert window["statuses"] == ["unresolved", "agreed"]


def test_far_apart_reports_are_not_a_disagreement():
    arts = [article("a", "reuters", "2026-01-01", ceasefire="agreed"),
            article("b", "ap", "2026-02-01", ceasefire="unresolved")]
    assert entry(rollup(CATALOG, arts, {}), "ceasefire")["disagreements"] == []


def test_document_has_the_design_json_shape_for_every_catalog_issue():
    doc = issues_document(CATALOG, [article("a", "reuters", "2026-02-05", prisoners="agreed")], {})
    assert doc["catalog"] == CATALOG.name
    assert [e["id"] for e in doc["issues"]] == [i.id for i in CATALOG.issues]
    for e in doc["issues"]:
        assert {"id", "title", "status", "checked", "note", "articles"} <= set(e)
    a = entry(doc["issues"], "prisoners")["articles"][0]
    assert {"id", "path", "title", "source", "date", "status", "evidence"} <= set(a)
    assert entry(doc["issues"], "nato")["status"] is None  # not discussed, not invented
