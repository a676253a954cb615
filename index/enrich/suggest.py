"""`catalog suggest`: candidate issues for a corpus that has no catalog yet, as a catalog to edit.

An issue of a story is something its reporting keeps coming back to when it reports negotiation, dispute or
decision. So:
  1. sentences that report such things: a negotiation/decision word (`REPORTING`) or a strong status cue;
  2. their noun phrases (spaCy's tagger), contrasted against general news (a background of article frequencies
     built from the BBC corpus by bench/build_background.py and shipped with the package): the log-odds ratio with
     an informative prior (Monroe et al. 2008), on article counts, so one long article cannot make a phrase;
     ranked by that contrast up to a cap, then by how many articles report it (`_rank`): once a phrase is clearly
     the story's own, the issue more articles come back to ranks first;
  3. and contrasted within the corpus: a phrase mostly in sentences that report something else (fighting, markets)
     is the story's background, not one of its issues (`_within`);
  4. not issues: quantities (measures and their abbreviations: "pct", "mln dlrs", "tonnes"), companies' legal
     forms ("inc", "plc"), people, peoples and their roles, countries (parties to the story), names that act —
     followed by a verb or a possessive in most of their sentences ("the Kremlin rejected", "Washington's
     calls") —, outlets, pieces of a longer name ("united arab", "scale invasion" of "full-scale invasion"),
     places mostly named after "in"/"at" (venues), the frame itself (reporting words, status cues: "negotiating
     table", "breakthrough"), dates ("monday", "june"), a word in most articles (the setting); organisations and
     other places are kept (NATO, Crimea);
  5. phrases that share a word or mostly the same sentences are grouped into one issue, titled by its most
     distinctive widely used phrase; its rules are the group's phrases as `terms`, its examples three sentences
     from different articles, the most typical of what is said about it (the words its sentences share, a
     negotiation word besides the phrase, no other suggestion's phrase in the same sentence), written as comments.
Cheap: the tagger and counting (entities were found at index time).
"""
from __future__ import annotations

import gzip
import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

BACKGROUND = "background_ngrams.tsv.gz"
MIN_ARTICLES = 3  # a phrase must recur in at least this many articles (fewer when the corpus is tiny)
PERVASIVE = 0.6  # a word in more than this share of the articles is the story's setting, not one of its issues
ALPHA = 0.5
_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]|\d+")
_BREAK = re.compile(r"[,;:()\[\]\"“”—–?!]|\s-\s")
# Words of reporting and of the frame itself: they make every sentence of the kind we selected, so they say
# nothing about what it is about.
_GENERIC = {
    "said", "says", "say", "told", "according", "added", "reported", "reports", "report", "statement", "asked",
    "talks", "talk", "negotiations", "negotiation", "negotiators", "deal", "agreement", "agreed", "agree", "plan",
    "proposal", "proposals", "issue", "issues", "question", "questions", "position", "demands", "demand",
    "official", "officials", "people", "year", "years", "time", "week", "weeks", "day", "days", "month", "months",
    "mr", "mrs", "ms", "percent", "per", "cent", "new", "told", "also", "would", "could", "one", "two", "three",
    "first", "last", "next", "including", "part", "way", "end", "set", "make", "made", "take", "taken", "need",
    "wants", "want", "sides", "side", "government", "country", "countries", "state", "president", "minister",
    "leaders", "leader", "meeting", "meet", "news", "reuters", "ap", "bbc", "sign", "signed", "terms", "points",
    "peace", "war", "conflict", "round", "rounds", "discussions", "efforts", "effort", "process", "progress",
    "conditions", "pressure", "table", "framework", "document", "details", "sources", "source",
    "place",  # "take place"
}
# Measures and their abbreviations (general, not any story's): a quantity is what is said about an issue, not an
# issue ("Pct", "Mln", "Dlrs" were suggested as issues of wire stories). A phrase that starts with one is a
# quantity of something ("mln bags", "percent stake") and is left out too. A currency is a unit only in the
# plural or abbreviated ("dlrs", "dollars"): "the dollar" or "the euro" can be what a story's talks are about.
_MULTIPLIERS = {"mln", "mn", "million", "millions", "bln", "bn", "billion", "billions", "trillion", "trln",
                "thousand", "thousands", "hundred", "hundreds", "dozen"}
