"""The issue catalog: a TOML file naming the issues to track and the rules that spot them in text.

Loading validates everything up front so a typo in a user's catalog surfaces as one readable line
(file, line, issue, field) instead of a silent non-match at detection time.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from newsexplorer.index.errors import NewsExplorerError

DEFAULT_CATALOG = "catalog.toml"
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_LIST_FIELDS = ("terms", "patterns", "exclude", "context")


class CatalogError(NewsExplorerError):
    """A catalog that cannot be used; the message names the file and, where known, the line."""


@dataclass(frozen=True)
class Issue:
    """One tracked issue and its matching rules (all compiled, case-insensitive)."""

    id: str
    title: str
    description: str = ""
    terms: tuple[str, ...] = ()
    patterns: tuple[re.Pattern, ...] = ()  # compiled from terms + patterns; any one marks a mention
    exclude: tuple[re.Pattern, ...] = ()  # a sentence matching one of these never counts for this issue
    context: tuple[re.Pattern, ...] = ()  # if given, a sentence must also match one of these


@dataclass(frozen=True)
class Catalog:
    name: str
    path: str
    issues: tuple[Issue, ...]
    description: str = ""
    by_id: dict = field(default_factory=dict, compare=False, repr=False)

    def get(self, issue_id: str) -> Issue | None:
        return self.by_id.get(issue_id)


def term_pattern(term: str) -> re.Pattern:
    """A literal term, matched on word boundaries, with any run of spaces/hyphens between its words."""
    words = [re.escape(w) for w in re.split(r"[\s-]+", term.strip()) if w]
    body = r"[\s-]+".join(words)
    return re.compile(rf"(?<![\w-]){body}(?![\w-])", re.IGNORECASE)


def _line_of(raw: str, issue_index: int) -> int | None:
    """Line number of the n-th `[[issue]]` table, so a semantic error can point into the file."""
    seen = -1
    for lineno, line in enumerate(raw.splitlines(), start=1):
        if line.strip().startswith("[[issue]]"):
            seen += 1
            if seen == issue_index:
                return lineno
    return None


def _where(path: str, raw: str, index: int) -> str:
    line = _line_of(raw, index)
    return f"{path}, line {line}" if line else path


def _compile(path, raw, index, issue_id, field_name, value) -> re.Pattern:
    try:
        return re.compile(value, re.IGNORECASE)
    except re.error as err:
        raise CatalogError(
            f"{_where(path, raw, index)}: issue '{issue_id}', field '{field_name}': bad regex {value!r} ({err})"
        ) from None


def _string_list(path, raw, index, issue_id, table, name) -> list[str]:
    value = table.get(name, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise CatalogError(
            f"{_where(path, raw, index)}: issue '{issue_id}', field '{name}': expected a list of non-empty strings"
        )
    return value


def _parse_issue(path: str, raw: str, index: int, table) -> Issue:
    if not isinstance(table, dict):
        raise CatalogError(f"{path}: [[issue]] entry {index + 1} is not a table")
    issue_id = table.get("id")
    if not isinstance(issue_id, str) or not issue_id.strip():
        raise CatalogError(f"{_where(path, raw, index)}: issue {index + 1} has no 'id'")
    if not _ID_RE.match(issue_id):
        raise CatalogError(
            f"{_where(path, raw, index)}: issue '{issue_id}', field 'id': use lowercase letters, digits and hyphens"
        )
    title = table.get("title")
    if not isinstance(title, str) or not title.strip():
        raise CatalogError(f"{_where(path, raw, index)}: issue '{issue_id}' has no 'title'")
    unknown = set(table) - {"id", "title", "description", *_LIST_FIELDS}
    if unknown:
        raise CatalogError(
            f"{_where(path, raw, index)}: issue '{issue_id}': unknown field(s) {', '.join(sorted(unknown))}"
        )
    lists = {name: _string_list(path, raw, index, issue_id, table, name) for name in _LIST_FIELDS}
    if not lists["terms"] and not lists["patterns"]:
        raise CatalogError(f"{_where(path, raw, index)}: issue '{issue_id}' needs 'terms' or 'patterns'")
    matchers = [term_pattern(t) for t in lists["terms"]]
    matchers += [_compile(path, raw, index, issue_id, "patterns", p) for p in lists["patterns"]]
    return Issue(
        id=issue_id,
        title=title.strip(),
        description=str(table.get("description", "")).strip(),
        terms=tuple(lists["terms"]),
        patterns=tuple(matchers),
        exclude=tuple(_compile(path, raw, index, issue_id, "exclude", p) for p in lists["exclude"]),
        context=tuple(_compile(path, raw, index, issue_id, "context", p) for p in lists["context"]),
    )


def parse_catalog(raw: str, path: str = "<catalog>") -> Catalog:
    """Build a Catalog from TOML text; `path` only labels error messages."""
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as err:
        where = "" if "line" in str(err) else f" (line {max(1, len(raw.splitlines()))})"  # "at end of document"
        raise CatalogError(f"{path}: invalid TOML: {err}{where}") from None  # tomllib says "(at line N, column M)"
    tables = data.get("issue", [])
    if not isinstance(tables, list) or not tables:
        raise CatalogError(f"{path}: no [[issue]] tables")
    issues: list[Issue] = []
    seen: dict[str, int] = {}
    for index, table in enumerate(tables):
        issue = _parse_issue(path, raw, index, table)
        if issue.id in seen:
            raise CatalogError(
                f"{_where(path, raw, index)}: duplicate issue id '{issue.id}' "
                f"(first defined at line {_line_of(raw, seen[issue.id])})"
            )
        seen[issue.id] = index
        issues.append(issue)
    meta = data.get("catalog", {}) if isinstance(data.get("catalog"), dict) else {}
    name = str(meta.get("name") or Path(path).stem)
    return Catalog(
        name=name,
        path=path,
        issues=tuple(issues),
        description=str(meta.get("description", "")),
        by_id={i.id: i for i in issues},
    )


def load_catalog(path: str | Path | None = None) -> Catalog:
    """Load a catalog file; with no path, the peace-talks catalog shipped in newsexplorer.seeds."""
    if path is None:
        ref = resources.files("newsexplorer.seeds").joinpath(DEFAULT_CATALOG)
        return parse_catalog(ref.read_text(encoding="utf-8"), path=str(ref))
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise CatalogError(f"{path}: cannot read catalog ({err.__class__.__name__}: {err})") from None
    return parse_catalog(raw, path=str(path))
