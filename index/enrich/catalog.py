"""The issue catalog: a TOML file naming the issues to track and the rules that spot them in text.

Loading validates everything up front so a typo in a user's catalog surfaces as one readable line
(file, line, issue, field) instead of a silent non-match at detection time.
"""
from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from newsexplorer.index.errors import NewsExplorerError

DEFAULT_CATALOG = "catalog.toml"
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_LIST_FIELDS = ("terms", "patterns", "exclude", "context")
_ISSUE_FIELDS = {"id", "title", "description", "query", "gate", *_LIST_FIELDS}
STATUSES = ("agreed", "progress", "unresolved")
# What a mention's sentence must also contain to count. "negotiation": a word of negotiation or a strong status
# cue (the peace-talks catalog); "none": every mention in a prose sentence counts (the default for a catalog that
# says nothing: a user's own terms are their own choice); a list: the user's own words or regexes.
GATES = ("negotiation", "none")
DEFAULT_GATE = "none"


class CatalogError(NewsExplorerError):
    """A catalog that cannot be used; the message names the file and, where known, the line. `problems` holds every
    mistake found, one line each (`catalog check` prints them all, so a user fixes a file in one pass)."""

    def __init__(self, message: str, problems: list[str] | None = None):
        super().__init__(message)
        self.problems = list(problems) if problems else [message]


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
    literals: tuple = ()  # per pattern: ("words", {w}) or groups of strings, one of each in any match; None: unknown
    query: str | None = None  # the issue as a search, in the app's query language (matched per sentence)
    gate: "str | tuple[re.Pattern, ...]" = DEFAULT_GATE  # "negotiation", "none", or the user's own regexes


@dataclass(frozen=True)
class Catalog:
    name: str
    path: str
    issues: tuple[Issue, ...]
    description: str = ""
    by_id: dict = field(default_factory=dict, compare=False, repr=False)
    gate: "str | tuple[re.Pattern, ...]" = DEFAULT_GATE
    scope: str | None = None  # only articles matching this query feed the checklist
    statuses: dict = field(default_factory=dict, compare=False)  # display words: {"agreed": "passed", ...}
    text: str = field(default="", compare=False, repr=False)  # the TOML it was read from
    digest: str = ""  # sha256 of that TOML: which catalog the stored detections were made with

    def get(self, issue_id: str) -> Issue | None:
        return self.by_id.get(issue_id)

    def status_word(self, status: str | None) -> str | None:
        """The catalog's display word for a status (JSON always keeps agreed/progress/unresolved)."""
        return self.statuses.get(status, status) if status else status


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


def _parse_issue(path: str, raw: str, index: int, table, catalog_gate=DEFAULT_GATE) -> Issue:
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
    unknown = set(table) - _ISSUE_FIELDS
    if unknown:
        raise CatalogError(
            f"{_where(path, raw, index)}: issue '{issue_id}': unknown field(s) {', '.join(sorted(unknown))}"
        )
    lists = {name: _string_list(path, raw, index, issue_id, table, name) for name in _LIST_FIELDS}
    query = table.get("query")
    if query is not None and (not isinstance(query, str) or not query.strip()):
        raise CatalogError(f"{_where(path, raw, index)}: issue '{issue_id}', field 'query': expected a non-empty string")
    if not lists["terms"] and not lists["patterns"] and not query:
        raise CatalogError(f"{_where(path, raw, index)}: issue '{issue_id}' needs 'terms', 'patterns' or 'query'")
    matchers = [term_pattern(t) for t in lists["terms"]]
    matchers += [_compile(path, raw, index, issue_id, "patterns", p) for p in lists["patterns"]]
    if query:
        from .query_issue import QueryPattern
        from newsexplorer.index.errors import QueryError

        try:
            matchers.append(QueryPattern(query))
        except QueryError as err:
            raise CatalogError(f"{_where(path, raw, index)}: issue '{issue_id}', field 'query': {err}") from None
    gate = _gate(f"{_where(path, raw, index)}: issue '{issue_id}', field 'gate'", table["gate"]) if "gate" in table else catalog_gate
    return Issue(
        id=issue_id,
        title=title.strip(),
        description=str(table.get("description", "")).strip(),
        terms=tuple(lists["terms"]),
        patterns=tuple(matchers),
        exclude=tuple(_compile(path, raw, index, issue_id, "exclude", p) for p in lists["exclude"]),
        context=tuple(_compile(path, raw, index, issue_id, "context", p) for p in lists["context"]),
        query=query.strip() if query else None,
        gate=gate,
        literals=tuple([_term_word(t) for t in lists["terms"]] + [required_literals(m) for m in matchers[len(lists["terms"]):]]),
    )


