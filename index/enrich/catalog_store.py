"""The catalog lives in the data dir, beside the index it was applied to.

`index --catalog FILE` and `catalog apply FILE` copy the file in as a new version (`catalog/v0001.toml`, …) and
record where it came from; every later run uses the stored copy, so forgetting `--catalog`, moving or deleting the
original changes nothing. Old versions are kept so a bad edit can be undone by applying one of them. With nothing
installed the data dir uses the bundled peace-talks catalog (or, for a data dir indexed before catalogs were stored,
the file its index was built with, copied in on the next apply or index run).
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

from .catalog import Catalog, CatalogError, load_catalog, parse_catalog

CATALOG_DIR = "catalog"
CURRENT = "current.json"
_VERSION = re.compile(r"^v(\d{4,})\.toml$")


def _dir(data_dir: Path) -> Path:
    return Path(data_dir) / CATALOG_DIR


def installed(data_dir: Path) -> dict | None:
    """What is installed: {"version", "file", "source", "source_sha", "installed", "digest"}, or None."""
    path = _dir(data_dir) / CURRENT
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as err:
        raise CatalogError(f"{path}: cannot read the data dir's catalog record ({err})") from None
    if not isinstance(info, dict) or not isinstance(info.get("file"), str):
        raise CatalogError(f"{path}: not a catalog record (apply a catalog again with: newsexplorer catalog apply FILE)")
    return info


def active_catalog(data_dir: Path, legacy_path: str | None = None) -> Catalog:
    """The data dir's catalog: the stored copy; else the file a pre-catalog-store index named; else the bundled one."""
    info = installed(data_dir)
    if info is not None:
        return _stored(data_dir, info)
    if legacy_path:
        return load_catalog(legacy_path)
    return load_catalog(None)


def _stored(data_dir: Path, info: dict) -> Catalog:
    """A stored version; a catalog without a [catalog] name keeps the name of the file it was copied from."""
    catalog = load_catalog(_dir(data_dir) / info["file"])
    return replace(catalog, name=info["name"]) if info.get("name") else catalog


def versions(data_dir: Path) -> list[Path]:
    folder = _dir(data_dir)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if _VERSION.match(p.name))


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def install_text(data_dir: Path, text: str, source: str | None, label: str = "<catalog>") -> tuple[Catalog, dict, bool]:
    """Validate `text` and make it the data dir's catalog (a new version unless it is the current one already).

    Returns (catalog, record, changed). A bad catalog raises CatalogError and leaves the current one in place.
    """
    catalog = parse_catalog(text, path=label)  # validate before anything is written
    current = installed(data_dir)
    if current is not None and current.get("digest") == catalog.digest:
        if source and current.get("source") != source:
            current = {**current, "source": source, "source_sha": _sha(text)}
            _write_atomic(_dir(data_dir) / CURRENT, json.dumps(current, indent=2))
        return _stored(data_dir, current), current, False
    folder = _dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    existing = [int(_VERSION.match(p.name).group(1)) for p in versions(data_dir)]
    number = max(existing, default=0) + 1
    name = f"v{number:04d}.toml"
    _write_atomic(folder / name, text)
    record = {"version": number, "file": name, "source": source, "source_sha": _sha(text) if source else None,
              "digest": catalog.digest, "name": catalog.name,
              "installed": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    _write_atomic(folder / CURRENT, json.dumps(record, indent=2))
    return _stored(data_dir, record), record, True


def install_file(data_dir: Path, path: Path) -> tuple[Catalog, dict, bool]:
    """Copy a user's catalog file into the data dir (validated first); its absolute path is kept for reference."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise CatalogError(f"{path}: cannot read catalog ({err.__class__.__name__}: {err})") from None
    return install_text(data_dir, text, str(path.resolve()), label=str(path))


def source_changed(data_dir: Path) -> str | None:
    """A one-line notice when the file the stored catalog was copied from has been edited since."""
    info = installed(data_dir)
    if not info or not info.get("source"):
        return None
    source = Path(info["source"])
    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None  # moved or deleted: the stored copy carries on
    if _sha(text) == info.get("source_sha"):
        return None
    return (f"the catalog {source} has changed since it was copied into the index (version {info['version']}); "
            f"apply it with: newsexplorer catalog apply {source}")
