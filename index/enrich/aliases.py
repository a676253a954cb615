"""One canonical entity per real-world thing across a corpus: Zelenskyy, Zelensky and Volodymyr Zelenskiy are one.

Works on stored spans only (no model), so a user's alias file can be applied to an existing index cheaply.
Alias file (TOML), every part optional:

    ignore = ["Disqus", "PressBee"]           # names dropped everywhere
    split = ["Witkov"]                        # names never merged automatically into another entity
    [merge]                                   # canonical name = [other spellings]
    "Volodymyr Zelenskyy" = ["Zelenskyj", "Selenskyj"]
    [label]                                   # force a label
    "Trump Tower" = "FAC"
"""
from __future__ import annotations

import re
import tomllib
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from ..errors import NewsExplorerError
from .gazetteer import gazetteer, translit_key
from .names import (family_name, given_name_key, is_given_name, is_junk_name, nickname_of, romanisation_key,
                    same_romanisation, surname_key)

NUMERIC_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
PLACE_LABELS = frozenset({"GPE", "LOC"})
SURNAME_SIMILARITY = 80  # rapidfuzz ratio on transliteration keys: Zelenskyy/Zelensky/Zelenskiy, Witkoff/Witkov
# Family names of two people with the same given name count as one when this close and at least 7 letters long:
# a letter's typo in a long name. Short ones differ by a letter between different people (John Major/Mayer).
FAMILY_NAME_SIMILARITY = 90
# A short form ("Barrick", "GM") joins a full company name across the corpus when at least this share of the
# articles that show both agree on which one it stands for.
SHORT_FORM_AGREEMENT = 0.8
NAME_SIMILARITY = 92  # for whole non-person names (organisation spellings)
WORD_SIMILARITY = 80  # and for each of their words: Organization/Organisation yes, Coffee/Cocoa no
FIRST_NAME_SIMILARITY = 88  # Kostyantyn/Konstantyn yes, Michael/Michelle no

_TITLE = re.compile(
    r"^(?:(?:former|acting|then|late|outgoing|incoming)\s+)?(?:(?:vice|deputy|us|u\s?s|russian|ukrainian)\s+)?"
    r"(?:president|prime minister|pm|foreign minister|defen[cs]e minister|minister|secretary of state|secretary"
    r"|chancellor|mr|mrs|ms|miss|dr|prof|professor|sir|dame|gen|general|sen|senator|rep|gov|governor|mayor|king"
    r"|queen|prince|princess|pope|ambassador|special envoy|envoy|judge|justice|lt|col|colonel|adm|admiral|sgt"
    r"|rev|commander|chairman|spokesman|spokeswoman|sheikh|crown prince)\.?\s+")
# What may be dropped before a name that is not a person's: honorifics only, so "Russian General Staff" and
# "Secretary General" keep their words while an ORG-tagged "President Zelenskyy" still meets the person.
_HONORIFIC = re.compile(
    r"^(?:(?:former|acting|then|late|outgoing|incoming)\s+)?(?:(?:vice|deputy|us|u\s?s|russian|ukrainian)\s+)?"
    r"(?:president|prime minister|pm|mr|mrs|ms|miss|dr|sir|dame|sen|senator)\.?\s+")
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}


class AliasFileError(NewsExplorerError):
    """An alias file that cannot be used; the message names the file and line."""


@dataclass
class AliasRules:
    merge: dict[str, list[str]] = field(default_factory=dict)  # canonical → other spellings
    split: set[str] = field(default_factory=set)  # normalised names never merged automatically
    ignore: set[str] = field(default_factory=set)  # normalised names dropped
    labels: dict[str, str] = field(default_factory=dict)  # normalised name → forced label


# ---------------------------------------------------------------- names


# A company's legal form is no part of its name for comparison: "Microsoft Corp." = "Microsoft".
_LEGAL_SUFFIX = re.compile(r"(?:,?\s+(?:corp|corporation|inc|incorporated|co|ltd|limited|plc|llc|ag|sa|nv|bv|spa|gmbh"
                           r"|& co|and co))+$")
# A legal form written first (Russian joint-stock companies, Indonesian PT): "OAO Yukos Oil Co" = "Yukos Oil".
_LEGAL_PREFIX = re.compile(r"^(?:oao|zao|ooo|pao|ojsc|pjsc|cjsc|jsc|pt)\s+")
# A French "Compagnie"/"Societe" written before a name of two words or more, or left out.
_FRENCH_PREFIX = re.compile(r"^(?:compagnie|societe|ste|cie)\s+")
# Words too generic to stand for a company once its suffix is gone ("News Corp" is not "News").
_GENERIC_WORDS = frozenset("""news first general national american united international royal standard western
    eastern northern southern pacific global new british european world public federal central union""".split())


@lru_cache(maxsize=65536)
def normalise(name: str, person: bool = True, legal_form: bool = False) -> str:
    """The comparison form of a name: no accents, case, possessive, leading "the", titles, dots or a company's
    legal form (Corp, Inc, plc, …; kept with legal_form=True). With person=False (organisations, places) only
    honorifics count as titles."""
    text = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    text = text.casefold().replace("\u2019", "'").replace("\u02bc", "'").strip()
    text = re.sub(r"'s?$", "", text)
    text = re.sub(r"^the\s+", "", text)
    while True:
        stripped = (_TITLE if person else _HONORIFIC).sub("", text, count=1)
        if stripped == text or not stripped.strip():
            break
        text = stripped
    text = text.replace(".", "")
    if person:  # "Muqtada al-Sadr" = "Moqtada Sadr": romanisations write the Arabic article or leave it out
        text = re.sub(r"(?<!\S)(?:al|el)-(?=[^\W\d_]{3})", "", text)
    if not legal_form:
        bare = _LEGAL_PREFIX.sub("", text)
        text = bare if bare.strip() and bare.strip() not in _GENERIC_WORDS else text  # "OAO Gazprom" = "Gazprom"
        bare = _FRENCH_PREFIX.sub("", text)  # "Compagnie Generale des Eaux" = "Generale des Eaux", never "Generale"
        text = bare if len(bare.split()) >= 2 and bare.split()[0] not in {"de", "des", "du", "la", "le"} else text
        bare = _LEGAL_SUFFIX.sub("", text)
        if bare != text and bare.strip() and (" " in bare.strip() or bare.strip() not in _GENERIC_WORDS):
            text = bare
    text = re.sub(r"\s+&\s+", " and ", text)  # "Oil & Natural Gas Corp" = "Oil and Natural Gas Corporation"
    text = re.sub(r"[-\u2010-\u2015/]", " ", text)
    text = re.sub(r"[^\w\s']", "", text)
    text = _ABBREVIATED.sub(lambda m: _ABBREVIATIONS[m.group()], text)
    text = re.sub(r"\s+", " ", text).strip()
    return _OF_FORM.sub(r"\2 \1", text)  # "ministry of finance" = "finance ministry"


