"""The `newsexplorer` command line: every command is a thin call into the engine's API."""
from __future__ import annotations

import json
import os
import sys
import time
from contextlib import nullcontext
from functools import wraps
from pathlib import Path

import click

from ..index.errors import NewsExplorerError, QueryError
from ..index.datadir import default_data_dir
from ..index.textsafety import one_line
from .output import highlighted, plain, plural, stderr_console, stdout_console

index_dir_option = click.option(
    "--index-dir", "index_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Data dir holding the index and your notes (default: $NEWSEXPLORER_HOME or the platform's data dir).")


def fail(message: str, code: int = 2) -> None:
    click.echo(f"newsexplorer: {one_line(message)}", err=True)
    sys.exit(code)


def parse_filters(pairs) -> dict[str, str]:
    """--filter outlet=Reuters --filter person="Jared Kushner" → {"outlet": "Reuters", "person": "Jared Kushner"}."""
    wanted = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise click.UsageError(f"--filter {pair!r}: write FIELD=VALUE, e.g. --filter outlet=Reuters")
        wanted[name.strip()] = value.strip()
    return wanted


def described_filters(filters: dict | None) -> str:
    """" · outlet: Reuters · org: OPEC": the filters a count is narrowed by (a saved search's are not on the line)."""
    return "".join(f" · {field}: {value}" for field, value in sorted((filters or {}).items()))


