"""Title, byline, outlet credit, host and date: from header blocks, or read off the lines of scraped text."""
from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

from .clean import is_furniture
from .outlets import as_domain, is_outlet_name

# An RFC 822 field name is any printable character but a colon ("Article-I.D.:" in Usenet posts)
_HEADER_LINE = re.compile(r"^([A-Za-z][!-9;-~]{0,40}):[ \t]*(.*)$")
# Header keys → our fields. Unknown keys are kept out of the article but allowed in the block.
HEADER_FIELDS = {
    "title": "title", "headline": "title", "subject": "title",
    "source": "source", "outlet": "source", "publisher": "source", "newsgroups": "source",
    "organization": "organization",
    "url": "url", "link": "url",
    "date": "date", "published": "date", "pubdate": "date",
    "author": "byline", "byline": "byline", "from": "byline", "by": "byline",
}
_KNOWN_TOP_KEYS = {"title", "source", "url", "date", "subject", "from", "newsgroups", "author", "headline"}

_MONTHS = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
           r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
# Only dates that carry a year: "said on Wednesday" or "Feb 5" alone must stay unknown.
_DATE_IN_TEXT = re.compile(
    rf"\b(?:{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS},?\s+(?:19|20)\d\d"
    rf"|(?:19|20)\d\d-\d\d-\d\d)\b")
_BYLINE = re.compile(r"^(?:By|BY|Written by|Reporting by)\s+([A-Z][^\n]{1,100})$")
_DATELINE_OUTLET = re.compile(r"^[A-Z][\w .,'/-]{1,60}\((Reuters|AP|AFP|Bloomberg|UPI|dpa|Xinhua|Interfax|TASS)\)\s*[-—–]")


def parse_date(value: str | None) -> str | None:
    """An ISO date from a metadata value, or None: a value with no year is not a date we can trust."""
    if not value:
        return None
    value = value.strip()
    if not value or len(value) > 80:
        return None
    m = re.match(r"^((?:19|20)\d\d)-(\d\d)-(\d\d)", value)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    if not re.search(r"(?:19|20)\d\d|\b\d\d-[A-Za-z]{3}-\d\d\b", value):
        return None
    quick = _common_date(value)
    if quick is not None:
        return quick or None
    if not _worth_dateparser(value):
        return None
    return _dateparser(value)


MAX_FREE_DATE_CHARS = 40  # dateparser's cost grows with the words it is given: 80 hostile characters took 253 ms
MAX_FREE_DATE_WORDS = 5  # words with letters: weekday, month, "le"/"of", a time zone; more is not a date
_MONTH_NUMBER = {m: i for i, names in enumerate((("jan", "january"), ("feb", "february"), ("mar", "march"),
                                                 ("apr", "april"), ("may",), ("jun", "june"), ("jul", "july"),
                                                 ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"),
                                                 ("nov", "november"), ("dec", "december")), 1) for m in names}
_DAY_MONTH_YEAR = re.compile(r"^(?:[A-Za-z]{3,9},?\s+)?(\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?[\s-]+([A-Za-z]{3,9})\.?,?[\s-]+"
                             r"((?:19|20)\d\d)\b")
_MONTH_DAY_YEAR = re.compile(r"^(?:[A-Za-z]{3,9},?\s+)?([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+"
                             r"((?:19|20)\d\d)\b")
_SLASHED_ISO = re.compile(r"^((?:19|20)\d\d)[/.](\d{1,2})[/.](\d{1,2})\b")


def _common_date(value: str) -> str | None:
    """The date forms feeds and files mostly use, read without dateparser: "5 March 2024", "Tue, 05 Mar 2024
    10:00:00 +0000", "March 5, 2024", "26-FEB-1987 15:01", "2024/03/05". None: not one of these; "": one of
    these, but not a real date."""
    for pattern, order in ((_DAY_MONTH_YEAR, "dmy"), (_MONTH_DAY_YEAR, "mdy"), (_SLASHED_ISO, "ymd")):
        m = pattern.match(value)
        if not m:
            continue
        parts = dict(zip(order, m.groups()))
        month = int(parts["m"]) if parts["m"].isdigit() else _MONTH_NUMBER.get(parts["m"].lower())
        if month is None:
            return None  # a month name in another language: dateparser's job
        try:
            return date(int(parts["y"]), month, int(parts["d"])).isoformat()
        except ValueError:
            return ""
    return None