_UNITS = _MULTIPLIERS | {
    "pct", "percent", "pc", "cent", "cents", "cts", "ct",
    "dlr", "dlrs", "dollars", "usd", "stg", "pounds", "pence", "euros", "francs", "lire", "pesos", "rupees",
    "roubles", "rubles", "kronor", "guilders",
    "tonne", "tonnes", "ton", "tons", "kg", "kilo", "kilos", "kilogram", "kilograms", "gram", "grams", "lb", "lbs",
    "ounce", "ounces", "oz", "bushel", "bushels", "bale", "bales",
    "barrel", "barrels", "bpd", "bbl", "bbls", "litre", "litres", "liter", "liters", "gallon", "gallons", "cubic",
    "km", "kilometre", "kilometres", "kilometer", "kilometers", "mile", "miles", "metre", "metres", "meter",
    "meters", "feet", "hectare", "hectares", "acre", "acres", "sq",
    "mw", "gw", "kw", "kwh", "megawatt", "megawatts", "gigawatt", "gigawatts", "bp", "bps", "basis",
}
# Legal forms of a company: part of a name ("Texaco Inc", "BAA plc"), never what is reported about it (on the
# 7,000-article BBC + C50 index four of 25 suggestions were "Plc", "Corp", "Inc", "Ltd").
_LEGAL_FORMS = {"inc", "incorporated", "corp", "co", "plc", "ltd", "llc", "ag", "sa", "nv", "bv", "gmbh", "spa",
                "lp", "llp", "pty", "kk", "ab", "asa", "oyj"}
# People by their role: a party to the story, not one of its issues ("Kremlin spokesman", "special envoy").
_ROLES = {
    "president", "envoy", "envoys", "spokesman", "spokeswoman", "spokesperson", "negotiator", "negotiators",
    "delegation", "delegations", "administration", "minister", "secretary", "chancellor", "prime", "chief",
    "official", "officials", "adviser", "advisor", "aide", "aides", "ambassador", "representative", "forces",
    "commander", "general", "analyst", "analysts", "executive", "chairman", "director",
    "lawyer", "lawyers", "judge", "spokesmen", "head", "leader", "leaders", "governor", "mayor",
}
# Sentences that report negotiation, dispute or decision: narrower than detection's FRAME on purpose (its
# "security", "press", "points" make battlefield news look like talks).
REPORTING = re.compile(
    r"\b(talks|negotiat\w*|deal|agreements?|agreed|agree|accord|treaty|propos\w*|demand\w*|insist\w*|"
    r"reject\w*|refus\w*|concessions?|compromis\w*|settlement|conditions?|summit|discuss\w*|offer\w*|"
    r"disput\w*|decision|decid\w*|approv\w*|ruled|ruling|court|verdict|appeal\w*|sued?|lawsuit|bid|bids|"
    r"auction\w*|vote[sd]?|voting|veto\w*|sign|signs|signed|signing|plans?|blocked|opposed|opposition|"
    r"objection\w*|trial|charged|charges|legislation|bill|amendments?|banned|ban)\b",
    re.IGNORECASE)


def _stopwords() -> frozenset:
    try:
        from spacy.lang.en.stop_words import STOP_WORDS
    except ImportError:  # pragma: no cover - spaCy is a dependency
        STOP_WORDS = set()
    return frozenset(STOP_WORDS) | {"s", "t", "ll", "d", "ve", "re"}


STOP = _stopwords()


