"""Who wrote a page or record when the site that carried it did not: credits a page gives another outlet.

A wire story on a broadcaster's site, a UN News piece on a blog, an AG News row that opens "AP - …", a Usenet post
reposting a UPI story: the text says so in a few kinds of lines, and only those are read —
- at the top: a credit lead ("AP - …", "SPACE.com - …"), a wire dateline ("KYIV (AP) —"; also quoted once, "> KYIV
  (UPI) -- …", in a post that reposts the story), a post's attribution to a listed outlet ("news@feed.example (UPI)
  writes:"), "by" / an outlet on two lines;
- anywhere: "published in association with …", "This article was originally published by/on …", an outlet's writer
  line ("By Jane Roe" / "Associated Press Writer"), a sentence opening with the writer's role of an outlet ("By Jane
  Roe, staff writer of The Daily Planet.", in the first and last lines);
- at the bottom: a copyright line with a year ("Copyright 2026 The Associated Press"), a pointer to an outlet's own
  coverage ("Follow AP's coverage of …"), a wire's sign-off as the last line ("Reuter", "REUTER TAW", "REUTER^M",
  "… 128 PAID. REUTER", "-- AFP");
- in the title: a listed outlet in brackets opening or closing it ("[UPI] Mother files complaint", "… (Reuters)").
A reply ("Re: …") quotes the post it answers, so its quoted datelines and attributions are not its credit. A passing
mention ("an Associated Press report quoted …") never counts: an outlet named inside a sentence is a source the
writer used, not the writer.
"""
from __future__ import annotations

import re

from .outlets import as_domain, by_domain, by_name, compact

LEAD_LINES = 15  # credits at the top: a dateline or a lead is in the first lines of a page
LEAD_MIN_WORDS = 8  # "AP - A senior Israeli diplomat said …" is a lead; "CNN - Home" in a menu is not
CLOSING_LINES = 12  # credits at the bottom: copyright and "follow our coverage" lines

# "KYIV, Ukraine (AP) —", "(Reuters) -", "WASHINGTON, Feb 5 (Reuters) -": an outlet in brackets before a dash
_DATELINE = re.compile(r"^(?:[A-Z][\w .,'’/-]{0,60})?\((?P<outlet>[^()]{2,40})\)\s*[-—–]")
# "AP - A company …", "SPACE.com - TORONTO …", "InfoWorld -- Online …": a credit, then a dash, then the text
_LEAD = re.compile(r"^(?P<outlet>[A-Za-z][\w.&'’ -]{1,40}?)\s+(?:-{1,2}|[—–])\s+\S")
_ASSOCIATION = re.compile(
    r"(?i)^(?:this\s+(?:article|story|piece)\s+(?:is|was)\s+)?(?:re)?published\s+(?:in\s+(?:association|partnership)"
    r"\s+with|courtesy\s+of|with\s+(?:the\s+)?permission\s+(?:of|from))\s*:?\s*(?P<outlet>.{0,60}?)\W*$")
_ORIGINALLY = re.compile(
    r"(?i)^(?:this\s+(?:article|story|piece|post)\s+)?(?:was\s+|is\s+)?(?:originally|first)\s+(?:published|appeared|ran)"
    r"\s+(?:by|on|in|at)\s+(?P<outlet>[^.,;]{2,60}?)(?:[.,;]|\s+(?:and|on|under|as)\b|\W*$)")
_REPUBLISHED = re.compile(r"(?i)^(?:this\s+(?:article|story)\s+(?:is|was)\s+)?republished\s+from\s+(?P<outlet>[^.,;]{2,60}?)"
                          r"(?:[.,;]|\s+(?:under|with)\b|\W*$)")
_COPYRIGHT = re.compile(r"(?i)^(?:copyright\s*(?:©|\(c\))?|©|\(c\))\s*(?:(?:19|20)\d\d[-–,\s]*)+(?:by\s+)?"
                        r"(?P<outlet>[^.,;|]{2,50}?)(?:[.,;|]|\s+all\s+rights\b|\W*$)")