def _worth_dateparser(value: str) -> bool:
    """A cheap test before the costly call: short, few words (80 hostile characters cost dateparser 253 ms)."""
    if len(value) > MAX_FREE_DATE_CHARS:
        return False
    return len(re.findall(r"[^\W\d_]+", value)) <= MAX_FREE_DATE_WORDS


DETECT_BUDGET_S = 0.5  # per file, CPU seconds: dateparser's language detection (40-100 ms a try) after the first try
# of the process, which loads its languages (4 s) and is not charged to the file that happens to come first
_DATEPARSER_SETTINGS = {"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["year", "month"],
                        "RETURN_AS_TIMEZONE_AWARE": False}


class _Budget:
    left = DETECT_BUDGET_S
    loaded = False  # dateparser's languages are loaded (its first detection)


def reset_date_budget() -> None:
    """Called for each file: a file full of hostile dates costs at most DETECT_BUDGET_S in language detection."""
    _Budget.left = DETECT_BUDGET_S


def _dateparser(value: str) -> str | None:
    """English first (5 ms); other languages by dateparser's detection while the file's budget lasts. The budget
    counts CPU time and the cache keeps only real answers, so a date is read the same whatever the machine's load
    and whichever files came before (it counted wall-clock time and cached the None of a spent budget for good)."""
    import time

    found = _in_english(value)
    if found is not None or _Budget.left <= 0:
        return found
    started = time.thread_time()
    try:
        return _in_any_language(value)
    finally:
        if _Budget.loaded:
            _Budget.left -= time.thread_time() - started
        _Budget.loaded = True


@lru_cache(maxsize=4096)
def _in_english(value: str) -> str | None:
    import dateparser  # slow to import; only needed for free-form dates

    return _plausible(dateparser.parse(value, settings=_DATEPARSER_SETTINGS, languages=["en"]))


@lru_cache(maxsize=4096)
def _in_any_language(value: str) -> str | None:
    import dateparser

    return _plausible(dateparser.parse(value, settings=_DATEPARSER_SETTINGS))


def _plausible(parsed: datetime | None) -> str | None:
    if parsed is None or not (1900 <= parsed.year <= datetime.now().year + 1):
        return None
    return parsed.date().isoformat()


def split_header_block(text: str) -> tuple[dict[str, str], str]:
    """Split a leading `Key: value` block (Title:/Source:/URL:/Date:, or RFC 822 headers) from the body.

    The block counts only if it is at the very top, every line in it is a header line (or an RFC 822
    continuation), at least one key is a known article key, and a blank line ends it.
    """
    lines = text.split("\n")
    headers: dict[str, str] = {}
    last_key = None
    for i, line in enumerate(lines[:60]):
        if not line.strip():
            if headers and _KNOWN_TOP_KEYS & set(headers):
                return headers, "\n".join(lines[i + 1:])
            return {}, text
        if line[:1] in (" ", "\t") and last_key:
            headers[last_key] += " " + line.strip()
            continue
        m = _HEADER_LINE.match(line)
        if not m:
            return {}, text
        last_key = m[1].lower()
        headers.setdefault(last_key, m[2].strip())
    return {}, text


def fields_from_headers(headers: dict[str, str]) -> dict[str, str]:
    """Map raw header keys to article fields (first key wins for each field)."""
    out: dict[str, str] = {}
    for key, value in headers.items():
        target = HEADER_FIELDS.get(key)
        if target and value and target not in out:
            out[target] = value
    if "source" not in out and "organization" in out:
        out["source"] = out["organization"]
    out.pop("organization", None)
    if "byline" in out:
        out["byline"] = re.sub(r"\s*<[^>]*>|\S+@\S+\s*", "", out["byline"]).strip(" ()") or out["byline"]
    return out