def quiet_broken_pipe() -> None:
    """`newsexplorer search --json … | head`: the reader went away; stop quietly, exit 0, no 'Exception ignored'."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except OSError:
        pass
    sys.exit(0)


def storage_errors() -> tuple[type, ...]:
    """OSError, and SQLite's errors once sqlite3 is loaded (whatever raised one loaded it; start-up does not,
    so `newsexplorer` and `--help` skip it)."""
    sqlite3 = sys.modules.get("sqlite3")
    return (sqlite3.DatabaseError, OSError) if sqlite3 is not None else (OSError,)


def guarded(fn):
    """No traceback reaches the user: engine errors become one line and exit 2."""
    @wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except NewsExplorerError as err:
            fail(str(err), 2)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise  # click's own usage errors and exits: it prints them
        except KeyboardInterrupt:
            fail("interrupted", 130)
        except BrokenPipeError:
            quiet_broken_pipe()
        except storage_errors() as err:  # read-only, full disk, locked, or damaged: say which
            from ..index.store.health import explain

            ctx = click.get_current_context(silent=True)
            data_dir = data_dir_of(ctx, ctx.params.get("index_dir")) if ctx else default_data_dir()
            where = Path(err.filename) if isinstance(err, OSError) and err.filename else None
            fail(explain(data_dir, err, where), 2)
        except Exception as err:  # a bug: say so in one line; NEWSEXPLORER_DEBUG=1 shows the traceback
            if os.environ.get("NEWSEXPLORER_DEBUG"):
                raise
            fail(f"internal error: {type(err).__name__}: {err} (set NEWSEXPLORER_DEBUG=1 for details)", 2)
    return wrapper


def data_dir_of(ctx: click.Context, index_dir: Path | None) -> Path:
    return index_dir or (ctx.find_root().params.get("index_dir")) or default_data_dir()


def open_corpus(ctx: click.Context, index_dir: Path | None):
    """The corpus of the data dir; a damaged search index is restored from the article store, and the user told."""
    from ..index import Corpus

    corpus = Corpus.open(data_dir_of(ctx, index_dir),
                         on_restore=lambda message: click.echo(f"newsexplorer: {one_line(message)}…", err=True))
    for warning in corpus.warnings:  # e.g. a typo in aliases.toml: said once, and the command goes on
        click.echo(f"newsexplorer: warning: {one_line(warning)}", err=True)
    return corpus


def bundled_seeds() -> Path:
    from ..index import seeds_dir

    return Path(str(seeds_dir())) / "articles"


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@index_dir_option
@click.option("--color/--no-color", "color", default=None, help="Force colour on or off (NO_COLOR is honoured).")
@click.option("--backend", "backend", default=None, metavar="whoosh|postgresql://…",
              help="Search backend: whoosh (default, in the data dir) or a PostgreSQL URL "
                   "(also $NEWSEXPLORER_BACKEND). The article store and your data stay in the data dir.")
@click.version_option(package_name="newsexplorer", prog_name="newsexplorer")
@click.pass_context
def main(ctx: click.Context, index_dir: Path | None, color: bool | None, backend: str | None = None) -> None:
    """Explore a corpus of news articles: search, read, and track where a story's issues stand.

    With no command, opens the terminal app on the current index (building the bundled seeds' index on
    first run).
    """
    if backend:  # every Corpus.open/build of this process (commands and the app) reads it from there
        os.environ["NEWSEXPLORER_BACKEND"] = backend
    if ctx.invoked_subcommand is None:
        if color is False:
            os.environ["NO_COLOR"] = "1"
        elif color is True:
            os.environ.pop("NO_COLOR", None)
            os.environ.setdefault("TEXTUAL_COLOR_SYSTEM", "truecolor")
        from .app import run_app

        sys.exit(guarded(run_app)(data_dir_of(ctx, index_dir)))


def enricher(catalog: Path | None, enabled: bool):
    if not enabled:
        return None
    try:
        from ..index.enrich import make_enricher
    except ImportError:
        return None
    return make_enricher(catalog)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--catalog", type=click.Path(dir_okay=False, path_type=Path), help="Issue catalog TOML (default: the bundled one).")
@click.option("--rebuild", is_flag=True, help="Start over: drop the index (never your ticks and notes) and re-read PATHS.")
@click.option("--no-enrich", is_flag=True, help="Skip entities and issue detection (faster).")
@click.option("--wait/--no-wait", default=True, help="Wait for another running index to finish (default) or give up.")
@click.option("--workers", type=click.IntRange(1, None), default=None,
              help="Enrichment processes (dask LocalCluster; default one per core; 1: this process only, no dask).")
@click.option("--scheduler", metavar="tcp://HOST:8786", default=None,
              help="Enrich on an existing dask.distributed cluster instead of local processes.")
@index_dir_option
@click.pass_context
@guarded
def index(ctx, paths, catalog, rebuild, no_enrich, wait, workers, scheduler, index_dir):
    """Index article files and folders (no PATH: the bundled seeds)."""
    from .progress import RunBar

    data_dir = data_dir_of(ctx, index_dir)
    targets = list(paths) or [bundled_seeds()]
    err = stderr_console()
    started = time.perf_counter()
    enrich = enricher(catalog, not no_enrich)  # a bad --catalog stops here, in one line, before anything changes
    if catalog is not None and no_enrich:
        click.echo(f"newsexplorer: --catalog is not used with --no-enrich; apply it later with: "
                   f"newsexplorer catalog apply {one_line(str(catalog))}", err=True)
    if catalog is None and enrich is not None:
        from ..index.enrich.catalog_store import source_changed

        notice = source_changed(data_dir)
        if notice:
            click.echo(f"newsexplorer: {one_line(notice)}", err=True)

    def waiting(holder):
        click.echo(f"newsexplorer: waiting for another index run (pid {holder or '?'}) to finish…", err=True)

    with RunBar(err, enabled=sys.stderr.isatty()) as bar:
        from ..index import Corpus
        from ..index.fanout import make_fanout

        fanout = make_fanout(enrich, workers, scheduler, bar.update)
        try:
            corpus, report = Corpus.build(data_dir, targets, rebuild=rebuild, enrich=enrich, progress=bar.update,
                                          wait=None if wait else 0, on_wait=waiting, fanout=fanout)
        finally:
            fanout.close()
    if report.restored:
        click.echo(f"newsexplorer: {one_line(report.restored)}", err=True)
    for warning in corpus.warnings:
        click.echo(f"newsexplorer: warning: {one_line(warning)}", err=True)
    for line in report.notes:
        click.echo(f"newsexplorer: note: {one_line(line)}", err=True)
    for line in report.rejected:
        click.echo(f"newsexplorer: {one_line(line)}", err=True)
    took = time.perf_counter() - started
    def n(count: int, one: str, many: str) -> str:  # "1 article", never "1 articles"
        return f"{count} {plural(count, one, many)}"

    click.echo(f"indexed {n(report.indexed, 'article', 'articles')} · {n(report.unchanged, 'file', 'files')} unchanged · "
              f"{n(report.duplicates, 'duplicate', 'duplicates')} · {report.emptied} empty after cleaning · "
              f"{report.skipped} skipped (not articles) · "
              + (f"{n(report.gone, 'file', 'files')} gone (their articles removed) · " if report.gone else "") +
              f"{len(report.rejected)} rejected · {corpus.count()} in the index · {took:.1f}s", err=True)
    corpus.close()
    sys.exit(1 if report.rejected else 0)


@main.command()
@click.argument("query", required=False)
@click.option("--limit", default=10, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--offset", default=0, show_default=True, type=click.IntRange(0, None), help="Skip the first N matches.")
@click.option("--sort", type=click.Choice(["relevance", "date"]), default=None, help="relevance (default) or date.")
@click.option("--filter", "filters", multiple=True, metavar="FIELD=VALUE",
              help="Narrow by outlet, person, org or place (repeatable), as the app's facets do.")
@click.option("--saved", "saved_name", metavar="NAME", help="Run a saved search (see `newsexplorer saved`).")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@index_dir_option
@click.pass_context
@guarded
def search(ctx, query, limit, offset, sort, filters, saved_name, as_json, index_dir):
    """Search with Whoosh's query language: AND/OR/NOT, "phrases", title:/source:, wild*, fuzzy~, date:[a to b],
    and your own tag:NAME and is:new."""
    wanted = parse_filters(filters)
    if saved_name and query:
        raise click.UsageError("give a QUERY or --saved NAME, not both")
    if not saved_name and not query and not wanted:
        raise click.UsageError("missing QUERY (or --saved NAME, or --filter FIELD=VALUE)")
    corpus = open_corpus(ctx, index_dir)
    try:
        if saved_name:
            saved = corpus.userdata.saved_search(saved_name)
            query = saved["query"]
            wanted = {**saved["filters"], **wanted}
            sort = sort or saved["sort"]
        result = corpus.search(query or "", limit=limit, offset=offset, sort=sort or "relevance",
                               filters=wanted or None, exact_total=True)
        if saved_name:
            corpus.userdata.mark_search_opened(saved_name)
    except QueryError as err:
        fail(str(err), 2)
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return
    out = stdout_console()
    shown = f" {offset + 1}–{offset + len(result.hits)}" if offset else ""
    out.print(plain(f"{result.total} {plural(result.total, 'result', 'results')} for {query or ''!r}{shown}"
                    f"{described_filters(wanted)} ({result.took_ms:.0f} ms)", "bold"))
    if result.suggestion:
        out.print(plain(f"did you mean: {result.suggestion}", "yellow"))
    for hit in result.hits:
        meta = " · ".join(x for x in (hit.source, hit.date, hit.id) if x)
        out.print()
        out.print(plain(hit.title, "bold"))
        out.print(plain(meta, "dim"))
        out.print(highlighted(hit.snippet, hit.snippet_spans))


@main.command()
@click.argument("article_id")
@click.option("--json", "as_json", is_flag=True)
@click.option("--no-pager", is_flag=True, help="Print straight to the terminal instead of through $PAGER.")
@index_dir_option
@click.pass_context
@guarded
def show(ctx, article_id, as_json, no_pager, index_dir):
    """Show one article (its id, or the first characters of it); on a terminal, through $PAGER."""
    corpus = open_corpus(ctx, index_dir)
    article = corpus.article(article_id)
    if as_json:
        click.echo(json.dumps(article.to_json(), ensure_ascii=False, indent=2))
        return
    out = stdout_console()
    paged = sys.stdout.isatty() and not no_pager
    if paged and "LESS" not in os.environ:  # less (pydoc's pager when $PAGER is unset) shows colours as "ESC[1m"
        os.environ["LESS"] = "FRX"  # without -R; F and X as git sets them: a short article prints and returns
    with out.pager(styles=True) if paged else nullcontext():
        out.print(plain(article.title, "bold"))
        also_in = ", ".join(c["source"] or c["host"] or c["id"] for c in article.also_in)
        for label, value in (("source", article.source), ("host", article.host), ("byline", article.byline),
                             ("date", article.date), ("also in", also_in),
                             ("url", article.url), ("id", article.id), ("path", article.path)):
            if value:
                out.print(plain(f"{label}: {value}", "dim"))
        out.print()
        out.print(plain(article.text))


@main.command()
@click.option("--json", "as_json", is_flag=True, help="The checklist as JSON.")
@click.option("--markdown", is_flag=True, help="A briefing to paste into a report.")
@click.option("--scope", default=None, help="Only articles matching this search (an outlet, a folder word, a date range).")
@index_dir_option
@click.pass_context
@guarded
def issues(ctx, as_json, markdown, scope, index_dir):
    """Where each issue of the story stands: status, articles, outlets, last mention, your ticks and notes."""
    from rich.table import Table

    from ..index.enrich.catalog import display_entries
    from ..index.report import ISSUE_TABLE_HEADER, briefing_markdown, issue_table_rows

    if as_json and markdown:
        raise click.UsageError("--json and --markdown are two different outputs: choose one")
    corpus = open_corpus(ctx, index_dir)
    if as_json:
        click.echo(json.dumps(corpus.issues_document(scope=scope), ensure_ascii=False, indent=2))
        return
    catalog = corpus.catalog()
    entries = display_entries(corpus.issue_rollup(scope=scope), catalog)  # the catalog's status words
    if markdown:
        click.echo(briefing_markdown(entries, catalog.name))
        return
    from rich import box

    table = Table(show_lines=False, highlight=False, box=box.SIMPLE_HEAD, pad_edge=False,
                  collapse_padding=True)  # no borders, shared padding: fits 80 columns
    for n, name in enumerate(ISSUE_TABLE_HEADER):
        table.add_column(name, no_wrap=n != 1, min_width=16 if n == 1 else None, overflow="ellipsis")
    for row in issue_table_rows(entries):
        table.add_row(*(plain(cell) for cell in row))
    stdout_console().print(table)


@main.command()
@click.option("--json", "as_json", is_flag=True)
@click.option("--article", "article_id", help="Only the entities of this article.")
@click.option("--limit", type=click.IntRange(1, 100_000), default=None, help="At most N entities (most mentioned first).")
@index_dir_option
@click.pass_context
@guarded
def entities(ctx, as_json, article_id, limit, index_dir):
    """People, places and organisations: canonical name, label, other spellings, mentions and articles."""
    from rich.table import Table

    corpus = open_corpus(ctx, index_dir)
    table = corpus.entities(article_id, limit=limit)
    if as_json:
        click.echo(json.dumps({"entities": table}, ensure_ascii=False, indent=2))
        return
    # the product's kinds, as the reader's legend names them (spaCy's labels stay in --json)
    kinds = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place", "FAC": "place"}
    out = Table("Entity", "Kind", "Mentions", "Articles", "Also written", highlight=False)
    for e in table:
        also = ", ".join(e["aliases"])
        if e.get("ambiguous"):  # a lone surname several people share: say whom it may mean
            also = (also + "; " if also else "") + "ambiguous: " + " or ".join(e["ambiguous"])
        out.add_row(plain(e["canonical"]), plain(kinds.get(e["label"], "other")), str(e["mentions"]),
                    str(e.get("articles", "")), plain(also))
    stdout_console().print(out)


from . import cli_library, cli_web  # noqa: E402,F401  (register saved, tag, untag, note, facets, serve on `main`)
from .catalog_cli import catalog_group  # noqa: E402  (the `catalog` command group: tui/catalog_cli.py)

main.add_command(catalog_group)


if __name__ == "__main__":  # python -m newsexplorer.tui.cli, as the stress bench runs it
    main()
