"""Finding article files and reading each one with the reader its content calls for."""
from __future__ import annotations

import os
import stat
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..errors import RejectedInput
from .decode import Undecodable, decode_bytes
from .raw import RawArticle, RecordError
from .readers import MAX_DOCUMENT_BYTES, STREAMED, Input, article_extensions, by_extension, choose
from .records import Malformed

ARTICLE_EXT = article_extensions()
SIDECAR = "metadata.toml"  # a folder's own metadata for the files beside it (e.g. the seeds' dates)


@dataclass
class Found:
    path: Path
    explicit: bool  # named on the command line (rejected if unreadable) vs met while walking a folder


def _suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    return "" if suffix[1:].isdigit() else suffix  # "53068" and "2537newsML.txt" alike


def discover(paths: list[Path], skipped: list[Path]) -> Iterator[Found]:
    """Files to read, folders walked recursively; symlink loops and dotfiles are passed over."""
    for root in paths:
        if not root.is_dir():
            yield Found(root, explicit=True)
            continue
        seen: set[tuple[int, int]] = set()
        for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
            try:
                st = os.stat(dirpath)
            except OSError:
                continue
            if (st.st_dev, st.st_ino) in seen:
                dirnames.clear()
                continue
            seen.add((st.st_dev, st.st_ino))
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                path = Path(dirpath) / name
                if name.startswith(".") or name == SIDECAR or _suffix(path) not in ARTICLE_EXT:
                    skipped.append(path)
                    continue
                yield Found(path, explicit=False)


def _read_bytes(path: Path, limit: int, probe: bool = False) -> bytes:
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):  # opening a named pipe would wait forever for a writer
            raise RejectedInput(str(path), f"not a regular file ({_file_kind(st.st_mode)})")
        size = st.st_size
        if size > limit:
            raise RejectedInput(str(path), f"too large to be one article ({size / 2**20:.1f} MB; limit {limit // 2**20} MB)")
        with open(path, "rb") as fh:
            return fh.read(1 if probe else limit + 1)
    except OSError as err:
        raise RejectedInput(str(path), os_error_reason(err)) from None


def _file_kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a directory")):
        if test(mode):
            return name
    return "not a file"


def os_error_reason(err: OSError) -> str:
    """Why a file could not be read, in the words a user understands."""
    if isinstance(err, FileNotFoundError):
        return "no such file (missing, a broken link, or removed during the run)"
    if isinstance(err, PermissionError):
        return "permission denied"
    if isinstance(err, IsADirectoryError):
        return "is a directory"
    return f"cannot be read ({err.strerror or err})"


def _decode(path: Path, data: bytes) -> str:
    if not data.strip():
        raise RejectedInput(str(path), "empty file")
    try:
        return decode_bytes(data)
    except Undecodable as err:
        raise RejectedInput(str(path), str(err)) from None


def read_articles(path: Path) -> Iterator[RawArticle | RecordError]:
    """Every article in one file, plus one RecordError per bad record; RejectedInput if the file is unusable."""
    suffix = _suffix(path)
    known = by_extension(suffix)
    try:
        if known is not None and known.limit is STREAMED:
            _read_bytes(path, 2**62, probe=True)  # existence and permission checks only: the reader streams
            yield from known.read(Input(path, suffix))
            return
        data = _read_bytes(path, known.limit if known is not None else MAX_DOCUMENT_BYTES)
        text = _decode(path, data)
        yield from choose(suffix, text).read(Input(path, suffix, data, text))
    except Malformed as err:
        raise RejectedInput(str(path), str(err)) from None
    except RecursionError:
        raise RejectedInput(str(path), "nested too deeply to read") from None


_sidecars: dict[Path, dict] = {}
sidecar_problems: dict[Path, str] = {}  # a broken metadata.toml: one line for the run, never every file beside it


def sidecar_for(path: Path) -> dict:
    """The metadata a folder's `metadata.toml` gives for one file: {"date": ..., "source": ...}; a `["*"]` table
    gives defaults for every file beside it (`source = "BBC News"` for a folder of one outlet's articles)."""
    folder = path.parent
    if folder not in _sidecars:
        table: dict = {}
        file = folder / SIDECAR
        if file.is_file():
            try:
                table = tomllib.loads(file.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as err:
                # said once (the indexer reports sidecar_problems); the folder's files are read without it
                sidecar_problems[file] = f"{file}: unreadable metadata sidecar, ignored: {err}"
        _sidecars[folder] = table
    table = _sidecars[folder]
    entry, default = table.get(path.name, {}), table.get("*", {})  # "*": what holds for every file of the folder
    return {**(default if isinstance(default, dict) else {}), **(entry if isinstance(entry, dict) else {})}
