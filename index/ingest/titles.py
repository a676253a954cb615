"""Titles: the headline without the site's suffix, or a short one derived from the first sentence.

A page title often carries the site and section ("… | Russia-Ukraine war News | Al Jazeera", "… - ABC News");
those go when they name the outlet or host, or when a pipe sets them off. A text with no headline gets its first
sentence, cut at a word boundary, never at an abbreviation (U.S., Gen., Feb.), and is marked as derived.
"""
from __future__ import annotations

import re

from .outlets import by_name, compact, names_domain

DERIVED_MAX = 90  # characters of a derived title before it is cut at a word boundary
_TRUNCATED_TAIL = re.compile(r"\s*(?:\.\.\.|…)\s*\w+$")  # "… – WSJ ...News": an aggregator's cut-off suffix
_PIPE = re.compile(r"\s+\|\s+")
_DASH = re.compile(r"\s+[-–—:]\s+")
_ABBREVIATION = re.compile(
    r"(?:\b(?:[A-Za-z]\.){1,4}"  # U.S. D.C. U.K. a.m.
    r"|\b(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Maj|Capt|Cpt|Sgt|Adm|Cmdr|Gov|Sen|Rep|Pres|Amb|Sec|Atty|Rev|Hon|St|Mt|Ft|Jr|Sr"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|No|Nos|Inc|Corp|Ltd|Co|Bros|vs|etc|approx|est|Dept|Univ)\.)$")


def split_first_sentence(text: str) -> str:
    """The first sentence of a paragraph; a full stop after an abbreviation does not end it."""
    for m in re.finditer(r"[.!?](?=[\"”’')\]]?\s+[\"“‘(]?[A-Z0-9])", text):
        if m[0] == "." and _ABBREVIATION.search(text[: m.end()]):
            continue
        return text[: m.end()].strip()
    return text.strip()


def derive_title(text: str) -> str | None:
    """A short title from the first sentence, cut at a word boundary with an ellipsis; None if there is no prose."""
    for line in text.split("\n"):
        line = line.strip()
        if len(line.split()) < 3:
            continue
        sentence = split_first_sentence(line).rstrip(".")
        if len(sentence) <= DERIVED_MAX:
            return sentence
        cut = sentence[: DERIVED_MAX + 1].rsplit(" ", 1)[0].rstrip(",;:–—- ")
        return cut + "…"
    return None


def _names_site(tail: str, outlets: list[str], host: str | None) -> bool:
    key = compact(tail)
    if not key:
        return False
    for name in outlets:
        if key == compact(name) or (by_name(tail) is not None and by_name(tail) == by_name(name)):
            return True
    return bool(host) and names_domain(tail, host)


def headline(title: str, outlets: list[str], host: str | None) -> str:
    """The headline inside a page title: the site's name and section after a pipe or a dash are dropped."""
    title = _TRUNCATED_TAIL.sub("", title).strip()
    parts = _PIPE.split(title)
    if len(parts) > 1 and len(parts[0].split()) >= 3:
        title = parts[0]
    # "head - Site" or "head - Site - its slogan": cut at the first dash followed by the outlet's or host's name
    for m in _DASH.finditer(title):
        head, tail = title[: m.start()], title[m.end():]
        if len(head.split()) >= 3 and _names_site(_DASH.split(tail)[0].strip(), outlets, host):
            return head.strip()
    return title.strip()
