"""`newsexplorer catalog …`: see, check, start, apply and suggest the issue catalog of a data dir."""
from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path

import click

from ..index.textsafety import one_line
from .output import plural, safe


def _cli():
    from . import cli  # the shared helpers (guarded, fail, data dir); imported late: cli.py registers this group

    return cli


@click.group("catalog")
def catalog_group() -> None:
    """The issue catalog: which questions of the story the checklist tracks (docs/catalog.md)."""


def _index_dir_option(fn):
    return click.option("--index-dir", "index_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                        help="Data dir holding the index (default: $NEWSEXPLORER_HOME or the platform's data dir).")(fn)


def _issues(catalog) -> str:
    return f"{len(catalog.issues)} {plural(len(catalog.issues), 'issue', 'issues')}"


def _rules(issue) -> str:
    """The issue's rules as written ("terms: yukos, tax bill · context: tax"), not counts ("1 terms, 1 context")."""
    def listed(name: str, values) -> str:
        shown = ", ".join(values)
        return f"{name}: {shown if len(shown) <= 60 else shown[:59] + '…'}"

    parts = []
    if issue.query:
        parts.append(f"query {issue.query}")
    plain_patterns = [p.pattern for p in issue.patterns if not hasattr(p, "query")][len(issue.terms):]
    for name, values in (("terms", issue.terms), ("patterns", plain_patterns),
                         ("exclude", [p.pattern for p in issue.exclude]), ("context", [p.pattern for p in issue.context])):
        if values:
            parts.append(listed(name, values))
    return " · ".join(parts)


def _gate_text(gate) -> str:
    return gate if isinstance(gate, str) else "words: " + ", ".join(p.pattern for p in gate)


def _describe(catalog) -> list[str]:
    lines = [f"gate: {_gate_text(catalog.gate)}"]
    if catalog.scope:
        lines.append(f"scope: {catalog.scope}")
    if catalog.statuses:
        lines.append("statuses: " + ", ".join(f"{k} = {v}" for k, v in catalog.statuses.items()))
    return lines


@catalog_group.command("show")
@click.option("--toml", "as_toml", is_flag=True, help="Print the stored catalog file itself.")
@click.option("--json", "as_json", is_flag=True)
@_index_dir_option
@click.pass_context
def show(ctx, as_toml, as_json, index_dir):
    """The data dir's catalog: name, where it came from, its settings and issues."""
    cli = _cli()

    @cli.guarded
    def run():
        from ..index.enrich import catalog_store

        data_dir = cli.data_dir_of(ctx, index_dir)
        corpus = cli.open_corpus(ctx, index_dir)
        catalog = corpus.catalog()
        record = catalog_store.installed(data_dir)
        if as_toml:
            click.echo(safe(catalog.text), nl=False)
            return
        if as_json:
            click.echo(json.dumps({
                "name": catalog.name, "description": catalog.description, "file": catalog.path,
                "version": record and record.get("version"), "source": record and record.get("source"),
                "gate": _gate_text(catalog.gate), "scope": catalog.scope, "statuses": catalog.statuses,
                "issues": [{"id": i.id, "title": i.title, "description": i.description, "query": i.query,
                            "terms": list(i.terms)} for i in catalog.issues]}, ensure_ascii=False, indent=2))
            return
        click.echo(safe(f"{catalog.name} · {_issues(catalog)}"))
        if record:
            click.echo(safe(f"version {record.get('version')} stored in {catalog.path}"))
            if record.get("source"):
                gone = "" if Path(record["source"]).exists() else " (no longer there; the stored copy is used)"
                click.echo(safe(f"copied from {record['source']}{gone}"))
        else:
            click.echo(safe(f"the bundled catalog ({catalog.path}); use your own with: newsexplorer catalog apply FILE"))
        for line in _describe(catalog):
            click.echo(safe(line))
        notice = catalog_store.source_changed(data_dir)
        if notice:
            click.echo(f"newsexplorer: {one_line(notice)}", err=True)
        for issue in catalog.issues:
            click.echo(safe(f"  {issue.id:<24} {issue.title}"))
            click.echo(safe(f"  {'':<24} {_rules(issue)}"))

    run()


@catalog_group.command("check")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def check(file):
    """Check a catalog file without applying it: one line per mistake, naming the file, line, issue and field."""
    cli = _cli()

    @cli.guarded
    def run():
        from ..index.enrich.catalog import CatalogError, load_catalog

        try:
            catalog = load_catalog(file)
        except CatalogError as err:
            for problem in err.problems:
                click.echo(f"newsexplorer: {one_line(problem)}", err=True)
            sys.exit(2)
        click.echo(f"{safe(str(file))}: ok · {catalog.name} · {_issues(catalog)} "
                   f"({', '.join(i.id for i in catalog.issues)}) · " + " · ".join(_describe(catalog)))

    run()


@catalog_group.command("init")
@click.option("--from-seeds", is_flag=True, help="Start from the bundled peace-talks catalog instead of a template.")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, path_type=Path), default=Path("catalog.toml"),
              show_default=True, help="Where to write it ('-' for stdout). An existing file is never overwritten.")
