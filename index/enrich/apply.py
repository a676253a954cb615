"""Find every stored article's issues again with another catalog: from the article store's text, no file re-read, no
NER. Only articles whose issues changed are written back (to the store, and to the search index's `issue` field).

What costs is the status model (a spaCy parse of each sentence that mentions an issue). An issue's detection in an
article depends only on its candidate sentences (text, offsets, mention spans, headline) and the article's year, so
its result is kept in a memo keyed by exactly those (and by the detection code's own digest, so a new status model
never reuses old results): re-applying a catalog, or switching back to one applied before, parses only the
sentences whose mentions changed. The sentences still to parse are parsed in batches of many articles, not one
article at a time.
"""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import sqlite3
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .catalog import Catalog, may_mention, text_words

DIGEST_KEY = "catalog_digest"  # articles.db meta: the catalog the stored detections were made with
MEMO_FILE = "status_memo.sqlite"  # in the data dir's catalog/ folder; a cache: deleting it only costs time
CHUNK = 200  # articles whose new mentions are parsed in one batch
TAIL_CHUNK = 25  # the smallest chunk: towards the end chunks shrink, so two processes finish close together
KEEP_APPLIES = 8  # memo entries unused for this many applies are dropped
RULES_FILE = Path(__file__).with_name("fast_rules.py")  # the status parser's attribute rules (status.load_parser)
# the rest of the status parse's own code: read, not imported, for the code digest (as RULES_FILE)
PARSE_FILES = tuple(Path(__file__).with_name(name) for name in ("fast_lemmas.py", "token_spans.py"))
PROGRESS_STAGE = "issues"  # the stage name progress callbacks receive: ("issues", done, total)


@dataclass
class ApplyReport:
    articles: int = 0  # articles looked at
    changed: int = 0  # articles whose issues changed
    with_issues: int = 0  # articles with at least one issue afterwards
    parsed: int = 0  # issue detections computed (the rest came from the memo)
    seconds: float = 0.0


@lru_cache(maxsize=1)
def code_digest() -> str:
    """The detection code's own digest: a memo written by other rules or another status model is not reused."""
    from . import catalog, issues, query_issue, sentence_model, status, status_model

    h = hashlib.sha256()
    for module in (issues, status, catalog, query_issue, status_model, sentence_model):
        h.update(Path(module.__file__).read_bytes())
    h.update(RULES_FILE.read_bytes())  # read, not imported: importing it imports spaCy, which a re-apply never needs
    for path in PARSE_FILES:
        h.update(path.read_bytes())
    for weights in sorted((Path(status_model.__file__).parent / "data").glob("*.json")):  # the learned models' modes
        h.update(weights.read_bytes())
    return h.hexdigest()[:16]


class StatusMemo:
    """{key: one issue's stored detection in one article, or None}, in a small SQLite file beside the catalogs.

    Looked up a chunk of articles at a time; each apply marks the entries it used with its generation, and entries
    no apply used in the last KEEP_APPLIES are dropped, so switching between a few catalogs stays cheap while the
    file stays about that many catalogs' worth. A damaged or unreadable memo is only a slower apply."""

    def __init__(self, path: Path | None, read_only: bool = False):
        self.entries: dict[str, str] = {}
        self.new: dict[str, str] = {}
        self.used: set[str] = set()
        self.db = None
        self.path = path
        self.read_only = read_only  # a helper process's view: looked up, never saved (the apply's own process saves)
        if path is None:
            return
        try:
            if read_only:
                self.db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
                return
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path, timeout=5)
            self.db.execute("CREATE TABLE IF NOT EXISTS memo (key TEXT PRIMARY KEY, value TEXT, gen INTEGER)")
        except (sqlite3.Error, OSError):
            self.db = None

    def lookup(self, keys) -> None:
        """Read these keys' entries from the file (one query per 500)."""
        todo = [k for k in dict.fromkeys(keys) if k not in self.entries]
        if self.db is None:
            return
        try:
            for start in range(0, len(todo), 500):
                part = todo[start:start + 500]
                rows = self.db.execute(f"SELECT key, value FROM memo WHERE key IN ({','.join('?' * len(part))})",
                                       part)
                self.entries.update(rows)
        except sqlite3.Error:
            pass

    def __contains__(self, key: str) -> bool:
        return key in self.entries

    def get(self, key: str):
        self.used.add(key)
        return json.loads(self.entries[key])

    def put(self, key: str, result) -> None:
        self.entries[key] = self.new[key] = json.dumps(result, ensure_ascii=False)

    def take_changes(self) -> tuple[dict[str, str], set[str]]:
        """The entries made and used since the last call (a helper process sends them to the apply's process)."""
        new, used = self.new, self.used
        self.new, self.used = {}, set()
        return new, used

    def merge(self, new: dict[str, str], used: set[str]) -> None:
        """Entries another process made and used for this apply: saved with this process's own."""
        self.entries.update(new)
        self.new.update(new)
        self.used |= used

    def save(self) -> None:
        if self.db is None or self.read_only:
            return
        try:
            with self.db:
                gen = (self.db.execute("SELECT MAX(gen) FROM memo").fetchone()[0] or 0) + 1
                self.db.executemany("INSERT OR REPLACE INTO memo VALUES (?, ?, ?)",
                                    [(k, v, gen) for k, v in self.new.items()])
                self.db.executemany("UPDATE memo SET gen = ? WHERE key = ?",
                                    [(gen, k) for k in self.used if k not in self.new])
                self.db.execute("DELETE FROM memo WHERE gen <= ?", (gen - KEEP_APPLIES,))
        except sqlite3.Error:
            pass  # only a cache
        finally:
            self.db.close()
            self.db = None


