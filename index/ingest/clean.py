"""Boilerplate removal: site furniture, calls to action, footers, and lines a source repeats in many articles.

Nothing here lists any particular site's phrases: rules are about the *kind* of line (a share bar, a
newsletter pitch, a copyright notice, a run of menu items) and about repetition across documents.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

from ..textsafety import safe

# A link target stops at MAX_URL characters and at "[" (which a URL holds only percent-encoded): unbounded, "[a](/"
# repeated 8,000 times took 4 s, each start scanning to the end of the line.
MAX_URL = 2048
_MD_LINK = re.compile(r"\[((?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]\((?:https?://|/|#|<)[^)\n\[]{0,%d}\)" % MAX_URL)  # one level of [nested]
_MD_FOOTNOTE = re.compile(r"\[\[[^\]\n]{1,12}\]\]\([^)\n\[]{0,%d}\)|\[\[[ivxlcdm0-9]{1,8}\]\]" % MAX_URL)
_MD_EMPHASIS = re.compile(r"\*\*|__(?=\w)|(?<=\w)__")
_BARE_URL = re.compile(r"^\W*(https?://|www\.)\S+\W*$")

# Whole short lines that are site furniture: share bars, comment prompts, navigation, related-links headers.
_FURNITURE_LINE = re.compile(r"""(?ix)^\W*(
    share(\s+(this|on|via)\b.*)?|tweet|e-?mail|print|copy\s+link|save(\s+article)?|facebook|twitter|x|linkedin|
    whatsapp|reddit|telegram|pinterest|flipboard|
    (\d+\s+)?comments?|(view|show|load|add|post|leave|read|see|join)\s+(\w+\s+)?(comments?|conversation|discussion).*|
    comments?\s+(are|is)\s+(closed|disabled).*|
    (read|see|show|load|view)\s+(more|less|all|next|full\s+story)\b.*|(continue|keep)\s+reading\b.*|
    related(\s+(articles?|stories|coverage|content|topics|news|links|posts))?|see\s+also|recommended(\s+for\s+you)?|
    most\s+(read|popular|viewed|shared)|trending(\s+now)?|top\s+stories|you\s+(may|might)\s+also\s+like.*|
    more\s+(from|on|stories|news)\b.*|also\s+read\b.*|watch(\s+now)?|listen(\s+now)?|
    skip\s+to\s+(main\s+)?content|home(\s*page)?|menu|search|sign\s+in|log\s*in|log\s+out|register|
    subscribe(\s+now)?|sign\s+up|newsletters?|advertisement|advertising|advertise|sponsored(\s+content)?|ad|
    close|back\s+to\s+top|next\s+(article|story)|previous\s+(article|story)|
    (accept|manage)\s+(all\s+)?cookies|cookie\s+(policy|settings)|privacy(\s+policy)?|terms\s+(of|and)\s+\w+.*|
    contact\s+us|about\s+us|follow\s+us\b.*|tags?:.*|topics?:.*|filed\s+under:?.*|(published|posted)\s+in\s+(?-i:[A-Z][\w'-]*(\s+(&|and|[A-Z][\w'-]*)){0,3})|
    (image|photo|video|graphic)(\s+(credit|source))?:?\s*\S*|getty\s+images|
    loading\.{0,3}|please\s+enable\s+javascript.*|this\s+content\s+is\s+not\s+available.*
    )\W*$""")

# Anywhere in a short line: a call to action, a footer, licensing, a gallery counter.
_FURNITURE_PHRASE = re.compile(r"""(?ix)(
    \bsign\s+up\s+(here|now|today|for)\b|\bsubscribe\s+(here|now|today|to\s+(our|the))\b|\bnewsletters?\b|
    \bclick\s*here|\benter\s+your\s+e-?mail\b|\blearn\s+more\s+about\b|\bdownload\s+(our|the)\s+app\b|\bfollow\s+us\s+on\b|
    get\s+(\w+\s+)?(alerts|notifications)\b|\bopens\s+new\s+tab\b|\blicensing\s+rights\b|
    \bcomments?\s+powered\s+by\b|\bjoin\s+the\s+(conversation|discussion)\b|\bshare\s+this\s+(article|story)\b|
    ©|\(c\)\s*(19|20)\d\d|\bcopyright\s+(\(c\)\s*)?(19|20)\d\d|\ball\s+rights\s+reserved\b|
    \bdistributed\s+by\b|\bsyndicat(ed|ion)\s+(by|partner)|\breprinted\s+with\s+permission\b|
    \bmay\s+not\s+be\s+(published|reproduced|broadcast|rewritten|redistributed)\b|
    \bthis\s+(story|article)\s+(was|has\s+been)\s+(originally\s+)?(published|republished)\b|
    ^\W*item\s+\d+\s+of\s+\d+\b|^\W*\[\d{1,2}/\d{1,2}\]|\bthe\s+views\s+expressed\s+(here|in\s+this)\b|
    \bmake\s+a\s+text\s+selection\b|\b(sent\s+)?(directly\s+)?to\s+your\s+inbox\b|\bpreferred\s+source\b|\bsee\s+(our|the)\s+(interactive\s+)?map\b
    )""")

_SENTENCE_PUNCT = frozenset(""".!?…:;"”’')]""")
_TRAILING_NON_WORD = re.compile(r"\W*")  # matched on the reversed line: linear, whatever the line holds
HEADLINE_MAX = 200  # a non-sentence line longer than this is prose without a full stop, not a headline
WRAP_MAX = 100  # text whose every line is at most this long may be hard-wrapped (e-mail: 72-80)
MENU_RUN = 3  # this many non-sentence short lines in a row read as a menu or a block of unrelated headlines


