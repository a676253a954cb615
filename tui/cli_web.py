"""`newsexplorer serve`: the same app in a browser, for colleagues without a terminal (textual-serve).

Each browser tab runs its own `newsexplorer` process on the same data dir. It binds to localhost unless told
otherwise, because whoever reaches the port can read the articles and change the user's notes.
"""
from __future__ import annotations

import ipaddress
import shlex
import sys

import click

from .cli import data_dir_of, fail, guarded, index_dir_option, main


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _cannot_listen(host: str, port: int) -> str | None:
    """Why (host, port) cannot be listened on ("address already in use"), or None; bound as the server binds it."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as err:
        return err.strerror or str(err)
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as err:
            return (err.strerror or str(err)).lower()
    return None


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@index_dir_option
@click.pass_context
@guarded
def serve(ctx, host, port, index_dir):
    """Serve the app in a web browser (textual-serve): open http://HOST:PORT."""
    try:
        from textual_serve.server import Server
    except ImportError:
        fail("serve needs textual-serve: pip install textual-serve", 2)
    data_dir = data_dir_of(ctx, index_dir)
    if not _is_loopback(host):
        click.echo(f"newsexplorer: serving on {host}:{port} — anyone who reaches it can read these articles and "
                   "change your notes", err=True)
    problem = _cannot_listen(host, port)
    if problem:  # before saying "serving": the server's own bind error named the data dir, after that line
        fail(f"cannot serve on {host}:{port}: {problem} (choose another with --port)", 2)
    command = shlex.join([sys.executable, "-m", "newsexplorer", "--index-dir", str(data_dir)])
    click.echo(f"newsexplorer: serving {data_dir} at http://{host}:{port} (ctrl+c stops)", err=True)
    Server(command, host=host, port=port, title="newsexplorer").serve()