_WORD = re.compile(r"\w+")


def _term_word(term: str):
    """A term's longest word: a text without that word (as a whole word) cannot mention the term."""
    pieces = [w for w in re.split(r"[\s-]+", term.strip()) if w]
    if all(_WORD.fullmatch(w) for w in pieces):
        return ("words", frozenset(w.casefold() for w in pieces))
    return required_literals(term_pattern(term))


def required_literals(pattern) -> tuple[frozenset, ...] | None:
    """Groups of strings (casefolded): every match of `pattern` contains one string of each group; None when
    nothing can be told.

    Lets detection skip an article in a few substring tests instead of running every regex over its whole text:
    most articles of a big corpus mention no issue at all, and Python regexes that start with a lookbehind or an
    alternation are scanned character by character. Every group is checked ("join … NATO" needs a joining word
    and "nato"), so common words alone do not send an article to the regex.
    """
    if not isinstance(pattern, re.Pattern):
        return None  # a query issue does its own cheap check
    try:
        import re._parser as sre_parse  # Python 3.11+
    except ImportError:  # pragma: no cover
        import sre_parse
    try:
        groups = _literal_groups(list(sre_parse.parse(pattern.pattern, pattern.flags)), sre_parse)
    except Exception:  # an unusual construct: just run the regex
        return None
    groups = [frozenset(x.casefold() for x in g) for g in groups if g and min(map(len, g)) > 0]
    if not groups:
        return None
    return tuple(sorted(set(groups), key=lambda g: -min(map(len, g))))[:4]


def _literal_groups(seq, sre) -> list[set]:
    """Every group of strings one of which a match of `seq` must contain."""
    groups, run = [], []

    def flush():
        if run:
            groups.append({"".join(run)})
            run.clear()

    for op, av in seq:
        if op is sre.LITERAL:
            run.append(chr(av))
            continue
        flush()
        if op is sre.SUBPATTERN:
            groups.extend(_literal_groups(list(av[3]), sre))
        elif op is sre.BRANCH:
            best = [_best(_literal_groups(list(branch), sre)) for branch in av[1]]
            if all(best):
                groups.append(set().union(*best))
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] >= 1:
            groups.extend(_literal_groups(list(av[2]), sre))
    flush()
    return [g for g in groups if g and min(map(len, g)) > 0]


def _best(groups: list[set]) -> set | None:
    """The most selective group: the one whose shortest string is longest."""
    return max(groups, key=lambda g: min(map(len, g))) if groups else None


def text_words(folded: str) -> set[str]:
    return set(_WORD.findall(folded))


def may_mention(issue: Issue, text: str, folded: str, words: set[str] | None = None) -> bool:
    """Whether any of the issue's patterns matches `text` (`folded` = text.casefold(), `words` its \\w+ words).

    Cheap tests first, the regex only when they pass: a term needs all its words among the text's words (a set
    lookup), a regex one of its required strings somewhere in the text (a substring test). Never False for a text
    that has a mention."""
    literals = issue.literals or (None,) * len(issue.patterns)
    for pattern, needed in zip(issue.patterns, literals):
        if needed is None:
            pass
        elif needed[0] == "words":  # ("words", {w, ...}): a term made of whole words
            if words is None:
                words = text_words(folded)
            if not needed[1] <= words:
                continue
        elif not all(any(n in folded for n in group) for group in needed):  # (group, ...): one string of each
            continue
        if pattern.search(text):
            return True
    return False


def _gate(where: str, value):
    """A gate setting: "negotiation", "none", or a list of regexes of the user's own."""
    if isinstance(value, str) and value in GATES:
        return value
    if isinstance(value, list) and value and all(isinstance(v, str) and v.strip() for v in value):
        try:
            return tuple(re.compile(v, re.IGNORECASE) for v in value)
        except re.error as err:
            raise CatalogError(f"{where}: bad regex ({err})") from None
    raise CatalogError(f"{where}: expected \"negotiation\", \"none\" or a list of words/regexes")


def _catalog_line(raw: str) -> int | None:
    for lineno, line in enumerate(raw.splitlines(), start=1):
        if line.strip().startswith("[catalog]"):
            return lineno
    return None


