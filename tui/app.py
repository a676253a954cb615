"""newsexplorer's terminal app: three views (search, reader, issue checklist) over one index.

The first screen paints at once; opening the index (or, on first run, building the bundled seeds' index with a
progress bar) happens in a thread worker that reports back to the UI thread.
"""
from __future__ import annotations

import gc
import importlib
import os
import threading
import time
from functools import partial
from pathlib import Path
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import ContentSwitcher, Input
from textual.worker import Worker, WorkerState

from ..index.errors import IndexUnavailable, NewsExplorerError
from ..index.datadir import ARTICLES_DB, USER_DB, unfinished_build
from ..index.textsafety import one_line
from .colours import use_sixteen_colours
from .failures import FailureLog, failure_line
from .config import NARROW_WIDTH, WATCH_S, keymap_path, seeds_articles_path
from .lockwatch import writer_holder
from .messages import CorpusReady, IndexChanged, OpenArticle, SearchFor, ShowView, ViewShown
from .screens.help import HelpScreen
from .screens.main import MainScreen
from .screens.note import NoteScreen
from .views.search import SearchView

if TYPE_CHECKING:  # imported after the first paint: the engine in the worker that opens the index, the other
    # views as soon as the first screen is on the terminal
    from ..index import Corpus
    from .data import CorpusData
    from .marks import ChecklistJobs
    from .views.issues import IssuesView
    from .views.reader import ReaderView


@dataclass(frozen=True)
class ViewSpec:
    """One view of the app: a new view is one class and one line in VIEWS.

    `where` names the class ("module:Class" under newsexplorer.tui); it is imported when first needed, so the
    first paint loads and composes the first view only (the others are mounted right after it)."""
    name: str
    key: str
    title: str
    description: str
    where: str

    @property
    def cls(self) -> type:
        module, _, name = self.where.partition(":")
        return getattr(importlib.import_module(module, __package__), name)


VIEWS = [
    ViewSpec("search", "1", "Search", "Search and list articles", ".views.search:SearchView"),
    ViewSpec("reader", "2", "Reader", "The open article", ".views.reader:ReaderView"),
    ViewSpec("issues", "3", "Issues", "Where each issue stands", ".views.issues:IssuesView"),
]
HOME = VIEWS[0].name
HISTORY_CAP = 100
WRITES_WAIT_S = 30.0  # quitting waits this long at most for saves held by a busy database (SQLite's own timeout
# is 5 s per write: a save that cannot land is reported, not waited for forever)
LOCK_CHECK_S = 1.0  # while opening takes longer than this, look whether another index run holds the lock


@dataclass(frozen=True)
class Step:
    """One entry of the way back: a view and what it showed (the query and filters, the article), so `q`
    restores both."""
    view: str
    state: str | None = None
    filters: tuple = ()