def init(from_seeds, output):
    """Write a catalog to start from: a commented template, or the bundled one."""
    cli = _cli()
    name = "catalog.toml" if from_seeds else "catalog_template.toml"
    text = resources.files("newsexplorer.seeds").joinpath(name).read_text(encoding="utf-8")
    if str(output) == "-":
        click.echo(text, nl=False)
        return
    if output.exists():
        cli.fail(f"{output} already exists; not overwritten (use -o FILE for another name)", 2)
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as err:
        cli.fail(f"{output}: cannot write ({err.strerror or err})", 2)
    click.echo(f"wrote {output}; edit it, then: newsexplorer catalog check {output} && "
               f"newsexplorer catalog apply {output}", err=True)


@catalog_group.command("apply")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@_index_dir_option
@click.pass_context
def apply(ctx, file, index_dir):
    """Make FILE the index's catalog (copied in) and find every article's issues again from the stored text
    (no files re-read, no NER). No FILE: apply the stored catalog again. Your ticks and notes are kept."""
    cli = _cli()

    @cli.guarded
    def run():
        from .output import stderr_console
        from .progress import RunBar

        corpus = cli.open_corpus(ctx, index_dir)
        with RunBar(stderr_console(), enabled=sys.stderr.isatty()) as bar:
            catalog, record, report = corpus.apply_catalog(file, progress=bar.update)
        where = f"version {record['version']}" if record else "bundled"
        click.echo(f"applied {safe(catalog.name)} ({where}, {_issues(catalog)}) to {report.articles} "
                   f"articles: {report.with_issues} discuss an issue, {report.changed} changed · "
                   f"{report.seconds:.1f}s", err=True)
        corpus.close()

    run()


@catalog_group.command("suggest")
@click.option("--limit", default=None, type=click.IntRange(1, 100),
              help="At most N issues (default: a quarter of the articles, 8 to 25).")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the catalog to FILE instead of stdout (an existing file is never overwritten).")
@click.option("--scope", default=None, help="Only articles matching this search.")
@_index_dir_option
@click.pass_context
def suggest(ctx, limit, output, scope, index_dir):
    """Propose issues for the indexed articles: recurring subjects of sentences reporting negotiation, dispute or
    decision, each with rules and three example sentences, as a catalog to edit."""
    cli = _cli()

    @cli.guarded
    def run():
        from ..index.enrich.suggest import suggest_catalog

        if output is not None and output.exists():
            cli.fail(f"{output} already exists; not overwritten", 2)
        corpus = cli.open_corpus(ctx, index_dir)
        text, count = suggest_catalog(corpus, limit=limit, scope=scope)
        if not count:
            cli.fail("no recurring subject found to suggest" + (f" in the articles matching {scope!r}" if scope else "")
                     + " (a few articles more on the story usually help)", 1)
        if output is None:
            sys.stdout.write(text)
        else:
            output.write_text(text, encoding="utf-8")
            click.echo(f"wrote {count} suggested issues to {output}; edit it, then: "
                       f"newsexplorer catalog apply {output}", err=True)

    run()
