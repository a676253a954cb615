"""Corrections to the model's entities that need only the article itself: trimming, junk and site furniture,
titles, places, name propagation and one label per name.

Pure Python on spans {"start", "end", "text", "label"}; no spaCy, so it can be re-run on stored model output.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict

from .aliases import normalise, surname
from .gazetteer import FILL_POPULATION, gazetteer
from .names import STOP_WORDS, is_given_name, is_junk_name, is_news_outlet

NUMERIC_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
PLACE_LABELS = frozenset({"GPE", "LOC"})
# Last words that make a "person" span a building or an organisation ("Trump Tower", "Clinton Foundation").
FACILITY_HEADS = frozenset({"tower", "towers", "building", "hotel", "airport", "bridge", "stadium", "square",
                            "street", "avenue", "palace", "plaza", "center", "centre", "hall", "house"})
ORG_HEADS = frozenset({"foundation", "administration", "university", "college", "institute", "group", "company",
                       "corporation", "inc", "ltd", "party", "campaign", "organization", "organisation", "bank",
                       "council", "committee", "ministry", "agency", "trust", "fund", "army", "corps", "brigade",
                       "division", "regiment", "battalion", "forces", "command"})
# Last words that make any name a region ("Zaporizhia Oblast" tagged FAC, "Krasnodar Krai" tagged PERSON).
REGION_HEADS = frozenset({"oblast", "krai", "kray", "raion", "province", "governorate", "prefecture", "county",
                          "republic"})
# Capitalised words that start a sentence or headline without being part of the name that follows.
LEADING_FUNCTION_WORDS = frozenset("""a an and as at but by for from in into of on or over the then to under
    when where while with after before during since until near outside inside""".split())


def _span(text: str, start: int, end: int, label: str) -> dict:
    return {"start": start, "end": end, "text": text[start:end], "label": label}


def correct(text: str, spans: list[dict]) -> list[dict]:
    """Apply every article-level correction, in an order where each step can use the previous one's output."""
    lines = LineKinds(text)
    wrapped = _hard_wrapped(text)
    spans = [piece for s in spans for piece in _split_lines(text, s, wrapped)]
    spans = [s for s in (_trim(text, s, wrapped) for s in spans) if s is not None]
    spans = [part for s in spans for part in _split_list(text, s)]
    spans = [s for s in spans if not _is_junk(s)]
    spans = _drop_shouted_words(text, spans)
    spans = _named_today(text, spans)
    spans = _drop_site_furniture(spans, lines)
    spans = _drop_credits(spans, lines)
    spans = _headline_names(text, spans, lines)
    spans = _capitals_headline_names(text, spans, lines)
    spans = _fix_titles_and_heads(text, spans)
    spans = _titled_people(text, spans)
    spans = _leading_word_off_people(text, spans)
    spans = _people_named_again_by_surname(text, spans, lines)
    spans = _companies_by_context(text, spans)
    spans = _acronyms_follow_their_names(text, spans)
    spans = _fix_places(text, spans)
    spans = _dateline_places(text, spans)
    spans = _clubs_by_context(text, spans)
    spans = _person_then_place(text, spans)
    spans = _places_by_context(text, spans)
    spans = _named_media(text, spans)
    spans = _propagate_names(text, spans, lines)
    spans = _fill_places(text, spans, lines)
    spans = _consistent_labels(spans)
    spans = _given_name_before_surname(text, spans, lines)
    spans = _full_name_before_a_misread_surname(text, spans, lines)
    spans = _people_in_name_lists(text, spans)
    spans = _teams_in_tables(text, spans)
    spans = _media_are_organisations(spans)
    spans = [s for s in spans if s["label"] in NUMERIC_LABELS or not is_junk_name(s["text"])]  # also what fill added
    return sorted(spans, key=lambda s: s["start"])


def _drop_shouted_words(text: str, spans: list[dict]) -> list[dict]:
    """A one-word name in capitals that this text also uses as a lower-case word is an ordinary word shouted in a
    heading or a slug ("SOCCER - ...", "WEATHER", with "soccer" in the story), not a name. Acronyms are never
    written in lower case, so they stay ("NATO"), also beside their own web address ("csis.org"); words under four
    letters stay ("US" / "us")."""
    shouted = [s for s in spans if s["label"] not in NUMERIC_LABELS and s["text"].isalpha() and s["text"].isupper()
               and len(s["text"]) >= 4]
    if not shouted:
        return spans
    # a word of prose, not part of a link or an address ("csis.org", "https://csis.org/…" beside the acronym CSIS)
    lower_words = set(re.findall(r"(?<![\w./@-])[a-z]+(?![\w/@-]|\.\w)", text))
    dropped = {id(s) for s in shouted if s["text"].lower() in lower_words}
    return [s for s in spans if id(s) not in dropped]


def _named_today(text: str, spans: list[dict]) -> list[dict]:
    """ "Russia Today", "USA Today": a capitalised "Today" right after a capitalised word, mid-sentence, is the
    end of a name (a broadcaster, a newspaper), not a date."""
    out = []
    for s in spans:
        if s["label"] == "DATE" and s["text"] in ("Today", "Tonight"):
            before = re.search(r"(?<![.!?:]\s)(?<!^)\b([A-Z][\w.]*)\s$", text[max(0, s["start"] - 40):s["start"]])
            if before and s["start"] - 40 + before.start(1) != 0:
                start = s["start"] - len(before.group(0))
                out = [o for o in out if o["end"] <= start]
                out.append(_span(text, start, s["end"], "ORG"))
                continue
        out.append(s)
    return out


# After a name in a results or standings line: an optional "( Country )", then a score or a row of numbers.
_TABLE_AFTER = re.compile(r"\s*(?:\(\s*[A-Z][\w .'-]*\)\s*)?\d+(?:[\s-]+\d+)*(?:\s|$)")


# A dateline's date after its place ("LONDON 1996-12-06", "MOSCOW, 12/6"): the place heads a story, not a table row.
_DATE_AFTER = re.compile(r",?\s*(?:\d{4}-\d\d-\d\d|\d{1,2}/\d{1,2}(?:/\d{2,4})?)\b")
_NAME_RUN = r"[A-Z][\w'.&-]*(?: [A-Z][\w'.&-]*){0,3}"
# A standings row: a name at the start of the line, maybe "( Country )", then only integers.
_STANDINGS_ROW = re.compile(rf"^(?P<name>{_NAME_RUN})\s+(?:\(\s*[A-Z][\w .'-]*\)?\s*)?(?P<nums>\d+(?:\s+\d+)+)\s*$",
                            re.M)
# A result: "Goias 1 Gremio 3".
_RESULT_ROW = re.compile(rf"^(?P<home>{_NAME_RUN})\s+\d+\s+(?P<away>{_NAME_RUN})\s+\d+\s*$", re.M)


def _team_rows(text: str) -> list[tuple[int, int]]:
    """Where the team names of results and standings rows are. A row needs a number under 20 (wins, goals), so a
    golfer's scores (69 70 71) are not a standings row."""
    found = []
    for m in _STANDINGS_ROW.finditer(text):
        if any(int(n) < 20 for n in m.group("nums").split()):
            found.append(m.span("name"))
    for m in _RESULT_ROW.finditer(text):
        found += [m.span("home"), m.span("away")]
    return found