# "By Jane Roe  Staff writer of The Daily Planet.": a sentence opening with the writer and a role "of"/"for" an outlet
_WRITER_ROLE = re.compile(
    r"(?:^|(?<=[.!?\"”])\s+)By\s+[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3},?\s+(?:an?\s+)?"
    r"(?i:(?:(?:senior|chief|special|staff|foreign|political|business|science|diplomatic|economics?|contributing)\s+)*"
    r"(?:staff\s+)?(?:writer|correspondent|reporter|contributor|editor|columnist))\s+(?:of|for|at|with)\s+"
    r"(?P<outlet>(?:[Tt]he\s+)?[A-Z][\w.&'’-]*(?:\s+(?:[A-Z][\w.&'’-]*|of|and|&)){0,5})")
# "By Jane Roe, Associated Press Writer" or "By JANE ROE" over "Associated Press Writer": a listed outlet's role line
_OUTLET_WRITER = re.compile(r"^(?:By\s+[A-Z][^,]{2,60},\s*)?(?P<outlet>[A-Z][\w.&'’ -]{1,40}?)\s+(?i:(?:staff\s+|senior\s+|"
                            r"special\s+|chief\s+)?(?:writer|correspondent|reporter))$")
# A wire's sign-off: "Reuter" alone, with a desk code ("REUTER E") or a carriage return left in ("REUTER^M")
_SIGN_OFF_NOISE = re.compile(r"(?:\^[A-Z@\[\]]|\s+[A-Z])+\s*$")
# … or in capitals after the last sentence's full stop or figure ("… 128 PAID. REUTER", "… 17 REUTER")
_GLUED_SIGN_OFF = re.compile(r"[.!?\"”)\d]\s+(?P<wire>[A-Z][A-Z-]{1,14})\s*$")
_DESK_CODE = re.compile(r"^(.*?[A-Za-z])(?:\s+[A-Z]{1,3})+$")  # "REUTER TAW": the desk's initials after the sign-off
_QUOTE = re.compile(r"^>\s*")  # one level of quoting in a post: the reposted story itself
_REPLY = re.compile(r"(?i)^\s*(?:re|aw|sv)\s*:")  # a reply's subject ("Re: …"); a forward ("Fwd:") is a repost
# "clarinews@clarinet.com (UPI) writes:": a post quoting a wire's feed names the wire as the one who wrote it
_WRITES = re.compile(r"^(?:In article <[^<>]{1,200}>\s*)?[^\s@]{1,64}@[^\s@()]{1,255}\s+\((?P<outlet>[^()]{2,40})\)\s+"
                     r"(?:writes|wrote)\b")  # bounded parts: a hostile line of "@@@…" costs microseconds
_TITLE_CREDIT = re.compile(r"^\s*[\[(](?P<outlet>[^\])]{2,40})[\])]\s+\S")
_COVERAGE = re.compile(r"(?i)^(?:follow|read|see|for\s+more\s+of|more\s+of)\s+(?:all\s+of\s+)?(?P<outlet>[\w.&' -]{2,40}?)['’]s?\s+"
                       r"(?:full\s+|latest\s+|ongoing\s+)?coverage\b")


def _listed(name: str) -> str | None:
    """The table's name for a credited name, or for "<name> News" ("United Nations" → UN News)."""
    name = re.sub(r"(?i)^the\s+", "", name.strip(" *_#:-–—()[]\"'“”"))
    listed = by_name(name) or by_name(f"The {name}") or by_name(f"{name} News")
    return listed.name if listed else None


def _named(name: str) -> str | None:
    """A credited outlet: listed (by any name), else a domain ("SPACE.com"), else None."""
    listed = _listed(name)
    if listed:
        return listed
    domain = as_domain(name.strip(" .*_"))
    if domain and "." in name:
        outlet = by_domain(domain)
        return outlet.name if outlet else name.strip(" .*_")
    return None


def _bracket_suffix(title: str | None) -> str | None:
    m = re.search(r"\(([^()]{2,40})\)\s*$", title or "")
    return m[1].strip() if m else None