# A ministry or department named "X of Y" and "Y X": one word after "of", the whole name.
_OF_FORM = re.compile(r"^(ministry|department) of ([a-z]+)$")


# Words that company names abbreviate ("Lehman Bros" = "Lehman Brothers"), compared written out.
_ABBREVIATIONS = {"bros": "brothers", "intl": "international", "natl": "national", "mfg": "manufacturing",
                  "assn": "association", "dept": "department", "govt": "government", "svcs": "services"}
_ABBREVIATED = re.compile(r"(?<=\s)(?:" + "|".join(_ABBREVIATIONS) + r")\b")


def surname(name: str) -> str:
    """The family name as written (last word, skipping Jr./III; first word of "Tung Chee-hwa"), after any title."""
    return family_name(name)


def _display(text: str, person: bool = True) -> str:
    """A mention as it should be listed: without leading "the", titles or possessive, original case kept."""
    words = text.strip().split()
    key = normalise(text, person, legal_form=True)
    for i in range(len(words)):  # the leading words normalise() drops (titles, "the"), nothing else
        if normalise(" ".join(words[i + 1:]), person, legal_form=True) != key:
            words = words[i:]
            break
    shown = " ".join(words)
    shown = re.sub(r"['\u2019]s?$", "", shown) if not shown.endswith(".") else shown
    return shown or text


# ---------------------------------------------------------------- alias file


def _both_forms(name: str) -> set[str]:
    """A name from the alias file as a person's and as any other entity's mentions are keyed."""
    return {normalise(name), normalise(name, person=False)}


def load_alias_rules(path: str | Path) -> AliasRules:
    """Parse a user alias file; any problem is an AliasFileError "FILE:LINE: what is wrong"."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as err:
        raise AliasFileError(f"{path}: cannot read alias file ({err.strerror})") from None
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as err:
        line = re.search(r"line (\d+)", str(err))
        where = f"{path}:{line.group(1)}" if line else str(path)
        raise AliasFileError(f"{where}: not valid TOML ({str(err).split(' (at')[0]})") from None
    lines = raw.splitlines()

    def fail(key: str, message: str):
        number = next((i for i, text in enumerate(lines, 1) if re.match(rf'\s*"?{re.escape(key)}"?\s*=', text)), None)
        where = f"{path}:{number}" if number else str(path)
        raise AliasFileError(f"{where}: {message}")

    def strings(key: str, value) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            fail(key, f'"{key}" must be a list of names, e.g. {key} = ["Name"]')
        return value

    rules = AliasRules()
    for key, value in data.items():
        if key == "ignore":
            rules.ignore = {form for v in strings(key, value) for form in _both_forms(v)}
        elif key == "split":
            rules.split = {form for v in strings(key, value) for form in _both_forms(v)}
        elif key == "merge":
            if not isinstance(value, dict):
                fail(key, "[merge] must be a table of \"Canonical Name\" = [\"other spelling\", ...]")
            for canonical, others in value.items():
                rules.merge[canonical] = strings(canonical, others)
        elif key == "label":
            if not isinstance(value, dict):
                fail(key, "[label] must be a table of \"Name\" = \"LABEL\"")
            for name, label in value.items():
                if not isinstance(label, str) or not re.fullmatch(r"[A-Z_]+", label):
                    fail(name, f'label for "{name}" must be an upper-case spaCy label such as "PERSON"')
                rules.labels.update(dict.fromkeys(_both_forms(name), label))
        else:
            fail(key, f'unknown key "{key}" (expected ignore, split, [merge] or [label])')
    return rules


# ---------------------------------------------------------------- canonicalisation


@dataclass(eq=False)
class _Name:
    """All mentions sharing one normalised key."""

    key: str
    labels: Counter = field(default_factory=Counter)
    forms: Counter = field(default_factory=Counter)
    articles: set = field(default_factory=set)
    ambiguous: list = field(default_factory=list)  # a lone surname several people in the corpus share

    @cached_property  # read only once every mention is in (merging), and often
    def family(self) -> str:
        """The family name as written in the longest, most frequent form ("Chee-hwa" keeps "Tung" first)."""
        form = max(self.forms, key=lambda f: (len(f.split()), self.forms[f]))
        return family_name(_display(form))

    @property
    def label(self) -> str:
        return self.labels.most_common(1)[0][0]

    @property
    def words(self) -> list[str]:
        return self.key.split()

    @property
    def full(self) -> bool:
        """Written as two or more space-separated words somewhere ("Steve Witkoff", not "Rai-Oleksandrivka")."""
        return len(self.words) >= 2 and any(len(form.split()) >= 2 for form in self.forms)


class _Clusters:
    """Union-find over name keys."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def _place_key(text: str, label: str, article_places: Counter) -> str | None:
    """Places meet on the gazetteer's name (U.S. = United States); Georgia the state is told apart by context."""
    gaz = gazetteer()
    candidates = gaz.lookup_all(text)
    if not candidates or label not in PLACE_LABELS:
        return None
    if len(candidates) > 1:
        def support(place):
            return sum(n for country, n in article_places.items() if country == place.country)
        best = max(candidates, key=lambda p: (support(p), candidates.index(p) == 0))
    else:
        best = candidates[0]
    if best.kind in ("country", "continent"):
        return f"place:{best.name}"
    return f"place:{best.name}/{best.country}/{best.kind}"


def _mention_key(text: str, label: str, article_places: Counter, rules: AliasRules) -> str:
    key = normalise(text, person=label == "PERSON")
    if key in rules.split:
        return "split:" + key
    return _place_key(text, label, article_places) or key