def words(text: str) -> list[str]:
    """Lowercased word tokens ('s dropped), a phrase boundary ("|") wherever punctuation cuts the sentence."""
    out: list[str] = []
    for piece in _BREAK.split(text):
        for token in _TOKEN.findall(piece):
            token = re.sub(r"['’]s$", "", token.lower())
            if token:
                out.append(token)
        out.append("|")
    return out


def _content(token: str) -> bool:
    return token != "|" and token not in STOP and not token.isdigit() and len(token) > 1


def ngrams(tokens: list[str], n_max: int = 2) -> list[str]:
    """Words and n-word phrases that neither start nor end with a stopword and do not cross punctuation."""
    out = []
    for i in range(len(tokens)):
        for n in range(1, n_max + 1):
            gram = tokens[i:i + n]
            if len(gram) < n or "|" in gram or not (_content(gram[0]) and _content(gram[-1])):
                continue
            out.append(" ".join(gram))
    return out


@lru_cache(maxsize=1)
def background() -> tuple[int, dict[str, int]]:
    """(articles, {word or phrase: articles containing it}) of general news."""
    ref = resources.files("newsexplorer.seeds").joinpath(BACKGROUND)
    counts: dict[str, int] = {}
    docs = 1
    with gzip.open(ref.open("rb"), "rt", encoding="utf-8") as fh:
        for line in fh:
            gram, _, n = line.rstrip("\n").partition("\t")
            if gram == "#docs":
                docs = int(n)
            elif n:
                counts[gram] = int(n)
    return docs, counts


def _log_odds(fg: int, fg_docs: int, bg: int, bg_docs: int) -> float:
    """Log-odds ratio of a phrase's article frequency here and in general news, smoothed (Monroe et al. 2008).

    Not divided by its deviation: the z-score favours frequent, merely common-in-this-story words
    ("administration", "positions"); the plain ratio favours what general news hardly ever says ("security
    guarantees", "ceasefire"), and the minimum article count keeps one-off phrases out."""
    return (math.log((fg + ALPHA) / (max(fg_docs - fg, 0) + ALPHA))
            - math.log((bg + ALPHA) / (bg_docs - bg + ALPHA)))


@dataclass
class Candidate:
    gram: str
    z: float
    articles: set = field(default_factory=set)
    sentences: set = field(default_factory=set)  # (article index, sentence index)
    acting: int = 0  # sentences where it is followed by a verb or a possessive: a party acting
    contrast: float = 0.0  # log-odds against general news: how distinctive the phrase is (titles)


@dataclass
class Suggestion:
    title: str
    id: str
    terms: list[str]
    examples: list[str]
    articles: int
    z: float


STRONG_CUE = 1.5  # a status cue this strong makes a sentence a report by itself ("no unified view")


@lru_cache(maxsize=1)
def _strong_cues() -> re.Pattern | None:
    """One pattern for the strong status cues only: most sentences have none, and one search is cheaper than the
    whole lexicon's (a fifth of `catalog suggest`'s time on 7,000 articles). A sentence it does not match cannot
    have a strong cue; one it matches is read by the lexicon itself. None: the lexicon's shape is not the one
    expected here, so every sentence goes to the lexicon."""
    try:
        from .status import _CUES

        strong = [p for p, _, weight in _CUES if weight >= STRONG_CUE]
        return re.compile(r"\b(?:" + "|".join(f"(?:{p})" for p in strong) + r")(?!\w)", re.IGNORECASE)
    except (ImportError, TypeError, ValueError, re.error):  # pragma: no cover - another shape of the lexicon
        return None


def _reports(sentence: str) -> bool:
    """Whether a sentence reports negotiation, dispute or decision: a reporting word or a strong status cue."""
    from .issues import find_cues

    if REPORTING.search(sentence):
        return True
    prefilter = _strong_cues()
    if prefilter is not None and not prefilter.search(sentence):
        return False
    return any(c.weight >= STRONG_CUE for c in find_cues(sentence))


