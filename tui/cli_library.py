"""Commands for the user's own library: saved searches, tags, article notes, facet counts.

Everything here is kept in newsexplorer.db (survives re-indexing and `--rebuild`) and reachable from the app too.
"""
from __future__ import annotations

import json

import click

from .cli import described_filters, fail, guarded, index_dir_option, main, open_corpus, parse_filters
from ..index.textsafety import one_line
from .output import plain, plural, stdout_console


@main.group()
def saved() -> None:
    """Saved searches: a query (with its filters and sort) under a name, with what is new since you last opened it."""


@saved.command("list")
@click.option("--json", "as_json", is_flag=True)
@index_dir_option
@click.pass_context
@guarded
def saved_list(ctx, as_json, index_dir):
    """Every saved search: matches, and matches new since it was last opened."""
    corpus = open_corpus(ctx, index_dir)
    entries = corpus.saved_searches()
    if as_json:
        click.echo(json.dumps({"saved": entries}, ensure_ascii=False, indent=2))
        return
    out = stdout_console()
    if not entries:
        out.print(plain("no saved searches (newsexplorer saved add NAME QUERY)", "dim"))
    for e in entries:
        extra = f"  ({e['error']})" if e["error"] else f"  {e['total']} · {e['new']} new"
        narrowed = described_filters(e.get("filters")) + (f" · sort: {e['sort']}" if e.get("sort") == "date" else "")
        out.print(plain(e["name"], "bold"), plain(f"  {e['query']}{narrowed}"), plain(extra, "dim"))


@saved.command("add")
@click.argument("name")
@click.argument("query")
@click.option("--filter", "filters", multiple=True, metavar="FIELD=VALUE", help="Narrow by outlet, person, org or place.")
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True)
@index_dir_option
@click.pass_context
@guarded
def saved_add(ctx, name, query, filters, sort, index_dir):
    """Save QUERY under NAME (replacing a search of that name)."""
    corpus = open_corpus(ctx, index_dir)
    wanted = parse_filters(filters)
    total = corpus.save_search(name, query, wanted, sort)
    click.echo(f"saved {name!r}: {total} {plural(total, 'match', 'matches')}", err=True)


@saved.command("rm")
@click.argument("name")
@index_dir_option
@click.pass_context
@guarded
def saved_rm(ctx, name, index_dir):
    """Forget a saved search."""
    if not open_corpus(ctx, index_dir).userdata.remove_search(name):
        fail(f"no saved search named {name!r}", 2)


def _article_id(corpus, given: str) -> str:
    return corpus.article(given).id  # full id from a prefix; one line if unknown or ambiguous


def _change_tags(ctx, article_id: str, tags, index_dir, add: bool) -> None:
    """Add or remove tags, then say which tags the article has now."""
    corpus = open_corpus(ctx, index_dir)
    full = _article_id(corpus, article_id)
    change = corpus.userdata.add_tag if add else corpus.userdata.remove_tag
    had = set(corpus.userdata.tags(full))
    for name in tags:
        change(full, name)
    if not add:  # `untag ID nope` changed nothing: say so, a mistyped tag is otherwise invisible
        for name in dict.fromkeys(n.strip() for n in tags if n.strip() not in had):
            click.echo(f"newsexplorer: note: {full[:12]} had no tag {one_line(name)!r}", err=True)
    click.echo(f"{full[:12]}: {', '.join(corpus.userdata.tags(full)) or 'no tags'}", err=True)


@main.command()
@click.argument("article_id")
@click.argument("tags", nargs=-1, required=True)
@index_dir_option
@click.pass_context
@guarded
def tag(ctx, article_id, tags, index_dir):
    """Tag an article (find tagged articles with `tag:NAME` in a query)."""
    _change_tags(ctx, article_id, tags, index_dir, add=True)


@main.command()
@click.argument("article_id")
@click.argument("tags", nargs=-1, required=True)
@index_dir_option
@click.pass_context
@guarded
def untag(ctx, article_id, tags, index_dir):
    """Remove tags from an article."""
    _change_tags(ctx, article_id, tags, index_dir, add=False)


@main.command()
@click.argument("article_id")
@click.argument("text", required=False)
@click.option("--clear", is_flag=True, help="Delete the note.")
@index_dir_option
@click.pass_context
@guarded
def note(ctx, article_id, text, clear, index_dir):
    """Write (or with no TEXT, print) your note on an article."""
    corpus = open_corpus(ctx, index_dir)
    full = _article_id(corpus, article_id)
    if clear:
        corpus.userdata.set_article_note(full, None)
    elif text is None:
        stdout_console().print(plain(corpus.userdata.article_note(full) or ""))
    else:
        corpus.userdata.set_article_note(full, text)


@main.command()
@click.argument("query", required=False, default="")
@click.option("--filter", "filters", multiple=True, metavar="FIELD=VALUE", help="Narrow by outlet, person, org or place.")
@click.option("--field", "fields", multiple=True,
              type=click.Choice(["outlet", "person", "org", "place", "issue", "tag"]),
              help="Only these facets (default: all).")
@click.option("--top", default=10, show_default=True, type=click.IntRange(1, 100_000), help="Values per facet.")
@click.option("--json", "as_json", is_flag=True)
@index_dir_option
@click.pass_context
@guarded
def facets(ctx, query, filters, fields, top, as_json, index_dir):
    """How many matching articles carry each outlet, person, organisation, place, issue and tag."""
    corpus = open_corpus(ctx, index_dir)
    wanted = fields or ("outlet", "person", "org", "place", "issue", "tag")
    counts = corpus.facets(query, filters=parse_filters(filters) or None, fields=wanted, top=top)
    if as_json:
        click.echo(json.dumps({"query": query, "facets": {f: [[v, n] for v, n in c] for f, c in counts.items()}},
                              ensure_ascii=False, indent=2))
        return
    out = stdout_console()
    for field_name, values in counts.items():
        out.print(plain(field_name, "bold"))
        for value, n in values:
            out.print(plain(f"  {n:>6}  {value}"))