_NUMBERS = re.compile(r"\d+|\b[ivxIVX]{1,4}\b")


@lru_cache(maxsize=1 << 18)
def _fuzzy_same(a: str, b: str, cutoff: int) -> bool:
    if _NUMBERS.findall(a) != _NUMBERS.findall(b):
        return False  # the 6th and the 20th Combined Arms Army, World War I and World War II
    ka, kb = translit_key(a), translit_key(b)
    if ka == kb:
        return True
    if min(len(ka), len(kb)) < 5 or fuzz.ratio(ka, kb) < cutoff:
        return False
    # word by word, each a near spelling of the other (Organization/Organisation, Kiev/Kyiv): two names that share
    # long words around one different word stay apart ("International Coffee/Cocoa Organization")
    wa, wb = ka.split(), kb.split()
    return len(wa) == len(wb) and all(x == y or fuzz.ratio(x, y) >= WORD_SIMILARITY for x, y in zip(wa, wb))


def _is_person_full(name: _Name) -> bool:
    return name.label == "PERSON" and name.full


# A one-word name is relabelled PERSON from corpus evidence when at least this many articles call it a person
# (alone or as the surname of a full name) and this many times more articles do than call it anything else.
PERSON_EVIDENCE_ARTICLES = 3
PERSON_EVIDENCE_RATIO = 4
RELABEL_TO_PERSON = frozenset({"ORG", "NORP", "PRODUCT", "WORK_OF_ART", "FAC", "EVENT", "LAW", "GPE", "LOC"})


def _words(text: str) -> list[str]:
    return text.split()


def _is_full_name(span: dict) -> bool:
    """A person named with at least two space-separated capitalised words ("Rai-Oleksandrivka" is not)."""
    words = _words(span["text"])
    return span["label"] == "PERSON" and len(words) >= 2 and len(normalise(span["text"]).split()) >= 2 \
        and all(w[:1].isupper() or re.match(r"[a-z]{1,4}(?:$|[-'\u2019][A-Z])", w) for w in words) \
        and not any(c.isdigit() for c in span["text"])


@dataclass
class _Evidence:
    """What the whole corpus says about names, which one article cannot see."""

    person_articles: Counter = field(default_factory=Counter)  # surname key → articles calling it a person
    other_articles: Counter = field(default_factory=Counter)  # → articles calling it ORG, PRODUCT, … (not a place)
    full_mentions: Counter = field(default_factory=Counter)  # normalised full name → mentions in the corpus
    full_articles: Counter = field(default_factory=Counter)  # → articles naming it

    def is_person(self, word: str) -> bool:
        key = surname_key(word)
        people = self.person_articles[key]
        return people >= PERSON_EVIDENCE_ARTICLES and people >= PERSON_EVIDENCE_RATIO * self.other_articles[key]

    def credible(self, full_name: str) -> bool:
        """A full name the corpus repeats: not a one-off such as a title-case headline read as a name."""
        return self.full_mentions[full_name] >= 2 or self.full_articles[full_name] >= 2


def _gather_evidence(per_article: dict[str, list[dict]], rules: AliasRules) -> _Evidence:
    evidence = _Evidence()
    for spans in per_article.values():
        votes: dict[str, Counter] = defaultdict(Counter)
        named: set[str] = set()
        for span in spans:
            label = span["label"]
            if label in NUMERIC_LABELS or normalise(span["text"], label == "PERSON") in rules.ignore:
                continue
            key = normalise(span["text"])
            if _is_full_name(span):
                evidence.full_mentions[key] += 1
                named.add(key)
                votes[surname_key(family_name(_display(span["text"])))]["PERSON"] += 1
            elif len(_words(span["text"])) == 1 and len(key.split()) == 1:
                votes[surname_key(key)][label] += 1
        for key, counts in votes.items():
            top = counts.most_common(1)[0][0]
            if top == "PERSON":
                evidence.person_articles[key] += 1
            elif top not in PLACE_LABELS:
                evidence.other_articles[key] += 1
        evidence.full_articles.update(named)
    return evidence


def _person_by_evidence(spans: list[dict], evidence: _Evidence) -> dict[int, str]:
    """Cross-article consistency: a one-word name the model called ORG/PRODUCT/… here that the corpus calls a
    person is that person (Al Jazeera's nine "Zelenskyy" tagged ORG). Not when this article names something
    longer after that word ("Ford Motor", "Trump Organization"), not acronyms, not gazetteer places."""
    gaz = gazetteer()
    longer = {normalise(_words(s["text"])[0]) for s in spans
              if s["label"] not in NUMERIC_LABELS | {"PERSON"} and len(_words(s["text"])) > 1}
    relabel: dict[int, str] = {}
    for i, span in enumerate(spans):
        text = span["text"]
        if span["label"] not in RELABEL_TO_PERSON or len(_words(text)) != 1 or len(text) < 3:
            continue
        key = normalise(text)
        if not text[:1].isupper() or text.isupper() or " " in key or key in longer or any(c.isdigit() for c in text):
            continue
        if span["label"] in PLACE_LABELS and gaz.lookup(text) is not None:
            continue
        if evidence.is_person(key):
            relabel[i] = "PERSON"
    return relabel


def _owner(key: str, people_here: dict[str, Counter], evidence: _Evidence) -> tuple[str | None, list[str]]:
    """The one full name of this article a lone surname belongs to: (owner, the candidates when ambiguous)."""
    # Only another romanisation of the same family name (Zelensky for Zelenskyy), never a similar one:
    # Keane is not Kevin Keegan, "Mirror" is not John Major.
    owners = dict(people_here.get(surname_key(key), {}))
    if not owners:
        return None, []
    given = [_given_names(full, key) for full in owners]
    if all(_same_first_name(given[0], other) for other in given[1:]):
        return min(owners), []  # one person spelled two ways (Volodymyr Zelensky/Zelenskyy, Yasser/Yassir Arafat)
    bare = [" ".join(w for w in g.split() if len(w) > 1) for g in given]  # "Clayton E. Cramer" = "Clayton Cramer"
    if bare[0] and all(_same_first_name(bare[0], other) for other in bare[1:]):
        return min(owners, key=lambda full: (-owners[full], full)), []
    credible = {full: n for full, n in owners.items() if evidence.credible(full)}
    owners = credible or owners  # a one-off full name (a headline's "Resilient Zelensky") does not compete
    if len(owners) == 1:
        return next(iter(owners)), []
    return None, sorted(owners)  # Donald or Melania? This article's lone "Trump" stays unresolved.