def prose_sentences(text: str) -> list[tuple[str, bool]]:
    """(sentence, whether it reports negotiation, dispute or decision) for every prose sentence."""
    from .issues import is_prose, split_sentences

    return [(sentence.text, _reports(sentence.text)) for sentence in split_sentences(text) if is_prose(sentence.text)]


def reporting_sentences(text: str) -> list[str]:
    """Prose sentences that report negotiation, dispute or decision."""
    return [s for s, reporting in prose_sentences(text) if reporting]


def _within(r: int, t: int, share: float, prior: float = 2.0) -> float:
    """How much more often a phrase is in reporting sentences than the corpus' sentences in general: log-odds with
    an informative prior at the corpus' own share. Battlefield words ("drone", "missile") fall below zero: they are
    mostly in sentences that report fighting, not negotiation; an issue ("prisoners", "elections") rises above."""
    p = min(max(share, 0.05), 0.95)
    return math.log((r + prior * p) / (t - r + prior * (1 - p))) - math.log(p / (1 - p))


def _places(entities: list[list[dict]]) -> set[str]:
    """Lowercased names the index labelled a place, and their words."""
    out: set[str] = set()
    for spans in entities:
        for e in spans or []:
            if e.get("label") in ("GPE", "LOC", "FAC"):
                name = (e.get("text") or "").lower().strip()  # noqa
                out.add(name)
                out.update(re.findall(r"[a-z][a-z'’-]+", name))
    return out


def _name_fragments(entities: list[list[dict]]) -> set[str]:
    """Words that are only a later part of a longer name of a place or person ("dhabi" of Abu Dhabi, "states" of
    United States)."""
    out: set[str] = set()
    for spans in entities:
        for e in spans or []:
            if e.get("label") not in ("GPE", "LOC", "PERSON"):
                continue
            parts = re.findall(r"[a-z][a-z'’-]+", (e.get("text") or "").lower())
            out.update(parts[1:])
            out.update(" ".join(parts[k:k + 2]) for k in range(1, len(parts) - 1))
            if len(parts) > 2:  # "united arab" of United Arab Emirates
                out.add(" ".join(parts[:2]))
    return out


def _date_words(entities: list[list[dict]]) -> set[str]:
    """Lowercased words of the spans the index labelled a date or a time ("monday", "june", "weekend")."""
    out: set[str] = set()
    for spans in entities:
        for e in spans or []:
            if e.get("label") in ("DATE", "TIME"):
                out.update(re.findall(r"[a-z][a-z'’-]+", (e.get("text") or "").lower()))
    return out


def _frame_word(word: str) -> bool:
    """A word of the frame itself: reporting ("negotiating"), generic ("table"), or a status cue ("breakthrough",
    "deadlock"): every selected sentence says such things, they are not what it is about."""
    from .issues import find_cues

    return word in _GENERIC or bool(REPORTING.fullmatch(word)) or bool(find_cues(word))


def _party_or_outlet(gram: str) -> bool:
    from ..ingest.outlets import is_outlet_name
    from .gazetteer import gazetteer

    place = gazetteer().lookup(gram)
    return (place is not None and place.kind == "country") or is_outlet_name(gram)


def _people(entities: list[list[dict]]) -> set[str]:
    """Lowercased words of every name the index labelled a person or a people (whole names and each part)."""
    out: set[str] = set()
    for spans in entities:
        for e in spans or []:
            if e.get("label") in ("PERSON", "NORP"):
                for name in {e.get("text") or "", e.get("canonical") or ""}:
                    name = name.lower().strip()
                    if name:
                        out.add(name)
                        out.update(w for w in re.findall(r"[a-z][a-z'’-]+", name))
    return out


# A phrase counts in a reporting sentence only near its reporting word (characters between their starts): the
# sentence reports negotiation about it ("Moscow demanded that Kyiv withdraw from Donetsk"), not about something
# else while the phrase sits in a far clause ("… talks in Geneva, a day after drones hit the energy grid").
NEAR = 100