def _catalog_table(path: str, raw: str, data: dict) -> dict:
    """The optional [catalog] table, validated: name, description, gate, scope, statuses."""
    meta = data.get("catalog", {})
    line = _catalog_line(raw)
    where = f"{path}, line {line}" if line else path
    if not isinstance(meta, dict):
        raise CatalogError(f"{path}: [catalog] must be a table")
    # unknown [catalog] keys are ignored, as they always were: an older catalog file keeps loading
    out = {"name": meta.get("name"), "description": str(meta.get("description", "")),
           "gate": _gate(f"{where}: [catalog], field 'gate'", meta["gate"]) if "gate" in meta else DEFAULT_GATE,
           "scope": None, "statuses": {}}
    scope = meta.get("scope")
    if scope is not None:
        if not isinstance(scope, str) or not scope.strip():
            raise CatalogError(f"{where}: [catalog], field 'scope': expected a query string")
        from newsexplorer.index.errors import QueryError
        from .query_issue import check_scope

        try:
            check_scope(scope)
        except QueryError as err:
            raise CatalogError(f"{where}: [catalog], field 'scope': {err}") from None
        out["scope"] = scope.strip()
    words = meta.get("statuses", {})
    if not isinstance(words, dict) or set(words) - set(STATUSES) or not all(
            isinstance(v, str) and v.strip() for v in words.values()):
        raise CatalogError(f"{where}: [catalog], field 'statuses': expected words for "
                           f"{', '.join(STATUSES)} (e.g. {{agreed = \"passed\"}})")
    out["statuses"] = {k: v.strip() for k, v in words.items()}
    return out


def parse_catalog(raw: str, path: str = "<catalog>") -> Catalog:
    """Build a Catalog from TOML text; `path` only labels error messages."""
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as err:
        where = "" if "line" in str(err) else f" (line {max(1, len(raw.splitlines()))})"  # "at end of document"
        raise CatalogError(f"{path}: invalid TOML: {err}{where}") from None  # tomllib says "(at line N, column M)"
    problems: list[str] = []  # every mistake, not only the first: each issue is checked on its own
    try:
        meta = _catalog_table(path, raw, data)
    except CatalogError as err:
        problems.append(str(err))
        meta = {"name": None, "description": "", "gate": DEFAULT_GATE, "scope": None, "statuses": {}}
    tables = data.get("issue", [])
    if not isinstance(tables, list) or not tables:
        problems.append(f"{path}: no [[issue]] tables")
        tables = []
    issues: list[Issue] = []
    seen: dict[str, int] = {}
    for index, table in enumerate(tables):
        try:
            issue = _parse_issue(path, raw, index, table, meta["gate"])
        except CatalogError as err:
            problems.append(str(err))
            continue
        if issue.id in seen:
            problems.append(f"{_where(path, raw, index)}: duplicate issue id '{issue.id}' "
                            f"(first defined at line {_line_of(raw, seen[issue.id])})")
            continue
        seen[issue.id] = index
        issues.append(issue)
    if problems:
        more = len(problems) - 1
        suffix = f" (and {more} more {'mistake' if more == 1 else 'mistakes'}: `newsexplorer catalog check` " \
                 f"lists them all)" if more else ""
        raise CatalogError(problems[0] + suffix, problems)
    return Catalog(
        name=str(meta["name"] or Path(path).stem),
        path=path,
        issues=tuple(issues),
        description=meta["description"],
        by_id={i.id: i for i in issues},
        gate=meta["gate"],
        scope=meta["scope"],
        statuses=meta["statuses"],
        text=raw,
        digest=hashlib.sha256(raw.encode("utf-8")).hexdigest(),
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


def display_entries(entries: list[dict], catalog: Catalog) -> list[dict]:
    """Checklist entries with the catalog's status words in place of agreed/progress/unresolved, for tables and
    briefings only (JSON keeps the fixed values)."""
    if not catalog.statuses:
        return entries
    word = catalog.status_word
    out = []
    for entry in entries:
        entry = dict(entry)
        for key in ("status", "detected_status", "override"):
            entry[key] = word(entry.get(key))
        entry["articles"] = [{**a, "status": word(a.get("status"))} for a in entry.get("articles") or []]
        entry["disagreements"] = [{**w, "statuses": [word(x) for x in w.get("statuses") or []],
                                   "reports": [{**r, "status": word(r.get("status"))} for r in w.get("reports") or []]}
                                  for w in entry.get("disagreements") or []]
        out.append(entry)
    return out
