"""Title, byline, outlet and date: from header blocks, or inferred from the first lines of scraped text."""
from __future__ import annotations

import re
from datetime import date, datetime

_HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9_-]{0,30}):[ \t]*(.*)$")
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
_TITLE_SUFFIX = re.compile(r"^(?P<title>.{12,}?)\s+[|–—-]\s+(?P<outlet>[^|–—-]{2,40})$")


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
    import dateparser  # slow to import; only needed for free-form dates

    parsed = dateparser.parse(value, settings={"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["year", "month"],
                                               "RETURN_AS_TIMEZONE_AWARE": False})
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


def infer_from_text(body: str) -> tuple[dict[str, str], str]:
    """Headline, byline, outlet and date from the first lines of a scraped article body.

    Returns the fields found and the body with the headline and byline lines removed.
    """
    lines = body.split("\n")
    found: dict[str, str] = {}
    consumed: set[int] = set()
    nonblank = [i for i, line in enumerate(lines) if line.strip()][:8]
    if nonblank:
        first = lines[nonblank[0]].strip()
        nxt = lines[nonblank[0] + 1] if nonblank[0] + 1 < len(lines) else ""
        # A headline: short, no sentence-ending full stop, or a line of its own above a blank line.
        if len(first) <= 200 and (not first.endswith(".") or not nxt.strip()) and len(first.split()) >= 2:
            found["title"] = first.lstrip("# ").strip()
            consumed.add(nonblank[0])
            m = _TITLE_SUFFIX.match(found["title"])
            if m:
                found["title"], found["source"] = m["title"].strip(), m["outlet"].strip()
    for i in nonblank:
        line = lines[i].strip()
        m = _BYLINE.match(line)
        if m and "byline" not in found:
            byline = re.split(r"\s+(?:[|,•·]\s*)?(?:Updated|Published|Posted)\b", m[1])[0].strip(" ,|")
            found["byline"] = byline
            consumed.add(i)
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
    rest = "\n".join(line for i, line in enumerate(lines) if i not in consumed)
    return found, rest


def fallback_title(body: str, path_stem: str) -> str:
    """A display title for text that has none: its first sentence, shortened, else the file name."""
    for line in body.split("\n"):
        line = line.strip()
        if len(line.split()) >= 3:
            sentence = re.split(r"(?<=[.!?])\s", line, maxsplit=1)[0]
            return sentence if len(sentence) <= 100 else sentence[:97].rsplit(" ", 1)[0] + "…"
    return path_stem
