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
    if legacy_path:  # an index built before catalogs were stored: copy its file in now, so moving it is harmless
        try:
            return install_file(data_dir, Path(legacy_path))[0]
        except CatalogError as err:
            if Path(legacy_path).exists():
                raise
            raise CatalogError(f"the catalog this index was built with, {legacy_path}, is gone ({err}); give the index "
                               f"a catalog with: newsexplorer catalog apply FILE") from None
        except OSError:  # a read-only data dir: use the file where it is
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


def install_text(data_dir: Path, text: str, source: str | None, label: str = "<catalog>",
                 keep_source: bool = False, activate: bool = True) -> tuple[Catalog, dict, bool]:
    """Validate `text` and make it the data dir's catalog (a new version unless it is the current one already).

    `keep_source`: an edit made in the app: the record keeps the file the catalog first came from (and that file's
    fingerprint, so it does not look edited). Returns (catalog, record, changed). A bad catalog raises CatalogError
    and leaves the current one in place. `activate=False`: the version is stored but the current one stays until
    `make_current(record)` (an apply does that once every article's issues are found with it).
    """
    catalog = parse_catalog(text, path=label)  # validate before anything is written
    current = installed(data_dir)
    if keep_source and current is not None and current.get("digest") != catalog.digest:
        source = current.get("source")
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
    source_sha = (current or {}).get("source_sha") if keep_source else (_sha(text) if source else None)
    record = {"version": number, "file": name, "source": source, "source_sha": source_sha,
              "digest": catalog.digest, "name": (current or {}).get("name") if keep_source else catalog.name,
              "installed": datetime.now(timezone.utc).isoformat(timespec="seconds")}
    if activate:
        make_current(data_dir, record)
    return _stored(data_dir, record), record, True


def make_current(data_dir: Path, record: dict) -> None:
    """Make a stored version the data dir's catalog (one atomic rename: a kill leaves the old one or the new)."""
    _write_atomic(_dir(data_dir) / CURRENT, json.dumps(record, indent=2))


def install_file(data_dir: Path, path: Path, activate: bool = True) -> tuple[Catalog, dict, bool]:
    """Copy a user's catalog file into the data dir (validated first); its absolute path is kept for reference."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise CatalogError(f"{path}: cannot read catalog ({err.__class__.__name__}: {err})") from None
    return install_text(data_dir, text, str(path.resolve()), label=str(path), activate=activate)


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


# --- edits made in the app: on the TOML text, so the user's comments and layout stay ------------------------------

def _issue_blocks(text: str) -> list[tuple[str, int, int]]:
    """(issue id, first line, end line) of every [[issue]] table, in order (lines 0-based, end exclusive)."""
    import tomllib

    ids = [t.get("id") for t in tomllib.loads(text).get("issue", [])]
    lines = text.splitlines(keepends=True)
    starts = [n for n, line in enumerate(lines) if line.strip().startswith("[[issue]]")]
    blocks = []
    for k, start in enumerate(starts):
        end = next((n for n in range(start + 1, len(lines)) if lines[n].lstrip().startswith("[")), len(lines))
        while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
            end -= 1  # comments and blank lines before the next table belong to it
        blocks.append((ids[k] if k < len(ids) else None, start, end))
    return blocks


def _block(text: str, issue_id: str) -> tuple[list[str], int, int]:
    lines = text.splitlines(keepends=True)
    for found, start, end in _issue_blocks(text):
        if found == issue_id:
            return lines, start, end
    raise CatalogError(f"no issue {issue_id!r} in the catalog")


def new_issue_id(catalog: Catalog, title: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:40].strip("-") or "issue"
    if not re.match(r"^[a-z0-9]", base):
        base = "issue-" + base
    candidate, n = base, 2
    while catalog.get(candidate) is not None:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def add_query_issue(text: str, issue_id: str, title: str, query: str) -> str:
    """The catalog text with a new issue defined by a search."""
    block = (f"\n[[issue]]\nid = {json.dumps(issue_id)}\ntitle = {json.dumps(title, ensure_ascii=False)}\n"
             f"query = {json.dumps(query, ensure_ascii=False)}\n")
    return text.rstrip("\n") + "\n" + block


def rename_issue(text: str, issue_id: str, title: str) -> str:
    lines, start, end = _block(text, issue_id)
    for n in range(start, end):
        if re.match(r"\s*title\s*=", lines[n]):
            lines[n] = f"title = {json.dumps(title, ensure_ascii=False)}\n"
            return "".join(lines)
    raise CatalogError(f"issue {issue_id!r} has no one-line title to rename")


def delete_issue(text: str, issue_id: str) -> str:
    lines, start, end = _block(text, issue_id)
    return "".join(lines[:start] + lines[end:])
