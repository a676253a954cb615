"""Section g of bench/stress.py: the attack of issue 15, case by case, counted per kind as tried / handled / lost.

Each case makes its own small folder (or data dir), runs the real command line as a separate process (peak memory
from wait4, a time budget, a kill if it overruns) or the Python API, and checks what a user would notice:
    aborts       one bad input never aborts a run: the run ends normally, the bad input is named in one line,
                 every good article beside it (and every good record inside it) is found
    bounded      no input costs more than 2 s per MB (2 s at least) over a plain run, or 1 GB of memory
    silent       nothing disappears without a word: every article the input holds is found after the run
    destructive  no advice to delete or rebuild something that is not damaged, nothing emptied by a mistake
    app          the app and the user's files: locks, aliases, forged lines, invisible characters, a store
                 replaced under an open corpus, two windows on one note, SIGTERM, markup in notifications
"lost" counts articles (or notes) that a case made disappear; every case must be handled and lose nothing.
"""
from __future__ import annotations

import json
import os
import pty
import resource
import select
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

CLI = [sys.executable, "-m", "newsexplorer.tui.cli"]
MEMORY_LIMIT_MB = 1024
SECONDS_PER_MB = 2.0


@dataclass
class Run:
    code: int
    out: str
    err: str
    seconds: float
    rss_mb: float


@dataclass
class Outcome:
    handled: bool
    lost: int = 0
    note: str = ""


@dataclass
class Kind:
    tried: int = 0
    handled: int = 0
    lost: int = 0
    failures: list[str] = field(default_factory=list)


def run_cli(args: list, env: dict, timeout: float = 300, fsize: int | None = None) -> Run:
    """One CLI process with its own peak RSS; killed past `timeout`; `fsize` caps file writes (a full disk)."""
    def limits():
        if fsize is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the cap fails (EFBIG) instead of killing
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    out, err = tempfile.TemporaryFile(), tempfile.TemporaryFile()
    started = time.perf_counter()
    proc = subprocess.Popen(CLI + [str(a) for a in args], env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                            preexec_fn=limits)
    deadline = time.monotonic() + timeout
    status = usage = None
    while status is None:
        pid, st, ru = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            status, usage = st, ru
            break
        if time.monotonic() > deadline:
            os.kill(proc.pid, signal.SIGKILL)
            _, status, usage = os.wait4(proc.pid, 0)
            break
        time.sleep(0.02)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    out.seek(0), err.seek(0)
    return Run(proc.returncode, out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
               seconds, usage.ru_maxrss / 1024)


def good(tok: str) -> str:
    return (f"Title: Report {tok}\n\nNegotiators said on Tuesday that the {tok} talks would resume next week in "
            f"Geneva.\nOfficials from both delegations described the meeting as long but useful.\n")


def aborted(run: Run) -> bool:
    return run.code not in (0, 1) or "internal error" in run.err or "Traceback" in run.err


def found(data: Path, tokens: list[str]) -> int:
    """How many of these unique words the index finds (each in exactly one article)."""
    from newsexplorer.index import Corpus

    corpus = Corpus.open(data)
    try:
        return sum(corpus.search(t).total == 1 for t in tokens)
    finally:
        corpus.close()