def strip_controls(text: str) -> str:
    """Remove what textsafety calls unsafe (escape sequences, controls, bidi and zero-width characters, lone
    surrogates): article text must never drive a terminal, and "Zel\u200bensky" must match "Zelensky"."""
    return safe(text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))


def ends_sentence(line: str) -> bool:
    """Whether the line ends like a sentence: a full stop, ?, !, …, a closing quote or bracket, then nothing but
    punctuation. (The regex `[.!?…]\\W*$` this replaces went quadratic on a long run of dots: 109 s for 40 KB.)"""
    tail = _TRAILING_NON_WORD.match(line[::-1])
    return any(ch in _SENTENCE_PUNCT for ch in tail.group(0))


def demarkdown(line: str) -> str:
    """Crawls stored as Markdown: keep link text, drop link targets, footnote markers and bold markers."""
    line = _MD_FOOTNOTE.sub("", line)
    line = _MD_LINK.sub(r"\1", line)
    return _MD_EMPHASIS.sub("", line)


def fingerprint(line: str) -> str:
    """A line's identity for repetition counting: case, digits, accents and punctuation ignored."""
    norm = unicodedata.normalize("NFKD", line.casefold())
    norm = re.sub(r"\d+", "0", norm)
    norm = re.sub(r"[\W_]+", " ", norm).strip()
    return hashlib.blake2b(norm.encode(), digest_size=8).hexdigest()


_CONSENT = re.compile(r"(?i)\bwe\s+and\s+our\s+(\d+\s+)?(partners|vendors)\b|\buse\s+cookies\b|\bcookie\s+(policy|settings|consent|preferences)\b"
                      r"|\bmanage\s+(your\s+)?(privacy|consent|cookie)\s+(settings|preferences|choices)\b")


def is_furniture(line: str) -> bool:
    stripped = line.strip()
    if not stripped:
        return False
    if not any(ch.isalpha() for ch in stripped) or _BARE_URL.match(stripped):
        return True
    if len(stripped) <= 80 and _FURNITURE_LINE.match(stripped):
        return True
    if len(stripped) <= 1500 and _CONSENT.search(stripped):  # cookie banners run long
        return True
    return len(stripped) <= 300 and bool(_FURNITURE_PHRASE.search(stripped))


