"""Reliability under a careless or hostile world: prints a table of figures, exits 1 if any target is missed.

    python bench/stress.py [--quick] [--only hostile,kill,writers,fuzz,userdata,terminal,attack] [--seed N] [--keep]

Runs in a temporary folder, drives the installed command line (`python -m newsexplorer.tui.cli`) as separate
processes and the Python API in this one, and reads the real corpora in place (../shared/corpora, or --corpus).

a. hostile files   one `index` run over binary, NUL, empty, Latin-1/UTF-16, 60 MB, 100,000-deep JSON, bad JSON and
                   JSON Lines, 50,000 nested HTML tags, a >1M-character one-line article, a FIFO, /dev/zero, symlink
                   loops, an unreadable file, and files deleted while the run walks them, beside good articles
b. killed indexer  `index` of a corpus subset in small batches, kill -9 at random moments, as a Whoosh commit
                   starts and right after one lands; after each kill the index must open and answer; after the
                   run is finished every article must be there exactly once
c. two writers     concurrent `index` runs on one data dir, waiting and --no-wait, with a reader searching meanwhile
d. fuzzed queries  thousands of hostile query strings through Corpus.search with a time budget, some via the CLI
e. user data       ticks, notes and tags through kills, --rebuild, a deleted or damaged index, a damaged store
f. terminal        Rich markup and escape sequences in articles never reach a terminal (pty) or a pipe as such
g. attack          issue 15, case by case (bench/stress_attack.py): inputs that aborted a run, hostile input that
                   was not bounded, content that disappeared silently, destructive advice, the app and the user's
                   files; per kind tried / handled / lost
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import pty
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from newsexplorer.index import Corpus, NewsExplorerError, QueryError
from newsexplorer.index.datadir import ARTICLES_DB, LOCK_FILE, USER_DB
from newsexplorer.index.indexer import BATCH_ENV
from newsexplorer.index.store.search_index import INDEX_DIRNAME
from stress_attack import section_attack  # bench/ is on the path when run as python bench/stress.py

CLI = [sys.executable, "-m", "newsexplorer.tui.cli"]
CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
RSS_LIMIT_MB = 600  # the indexer with spaCy loaded, reading the hostile folder
QUERY_BUDGET_S = 2.0  # a query slower than this counts as a hang
QUERY_ABORT_S = 20.0  # ...and one this slow is interrupted so the run can go on


# ------------------------------------------------------------------------------------------------ plumbing
@dataclass
class Row:
    section: str
    figure: str
    value: str
    target: str = ""
    ok: bool | None = None


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)

    def add(self, section: str, figure: str, value, target: str = "", ok: bool | None = None) -> None:
        self.rows.append(Row(section, figure, str(value), target, ok))
        mark = "" if ok is None else ("  ok" if ok else "  MISSED")
        print(f"  [{section}] {figure}: {value}{'  (target ' + target + ')' if target else ''}{mark}", flush=True)

    @property
    def missed(self) -> list[Row]:
        return [r for r in self.rows if r.ok is False]

    def table(self) -> str:
        head = ("section", "figure", "measured", "target", "")
        rows = [head] + [(r.section, r.figure, r.value, r.target, "" if r.ok is None else ("ok" if r.ok else "MISSED"))
                         for r in self.rows]
        lines = ["| " + " | ".join(row) + " |" for row in rows]
        lines.insert(1, "|" + "---|" * len(head))
        return "\n".join(lines)


@dataclass
class Done:
    code: int
    out: str
    err: str
    rss_mb: float
    seconds: float


class Child:
    """One CLI process; its exit status and its own peak RSS come from wait4 (RUSAGE_CHILDREN would give the
    largest of all children so far)."""

    def __init__(self, args: list, env: dict):
        self.out, self.err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(CLI + [str(a) for a in args], env=env, stdin=subprocess.DEVNULL,
                                     stdout=self.out, stderr=self.err)
        self.status = None

    @property
    def pid(self) -> int:
        return self.proc.pid

    def _reap(self, block: bool) -> bool:
        if self.status is None:
            pid, status, usage = os.wait4(self.pid, 0 if block else os.WNOHANG)
            if pid == 0:
                return False
            self.status, self.usage, self.ended = status, usage, time.perf_counter()
            self.proc.returncode = os.waitstatus_to_exitcode(status)
        return True

    def finished(self) -> bool:
        return self._reap(block=False)

    def kill(self) -> bool:
        """SIGKILL; False if it had already finished."""
        if self.finished():
            return False
        os.kill(self.pid, signal.SIGKILL)
        self._reap(block=True)
        return True

    def wait(self, timeout: float = 900) -> Done:
        deadline = time.monotonic() + timeout
        while not self.finished():
            if time.monotonic() > deadline:
                os.kill(self.pid, signal.SIGKILL)
                self._reap(block=True)
                break
            time.sleep(0.02)
        self.out.seek(0)
        self.err.seek(0)
        return Done(self.proc.returncode, self.out.read().decode("utf-8", "replace"),
                    self.err.read().decode("utf-8", "replace"), self.usage.ru_maxrss / 1024, self.ended - self.started)


def cli(args: list, env: dict, timeout: float = 900) -> Done:
    return Child(args, env).wait(timeout)


def make_env(tmp: Path, data: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSEXPLORER_", "XDG_"))}
    env.update(NEWSEXPLORER_HOME=str(data), XDG_CONFIG_HOME=str(tmp / "xdg" / "config"),
               XDG_CACHE_HOME=str(tmp / "xdg" / "cache"), XDG_DATA_HOME=str(tmp / "xdg" / "data"))
    env.update({k: str(v) for k, v in extra.items()})
    return env


def token(rng: random.Random, prefix: str = "zq") -> str:
    """A word no corpus has, letters only (digits are folded when lines are compared for boilerplate)."""
    return prefix + "".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(9))


def has_traceback(done: Done) -> bool:
    return "Traceback" in done.out or "Traceback" in done.err


def stderr_lines(done: Done) -> list[str]:
    return [line for line in done.err.splitlines() if line.strip()]


def index_state(data: Path) -> tuple[list[str], list[str]]:
    """(ids in Whoosh, one per live document, duplicates kept; ids in the article store), read without writing."""
    from whoosh import index as windex

    ix = windex.open_dir(str(data / INDEX_DIRNAME))
    with ix.searcher() as searcher:
        whoosh_ids = [fields["id"] for fields in searcher.reader().all_stored_fields()]
    db = sqlite3.connect(f"file:{data / ARTICLES_DB}?mode=ro", uri=True)
    try:
        store_ids = [r[0] for r in db.execute("SELECT id FROM articles")]
    finally:
        db.close()
    return whoosh_ids, store_ids


def store_count(data: Path) -> int:
    if not (data / ARTICLES_DB).exists():
        return 0
    db = sqlite3.connect(f"file:{data / ARTICLES_DB}?mode=ro", uri=True)
    try:
        return db.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0
    finally:
        db.close()


def link_files(files: list[Path], folder: Path) -> Path:
    """A folder of symlinks to corpus files (the corpus is read in place, never copied)."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in files:
        (folder / f"{path.parent.name}-{path.name}").symlink_to(path)
    return folder