class Attack:
    def __init__(self, tmp: Path, quick: bool):
        self.tmp, self.quick = tmp / "attack", quick
        self.tmp.mkdir(parents=True, exist_ok=True)
        self.n = 0
        self.baseline = 0.0

    def folder(self) -> tuple[Path, Path, dict]:
        """A fresh (articles folder, data dir, environment) for one case."""
        self.n += 1
        case = self.tmp / f"case{self.n:02d}"
        src, data = case / "src", case / "data"
        src.mkdir(parents=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSEXPLORER_", "XDG_"))}
        env.update(NEWSEXPLORER_HOME=str(data), XDG_CONFIG_HOME=str(case / "config"),
                   XDG_CACHE_HOME=str(case / "cache"), XDG_DATA_HOME=str(case / "xdg-data"))
        return src, data, env

    def index(self, src: Path, env: dict, *extra, timeout: float = 300, fsize: int | None = None) -> Run:
        return run_cli(["index", "--no-enrich", *extra, src], env, timeout=timeout, fsize=fsize)

    # ------------------------------------------------------------------------------------------------ aborts
    def isolated(self, make: Callable[[Path], list[str]], expect_line: bool = True) -> Outcome:
        """`make` writes the hostile input (returning the tokens of good records inside it); a good article beside."""
        src, data, env = self.folder()
        inside = make(src)
        (src / "zz-good.txt").write_text(good("zqbesidegood"))
        run = self.index(src, env)
        if aborted(run):
            return Outcome(False, len(inside) + 1, run.err.strip().splitlines()[-1][:120] if run.err.strip() else "")
        hits = found(data, ["zqbesidegood", *inside])
        lost = len(inside) + 1 - hits
        named = not expect_line or run.code == 1
        return Outcome(lost == 0 and named, lost, "" if named else "not named on stderr")

    def aborts(self) -> list[tuple[str, Callable[[], Outcome]]]:
        def non_utf8_name(src):
            with open(os.fsencode(str(src)) + b"/b\xff\xfe.txt", "w") as fh:
                fh.write(good("zqnonutfname"))
            return ["zqnonutfname"]

        def lone_surrogate(src):
            (src / "s.json").write_text('[{"title": "x \\ud83d", "text": "The zqsurrogateok talks \\udc00 resumed in '
                                        'Geneva on Monday."}, {"text": "The zqsurrogatetwo talks resumed in Geneva."}]')
            return ["zqsurrogateok", "zqsurrogatetwo"]

        def lone_surrogate_jsonl(src):
            (src / "s.jsonl").write_text('{"title": "\\udfff", "text": "The zqsurrline talks resumed in Geneva."}\n'
                                         '{"text": "The zqsurrlinetwo talks resumed in Geneva on Monday."}\n')
            return ["zqsurrline", "zqsurrlinetwo"]

        def big_number(src):
            (src / "n.json").write_text('[{"id": ' + "9" * 5000 + ', "text": "The zqbignum talks resumed in Geneva."}]')
            return ["zqbignum"]

        def big_number_jsonl(src):
            (src / "n.jsonl").write_text('{"n": -' + "1" * 6000 + ', "text": "The zqbignumline talks resumed."}\n'
                                         '{"n": 1e99999, "text": "The zqhugefloat talks resumed in Geneva."}\n')
            return ["zqbignumline", "zqhugefloat"]

        def rss_charref(src):
            (src / "f.rss").write_text('<?xml version="1.0"?><rss><channel><title>W</title><item><title>a &#99999999999;'
                                       ' &#x110000; &#xD800; b</title><description>The zqcharref talks resumed in Geneva.'
                                       '</description></item></channel></rss>')
            return ["zqcharref"]

        def rss_charref_digits(src):
            (src / "f.xml").write_text('<?xml version="1.0"?><rss><channel><title>W</title><item><title>&#' + "9" * 5000
                                       + ';</title><description>The zqcharrefdigits talks resumed in Geneva.'
                                       '</description></item></channel></rss>')
            return ["zqcharrefdigits"]

        def csv_big_header(src):
            (src / "h.csv").write_text("title,text," + "x" * 140_000 + "\nA,The zqbigheader talks resumed in Geneva.,y\n")
            return ["zqbigheader"]

        def csv_big_field(src):
            rows = [f"Row {i},The zqcsvrow{i}x talks resumed in Geneva on Monday." for i in range(10)]
            rows.insert(5, 'Huge,"The zqcsvhuge talks ' + "word " * 28_000 + 'ended."')
            (src / "r.csv").write_text("title,text\n" + "\n".join(rows) + "\n")
            return [f"zqcsvrow{i}x" for i in range(10)] + ["zqcsvhuge"]

        def csv_stray_quote(src):
            rows = [f"Row {i},The zqquoterow{i}x talks resumed in Geneva on Monday." for i in range(6)]
            rows.insert(3, 'Bad,"unterminated')
            (src / "q.csv").write_text("title,text\n" + "\n".join(rows) + "\n")
            return [f"zqquoterow{i}x" for i in range(3)]  # what follows a quote left open is inside that field

        def jsonl_binary_line(src):
            (src / "b.jsonl").write_bytes(b'{"text": "The zqbinline talks resumed in Geneva."}\n\x00\xff\xfe\x00\x81\n'
                                          b'{"text": "The zqbinlinetwo talks resumed in Geneva."}\n')
            return ["zqbinline", "zqbinlinetwo"]

        def json_deep_in_record(src):
            (src / "d.jsonl").write_text('{"text": ' + "[" * 100_000 + "]" * 100_000 + '}\n'
                                         '{"text": "The zqdeepafter talks resumed in Geneva."}\n')
            return ["zqdeepafter"]

        def bad_sidecar(src):
            (src / "metadata.toml").write_text('["a.txt"\ndate = ')
            (src / "a.txt").write_text(good("zqsidecar"))
            return ["zqsidecar"]  # one line for the sidecar; the files beside it are read without it

        def html_entity_bomb(src):
            (src / "e.html").write_text("<!DOCTYPE html [<!ENTITY a '" + "x" * 100 + "'><!ENTITY b '&a;&a;&a;&a;'>]>"
                                        "<html><body><p>The zqentitybomb talks resumed in Geneva on Monday, officials "
                                        "said after a long meeting. &b;</p></body></html>")
            return ["zqentitybomb"]

        return [
            ("file name that is not UTF-8", lambda: self.isolated(non_utf8_name, expect_line=False)),
            ("JSON with lone surrogates", lambda: self.isolated(lone_surrogate, expect_line=False)),
            ("JSON Lines with a lone surrogate", lambda: self.isolated(lone_surrogate_jsonl, expect_line=False)),
            ("JSON number of 5,000 digits", lambda: self.isolated(big_number, expect_line=False)),
            ("JSON Lines: 6,000-digit integer, 1e99999", lambda: self.isolated(big_number_jsonl, expect_line=False)),
            ("RSS &#99999999999; &#x110000; &#xD800;", lambda: self.isolated(rss_charref, expect_line=False)),
            ("RSS character reference of 5,000 digits", lambda: self.isolated(rss_charref_digits, expect_line=False)),
            ("CSV header over 128 KB", lambda: self.isolated(csv_big_header, expect_line=False)),
            ("CSV: a 140 KB field among ten good rows", lambda: self.isolated(csv_big_field, expect_line=False)),
            ("CSV: a quote left open", lambda: self.isolated(csv_stray_quote, expect_line=False)),
            ("JSON Lines: a binary line", lambda: self.isolated(jsonl_binary_line)),
            ("JSON Lines: one record nested 100,000 deep", lambda: self.isolated(json_deep_in_record)),
            ("broken metadata.toml", lambda: self.isolated(bad_sidecar)),
            ("HTML with an entity bomb", lambda: self.isolated(html_entity_bomb, expect_line=False)),
        ]

    # ------------------------------------------------------------------------------------------------ bounded
    def costed(self, make: Callable[[Path], tuple[int, list[str]]], timeout: float = 600) -> Outcome:
        """`make` writes the input and returns (its size in bytes, tokens that must be found)."""
        src, data, env = self.folder()
        size, tokens = make(src)
        run = self.index(src, env, timeout=timeout)
        budget = max(SECONDS_PER_MB, SECONDS_PER_MB * size / 2**20)
        cost = run.seconds - self.baseline
        note = f"{cost:.1f} s over a plain run for {size / 2**20:.2f} MB, {run.rss_mb:.0f} MB peak"
        if aborted(run):
            return Outcome(False, len(tokens), note + "; aborted")
        lost = len(tokens) - found(data, tokens) if tokens else 0
        return Outcome(cost <= budget and run.rss_mb <= MEMORY_LIMIT_MB and lost == 0, lost, note)

    def bounded(self) -> list[tuple[str, Callable[[], Outcome]]]:
        kb = 40 if self.quick else 400

        def line_of(chars: str, then: str = " then some words"):
            def make(src):
                body = chars * (kb * 1024 // len(chars)) + then
                (src / "l.txt").write_text(good("zqlongline") + body + "\nA closing sentence is here.\n")
                return len(body), ["zqlongline"]
            return make

        def feed_naming(target: str):
            def make(src):
                (src / "p.rss").write_text(target)
                return len(target), []
            return make

        def feed_naming_fifo(src):
            fifo = src.parent / "fifo"
            os.mkfifo(fifo)
            (src / "p.rss").write_text(str(fifo))
            return 10, []

        def hostile_dates(src):
            words = "January February March April May June July UTC GMT EST ago de la le noon week".split()
            lines = []
            for i in range(100):
                date = f"{2000 + i % 25} " + " ".join(words[(i + k * 3) % len(words)] for k in range(6))
                lines.append(json.dumps({"title": f"D{i}", "date": date[:80],
                                         "text": f"The zqdate{i:03d}x talks resumed in Geneva on Monday."}))
            text = "\n".join(lines) + "\n"
            (src / "dates.jsonl").write_text(text)
            return len(text), [f"zqdate{i:03d}x" for i in range(0, 100, 9)]

        def huge_one_line_jsonl(src):
            size = (200 if self.quick else 1024) * 2**20
            with open(src / "huge.jsonl", "wb") as fh:
                fh.write(b'{"text": "')
                chunk = b"word " * (2**20 // 5)
                for _ in range(size // len(chunk)):
                    fh.write(chunk)
                fh.write(b'"}\n{"text": "The zqafterhuge talks resumed in Geneva on Monday."}\n')
            return size, ["zqafterhuge"]

        return [
            (f"a {kb} KB line of dots, then words", lambda: self.costed(line_of("."))),
            (f"a {kb} KB line of '…', then words", lambda: self.costed(line_of("…"))),
            (f"a {kb} KB line of '[a](/'", lambda: self.costed(line_of("[a](/", ""))),
            (f"a {kb} KB line of '[[1]]('", lambda: self.costed(line_of("[[1]](", ""))),
            (f"a {kb} KB line of '?)' pairs", lambda: self.costed(line_of("?)"))),
            (".rss holding the path /dev/zero", lambda: self.costed(feed_naming("/dev/zero"), timeout=60)),
            (".rss holding the path of a FIFO", lambda: self.costed(feed_naming_fifo, timeout=60)),
            (".rss holding /etc/passwd", lambda: self.costed(feed_naming("/etc/passwd"), timeout=60)),
            (".rss holding a URL", lambda: self.costed(feed_naming("http://127.0.0.1:9/feed"), timeout=60)),
            ("100 records with hostile 80-character dates", lambda: self.costed(hostile_dates)),
            (f"one-line JSON Lines of {200 if self.quick else 1024} MB", lambda: self.costed(huge_one_line_jsonl)),
            ("JSON Lines committed in batches (a kill keeps them)", self.jsonl_batches),
            ("'NOT a NOT b ...' of 40 terms", self.not_chain),
        ]

    def jsonl_batches(self) -> Outcome:
        """A long JSON Lines file, killed half-way: what was committed stays; the rerun completes it."""
        src, data, env = self.folder()
        n = 3000 if self.quick else 20000
        with open(src / "many.jsonl", "w") as fh:
            for i in range(n):
                fh.write(json.dumps({"title": f"Item {i}", "text": f"Wire item {i}: the talks resumed in Geneva."}) + "\n")
        env = {**env, "NEWSEXPLORER_BATCH_ARTICLES": "200"}
        proc = subprocess.Popen(CLI + ["index", "--no-enrich", str(src)], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        seen, deadline = 0, time.monotonic() + 300
        while time.monotonic() < deadline and proc.poll() is None and seen < n // 4:
            time.sleep(0.2)
            seen = _store_count(data)
        proc.kill()
        proc.wait()
        visible = _store_count(data)
        run = self.index(src, env)
        total = _store_count(data)
        note = f"{visible} of {n} committed when killed; {total} after the rerun"
        return Outcome(visible > 0 and total == n and not aborted(run), n - total, note)

    def not_chain(self) -> Outcome:
        from newsexplorer.index import Corpus

        src, data, env = self.folder()
        n = 5000 if self.quick else 30000
        with open(src / "many.jsonl", "w") as fh:
            for i in range(n):
                fh.write(json.dumps({"text": f"w{i % 97} w{i % 89} w{i % 83} talks resumed in Geneva."}) + "\n")
        self.index(src, env, timeout=900)
        corpus = Corpus.open(data)
        try:
            corpus.search("talks")
            started = time.perf_counter()
            result = corpus.search(" ".join(f"NOT w{i}" for i in range(40)))
            took = time.perf_counter() - started
        finally:
            corpus.close()
        return Outcome(took < 2.0, 0, f"{took * 1000:.0f} ms on {n} articles, {result.total} matches")

    # ------------------------------------------------------------------------------------------------ silent
    def silent(self) -> list[tuple[str, Callable[[], Outcome]]]:
        return [
            ("one article in three files, one file edited", self.three_files),
            ("a renamed then corrected file", self.renamed),
            ("one-line text records without a full stop", self.one_liners),
            ("hard-wrapped posts (20 Newsgroups, real)", self.newsgroups),
            ("one-line CSV records (AG News-like, with a header)", self.csv_one_liners),
        ]

    def three_files(self) -> Outcome:
        src, data, env = self.folder()
        for name in "abc":
            (src / f"{name}.txt").write_text(good("zqthreecopies"))
        self.index(src, env)
        (src / "a.txt").write_text(good("zqeditedcopy"))
        self.index(src, env)
        lost = 2 - found(data, ["zqthreecopies", "zqeditedcopy"])
        return Outcome(lost == 0, lost)

    def renamed(self) -> Outcome:
        src, data, env = self.folder()
        (src / "draft.txt").write_text(good("zqdraftcopy"))
        self.index(src, env)
        (src / "draft.txt").rename(src / "final.txt")
        (src / "final.txt").write_text(good("zqfinalcopy"))
        self.index(src, env)
        stale = found(data, ["zqdraftcopy"])
        lost = 1 - found(data, ["zqfinalcopy"])
        return Outcome(stale == 0 and lost == 0, lost, "stale draft still found" if stale else "")

    def one_liners(self) -> Outcome:
        src, data, env = self.folder()
        heads = ["NASA confident of debris solution", "Stocks end mixed as oil climbs", "Storm heads for the coast"]
        tokens = []
        for i, head in enumerate(heads):
            tok = f"zqoneliner{'abc'[i]}"
            (src / f"{i}.txt").write_text(f"Title: {head}\n\n{head} {tok} after the meeting\n")
            tokens.append(tok)
        run = self.index(src, env)
        lost = len(tokens) - found(data, tokens)
        return Outcome(lost == 0 and not aborted(run), lost)

    def csv_one_liners(self) -> Outcome:
        src, data, env = self.folder()
        rows = [f'"Headline {i}","Short wire {i} zqcsvline{chr(97 + i)}x without a full stop"' for i in range(20)]
        (src / "ag.csv").write_text("title,description\n" + "\n".join(rows) + "\n")
        self.index(src, env)
        tokens = [f"zqcsvline{chr(97 + i)}x" for i in range(20)]
        lost = len(tokens) - found(data, tokens)
        return Outcome(lost == 0, lost)

    def newsgroups(self) -> Outcome:
        from newsexplorer.index import NewsExplorerError
        from newsexplorer.index.ingest import RecordError, finish_article, prepare, read_articles

        root = Path(__file__).resolve().parents[1].parent / "shared" / "corpora" / "20newsgroups" / "20news-bydate-test"
        if not root.is_dir():
            return Outcome(True, 0, "corpus not found: skipped")
        files = sorted(p for p in root.rglob("*") if p.is_file())[:: 4 if self.quick else 1]
        emptied = with_words = rejected = 0
        for path in files:
            try:
                raws = [r for r in read_articles(path) if not isinstance(r, RecordError)]
            except NewsExplorerError:  # named on stderr by `index` (e.g. a uuencoded binary post): not silent
                rejected += 1
                continue
            for raw in raws:
                raw = prepare(raw, path)
                if finish_article(raw, path) is None:
                    emptied += 1
                    with_words += len(raw.body.split()) >= 8  # a post with something to say, dropped
        return Outcome(with_words == 0, with_words, f"{len(files)} posts ({rejected} rejected by name), {emptied} "
                                                    f"empty after cleaning, {with_words} of them with 8 words or more")

    # ------------------------------------------------------------------------------------------------ destructive
    def destructive(self) -> list[tuple[str, Callable[[], Outcome]]]:
        cases = [
            ("index --rebuild /mistyped/path", self.mistyped_rebuild),
            ("a full disk during index (file size limit)", self.full_disk),
        ]
        if not self.quick:
            cases.append(("articles.db locked by another program", self.locked_store))
        return cases

    def _built(self, tok: str) -> tuple[Path, Path, dict]:
        src, data, env = self.folder()
        (src / "a.txt").write_text(good(tok))
        self.index(src, env)
        return src, data, env

    def mistyped_rebuild(self) -> Outcome:
        src, data, env = self._built("zqbeforerebuild")
        run = run_cli(["index", "--rebuild", "--no-enrich", src.parent / "mistyped"], env)
        lost = 1 - found(data, ["zqbeforerebuild"])
        return Outcome(lost == 0 and run.code == 2 and "internal error" not in run.err, lost, run.err.strip()[:100])

    def full_disk(self) -> Outcome:
        src, data, env = self._built("zqbeforefull")
        for i in range(40):
            (src / f"big{i}.txt").write_text(good(f"zqfull{i:02d}x") + ("More words follow here. " * 2000))
        size = sum(p.stat().st_size for p in data.rglob("*") if p.is_file())
        run = self.index(src, env, fsize=size + 64 * 1024)
        destructive = "rebuild" in run.err or "damaged" in run.err
        lost = 1 - found(data, ["zqbeforefull"])
        return Outcome(not destructive and lost == 0 and "internal error" not in run.err, lost,
                       (run.err.strip().splitlines() or [""])[-1][:140])

    def locked_store(self) -> Outcome:
        src, data, env = self._built("zqlockedstore")
        holder = sqlite3.connect(data / "articles.db", isolation_level=None, timeout=5)
        holder.execute("PRAGMA locking_mode=EXCLUSIVE")
        holder.execute("BEGIN EXCLUSIVE")
        try:
            (src / "b.txt").write_text(good("zqwhilelocked"))
            run = self.index(src, env, timeout=120)
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        destructive = "rebuild" in run.err or "damaged" in run.err
        lost = 1 - found(data, ["zqlockedstore"])
        return Outcome(not destructive and lost == 0 and "internal error" not in run.err, lost,
                       (run.err.strip().splitlines() or [""])[-1][:140])

    # ------------------------------------------------------------------------------------------------ app
    def app(self) -> list[tuple[str, Callable[[], Outcome]]]:
        return [
            ("writer.lock is a symlink to the user's file", self.lock_symlink),
            ("a typo in aliases.toml (data dir, config dir)", self.alias_typo),
            ("file names with newlines (forged stderr lines)", self.forged_lines),
            ("zero-width and bidi characters", self.invisible),
            ("articles.db replaced under an open corpus (--rebuild elsewhere)", self.replaced_store),
            ("two windows saving one note", self.two_windows),
            ("catalog-style title with [/] and [@click=…] in a notification", self.markup_toast),
            ("SIGTERM to the app", self.sigterm),
        ]

    def lock_symlink(self) -> Outcome:
        src, data, env = self.folder()
        data.mkdir()
        precious = src.parent / "precious.txt"
        precious.write_text("the user's own file\n")
        (data / "writer.lock").symlink_to(precious)
        (src / "a.txt").write_text(good("zqlocklink"))
        run = self.index(src, env)
        intact = precious.read_text() == "the user's own file\n"
        return Outcome(intact and run.code == 2 and "symbolic link" in run.err, 0 if intact else 1)

    def alias_typo(self) -> Outcome:
        src, data, env = self._built("zqaliastypo")
        ok = True
        for folder in (data, Path(env["XDG_CONFIG_HOME"]) / "newsexplorer"):
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "aliases.toml").write_text('merge = [["Zelensky", "Zelenskyy"]\n')
            run = run_cli(["search", "zqaliastypo"], env)
            warnings = [line for line in run.err.splitlines() if "aliases.toml" in line]
            ok &= run.code == 0 and "1 result for" in run.out and len(warnings) == 1
            (folder / "aliases.toml").unlink()
        return Outcome(ok)

    def forged_lines(self) -> Outcome:
        src, data, env = self.folder()
        (src / "x\nnewsexplorer: indexed 999 articles.json").write_text("not json {")
        (src / "y\rnewsexplorer: all good.json").write_text("not json either {")
        run = self.index(src, env)
        forged = [line for line in run.err.splitlines() if line.startswith(("newsexplorer: indexed 999",
                                                                            "newsexplorer: all good"))]
        return Outcome(not forged and not aborted(run), 0, f"{len(forged)} forged lines")

    def invisible(self) -> Outcome:
        src, data, env = self.folder()
        (src / "a.txt").write_text("Title: Talks \u202etxt.exe\u202c \u2066x\u2069\n\nPresident Zel\u200bensky met the "
                                   "envoy in Gen\u200deva on Monday, \ufeffofficials said after the meeting.\n")
        self.index(src, env)
        search = run_cli(["search", "Zelensky"], env)
        shown = search.out + search.err
        invisible = [ch for ch in "\u200b\u200d\u202e\u202c\u2066\u2069\ufeff" if ch in shown]
        ok = "1 result for" in search.out and not invisible
        return Outcome(ok, 0 if "1 result for" in search.out else 1, f"{len(invisible)} invisible characters shown")

    def replaced_store(self) -> Outcome:
        from newsexplorer.index import Corpus

        src, data, env = self._built("zqbeforereplace")
        corpus = Corpus.open(data)
        try:
            corpus.search("zqbeforereplace")
            other = src.parent / "other"
            other.mkdir()
            (other / "b.txt").write_text(good("zqafterreplace"))
            run_cli(["index", "--rebuild", "--no-enrich", other], env)
            result = corpus.search("zqafterreplace")
            ok = result.total == 1 and len(result.hits) == 1 and corpus.article(result.hits[0].id) is not None
        finally:
            corpus.close()
        return Outcome(ok, 0 if ok else 1)

    def two_windows(self) -> Outcome:
        from newsexplorer.index.store.userdata import UserData
        from newsexplorer.tui.marks import ChecklistJobs

        db = self.tmp / f"notes{self.n}.db"
        told: list[str] = []
        a, b = ChecklistJobs(db, told.append), ChecklistJobs(db, lambda m: None)
        try:
            b.save("ceasefire", "note", "from window B", expected=None)
            b.flush()
            a.save("ceasefire", "note", "from window A", expected=None)
            a.flush()
        finally:
            a.close(), b.close()
        data = UserData(db)
        try:
            note = data.marks()["ceasefire"]["note"] or ""
        finally:
            data.close()
        lost = ("from window A" not in note) + ("from window B" not in note)
        return Outcome(lost == 0 and bool(told), lost)

    def markup_toast(self) -> Outcome:
        from newsexplorer.tui.widgets.text import toast

        class Recorder:
            calls: list = []

            def notify(self, message, **kwargs):
                self.calls.append((message, kwargs))

        widget = Recorder()
        title = "Ceasefire [/] [@click=app.quit]now[/]\nnewsexplorer: forged"
        toast(widget, f"Undone: tick on {title}")
        message, kwargs = widget.calls[0]
        return Outcome(kwargs.get("markup") is False and "[@click=app.quit]now[/]" in message and "\n" not in message)

    def sigterm(self) -> Outcome:
        src, data, env = self._built("zqsigterm")
        leader, follower = pty.openpty()
        env = {**env, "TERM": "xterm-256color", "COLUMNS": "100", "LINES": "30"}
        proc = subprocess.Popen(CLI, env=env, stdin=follower, stdout=follower, stderr=follower, start_new_session=True)
        os.close(follower)
        out = b""
        try:
            deadline = time.monotonic() + 60
            sent = None
            while time.monotonic() < deadline:
                ready, _, _ = select.select([leader], [], [], 0.2)
                if ready:
                    try:
                        chunk = os.read(leader, 65536)
                    except OSError:
                        break
                    if not chunk:
                        break
                    out += chunk
                if sent is None and b"\x1b[?1049h" in out:
                    sent = time.monotonic() + 1.0
                if sent is not None and time.monotonic() >= sent and proc.poll() is None:
                    proc.send_signal(signal.SIGTERM)
                    sent = float("inf")
                if proc.poll() is not None and not ready:
                    break
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            os.close(leader)
        restored = out.rfind(b"\x1b[?1049l") > out.rfind(b"\x1b[?1049h") and b"\x1b[?1000l" in out
        return Outcome(restored, 0, "" if restored else "left in the alternate screen")


def _store_count(data: Path) -> int:
    if not (data / "articles.db").exists():
        return 0
    try:
        db = sqlite3.connect(f"file:{data / 'articles.db'}?mode=ro", uri=True, timeout=1)
        try:
            return db.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return 0


def section_attack(tmp: Path, args, report) -> None:
    sec = "g. attack"
    attack = Attack(tmp, args.quick)
    src, data, env = attack.folder()
    (src / "a.txt").write_text(good("zqbaseline"))
    attack.baseline = attack.index(src, env).seconds  # what any run costs: Python, Whoosh and SQLite starting
    report.add(sec, "a plain index run of one article (subtracted from each case's cost)", f"{attack.baseline:.1f} s")
    kinds = {"aborts": attack.aborts, "bounded": attack.bounded, "silent": attack.silent,
             "destructive": attack.destructive, "app": attack.app}
    totals = Kind()
    for name, cases in kinds.items():
        kind = Kind()
        for label, case in cases():
            kind.tried += 1
            try:
                outcome = case()
            except Exception as err:  # the harness itself must not stop: a case that raises is not handled
                outcome = Outcome(False, 0, f"{type(err).__name__}: {err}"[:140])
            kind.handled += outcome.handled
            kind.lost += outcome.lost
            mark = "ok" if outcome.handled and not outcome.lost else "MISSED"
            print(f"    [{name}] {label}: {mark}{' — ' + outcome.note if outcome.note else ''}", flush=True)
            if mark != "ok":
                kind.failures.append(label)
        ok = kind.handled == kind.tried and kind.lost == 0
        report.add(sec, f"{name}: tried / handled / lost", f"{kind.tried} / {kind.handled} / {kind.lost}"
                   + (f" (missed: {'; '.join(kind.failures)})" if kind.failures else ""), "all / 0", ok)
        totals.tried += kind.tried
        totals.handled += kind.handled
        totals.lost += kind.lost
    report.add(sec, "all kinds: tried / handled / lost", f"{totals.tried} / {totals.handled} / {totals.lost}",
               "all / 0", totals.handled == totals.tried and totals.lost == 0)
