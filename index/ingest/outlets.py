"""Outlet names: which outlet a domain or a credit line names ("reuters.com", "Russia Today" → Reuters, RT).

The table (data/outlets.toml) lists common outlets; anything else is named by the site name its own page
gives when the domain confirms it ("Geneva Solutions" on genevasolutions.news), else by its domain.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from urllib.parse import urlsplit

_DOMAIN = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}$")
_GENERIC_LABELS = {"www", "www2", "m", "amp", "news", "edition", "online", "blog", "blogs", "en", "english",
                   "com", "org", "net", "gov", "edu", "int", "co", "go", "ac"}


@dataclass(frozen=True)
class Outlet:
    name: str
    wire: bool = False


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, Outlet], dict[str, Outlet]]:
    """(domain → outlet, compacted name or alias → outlet)."""
    data = tomllib.loads(resources.files(__package__).joinpath("data", "outlets.toml").read_text(encoding="utf-8"))
    by_domain, by_name = {}, {}
    for name, entry in data.items():
        outlet = Outlet(name, bool(entry.get("wire")))
        for domain in entry.get("domains", []):
            by_domain[domain.lower()] = outlet
        for alias in [name, *entry.get("aliases", [])]:
            by_name.setdefault(compact(alias), outlet)
    return by_domain, by_name


def compact(text: str) -> str:
    """Letters and digits only, lower case: "Al Jazeera" and "aljazeera" compare equal."""
    return re.sub(r"[^0-9a-z]", "", text.casefold())


def as_domain(value: str | None) -> str | None:
    """The host name in a URL or a bare domain ("https://www.Reuters.com/x" → "reuters.com"), else None."""
    if not value:
        return None
    value = value.strip().lower()
    if "://" in value:
        value = urlsplit(value).hostname or ""
    elif "/" in value:
        value = value.split("/", 1)[0]
    value = value.removeprefix("www.").rstrip(".")
    return value if _DOMAIN.match(value) else None


def by_domain(domain: str) -> Outlet | None:
    """The listed outlet publishing on this domain or a parent of it (edition.cnn.com → CNN)."""
    table = _table()[0]
    labels = domain.lower().split(".")
    for i in range(len(labels) - 1):
        outlet = table.get(".".join(labels[i:]))
        if outlet:
            return outlet
    return None


def by_name(name: str) -> Outlet | None:
    """The listed outlet a name or alias stands for, any case and spacing ("russia today" → RT)."""
    return _table()[1].get(compact(name)) if name else None


def names_domain(name: str, domain: str) -> bool:
    """Does a site name belong to a domain? "ABC News" ~ abcnews.go.com, "BBC News" ~ bbc.com, "ICIJ" ~ icij.org."""
    key = compact(name)
    if len(key) < 3:
        return False
    listed = by_domain(domain)
    if listed and by_name(name) == listed:
        return True
    for label in domain.lower().split(".")[:-1]:
        label = label.replace("-", "")
        if label in _GENERIC_LABELS or len(label) < 3:
            continue
        if key == label or (len(label) >= 4 and label in key) or (len(key) >= 4 and key in label):
            return True
    return False


def is_outlet_name(name: str) -> bool:
    return by_name(name) is not None


def _site_name_in_title(title: str | None, domain: str) -> str | None:
    """The site's own name in its page title ("… | Critical Threats" on criticalthreats.org), if the domain confirms it."""
    if not title:
        return None
    for part in re.split(r"\s+[|\-–—:]\s+", title)[1:]:
        part = part.strip(" #@·•")
        if 2 <= len(part) <= 60 and names_domain(part, domain):
            return part
    return None


def settle(source: str | None, host: str | None, url: str | None, title: str | None) -> tuple[str | None, str | None, bool]:
    """(outlet name, host, is a wire service) from what the input says: a domain, a name, a URL, the page title."""
    source = (source or "").strip() or None
    domain = as_domain(source) if source else None
    url_domain = as_domain(url)
    host = (host or "").strip() or url_domain or domain
    if source and not domain:
        listed = by_name(source)
        return (listed.name if listed else source), host, bool(listed and listed.wire)
    domain = domain or url_domain
    if not domain:
        return None, host, False
    listed = by_domain(domain)
    if listed:
        return listed.name, host, listed.wire
    return _site_name_in_title(title, domain) or domain, host, False


def search_text(outlet: str | None, host: str | None) -> str:
    """What `source:` matches for an article: the outlet's name, its host, and each part of a domain
    (so `source:reuters`, `source:reuters.com` and `source:"bloomberg news"` all work, in any case)."""
    parts = [p for p in (outlet, host) if p]
    for value in list(parts):
        domain = as_domain(value)
        if domain:
            parts += [label for label in domain.split(".")[:-1] if label not in _GENERIC_LABELS]
    return " ; ".join(dict.fromkeys(parts))