def _teams_in_tables(text: str, spans: list[dict]) -> list[dict]:
    """In a results or standings line ("Barcelona 2 Real Madrid 1", "Limoges ( France ) 9 3 6 12") a city or club
    is a team, an organisation — not a country (national teams stay places) and not a person (golf scores).
    A team the model missed in such a row is added."""
    coverage = _Coverage(text, spans)
    for start, end in _team_rows(text):
        name = text[start:end]
        place = gazetteer().lookup(name)
        if place is not None and place.kind in ("country", "continent", "region", "state"):
            continue
        exact = [s for s in spans if s["start"] == start and s["end"] == end]
        if exact:
            exact[0]["label"] = "ORG"
        elif coverage.free(start, end) and not is_junk_name(name):
            spans.append(_span(text, start, end, "ORG"))
            coverage.take(start, end)
    _clubs_in_squad_lists(text, spans)
    for s in spans:
        if s["label"] not in {"GPE", "LOC", "FAC", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT"}:
            continue
        line_start = text.rfind("\n", 0, s["start"]) + 1
        line_end = text.find("\n", s["end"])
        line = text[line_start:line_end if line_end != -1 else len(text)]
        if not _TABLE_AFTER.match(text, s["end"]) or _DATE_AFTER.match(text, s["end"]) or \
                re.search(r"\b[a-z]{3,}\b", line) or \
                len(re.findall(r"(?<![\w.])\d+(?![\w.])", line)) < 2 or "%" in line:
            continue
        place = gazetteer().lookup(s["text"])
        if place is not None and place.kind in ("country", "continent", "region", "state"):
            continue
        s["label"] = "ORG"  # only in the table: carrying it to the prose measured worse (a city is also a city)
    return spans


def _clubs_in_squad_lists(text: str, spans: list[dict]) -> None:
    """In a list of people each followed by a bracketed name ("Paulinho Santos ( Porto ) , Luis Figo ( Barcelona
    )" — a squad, a poll of players), the bracketed name is the person's team or firm: an ORG, unless it is a
    country, region or state (national teams stay places). One such pair in a line is no list."""
    people = {s["end"]: s for s in spans if s["label"] == "PERSON"}
    by_start = {s["start"]: s for s in spans}
    found: dict[int, list[dict]] = defaultdict(list)
    for end in people:
        m = re.compile(r"\s*\(\s*").match(text, end)
        inner = by_start.get(m.end()) if m else None
        if inner is None or inner["label"] in NUMERIC_LABELS or \
                not re.compile(r"\s*(?:,[^()\n]*)?\)").match(text, inner["end"]):
            continue
        found[text.rfind("\n", 0, end)].append(inner)
    for inners in found.values():
        if len(inners) < 2:
            continue
        for inner in inners:
            place = gazetteer().lookup(inner["text"])
            if place is None or place.kind not in ("country", "continent", "region", "state"):
                inner["label"] = "ORG"


# One item of a list of names: an optional number ("5 - "), two to four capitalised words (particles such as
# "al-", "van der" allowed), then an optional bracket or number.
_LIST_NAME = re.compile(r"^(?:\d+\s*-\s*)?(?P<name>[A-Z][\w'’.-]*(?:\s+(?:[a-z]{1,3}\s+)?[A-Za-z][\w'’.-]*){1,3})"
                        r"\s*(?:\([^()]*\)?\s*)?(?:\d+\s*)?\)?\s*\.?$")


def _people_in_name_lists(text: str, spans: list[dict]) -> list[dict]:
    """A line listing names between commas or semicolons ("5 - Norio Omura , 6 - Motohiro Yamaguchi , …", a team
    sheet, a list of delegates) where most of the four or more items are people: every item is a person — the
    model's place or company labels on some of them and its misses are the list's majority read wrongly. Items
    that are gazetteer places stay as they are."""
    out = list(spans)
    pos = 0
    for line in text.split("\n"):
        start_of_line, pos = pos, pos + len(line) + 1
        items, offset = [], start_of_line
        for piece in re.split(r"([,;])", line):
            if piece not in (",", ";"):
                m = _LIST_NAME.match(piece.strip())
                if m:
                    lead = len(piece) - len(piece.lstrip())
                    a = offset + lead + m.start("name")
                    items.append((a, a + len(m.group("name"))))
            offset += len(piece)
        if len(items) < 4:
            continue
        here = [s for s in out if start_of_line <= s["start"] < pos]
        person = [it for it in items if any(s["label"] == "PERSON" and s["start"] == it[0] and s["end"] == it[1]
                                            for s in here)]
        if len(person) * 2 < len(items):
            continue
        for a, b in items:
            if gazetteer().lookup(text[a:b]) is not None:
                continue
            out = [s for s in out if s["end"] <= a or s["start"] >= b or s["label"] in NUMERIC_LABELS]
            out.append(_span(text, a, b, "PERSON"))
    return sorted(out, key=lambda s: s["start"])


# A name right before what it is: "the Xinhua news agency", "Interfax news agency", "the TASR news agency".
_MEDIA_NOUN = re.compile(r"([A-Z][\w'-]*[A-Za-z](?: [A-Z][\w'-]*[A-Za-z]){0,2}) (?:news agency|news service|"
                         r"newspaper|broadcaster|daily newspaper|weekly newspaper|wire service)\b")


def _named_media(text: str, spans: list[dict]) -> list[dict]:
    """ "X news agency", "X newspaper": X is a news organisation — tagged ORG when the model missed it or called it
    something else, and a span that ran on into "news agency" is cut to the name (propagation then finds the
    article's other "X")."""
    coverage = _Coverage(text, spans)
    for m in _MEDIA_NOUN.finditer(text):
        start, end = m.span(1)
        first = m.group(1).split()[0]
        if first.lower() in LEADING_FUNCTION_WORDS or is_junk_name(m.group(1)):
            continue
        inside = [s for s in spans if s["start"] < m.end() and s["end"] > start]
        if not inside and coverage.free(start, end):
            spans.append(_span(text, start, end, "ORG"))
            coverage.take(start, end)
        elif len(inside) == 1 and inside[0]["start"] == start and inside[0]["end"] in (end, m.end()) and \
                inside[0]["label"] not in NUMERIC_LABELS | {"NORP"}:  # "the Polish newspaper …" stays NORP
            inside[0].update(_span(text, start, end, "ORG"))
    return spans


def _media_are_organisations(spans: list[dict]) -> list[dict]:
    """News outlets, agencies and aggregators are organisations, never places or people ("Bloomberg" a GPE)."""
    for s in spans:
        if s["label"] not in NUMERIC_LABELS and s["label"] != "ORG" and is_news_outlet(s["text"]):
            s["label"] = "ORG"
    return spans


def _hard_wrapped(text: str) -> bool:
    """Prose broken into lines of at most ~80 characters wherever a line fills up (wire copy, e-mail, Usenet), so a
    single line break may fall inside a name: "the International\nDevelopment Association (IDA)". Most long lines
    end mid-sentence; no line is longer than 85 characters."""
    lines = [line.rstrip() for line in text.split("\n") if line.strip()]
    long = [line for line in lines if len(line) >= 45]
    if len(long) < 3 or max(len(line) for line in lines) > 85:
        return False
    return sum(1 for line in long if not re.search(r"[.!?:\"'\u201d)]$", line)) >= 0.6 * len(long)


# A line break that ends a name: any, or in hard-wrapped prose only a blank line (a paragraph's end).
_ANY_BREAK = re.compile(r"\s*\n\s*")
# in hard-wrapped prose: a blank line, or a single break before a word that is not capitalised ("Borg-Warner\nboard")
_PARAGRAPH_BREAK = re.compile(r"[ \t]*\n[ \t]*\n\s*|[ \t]*\n[ \t]*(?![A-Z0-9(\"'&])")


def _split_lines(text: str, span: dict, wrapped: bool = False) -> list[dict]:
    """A name never runs across a line break: "Hammons Classic\n\nAnnika Sorenstam" is two spans — except a single
    line break of hard-wrapped prose, which may fall anywhere ("Commodity Futures\nTrading Commission")."""
    if "\n" not in span["text"] or span["label"] in NUMERIC_LABELS:
        return [span]
    pieces, pos = [], span["start"]
    for m in (_PARAGRAPH_BREAK if wrapped else _ANY_BREAK).finditer(span["text"]):
        pieces.append((pos, span["start"] + m.start()))
        pos = span["start"] + m.end()
    pieces.append((pos, span["end"]))
    return [_span(text, a, b, span["label"]) for a, b in pieces if b > a]


_OPENER = {")": "(", "]": "["}


def _trim(text: str, span: dict, wrapped: bool = False) -> dict | None:
    """Cut what the model glues onto a name: a line break and what follows (a blank line in hard-wrapped prose),
    a leading "the", trailing numbers (scores, dates in tables), a possessive, stray punctuation, an opening
    bracket never closed."""
    start, end, label = span["start"], span["end"], span["label"]
    newline = _PARAGRAPH_BREAK.search(text, start, end) if wrapped else _ANY_BREAK.search(text, start, end)
    if newline is not None and text.find("\n", start, end) != -1:
        end = newline.start()
    while end > start and text[end - 1].isspace():
        end -= 1
    if label in NUMERIC_LABELS:
        return _span(text, start, end, label) if end > start else None
    head = re.match(r"(?:the|The|THE)\s+", text[start:end])
    if head and end - start > head.end():
        start += head.end()
    bracket = re.search(r"\s[(\[][^)\]]*$", text[start:end])
    if bracket and bracket.start() > 0:  # an opening bracket never closed: "Olympiakos ( Greece" of a table
        end = start + bracket.start()
    junk_tail = re.compile(r"\s+[\d.,:/\-+]+$|(?<=[^\W\d_])\.\d{1,3}$|\s+\d+(?:st|nd|rd|th)$|['\u2019][sS]?$|\s*[,;:\-\u2013\u2014]$|\s+$|(?<![A-Z])\.$")
    while end > start:
        tail = junk_tail.search(text[start:end])
        if tail and tail.start() > 0:
            end = start + tail.start()
        elif text[end - 1] in _OPENER and _OPENER[text[end - 1]] not in text[start:end]:
            end -= 1  # an unmatched closing bracket: "Jane Doe/Reuters]"
        else:
            break
    return _span(text, start, end, label) if end > start else None


# A comma inside a name span separates two names ("Tusk, Zelenskiy") unless what follows is a suffix.
_LIST_SUFFIX = re.compile(r"(?:Jr|Sr|Inc|Ltd|LLC|Co|Corp|plc|PLC|[A-Z]\.?[A-Z]\.?|I{1,3}|IV)\.?$")


def _split_list(text: str, span: dict) -> list[dict]:
    """Two or more capitalised names the model ran together across a comma become one span each, and so do two
    known places joined by "and" ("Kyiv and Kharkiv" tagged WORK_OF_ART)."""
    if span["label"] in NUMERIC_LABELS:
        return [span]
    if re.search(r"\s[-\u2013\u2014]+\s", span["text"]):  # "Kaplan - England": a name and a team, not one name
        pieces, pos = [], span["start"]
        for m in re.finditer(r"\s+[-\u2013\u2014]+\s+", span["text"]):
            pieces.append((pos, span["start"] + m.start()))
            pos = span["start"] + m.end()
        pieces.append((pos, span["end"]))
        return [p for a, b in pieces if b > a and text[a:a + 1].isupper()
                for p in _split_list(text, _span(text, a, b, span["label"]))]
    pair = re.fullmatch(r"(.+?) and (.+)", span["text"])
    if pair and "," not in span["text"] and gazetteer().lookup(span["text"]) is None:  # not Trinidad and Tobago
        places = [gazetteer().lookup(part) for part in pair.groups()]
        if all(places):
            second = span["start"] + pair.start(2)
            return [_span(text, span["start"], span["start"] + pair.end(1), places[0].label),
                    _span(text, second, span["end"], places[1].label)]
    if "," not in span["text"]:
        return [span]
    parts, pos = [], span["start"]
    for m in re.finditer(r"\s*,\s+", span["text"]):
        parts.append((pos, span["start"] + m.start()))
        pos = span["start"] + m.end()
    parts.append((pos, span["end"]))
    if len(parts) == 1 or any(not text[a:b][:1].isupper() or _LIST_SUFFIX.fullmatch(text[a:b]) for a, b in parts[1:]):
        return [span]
    if re.search(r"\s(?:of|for)\s", text[parts[0][0]:parts[0][1]]):
        return [span]  # "Department of the Environment, Food and Rural Affairs" is one name
    return [_span(text, a, b, span["label"]) for a, b in parts if b - a >= 2]


_URLISH = re.compile(r"https?://|www\.|@\w|#\w|[A-Za-z]\.(?:[a-z]{2,4})\b")  # links, handles, "site.ua"


def _is_junk(span: dict) -> bool:
    """Spans no reader would call a name: bare punctuation or digits under a name label, URLs, handles, menus."""
    text = span["text"]
    if span["label"] not in NUMERIC_LABELS and (not re.search(r"[^\W\d_]", text) or is_junk_name(text)):
        return True  # "&", "(", "X.", "The", a section label such as "World"
    if span["label"] not in NUMERIC_LABELS and not re.search(r"[A-Z]", text):
        return True  # names are capitalised: "missiles", "ps" from a tracking link
    if len(text.split()) > 1 and all(len(w) <= 2 for w in text.split()):
        return True  # table headings such as "W L T"
    if span["label"] not in NUMERIC_LABELS and "/" in text:
        return True  # "a / b" menus, "Name/Agency" photo credits
    return bool(_URLISH.search(text)) or " / " in text or "|" in text


# Photo credits and captions' sources: "(AP Photo/Jane Doe)", "[File: Jane Doe/Reuters]", "… hide caption",
# and the agency tag of a dateline: "KYIV, Feb 5 (Reuters) -", "ERBIL (Kurdistan24) —".
_CREDIT = re.compile(r"[(\[][^()\[\]\n]{0,120}?(?:\bPhoto\b|\bFile:|\bvia [A-Z]|Getty Images|[A-Za-z]/[A-Z])"
                     r"[^()\[\]\n]{0,120}[)\]]"
                     r"|^[^\n]{0,160}\b(?:hide|toggle) caption\b[^\n]*$"
                     r"|^(?:Photo|Image|Credit|Source)s?:[^\n]{0,160}$"
                     r"|\b[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,3} ?[\u2014\u2013] ?(?:[A-Z][\w'’-]+ ){0,2}(?:Images|Photos?|Pool)\b"
                     r"|^[A-Z][A-Z .'’-]{1,30}(?:,[^()\n]{1,30})? (?P<tag>\([^()\n]{1,30}\))(?= [-\u2013\u2014])", re.M)


def _drop_credits(spans: list[dict], lines: "LineKinds") -> list[dict]:
    """Names inside photo credits and boilerplate lines are the site's furniture, not the article's subject,
    even when the article names them elsewhere too ("Contacted by Geneva Solutions" / "Geneva Solutions
    content is licensed under …")."""
    return [s for s in spans if s["label"] in NUMERIC_LABELS
            or not (lines.in_credit(s["start"], s["end"]) or lines.is_boilerplate(s["start"]))]


class LineKinds:
    """Which lines of the article are prose, and which look like site navigation (menus, share bars)."""

    def __init__(self, text: str):
        self._starts: list[int] = []
        self._menu: list[bool] = []
        self._caps: list[bool] = []
        self._boilerplate: list[bool] = []
        self._headline: list[bool] = []
        self._title: list[bool] = []
        pos = 0
        for line in text.split("\n"):
            self._starts.append(pos)
            self._menu.append(_looks_like_menu(line))
            self._boilerplate.append(self._menu[-1] and _is_boilerplate(line))
            self._caps.append(_is_all_caps(line))
            self._headline.append(_looks_like_headline(line))
            self._title.append(_looks_like_title(line))
            pos += len(line) + 1
        self.any_caps = any(self._caps)
        self._credits = [m.span("tag") if m.group("tag") else m.span() for m in _CREDIT.finditer(text)]
        self._credit_starts = [a for a, _ in self._credits]

    def _index(self, offset: int) -> int:
        return bisect.bisect_right(self._starts, offset) - 1

    def is_menu(self, offset: int) -> bool:
        return self._menu[self._index(offset)]

    def is_caps(self, offset: int) -> bool:
        return self._caps[self._index(offset)]

    def is_headline(self, offset: int) -> bool:
        return self._headline[self._index(offset)]

    def is_title(self, offset: int) -> bool:
        return self._title[self._index(offset)]

    def is_boilerplate(self, offset: int) -> bool:
        return self._boilerplate[self._index(offset)]

    def in_credit(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self._credit_starts, start) - 1
        return i >= 0 and end <= self._credits[i][1]

    def is_furniture(self, start: int, end: int) -> bool:
        """A menu or boilerplate line, or a photo credit: no name is propagated there."""
        return self.is_menu(start) or self.in_credit(start, end)


_FURNITURE = re.compile(r"powered by|\bcomments\b|subscribe|newsletter|sign (?:up|in)|log ?in|cookies?|privacy"
                        r"|terms of (?:use|service)|rights reserved|©|copyright|follow us|share (?:this|on)"
                        r"|advertis|download (?:the|our) app|read more|click here|javascript|show me more"
                        r"|download the [\w ]{1,20} app\b|\bqr code\b|licensed under|creative commons|sponsored by"
                        r"|^(?:audio|video|watch|listen):|^\w+ (?:audio|video):", re.I)
# Phrases only site furniture uses, whatever the length of the line ("By clicking Agree, you …").
_LONG_FURNITURE = re.compile(r"by clicking|terms of (?:use|service)|privacy policy|licensed under|qr code"
                             r"|sponsor-free|all rights reserved", re.I)


_WORD = re.compile(r"[^\W\d_][\w'’&+.-]*")
_SMALL_WORDS = frozenset("a an and as at by for from in into of on or the to with".split())
_CRUMB = re.compile(r"\s(?:::|»|›|>)\s")  # "Home :: Military :: World"
_NUMBER = re.compile(r"(?<!\S)[\d.\-]+(?!\S)")
_SENTENCE_MARKS = re.compile(r"[,;:()\[\]]|[.!?\"\u201d]\s*$")


# An aggregator's note on a republished article, at any length: "The editorial team at X has edited and
# verified it … fully republished … from its original source", "Distributed by … Agency".
_REPUBLISHED = re.compile(r"(?:fully |been )republished|from its original source|editorial team at \w+ has"
                          r"|distributed by [\w ]{1,40}(?:agency|syndicate|service)", re.I)


def _is_boilerplate(line: str) -> bool:
    """A line of site boilerplate: comments, app and newsletter promotion, licence and cookie notices, an
    aggregator's republishing note."""
    words = _WORD.findall(line)
    return (len(words) < 16 and bool(_FURNITURE.search(line))) or \
        (len(words) < 40 and bool(_LONG_FURNITURE.search(line))) or bool(_REPUBLISHED.search(line))


def _looks_like_menu(line: str) -> bool:
    """A run of capitalised words with no sentence in it (section menus), a breadcrumb trail, or a line of site
    boilerplate."""
    words = _WORD.findall(line)
    if _is_boilerplate(line) or len(_CRUMB.findall(line)) >= 2:
        return True
    if len(words) < 6 or _SENTENCE_MARKS.search(line) or _is_all_caps(line):
        return False
    capitalised = sum(1 for w in words if w[0].isupper() or w in {"and", "&"})
    return capitalised / len(words) >= 0.8 and len(_NUMBER.findall(line)) <= len(words) / 4


def _looks_like_headline(line: str) -> bool:
    """Title Case with no full stop: a headline, often another story's ("Trump Ramps Up Pressure on Zelensky")."""
    words = _WORD.findall(line)
    long = [w for w in words if len(w) > 3]
    if len(long) < 4 or len(words) >= 20 or line.rstrip().endswith(".") or _is_all_caps(line):
        return False
    # Lists of names (squads, results, scorers) are Title Case too, but carry numbers, brackets and commas and
    # none of the small words a headline's grammar needs.
    if re.search(r"[\d()\[\]]", line) or line.count(",") > 1 or not any(w in _SMALL_WORDS for w in words):
        return False
    return sum(1 for w in long if w[0].isupper()) >= 0.9 * len(long)


def _looks_like_title(line: str) -> bool:
    """A short line without a full stop and mostly capitalised words: a headline, where every word is capitalised
    ("Agassi Overcomes Verdasco Power"), so capitals do not glue words into one name."""
    words = _WORD.findall(line)
    if not 2 <= len(words) <= 15 or re.search(r"[.!?]\s*$", line.strip()):
        return False
    return sum(w[0].isupper() for w in words if w.lower() not in _SMALL_WORDS) >= 0.6 * len(words)


def _is_all_caps(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters)


def _looks_like_site_name(text: str) -> bool:
    """InnerCaps brand names (PressBee, ArcaMax), not surnames with a Mc/Mac/De/La/O' prefix."""
    return bool(re.search(r"(?<!\bMc)(?<!\bMac)(?<!\bDe)(?<!\bDi)(?<!\bLa)(?<!\bLe)(?<!\bO')[a-z][A-Z]", text))


def _drop_site_furniture(spans: list[dict], lines: LineKinds) -> list[dict]:
    """Names seen only in navigation/boilerplate lines, or brand-shaped names outside any prose, are site chrome."""
    only_in_menus: dict[str, bool] = {}
    for s in spans:
        key = normalise(s["text"])
        only_in_menus[key] = only_in_menus.get(key, True) and lines.is_menu(s["start"])
    kept = []
    for s in spans:
        key = normalise(s["text"])
        if only_in_menus[key] and (s["label"] not in NUMERIC_LABELS or _looks_like_site_name(s["text"])):
            continue
        kept.append(s)
    return kept


def _prose_labels(spans: list[dict], in_headline) -> dict[str, str]:
    """Each name the prose (the lines `in_headline` does not claim) gives, normalised, with its first label."""
    prose: dict[str, str] = {}
    for s in spans:
        if s["label"] not in NUMERIC_LABELS and not in_headline(s["start"]):
            prose.setdefault(normalise(s["text"]), s["label"])
    return prose


def _headline_names(text: str, spans: list[dict], lines: LineKinds) -> list[dict]:
    """In Title Case every word looks like a name: "Trump Ramps Up", "Resilient Zelensky", "Tiny Gains". A name of
    several words seen only in headline lines is cut to the part the article's prose names ("Trump"), or dropped."""
    prose = _prose_labels(spans, lines.is_headline)
    kept = []
    for s in spans:
        words = list(re.finditer(r"\S+", s["text"]))
        if s["label"] in NUMERIC_LABELS or len(words) < 2 or not lines.is_headline(s["start"]) \
                or normalise(s["text"]) in prose:
            kept.append(s)
            continue
        part = next(((i, j) for size in range(len(words) - 1, 0, -1) for i in range(len(words) - size + 1)
                     for j in [i + size - 1] if normalise(s["text"][words[i].start():words[j].end()]) in prose), None)
        if part:
            start, end = s["start"] + words[part[0]].start(), s["start"] + words[part[1]].end()
            kept.append(_span(text, start, end, prose[normalise(text[start:end])]))
    return kept


_SLUG = re.compile(r"[A-Z]+ - ")


def _capitals_headline_names(text: str, spans: list[dict], lines: LineKinds) -> list[dict]:
    """A wire headline in capitals ("CRICKET - LARA ENDURES ANOTHER MISERABLE DAY") runs names into the words
    around them. A span of several words there that the prose below never names is cut into the parts the prose
    does name ("LARA", "COLTS" and "EAGLES" of "NFL AMERICAN FOOTBALL-COLTS CLOBBER EAGLES"), with their prose
    labels; with no such part, a span of three or more words is dropped (two stay: "ARAB CONTRACTORS"). The
    headline's topic slug ("CRICKET - ") is no name unless the story names it."""
    if not lines.any_caps:
        return spans
    prose = _prose_labels(spans, lines.is_caps)
    kept = []
    for s in spans:
        words = list(re.finditer(r"[^\s-]+", s["text"]))
        if s["label"] not in NUMERIC_LABELS and len(words) == 1 and lines.is_caps(s["start"]) \
                and normalise(s["text"]) not in prose and _SLUG.match(text, s["start"]) \
                and (s["start"] == 0 or text[s["start"] - 1] == "\n"):
            continue  # the topic slug of a wire headline ("CRICKET - …"), named nowhere in the story
        if s["label"] in NUMERIC_LABELS or len(words) < 2 or not lines.is_caps(s["start"]) \
                or normalise(s["text"]) in prose:
            kept.append(s)
            continue
        parts, i = [], 0
        while i < len(words):
            j = next((j for j in range(len(words) - 1, i - 1, -1)
                      if normalise(s["text"][words[i].start():words[j].end()]) in prose), None)
            if j is None:
                i += 1
                continue
            start, end = s["start"] + words[i].start(), s["start"] + words[j].end()
            parts.append(_span(text, start, end, prose[normalise(text[start:end])]))
            i = j + 1
        kept.extend(parts or ([s] if len(words) == 2 else []))
    return kept


_DEMONYM_ENDINGS = (("ian", "ia"), ("ian", "y"), ("ian", ""), ("an", "a"), ("an", "y"), ("n", ""), ("ese", "a"),
                    ("ese", ""), ("in", "o"), ("", "ia"), ("", "n"), ("i", ""), ("ish", "y"))


def _is_demonym(word: str) -> bool:
    """A nationality word of a country in the gazetteer (Russian, Croat, Montenegrin, Swede, Italian, Chinese),
    not the country's own name (Chad, Jordan)."""
    if not word[:1].isupper() or not word.isalpha() or len(word) < 4 or gazetteer().lookup(word) is not None:
        return False
    for ending, country in _DEMONYM_ENDINGS:
        if word.endswith(ending):
            place = gazetteer().lookup(word[:len(word) - len(ending)] + country)
            if place is not None and place.kind == "country":
                return True
    return False


def _sentence_word(word: str) -> bool:
    """A capitalised sentence word glued to a name ("Therefore Morris", "Meanwhile Smith"): a stop word of five
    letters or more that is no given name (so "Will Smith" keeps Will)."""
    from .names import is_given_name

    return word[:1].isupper() and len(word) >= 5 and word.lower() in STOP_WORDS and not is_given_name(word)


# Labels the model gives a person's full name by mistake ("Harrison Goldin" after a quote read as a title).
_NOT_PEOPLE = frozenset({"ORG", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW", "FAC"})
# Roles written capitalised before a name, which the model runs into it ("Treasurer Alan Moore").
_ROLE_WORDS = frozenset("""treasurer chairman chairwoman director spokesman spokeswoman spokesperson analyst economist
    secretary commissioner manager coach captain striker defender midfielder goalkeeper editor executive
    statistician meteorologist trader dealer strategist negotiator dj presenter broadcaster singer actor actress
    comedian rapper producer novelist""".split())


def _leading_word_off_people(text: str, spans: list[dict]) -> list[dict]:
    """A leading sentence word ("Therefore Morris") or role ("Treasurer Alan Moore") is cut from a person; a two-
    or three-word name tagged ORG (or WORK_OF_ART, PRODUCT, …) whose family name the article gives alone as a
    person is that person ("Robb Stauber" beside "Stauber", "Harrison Goldin" after a quote).
    A person span of three or more words whose first word is a nationality ("Russian Igor Kolyvanov", which
    becomes NORP) or a role at the start of a sentence, before a name the text also gives alone ("Defender Hassan
    Abbas" with "Hassan Abbas" elsewhere), is the person without that word."""
    people = {s["text"] for s in spans if s["label"] == "PERSON"}
    lone = {s["text"] for s in spans if s["label"] == "PERSON" and " " not in s["text"]}
    companies = {s["text"] for s in spans if s["label"] == "ORG" and (_COMPANY_AFTER.match(text, s["end"])
                 or _COMPANY_BEFORE.search(text[max(0, s["start"] - 30):s["start"]]))}  # "shares of Morgan Stanley"
    out = []
    for s in spans:
        words = s["text"].split()
        if s["label"] == "PERSON" and len(words) >= 2 and words[0].lower() in _ROLE_WORDS \
                and all(w[:1].isupper() for w in words[1:]):
            s = _span(text, s["end"] - len(s["text"][len(words[0]):].lstrip()), s["end"], "PERSON")
            words = words[1:]  # "Lloyds Treasurer Alan Moore": the role is no part of the name
        if s["label"] == "PERSON" and len(words) >= 2 and _sentence_word(words[0]):
            s = _span(text, s["end"] - len(s["text"][len(words[0]):].lstrip()), s["end"], "PERSON")
            words = words[1:]
        if s["label"] in _NOT_PEOPLE and 2 <= len(words) <= 3 and words[-1] in lone and _person_shaped(s["text"]) \
                and not {w.lower().strip(".") for w in words} & _COMPANY_WORDS \
                and gazetteer().lookup(words[0]) is None and gazetteer().lookup(words[-1]) is None \
                and words[0].lower() not in STOP_WORDS and s["text"] not in companies:
            s = _span(text, s["start"], s["end"], "PERSON")  # "Robb Stauber" (ORG) beside "Stauber" (PERSON)
        if s["label"] == "PERSON" and len(words) >= 3:
            rest = s["text"][len(words[0]):].lstrip()
            if _is_demonym(words[0]) or rest in people:
                if _is_demonym(words[0]):
                    out.append(_span(text, s["start"], s["start"] + len(words[0]), "NORP"))
                s = _span(text, s["end"] - len(rest), s["end"], "PERSON")
        out.append(s)
    return out


_PERSON_TITLE = re.compile(r"(?:President|Prime Minister|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Sen\.?|Senator|Gen\.?|General"
                           r"|Minister|Chancellor|Governor|Mayor|Judge)\s+(?=[A-Z])")
_COMPANY_WORDS = ORG_HEADS | {"corp", "co", "inc", "motors", "electric", "dynamics", "mills", "assembly", "plc"}
# Titles that only ever stand before a person's name, just before a span ("President Zelenskyy" tagged ORG).
_TITLE_BEFORE = re.compile(r"(?:\b[Pp]resident|\bPrime Minister|\bMr\.?|\bMrs\.?|\bMs\.?|\bDr\.|\bSenator|\bSen\."
                           r"|\bChancellor|\bPremier|\bGovernor|\bPope|\bEnvoy|\bAmbassador"
                           r"|\b(?:Foreign|Defen[cs]e|Prime) Minister"
                           # a lower-case role: "national security secretary Rustem Umerov", "delegation head …"
                           r"|\b(?:secretary|minister|envoy|negotiator|spokes(?:man|woman|person)|advis[eo]r"
                           r"|chief|head|leader|commander|ambassador|director|chairman|chairwoman|officials?)"
                           r")\s$")
# Lower-case words allowed inside a person's name (Carl von Clausewitz, Bashar al-Assad).
_NAME_PARTICLES = frozenset("""von van der den de da di du la le al el bin ibn bint ben dos das del della ter ten
    y e st""".split())


def _fix_titles_and_heads(text: str, spans: list[dict]) -> list[dict]:
    """A title before two capitalised words makes a person ("General Antoine Lahd"), and the title is not part of
    the name; a person's name followed by "Tower" or "Foundation" names a place or an organisation instead."""
    fixed = []
    for s in spans:
        title = _PERSON_TITLE.match(s["text"])
        if title and s["label"] not in NUMERIC_LABELS:
            rest = s["text"][title.end():].split()
            if len(rest) >= 2 and all(w[0].isupper() for w in rest) and \
                    not {w.lower().strip(".") for w in rest} & _COMPANY_WORDS:
                s = _span(text, s["start"] + title.end(), s["end"], "PERSON")
        if s["label"] not in NUMERIC_LABELS | PLACE_LABELS | {"PERSON"} and len(s["text"].split()) <= 3 \
                and (_TITLE_BEFORE.search(text[max(0, s["start"] - 20):s["start"]])
                     or (len(s["text"].split()) >= 2 and re.match(r",\s+who\b", text[s["end"]:s["end"] + 8]))) \
                and _person_shaped(s["text"]) and not is_news_outlet(s["text"]) \
                and not {w.lower().strip(".") for w in s["text"].split()} & _COMPANY_WORDS:
            s["label"] = "PERSON"
        words = s["text"].split()
        if len(words) > 1 and words[-1].lower() in REGION_HEADS and words[-1][0].isupper() \
                and s["label"] not in NUMERIC_LABELS | PLACE_LABELS:
            s["label"] = "GPE"
        if s["label"] == "PERSON" and len(words) > 1:
            head = words[-1].lower()
            if head in FACILITY_HEADS:
                s["label"] = "FAC"
            elif head in ORG_HEADS:
                s["label"] = "ORG"
        inner = re.search(r"['\u2019]s\s", s["text"])
        if s["label"] == "PERSON" and inner and inner.start() > 0:
            # "Putin's Valdai speech": the model ran a possessive person into the next capitalised word.
            s = _span(text, s["start"], s["start"] + inner.start(), "PERSON")
        if s["label"] == "PERSON" and not _person_shaped(s["text"]):
            s["label"] = "PRODUCT" if re.search(r"[^\W\d_]-?\d", s["text"]) else s["label"]  # "Kh-101 missiles"
        fixed.append(s)
    return fixed


_PERSONAL_TITLE = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Miss)\.?\s+$")


# An honorific, then a capitalised word that is no sentence start: "Mr Cable", "Ms Stone", "Dr. Fogg".
_TITLE_THEN_NAME = re.compile(r"(?<![\w.])(?:Mr|Mrs|Ms|Dr|Miss)\.? ([A-Z][a-z]+(?:[-'’][A-Z][a-z]+)?)\b"
                              r"(?![-'’]?[A-Z])")


def _titled_people(text: str, spans: list[dict]) -> list[dict]:
    """ "Mr Doherty": a personal title before a name makes it a person, and the full name of the article that ends
    in that family name too ("Pete Doherty", which the model called an organisation)."""
    titled = set()
    coverage = _Coverage(text, spans)
    for m in _TITLE_THEN_NAME.finditer(text):  # "Mr Cable told MPs", where the model tagged nothing
        start, end = m.span(1)
        if coverage.free(start, end) and not is_junk_name(m.group(1)):
            spans.append(_span(text, start, end, "PERSON"))
            coverage.take(start, end)
    for s in spans:
        if s["label"] in NUMERIC_LABELS or not _person_shaped(s["text"]):
            continue
        title = re.match(r"(?:Mr|Mrs|Ms|Dr|Miss)\.?\s+(?=[A-Z])", s["text"])
        if title or _PERSONAL_TITLE.search(text[max(0, s["start"] - 6):s["start"]]):
            if title and len(s["text"].split()) == 2:
                s.update(_span(text, s["start"] + title.end(), s["end"], "PERSON"))
            s["label"] = "PERSON"
            titled.add(surname(s["text"]))
    for s in spans:
        words = s["text"].split()
        if s["label"] in {"ORG", "NORP", "GPE", "PRODUCT", "WORK_OF_ART", "FAC"} and 2 <= len(words) <= 3 \
                and surname(s["text"]) in titled and _person_shaped(s["text"]) \
                and not {w.lower().strip(".") for w in words} & _COMPANY_WORDS:
            s["label"] = "PERSON"
    return spans


# What only a company takes: its shares, its legal form or group, being "the firm" or "the company".
_COMPANY_AFTER = re.compile(r"(?:['\u2019]s?)?\s+(?:shares|stock|share price|chief executive|shareholders|"
                            r"(?:Corp|Inc|Ltd|Plc|PLC|plc|Co|Group|Holdings|AG|SA|NV)\b)|,\s+(?:the|a)\s+"
                            r"(?:[\w-]+\s+){0,3}(?:firm|company|group|bank|carmaker|airline|retailer|insurer|"
                            r"miner|brokerage|conglomerate|chain|manufacturer|maker|operator|utility)\b")
_COMPANY_BEFORE = re.compile(r"(?:shares (?:in|of)|stake in|takeover of|bid for|merger with|rival|"
                             r"subsidiary of|unit of|"
                             # a trade noun right before the name: "Polish brewer Zywiec", "chipmaker Intel"
                             r"(?<![\w-])(?:brewer|distiller|carmaker|automaker|chipmaker|drugmaker|steelmaker|"
                             r"planemaker|airline|carrier|retailer|supermarket|insurer|reinsurer|lender|miner|"
                             r"conglomerate|firm|company|brokerage|publisher|utility|operator|giant|supplier|"
                             r"club|team))\s+$",
                             re.I)


def _companies_by_context(text: str, spans: list[dict]) -> list[dict]:
    """A one-word name in company contexts is an organisation ("Yukos shares", "a stake in Baikal", "Barrick, the
    Canadian miner"), and so is the first word of a company named in full in the same article ("Barrick" beside
    "Barrick Gold Corp") — unless a person named in full there has it as family name."""
    people = {surname(s["text"]) for s in spans if s["label"] == "PERSON" and len(s["text"].split()) >= 2}
    companies = {s["text"].split()[0] for s in spans if s["label"] == "ORG" and len(s["text"].split()) >= 2
                 and s["text"].split()[-1].lower().strip(".") in _COMPANY_WORDS}
    votes: Counter = Counter()
    for s in spans:
        word = s["text"]
        if s["label"] in NUMERIC_LABELS | {"ORG", "NORP"} or " " in word or word in people or not word[:1].isupper():
            continue
        if gazetteer().lookup(word) is not None:
            continue  # "Britain's stock market", "Kyiv" beside "Kyiv State Economic University"
        if word in companies or _COMPANY_AFTER.match(text, s["end"]) or \
                _COMPANY_BEFORE.search(text[max(0, s["start"] - 30):s["start"]]):
            votes[word] += 1
    for s in spans:
        if votes[s["text"]] and s["label"] not in NUMERIC_LABELS | {"ORG", "NORP"} and s["text"] not in people \
                and gazetteer().lookup(s["text"]) is None:
            s["label"] = "ORG"
    return spans


def _acronyms_follow_their_names(text: str, spans: list[dict]) -> list[dict]:
    """ "Russian Ministry of Defense (MoD)": an acronym in brackets right after a name whose initials it spells
    is the same kind of thing (the model called MoD a place) — added if the model missed it ("Office of Fair
    Trading (OFT)"), and so is every other mention of it in the article ("SIRTF" tagged PERSON in a subject
    line); anywhere else in the article, an acronym spelling the initials of an organisation named in full
    there is that organisation."""
    spans = _names_spelled_out_before_acronyms(text, spans)
    coverage = _Coverage(text, spans)
    defined: dict[str, str] = {}  # acronym → the label of the name the text spells it out with
    for name in sorted((s for s in spans if s["label"] not in NUMERIC_LABELS and " " in s["text"].strip()),
                       key=lambda s: s["start"]):
        # tokenised text puts spaces inside the brackets: "Islamic Conference ( OIC )"
        m = re.match(r" ?[(\[] ?([A-Z][A-Za-z]{1,7}) ?[)\]]", text[name["end"]:name["end"] + 14])
        if not m or not _acronym_shaped(m.group(1)):
            continue
        letters = [c for c in m.group(1) if c.isupper()]
        words = re.findall(r"[A-Za-z][\w'’-]*", name["text"])
        initials = [w[0] for w in words if w[0].isupper()]
        if len(letters) >= 3 and len(words) == len(letters) + 1 and initials[1:] == letters and words[0][0].isupper() \
                and initials[0] not in letters:
            # "Past Congressional Budget Office (CBO)": a capitalised word glued before the name its acronym spells
            # is no part of it
            rest = name["text"][name["text"].index(words[1], len(words[0])):]
            name.update(_span(text, name["end"] - len(rest), name["end"], name["label"]))
        if len(letters) >= 2 and _is_subsequence(letters, initials):
            defined[m.group(1)] = name["label"]
            start, end = name["end"] + m.start(1), name["end"] + m.end(1)
            if coverage.free(start, end):
                spans.append(_span(text, start, end, name["label"]))
                coverage.take(start, end)
    for s in spans:
        if s["text"] in defined and s["label"] not in NUMERIC_LABELS:
            s["label"] = defined[s["text"]]
    # "The Ministry of Defence has been criticised … the MoD's performance": an acronym whose capitals are the
    # initials of an organisation the article names in full is that organisation, wherever it stands
    organisations = {"".join(w[0] for w in re.findall(r"[A-Za-z][\w'’-]*", s["text"]) if w[0].isupper())
                     for s in spans if s["label"] == "ORG" and len(s["text"].split()) >= 2}
    for s in spans:
        word = s["text"]
        if s["label"] not in NUMERIC_LABELS | {"ORG"} and _acronym_shaped(word) \
                and "".join(c for c in word if c.isupper()) in organisations and gazetteer().lookup(word) is None:
            s["label"] = "ORG"
    return spans


_BRACKETED_ACRONYM = re.compile(r"[ \t][(\[] ?([A-Z][A-Za-z]{1,7}) ?[)\]]")
_NAME_CONNECTORS = frozenset("of and for the on in de du des la &".split())


def _names_spelled_out_before_acronyms(text: str, spans: list[dict]) -> list[dict]:
    """ "the US Strategic Defense Initiative (SDI)" with neither tagged: capitalised words right before an acronym
    in brackets whose initials are exactly its letters are a name, an organisation (the usual thing an acronym
    is defined for); the acronym is added beside it. Two letters or more, every capital of the acronym one word,
    in order. A name the model tagged only in part ("Kenya" of "Athletics Kenya (AK)") is replaced by the whole;
    one it tagged whole, or running on beyond these words, is left to the model."""
    coverage = _Coverage(text, spans)
    added, replaced = [], []
    for m in _BRACKETED_ACRONYM.finditer(text):
        acronym = m.group(1)
        letters = [c for c in acronym if c.isupper()]
        if len(letters) < 2 or not _acronym_shaped(acronym):
            continue
        words = list(re.finditer(r"[^\s()\[\]]+", text[max(0, m.start() - 120):m.start()]))
        offset, picked = max(0, m.start() - 120), []
        for w in reversed(words):
            word = w.group()
            if word[0].isupper() and word.replace("-", "").replace("'", "").isalpha():
                picked.append(w)
                if len(picked) == len(letters):
                    break
            elif word.lower() in _NAME_CONNECTORS and picked:
                continue
            else:
                break
        if len(picked) != len(letters) or [w.group()[0] for w in reversed(picked)] != letters:
            continue
        start, end = offset + picked[-1].start(), offset + picked[0].end()
        inside = [s for s in spans if s["start"] < end and s["end"] > start]
        tagged = any((s["start"], s["end"]) == m.span(1) for s in spans)  # the acronym alone the model found
        if "\n" in text[start:end] or not (tagged or coverage.free(*m.span(1))) or any(
                s["start"] < start or s["end"] > end or (s["start"], s["end"]) == (start, end) for s in inside):
            continue
        if len(letters) == 2 and not (inside or tagged) or gazetteer().lookup(text[start:end]) is not None:
            continue  # two letters are a name only beside what the model found of it; a place keeps its label
        replaced += inside
        added += [_span(text, start, end, "ORG")] + ([] if tagged else [_span(text, *m.span(1), "ORG")])
        coverage.take(start, end)
        coverage.take(*m.span(1))
    return [s for s in spans if not any(s is r for r in replaced)] + added


def _acronym_shaped(word: str) -> bool:
    """ "NATO", "MoD", "DfES": 2-6 letters, capital first, at least two capitals and more capitals than not."""
    capitals = sum(c.isupper() for c in word)
    return 2 <= len(word) <= 6 and word.isalpha() and word[0].isupper() and capitals >= 2 \
        and capitals > len(word) - capitals


def _is_subsequence(needle: list[str], haystack: list[str]) -> bool:
    it = iter(haystack)
    return all(c in it for c in needle)


def _person_shaped(name: str) -> bool:
    """Capitalised words (and name particles), no digits: what a person's name looks like in running text."""
    words = name.split()
    return bool(words) and not re.search(r"\d", name) and words[0][0].isupper() and \
        all(w[0].isupper() or w.lower() in _NAME_PARTICLES or re.match(r"(?:al|el|bin|de|d)[-'’]", w) for w in words)


def _person_words(spans: list[dict]) -> set[str]:
    """Words that are part of a multi-word person's name in this article (Jordan in Michael Jordan)."""
    return {w for s in spans if s["label"] == "PERSON" and " " in s["text"] for w in s["text"].split()}


def _person_then_place(text: str, spans: list[dict]) -> list[dict]:
    """ "told Zelenskyy London believed …": a known person's family name run into a place name is two names."""
    known = {surname(s["text"]) for s in spans if s["label"] == "PERSON" and " " in s["text"]}
    out = []
    for s in spans:
        words = s["text"].split(" ")
        if s["label"] == "PERSON" and len(words) == 2 and words[0] in known and words[0] != surname(s["text"]) \
                and gazetteer().lookup(words[1]) is not None:
            second = s["start"] + len(words[0]) + 1
            out.append(_span(text, s["start"], s["start"] + len(words[0]), "PERSON"))
            out.append(_span(text, second, s["end"], gazetteer().lookup(words[1]).label))
            continue
        out.append(s)
    return out


def _fix_places(text: str, spans: list[dict]) -> list[dict]:
    """Known places tagged as a person or an organisation become places (Kyiv as PERSON, Cyprus as ORG)."""
    gaz = gazetteer()
    people = _person_words(spans)
    for s in spans:
        if s["label"] in PLACE_LABELS or s["label"] in NUMERIC_LABELS or s["text"] in people:
            continue
        place = gaz.lookup(s["text"])
        if place is None:
            continue
        if s["label"] == "ORG" and place.kind == "city":
            continue  # cities name their clubs and councils; the model's ORG is usually right there
        if s["label"] in {"PERSON", "ORG", "NORP", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT"}:
            s["label"] = place.label
    return spans


# A player's or manager's role right after a town's name, or a transfer right before it, says the town is its club:
# "Leeds striker Lee Bowyer", "Barcelona coach", "playing for Feyenoord", "signed from Udinese".
_CLUB_ROLE_AFTER = re.compile(r"(?:['’]s?)?\s+(?:striker|midfielder|defender|goalkeeper|keeper|winger|forward|"
                              r"full-back|centre-back|playmaker|manager|coach|boss|skipper|quarterback|pitcher|"
                              r"outfielder|shortstop|linebacker|fly-half|scrum-half|lock|prop|hooker)s?\b")
_CLUB_MOVE_BEFORE = re.compile(r"(?:\b(?:playing|played|plays|play|signed|signs|sign|signing|debut)\s+"
                               r"(?:for|from|with|by)|\bon loan (?:from|to|at))\s+$")


def _clubs_by_context(text: str, spans: list[dict]) -> list[dict]:
    """A town tagged a place is its club where sport says so — a player's role right after it ("Leeds striker
    Lee Bowyer", "Barcelona coach") or a transfer right before it ("playing for Feyenoord", "signed from
    Udinese") — and so is every mention of it in the article. Countries, states and continents stay places (a
    national side is written as the country), and so does a town named in full with its country or state."""
    gaz = gazetteer()
    clubs = set()
    for s in spans:
        if s["label"] not in PLACE_LABELS or not s["text"][:1].isupper() or s["text"].isupper():
            continue
        place = gaz.lookup(s["text"])
        if place is not None and place.kind != "city":
            continue
        if _CLUB_ROLE_AFTER.match(text, s["end"]) or _CLUB_MOVE_BEFORE.search(text[max(0, s["start"] - 30):s["start"]]):
            clubs.add(s["text"])
    # "Birmingham City" (GPE) or "Crystal Palace" (FAC) beside "Birmingham" or "Palace" tagged ORG alone: the
    # club's full name, not a place or building (not a place the gazetteer lists whole: "New York")
    alone = Counter(s["text"] for s in spans if s["label"] == "ORG" and " " not in s["text"])
    for s in spans:
        words = s["text"].split()
        if s["label"] in PLACE_LABELS | {"FAC"} and len(words) == 2 and _person_shaped(s["text"]) \
                and (alone[words[0]] or alone[words[1]]) and gaz.lookup(s["text"]) is None:
            clubs.add(s["text"])
    for s in spans:
        if s["text"] in clubs and s["label"] in PLACE_LABELS | {"FAC"}:
            s["label"] = "ORG"
    return spans


# Words around a name that only a place takes: "southwest of X", "near X", "toward X", "the X direction".
_COMPASS = r"(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?"
_PLACE_BEFORE = re.compile(rf"(?:\b{_COMPASS}\s+of|\boutskirts\s+of|\bnear|\bnear\s+and\s+within|\btowards?"
                           r"|\bwithin|\boutside\s+of|\bliberated|\bseized|\bcaptured)\s+$", re.I)
_STRONG_BEFORE = re.compile(rf"\b(?:{_COMPASS}|outskirts|city|town|village|settlement)\s+of\s+$", re.I)
_PLACE_AFTER = re.compile(r"\s+(?:(?:tactical|operational|strategic|border|front-?line)\s+)?"
                          r"(?:directions?|axis|Oblasts?|oblasts?|raions?|[Rr]egions?|districts?|areas?|front"
                          r"|(?:town|city|village|settlement)(?!\s+(?:hall|council|cent(?:er|re)|manager)))\b")
# "west of Pokrovsk toward X": a cue right after a place phrase is about places too.
_AFTER_A_PLACE = re.compile(rf"\b(?i:{_COMPASS})\s+of\s+[A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*)?\s*$")
_LIST_LINK = re.compile(r"(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)$")
_LIST_ITEM = re.compile(r"[A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*){0,2}$")
RELABEL_BY_CONTEXT = frozenset({"PERSON", "ORG", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW"})


def _place_cue(text: str, start: int, end: int) -> int:
    """2 for a cue only places take (southwest of X, the X direction), 1 for a likely one (near X), else 0.
    A name in a list that follows a cue shares it; a list of three or more after "near" is a list of places
    ("near Zelene, Starytsya, and Vovchansk")."""
    if re.match(r"['’]s\b", text[end:end + 3]):
        return 0  # "near Trump's residence"
    if _PLACE_AFTER.match(text, _list_end(text, end)):
        return 2  # "the Lyman direction", "in Kursk and Sumy oblasts"
    pos = start
    for items in range(1, 9):  # walk back over the list the name is in
        before = text[max(0, pos - 40):pos]
        if _STRONG_BEFORE.search(before):
            return 2
        if cue := _PLACE_BEFORE.search(before):
            if items + _items_after(text, end) >= 3 or \
                    _AFTER_A_PLACE.search(text[max(0, pos - 120):pos - len(before) + cue.start()]):
                return 2
            return 1
        link = _LIST_LINK.search(before)
        if not link:
            return 0
        item = _LIST_ITEM.search(text[max(0, pos - 40 - len(link.group())):pos - len(link.group())])
        if not item:
            return 0
        pos = pos - len(link.group()) - len(item.group())
    return 0


_NEXT_ITEM = re.compile(r"(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)[A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*){0,2}")


def _items_after(text: str, end: int) -> int:
    count = 0
    while count < 8 and (m := _NEXT_ITEM.match(text, end)):
        count, end = count + 1, m.end()
    return count


def _list_end(text: str, end: int) -> int:
    """Where the list of capitalised names that starts at `end` stops ("Kyiv, Sumy, and Zaporizhia| oblasts")."""
    for _ in range(8):
        m = _NEXT_ITEM.match(text, end)
        if not m:
            break
        end = m.end()
    return end


def _places_by_context(text: str, spans: list[dict]) -> list[dict]:
    """Towns no gazetteer lists (Lyman, Hulyaipole) read as places from the words around them: a name the model
    called a person or an organisation becomes a place when enough of its mentions sit in place-only contexts."""
    cues: dict[str, list[int]] = defaultdict(list)
    for s in spans:
        if s["label"] in RELABEL_BY_CONTEXT | PLACE_LABELS and s["text"][:1].isupper():
            cues[normalise(s["text"])].append(_place_cue(text, s["start"], s["end"]))
    places = {key for key, found in cues.items()
              if sum(found) >= 2 and sum(1 for c in found if c) * 4 >= len(found)}
    for s in spans:
        if s["label"] in RELABEL_BY_CONTEXT and normalise(s["text"]) in places:
            s["label"] = "GPE"
    return spans


class _Coverage:
    """Which characters of the text are already inside an entity: O(span length) overlap checks."""

    def __init__(self, text: str, spans: list[dict]):
        self._taken = bytearray(len(text))
        for s in spans:
            self.take(s["start"], s["end"])

    def free(self, start: int, end: int) -> bool:
        return not any(self._taken[start:end])

    def take(self, start: int, end: int) -> None:
        self._taken[start:end] = b"\x01" * (end - start)


def _word_at(text: str, start: int, end: int, glue: bool = True) -> bool:
    """True when text[start:end] is a whole word run, not glued to a neighbouring capitalised word (glue=False:
    whole words are enough)."""
    if (start > 0 and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum()):
        return False
    if not glue:
        return True
    # "Trump" inside "Trump Tower", "Kyiv" inside "Kyiv Independent": the longer name is something else.
    glued_after = re.match(r" [A-Z][a-z]", text[end:end + 3]) is not None
    previous = re.search(r"([A-Za-z][\w'’-]*) $", text[max(0, start - 40):start])
    glued_before = previous is not None and previous.group(1)[0].isupper() \
        and not re.search(r"['’]s?$", previous.group(1)) \
        and previous.group(1).lower() not in LEADING_FUNCTION_WORDS and not normalise(previous.group(1) + " x") == "x"
    return not (glued_after or glued_before)


# Labels the model gives a sportsman's or executive's full name by mistake ("Takuma Sato" FAC, "Nacho Novo" GPE).
# A wire story's dateline: a place in capitals at the start of a line ("HOUSTON 1996-12-05", "NEW YORK, March 3 -",
# "MANILA (Reuters) -", "TALLAHASSEE , Fla. 1996-12-06"), maybe with its region, then a date or an agency tag.
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATELINE = re.compile(
    r"^[ \t]*(?P<place>[A-Z][A-Z.'-]*[A-Z.](?:[ -][A-Z][A-Z.'-]*[A-Z.]){0,3})"
    r"(?:[ \t]*,[ \t]*(?P<region>[A-Z][a-z]*\.?(?: [A-Z][a-z]*\.?)?|[A-Z]{2,}(?: [A-Z]{2,})?))?"
    rf"(?:[ \t]*,)?[ \t]+(?:\d{{4}}-\d\d-\d\d\b|{_MONTH} \d{{1,2}}\b|\([A-Z][\w .&-]{{0,30}}\)[ \t]+-)", re.M)


def _dateline_places(text: str, spans: list[dict]) -> list[dict]:
    """The place a wire story is filed from is a place, whatever the model made of it in capitals ("BRATISLAVA"
    tagged a person, "MELBOURNE" missed) — and so is its region ("TALLAHASSEE , Fla."). Only a capitals word run
    at a line's start right before a date or an agency tag in brackets: a position nothing else takes."""
    gaz = gazetteer()
    out = spans
    for m in _DATELINE.finditer(text):
        for group in ("place", "region"):
            if m.group(group) is None:
                continue
            start, end = m.span(group)
            words = m.group(group).lower().replace(".", "").split()
            if is_junk_name(m.group(group)) or len("".join(words)) < 2 or set(words) & _MONTHS_AND_DAYS:
                continue
            place = gaz.lookup(m.group(group))
            out = [s for s in out if s["end"] <= start or s["start"] >= end]
            out.append(_span(text, start, end, place.label if place is not None else "GPE"))
    return out


_MISREAD_PEOPLE = _NOT_PEOPLE | {"GPE", "LOC"}


def _people_named_again_by_surname(text: str, spans: list[dict], lines: "LineKinds") -> list[dict]:
    """A two-word name the model called an organisation, building or place ("Philip Rivers" ORG, "Takuma Sato"
    FAC, "Nacho Novo" GPE) is a person when the article also writes its last word alone as news names people on
    second mention — "Rivers, the fourth overall choice", "Sato staying at BAR" — and never tags that word an
    organisation: not a company (no company word, no company context), not a place the gazetteer knows, no word
    the text also writes in lower case, no lone word inside a longer capitalised run ("Aston Villa" … "Villa
    Park")."""
    companies = {s["text"] for s in spans if _COMPANY_AFTER.match(text, s["end"])
                 or _COMPANY_BEFORE.search(text[max(0, s["start"] - 30):s["start"]])}
    tagged_org = {s["text"] for s in spans if s["label"] == "ORG" and " " not in s["text"]}
    out = []
    for s in spans:
        words = s["text"].split()
        if s["label"] in _MISREAD_PEOPLE and len(words) == 2 and _person_shaped(s["text"]) \
                and s["text"] not in companies and all(w.isalpha() and w[1:].islower() for w in words) \
                and not {w.lower() for w in words} & (_COMPANY_WORDS | STOP_WORDS) \
                and len(words[1]) >= 3 and words[1] not in tagged_org and not lines.is_furniture(s["start"], s["end"]) \
                and all(gazetteer().lookup(w) is None for w in (s["text"], words[1])) \
                and (gazetteer().lookup(words[0]) is None or is_given_name(words[0]) and not words[1].endswith("s")) \
                and not re.search(rf"(?<![\w'’-]){re.escape(words[1].lower())}(?![\w'’-])", text) \
                and _alone_elsewhere(text, words[1], s, lines):
            s = _span(text, s["start"], s["end"], "PERSON")
        out.append(s)
    return out


def _alone_elsewhere(text: str, word: str, span: dict, lines: "LineKinds") -> bool:
    """`word` written alone outside `span`: no capitalised word glued before it, and none after it unless the line
    is a title ("Sorenstam wins Hammons Classic", "Rivers Agree to Deal")."""
    for m in re.finditer(rf"(?<![\w'’-]){re.escape(word)}(?![\w'’-])", text):
        if span["start"] <= m.start() < span["end"]:
            continue
        before = re.search(r"([A-Za-z][\w'’-]*)[ \t]+$", text[max(0, m.start() - 40):m.start()])
        glued_before = before is not None and before.group(1)[0].isupper() and \
            before.group(1).lower() not in LEADING_FUNCTION_WORDS
        glued_after = re.match(r"[ \t]+[A-Z][a-z]", text[m.end():m.end() + 3]) is not None
        if not glued_before and (not glued_after or lines.is_title(m.start())):
            return True
    return False


def _propagate_names(text: str, spans: list[dict], lines: LineKinds) -> list[dict]:
    """A name the model tagged once is the same name where it went unnoticed, also in ALL-CAPS headlines;
    a lone surname of a person named in full is that person."""
    labels: dict[str, Counter] = defaultdict(Counter)
    for s in spans:
        if s["label"] not in NUMERIC_LABELS:
            labels[s["text"]][s["label"]] += 1
    surnames: dict[str, str] = {}
    outside_titles = {s["text"] for s in spans if not lines.is_title(s["start"])}
    for name in list(labels):
        if labels[name].most_common(1)[0][0] == "PERSON" and " " in name and _person_shaped(name) \
                and name in outside_titles:
            last = surname(name)
            if len(last) > 2 and last[0].isupper() and not (last.isupper() and not name.isupper()):
                surnames[last] = "PERSON"  # not an acronym the model ran into a word ("Atlas SIRTF")
    # "Hilton Hotels Corp" … "Conrad Hilton" … "Hilton": the family name is the company's name too, and the lone
    # word stays what the model read it as
    for s in spans:
        words = s["text"].split()
        if s["label"] == "ORG" and len(words) >= 2 and words[0] in surnames \
                and any(w.lower().strip(".") in _COMPANY_WORDS for w in words[1:]):
            surnames.pop(words[0])
    for s in spans:  # a surname the model called something else
        if s["text"] in surnames and s["label"] != "PERSON" and " " not in s["text"]:
            s["label"] = "PERSON"
    candidates = {name: c.most_common(1)[0][0] for name, c in labels.items()
                  if len(name) >= 2 and name[0].isupper()}
    clubs = _names_after_their_place(labels)  # "Lakers" of "the Los Angeles Lakers", also in a title line
    candidates.update({name: "ORG" for name in clubs if name not in candidates})
    surnames_or_clubs = set(surnames) | clubs
    candidates.update(surnames)
    if not candidates:
        return spans
    full_names = {name for name in labels if " " in name and surname(name) in surnames}
    run_on = {s["text"] for s in spans if lines.is_title(s["start"]) and " " in s["text"] and s["text"] not in full_names
              and s["label"] not in NUMERIC_LABELS and set(s["text"].split()) & set(surnames)}
    spans = [s for s in spans if s["text"] not in run_on]  # "Agassi Overcomes Verdasco Power": two names
    for name in run_on:
        candidates.pop(name, None)
    coverage = _Coverage(text, spans)
    added: list[dict] = []
    names = sorted(candidates, key=len, reverse=True)  # longest first, so "Donald Trump" beats "Trump"
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)")
    for m in pattern.finditer(text):
        start, end = m.span()
        in_title = m.group() in surnames_or_clubs and lines.is_title(start) and _word_at(text, start, end, glue=False)
        if coverage.free(start, end) and (in_title or _word_at(text, start, end)) and not lines.is_furniture(start, end):
            added.append(_span(text, start, end, candidates[m.group()]))
            coverage.take(start, end)
    shouting = {name.upper(): label for name, label in candidates.items() if name.upper() != name and len(name) > 3}
    if shouting and lines.any_caps:
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(shouting, key=len, reverse=True)))
                             + r")(?!\w)")
        for m in pattern.finditer(text):
            start, end = m.span()
            if lines.is_caps(start) and coverage.free(start, end):
                added.append(_span(text, start, end, shouting[m.group()]))
                coverage.take(start, end)
    return spans + added


def _names_after_their_place(labels: dict[str, Counter]) -> set[str]:
    """The rest of an organisation's name after the place it starts with ("Lakers" of "Los Angeles Lakers", "Red
    Sox" of "Boston Red Sox"): what a story and its headline call the team on second mention. Only a plural, as
    team names are ("Orlando Pace", tagged ORG, gives no "Pace"), of capitalised words that are no generic word,
    kind of body or place."""
    rests = set()
    for name, counts in labels.items():
        words = name.split()
        if counts.most_common(1)[0][0] != "ORG" or len(words) < 2:
            continue
        for n in (3, 2, 1):
            if len(words) > n and gazetteer().lookup(" ".join(words[:n])) is not None:
                rest = words[n:]
                if len(rest) <= 2 and rest[-1].endswith("s") and all(w[:1].isupper() and w[1:].islower() and w.isalpha() for w in rest) \
                        and len("".join(rest)) >= 4 and rest[0].lower() not in _GENERIC_FIRST \
                        and not {w.lower() for w in rest} & (_NO_SHORT_NAMES | _COMPANY_WORDS | STOP_WORDS) \
                        and gazetteer().lookup(" ".join(rest)) is None:
                    rests.add(" ".join(rest))
                break
    return rests


_MONTHS_AND_DAYS = frozenset("""january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday""".split())
_GIVEN_THEN = r"(?<![\w'’-])([A-Z][a-z]+(?:-[A-Z]?[a-z]+)?) "


def _given_name_before_surname(text: str, spans: list[dict], lines: "LineKinds") -> list[dict]:
    """ "The army commander-in-chief, Valerii Zaluzhnyi, was frustrated": a person the article names by family name
    alone (the model tagged it), written once with a given name the model did not tag, is named in full there.
    The word before must look like a given name: capitalised, not inside a longer capitalised run, no stop word,
    title, month, day, place or nationality, never written in lower case in the text, and tagged as nothing else.
    Only for a family name no full name of the article already ends with."""
    people = Counter(s["text"] for s in spans if s["label"] == "PERSON" and " " not in s["text"])
    others = Counter(s["text"] for s in spans if s["label"] not in ("PERSON", *NUMERIC_LABELS) and " " not in s["text"])
    named = {surname(s["text"]) for s in spans if s["label"] == "PERSON" and " " in s["text"]}
    lone = [name for name, n in people.items() if n > others[name] and len(name) >= 3 and name[0].isupper()
            and not name.isupper() and name not in named and gazetteer().lookup(name) is None]
    if not lone:
        return spans
    lower_words = set(re.findall(r"(?<![\w-])[a-z]+(?![\w-])", text))
    by_place = {(s["start"], s["end"]): s for s in spans}
    coverage = _Coverage(text, [s for s in spans if not (s["label"] == "PERSON" and s["text"] in lone)])
    pattern = re.compile(_GIVEN_THEN + "(" + "|".join(map(re.escape, sorted(lone, key=len, reverse=True)))
                         + r")(?![\w'’-]| [A-Z][a-z])")
    for m in pattern.finditer(text):
        given, (start, end) = m.group(1), (m.start(1), m.end(2))
        previous = re.search(r"([A-Za-z][\w'’-]*)\s*$", text[max(0, start - 40):start])
        if previous and previous.group(1)[0].isupper() and not re.search(r"[.!?:\n]\s*$", text[max(0, start - 3):start]):
            continue  # inside a longer capitalised run ("Sheffield Wednesday Smith")
        word = given.lower()
        if word in STOP_WORDS or word in lower_words or word in _MONTHS_AND_DAYS or word in _NAME_PARTICLES \
                or normalise(given + " x") == "x" or _is_demonym(given) or gazetteer().lookup(given) is not None \
                or not coverage.free(start, end) or lines.is_title(start) or lines.is_furniture(start, end):
            continue
        alone = by_place.get(m.span(2))
        if alone is not None:
            spans.remove(alone)
        spans.append(_span(text, start, end, "PERSON"))
        coverage.take(start, end)
    return spans


_MISREAD_SURNAME = frozenset({"ORG", "PRODUCT", "WORK_OF_ART", "FAC", "EVENT", "LAW", "GPE", "LOC"})
# Words that begin place names ("Port Harcourt", "Lake Placid"): never a given name before a word tagged a place.
_PLACE_FIRST = frozenset("""port fort lake mount mt cape saint st san santa sao la los las el new north south east
    west upper lower great little old bay point glen""".split())


def _full_name_before_a_misread_surname(text: str, spans: list[dict], lines: "LineKinds") -> list[dict]:
    """ "Knicks: Crawford hits the one that counts … Jamal Crawford missed 21 shots": the model tagged the family
    name alone (as an organisation) and missed the full name. A capitalised word written only right before that
    name, in prose, makes it a person's full name there, and the lone name a person throughout the article. The
    word before must look like a given name (as for `_given_name_before_surname`) and appear nowhere else in the
    text; the lone name must never stand in a company context, be a place, a company word or a word the text
    writes in lower case ("Aston Villa" … "Villa Park" stays a club: "Aston" is no given name the text shows
    alone, but "Villa" is tagged inside a longer run)."""
    lone = Counter(s["text"] for s in spans if s["label"] in _MISREAD_SURNAME and " " not in s["text"])
    if not lone:
        return spans
    named = {surname(s["text"]) for s in spans if s["label"] == "PERSON" and " " in s["text"]}
    lower_words = set(re.findall(r"(?<![\w-])[a-z]+(?![\w-])", text))
    longer = {w for s in spans if " " in s["text"] for w in s["text"].split()}
    candidates = [name for name in lone if len(name) >= 4 and name[0].isupper() and name[1:].islower()
                  and name.isalpha() and name not in named and name not in longer
                  and name.lower() not in lower_words and name.lower() not in _COMPANY_WORDS | _NO_SHORT_NAMES
                  and gazetteer().lookup(name) is None]
    candidates = [name for name in candidates if not any(
        _COMPANY_AFTER.match(text, m.end()) or _COMPANY_BEFORE.search(text[max(0, m.start() - 30):m.start()])
        or re.match(r"[ \t]+[A-Z][a-z]", text[m.end():m.end() + 3]) for m in re.finditer(rf"(?<![\w'’-]){name}(?![\w'’-])", text))]
    if not candidates:
        return spans
    coverage = _Coverage(text, [s for s in spans if s["text"] not in candidates])
    pattern = re.compile(_GIVEN_THEN + "(" + "|".join(map(re.escape, sorted(candidates, key=len, reverse=True)))
                         + r")(?![\w'’-]| [A-Z][a-z])")
    found: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for m in pattern.finditer(text):
        given, (start, end) = m.group(1), (m.start(1), m.end(2))
        previous = re.search(r"([A-Za-z][\w'’-]*)\s*$", text[max(0, start - 40):start])
        if previous and previous.group(1)[0].isupper() and not re.search(r"[.!?:\n]\s*$", text[max(0, start - 3):start]):
            continue  # inside a longer capitalised run
        word = given.lower()
        if word in STOP_WORDS or word in lower_words or word in _MONTHS_AND_DAYS or word in _NAME_PARTICLES \
                or word in _COMPANY_WORDS or word in _GENERIC_FIRST or word in _PLACE_FIRST \
                or normalise(given + " x") == "x" \
                or _is_demonym(given) or gazetteer().lookup(given) is not None or len(given) < 3 \
                or not re.fullmatch(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?", given) \
                or len(re.findall(rf"(?<![\w'’-]){given}(?![\w'’-])", text)) > 1 \
                or not coverage.free(start, end) or lines.is_title(start) or lines.is_furniture(start, end):
            continue
        found[m.group(2)].append((start, end))
    if not found:
        return spans
    out = [s for s in spans if not (s["text"] in found and any(a <= s["start"] < b for a, b in found[s["text"]]))]
    for s in out:
        if s["text"] in found:
            s["label"] = "PERSON"
    out += [_span(text, a, b, "PERSON") for places in found.values() for a, b in places]
    return out


# Words that begin organisations' names more often than people's ("Credit Suisse", "Royal Mail").
_GENERIC_FIRST = frozenset("""news first general national american united international royal standard western
    eastern northern southern pacific global new british european world public federal central union credit
    capital bank banco air trans grand great old saint st north south east west upper lower""".split())
# One-word names that are kinds of bodies, never a family name here.
_NO_SHORT_NAMES = frozenset("""bank party council committee ministry agency union university college institute
    fund trust court commission board league cup federation association airlines airways motors""".split())


_CAPITALISED_RUN = re.compile(r"[A-Z][\w'’-]*(?:\.[A-Z]\.?)?(?: [A-Z][\w'’-]*)*")


def _fill_places(text: str, spans: list[dict], lines: LineKinds) -> list[dict]:
    """Well-known places the model missed entirely (most of the Kyiv mentions)."""
    gaz = gazetteer()
    coverage = _Coverage(text, spans)
    added = []
    for m in _CAPITALISED_RUN.finditer(text):
        start, name = m.start(), m.group()
        first, _, rest = name.partition(" ")
        if rest and first.lower() in LEADING_FUNCTION_WORDS:
            start, name = start + len(first) + 1, rest
        end = start + len(name)
        if lines.is_furniture(start, end) or lines.is_caps(start) or not coverage.free(start, end):
            continue
        place = gaz.lookup(name)
        if place is None or (place.kind == "city" and place.population < FILL_POPULATION):
            continue
        # A place name that is also an everyday word in this text (Reading, Nice, Bath) is left to the model.
        if re.search(r"(?<!\w)" + re.escape(name.lower()) + r"(?!\w)", text):
            continue
        added.append(_span(text, start, end, place.label))
    return spans + added


def _consistent_labels(spans: list[dict]) -> list[dict]:
    """One name, one label within an article: the majority label, ties going to the first mention."""
    votes: dict[str, Counter] = defaultdict(Counter)
    first: dict[str, str] = {}
    for s in spans:
        if s["label"] in NUMERIC_LABELS:
            continue
        key = normalise(s["text"])
        votes[key][s["label"]] += 1
        first.setdefault(key, s["label"])
    for s in spans:
        if s["label"] in NUMERIC_LABELS:
            continue
        key = normalise(s["text"])
        counts = votes[key]
        best = max(counts.values())
        winners = [label for label, n in counts.items() if n == best]
        s["label"] = first[key] if first[key] in winners else winners[0]
    return spans


def without_own_outlet(spans: list[dict], *outlets: str | None) -> list[dict]:
    """The article's own outlet or host (its `source`, "pressbee.net") frames the text: a mention of it there
    ("The editorial team at PressBee", "(Reuters)") is not an entity of the story."""
    names = set()
    for outlet in filter(None, outlets):
        host = re.sub(r"^(?:https?://)?(?:www\.)?", "", outlet.strip().lower()).split("/")[0]
        names.add(normalise(outlet, person=False))
        if "." in host and " " not in host:
            names.add(normalise(host.rsplit(".", 1)[0].replace(".", " "), person=False))
    names.discard("")
    return [s for s in spans if s["label"] in NUMERIC_LABELS or normalise(s["text"], person=False) not in names]