def lead_credit(lines: list[str], title: str | None = None) -> str | None:
    """An outlet credited at the top: a wire dateline (also quoted once, as a post reposting a story quotes it) or a
    credit lead. An unlisted lead name counts only when the title's bracketed credit says the same ("Phishing on the
    increase (InfoWorld)" over "InfoWorld - …")."""
    suffix = _bracket_suffix(title)
    reposted = not _REPLY.match(title or "")  # a reply quotes the post it answers, not a story it reposts
    for line in lines[:LEAD_LINES]:
        m = _DATELINE.match(line) or (_DATELINE.match(_QUOTE.sub("", line, count=1).strip())
                                      if reposted and line.startswith(">") and not line.startswith(">>") else None)
        if m and _named(m["outlet"]):
            return _named(m["outlet"])
        m = _WRITES.match(line) if reposted else None
        if m and _listed(m["outlet"]):
            return _listed(m["outlet"])
        m = _LEAD.match(line)
        if m and len(line.split()) >= LEAD_MIN_WORDS:
            name = m["outlet"].strip()
            if _named(name):
                return _named(name)
            if suffix and compact(suffix) == compact(name):
                return name
    return None


def page_credit(body: str, title: str | None = None) -> str | None:
    """The outlet a page or record credits as the writer, or None. Only the kinds of lines in the module docstring
    count, and an outlet is named only when it is listed, is a domain, or is credited twice (lead and title)."""
    lines = [line.strip() for line in body.split("\n") if line.strip()]
    for i, line in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if line.lower() in ("by", "by:", "from", "source", "source:") and _listed(nxt):
            return _listed(nxt)
        for pattern in (_ASSOCIATION, _ORIGINALLY, _REPUBLISHED):
            m = pattern.match(line)
            if m:
                named = _named(m["outlet"]) if m["outlet"] else None
                named = named or (_named(nxt) if not m["outlet"] or pattern is _ASSOCIATION else None)
                if named:
                    return named
    m = _TITLE_CREDIT.match(title or "")
    if m and _listed(m["outlet"]):
        return _listed(m["outlet"])
    lead = lead_credit(lines, title)
    if lead:
        return lead
    suffix = _bracket_suffix(title)  # "CERN to probe the universe (Reuters)": a listed outlet closing the title
    if suffix and _listed(suffix):
        return _listed(suffix)
    signed = sign_off(lines[-1]) if lines else None
    if signed:
        return signed
    # an outlet's writer line anywhere (a post may repost the story after its own words), but not in a reply
    for i, line in enumerate(lines if not _REPLY.match(title or "") else lines[:LEAD_LINES]):
        by = line.startswith("By ") or (i and lines[i - 1].startswith(("By ", "BY ")))
        m = _OUTLET_WRITER.match(line) if by else None
        if m and _listed(m["outlet"]):
            return _listed(m["outlet"])
    for line in lines[:LEAD_LINES] + lines[-CLOSING_LINES:]:
        m = _WRITER_ROLE.search(line) if "By " in line else None  # the substring test first: 100x cheaper
        if m:
            return _listed(m["outlet"]) or re.sub(r"^the\s+", "", m["outlet"].strip(" .,;"))  # "The" is in a name
    for line in lines[-CLOSING_LINES:]:
        for pattern in (_COPYRIGHT, _COVERAGE):
            m = pattern.match(line)
            if m and _listed(m["outlet"]):
                return _listed(m["outlet"])
    return None


SIGN_OFF_TAIL = 60  # characters: a sign-off is at the very end of the copy; regexes never scan the whole paragraph


def sign_off(line: str) -> str | None:
    """The wire whose sign-off closes a copy: "Reuter", "-- AFP", "(AP)", "REUTER E", "REUTER TAW" (a desk code),
    "REUTER^M", "… 128 PAID. REUTER" or "… 17 REUTER" (glued to the last sentence or figure)."""
    line = line.strip()
    whole = len(line) <= SIGN_OFF_TAIL  # a line of its own, not the end of a paragraph
    tail = _SIGN_OFF_NOISE.sub("", line[-SIGN_OFF_TAIL:])
    coded = _DESK_CODE.match(tail)
    for candidate in (tail, coded[1]) if coded else (tail,):
        glued = _GLUED_SIGN_OFF.search(candidate)
        for name in (candidate if whole and len(candidate.split()) <= 3 else "", glued["wire"] if glued else ""):
            listed = by_name(name.strip(" -–—()[]*_")) if name else None
            if listed and listed.wire:
                return listed.name
    return None