def _near(gram: str, text: str, reported_at: list[int]) -> bool:
    """Whether the phrase occurs within NEAR characters of a reporting word (a sentence chosen for a strong status
    cue alone, "no unified view", offers none: its phrases are not counted)."""
    return any(abs(m.start() - r) <= NEAR for m in _phrase_pattern(gram).finditer(text) for r in reported_at)


MAX_SENTENCES = 6000  # tagging costs ~2-6 ms a sentence: a big corpus is sampled evenly
_NOMINAL = {"NOUN", "PROPN", "ADJ"}


@lru_cache(maxsize=1)
def _tagger():
    """spaCy's part-of-speech tagger only (the same small model as entities): phrases must be noun phrases."""
    import spacy

    from .entities import MODEL_NAME

    return spacy.load(MODEL_NAME, exclude=["parser", "ner", "lemmatizer", "senter"])


def noun_phrases(doc) -> dict[str, bool]:
    """Words and two-word phrases inside runs of adjectives and nouns, ending in a noun ("nuclear plant", "NATO"),
    each with whether it acts here: the last word of the run followed by a verb or a possessive ("the Kremlin
    rejected", "Washington's calls") — what a party does, where an issue is what is done or talked about."""
    out: dict[str, bool] = {}
    run: list = []
    for token in list(doc) + [None]:
        if token is not None and token.pos_ in _NOMINAL and token.is_alpha:
            run.append(token)
            continue
        # a run glued to a hyphen is the tail of a compound ("scale invasion" of "full-scale invasion"): its first
        # word starts no phrase
        glued = bool(run) and run[0].i > 0 and doc[run[0].i - 1].text == "-" and not doc[run[0].i - 1].whitespace_
        acts = token is not None and (token.pos_ in ("VERB", "AUX") or token.tag_ == "POS")
        for i, tok in enumerate(run):
            if tok.pos_ not in ("NOUN", "PROPN"):
                continue
            for n in (1, 2):
                gram = run[i - n + 1:i + 1] if i - n + 1 >= 0 else []
                if glued and i - n + 1 == 0:
                    continue
                if len(gram) == n and _content(gram[0].lower_) and _content(gram[-1].lower_):
                    key = " ".join(t.lower_ for t in gram)
                    out[key] = out.get(key, False) or (acts and i == len(run) - 1)
        run = []
    return out


MIN_CONTRAST = 0.3  # log-odds against general news: at least a little more common here
VENUE_SHARE = 0.5  # a place named after "in"/"at" this often is where things happen ("talks in Geneva"), not an issue


# reporting sentences' share of a phrase's sentences, as log-odds against the corpus' share (`_within`): below this
# the phrase is mostly in sentences reporting something else — fighting ("drone", "missile"), markets, crime
MIN_WITHIN = -0.5