class NewsExplorerApp(App):
    CSS_PATH = "app.tcss"
    TITLE = "newsexplorer"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW_WIDTH, "-wide")]
    BINDINGS = [
        *(Binding(v.key, f"view('{v.name}')", v.title, show=False, id=f"app.view.{v.name}") for v in VIEWS),
        Binding("question_mark", "help", "Help", id="app.help"),
        # `/` is run before the key reaches the focused pane, so the focus moves before the next keys are handed
        # out: "/witkoff" typed or pasted fast lands whole in the box (the views' own `/` bindings did not)
        Binding("slash", "slash", "Search", priority=True, id="app.slash"),
        Binding("q", "back", "Back", id="app.back"),
        Binding("Q", "quit", "Quit", show=False, id="app.quit"),
        Binding("ctrl+q", "quit", "Quit (even while typing)", show=False, priority=True, id="app.quit_now"),
    ]

    def __init__(self, data_dir: Path, *, build_seeds: bool = True, corpus=None) -> None:
        """`corpus`: an already open corpus (tests, embedding); otherwise the one in `data_dir` is opened."""
        super().__init__()
        self._given_corpus = corpus
        self.data_dir = Path(data_dir)
        self.build_seeds = build_seeds
        self.corpus: Corpus | None = None
        self.data: CorpusData | None = None
        self.index_error: str | None = None
        self.started = time.perf_counter()
        self.first_paint_s: float | None = None
        if "TEXTUAL_ANIMATIONS" not in os.environ:
            self.animation_level = "none"  # over SSH every animation frame costs bytes
        self.views = {HOME: VIEWS[0].cls()}  # the others: created and mounted once the first screen is painted
        self.history: list[Step] = [Step(HOME, "")]  # the way back for `q`: home first, the view on screen last
        self.checklist: ChecklistJobs | None = None
        self._focus_memory: dict[str, object] = {}  # the widget each view had focused when the user left it
        self.keymap: dict[str, str] = {}
        self.failures = FailureLog(self.data_dir)  # app.log in the data dir: what went wrong, in full
        self.exit_guard = None  # run_app's ExitGuard (tui/exit_guard.py): signals quit; quitting always ends
        use_sixteen_colours(self)  # a 16-colour terminal: each colour shows as the one it names (tui/colours.py)

    @property
    def search_view(self) -> SearchView:
        return self.views["search"]

    @property
    def reader_view(self) -> ReaderView:
        return self.views["reader"]

    @property
    def issues_view(self) -> IssuesView:
        return self.views["issues"]

    # --- the key map and help ------------------------------------------------------------------
    @classmethod
    def contexts(cls) -> list[tuple[str, type]]:
        """Every class that declares key bindings, under the name the help shows (imports them all: only for
        `?` and a keymap.toml, never for the first paint)."""
        from .screens.ask import AskScreen
        from .views.issues import IssuesView
        from .views.reader import ReaderView
        from .widgets.article_view import ArticleView
        from .widgets.entity_list import EntityList
        from .widgets.facets import FacetList
        from .widgets.issue_list import IssueList
        from .widgets.query import QueryInput
        from .widgets.results import ResultList
        from .widgets.timeline import Timeline

        return [
            ("Everywhere", cls), ("Search view", SearchView), ("Query box", QueryInput),
            ("Result list", ResultList), ("Facets", FacetList), ("Reader", ReaderView), ("Article text", ArticleView),
            ("Entity list", EntityList), ("Issue checklist", IssuesView), ("Checklist rows", IssueList),
            ("Issue timeline", Timeline),
            ("Note editor", NoteScreen), ("Help", HelpScreen), ("Question", AskScreen),
        ]

    def get_driver_class(self):
        """Textual's own driver, but on a plain terminal one that a hung-up terminal cannot block
        (tui/terminal_driver.py); a driver chosen by the environment (`newsexplorer serve`) is left as it is."""
        cls = super().get_driver_class()
        if cls.__module__ == "textual.drivers.linux_driver" and cls.__name__ == "LinuxDriver":
            from .terminal_driver import HangupSafeDriver

            return HangupSafeDriver
        return cls

    def get_default_screen(self) -> Screen:
        # the classes the first frame needs, given now: each one added later restyles every widget again
        width = self.size.width
        breakpoint = [name for at, name in self.HORIZONTAL_BREAKPOINTS if width >= at][-1:]
        self.main_screen = MainScreen(self.views, " ".join([MainScreen.colour_class(self), *breakpoint]).strip())
        return self.main_screen

    def on_mount(self) -> None:
        from .keymap import known_ids, load_keymap

        path = keymap_path()
        try:  # the key ids (every view's bindings) are only needed, and loaded, when there is a keymap
            present = path.is_file()
        except OSError:  # a config dir this user may not enter (another user's HOME): no keymap
            present = False
        keymap, warnings = load_keymap(path, known_ids(self.contexts())) if present else ({}, [])
        self.keymap = keymap
        if keymap:
            self.set_keymap(keymap)
        for warning in warnings:
            self.notify(warning, severity="warning", markup=False, timeout=8)
        self.call_after_refresh(self._painted)

    async def _painted(self) -> None:
        """The first screen is on the terminal: now open (or build) the index, in a thread, and mount the other
        views meanwhile (keys wait until they are there)."""
        self.first_paint_s = time.perf_counter() - self.started
        for spec in VIEWS[1:]:
            self.views.setdefault(spec.name, spec.cls())
        self.open_index()
        self._lock_timer = self.set_interval(LOCK_CHECK_S, self._check_writer)
        switcher = self.main_screen.query_one("#views", ContentSwitcher)
        for view in self.views.values():
            if view.parent is None:
                await switcher.add_content(view)  # hidden until shown

    def _check_writer(self) -> None:
        """While the index is opening: if another `index` run holds the writer lock, say so (it is why we wait)."""
        if self.corpus is not None or self.index_error is not None:
            self._lock_timer.stop()
            return
        holder = writer_holder(self.data_dir)
        if holder is not None:
            self.search_view.show_notice(f"Another newsexplorer index run (pid {holder}) is writing to this index: "
                                         f"waiting for it to finish…", status="waiting for another index run")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker of the app that failed in a way nobody caught (the views' workers: ReportsWorkerFailures)."""
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            self.report_failure(event.worker.error, event.worker.name or "background task")

    def report_failure(self, err: BaseException, where: str) -> None:
        """From any thread: one line in the app (never a traceback), the traceback appended to app.log in the
        data dir. Every failure nobody else handles ends here (tui/failures.py)."""
        logged = self.failures.write(where, err)
        line = failure_line(where, err) + (f" (details in {self.failures.path})" if logged else " (not logged)")
        show = partial(self.notify, line, severity="error", markup=False, timeout=8)
        if threading.get_ident() == self._thread_id:
            show()
        elif self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(show)  # never blocks the failing thread on the UI

    # --- opening the index ---------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="open", exit_on_error=False, name="opening the index")
    def open_index(self) -> None:
        if self._given_corpus is not None:
            self.call_from_thread(self._corpus_ready, self._given_corpus, self._begin_visit(self._given_corpus))
            return
        from ..index import Corpus

        def restoring(message: str) -> None:  # a damaged search index is rebuilt from the article store
            self.call_from_thread(self.search_view.show_notice, f"{message}…")

        try:
            if self.build_seeds and unfinished_build(self.data_dir) == [str(seeds_articles_path().resolve())]:
                corpus = self._build_seeds(resumed=True)  # quit during the first build: finish it now
                if corpus is None:
                    return
            else:
                corpus = Corpus.open(self.data_dir, on_restore=restoring)
        except IndexUnavailable as err:
            if (self.data_dir / ARTICLES_DB).exists() or not self.build_seeds:
                self.call_from_thread(self._index_failed, str(err), not getattr(err, "not_damage", False))
                return
            corpus = self._build_seeds()
            if corpus is None:
                return
        except NewsExplorerError as err:
            self.call_from_thread(self._index_failed, str(err), True)
            return
        except Exception as err:
            self.failures.write("opening the index", err)
            self.call_from_thread(self._index_failed, f"cannot open the index: {type(err).__name__}: {err}", True)
            return
        self.call_from_thread(self._corpus_ready, corpus, self._begin_visit(corpus))
        if getattr(corpus, "restored", None):
            self.call_from_thread(self.notify, f"{corpus.restored}: done.", severity="warning", timeout=8, markup=False)
        for warning in getattr(corpus, "warnings", None) or []:  # e.g. a typo in aliases.toml: the rest works
            self.call_from_thread(self.notify, one_line(warning), severity="warning", timeout=10, markup=False)

    def _begin_visit(self, corpus) -> set[str]:
        """Once per session, as the index opens: what arrived since the previous visit is `is:new` (and marked)."""
        try:
            corpus.begin_visit()
            return set(corpus.new_ids())
        except Exception as err:  # the user's db is unreadable: the app still works, nothing is marked new
            self.call_from_thread(self.notify, one_line(f"what's new is unavailable: {err}"), severity="warning",
                                  timeout=6, markup=False)
            return set()

    def _build_seeds(self, resumed: bool = False) -> Corpus | None:
        """The bundled seeds' index, built with a progress bar; marked unfinished until it is complete, so a start
        quit (or killed) during it is finished by the next start (`resumed`: that next start, which says so)."""
        seeds = seeds_articles_path()
        if not seeds.is_dir():
            self.call_from_thread(self._index_failed, f"No index in {self.data_dir} yet, and no bundled articles "
                                  f"were found. Add articles with:  newsexplorer index PATH", False)
            return None
        from .progress import RunCounts

        counts, last = RunCounts(), [0.0]

        def progress(stage: str, done: int, total: int) -> None:
            counts.update(stage, done, total)
            now = time.monotonic()
            if now - last[0] >= 0.05 or stage == "commit":
                last[0] = now
                self.call_from_thread(show_progress, counts.describe(), counts.completed(), counts.files_total)

        def waiting(holder) -> None:
            self.call_from_thread(self.search_view.show_notice,
                                  f"Waiting for another newsexplorer index run (pid {holder or '?'}) to finish…")

        show_progress = self.search_view.show_progress
        if resumed:
            show_progress = partial(show_progress, heading="First run, continued: finishing the index of the "
                                                           "bundled articles (the last start was quit while building it)")
        self.call_from_thread(show_progress, "starting…", 0, 0)
        from ..index import Corpus

        try:
            corpus, _report = Corpus.build(self.data_dir, [seeds], enrich=self._enricher(), progress=progress,
                                           on_wait=waiting)
        except Exception as err:
            if not self.is_running:  # the user quit: the build stopped at its next progress report (nothing
                return None  # committed is lost; the next start goes on from there)
            self.failures.write("building the first index", err)
            self.call_from_thread(self._index_failed, f"building the first index failed: {err}", True)
            return None
        return corpus

    def _enricher(self):
        """Entities and issues for the first-run index, when the engine has them (as `newsexplorer index` does)."""
        try:
            from ..index.enrich import make_enricher
        except ImportError:
            return None
        try:
            return make_enricher(None)
        except Exception as err:  # the index is still built, without entities and issues: say why
            self.report_failure(err, "entities and issues are off for the first index")
            return None

    def _index_failed(self, message: str, rebuild_hint: bool) -> None:
        self.index_error = message
        hint = ""
        if rebuild_hint:
            hint = (f"\n\nRebuild it (your ticks and notes are kept) with:\n"
                    f"  newsexplorer index --rebuild --index-dir {self.data_dir} [PATH...]")
        self.search_view.show_notice(message + hint + "\n\nPress Q to quit.", error=True)

    def _corpus_ready(self, corpus: Corpus, new_ids: set[str] | None = None) -> None:
        # What is alive now (modules, the index readers, the widgets) lives as long as the app: keep it out of
        # the collector's full passes, which otherwise stall a keystroke or an article opening now and then.
        gc.freeze()
        from .data import CorpusData
        from .marks import ChecklistJobs

        self.corpus = corpus
        self.data = CorpusData(corpus)
        self.checklist = ChecklistJobs(Path(corpus.data_dir) / USER_DB, self._job_failed,
                                       on_exception=self.report_failure)
        self.data.checklist = self.checklist
        self.data.new_ids = new_ids or set()
        for view in self.views.values():
            view.post_message(CorpusReady(self.data))
        self._seen = (self._version(), corpus.count())
        self.set_interval(WATCH_S, self.watch_index)

    # --- an `index` run in another process -------------------------------------------------------
    def _version(self) -> int | None:
        try:
            return self.corpus.version()
        except Exception:  # mid-commit or damaged: look again next time
            return None

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False,
          name="looking for index changes")
    def watch_index(self) -> None:
        """Notice commits made by `newsexplorer index` while the app runs, and show the new articles."""
        version = self._version()
        if version is None or version == self._seen[0]:
            return
        count = self.corpus.count()
        before, self._seen = self._seen[1], (version, count)
        try:
            new_ids = set(self.corpus.new_ids())  # what an index run just added is new for this session too
        except Exception as err:
            self.report_failure(err, "marking what is new")
            new_ids = None
        self.call_from_thread(self._index_changed, before, count, new_ids)

    def _index_changed(self, before: int, count: int, new_ids: set[str] | None = None) -> None:
        if new_ids is not None and self.data is not None:
            self.data.new_ids = new_ids
        added = count - before
        change = f"{added:+,} article{'s' if abs(added) != 1 else ''}" if added else "articles updated"
        self.notify(f"The index changed ({change}, {count:,} in all): refreshed.", timeout=4)
        for view in self.views.values():
            view.post_message(IndexChanged(before, count))

    def post_to_ui(self, fn, *args, **kwargs) -> None:
        """From any thread: run `fn` on the UI thread soon, without waiting for it (a thread that waited on a UI
        busy quitting held the user's saves queued behind it); dropped once the app has closed."""
        try:
            self.call_later(fn, *args, **kwargs)
        except RuntimeError:  # the event loop has closed: there is no screen to update
            pass

    def _job_failed(self, message: str) -> None:
        """From the checklist thread: a save that failed (the queue goes on)."""
        self.post_to_ui(self.notify, message, severity="error", markup=False, timeout=6)

    async def writes_done(self, timeout: float | None = WRITES_WAIT_S) -> bool:
        """Wait until every save queued so far (ticks, notes, tags, saved searches) is in newsexplorer.db, the
        event loop running meanwhile (tests, the bench, quitting); False if `timeout` passed first."""
        return await self.checklist.drained(timeout) if self.checklist is not None else True

    def flush_writes(self, timeout: float = WRITES_WAIT_S) -> bool:
        """The same from another thread, blocking it. On the UI thread it would hold the loop the saves' callbacks
        need: refused there (await `writes_done()`)."""
        if threading.get_ident() == self._thread_id:
            raise RuntimeError("flush_writes() would block the UI thread: await app.writes_done() instead")
        return self.checklist.flush(timeout) if self.checklist is not None else True

    def action_quit(self) -> None:
        """Q / ctrl+q, and `q` on the first screen. Saves still waiting (a busy database) are finished first, the
        app saying so and answering keys meanwhile (a worker waits, not the UI)."""
        jobs = self.checklist
        if jobs is None or not jobs.pending:
            self.exit()
            return
        self.notify(f"Saving your changes to {USER_DB}…", timeout=WRITES_WAIT_S, markup=False)

        async def quit_when_saved() -> None:
            await jobs.drained(WRITES_WAIT_S)
            self.exit()
        self.run_worker(quit_when_saved(), name="saving before quitting", group="quit", exclusive=True,
                        exit_on_error=False)

    def exit(self, *args, **kwargs) -> None:
        """Every way out (q, Q, a signal) comes here: the exit guard's watchdog starts, knowing which workers run."""
        if self.exit_guard is not None:
            self.exit_guard.arm([w.name for w in self.workers if not w.is_finished and w.name])
        super().exit(*args, **kwargs)

    async def on_unmount(self) -> None:
        if self.exit_guard is not None:
            self.exit_guard.arm()  # from here the process ends within a few seconds, whatever a worker does
        if self.checklist is not None:
            # every key pressed is saved before the app lets go; the loop keeps running while it is
            self.checklist.close(timeout=None)
            await self.checklist.drained(WRITES_WAIT_S)
        if self.corpus is not None:
            try:
                self.corpus.close()
            except Exception:
                pass
        self.failures.close()

    # --- views: the way back -------------------------------------------------------------------
    @property
    def view(self) -> str:
        """The view on screen."""
        return self.history[-1].view

    def action_view(self, name: str) -> None:
        self.show_view(name)

    def _state_of(self, name: str) -> str | None:
        """What a view shows now, to restore when the user comes back to this step."""
        if name == "search":
            return self.search_view.query_text
        if name == "reader":
            return self.reader_view.article_id
        return None

    def _step(self, name: str) -> Step:
        filters = tuple(sorted(self.search_view.filters.items())) if name == "search" else ()
        return Step(name, self._state_of(name), filters)

    def show_view(self, name: str, *, focus=None) -> None:
        """One step forward to a view (closing any help or note on top); `q` comes back here."""
        if name != self.view:
            self.history[-1] = self._step(self.view)
            self.history = (self.history + [self._step(name)])[-HISTORY_CAP:]
        self._switch(name, focus)

    def _switch(self, name: str, focus=None) -> None:
        """Put `name` on screen and focus `focus` or the widget the user left focused there."""
        while isinstance(self.screen, (HelpScreen, NoteScreen)):
            self.pop_screen()
        view = self.views[name]
        switcher = self.main_screen.query_one("#views", ContentSwitcher)
        if switcher.current != name:
            if switcher.current:
                self._focus_memory[switcher.current] = self.main_screen.focused
            switcher.current = name
            view.post_message(ViewShown())  # the view refreshes what may have changed while hidden
        remembered = self._focus_memory.get(name)
        if focus is None and remembered is not None and remembered.is_attached and view in remembered.ancestors:
            focus = remembered
        if focus is None or not focus.display:
            focus = view.default_focus()
        if focus is not None:
            focus.focus()
        else:
            self.main_screen.set_focus(None)
        self.main_screen.refresh_bindings()

    def action_back(self) -> None:
        """q: back exactly one step (restoring that step's query or article); quit at the first one."""
        if len(self.history) <= 1:
            self.action_quit()
            return
        self.history.pop()
        step = self.history[-1]
        search = self.search_view
        if step.view == "search" and step.state is not None and (
                step.state != search.query_text or step.filters != tuple(sorted(search.filters.items()))):
            search.search_for(step.state, dict(step.filters))
        elif step.view == "reader" and step.state and step.state != self.reader_view.article_id:
            self.reader_view.load(step.state, query=self.reader_view.query_text)
        self._switch(step.view)

    def check_action(self, action: str, parameters) -> bool | None:
        if action == "slash":  # in a box `/` is a character; over a modal, or in the checklist, it is not ours
            return (not isinstance(self.focused, Input) and self.screen is getattr(self, "main_screen", None)
                    and self.view in ("search", "reader"))
        return True

    def action_slash(self) -> None:
        view = self.views[self.view]
        if self.view == "search":
            view.action_focus_query()
        elif self.view == "reader":
            view.action_find()

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        from .keymap import key_rows

        self.push_screen(HelpScreen(key_rows(self.contexts(), self.keymap), str(keymap_path())))

    # --- what the views ask for (messages up) -----------------------------------------------------
    def on_show_view(self, message: ShowView) -> None:
        self.show_view(message.name, focus=message.focus)

    def on_open_article(self, message: OpenArticle) -> None:
        if self.data is None:
            return
        self.reader_view.load(message.article_id, query=message.query, ids=message.ids,
                              focus_text=message.focus_text, issue=message.issue, reveal=True)

    def on_search_for(self, message: SearchFor) -> None:
        self.show_view("search")
        self.search_view.search_for(message.query, message.filters)
        self.history[-1] = self._step("search")

    def open_article(self, article_id: str, **kwargs) -> None:
        """Embedding, tests and the bench: the same as a view posting OpenArticle."""
        self.on_open_article(OpenArticle(article_id, **kwargs))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for spec in VIEWS:
            yield SystemCommand(f"{spec.title} view", f"{spec.description} ({spec.key})",
                                lambda name=spec.name: self.show_view(name))
        yield SystemCommand("Keys", "Every key binding (?)", self.action_help)
        yield SystemCommand("Toggle sort", "Relevance or date (s in the search view)",
                            self.search_view.action_toggle_sort)
        yield SystemCommand("Clear filters", "Drop every facet filter", self.search_view.action_clear_filters)
        yield from super().get_system_commands(screen)


def run_app(data_dir: Path) -> int:
    """Run the app on the index in `data_dir` (built from the bundled seeds when there is none)."""
    from .exit_guard import ExitGuard

    app = NewsExplorerApp(Path(data_dir))
    with ExitGuard(app):  # SIGHUP/SIGTERM quit as `q` does; whatever a worker does, the process ends soon after
        app.run()
    return app.return_code or 0
