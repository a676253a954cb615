"""A real PostgreSQL 15 for the session, started in a temp dir (initdb, pg_ctl; a unix socket only, no TCP).

As root, initdb refuses to run: the server runs as `nobody` (runuser). Where it cannot start (no binaries, no
runuser), every PostgreSQL test is skipped with one line naming why.
"""
from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def _bin_dir() -> Path | None:
    for candidate in [Path("/usr/lib/postgresql/15/bin"), *sorted(Path("/usr/lib/postgresql").glob("*/bin"))]:
        if (candidate / "initdb").is_file() and (candidate / "pg_ctl").is_file():
            return candidate
    found = shutil.which("initdb")
    return Path(found).resolve().parent if found and shutil.which("pg_ctl") else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NoServer(Exception):
    """Why no PostgreSQL could be started here (one line)."""


def start_server(bin_dir: Path | None):
    """(URL, stop) of a fresh PostgreSQL in a temp dir, or NoServer saying why not."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise NoServer("psycopg is not installed (pip install -e '.[postgres]')") from None
    if bin_dir is None or not (bin_dir / "initdb").is_file() or not (bin_dir / "pg_ctl").is_file():
        raise NoServer("initdb/pg_ctl not found (Debian: apt-get install postgresql)")
    prefix: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        if not shutil.which("runuser"):
            raise NoServer("running as root and runuser is missing (initdb refuses root)")
        prefix, user = ["runuser", "-u", "nobody", "--"], "nobody"
    else:
        import getpass

        user = getpass.getuser()
    root = Path(tempfile.mkdtemp(prefix="nx-pg-"))
    root.chmod(0o755)
    if prefix:
        shutil.chown(root, user="nobody")
    data, port = root / "data", _free_port()
    try:
        subprocess.run([*prefix, str(bin_dir / "initdb"), "-D", str(data), "-U", user, "--auth=trust", "-E", "UTF8",
                        "--locale=C.UTF-8", "--no-sync"], check=True, capture_output=True, timeout=360)
        subprocess.run([*prefix, str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-w", "-t", "300",
                        "-o", f"-k {root} -c listen_addresses='' -p {port} -c fsync=off -c synchronous_commit=off "
                              f"-c full_page_writes=off", "start"], check=True, capture_output=True, timeout=360)
    except (subprocess.SubprocessError, OSError) as err:
        detail = (getattr(err, "stderr", b"") or b"").decode(errors="replace").strip()
        shutil.rmtree(root, ignore_errors=True)
        raise NoServer(f"the server did not start ({' '.join(detail.split())[:160] or err})") from None

    def stop() -> None:
        subprocess.run([*prefix, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(root, ignore_errors=True)

    return f"postgresql://{user}@/postgres?host={root}&port={port}", stop


@pytest.fixture(scope="session")
def postgres_url():
    """A URL of a PostgreSQL server private to this test session (skips with one line when none can start)."""
    try:
        url, stop = start_server(_bin_dir())
    except NoServer as why:
        pytest.skip(f"PostgreSQL tests skipped: {why}")
    try:
        yield url
    finally:
        stop()


@pytest.fixture(scope="module")
def on_postgresql(postgres_url):
    """Every Corpus.open/build of the module (the CLI's too) uses the session's PostgreSQL."""
    patch = pytest.MonkeyPatch()
    patch.setenv("NEWSEXPLORER_BACKEND", postgres_url)
    yield postgres_url
    patch.undo()


def load_tests_of(filename: str, namespace: dict, whoosh_only: tuple[str, ...] = ()) -> None:
    """Put a tests/index module's tests and fixtures into `namespace`, to run again there on PostgreSQL;
    `whoosh_only`: tests about the Whoosh backend's own machinery, left out."""
    spec = importlib.util.spec_from_file_location(f"_pg_{Path(filename).stem}", HERE.parent / "index" / filename)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, value in vars(module).items():
        if not name.startswith("__") and name not in whoosh_only:
            namespace[name] = value
    namespace["test_these_tests_run_on_postgresql"] = _runs_on_postgresql


def _runs_on_postgresql(tmp_path):
    """The module's Corpus.build/open (and the CLI's) really use the PostgreSQL backend."""
    from newsexplorer.index import Corpus

    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("Title: Check\n\nThese words are searched on the PostgreSQL server.\n")
    corpus, _ = Corpus.build(tmp_path / "data", [folder])
    try:
        assert corpus.backend.name == "postgresql" and corpus.search("server").total == 1
    finally:
        corpus.close()