def memo_file_of(memo: StatusMemo) -> str | None:
    """The memo's file for a helper process to read, or None when it has none (or it could not be opened)."""
    return str(memo.path) if memo.path is not None and memo.db is not None else None


def memo_path(store) -> Path | None:
    from .catalog_store import CATALOG_DIR

    path = getattr(store, "path", None)
    return Path(path).parent / CATALOG_DIR / MEMO_FILE if path else None


def _may(issue, folded: str, text: str | None = None) -> bool:
    """The issue's cheap pre-check on one sentence (`folded`: casefolded; `text`: as written, for a query's own
    pre-check): False only when none of its patterns can match."""
    for pattern, needed in zip(issue.patterns, issue.literals or (None,) * len(issue.patterns)):
        if needed is None:
            may_match = getattr(pattern, "may_match", None)  # a query issue: its words' beginnings
            if may_match is None or text is None or may_match(text):
                return True
            continue
        if needed[0] == "words":
            if all(w in folded for w in needed[1]):
                return True
        elif all(any(n in folded for n in group) for group in needed):
            return True
    return False


def _sentences_that_may_mention(text: str, candidates) -> list:
    """`issues.split_sentences(text)` without the paragraphs none of `candidates` can be mentioned in.

    A sentence never spans two paragraphs, and a paragraph split alone gives the sentences it gives within the
    whole text (`split_sentences` reads each paragraph on its own), so only the paragraphs that pass the issues'
    cheap pre-check are split. The pre-check is of substrings (and a query's word beginnings), so a paragraph
    fails it only when every sentence in it would."""
    from .issues import _PARAGRAPH, Sentence, split_sentences

    out = []
    for paragraph in _PARAGRAPH.finditer(text):
        part = paragraph.group()
        low = part.casefold()
        if not any(_may(issue, low, part) for issue in candidates):
            continue
        base = paragraph.start()
        out += [Sentence(base + s.start, base + s.end, s.text) for s in split_sentences(part)]
    return out


def _hits(text: str, catalog: Catalog, title: str | None, year: int | None):
    """[(issue, memo key, what the parser reads, its candidate sentences)] of the issues mentioned in this article,
    in catalog order.

    The same candidate sentences detection finds (`issues._candidates` over the prose sentences), with the cheap
    pre-checks first: per article, per paragraph, then per sentence, so the sentence split, the regexes and the
    prose test run on few sentences.
    Detection reads these same candidates (`detect_issues(mentioned=…)`) rather than splitting the article again."""
    from .issues import Sentence, _candidates, _parse_text, is_prose, news_year_of

    folded = text.casefold()
    words = text_words(folded)
    candidates = [i for i in catalog.issues if may_mention(i, text, folded, words)]
    if not candidates:
        return []
    sentences = []
    for sentence in _sentences_that_may_mention(text, candidates):
        low = sentence.text.casefold()
        may = [i.id for i in candidates if _may(i, low, sentence.text)]
        if may and is_prose(sentence.text):
            sentences.append((sentence, may))
    headline = Sentence(0, len(title.strip()), title.strip()) if title and title.strip() else None
    out = []
    year = year or news_year_of(text, title)
    for issue in candidates:
        hits = _candidates(issue, [s for s, may in sentences if issue.id in may], headline)
        if not hits:
            continue
        key = json.dumps([code_digest(), year, [(h.sentence.start, h.sentence.end, h.sentence.text, h.spans,
                                                 h.headline) for h in hits]], ensure_ascii=False)
        # what detection will ask the parser for (an all-capitals headline is read in lower case)
        out.append((issue, hashlib.sha256(key.encode("utf-8")).hexdigest(), [_parse_text(h) for h in hits], hits))
    return out