_SEPARATOR = re.compile(r"^[^\w\s]{1,3}$")  # a breadcrumb's "/", "›", "»", "|" on a line of its own
_READING_TIME = re.compile(r"^(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3}?)\s*\d+\s*min(?:ute)?s?\s+read\b.*$")
# "Jane Roe, Bloomberg News on" (ArcaMax-style byline: author, outlet, then a date that was not kept)
_NAME_COMMA_OUTLET = re.compile(r"^(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){1,3}),\s+(?P<outlet>[A-Z][\w.&'’ -]{1,40}?)"
                                r"(?:\s+(?:on|\|)\b.*|\s+on)?$")
# "News by : (Russia Today) -", "By (AFP)": an outlet credited in brackets
_BRACKET_CREDIT = re.compile(r"^(?:[A-Z][a-z]+\s+)?by\s*:?\s*\(\s*(?P<outlet>[^()]{2,40}?)\s*\)\W*$", re.I)
# "Source: cyprus-mail.com" near the top: the page names where it comes from
_SOURCE_LINE = re.compile(r"^(?:Source|Via|Originally published (?:on|by|at))\s*:?\s*(?P<outlet>\S.{0,60}?)\W*$", re.I)
_NEWS_WORD = re.compile(r"(?i)\b(news|times|post|press|journal|herald|tribune|mail|telegraph|gazette|wire|agency|"
                        r"radio|tv|television|media|daily|weekly|review|observer|guardian|chronicle|express|insider)$")
# An aggregator naming itself in its footer ("The editorial team at PressBee has edited …"); the name is a brand
# written in CamelCase or a domain, so ordinary capitalised words in a sentence do not qualify.
_HOST_FOOTER = re.compile(r"(?i)\b(editorial\s+team|republish|originally\s+(published|appeared)|syndicat|"
                          r"powered\s+by|aggregat)")
_BRAND = re.compile(r"\b([A-Z][a-z]{2,}[A-Z][a-z]{2,}|[a-z0-9-]{3,}\.(?:com|net|org|news|info|co\.uk))\b")


def looks_like_outlet(name: str) -> bool:
    """A credited name that is an outlet: a listed one or one named like a news organisation, or a domain."""
    name = name.strip()
    return bool(name) and (is_outlet_name(name) or bool(_NEWS_WORD.search(name)) or as_domain(name) is not None)


# The next line goes on with the same sentence: a wrapped first line of prose, not a headline over the text
_SENTENCE_END = re.compile(r"([.!?])[\"”’')\]]*$")
_LONG_QUESTION_WORDS = 12
_CONTINUED = re.compile(r"^\s*(?:[a-z]|\([^()\n]{1,40}\)\s+[a-z])")


def _is_headline(line: str, nxt: str) -> bool:
    words = len(line.split())
    if line.endswith((",", ";")) or (line.endswith(":") and words >= 6) or _CONTINUED.match(nxt):
        return False
    # a sentence with prose right under it (no blank line) is the text's first line: one ending in a full stop
    # (before a closing quote too), or a long question or exclamation; a short one ("Is peace near?") is a headline
    ended = _SENTENCE_END.search(line)
    if ended and nxt.strip() and (ended[1] == "." or words > _LONG_QUESTION_WORDS):
        return False
    return len(line) <= 200 and words >= 2


def _headline(lines: list[str], nonblank: list[int]) -> tuple[int | None, list[int]]:
    """The headline's line among the first ones, and the site furniture above it (breadcrumbs, section labels)."""
    above: list[int] = []
    for pos, i in enumerate(nonblank):
        line = lines[i].strip()
        prev_sep = pos > 0 and _SEPARATOR.match(lines[nonblank[pos - 1]].strip())
        next_sep = pos + 1 < len(nonblank) and _SEPARATOR.match(lines[nonblank[pos + 1]].strip())
        if _SEPARATOR.match(line) or prev_sep or next_sep or is_furniture(line):
            above.append(i)
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if not _is_headline(line, nxt):
            if len(line.split()) < 2:  # a one-word section label ("World")
                above.append(i)
                continue
            return None, []  # prose first: the text has no headline
        # a short capitalised label ("Current News", "World Politics") right above a fuller headline (one that is
        # not a sentence: a standfirst below a short headline ends with a full stop) is a section name
        later = [j for j in nonblank[pos + 1:pos + 3]
                 if len(lines[j].split()) >= 4 and not lines[j].rstrip().endswith(".")
                 and _is_headline(lines[j].strip(), lines[j + 1] if j + 1 < len(lines) else "")]
        words = line.split()
        if len(words) <= 3 and later and all(w[:1].isupper() for w in words) and not line.endswith((".", "?", "!", ":")):
            above.append(i)
            continue
        return i, above
    return None, []


