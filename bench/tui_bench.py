"""The TUI's figures: cold start, keystroke → results, opening a big article, memory. Prints; asserts nothing.

    python bench/tui_bench.py --index /tmp/big          # BBC + Reuters C50 index (7k articles)

Cold start drives the real `newsexplorer` binary in tmux (80×24) and polls the pane for the first painted
screen; the rest runs the app headless (App.run_test) in this process.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")

QUERIES = ["trade talks", "oil prices", "government", "film festival", "market share", "chelsea", "election",
           "bank", "music award", "mobile phone"]


async def timed_frame(app, action) -> float:
    """ms from running `action` on the UI thread to the end of the frame that shows it."""
    done = asyncio.get_running_loop().create_future()
    t = time.perf_counter()
    action()
    app.screen.call_after_refresh(lambda: done.done() or done.set_result(time.perf_counter()))
    return (await done - t) * 1000


async def ready(app, pilot) -> None:
    """The index is open in the app (its opening worker starts after the first paint, so waiting for the
    workers alone can return before it has begun)."""
    while getattr(app, "data", None) is None:
        await pilot.pause(0.01)
    await app.workers.wait_for_complete()


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def cold_start(index: Path, runs: int = 3) -> list[float]:
    exe = shutil.which("newsexplorer") or str(Path(sys.executable).with_name("newsexplorer"))
    if not shutil.which("tmux"):
        print("cold start: tmux not found, skipped")
        return []
    compiled = ensure_bytecode()
    if compiled:
        print(f"cold start: compiled the app's bytecode first ({compiled} modules): PYTHONDONTWRITEBYTECODE is set "
              f"here, and without it each start compiled them from source (an installed package has its bytecode)")
    out = []
    # a tmux server of our own (other tmux users on the machine are left alone), kept up by one idle session so
    # that each run times the app, not a server starting
    sock = f"nxbench{os.getpid()}"
    tmux = ["tmux", "-L", sock]
    subprocess.run([*tmux, "new-session", "-d", "-s", "keep", "-x", "80", "-y", "24", "sleep 3600"], check=True)
    try:
        for i in range(runs):
            out.append(_cold_start_once(tmux, index, exe, i))
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True)
    return out


def ensure_bytecode() -> int:
    """Compile newsexplorer's modules to bytecode as `pip install` does, when this environment keeps Python from
    writing it (PYTHONDONTWRITEBYTECODE): each start would otherwise compile ~50 modules from source, ~0.1 CPU s
    before the first paint and ~0.3 s before the article list, which no installed copy pays. Returns how many."""
    if not os.environ.get("PYTHONDONTWRITEBYTECODE"):
        return 0  # Python writes it on the first start, as it does for the user
    import compileall
    import importlib.util

    import newsexplorer

    folders = {Path(p) for p in newsexplorer.__path__}
    for name in ("index", "tui", "seeds"):
        spec = importlib.util.find_spec(f"newsexplorer.{name}")
        folders.update(Path(p) for p in (spec.submodule_search_locations or []) if spec)
    files = [f for folder in folders for f in folder.rglob("*.py") if ".venv" not in f.parts]
    for f in files:
        compileall.compile_file(f, quiet=2, force=False)
    return len(files)


def _cold_start_once(tmux: list[str], index: Path, exe: str, i: int) -> float:
    """One launch of the real binary: seconds to the first painted screen (nan if it never came)."""
    name = f"run{i}"
    cmd = f"env TERM=xterm-256color NEWSEXPLORER_HOME={index} {exe}"
    start = time.perf_counter()
    subprocess.run([*tmux, "new-session", "-d", "-s", name, "-x", "80", "-y", "24", cmd], check=True)
    pid = subprocess.run([*tmux, "list-panes", "-t", name, "-F", "#{pane_pid}"], capture_output=True,
                         text=True).stdout.strip()  # `env` execs the app: the pane's process is the app's
    painted = cpu = None
    while time.perf_counter() - start < 30:
        pane = subprocess.run([*tmux, "capture-pane", "-p", "-t", name], capture_output=True, text=True).stdout
        if "words, \"phrase\"" in pane:  # the query box's placeholder: the first screen is on the terminal
            painted = time.perf_counter() - start
            cpu = _cpu_s(pid)
            break
        time.sleep(0.01)
    listed = None
    while painted is not None and time.perf_counter() - start < 30:
        pane = subprocess.run([*tmux, "capture-pane", "-p", "-t", name], capture_output=True, text=True).stdout
        if "articles · newest first" in pane:
            listed = time.perf_counter() - start
            break
        time.sleep(0.01)
    subprocess.run([*tmux, "kill-session", "-t", name], capture_output=True)
    _reap(pid)
    print(f"cold start run {i + 1}: first paint {painted or float('nan'):.3f} s (the app's CPU by then: "
          f"{cpu if cpu is not None else float('nan'):.3f} s, a little after: polling), "
          f"article list shown {listed or float('nan'):.3f} s")
    return painted or float("nan")


def _reap(pid: str, wait_s: float = 10.0) -> None:
    """The app exits when its terminal goes (SIGHUP). Before session seven some starts stayed (Textual's writer
    queue blocked the event loop once its thread had died on the hung-up terminal: tui/terminal_driver.py) and
    piled up on the machine; the guard stays: wait for it, then end it (this run's own app, by its pid) and say so."""
    import signal

    deadline = time.monotonic() + wait_s
    while pid and Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    if pid and Path(f"/proc/{pid}").exists():
        try:
            os.kill(int(pid), signal.SIGKILL)
        except (OSError, ValueError):
            return
        print(f"cold start: the app (pid {pid}) had not exited {wait_s:.0f} s after its terminal closed: killed")


def _cpu_s(pid: str) -> float | None:
    """CPU seconds (user + system) the process has used so far: what the load does not change."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def typing(index: Path) -> list[float]:
    """Prints the keystroke figures; returns ms from each key (typed after a pause) to results on screen."""
    from newsexplorer.tui.app import NewsExplorerApp

    app = NewsExplorerApp(index, build_seeds=False)
    async with app.run_test(size=(80, 24)) as pilot:
        search = app.search_view

        async def results_on_screen():
            while True:
                await pilot.pause()
                if not search.pending:
                    await pilot.pause()  # one more turn: the refresh that paints the new rows
                    return
                await asyncio.sleep(0.002)

        await ready(app, pilot)
        await results_on_screen()
        await pilot.press("slash")  # into the query box (the app starts on the result list)
        # warm the searcher the way a user's first query does
        await pilot.press(*"warm")
        await results_on_screen()
        await pilot.press(*["backspace"] * 4)
        await results_on_screen()

        paused, burst, engine = [], [], []
        for query in QUERIES:
            for ch in query:  # a key after a pause: searched at once
                await asyncio.sleep(0.2)
                search.last_paint_ms = None
                await pilot.press("space" if ch == " " else ch)
                await results_on_screen()
                while search.last_paint_ms is None:
                    await pilot.pause()
                paused.append(search.last_paint_ms)
                if search._outcome is not None:
                    engine.append(search._outcome.took_ms)
            await pilot.press(*["backspace"] * len(query))
            await results_on_screen()
        for query in QUERIES:  # typed fast: coalesced, searched once DEBOUNCE after the last key
            await asyncio.sleep(0.2)
            search.last_paint_ms = None
            await pilot.press(*["space" if ch == " " else ch for ch in query])
            await results_on_screen()
            while search.last_paint_ms is None:
                await pilot.pause()
            burst.append(search.last_paint_ms)
            await pilot.press(*["backspace"] * len(query))
            await results_on_screen()
        print(f"keystroke → results on screen, key after a pause ({len(paused)} keys on {app.corpus.count():,} "
              f"articles): median {statistics.median(paused):.0f} ms, p95 {pct(paused, 95):.0f} ms, "
              f"max {max(paused):.0f} ms (engine search alone: median {statistics.median(engine):.0f} ms, "
              f"p95 {pct(engine, 95):.0f} ms)")
        print(f"last key of a fast burst → results on screen (includes the {1000 * 0.15:.0f} ms debounce): "
              f"median {statistics.median(burst):.0f} ms, p95 {pct(burst, 95):.0f} ms")
        # moving through results: constant cost
        await pilot.press(*"government")
        await results_on_screen()
        results = search.query_one("#results")
        moves = [await timed_frame(app, results.action_cursor_down) for _ in range(90)]
        print(f"result cursor j: median {statistics.median(moves):.1f} ms, p95 {pct(moves, 95):.1f} ms")
        return paused


def big_article(words: int = 10_000, spans: int = 1_000):
    rng = random.Random(7)
    vocab = ["the", "talks", "in", "Geneva", "ceasefire", "Ukraine", "said", "officials", "security", "on",
             "Monday", "and", "negotiators", "territory", "agreement", "would", "a", "plan", "of", "with"]
    paragraphs, out = [], []
    for i in range(words):
        out.append(rng.choice(vocab))
        if i % 120 == 119:
            paragraphs.append(" ".join(out) + ".")
            out = []
    paragraphs.append(" ".join(out) + ".")
    text = "\n\n".join(paragraphs)
    positions = [i for i in range(len(text)) if (i == 0 or text[i - 1] == " ") and text[i].isalpha()]
    labels = ["PERSON", "ORG", "GPE", "NORP"]
    chosen = sorted(rng.sample(positions, spans))
    entities = []
    for start in chosen:
        end = text.find(" ", start)
        end = len(text) if end < 0 else end
        entities.append({"start": start, "end": end, "text": text[start:end], "label": rng.choice(labels),
                         "canonical": text[start:end]})
    return SimpleNamespace(id="big", path="big.txt", title="A 10,000-word article [bold]with[/bold] 1,000 entities",
                           source="Bench", byline="By a Bench", date="2026-01-01", url="https://example.org/big",
                           text=text, entities=entities, issues=[])


async def open_big_article(index: Path) -> None:
    from newsexplorer.index import Corpus
    from newsexplorer.tui.app import NewsExplorerApp
    from newsexplorer.tui.widgets.article_view import ArticleView

    real = Corpus.open(index)
    article = big_article()

    class BigCorpus:
        def __getattr__(self, name):
            return getattr(real, name)

        def article(self, article_id):
            return article if article_id == "big" else real.article(article_id)

    app = NewsExplorerApp(index, corpus=BigCorpus())
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(app, pilot)
        await pilot.pause()
        paint = []
        for query in ("ceasefire", "", "security talks", "ceasefire"):
            app.reader_view.last_open_ms = None
            app.open_article("big", query=query)
            while app.reader_view.last_open_ms is None:
                await pilot.pause()
            paint.append(app.reader_view.last_open_ms)
            await pilot.press("q")
            await pilot.pause()
        in_reader = []  # J/K: the reader is already on screen, only the article changes
        for query in ("ceasefire", "", "security talks", "ceasefire", "talks"):
            app.reader_view.last_open_ms = None
            app.reader_view.load("big", query=query)
            if app.view != "reader":
                app.show_view("reader")
                while app.reader_view.last_open_ms is None:
                    await pilot.pause()
                continue
            while app.reader_view.last_open_ms is None:
                await pilot.pause()
            in_reader.append(app.reader_view.last_open_ms)
        view = app.reader_view.query_one(ArticleView)
        spans = len(view.entities) + len(view.matches)
        n_times = [await timed_frame(app, view.next_match) for _ in range(60)]
        e_times = [await timed_frame(app, view.next_entity) for _ in range(60)]
        page_times = [await timed_frame(app, view.action_page_down) for _ in range(60)]
        print(f"open a 10,000-word article with {len(article.entities):,} entities (+ search matches, "
              f"{spans:,} spans in all), open → painted: "
              f"{', '.join(f'{x:.0f}' for x in paint)} ms; "
              f"with the reader already on screen (J/K): {', '.join(f'{x:.0f}' for x in in_reader)} ms")
        print(f"in it: n (next match) median {statistics.median(n_times):.1f} ms p95 {pct(n_times, 95):.1f} ms; "
              f"] (next entity) median {statistics.median(e_times):.1f} ms p95 {pct(e_times, 95):.1f} ms; "
              f"page down median {statistics.median(page_times):.1f} ms p95 {pct(page_times, 95):.1f} ms")


async def checklist_keys(index: Path, presses: int = 100, seconds: float = 2.0) -> None:
    """`presses` checklist keys (o, space, j, u mixed) in `seconds`: every one saved, in the order pressed?"""
    from newsexplorer.index.store.userdata import UserData
    from newsexplorer.tui.app import NewsExplorerApp
    from newsexplorer.tui.widgets.issue_list import CYCLE, IssueList

    def clear_marks() -> None:  # the bench's index is the bench's own: start and end with no marks
        with UserData(index) as data:
            data._db.execute("DELETE FROM issue_marks")

    clear_marks()
    rng = random.Random(11)
    keys = [rng.choice(["o", "o", "space", "j"]) for _ in range(presses)]
    app = NewsExplorerApp(index, build_seeds=False)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await ready(app, pilot)
            await pilot.press("3")
            for _ in range(50):
                await pilot.pause()
                if app.screen.query_one(IssueList).issues:
                    break
            issues = app.screen.query_one(IssueList)
            # what the keys should save, worked out from the keys alone
            state = {str(i["id"]): {"checked": bool(i.get("checked")), "override": i.get("override")}
                     for i in issues.issues}
            order = [str(i["id"]) for i in issues.issues]
            row, expected = 0, []
            for key in keys:
                iid = order[row]
                if key == "o":
                    cur = state[iid]["override"]
                    state[iid]["override"] = CYCLE[(CYCLE.index(cur) + 1) % len(CYCLE)]
                    expected.append((iid, "override", state[iid]["override"]))
                elif key == "space":
                    state[iid]["checked"] = not state[iid]["checked"]
                    expected.append((iid, "checked", state[iid]["checked"]))
                else:
                    row = min(row + 1, len(order) - 1)
            from textual import events

            start = time.perf_counter()
            for i, key in enumerate(keys):  # as the terminal driver delivers them: no waiting for the app
                app.post_message(events.Key(key, " " if key == "space" else key))
                delay = start + (i + 1) * seconds / presses - time.perf_counter()
                await asyncio.sleep(max(0.0, delay))
            pressed_in = time.perf_counter() - start
            for _ in range(200):  # until the app has handled every key
                await pilot.pause()
                if len(app.checklist.saved) >= len(expected) or not app.is_running:
                    break
            await app.writes_done()
            saved_in = time.perf_counter() - start
            saved = list(app.checklist.saved)
            with UserData(index) as data:
                marks = data.marks()
            final_ok = all(marks.get(i, {}).get("checked", False) == s["checked"] and
                           marks.get(i, {}).get("override") == s["override"] for i, s in state.items())
            errors = [n.message for n in app._notifications if n.severity == "error"]
        if saved != expected:
            first = next((i for i, (a, b) in enumerate(zip(saved, expected)) if a != b), min(len(saved), len(expected)))
            print(f"  first difference at save {first}: saved {saved[first:first + 2]} expected {expected[first:first + 2]}"
                  f" ({len(saved)} saved, {len(expected)} expected)")
        print(f"checklist: {presses} keys ({len(expected)} saves) pressed in {pressed_in:.2f} s, all saved "
              f"{saved_in:.2f} s after the first: saved in order {saved == expected}, final newsexplorer.db as the "
              f"keys say {final_ok}, errors {len(errors)}")
    finally:
        clear_marks()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index", type=Path, default=Path("/tmp/big"))
    parser.add_argument("--no-cold", action="store_true")
    parser.add_argument("--checklist-only", action="store_true")
    args = parser.parse_args()
    if not args.no_cold and not args.checklist_only:
        cold_start(args.index)
    def rss(after: str) -> None:
        print(f"  peak RSS after {after}: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")

    if not args.checklist_only:
        asyncio.run(typing(args.index))
        rss("typing")
        asyncio.run(open_big_article(args.index))
        rss("the big article")
    asyncio.run(checklist_keys(args.index))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (RSS) of this process after all of the above: {rss:.0f} MB")


if __name__ == "__main__":
    main()
