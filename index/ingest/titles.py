"""Titles: the headline without the site's suffix, or a short one derived from the first sentence.

A page title often carries the site and section ("… | Russia-Ukraine war News | Al Jazeera", "… - ABC News");
those go when they name the outlet or host, or when a pipe sets them off. A text with no headline gets its first
sentence, cut at a word boundary, never at an abbreviation (U.S., Gen., Feb.), and is marked as derived.
"""
from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from .outlets import by_name, compact, names_domain

SERIES_MAX_WORDS = 8  # a series label after the headline is short: "The Big Five 22 February edition."
_SERIES = re.compile(r"(?i)\b(?:edition|issue|episode|newsletter|digest|bulletin|briefing|podcast|round-?up|vol\.?|no\.)(?:\W|$)")
DERIVED_MAX = 90  # characters of a derived title before it is cut at a word boundary
_TRUNCATED_TAIL = re.compile(r"\s+(?:\.\.\.|…)\w+$")  # "… – WSJ ...News": an aggregator's cut-off suffix
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
    for paragraph in re.split(r"\n\s*\n", text):
        line = " ".join(paragraph.split())  # a sentence wrapped over several lines is read whole
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


def _url_sections(url: str | None) -> set[str]:
    """The section names in a URL's path ("/report/ukraine/<slug>" → report, ukraine): the slug itself is not one."""
    if not url or "://" not in url:
        return set()
    parts = [p for p in urlsplit(url).path.split("/") if p]
    return {compact(unquote(p)) for p in parts[:-1] if not p.isdigit()} - {""}


def _series_label(sentence: str) -> bool:
    """A newsletter or series label after the headline: "The Big Five 22 February edition.", "Issue 42"."""
    return len(sentence.split()) <= SERIES_MAX_WORDS and bool(_SERIES.search(sentence)) and bool(re.search(r"\d", sentence))


def _undoubled(title: str) -> str:
    """A headline a feed wrote twice ("Battery Recall Battery Recall"), once."""
    words = title.split()
    half = len(words) // 2
    if half >= 2 and len(words) % 2 == 0 and words[:half] == words[half:]:
        return " ".join(words[:half])
    return title


def headline(title: str, outlets: list[str], host: str | None, url: str | None = None) -> str:
    """The headline inside a page title: the site's name and section after a pipe, a dash or in closing brackets
    are dropped, and so is a newsletter's edition label after the headline's own sentence."""
    title = _undoubled(_TRUNCATED_TAIL.sub("", title).strip())
    # "[UPI] Mother files complaint": an opening bracketed credit that names the outlet or host
    m = re.match(r"^[\[(]([^\])]{2,40})[\])]\s+(?=\S)", title)
    if m and len(title[m.end():].split()) >= 2 and _names_site(m[1].strip(), outlets, host):
        title = title[m.end():]
    parts = _PIPE.split(title)
    if len(parts) > 1 and len(parts[0].split()) >= 3:
        title = parts[0]
    # "head - Site" or "head - Site - its slogan": cut at the first dash followed by the outlet's or host's name,
    # or by a section of the page's own URL ("… [EN/UK] - Ukraine" on reliefweb.int/report/ukraine/…)
    sections = _url_sections(url)
    for m in _DASH.finditer(title):
        head, tail = title[: m.start()], title[m.end():]
        first = _DASH.split(tail)[0].strip()
        if len(head.split()) >= 3 and (_names_site(first, outlets, host)
                                       or (len(first.split()) <= 3 and compact(first) in sections)):
            title = head
            break
    # "Headline (AP)": a closing bracket that names the outlet or host
    m = re.search(r"\s+\(([^()]{2,40})\)\s*$", title)
    if m and len(title[: m.start()].split()) >= 2 and _names_site(m[1].strip(), outlets, host):
        title = title[: m.start()]
    # "Four Years of War, No End in Sight. The Big Five 22 February edition.": the series label goes
    first = split_first_sentence(title)
    rest = title[len(first):].strip()
    if rest and len(first.split()) >= 3 and _series_label(rest):
        title = first.rstrip(".")
    return title.strip()
