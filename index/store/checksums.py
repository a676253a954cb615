"""CRC32 of every finished Whoosh segment file: recorded by the writer after each commit, checked on open.

Garbage written into the middle of a segment (a bad disk, a bad copy) leaves Whoosh readable and its answers
quietly wrong; only a checksum notices. Segment files never change once written, so each is summed once.
Checking costs about 70 ms per 100 MB of index (reading it from the page cache and crc32).
"""
from __future__ import annotations

import json
import os
import zlib
from pathlib import Path

CHECKSUMS = "checksums.json"  # beside the segments; Whoosh's clean-up only touches its own MAIN_* names


class ChecksumMismatch(Exception):
    """A segment file is not what the writer wrote."""


def _crc(path: Path) -> int:
    crc = 0
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            crc = zlib.crc32(block, crc)
    return crc


def _load(folder: Path) -> dict[str, list[int]]:
    try:
        data = json.loads((folder / CHECKSUMS).read_text())
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):  # none yet, or itself damaged: nothing to check against, rewritten next commit
        return {}


def record(ix, folder: Path) -> None:
    """After a commit, by the one writer: sum the current segments' files not summed yet, forget the gone ones."""
    known = _load(folder)
    current = {name for segment in ix._segments() for name in segment.list_files(ix.storage)}
    sums = {name: known[name] for name in current if name in known}
    for name in current - set(sums):
        sums[name] = [(folder / name).stat().st_size, _crc(folder / name)]
    fresh = folder / (CHECKSUMS + ".new")
    fresh.write_text(json.dumps(sums, sort_keys=True))
    os.replace(fresh, folder / CHECKSUMS)


def verify(segments, storage, folder: Path) -> None:
    """ChecksumMismatch naming the first segment file whose size or CRC is not the recorded one."""
    known = _load(folder)
    for segment in segments:
        for name in segment.list_files(storage):
            if name in known:
                size, crc = known[name]
                path = folder / name
                if path.stat().st_size != size or _crc(path) != crc:
                    raise ChecksumMismatch(f"{name} is not the file that was written (checksum differs)")