def detect_chunk(chunk, catalog: Catalog, memo: StatusMemo) -> tuple[list[tuple], int]:
    """([(article id, old issues JSON, new issues list)], detections computed) for one chunk of (id, text, issues,
    title, date) rows: memo lookups for the whole chunk, one parse batch for what the memo lacks, then detection."""
    from . import issue_mentions
    from .issues import detect_issues
    from .status import parse_many

    planned = []
    to_parse: list[str] = []
    found_hits = []
    parsed = 0
    for article_id, text, old, title, date in chunk:
        year = int(date[:4]) if isinstance(date, str) and date[:4].isdigit() else None
        found_hits.append(_hits(text or "", catalog, title, year))
    memo.lookup(key for hits in found_hits for _, key, _, _ in hits)
    for (article_id, text, old, title, date), hits in zip(chunk, found_hits):
        missing = [(issue, key, candidates) for issue, key, _, candidates in hits if key not in memo]
        to_parse += [s for issue, key, sentences, _ in hits if key not in memo for s in sentences]
        planned.append((article_id, text or "", old, title, date, hits, missing))
    for start in range(0, len(to_parse), 2048):  # one batch for the chunk (the parse cache holds 4,096)
        parse_many(to_parse[start:start + 2048])
    out = []
    for article_id, text, old, title, date, hits, missing in planned:
        if missing:
            only = dataclasses.replace(catalog, issues=tuple(issue for issue, _, _ in missing))
            # detection reads the candidates found above instead of splitting and testing the article again
            detect = functools.partial(detect_issues, mentioned=[(issue, hits) for issue, _, hits in missing])
            found = {f["id"]: f for f in issue_mentions(text, only, detect, title, date)}
            for issue, key, _ in missing:
                result = found.get(issue.id)
                memo.put(key, {k: v for k, v in result.items() if k != "id"} if result else None)
            parsed += len(missing)
        new = []
        for issue, key, _, _ in hits:
            result = memo.get(key)
            if result:
                new.append({"id": issue.id, **result})
        out.append((article_id, old, new))
    return out, parsed


def detect_all(rows, catalog: Catalog, memo: StatusMemo, progress=None, report: ApplyReport | None = None):
    """Yield (article id, old issues JSON, new issues list) for every (id, text, issues, title, date) row, in order.

    A big apply shares its chunks with a second process (`apply_helper`) when the machine has a core to spare."""
    from .apply_helper import run_chunks

    total, done = len(rows), 0
    chunks, begin = [], 0
    for size in chunk_sizes(total):
        chunks.append(rows[begin:begin + size])
        begin += size
    for results, parsed in run_chunks(chunks, catalog, memo):
        if report is not None:
            report.parsed += parsed
        yield from results
        done += len(results)
        if progress:
            progress(PROGRESS_STAGE, done, total)


def chunk_sizes(total: int) -> list[int]:
    """How many articles each chunk holds: CHUNK, then smaller towards the end (an eighth of what is left, at
    least TAIL_CHUNK), so the last chunk the helper or this process takes is short and the other waits little."""
    sizes = []
    while total > 0:
        size = min(CHUNK, total, max(total // 8, min(CHUNK, TAIL_CHUNK)))
        sizes.append(size)
        total -= size
    return sizes


def redetect(store, backend, catalog: Catalog, progress=None) -> ApplyReport:
    """Re-detect issues in every stored article with `catalog`; the caller holds the writer lock.

    `backend`: the search backend (index/search/) whose `issue` field is rewritten for the articles that changed.
    `progress(stage, done, total)` is called with stage "issues" as articles are done (and once at 0)."""
    started = time.perf_counter()
    report = ApplyReport()
    rows = store.issue_texts()
    if progress:
        progress(PROGRESS_STAGE, 0, len(rows))
    memo = StatusMemo(memo_path(store))
    try:
        _detect_and_write(store, backend, catalog, rows, memo, progress, report)
    finally:
        memo.save()
    report.seconds = time.perf_counter() - started
    return report


def _detect_and_write(store, backend, catalog, rows, memo, progress, report) -> None:
    """Detect every article's issues, then write the changed ones: search index first, then the store."""
    changed: list[tuple[str, str, bool]] = []  # (id, issues JSON, whether the search index must change)
    for article_id, old, found in detect_all(rows, catalog, memo, progress, report):
        if found:
            report.with_issues += 1
        before = json.loads(old or "[]")
        if before != found:
            # the search index holds only the issue ids: rewrite the article there only when they changed
            reindex = [i.get("id") for i in before] != [i["id"] for i in found]
            changed.append((article_id, json.dumps(found, ensure_ascii=False), reindex))
    report.articles = len(rows)
    report.changed = len(changed)
    # the search index first, then the store (as the indexer does): a run killed in between leaves the store's
    # digest unchanged, so the next index run or apply does the work again
    try:  # only the issue ids: no article is analysed and written again (Whoosh reads them from the store)
        backend.write_issues((article_id, [i["id"] for i in json.loads(new)])
                             for article_id, new, reindex in changed if reindex)
        backend.commit(light=True)  # always: a new generation tells an open app to reload
    except BaseException:
        backend.cancel()
        raise
    with store.transaction():
        store.set_issues_many((i, new) for i, new, _ in changed)
        store.set_meta(DIGEST_KEY, catalog.digest)
