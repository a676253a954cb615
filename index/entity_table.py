"""Corpus-wide entities: canonical names over every stored span, the user's alias file, and query expansion.

Canonicalisation runs on stored spans (never the model), so a changed alias file is applied on the next open
without re-indexing. Search expands a name to every spelling of its entity, so `Zelensky` finds `Zelenskiy`.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

from .enrich.aliases import SAFE_REASONS, AliasFileError, alias_terms, canonicalize, load_alias_rules, normalise
from .enrich.names import family_name, surname_key
from .store.articles import ArticleStore

ALIAS_FILE = "aliases.toml"
_WORD = re.compile(r"(?<![\w:*~\"])([^\W\d_][\w'’.-]*\w|[^\W\d_])(?![\w*~:])")
_FIELD_TERM = re.compile(r"\b(person|org|place|entity):(\"[^\"]+\"|[^\s()\"]+)")


def alias_file(data_dir: Path) -> Path | None:
    """The user's alias file: NEWSEXPLORER_ALIASES, else aliases.toml in the data dir, else in the config dir."""
    env = os.environ.get("NEWSEXPLORER_ALIASES")
    if env:
        return Path(env).expanduser()
    if (data_dir / ALIAS_FILE).is_file():
        return data_dir / ALIAS_FILE
    from platformdirs import user_config_path

    path = user_config_path("newsexplorer", appauthor=False) / ALIAS_FILE
    try:
        return path if path.is_file() else None
    except OSError:  # a config dir this user may not enter (another user's HOME, as `sudo -u` can leave it)
        return None


def _alias_stamp(path: Path | None) -> str:
    if path is None or not path.is_file():
        return ""
    st = path.stat()
    return f"{path}:{st.st_mtime_ns}:{st.st_size}"


def refresh(store: ArticleStore, data_dir: Path, force: bool = False) -> str | None:
    """Re-canonicalise every stored span if the spans or the alias file changed since the last time.

    Returns a one-line warning when the alias file cannot be used: it is then ignored (names are merged as if
    there were none) until it is fixed, and every command still works.
    """
    path = alias_file(data_dir)
    stamp = f"{_alias_stamp(path)}|{store.count()}|{store.get_meta('entities_generation') or ''}"
    if store.read_only or (not force and store.get_meta("entity_stamp") == stamp):
        return store.get_meta("alias_warning") or None  # read-only: the names stay merged as they were stored
    warning = None
    try:
        rules = load_alias_rules(path) if path is not None and path.is_file() else None
    except AliasFileError as err:
        rules, warning = None, f"{err} — the alias file is ignored until it is fixed"
    per_article = store.entity_spans()
    spans, table = canonicalize(per_article, rules)
    with store.transaction():
        for article_id, article_spans in spans.items():
            store.set_annotations(article_id, entities=article_spans)
        store.set_meta("entity_table", json.dumps(table))
        store.set_meta("entity_stamp", stamp)
        store.set_meta("alias_warning", warning or "")
    return warning


def load_table(store: ArticleStore) -> list[dict]:
    return json.loads(store.get_meta("entity_table") or "[]")


class Expander:
    """Rewrites a query so a name matches every spelling of its entity."""

    def __init__(self, table: list[dict]):
        self.table = {e["canonical"]: e for e in table}
        self.terms = alias_terms(table)

    def spellings(self, word: str) -> list[str]:
        """The one-word spellings a query word is widened to: other romanisations of the same name (Zelensky →
        Zelenskyy, Zelenskiy), the gazetteer's and the alias file's spellings of a place or name (Kyiv → Kiev).
        Never a word of a longer name ("News" of "Bloomberg News") and never another person's name: a link made
        only inside one article (a surname, a short form) does not widen a search over the whole corpus."""
        canonical = self.terms.get(normalise(word))
        entry = self.table.get(canonical) if canonical else None
        if not entry:
            return []
        why = {normalise(form): reason for form, reason in entry.get("why", {}).items()}
        forms = {canonical, *entry["aliases"]}
        singles = set()
        for form in forms:
            parts = form.split()
            if not parts:
                continue
            single = family_name(form) if entry["label"] == "PERSON" else (parts[0] if len(parts) == 1 else None)
            if not single or not re.fullmatch(r"[^\W\d_][\w'’.-]*", single):
                continue
            if surname_key(single) == surname_key(word) or why.get(normalise(form)) in SAFE_REASONS or \
                    (form == canonical and why.get(normalise(word)) in SAFE_REASONS):
                singles.add(single)
        return sorted(singles, key=str.casefold) if len(singles) > 1 else []

    def expand(self, qstring: str) -> str:
        if not self.terms:
            return qstring

        def word(m: re.Match) -> str:
            forms = self.spellings(m.group(1))
            if m.group(1) in ("AND", "OR", "NOT", "TO") or not forms:
                return m.group(0)
            return "(" + " OR ".join(forms) + ")"

        parts = re.split(r'("[^"]*"|\b\w+:\S+)', qstring)  # leave phrases and field:value pieces alone
        return "".join(p if i % 2 else _WORD.sub(word, p) for i, p in enumerate(parts))