def canonicalize(per_article: dict[str, list[dict]], rules: AliasRules | None = None
                 ) -> tuple[dict[str, list[dict]], list[dict]]:
    """Add "canonical" to every span and return the corpus entity table, most mentioned first."""
    rules = rules or AliasRules()
    forced = {form: canonical for canonical, others in rules.merge.items()
              for other in [canonical, *others] for form in _both_forms(other)}
    names: dict[str, _Name] = {}
    keyed: dict[str, list[tuple[dict, str]]] = {}
    links: dict[str, str] = {}
    reasons: dict[str, str] = {}  # name key → why it joined its entity (shown per alias in `entities --json`)
    short_forms: dict[str, Counter] = defaultdict(Counter)  # "lehman", "gm" → the full names they stand for
    per_article = {article_id: [_as_extracted(span) for span in spans] for article_id, spans in per_article.items()}
    evidence = _gather_evidence(per_article, rules)
    for article_id, spans in per_article.items():
        article_places = _article_countries(spans)
        people_here = _article_people(spans)
        relabel = _person_by_evidence(spans, evidence)
        shortened: dict[str, str] = {}  # short form → the full name it stands for in this article
        for short, full in _org_short_forms(spans, relabel, rules):
            short_forms[short][full] += 1
            shortened[short] = full
        keyed[article_id] = []
        for i, span in enumerate(spans):
            if normalise(span["text"], span["label"] == "PERSON") in rules.ignore or \
                    (span["label"] not in NUMERIC_LABELS and is_junk_name(span["text"])):
                continue  # ignored by the user, or no name at all ("&", "The") in an index built before that rule
            if span["label"] in NUMERIC_LABELS:
                keyed[article_id].append((span, ""))
                continue
            label = relabel.get(i, span["label"])
            key = _mention_key(span["text"], label, article_places, rules)
            if key in shortened and (label == "ORG" or (label in _NAMED_THINGS and span["text"].strip().isupper())):
                # the article names the organisation in full beside it: there, it is that one
                owner = shortened[key]
                reasons.setdefault(f"link:{owner}:{key}", f"short form of {owner}, named in full beside it in "
                                                          "the same article")
                key = f"link:{owner}:{key}"
                links[key] = owner
            elif len(key.split()) == 1 and ":" not in key and label in {"PERSON", "ORG", "NORP"}:
                owner, ambiguous = _owner(key, people_here, evidence)
                if ambiguous:
                    key = "ambiguous:" + key
                elif owner:
                    reasons.setdefault(f"link:{owner}:{key}", f"family name of {owner}, the only person "
                                                              "with it in the same article")
                    key = f"link:{owner}:{key}"  # the one full name in this article with that surname
                    links[key] = owner
            name = names.setdefault(key, _Name(key))
            if key.startswith("ambiguous:"):
                name.ambiguous = sorted(set(name.ambiguous) | set(ambiguous))
            name.labels[label] += 1
            name.forms[span["text"]] += 1
            name.articles.add(article_id)
            keyed[article_id].append((span, key))

    clusters = _Clusters()
    for key in names:
        clusters.find(key)
    for key, owner in links.items():
        if owner in names:
            clusters.union(owner, key)
    _merge_person_spellings(names, clusters, reasons)
    _merge_surnames(names, clusters, evidence, reasons)
    _merge_same_key_other_spellings(names, clusters, reasons)
    _merge_place_romanisations(names, clusters, reasons)
    _merge_org_short_forms(names, clusters, short_forms, reasons)
    _rejoin_unresolved(names, clusters)
    forced_roots: dict[str, str] = {}
    for key in names:
        canonical = forced.get(key.removeprefix("split:")) or forced.get(key.removeprefix("place:").lower())
        if canonical:
            root = forced_roots.setdefault(canonical, key)
            if clusters.find(root) != clusters.find(key):
                reasons[key] = _ALIAS_FILE
            clusters.union(root, key)

    table, canonical_of = _entity_table(names, clusters, rules, forced_roots, reasons)
    may_mean = {e["canonical"]: e["ambiguous"] for e in table if e.get("ambiguous")}
    out: dict[str, list[dict]] = {}
    for article_id, pairs in keyed.items():
        out[article_id] = []
        for span, key in pairs:
            entry = {**span, "canonical": canonical_of[key][0] if key else span["text"]}
            if key and entry["canonical"] in may_mean:  # a lone surname several people share: whom it may mean
                entry["ambiguous"] = may_mean[entry["canonical"]]
            if key and canonical_of[key][1] != span["label"] and span["label"] not in NUMERIC_LABELS:
                # relabelled by the corpus; the article's own label is kept so a later run starts from it again
                entry["label"], entry["article_label"] = canonical_of[key][1], span["label"]
            out[article_id].append(entry)
    return out, table


def _as_extracted(span: dict) -> dict:
    """A stored span as extraction gave it, before an earlier canonicalisation relabelled it."""
    if "article_label" not in span and "canonical" not in span and "ambiguous" not in span:
        return span
    original = {k: v for k, v in span.items() if k not in ("canonical", "article_label", "ambiguous")}
    original["label"] = span.get("article_label", span["label"])
    return original


def _article_people(spans: list[dict]) -> dict[str, Counter]:
    """surname key → the full names (normalised) of the people an article names in full, with their mentions."""
    owners: dict[str, Counter] = defaultdict(Counter)
    for s in spans:
        if _is_full_name(s):
            owners[surname_key(family_name(_display(s["text"])))][normalise(s["text"])] += 1
    return owners


def _given_names(full: str, family: str) -> str:
    """A normalised full name without its family name `family`, transliteration-folded (Volodymyr = Volodimir)."""
    words = full.split()
    for i, word in enumerate(words):
        if surname_key(word) == surname_key(family):
            return translit_key(" ".join(words[:i] + words[i + 1:]))
    return translit_key(full)


