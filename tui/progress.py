"""One progress bar for a whole `newsexplorer index` run: files read, articles enriched, files committed, with
counts and time left; then, when the catalog changed, issues found again in every article (also `catalog apply`).

The indexer reports whole-run counts per stage (read n/N files, enrich k of the m articles read, commit c/N
files). The bar's unit is files: committed files, plus the enriched share of the batch in hand (enrichment is
where the time goes), so it moves while a batch is enriched and the time left follows the real pace.
"""
from __future__ import annotations

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn


class RunCounts:
    """The whole run's counts, from the indexer's progress callback (the app's first-run bar uses these too)."""

    def __init__(self) -> None:
        self.files_total = self.files_read = self.committed = 0
        self.read_articles = self.enriched = 0
        self._batch_start = 0  # articles enriched when the batch in hand began
        self.issues_done = self.issues_total = 0  # re-detecting issues with another catalog (enrich/apply.py)
        self.stage = "reading"

    def update(self, stage: str, done: int, total: int) -> None:
        """The indexer's progress callback."""
        if stage == "read":
            self.files_read, self.files_total = done, total
        elif stage == "enrich":
            self.enriched, self.read_articles = done, total
        elif stage == "commit":
            self.committed, self.files_total = done, total
            self._batch_start = self.enriched
        elif stage == "issues":
            self.issues_done, self.issues_total = done, total
        self.stage = stage

    def total(self) -> int | None:
        """The bar's length: files, or articles while issues are found again."""
        if self.stage == "issues":
            return self.issues_total or None
        return self.files_total or None

    def completed(self) -> float:
        if self.stage == "issues":
            return self.issues_done
        in_hand = max(0, self.files_read - self.committed)
        batch = max(0, self.read_articles - self._batch_start)
        share = (self.enriched - self._batch_start) / batch if batch else 0.0
        return self.committed + in_hand * min(1.0, share) * 0.95

    def describe(self) -> str:
        if self.stage in ("optimising", "restoring", "starting"):
            return f"{self.stage}…"
        if self.stage == "issues":
            return issues_line(self.issues_done, self.issues_total)
        parts = [f"read {self.files_read:,}/{self.files_total:,} files"]
        if self.read_articles:
            parts.append(f"enriched {self.enriched:,}/{self.read_articles:,}")
        parts.append(f"committed {self.committed:,}")
        if self.stage == "enrich" and self.enriched == self._batch_start:
            parts[-2] += " (loading the language model)" if not self.enriched else ""
        return " · ".join(parts)


def issues_line(done: int, total: int) -> str:
    """What re-detecting issues with another catalog says while it runs (`index`, `catalog apply`, the app)."""
    return f"finding issues again: {done:,}/{total:,} articles"


class RunBar(RunCounts):
    """The terminal bar of `newsexplorer index` (rich.progress, on stderr, gone when the run ends)."""

    def __init__(self, console: Console, *, enabled: bool = True) -> None:
        super().__init__()
        self.progress = Progress(TextColumn("{task.description}"), BarColumn(bar_width=24),
                                 TextColumn("{task.percentage:>3.0f}%"), TimeElapsedColumn(),
                                 TextColumn("left"), TimeRemainingColumn(), console=console, transient=True,
                                 disable=not enabled)

    def __enter__(self) -> "RunBar":
        self.progress.__enter__()
        self.task = self.progress.add_task("reading files…", total=None)
        return self

    def __exit__(self, *exc) -> None:
        self.progress.__exit__(*exc)

    def update(self, stage: str, done: int, total: int) -> None:
        if stage == "issues" and self.stage != "issues":  # a new stage: its own count and its own time left
            self.progress.reset(self.task, total=total or None, completed=0)
        super().update(stage, done, total)
        self.progress.update(self.task, description=self.describe(), completed=self.completed(), total=self.total())