def suggest(articles: list[dict], limit: int = 12) -> list[Suggestion]:
    """`articles`: [{"text", "entities"}]. Candidate issues, strongest first."""
    prose = [prose_sentences(a.get("text") or "") for a in articles]
    sentences: list[list[str]] = [[s for s, reporting in ps if reporting] for ps in prose]
    people = _people([a.get("entities") or [] for a in articles])
    places = _places([a.get("entities") or [] for a in articles])
    fragments = _name_fragments([a.get("entities") or [] for a in articles])
    dates = _date_words([a.get("entities") or [] for a in articles])
    bg_docs, bg = background()
    n_docs = max(1, len(articles))
    where = [(i, j) for i, sents in enumerate(sentences) for j in range(len(sents))]
    if len(where) > MAX_SENTENCES:
        step = len(where) / MAX_SENTENCES
        where = [where[int(k * step)] for k in range(MAX_SENTENCES)]
    found: dict[str, Candidate] = {}
    docs = _tagger().pipe((sentences[i][j] for i, j in where), batch_size=256)
    for (i, j), doc in zip(where, docs):
        reported_at = [m.start() for m in REPORTING.finditer(doc.text)]
        for gram, acts in noun_phrases(doc).items():
            if not _near(gram, doc.text, reported_at):
                continue  # the sentence reports something else than this phrase
            cand = found.setdefault(gram, Candidate(gram, 0.0))
            cand.acting += acts
            cand.articles.add(i)
            cand.sentences.add((i, j))
    any_mention: Counter = Counter()  # articles mentioning a word anywhere: to spot the story's setting
    for article in articles:
        any_mention.update(set(ngrams(words(article.get("text") or ""), 1)))
    in_all: Counter = Counter()  # prose sentences with the phrase
    in_reporting: Counter = Counter()  # … of which report negotiation, dispute or decision
    after_in: Counter = Counter()  # … where it follows "in" or "at"
    for ps in prose:
        for sentence, reporting in ps:
            tokens = words(sentence)
            grams = set(ngrams(tokens, 2)) & found.keys()
            in_all.update(grams)
            if reporting:
                in_reporting.update(grams)
                for k in range(1, len(tokens)):
                    if tokens[k - 1] in ("in", "at"):
                        for n in (1, 2):
                            gram = " ".join(tokens[k:k + n])
                            if gram in grams:
                                after_in[gram] += 1
    total = sum(len(ps) for ps in prose) or 1
    share = sum(r for ps in prose for _, r in ps) / total
    min_articles = min(MIN_ARTICLES, max(2, n_docs // 10))
    scored = []
    for gram, cand in found.items():
        parts = gram.split()
        if len(cand.articles) < min_articles or all(p in _GENERIC for p in parts):
            continue
        if gram in people or all(p in people or p in _GENERIC for p in parts) or any(p in _ROLES for p in parts):
            continue  # a person (or a person's role): a party to the story, not one of its issues
        if len(parts) == 1 and any_mention[gram] > PERVASIVE * n_docs and n_docs >= 5:
            continue  # "ukraine" in a Ukraine corpus: the setting
        if all(_frame_word(p) for p in parts):
            continue  # "negotiating table", "breakthrough": how talks are reported, not what they are about
        if parts[0] in _UNITS:
            continue  # "pct", "mln dlrs", "percent stake": a quantity, not an issue
        if any(p in _LEGAL_FORMS for p in parts):
            continue  # "corp", "texaco inc": a piece of a company's name
        if all(p in dates for p in parts):
            continue  # "monday", "june": when, not what
        if gram in fragments:
            continue  # "dhabi", "states": a piece of a name; the whole name is a candidate of its own
        if _party_or_outlet(gram):
            continue  # a country is a party, like a person ("Belarus", "United States"); an outlet is a source
        if REPORTING.fullmatch(parts[-1]):
            continue  # "talks", "compromise", "ruling": what every selected sentence reports, not about what
        if after_in[gram] > VENUE_SHARE * max(1, in_reporting[gram]) and gram in places:
            continue  # a venue
        if cand.acting > ACTING * len(cand.sentences):
            continue  # mostly the subject of what is reported ("the Kremlin rejected"): a party, not an issue
        contrast = _log_odds(len(cand.articles), n_docs, bg.get(gram, 0), bg_docs)
        within = _within(in_reporting[gram], max(in_all[gram], in_reporting[gram]), share)
        if contrast > MIN_CONTRAST and within > MIN_WITHIN:
            cand.z = _rank(contrast, len(cand.articles))
            cand.contrast = contrast
            scored.append(cand)
    scored.sort(key=lambda c: (-c.z, c.gram))
    return _group(scored, sentences, limit)


# Ranking (`_rank`): how distinctive a phrase is against general news counts up to CAP (beyond it, "absent from general news"
# and "rare in it" are alike, and a phrase found in 3 articles would outrank the story's main issues), then how
# many articles report it (BETA per natural log of the article count).
CAP = 3.5
BETA = 3.0
# Example sentences (`_examples`): typical words shared with the phrase's other sentences, per word (NORM smooths
# short sentences), a bonus for a negotiation word besides the phrase, a penalty per other suggestion's phrase.
NORM, FRAMED_BONUS, CROWDED_PENALTY = 6.0, 0.6, 0.15
SAME_SENTENCE = 0.8  # word overlap (Jaccard, numbers left out) at which two sentences are one
# A phrase followed by a verb or a possessive in more than this share of its sentences acts in the story: a party.
ACTING = 0.5


def _rank(contrast: float, articles: int) -> float:
    """Distinctive enough first, then widely reported: "territory" (10 articles) above "milblogger" (3)."""
    return min(contrast, CAP) + BETA * math.log(articles)


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 4 and word.endswith("s") else word


OVERLAP = 0.8  # two phrases whose sentences are mostly the same ones are one subject


def _group(scored: list[Candidate], sentences: list[list[str]], limit: int) -> list[Suggestion]:
    """Phrases sharing a word (not a generic one) or mostly found in the same sentences become one issue."""
    pool = scored[: limit * 8]
    parent = list(range(len(pool)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    keys = [{_stem(w) for w in c.gram.split() if w not in _GENERIC} for c in pool]
    for a in range(len(pool)):
        for b in range(a):
            shared = len(pool[a].sentences & pool[b].sentences)
            overlap = shared / min(len(pool[a].sentences), len(pool[b].sentences))
            if keys[a] & keys[b] or (overlap >= OVERLAP and shared >= 2):
                parent[root(a)] = root(b)
    members: dict[int, list[Candidate]] = defaultdict(list)
    for k, cand in enumerate(pool):
        members[root(k)].append(cand)
    groups = sorted(members.values(), key=lambda g: -max(c.z for c in g))[:limit]
    heads, names = [], []
    for group in groups:
        group.sort(key=lambda c: (-len(c.articles), -c.z, c.gram))
        widest = len(group[0].articles)
        wide = [c for c in group if 2 * len(c.articles) >= widest]
        # named by the most distinctive phrase among the widely used ones: "security guarantees", not "security";
        # its examples come from the strongest phrase's sentences, the ones that made the group
        names.append(max(wide, key=lambda c: (c.contrast, len(c.articles))))
        head = max(wide, key=lambda c: (c.z, len(c.articles)))
        group.remove(head)
        group.insert(0, head)
        heads.append(head)
    patterns = [_phrase_pattern(h.gram) for h in heads]
    out = []
    for k, group in enumerate(groups):
        head, name = group[0], names[k].gram
        terms = list(dict.fromkeys([name, head.gram] + [c.gram for c in group[1:] if c.gram not in name][:5]))
        others = [p for m, p in enumerate(patterns) if m != k and heads[m].gram not in head.gram]
        out.append(Suggestion(title=name[:1].upper() + name[1:], id=_slug(name), terms=terms,
                              examples=_examples(head, sentences, others),
                              articles=len(set().union(*(c.articles for c in group))),
                              z=round(max(c.z for c in group), 1)))
    seen: Counter = Counter()
    for suggestion in out:  # ids must be unique
        seen[suggestion.id] += 1
        if seen[suggestion.id] > 1:
            suggestion.id = f"{suggestion.id}-{seen[suggestion.id]}"
    return out


from .issues import FRAME  # noqa: E402 (detection's own negotiation words)


def _phrase_pattern(gram: str) -> re.Pattern:
    return re.compile(r"\b" + r"\W+".join(map(re.escape, gram.split())) + r"\b", re.IGNORECASE)


def _examples(cand: Candidate, sentences: list[list[str]], others: list[re.Pattern] = (), n: int = 3) -> list[str]:
    """Three sentences, from different articles, that are most typical of what is said about the phrase.

    Typical: their words are the ones the phrase's sentences share (a centroid of word counts, the phrase's own
    words left out: "join" and "membership" around NATO), with a negotiation word besides the phrase, and without
    another suggestion's phrase (a sentence listing NATO, troops and territory is an example of none of them)."""
    head = _phrase_pattern(cand.gram)
    own = set(cand.gram.split())
    texts = {(i, j): sentences[i][j] for i, j in sorted(cand.sentences)}
    bags = {key: {w for w in words(text) if _content(w) and w not in own and w not in _GENERIC}
            for key, text in texts.items()}
    centroid: Counter = Counter()
    for bag in bags.values():
        centroid.update(bag)
    total = max(1, len(bags))

    def typical(key) -> float:
        bag = bags[key]
        shared = sum(centroid[w] - 1 for w in bag) / total  # words other sentences about it use too
        text = texts[key]
        framed = bool(FRAME.search(head.sub(" ", text)))  # a negotiation word besides the phrase
        crowded = sum(1 for p in others if p.search(text))  # another issue in the same sentence
        return shared / (len(bag) + NORM) + FRAMED_BONUS * framed - CROWDED_PENALTY * crowded

    picked: list[str] = []
    used: set[int] = set()  # one example per article
    seen: list[set] = []
    for key in sorted(texts, key=lambda k: (-typical(k), len(texts[k]), k)):
        sentence = texts[key]
        shape = {w for w in words(sentence) if w != "|" and not w.isdigit()}
        if key[0] in used or any(len(shape & s) >= SAME_SENTENCE * len(shape | s) for s in seen):
            continue  # the same wire sentence again, in another article or with another number
        picked.append(sentence)
        used.add(key[0])
        seen.append(shape)
        if len(picked) == n:
            break
    return picked


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "issue"


def _toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def to_toml(suggestions: list[Suggestion], name: str) -> str:
    """A ready catalog: check it with `catalog check`, edit, then `catalog apply`."""
    from ..textsafety import safe

    lines = [
        "# Suggested issues: a starting point. Read the examples, keep what is an issue of your story, rename,",
        "# merge, add terms; then: newsexplorer catalog check FILE && newsexplorer catalog apply FILE",
        "",
        "[catalog]",
        f"name = {_toml_string(name)}",
        "# the examples came from sentences reporting negotiation, dispute or decision; \"none\" counts any mention",
        'gate = "negotiation"',
    ]
    for s in suggestions:
        lines += ["", "[[issue]]", f"id = {_toml_string(s.id)}", f"title = {_toml_string(s.title)}",
                  f"description = {_toml_string(f'Suggested: {s.articles} articles report on it.')}",
                  "terms = [" + ", ".join(_toml_string(t) for t in s.terms) + "]"]
        for example in s.examples:
            lines.append("# e.g. " + " ".join(safe(example).split()))
    return "\n".join(lines) + "\n"


def default_limit(articles: int) -> int:
    """How many issues to suggest when the user did not say: more for a bigger corpus (a quarter of the articles),
    at least 8 and at most 25 — a draft longer than that is not read."""
    return min(25, max(8, articles // 4))


def suggest_catalog(corpus, limit: int | None = None, scope: str | None = None) -> tuple[str, int]:
    """(TOML text, number of issues) for the corpus' articles (or those matching `scope`); `limit` None: by the
    corpus' size (`default_limit`)."""
    inside = corpus.matching_ids(scope) if scope else None
    rows = corpus.store.texts_and_entities()
    articles = [{"text": text, "entities": json.loads(ents or "[]")} for article_id, text, ents in rows
                if inside is None or article_id in inside]
    found = suggest(articles, limit=limit if limit is not None else default_limit(len(articles)))
    name = f"Suggested issues ({len(articles)} articles{', scope ' + scope if scope else ''})"
    return to_toml(found, name), len(found)