def is_menu_line(line: str) -> bool:
    """A long run of capitalised words with no sentence end: a navigation bar flattened into one line."""
    words = line.split()
    if len(words) < 6 or ends_sentence(line):
        return False
    capitalised = sum(1 for w in words if w[:1].isupper() or w[:1].isdigit() or not w[:1].isalnum())
    return capitalised >= 0.7 * len(words)


def is_sentence_line(line: str) -> bool:
    """A line that reads as prose: long enough and ending like a sentence."""
    stripped = line.strip()
    return len(stripped.split()) >= 6 and ends_sentence(stripped)


def clean_lines(lines: list[str], repeated=lambda fp, prose: False) -> list[str]:
    """Drop furniture and repeated lines, then runs of short non-sentence lines (menus, headline lists)."""
    kept, seen = [], set()
    for line in (line.strip() for line in lines):
        fp = fingerprint(line)
        if fp in seen:  # a caption or promo repeated within the page: keep the first only
            continue
        seen.add(fp)
        kept.append(line)
    unique = [line for line in kept if line and not is_furniture(line)]
    kept = [line for line in unique if not is_menu_line(line) and not repeated(fingerprint(line), is_sentence_line(line))]
    out: list[str] = []
    run: list[str] = []

    def flush():
        if len(run) < MENU_RUN:
            out.extend(run)
        run.clear()

    for line in kept:
        if not is_sentence_line(line) and len(line) <= HEADLINE_MAX:
            run.append(line)
        else:
            flush()
            out.append(line)
    flush()
    # Headline-like lines trailing the last sentence are "more stories" lists, not the article.
    while out and not is_sentence_line(out[-1]) and len(out[-1]) <= HEADLINE_MAX:
        out.pop()
    if len(" ".join(out).split()) < 3:  # the menu and headline rules never empty a text on their own: a short
        for fallback in (kept, unique):  # post, a one-line record, a table of figures is the article, not furniture
            if len(" ".join(fallback).split()) >= 3:
                return fallback
    return out


# a line that carries on the sentence above it: "The Statistical Bureau" / "(CSU) said on Thursday …"
_GOES_ON = re.compile(r"^\s*(?:[a-z]|\([^()]{1,40}\)\s+[a-z])")


def unwrap(lines: list[str]) -> list[str]:
    """Join hard-wrapped lines (e-mail, Usenet, plain-text wires) back into paragraphs, so the line rules judge
    paragraphs: otherwise every wrapped line reads as a short headline and the whole post as a menu.

    Only text that is wrapped throughout counts: no line longer than WRAP_MAX, and a line is joined to the next
    when it does not end a sentence and either fills at least 60% of the widest line or the next line carries on
    its sentence (starts in lower case). Scraped pages keep a paragraph on
    one line, so they are left alone.
    """
    widths = [len(line.rstrip()) for line in lines if line.strip()]
    if len(widths) < 2 or max(widths) > WRAP_MAX or max(widths) < 40:
        return lines
    fill = 0.6 * max(widths)
    out: list[str] = []
    joining = False
    for i, line in enumerate(lines):
        text = line.strip()
        if joining and text:
            out[-1] = out[-1] + " " + text
        else:
            out.append(line)
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        joining = bool(text) and not ends_sentence(text) and (len(line.rstrip()) >= fill or bool(_GOES_ON.match(nxt)))
    return out


def clean_record(body: str) -> str:
    """A structured record's text field: only controls and markup go; every line of it is kept.

    Line-level boilerplate rules are for scraped pages; a one-line JSON or CSV record would be emptied by them.
    A wire body hard-wrapped at ~70 columns is joined back into paragraphs, or every sentence is cut at its breaks.
    """
    lines = (demarkdown(line).strip() for line in unwrap(strip_controls(body).split("\n")))
    return "\n\n".join(line for line in lines if line)


def clean_body(body: str, repeated=lambda fp, prose: False) -> str:
    """The article body as stored and shown: controls gone, Markdown link noise gone, furniture gone."""
    lines = [demarkdown(line) for line in unwrap(strip_controls(body).split("\n"))]
    return "\n\n".join(clean_lines(lines, repeated))