def _credit(line: str) -> tuple[str | None, str | None]:
    """(byline, outlet) from a credit line: "By Jane Roe, Reuters", "Jane Roe, Bloomberg News on", "By (AFP)"."""
    m = _BRACKET_CREDIT.match(line)
    if m and looks_like_outlet(m["outlet"]):
        return None, m["outlet"]
    m = _BYLINE.match(line)
    if m:
        byline = re.split(r"\s+(?:[|,•·]\s*)?(?:Updated|Published|Posted)\b", m[1])[0].strip(" ,|")
        head, _, tail = byline.rpartition(",")
        if head and looks_like_outlet(tail.strip()):
            return head.strip(), tail.strip()
        for sep in (" | ", " for ", " of "):  # "By Jane Roe | Reuters", "By Jane Roe for the BBC"
            head, _, tail = byline.rpartition(sep)
            if head and looks_like_outlet(re.sub(r"^the\s+", "", tail.strip(), flags=re.I)):
                return head.strip(), re.sub(r"^the\s+", "", tail.strip(), flags=re.I)
        return byline, None
    m = _NAME_COMMA_OUTLET.match(line)
    if m and looks_like_outlet(m["outlet"]):
        return m["name"], m["outlet"].strip()
    m = _READING_TIME.match(line)
    if m:
        return m["name"], None
    return None, None


def infer_from_text(body: str) -> tuple[dict[str, str], str]:
    """Headline, byline, outlet, host and date from the first and last lines of a scraped article body.

    Returns the fields found and the body with the headline, credit lines and furniture above the headline
    removed. "source" is the outlet the text credits; "host" a site that carried it (an aggregator's name).
    """
    lines = body.split("\n")
    found: dict[str, str] = {}
    consumed: set[int] = set()
    nonblank = [i for i, line in enumerate(lines) if line.strip()]
    top = nonblank[:12]
    head, above = _headline(lines, nonblank[:8])
    if head is not None:
        found["title"] = lines[head].strip().lstrip("# ").strip()
        consumed.add(head)
        consumed.update(above)
        for i in above:  # a brand in the breadcrumb ("Current News / ArcaMax") is the site the page is on
            brand = _BRAND.search(lines[i])
            if brand and "host" not in found:
                found["host"] = brand[1]
    for i in top:
        line = lines[i].strip()
        if i in consumed:
            continue
        byline, outlet = _credit(line)
        if (byline or outlet) and "byline" not in found and "source" not in found:
            if byline:
                found["byline"] = byline
            if outlet:
                found["source"] = outlet
            consumed.add(i)
        m = _SOURCE_LINE.match(line)
        if m and looks_like_outlet(m["outlet"]) and "source" not in found:
            found["source"] = m["outlet"]
            consumed.add(i)
            continue
        if "date" not in found and len(line) < 160:
            d = _DATE_IN_TEXT.search(line)
            if d and (i in consumed or re.search(r"(?i)updated|published|posted|^\W*" + _MONTHS, line)):
                iso = parse_date(d[0])
                if iso:
                    found["date"] = iso
                    if len(line) - len(d[0]) < 40:
                        consumed.add(i)
        m = _DATELINE_OUTLET.match(line)
        if m and "source" not in found:
            found["source"] = m[1]
    if "host" not in found:
        for i in nonblank[-12:]:
            if _HOST_FOOTER.search(lines[i]):
                brand = _BRAND.search(lines[i])
                if brand:
                    found["host"] = brand[1]
                    # the aggregator's own closing lines (its disclaimer, its sign-off) are its furniture
                    consumed.update(j for j in nonblank[-12:] if j >= i and brand[1] in lines[j])
                    break
    rest = "\n".join(line for i, line in enumerate(lines) if i not in consumed)
    if head is not None and len(rest.split()) < 3:  # a one-line text is its own body, not a headline over nothing
        found.pop("title")
        consumed.discard(head)
        rest = "\n".join(line for i, line in enumerate(lines) if i not in consumed)
    return found, rest