def expected_ids(files: list[Path]) -> set[str]:
    """The article ids the engine gives these files (its own id function, no index involved)."""
    from newsexplorer.index.ingest import RecordError, article_id, prepare, read_articles

    ids = set()
    for path in files:
        for raw in read_articles(path):
            if not isinstance(raw, RecordError):
                ids.add(article_id(prepare(raw, path)))
    return ids


def corpus_files(corpus: Path, n: int, rng: random.Random) -> list[Path]:
    files = sorted(p for p in corpus.rglob("*.txt") if p.parent != corpus)
    if len(files) < n:
        raise SystemExit(f"stress: {corpus} has only {len(files)} article files, {n} wanted")
    return sorted(rng.sample(files, n))


# ------------------------------------------------------------------------------------------------ a. hostile files
def good_article(tok: str, extra: str = "") -> str:
    return (f"Title: Report {tok}\n\nNegotiators said on Tuesday that the {tok} talks would resume next week "
            f"in Geneva.{extra}\nOfficials from both delegations described the meeting as long but useful.\n")


def section_hostile(tmp: Path, args, report: Report) -> None:
    sec = "a. hostile"
    rng = random.Random(args.seed)
    top = tmp / "hostile"
    root = top / "z-files"  # walked after a-vanish/, so the deleter races the reader there
    root.mkdir(parents=True)
    data = tmp / "hostile-data"
    good: dict[str, str] = {}  # token -> file it must be found in
    reject: dict[str, str] = {}  # file name -> what it is; exactly one stderr line must name it
    cases: list[tuple[str, bool]] = []

    def put(name: str, content, encoding="utf-8") -> Path:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding=encoding)
        return path

    for name, enc, extra in (("good-utf8.txt", "utf-8", " Zürich “quoted”."), ("good-latin1.txt", "latin-1", " Café à Genève."),
                             ("good-cp1252.txt", "cp1252", " “Smart” quotes — dashes."),
                             ("good-utf16.txt", "utf-16", " Кыев, 日本."), ("good-utf16le-nobom.txt", "utf-16-le", " İstanbul.")):
        tok = token(rng)
        put(name, good_article(tok, extra), enc)
        good[tok] = name
    tok = token(rng)
    put("good.json", json.dumps([{"title": f"Record {tok}", "body": good_article(tok)}]))
    good[tok] = "good.json"
    tok, script_tok = token(rng), token(rng)
    put("good-script.html", f"<!doctype html><html><head><title>Page {tok}</title><script>var x = '{script_tok}';"
                            f"</script></head><body><article><h1>Page {tok}</h1><p>{good_article(tok)}</p>"
                            f"<p>{good_article(tok)}</p></article></body></html>")
    good[tok] = "good-script.html"

    put("hx-binary.txt", rng.randbytes(256 * 1024))
    reject["hx-binary.txt"] = "random bytes"
    put("hx-nuls.txt", b"\x00" * (1 << 20))
    reject["hx-nuls.txt"] = "1 MB of NUL"
    put("hx-empty.txt", b"")
    reject["hx-empty.txt"] = "empty"
    put("hx-blank.txt", "  \n\n\t \n" * 1000)
    reject["hx-blank.txt"] = "whitespace only"
    with open(root / "hx-huge.txt", "w") as fh:  # 60 MB of plausible text
        line = good_article("huge").replace("\n", " ") + "\n"
        for _ in range(60 * 2**20 // len(line) + 1):
            fh.write(line)
    reject["hx-huge.txt"] = "60 MB text"
    put("hx-deep.json", b"[" * 100_000 + b"]" * 100_000)
    reject["hx-deep.json"] = "JSON nested 100,000 deep"
    put("hx-deep-object.json", b'{"a":' * 100_000 + b"1" + b"}" * 100_000)
    reject["hx-deep-object.json"] = "JSON objects nested 100,000 deep"
    put("hx-invalid.json", '{"title": "Broken", "body": "no end')
    reject["hx-invalid.json"] = "invalid JSON"
    jl_a, jl_b = token(rng), token(rng)
    put("hx-badline.jsonl", json.dumps({"title": f"Line {jl_a}", "text": good_article(jl_a)}) + "\n{oops\n" +
        json.dumps({"title": f"Line {jl_b}", "text": good_article(jl_b)}) + "\n")
    reject["hx-badline.jsonl"] = "JSON Lines with one bad line (the other lines indexed)"
    good[jl_a] = good[jl_b] = "hx-badline.jsonl"
    nested_tok = token(rng)
    put("hx-nested.html", "<!doctype html><html><head><script>while(1){}</script><title>Nested</title></head><body>"
        + "<div>" * 50_000 + f"<p>{good_article(nested_tok)}</p>" + "</div>" * 50_000 + "</body></html>")
    long_tok = token(rng)
    words = "talks ceasefire delegation officials said week plant reactor guarantees the of and in".split()
    body = " ".join(rng.choice(words) for _ in range(args.long_chars // 7))
    put("hx-long-line.txt", f"Title: Long {long_tok}\n\n{body}.\n")  # one line over spaCy's 1,000,000 characters
    good[long_tok] = "hx-long-line.txt"
    os.mkfifo(root / "hx-fifo.txt")
    reject["hx-fifo.txt"] = "named pipe (FIFO)"
    (root / "hx-devzero.txt").symlink_to("/dev/zero")
    reject["hx-devzero.txt"] = "symlink to /dev/zero"
    (root / "hx-loop-a.txt").symlink_to(root / "hx-loop-b.txt")
    (root / "hx-loop-b.txt").symlink_to(root / "hx-loop-a.txt")
    reject["hx-loop-a.txt"] = reject["hx-loop-b.txt"] = "file symlink loop"
    (root / "hx-dangling.txt").symlink_to(tmp / "nowhere.txt")
    reject["hx-dangling.txt"] = "dangling symlink"
    sub_tok = token(rng)
    put("sub/good-sub.txt", good_article(sub_tok))
    good[sub_tok] = "sub/good-sub.txt"
    (root / "sub" / "back").symlink_to(root)  # a directory loop
    (root / "alias").symlink_to(root / "sub")  # the same folder twice
    as_root = os.geteuid() == 0
    if not as_root:
        put("hx-unreadable.txt", good_article(token(rng)))
        (root / "hx-unreadable.txt").chmod(0)
        reject["hx-unreadable.txt"] = "chmod 000"

    vanish = top / "a-vanish"
    vanish.mkdir()
    vanish_tokens = {}
    for i in range(args.vanish):
        tok = token(rng)
        (vanish / f"v{i:04d}.txt").write_text(good_article(tok))
        vanish_tokens[f"v{i:04d}.txt"] = tok
    doomed = sorted(rng.sample(sorted(vanish_tokens), len(vanish_tokens) // 2), reverse=True)
    deleted: list[str] = []

    def deleter(child: Child) -> None:
        """Delete half the small files, last first, while the index run reads them first to last."""
        while not (data / INDEX_DIRNAME).exists() and not child.finished():  # created just before the walk
            time.sleep(0.002)
        for n, name in enumerate(doomed):
            (vanish / name).unlink()
            deleted.append(name)
            time.sleep(0.0005 * (n % 2))

    env = make_env(tmp, data)
    child = Child(["index", top], env)
    thread = threading.Thread(target=deleter, args=(child,))
    thread.start()
    done = child.wait(timeout=900)
    thread.join()
    lines = stderr_lines(done)
    summary = [line for line in lines if line.startswith("indexed ")]
    named = [line for line in lines if line.startswith("newsexplorer: ")]
    stray = [line for line in lines if line not in summary and line not in named]

    def lines_naming(name: str) -> int:
        return sum(1 for line in named if f"/{name}:" in line)

    corpus = Corpus.open(data)
    try:
        for name, what in sorted(reject.items()):
            cases.append((f"{name} ({what})", lines_naming(name) == 1))
        for tok, name in sorted(good.items(), key=lambda kv: kv[1]):
            cases.append((f"{name}: token found once", corpus.search(tok, limit=5).total == 1))
        cases.append(("<script> content never indexed", corpus.search(script_tok, limit=5).total == 0))
        nested_found, nested_lines = corpus.search(nested_tok, limit=5).total, lines_naming("hx-nested.html")
        cases.append(("hx-nested.html (50,000 nested tags): indexed, or one line",
                      (nested_found == 1 and nested_lines == 0) or (nested_found == 0 and nested_lines == 1)))
        cases.append(("directory symlink loop and alias: no line", not any("/back/" in l or "/alias/" in l for l in named)))
        titles = {row[0] for row in corpus.store.every("title")}
        vanish_wrong = vanished_named = read_before = before_walk = 0
        for name in deleted:  # in deletion order: only a first stretch may be gone before the walk listed them
            indexed, n_lines = f"Report {vanish_tokens[name]}" in titles, lines_naming(name)
            if not indexed and n_lines == 0 and vanished_named + read_before + vanish_wrong == 0:
                before_walk += 1
                continue
            vanished_named += not indexed and n_lines == 1
            read_before += indexed and n_lines == 0
            wrong = not ((indexed and n_lines == 0) or (not indexed and n_lines == 1))
            vanish_wrong += wrong
            if wrong:
                print(f"    {name}: deleted, indexed {indexed}, lines {[l for l in named if f'/{name}:' in l][:3]}")
        for name, tok in vanish_tokens.items():
            if name not in deleted and not (f"Report {tok}" in titles and lines_naming(name) == 0):
                vanish_wrong += 1
                print(f"    {name}: never deleted, not indexed once")
        cases.append((f"files deleted mid-run ({len(deleted)} of {len(vanish_tokens)})", vanish_wrong == 0))
        whoosh_ids, store_ids = index_state(data)
    finally:
        corpus.close()
    handled = sum(ok for _, ok in cases)
    for name, ok in cases:
        if not ok:
            report.add(sec, "not handled", name, ok=False)
    report.add(sec, "hostile cases tried / handled", f"{len(cases)} / {handled}", "all", handled == len(cases))
    report.add(sec, "unreadable file (chmod 000)", "skipped (root)" if as_root else "tried")
    report.add(sec, "files deleted during the run: named once / read before deletion / gone before the walk / wrong",
               f"{vanished_named} / {read_before} / {before_walk} / {vanish_wrong}", "wrong 0", vanish_wrong == 0)
    report.add(sec, "stderr lines that are neither 'newsexplorer: …' nor the summary", len(stray), "0", not stray)
    report.add(sec, "Traceback in output", has_traceback(done), "no", not has_traceback(done))
    report.add(sec, "exit status", done.code, "1", done.code == 1)
    report.add(sec, "documents: Whoosh / store / duplicates", f"{len(whoosh_ids)} / {len(store_ids)} / "
               f"{len(whoosh_ids) - len(set(whoosh_ids))}", "equal, 0",
               len(whoosh_ids) == len(store_ids) == len(set(whoosh_ids)))
    report.add(sec, "indexer peak RSS (spaCy loaded)", f"{done.rss_mb:.0f} MB", f"≤ {RSS_LIMIT_MB} MB",
               done.rss_mb <= RSS_LIMIT_MB)
    report.add(sec, "index run time", f"{done.seconds:.1f} s")
    for line in named:
        if "/a-vanish/" not in line:
            print("    stderr:", line.replace(str(root), "…")[:150])
    if stray:
        print("    stray stderr:", stray[:5])


# ------------------------------------------------------------------------------------------------ b. killed indexer
KILL_MOMENTS = {  # Whoosh's files, as a batch is written: which one appearing triggers the kill
    "writing": re.compile(r"\.(trm|pst)$"),  # a writer is open, documents are being added
    "committing": re.compile(r"\.col$"),  # commit() has begun writing columns
    "assembled": re.compile(r"\.seg$"),  # the compound segment is being written, no TOC yet
}
TOC = re.compile(r"_MAIN_(\d+)\.toc$")


def watch_and_kill(child: Child, folder: Path, mode: str, delay: float) -> str:
    """Kill the child after `delay` s ('timed'), when a Whoosh file of a KILL_MOMENTS kind first appears, or just
    after a new TOC generation lands, before SQLite has recorded the batch ('after-toc')."""
    def listing() -> set[str]:
        try:
            return set(os.listdir(folder))
        except FileNotFoundError:
            return set()

    def generation(names: set[str]) -> int:
        return max((int(m[1]) for n in names if (m := TOC.match(n))), default=-1)

    before = listing()
    base_gen = max(generation(before), 0)  # a fresh index starts with generation 0, empty
    start = time.monotonic()
    while not child.finished():
        if mode == "timed":
            hit = time.monotonic() - start >= delay
        else:
            now = listing()
            if mode == "after-toc":
                hit = generation(now) > base_gen
            else:
                hit = any(KILL_MOMENTS[mode].search(n) for n in now - before)
        if hit:
            return "killed" if child.kill() else "finished first"
        time.sleep(0.0005)
    return "finished first"


def check_open_and_invariants(data: Path) -> list[str]:
    """After a kill: the index opens without needing a restore, answers a query, holds no duplicate and
    everything the store says is indexed."""
    problems = []
    try:
        corpus = Corpus.open(data)
    except NewsExplorerError as err:
        return [f"open failed: {err}"]
    try:
        if corpus.restored:
            problems.append(f"needed a restore: {corpus.restored}")
        corpus.search("said OR the", limit=5)
    except NewsExplorerError as err:
        problems.append(f"search failed: {err}")
    finally:
        corpus.close()
    whoosh_ids, store_ids = index_state(data)
    if len(whoosh_ids) != len(set(whoosh_ids)):
        problems.append(f"{len(whoosh_ids) - len(set(whoosh_ids))} duplicate documents in Whoosh")
    missing = set(store_ids) - set(whoosh_ids)
    if missing:
        problems.append(f"{len(missing)} stored articles not searchable")
    return problems


def section_kill(tmp: Path, args, report: Report, state: dict) -> None:
    sec = "b. killed"
    rng = random.Random(args.seed + 1)
    files = corpus_files(args.corpus, args.kill_files, rng)
    src = link_files(files, tmp / "kill-src")
    batch = {BATCH_ENV: args.batch}
    ref_data = tmp / "kill-ref"
    ref = cli(["index", "--no-enrich", src], make_env(tmp, ref_data, **batch))
    ref_whoosh, ref_store = index_state(ref_data)
    expected = set(ref_store)
    by_engine = expected_ids(files)
    report.add(sec, "reference run: files / articles / seconds", f"{len(files)} / {len(expected)} / {ref.seconds:.1f}")
    report.add(sec, "reference run consistent (exit 0, Whoosh = store = engine's ids)",
               ref.code == 0 and sorted(ref_whoosh) == sorted(ref_store) and expected == by_engine, "yes",
               ref.code == 0 and sorted(ref_whoosh) == sorted(ref_store) and expected == by_engine)
    state["fuzz_data"] = ref_data
    opens = []
    for _ in range(3):
        t = time.perf_counter()
        Corpus.open(ref_data).close()
        opens.append((time.perf_counter() - t) * 1000)
    index_mb = sum(f.stat().st_size for f in (ref_data / INDEX_DIRNAME).iterdir()) / 2**20
    report.add(sec, "Corpus.open with every segment read and checksummed (warm)",
               f"{min(opens):.0f} ms for a {index_mb:.1f} MB index")
    state["kill_files"] = files
    titles: dict[str, int] = {}
    for (title,) in sqlite3.connect(ref_data / ARTICLES_DB).execute("SELECT title FROM articles"):
        titles[title] = titles.get(title, 0) + 1
    unique_titles = rng.sample(sorted(t for t, n in titles.items() if n == 1 and '"' not in t and len(t) > 12), 5)

    modes = ["after-toc", "committing", "timed", "assembled", "writing"]
    kills = landed = between = 0
    problems: list[str] = []
    lost = duplicated = ghosts = title_misses = 0
    outcomes: dict[str, int] = {}
    for rnd in range(args.rounds):
        data = tmp / f"kill-{rnd}"
        env = make_env(tmp, data, **batch)
        for k in range(args.kills_per_round):
            mode = modes[(rnd * args.kills_per_round + k) % len(modes)]
            remaining = max(0.0, 1 - store_count(data) / max(1, len(expected)))
            delay = 0.8 + rng.uniform(0, ref.seconds * remaining)  # ~0.8 s to import and start reading
            child = Child(["index", "--no-enrich", src], env)
            what = watch_and_kill(child, data / INDEX_DIRNAME, mode, delay)
            kills += 1
            outcomes[f"{mode}: {what}"] = outcomes.get(f"{mode}: {what}", 0) + 1
            if what == "killed":
                landed += 1
                whoosh_ids, store_ids = index_state(data)
                between += bool(set(whoosh_ids) - set(store_ids))
                problems += [f"round {rnd} kill {k} ({mode}): {p}" for p in check_open_and_invariants(data)]
        done = cli(["index", "--no-enrich", src], env)
        if done.code != 0 or has_traceback(done):
            problems.append(f"round {rnd}: completing run exit {done.code}: {stderr_lines(done)[-1:]}")
        whoosh_ids, store_ids = index_state(data)
        lost += len(expected - set(store_ids)) + len(expected - set(whoosh_ids))
        duplicated += len(whoosh_ids) - len(set(whoosh_ids)) + len(store_ids) - len(set(store_ids))
        ghosts += len(set(whoosh_ids) - expected) + len(set(store_ids) - expected)
        corpus = Corpus.open(data)
        try:
            for title in unique_titles:
                found = corpus.search(f'"{title}"', limit=50).hits
                title_misses += sum(1 for h in found if h.title == title) != 1
        finally:
            corpus.close()
    for p in problems:
        report.add(sec, "problem", p, ok=False)
    report.add(sec, "kill points tried / landed (rest: run ended first)", f"{kills} / {landed}",
               f"≥ {max(1, kills * 2 // 3)} landed", landed >= max(1, kills * 2 // 3))
    report.add(sec, "kills by moment", ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())))
    report.add(sec, "kills that left a batch in Whoosh but not yet in SQLite", between)
    report.add(sec, "after a kill: opens, answers, no duplicate, nothing stored unsearchable",
               f"{landed - len({p.split(':')[0] for p in problems if 'kill' in p})} / {landed}", "all", not problems)
    report.add(sec, "after completing: articles lost / duplicated / unexpected", f"{lost} / {duplicated} / {ghosts}",
               "0 / 0 / 0", lost == duplicated == ghosts == 0)
    report.add(sec, "known-unique titles not found exactly once", f"{title_misses} of {5 * args.rounds}", "0",
               title_misses == 0)


# ------------------------------------------------------------------------------------------------ c. two writers
def wait_for_lock_holder(data: Path, pid: int, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if (data / LOCK_FILE).read_text().strip() == str(pid):
                return True
        except OSError:
            pass
        time.sleep(0.01)
    return False


class Reader(threading.Thread):
    """Opens the corpus and searches over and over while writers work, as the app would."""

    def __init__(self, data: Path):
        super().__init__(daemon=True)
        self.data, self.stop, self.ops, self.busy, self.errors = data, threading.Event(), 0, 0, []

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                corpus = Corpus.open(self.data)
                try:
                    for _ in range(5):
                        corpus.search("said OR government", limit=10)
                        self.ops += 1
                finally:
                    corpus.close()
            except NewsExplorerError as err:
                if "no index in" in str(err) or "another index run is writing" in str(err):
                    self.busy += 1  # before the first commit: a clear answer, not a failure
                else:
                    self.errors.append(str(err))
            except Exception as err:  # noqa: BLE001 - anything else is what we are looking for
                self.errors.append(f"{type(err).__name__}: {err}")
            time.sleep(0.05)


def section_writers(tmp: Path, args, report: Report, state: dict) -> None:
    sec = "c. writers"
    rng = random.Random(args.seed + 2)
    files = state.get("kill_files") or corpus_files(args.corpus, args.writer_files * 2, rng)
    pool = rng.sample(files, min(len(files), args.writer_files * 2 + args.writer_files // 3))
    n = args.writer_files
    a, b, both = pool[:n], pool[n:2 * n], pool[2 * n:]
    src_a, src_b = link_files(a + both, tmp / "writers-a"), link_files(b + both, tmp / "writers-b")
    expected = expected_ids(a + b + both)
    runs = lost = duplicated = 0
    problems = []
    reader_ops = reader_busy = 0
    reader_errors: list[str] = []

    def settle(data: Path, label: str) -> None:
        nonlocal lost, duplicated
        whoosh_ids, store_ids = index_state(data)
        lost_here = len(expected - set(store_ids)) + len(expected - set(whoosh_ids))
        lost += lost_here
        duplicated += len(whoosh_ids) - len(set(whoosh_ids))
        if lost_here or len(whoosh_ids) != len(set(whoosh_ids)) or set(store_ids) != expected:
            problems.append(f"{label}: lost {lost_here}, store {len(store_ids)} of {len(expected)}")

    # 1. the default: the second run waits, says so, then adds its files
    data = tmp / "writers-wait"
    env = make_env(tmp, data)
    reader = Reader(data)
    first = Child(["index", "--no-enrich", src_a], env)
    if not wait_for_lock_holder(data, first.pid):
        problems.append("wait: the first run never took the lock")
    reader.start()
    second = Child(["index", "--no-enrich", src_b], env)
    d1, d2 = first.wait(), second.wait()
    reader.stop.set()
    reader.join()
    reader_ops, reader_busy, reader_errors = reader.ops, reader.busy, reader.errors
    runs += 2
    said_waiting = "waiting for another index run" in d2.err
    if not (d1.code == d2.code == 0 and said_waiting) or has_traceback(d1) or has_traceback(d2):
        problems.append(f"wait: exits {d1.code}/{d2.code}, second said it waits: {said_waiting}")
    settle(data, "wait")

    # 2. --no-wait: refused in one line with exit 2, then run again afterwards
    data = tmp / "writers-nowait"
    env = make_env(tmp, data)
    first = Child(["index", "--no-enrich", src_a], env)
    if not wait_for_lock_holder(data, first.pid):
        problems.append("no-wait: the first run never took the lock")
    refused = cli(["index", "--no-enrich", "--no-wait", src_b], env)
    d1 = first.wait()
    runs += 2
    refusal = stderr_lines(refused)
    clean_refusal = (refused.code == 2 and len(refusal) == 1 and "another newsexplorer index is writing" in refusal[0]
                     and not has_traceback(refused))
    if not clean_refusal or d1.code != 0:
        problems.append(f"no-wait: exit {refused.code}, stderr {refusal[:2]}")
    again = cli(["index", "--no-enrich", "--no-wait", src_b], env)
    runs += 1
    if again.code != 0:
        problems.append(f"no-wait: rerun exit {again.code}")
    settle(data, "no-wait")

    # 3. two --no-wait runs started together: one wins, the other is refused; the loser's rerun completes
    data = tmp / "writers-race"
    env = make_env(tmp, data)
    p, q = Child(["index", "--no-enrich", "--no-wait", src_a], env), Child(["index", "--no-enrich", "--no-wait", src_b], env)
    dp, dq = p.wait(), q.wait()
    runs += 2
    codes = sorted([dp.code, dq.code])
    if codes not in ([0, 2], [0, 0]) or has_traceback(dp) or has_traceback(dq):
        problems.append(f"race: exits {codes}")
    for d, src in ((dp, src_a), (dq, src_b)):
        if d.code == 2:
            runs += 1
            if cli(["index", "--no-enrich", src], env).code != 0:
                problems.append("race: the refused run failed when run again")
    settle(data, "race")

    for p_ in problems:
        report.add(sec, "problem", p_, ok=False)
    report.add(sec, "second writer: waits and says so / --no-wait refused in one line, exit 2",
               "yes" if not any(p_.startswith(("wait", "no-wait")) for p_ in problems) else "no", "yes",
               not any(p_.startswith(("wait", "no-wait")) for p_ in problems))
    report.add(sec, "index runs on one data dir (3 concurrent pairs) / documents lost / duplicated",
               f"{runs} / {lost} / {duplicated}", "lost 0, duplicated 0", lost == duplicated == 0 and not problems)
    report.add(sec, "searches by a reader during the writes / failures",
               f"{reader_ops} / {len(reader_errors)} (+{reader_busy} 'not ready yet')", "0 failures", not reader_errors)
    for e in reader_errors[:3]:
        print("    reader error:", e)


# ------------------------------------------------------------------------------------------------ d. fuzzed queries
class Hang(Exception):
    pass


def hostile_queries(n: int, rng: random.Random, words: list[str]) -> list[str]:
    pieces = ['"', "'", "(", ")", "AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "title:", "source:", "date:", "body:",
              "person:", "issue:", "outlet:", "id:", "path:", "nosuchfield:", "date:[", " to ", "TO", "]", "[", "{",
              "}", "*", "?", "~", "~99", "~2", "^", "^99", "^-1", "-", "+", ":", "\\", "/", "a*", "*a", "ab*", "?b",
              "20050101", "2005-01-01", "date:>2005", "date:<", "date:yesterday", "\x00", "\x1b[2J", "\x07", "\x9b",
              "\u202e", "\u200f", "\u200b", "\ufeff", "مرحبا", "שלום", "😀", "👍🏽", "é", "ß", "İ", "ǅ", "\ud800", "\udfff",
              " ", "\t", "\n", "\u0085", "\u2028", "%", "_", "'; DROP TABLE articles; --", "$", "..", "&&", "||", "!"]
    fixed = ["", " ", "*", "?", "~", "a*", "*a*", "title:", "title:*", 'title:""', "field:", "nosuchfield:x",
             "said~99", "said~999999999999", "a" * 10_000, "(" * 5_000, ")" * 5_000, '"' * 10_001, "x " * 5_000,
             "NOT", "AND OR NOT", "date:[ to ]", "date:99999999", "date:[20050101 to 19990101]", "date:>", "*:*",
             "\x00", "\x00" * 1000, "\ud800" * 50, "title:(" * 300, "^" * 1000, "~" * 1000, "a~2 " * 400,
             " OR ".join(words[:300])[:1_990], " ".join(w + "~2" for w in words[:150])[:1_990],
             " ".join(w[:2] + "*" for w in words[:400])[:1_990], '"' + " ".join(words[:300])[:1_980] + '"']
    out = list(fixed)
    while len(out) < n:
        kind = rng.random()
        if kind < 0.45:
            out.append("".join(rng.choice(pieces + words[:50]) for _ in range(rng.randint(1, 15))))
        elif kind < 0.75:  # random code points, controls, surrogates, RTL, emoji, private use
            ranges = [(0, 0x20), (0x20, 0x7f), (0x7f, 0xa0), (0x590, 0x6ff), (0xd800, 0xdfff), (0xe000, 0xe0ff),
                      (0x1f300, 0x1f6ff), (0x300, 0x36f), (0x4e00, 0x4eff), (0x2000, 0x206f)]
            out.append("".join(chr(rng.randint(*rng.choice(ranges))) for _ in range(rng.randint(1, 60))))
        elif kind < 0.85:  # words with operators and field prefixes around them
            out.append(" ".join(rng.choice(["", "title:", "NOT ", "+", "-", '"']) + rng.choice(words)
                                + rng.choice(["", "*", "~", "~2", "^3", '"', ")", "("]) for _ in range(rng.randint(1, 8))))
        elif kind < 0.95:  # long strings
            out.append("".join(rng.choice(pieces) for _ in range(rng.randint(200, 3_000))))
        else:
            out.append(rng.choice(["x", "ab", "\x00", "(", '"', "é"]) * 10_000)
    return out[:n]


def section_fuzz(tmp: Path, args, report: Report, state: dict) -> None:
    sec = "d. fuzz"
    rng = random.Random(args.seed + 3)
    data = state.get("fuzz_data")
    if data is None:  # run on its own: a small index of the corpus
        files = corpus_files(args.corpus, 150, rng)
        data = tmp / "fuzz-data"
        cli(["index", "--no-enrich", link_files(files, tmp / "fuzz-src")], make_env(tmp, data))
    corpus = Corpus.open(data)
    words = sorted({w for (t,) in corpus.store.every("text", limit=200)
                    for w in re.findall(r"[A-Za-z]{3,}", t)})
    rng.shuffle(words)
    queries = hostile_queries(args.queries, rng, words)

    def on_alarm(*_):
        raise Hang()

    old = signal.signal(signal.SIGALRM, on_alarm)
    failures: list[str] = []
    slow: list[tuple[float, str]] = []
    refused = answered = 0
    times = []
    try:
        for q in queries:
            start = time.perf_counter()
            signal.setitimer(signal.ITIMER_REAL, QUERY_ABORT_S)
            try:
                corpus.search(q, limit=10)
                answered += 1
            except QueryError as err:
                refused += 1
                if not str(err) or "\n" in str(err):
                    failures.append(f"QueryError not one line for {q[:40]!r}")
            except Hang:
                failures.append(f"hang (> {QUERY_ABORT_S:.0f} s) for {q[:60]!r}")
            except Exception as err:  # noqa: BLE001 - what the fuzzing is for
                failures.append(f"{type(err).__name__}: {str(err)[:80]} for {q[:60]!r}")
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            took = time.perf_counter() - start
            times.append(took)
            if took > QUERY_BUDGET_S:
                slow.append((took, q))
    finally:
        signal.signal(signal.SIGALRM, old)
        corpus.close()
    times.sort()
    for f in failures[:10]:
        report.add(sec, "failure", f, ok=False)
    for took, q in sorted(slow, reverse=True)[:5]:
        report.add(sec, "slow query", f"{took:.1f} s: {q[:70]!r}", ok=False)
    report.add(sec, f"queries tried / answered / refused with QueryError", f"{len(queries)} / {answered} / {refused}")
    report.add(sec, f"failures (other exception, multi-line message, > {QUERY_BUDGET_S:.0f} s)",
               len(failures) + len(slow), "0", not failures and not slow)
    report.add(sec, "query time p50 / p99 / max", f"{times[len(times) // 2] * 1000:.1f} / "
               f"{times[int(len(times) * 0.99)] * 1000:.0f} / {times[-1] * 1000:.0f} ms")

    # Through the real command line: exit 0 or 2, and a refusal is one line on stderr.
    env = make_env(tmp, data)
    cli_queries = [q for q in queries if q and "\x00" not in q and not re.search(r"[\ud800-\udfff]", q)]
    sample = rng.sample(cli_queries[40:], min(args.cli_queries, len(cli_queries) - 40)) + cli_queries[:4]
    bad = 0
    for q in sample:
        d = cli(["search", q, "--limit", "3"], env)
        one_line = d.code != 2 or len(stderr_lines(d)) == 1
        if d.code not in (0, 2) or has_traceback(d) or not one_line:
            bad += 1
            print(f"    CLI failure for {q[:40]!r}: exit {d.code} {stderr_lines(d)[:2]}")
    report.add(sec, "via `newsexplorer search`: tried / exit not 0-or-2, traceback or not one line",
               f"{len(sample)} / {bad}", "0", bad == 0)


# ------------------------------------------------------------------------------------------------ e. user data
def user_snapshot(data: Path, article: str) -> tuple:
    from newsexplorer.index.store.userdata import UserData

    with UserData(data / USER_DB) as ud:
        return (ud.marks(), ud.tags(article), ud.article_note(article), ud.history())


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "-"


def damage(path: Path, how: str, rng: random.Random) -> None:
    size = path.stat().st_size
    with open(path, "r+b") as fh:
        if how == "truncated":
            fh.truncate(size // 2)
        elif how == "zeroed tail":
            fh.seek(max(0, size - 65536))
            fh.write(b"\x00" * min(size, 65536))
        elif how == "garbage at end":
            fh.seek(max(0, size - 4096))
            fh.write(rng.randbytes(min(size, 4096)))
        elif how == "garbage header":
            fh.write(rng.randbytes(min(size, 4096)))
        elif how == "garbage in middle":
            fh.seek(size // 2)
            fh.write(rng.randbytes(min(size // 4, 8192)))
        elif how == "emptied":
            fh.truncate(0)


def section_userdata(tmp: Path, args, report: Report, state: dict) -> None:
    sec = "e. user data"
    rng = random.Random(args.seed + 4)
    files = state.get("kill_files") or corpus_files(args.corpus, 120, rng)
    small = link_files(files[:60], tmp / "ud-src")
    more = link_files(files[60:160], tmp / "ud-more")
    data = tmp / "ud-data"
    env = make_env(tmp, data)
    assert cli(["index", "--no-enrich", small], env).code == 0
    corpus = Corpus.open(data)
    article = corpus.listing(limit=1)[0].id
    ud = corpus.userdata
    ud.set_checked("ceasefire", True)
    ud.set_override("nato", "agreed")
    ud.set_note("ceasefire", "ask the desk ✓ [bold]literal[/]")
    ud.add_tag(article, "keep")
    ud.set_article_note(article, "read again")
    ud.add_history("security guarantees")
    corpus.close()
    snapshot = user_snapshot(data, article)
    clean_total = cli(["search", "said", "--json"], env)
    clean_total = json.loads(clean_total.out)["total"] if clean_total.code == 0 else -1
    steps: list[tuple[str, bool, str]] = []  # (step, user data intact, what the user saw)

    def survived(step: str, seen: str, extra_ok: bool = True) -> None:
        intact = user_snapshot(data, article) == snapshot
        steps.append((step, intact and extra_ok, seen))

    # kill -9 an indexer in mid-run
    child = Child(["index", "--no-enrich", more], make_env(tmp, data, **{BATCH_ENV: 20}))
    what = watch_and_kill(child, data / INDEX_DIRNAME, "after-toc", 0)
    problems = check_open_and_invariants(data)
    survived("kill -9 during index", f"{what}; {'; '.join(problems) or 'opens and answers'}", not problems)
    # --rebuild
    d = cli(["index", "--no-enrich", "--rebuild", small], env)
    survived("index --rebuild", f"exit {d.code}", d.code == 0)
    backup = tmp / "ud-backup"
    shutil.copytree(data, backup, symlinks=True)

    def fresh_copy() -> None:
        shutil.rmtree(data)
        shutil.copytree(backup, data, symlinks=True)

    def search_after(step: str) -> None:
        d = cli(["search", "said", "--json"], env)
        lines = stderr_lines(d)
        total = json.loads(d.out)["total"] if d.code == 0 else None
        restored = d.code == 0 and len(lines) == 1 and "restoring it from the article store" in lines[0]
        refused = d.code == 2 and len(lines) == 1 and "--rebuild" in lines[0]
        ok = not has_traceback(d) and ((restored and total == clean_total) or refused)
        seen = f"exit {d.code}: {lines[0].replace(str(data), '…')[:110] if lines else '(nothing on stderr)'}"
        if d.code == 0 and not restored:
            seen += f" — not detected; {total} results (clean index: {clean_total})"
        survived(step + " → `search`", seen, ok)

    def open_after(step: str) -> None:
        try:
            corpus = Corpus.open(data)
            try:
                total = corpus.search("said", limit=3).total
                ok = bool(corpus.restored) and total == clean_total
                seen = f"restored: {bool(corpus.restored)}, {total} results"
            finally:
                corpus.close()
        except NewsExplorerError as err:
            ok, seen = "\n" not in str(err) and "--rebuild" in str(err), f"{type(err).__name__}: {str(err)[:100]}"
        except Exception as err:  # noqa: BLE001
            ok, seen = False, f"{type(err).__name__}: {str(err)[:100]}"
        survived(step + " → Corpus.open", seen, ok)

    # the Whoosh folder deleted, then each kind of damage to its segment and TOC
    shutil.rmtree(data / INDEX_DIRNAME)
    search_after("whoosh folder deleted")
    fresh_copy()
    shutil.rmtree(data / INDEX_DIRNAME)
    open_after("whoosh folder deleted")
    for how in ("truncated", "zeroed tail", "garbage at end", "garbage header", "emptied", "garbage in middle"):
        for target in ("segment", "TOC") if how in ("garbage header", "emptied") else ("segment",):
            for probe in (search_after, open_after):
                fresh_copy()
                pattern = "*.seg" if target == "segment" else "_MAIN_*.toc"
                for f in (data / INDEX_DIRNAME).glob(pattern):
                    damage(f, how, rng)
                probe(f"{target} {how}")
    # the article store damaged: one clear line, newsexplorer.db untouched
    for how in ("garbage header", "truncated", "garbage in middle"):
        fresh_copy()
        before = sha(data / USER_DB)
        damage(data / ARTICLES_DB, how, rng)
        d = cli(["search", "said"], env)
        lines = stderr_lines(d)
        ok = (d.code == 2 and len(lines) == 1 and ARTICLES_DB in lines[0] and "--rebuild" in lines[0]
              and not has_traceback(d)) or (d.code == 0 and not has_traceback(d))
        seen = lines[0].replace(str(data), "…")[:110] if lines else "no message: the search read no damaged page"
        survived(f"articles.db {how} → `search`", f"exit {d.code}: {seen}", ok and sha(data / USER_DB) == before)
    d = cli(["index", "--no-enrich", "--rebuild", small], env)
    survived("damaged articles.db, then index --rebuild", f"exit {d.code}", d.code == 0)

    for step, ok, seen in steps:
        report.add(sec, step, seen, "", ok)
    intact = sum(ok for _, ok, _ in steps)
    report.add(sec, "steps with notes/ticks intact and a clear outcome", f"{intact} / {len(steps)}", "all",
               intact == len(steps))


# ------------------------------------------------------------------------------------------------ f. terminal
EVIL = ("[bold]Bold[/b] [@click=app.quit]quit[/] \x1b]52;c;ZXZpbA==\x07 \x1b[2J \x9b2J \x1b[5;7;31m "
        "\x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\ \x1bP+q\x1b\\ \x90dcs\x9c \x07\x08\x7f")
MARKUP = ("[bold]", "[@click=app.quit]")


def run_in_pty(args: list, env: dict, timeout: float = 120) -> tuple[int, bytes]:
    master, slave = pty.openpty()
    env = {**env, "TERM": "xterm-256color", "COLUMNS": "160", "LINES": "50"}
    env.pop("NO_COLOR", None)
    proc = subprocess.Popen(CLI + [str(a) for a in args], env=env, stdin=slave, stdout=slave, stderr=slave,
                            start_new_session=True)
    os.close(slave)
    chunks, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    try:
        code = proc.wait(timeout=max(1, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        proc.kill()
        code = proc.wait()
    return code, b"".join(chunks)


SGR = re.compile(r"\x1b\[[0-9;]*m")


def unsafe_in(text: str, tty: bool) -> list[str]:
    """Escape sequences or control characters an article could have put there (Rich's own SGR styling allowed
    on a terminal, but not the article's own \\x1b[5;7;31m)."""
    found = []
    if "\x1b[5;7;31m" in text:
        found.append("article SGR")
    rest = SGR.sub("", text) if tty else text
    for ch in sorted(set(re.findall(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", rest))):
        found.append(repr(ch))
    return found


def section_terminal(tmp: Path, args, report: Report) -> None:
    sec = "f. terminal"
    src = tmp / "evil"
    src.mkdir()
    body = ("The ceasefire was agreed by both delegations on Monday, officials in Geneva said. " + EVIL +
            " Volodymyr Zelensky met Emmanuel Macron in Paris to discuss security guarantees. zqevilbody")
    (src / "evil.txt").write_text(f"Title: Evil {EVIL} zqeviltitle\nSource: Evil [red]Wire[/red]\x1b[2J\n\n{body}\n")
    (src / "evil.json").write_text(json.dumps({"title": f"Json {EVIL} zqeviljson", "body": body + " zqeviljson",
                                               "source": "[@click=app.quit]Outlet[/]"}))
    html_evil = EVIL.replace("\x1b", "&#27;").replace("\x9b", "&#x9b;").replace("\x07", "&#7;")
    (src / "evil.html").write_text(f"<!doctype html><html><head><title>Html {html_evil} zqevilhtml</title></head>"
                                   f"<body><article><h1>Html {html_evil} zqevilhtml</h1><p>{body} zqevilhtml</p>"
                                   f"<p>{body}</p></article></body></html>")
    data = tmp / "evil-data"
    env = make_env(tmp, data)
    d = cli(["index", src], env)
    corpus = Corpus.open(data)
    ids = [h.id for h in corpus.search("zqevilbody", limit=10).hits]
    corpus.close()
    commands = [["search", "zqevilbody"], ["search", "zqevilbody", "--json"], ["issues"], ["issues", "--markdown"],
                ["issues", "--json"], ["entities"], ["entities", "--json"]]
    for article in ids:
        commands += [["show", article], ["show", article, "--json"], ["entities", "--article", article]]
    cases = failures = styled = 0
    literal_ok = True
    for cmd in commands:
        for tty in (False, True):
            cases += 1
            if tty:
                code, raw = run_in_pty(cmd, env)
                text = raw.decode("utf-8", "replace")
            else:
                done = cli(cmd, env)
                code, text = done.code, done.out + done.err
            bad = unsafe_in(text, tty)
            styled += tty and bool(SGR.search(text))
            if cmd[0] in ("search", "show") and "--json" not in cmd and not all(m in text for m in MARKUP):
                literal_ok = False
                bad.append("markup not shown literally")
            if "--json" in cmd and not tty:
                try:
                    json.loads(done.out)
                except ValueError:
                    bad.append("not JSON")
            if code != 0 or "Traceback" in text or bad:
                failures += 1
                print(f"    {' '.join(cmd)[:50]} ({'pty' if tty else 'pipe'}): exit {code} {bad[:6]}")
    for line in stderr_lines(d)[:-1]:
        print("    index:", line[:150])
    report.add(sec, "evil articles indexed (txt, json, html)", f"{len(ids)} (exit {d.code})", "3", len(ids) == 3)
    report.add(sec, "command outputs checked (pty and pipe) / with escape or control bytes from an article",
               f"{cases} / {failures}", "0", failures == 0)
    report.add(sec, "Rich markup shown literally in search and show", "yes" if literal_ok else "no", "yes", literal_ok)
    report.add(sec, "pty outputs styled by Rich (so a terminal was seen)", f"{styled} of {cases // 2}")


# ------------------------------------------------------------------------------------------------ main
SECTIONS = ["hostile", "kill", "writers", "fuzz", "userdata", "terminal", "attack"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="smaller everything (about 2 minutes)")
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections: " + ",".join(SECTIONS))
    parser.add_argument("--corpus", type=Path, default=CORPORA / "bbc", help="folder of .txt articles (default: bbc)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and print where it is")
    args = parser.parse_args()
    quick = args.quick
    args.vanish = 100 if quick else 300
    args.long_chars = 1_050_000  # over spaCy's max_length either way
    args.kill_files = 200 if quick else 500
    args.batch = 50
    args.rounds = 2 if quick else 4
    args.kills_per_round = 2 if quick else 3
    args.writer_files = 60 if quick else 120
    args.queries = 1_000 if quick else 5_000
    args.cli_queries = 6 if quick else 20
    chosen = [s for s in args.only.split(",") if s]
    unknown = set(chosen) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown sections: {', '.join(sorted(unknown))}")
    if {"kill", "writers", "userdata"} & set(chosen) or ("fuzz" in chosen and "kill" not in chosen):
        if not args.corpus.is_dir():
            parser.error(f"no corpus at {args.corpus} (see --corpus)")
    tmp = Path(tempfile.mkdtemp(prefix="newsexplorer-stress-"))
    report, state = Report(), {}
    started = time.perf_counter()
    print(f"stress: {'quick' if quick else 'full'} run in {tmp} (python {sys.version.split()[0]}, "
          f"{os.cpu_count()} cores, uid {os.geteuid()})", flush=True)
    try:
        for name in chosen:
            t = time.perf_counter()
            print(f"== {name}", flush=True)
            {"hostile": lambda: section_hostile(tmp, args, report),
             "kill": lambda: section_kill(tmp, args, report, state),
             "writers": lambda: section_writers(tmp, args, report, state),
             "fuzz": lambda: section_fuzz(tmp, args, report, state),
             "userdata": lambda: section_userdata(tmp, args, report, state),
             "terminal": lambda: section_terminal(tmp, args, report),
             "attack": lambda: section_attack(tmp, args, report)}[name]()
            report.add(name, "section time", f"{time.perf_counter() - t:.0f} s")
    finally:
        if args.keep:
            print(f"stress: kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print()
    print(report.table())
    missed = report.missed
    print(f"\n{len(missed)} target(s) missed · {time.perf_counter() - started:.0f} s in all")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