def _article_countries(spans: list[dict]) -> Counter:
    """Country codes of the unambiguous places an article names: the context that tells Georgias apart."""
    gaz = gazetteer()
    counts: Counter = Counter()
    for s in spans:
        if s["label"] in PLACE_LABELS:
            candidates = gaz.lookup_all(s["text"])
            if len(candidates) == 1 and candidates[0].country:
                counts[candidates[0].country] += 1
    return counts


def _merge_person_spellings(names: dict[str, _Name], clusters: _Clusters, reasons: dict[str, str]) -> None:
    """Full names of one person spelled two ways: the same family name (as a romanisation) with the same given
    name or one given name romanised two ways (Kostyantyn/Konstantyn, Vladimir/Volodymyr); or the same given
    name with a near-identical family name (John Willson/Wilson). Never across different given names: Michael
    Howard is not John Howard, Kevin Keegan is not Roy Keane."""
    by_family: dict[str, list[_Name]] = defaultdict(list)
    by_given: dict[str, list[_Name]] = defaultdict(list)
    for name in names.values():
        # The model calls some full names ORG ("Volodymyr Zelenskiy"); they may join a person, never each other.
        if name.full and name.label in {"PERSON", "ORG", "NORP"} and ":" not in name.key:
            family = name.family
            by_family[surname_key(family)].append(name)
            by_given[_given_names(name.key, family)].append(name)
    for group in by_family.values():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                given_a, given_b = _given_names(a.key, a.family), _given_names(b.key, b.family)
                if "PERSON" in (a.label, b.label) and len(a.words) == len(b.words) and \
                        _same_first_name(given_a, given_b):
                    _join(clusters, reasons, a, b, "the same name with a given name's usual short form"
                          if nickname_of(given_a, given_b) else "the same person's name in another romanisation")
    for given, group in by_given.items():
        if len(given) < 3:
            continue
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if "PERSON" in (a.label, b.label) and len(a.words) == len(b.words) \
                        and _close_family_names(a.family, b.family):
                    _join(clusters, reasons, a, b, "same given name, family name spelled slightly differently")


def _join(clusters: _Clusters, reasons: dict[str, str], a: "_Name", b: "_Name", why: str) -> None:
    """Union two names, remembering why the one that is not the cluster's root joined."""
    if clusters.find(a.key) != clusters.find(b.key):
        reasons.setdefault(b.key, why + f" ({a.key})")
        clusters.union(a.key, b.key)


def _same_first_name(a: str, b: str) -> bool:
    """One given name in two transliterations (Kostyantyn/Konstantyn, Vladimir/Volodymyr), in two spellings of one
    vowel (Damian/Damien), with one inner letter dropped (Arturs/Artus) or with its usual short form
    (Vince/Vincent), not two names that look alike (Michael/Michelle, Carla/Carlo, Daniel/Daniela)."""
    if a == b or given_name_key(a) == given_name_key(b) or nickname_of(a, b):
        return True
    short, long = sorted((a, b), key=len)
    if len(long) == len(short) + 1 >= 6 and " " not in long and long[0] == short[0] and long[-1] == short[-1] \
            and any(long[:i] + long[i + 1:] == short for i in range(1, len(long) - 1)):
        return True  # one inner letter dropped: Arturs/Artus (not at either end: Daniel/Daniela)
    for x, y in ((a, b), (given_name_key(a), given_name_key(b))):  # Moqtada/Muqtada, Moktada/Muqtada
        if len(x) == len(y) >= 5 and x[-1] == y[-1]:  # one vowel for another inside: Damian/Damien, not Carla/Carlo
            differ = [(c, d) for c, d in zip(x, y) if c != d]
            if len(differ) == 1 and set(differ[0]) <= set("aeiou"):
                return True
    return len(a) == len(b) >= 5 and a[0] == b[0] and fuzz.ratio(a, b) >= FIRST_NAME_SIMILARITY


def _close_family_names(a: str, b: str) -> bool:
    """Near-identical family names (Willson/Wilson, Witkoff/Witkov) of people with the same given name."""
    if same_romanisation(a, b):
        return True
    ka, kb = translit_key(a), translit_key(b)
    short, long = sorted((ka, kb), key=len)
    if len(short) >= 6 and len(long) == len(short) + 1 and long[0] == short[0] and long[-1] == short[-1] \
            and any(long[:i] + long[i + 1:] == short for i in range(1, len(long) - 1)):
        return True  # one inner letter dropped: Bourque/Borque (not Mayer/Major, not at either end)
    return min(len(ka), len(kb)) >= 7 and ka[0] == kb[0] and fuzz.ratio(ka, kb) >= FAMILY_NAME_SIMILARITY


def _merge_surnames(names: dict[str, _Name], clusters: _Clusters, evidence: _Evidence,
                    reasons: dict[str, str]) -> None:
    """A lone surname whose own article names nobody with it joins the person in the corpus who has it — only
    when exactly one person in the corpus has that family name (one-off full names aside). Otherwise (Gordon and
    Wesley Brown) it stays a separate entity, shown as ambiguous."""
    people: dict[str, set[str]] = defaultdict(set)
    credible: dict[str, set[str]] = defaultdict(set)
    for n in names.values():
        if _is_person_full(n) and ":" not in n.key:
            family = surname_key(n.family)
            people[family].add(clusters.find(n.key))
            if evidence.credible(n.key):
                credible[family].add(clusters.find(n.key))
    lone: dict[str, list[_Name]] = defaultdict(list)
    for key, name in names.items():
        if len(name.words) != 1 or ":" in key or name.label != "PERSON":
            continue
        family = surname_key(key)
        lone[family].append(name)
        owners = credible.get(family) or people.get(family, set())
        if len(owners) == 1:
            owner = next(iter(owners))
            reasons.setdefault(key, f"the only person in the corpus with this family name ({owner})")
            clusters.union(owner, key)
        elif len(owners) > 1:
            name.ambiguous = sorted(owners)
    # lone surnames spelled differently with no full name anywhere (Zelensky / Zelenskyy)
    for group in lone.values():
        for other in group[1:]:
            if not people.get(surname_key(other.key)):
                _join(clusters, reasons, group[0], other, "the same family name in another romanisation")


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Za-z][\w'’-]*", name) if w[0].isupper())


def _org_short_forms(spans: list[dict], relabel: dict[int, str], rules: AliasRules) -> list[tuple[str, str]]:
    """(short, full) pairs an article shows: an organisation named in full and then by its first word ("Lehman
    Brothers" … "Lehman"), by its initials ("British Airways" … "BA"), by an acronym the text pairs with it
    ("International Cocoa Organization (ICCO)", "Volkswagen, VW,") or by the rest of a name that starts with its
    place ("Red Sox" of "Boston Red Sox"), when only one full name fits."""
    full: dict[str, str] = {}
    for i, s in enumerate(spans):
        label = relabel.get(i, s["label"])
        key = normalise(s["text"], person=False)
        if label == "ORG" and len(key.split()) >= 2 and key not in rules.split:
            full[key] = s["text"]
    # names the article also writes with their legal form ("Sony Corp" → "sony"): a company's own name there, so
    # no short form of a longer one ("Sony France SA")
    own_names = {normalise(s["text"], person=False) for s in spans
                 if len(s["text"].split()) > len(normalise(s["text"], person=False).split())}
    pairs = set()
    acronyms: dict[str, str] = {}  # an acronym → the name the text pairs it with
    for i, s in enumerate(spans):
        text, key = s["text"].strip(), normalise(s["text"], person=False)
        label = relabel.get(i, s["label"])
        if label in _NAMED_THINGS and text.isupper() and (paired := _paired_acronym(text, spans, i, relabel)):
            acronyms[key] = paired[0]  # "the General Agreement on Tariffs and Trade (GATT)", tagged LAW
            pairs.add((key, paired[0]))
            continue
        if label != "ORG" or len(key) < 2 or key in rules.split \
                or key.split()[0] in _GENERIC_WORDS or key in own_names:
            continue
        if " " in text:
            targets = set() if text.isupper() or len(key.split()) > 3 or not text[:1].isupper() else \
                {f for f, shown in full.items() if _after_place(shown) == key}  # "Red Sox", "Red Wings"
            if not targets and text[:1].isupper() and not text.isupper() and len(key.split()) <= 3:
                # "Credit Suisse" of "Credit Suisse Group": the name without its company word
                targets = {f for f in full if f.startswith(key + " ") and len(f.split()) == len(key.split()) + 1
                           and f.split()[-1] in _COMPANY_HEADS}
        elif text.isupper() and (paired := _paired_acronym(text, spans, i, relabel)):
            # paired in the text, it wins over longer names that merely start with it ("EC Executive Commission",
            # "CSIS Briefs") in the whole article, and a place it also spells is no matter ("ICCO" / Icó)
            targets = set(paired)
            acronyms[key] = paired[0]
        elif gazetteer().lookup(text) is not None:
            # a place is not short for the university or council named after it, only for a company named by it
            # and a company word ("Granada" of "Granada Group" in an article that tags it an organisation)
            targets = {f for f in full if len(f.split()) == len(key.split()) + 1 and (
                f.startswith(key + " ") and f.split()[-1] in _COMPANY_HEADS | _CLUB_HEADS  # "Newcastle United"
                or f.endswith(" " + key) and f.split()[0] in _CLUB_PREFIXES)}  # "Milan" of "AC Milan"
        else:
            capitals = "".join(c for c in text if c.isupper())  # "BA", and "MoD" of "Ministry of Defence"
            targets = {f for f, shown in full.items() if _initials(shown) == capitals} \
                if 2 <= len(text) <= 5 and len(capitals) >= 2 and len(capitals) > len(text) - len(capitals) \
                and text.isalpha() and text[0].isupper() else set()
            if not targets:
                targets = {f for f in full if f.startswith(key + " ")}  # "bre x" of "bre x minerals"
                targets |= {f for f, shown in full.items() if _after_place(shown) == key}  # "Yankees"
            if not targets and " " not in key and key not in _NO_SHORT_FORMS:
                # the last word of a two-word name ("Villa" of "Aston Villa", "Sachs" of "Goldman Sachs") — not after
                # a given name: "Roy Disney" (tagged ORG) is a person beside the company "Disney" named after his family
                targets = {f for f in full if f.endswith(" " + key) and len(f.split()) == 2
                           and f.split()[0] not in _GENERIC_WORDS and gazetteer().lookup(f.split()[0]) is None
                           and not is_given_name(f.split()[0])}
        if len(targets) == 1:
            pairs.add((key, targets.pop()))
    return sorted((short, full) for short, full in pairs if acronyms.get(short, full) == full)


# Words that end a company's or group's name, after the name it is also known by ("Granada Group").
_COMPANY_HEADS = frozenset("group holdings industries enterprises corporation company".split())
# Words that end a sports club's name after its town ("Newcastle United", "Birmingham City", "Bristol Rovers"): the
# town tagged an organisation beside it is that club.
_CLUB_HEADS = frozenset("united city town county rovers athletic wanderers albion hotspur fc".split())
# Words before a town in a club's name ("AC Milan", "Real Madrid", "Dynamo Kiev"): the town tagged an organisation
# beside it is that club.
_CLUB_PREFIXES = frozenset("""ac fc as sc afc real inter atletico sporting dynamo dinamo spartak lokomotiv cska
    olympique racing borussia hertha werder eintracht""".split())
# Last words that are no organisation's short form: the kind of body, shared by many ("Deutsche Bank" … "the Bank").
_NO_SHORT_FORMS = frozenset("""bank party council committee ministry agency union university college institute
    fund trust court commission board league cup federation association airlines airways motors group holdings
    industries enterprises corporation company club office department house street""".split())
# What an acronym written beside its name may stand for: anything named but people and places.
_NAMED_THINGS = frozenset({"ORG", "FAC", "LAW", "PRODUCT", "EVENT", "WORK_OF_ART", "NORP"})


def _paired_acronym(text: str, spans: list[dict], i: int, relabel: dict[int, str]) -> list[str]:
    """The name an acronym is paired with in the text: the organisation (or building: the model reads "the Center
    for Strategic and International Studies" as one) just before it, in brackets or after a
    comma ("International Monetary Fund (IMF)", "Volkswagen, VW,"; at most three characters between them), whose
    capitals spell it — or, for a one-word name, whose letters do in order from its first (Volkswagen, VW) — or,
    for a name of three or more capitalised words, that starts with its first two initials (Federal Security
    Service (FSB), an acronym of the name in another language)."""
    if i == 0 or not 2 <= len(text) <= 6 or not text.isalpha():
        return []
    before = spans[i - 1]
    if relabel.get(i - 1, before["label"]) not in _NAMED_THINGS or not 1 <= spans[i]["start"] - before["end"] <= 3:
        return []
    shown = before["text"].strip()
    if " " in shown:
        capitals = [w for w in re.findall(r"[A-Za-z][\w'’-]*", shown) if w[0].isupper()]
        fits = _initials(shown) == text or _spells(text, capitals) or (
            # an acronym of the name in its own language, right after it: "Federal Security Service (FSB)" —
            # three or more capitalised words whose first two initials begin it, nothing but " (" or ", " between
            len(capitals) >= 3 and len(text) >= 3 and spans[i]["start"] - before["end"] == 2
            and text[:2] == "".join(w[0].upper() for w in capitals[:2]))
    else:
        letters = iter(shown.upper()[1:])
        fits = shown[:1].upper() == text[0] and all(c in letters for c in text[1:]) and not shown.isupper()
    return [normalise(shown, person=False)] if fits else []


def _spells(acronym: str, words: list[str]) -> bool:
    """The acronym is each word's first letter, some followed by more of that word's letters in order: ICCO of
    "International Cocoa Organization", not ICCO of "International Coffee Organization and Council"."""
    if not words:
        return not acronym
    if not acronym or acronym[0] != words[0][0].upper():
        return False
    body = words[0][1:].upper()
    for take in range(0, len(acronym)):
        extra = acronym[1:1 + take]
        letters = iter(body)
        if len(extra) == take and all(c in letters for c in extra) and _spells(acronym[1 + take:], words[1:]):
            return True
    return False


def _after_place(shown: str) -> str | None:
    """The rest of an organisation's name after a leading place ("red sox" of "Boston Red Sox"), if it starts so."""
    words = shown.split()
    for n in (3, 2, 1):
        if len(words) > n and gazetteer().lookup(" ".join(words[:n])) is not None:
            rest = normalise(" ".join(words[n:]), person=False)
            return rest if rest and rest.split()[0] not in _GENERIC_WORDS and len(rest) >= 4 else None
    return None


def _merge_org_short_forms(names: dict[str, _Name], clusters: _Clusters, short_forms: dict[str, Counter],
                           reasons: dict[str, str]) -> None:
    """A short form joins the organisation it stands for wherever every article that names both agrees on which
    one it is (GM is General Motors in every article that spells it out), and the short form is mostly an ORG."""
    for short, fulls in short_forms.items():
        support: Counter = Counter()
        for full, n in fulls.items():
            if full in names:
                support[clusters.find(full)] += n
        if not support or short not in names or names[short].label != "ORG":
            continue
        root, top = support.most_common(1)[0]
        if top < SHORT_FORM_AGREEMENT * sum(support.values()):
            continue  # GM is General Motors in some articles and something else in others: no corpus-wide merge
        target = max((f for f in fulls if f in names and clusters.find(f) == root), key=lambda f: fulls[f])
        if clusters.find(target) != clusters.find(short):
            n = sum(fulls.values())
            reasons.setdefault(short, f"short form of {target}, named in full beside it in {n} article"
                                      f"{'s' if n > 1 else ''}")
            clusters.union(target, short)


def _rejoin_unresolved(names: dict[str, _Name], clusters: _Clusters) -> None:
    """An ambiguous lone surname and the same surname left unresolved elsewhere are listed as one "Trump"."""
    for key in [k for k in names if k.startswith("ambiguous:")]:
        base = key.removeprefix("ambiguous:")
        if base in names and sum(1 for k in names if clusters.find(k) == clusters.find(base)) == 1:
            clusters.union(base, key)


def _merge_same_key_other_spellings(names: dict[str, _Name], clusters: _Clusters, reasons: dict[str, str]) -> None:
    """Long organisation/other names spelled nearly alike within one label (Kyiv Independent / Kiev Independent)."""
    by_label: dict[str, list[_Name]] = defaultdict(list)
    for name in names.values():
        if name.label not in {"PERSON"} | PLACE_LABELS and ":" not in name.key and len(name.key) >= 8:
            by_label[name.label].append(name)
    for group in by_label.values():
        group.sort(key=lambda n: n.key)
        for i, a in enumerate(group):
            for b in group[i + 1:i + 20]:
                if _fuzzy_same(a.key, b.key, NAME_SIMILARITY):
                    _join(clusters, reasons, a, b, "the same long name spelled nearly alike")
        # one long word in two romanisations of one inner vowel (Hezbollah / Hizbollah): the vowels aside, equal
        by_skeleton: dict[str, list[_Name]] = defaultdict(list)
        for name in group:
            if " " not in name.key and len(name.key) >= 8 and name.key.isalpha():
                by_skeleton[name.key[0] + re.sub(r"[aeiou]", "*", name.key[1:-1]) + name.key[-1]].append(name)
        for same in by_skeleton.values():
            for i, a in enumerate(same):
                for b in same[i + 1:]:
                    if len(a.key) == len(b.key) and sum(x != y for x, y in zip(a.key, b.key)) == 1:
                        _join(clusters, reasons, a, b, "the same name with one vowel romanised differently")


def _merge_place_romanisations(names: dict[str, _Name], clusters: _Clusters, reasons: dict[str, str]) -> None:
    """One town in two romanisations (Kupiansk / Kupyansk, Huliaipole / Hulyaipole, Starytsia / Starytsya):
    places the gazetteer does not list (or lists under one spelling) meet when their names are romanisations of
    one name — equal once y/j/i, doubled letters and accents are folded — never when they are merely similar."""
    by_key: dict[str, list[_Name]] = defaultdict(list)
    for name in names.values():
        if name.label not in PLACE_LABELS or name.key.startswith(("split:", "link:", "ambiguous:")):
            continue
        shown = name.key.removeprefix("place:").split("/")[0]
        if len(shown) >= 5:
            by_key[romanisation_key(shown)].append(name)
    for group in by_key.values():
        group.sort(key=lambda n: -sum(n.forms.values()))  # the reason goes to the rarer spelling, shown as alias
        for other in group[1:]:
            a, b = (n.key.removeprefix("place:").split("/")[0] for n in (group[0], other))
            both_listed = group[0].key.startswith("place:") and other.key.startswith("place:")  # two places there
            if a.casefold() != b.casefold() and not both_listed and same_romanisation(a, b):
                _join(clusters, reasons, group[0], other, "the same place's name in another romanisation")


_SAME_NAME = "the same name once case, accents, titles, \"the\" and a possessive are set aside"
_SAME_PLACE = "the same place in the gazetteer"
_ALIAS_FILE = "alias file [merge]"
# Reasons that make two spellings interchangeable in a search over the whole corpus (query expansion).
SAFE_REASONS = frozenset({_SAME_PLACE, _ALIAS_FILE})


def _entity_table(names, clusters, rules, forced_roots, reasons):
    members: dict[str, list[_Name]] = defaultdict(list)
    for key, name in names.items():
        members[clusters.find(key)].append(name)
    forced_name = {clusters.find(root): canonical for canonical, root in forced_roots.items()}
    table, canonical_of = [], {}
    for root, group in members.items():
        labels = sum((n.labels for n in group), Counter())
        forms = sum((n.forms for n in group), Counter())
        label = labels.most_common(1)[0][0]
        for n in group:
            label = rules.labels.get(n.key.removeprefix("split:"), label)
        shown = Counter()
        for form, count in forms.items():
            shown[_display(form, person=label == "PERSON")] += count
        place_names = {n.key.removeprefix("place:").split("/")[0] for n in group if n.key.startswith("place:")}
        official = next((f for f in shown if f in place_names), None)  # "United States", not "US"
        canonical = forced_name.get(root) or official or max(shown, key=lambda f: (
            len(f.split()) if label == "PERSON" else len(f.split()) > 1 and label == "ORG", shown[f], len(f)))
        if not forced_name.get(root) and not official:
            canonical = _common_spelling(canonical, shown)
        aliases = [f for f, _ in shown.most_common() if f != canonical]
        why: dict[str, str] = {}
        for n in sorted(group, key=lambda n: n.key not in reasons):
            reason = reasons.get(n.key) or (_SAME_PLACE if n.key.startswith("place:") else _SAME_NAME)
            for form in n.forms:
                why.setdefault(_display(form, person=label == "PERSON"), reason)
        entry = {"canonical": canonical, "label": label, "aliases": aliases,
                 "mentions": sum(forms.values()), "articles": len(set().union(*(n.articles for n in group))),
                 "why": {alias: why.get(alias, _SAME_NAME) for alias in aliases}}
        candidates = {c for n in group for c in n.ambiguous}
        if candidates:
            entry["ambiguous"] = candidates  # a lone surname several people share: their names, below
        table.append(entry)
        for n in group:
            canonical_of[n.key] = (canonical, label)
    for entry in table:
        if "ambiguous" in entry:
            entry["ambiguous"] = sorted({canonical_of[clusters.find(k)][0] for k in entry["ambiguous"]
                                         if clusters.find(k) in canonical_of})
    _qualify_homonyms(table, canonical_of, members, clusters)
    table.sort(key=lambda e: (-e["mentions"], e["canonical"]))
    return table, canonical_of


def _common_spelling(name: str, shown: Counter) -> str:
    """The name with each word as the entity's mentions spell it most often: a full name written once with a typo
    ("Ray Borque", beside "Bourque" thirty times) or in a rare romanisation is shown in the common form. A word is
    replaced only by a near spelling of it (one or two edits, same first letter, same capitals) that the entity's
    mentions write at least twice as often; forms with other words are never mixed in."""
    words = name.split()
    written = Counter()
    for form, count in shown.items():
        for word in set(form.split()):
            written[word] += count
    for i, word in enumerate(words):
        if len(word) < 4 or not word[0].isupper():
            continue
        best = max((w for w in written if w != word and w not in words and len(w) >= 4 and w[0] == word[0]
                    and w.isupper() == word.isupper() and written[w] >= 2 * written[word]
                    and Levenshtein.distance(w.lower(), word.lower()) <= (1 if min(len(w), len(word)) < 6 else 2)),
                   key=lambda w: (written[w], w), default=None)
        if best is not None:
            words[i] = best
    return " ".join(words)


def _qualify_homonyms(table, canonical_of, members, clusters) -> None:
    """Two places with one name (Georgia the country, Georgia the US state) get the smaller one qualified."""
    seen: dict[tuple[str, str], dict] = {}
    for entry in sorted(table, key=lambda e: -e["mentions"]):
        ident = (entry["canonical"], entry["label"])
        if ident not in seen or entry["label"] not in PLACE_LABELS:
            seen[ident] = entry
            continue
        old = entry["canonical"]
        qualifier = next((k.split("/")[1] for k in canonical_of if "/" in k and canonical_of[k][0] == old
                          and k.startswith("place:")), None)
        entry["canonical"] = f"{old} ({qualifier or entry['label']})"
        for key, (canonical, label) in list(canonical_of.items()):
            if canonical == old and key.startswith("place:") and "/" in key and key.split("/")[1] == qualifier:
                canonical_of[key] = (entry["canonical"], label)


# ---------------------------------------------------------------- search support


def alias_terms(entity_table: list[dict]) -> dict[str, str]:
    """normalise(spelling) → canonical name, for every spelling of every entity (query expansion).
    A lone surname maps to its person only when no other person in the table shares it."""
    terms: dict[str, str] = {}
    surnames: dict[str, set[str]] = defaultdict(set)
    for entry in entity_table:
        for form in [entry["canonical"], *entry["aliases"]]:
            terms.setdefault(normalise(form), entry["canonical"])
        if entry["label"] == "PERSON" and len(entry["canonical"].split()) > 1:
            surnames[normalise(surname(entry["canonical"]))].add(entry["canonical"])
    for last, owners in surnames.items():
        if len(owners) == 1:
            terms.setdefault(last, next(iter(owners)))
    return terms


def spellings(name: str, entity_table: list[dict]) -> list[str]:
    """Every spelling of the entity `name` refers to (itself alone if unknown): what a search for it should match."""
    canonical = alias_terms(entity_table).get(normalise(name))
    for entry in entity_table:
        if entry["canonical"] == canonical:
            return [entry["canonical"], *entry["aliases"]]
    return [name]
