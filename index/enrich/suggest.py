"""`catalog suggest`: candidate issues for a corpus that has no catalog yet, as a catalog to edit.

An issue of a story is something its reporting keeps coming back to when it reports negotiation, dispute or
decision. So:
  1. sentences that report such things: a negotiation/decision word or a strong status cue (the same lexicon as
     detection: `FRAME`, `find_cues`);
  2. their words and two-word phrases, contrasted against general news (a background of article frequencies built
     from the BBC corpus by bench/build_background.py and shipped with the package): the log-odds ratio with an
     informative prior (Monroe et al. 2008), as a z-score, on article counts, so one long article cannot make a
     phrase; names of people are dropped (a person is a party, not an issue: the index's entity table says who is
     a person), organisations and places are kept (NATO, the nuclear plant, Crimea);
  3. phrases that share a word or mostly the same sentences are grouped into one issue; its rules are the group's
     phrases as `terms`, its examples three sentences from different articles, written as comments.
Cheap: regexes and counting, no model (entities were found at index time).
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
}


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


def _z(fg: int, fg_docs: int, bg: int, bg_docs: int) -> float:
    """Log-odds ratio with an informative Dirichlet prior, divided by its standard deviation."""
    delta = (math.log((fg + ALPHA) / (fg_docs - fg + ALPHA)) - math.log((bg + ALPHA) / (bg_docs - bg + ALPHA)))
    return delta / math.sqrt(1.0 / (fg + ALPHA) + 1.0 / (bg + ALPHA))


@dataclass
class Candidate:
    gram: str
    z: float
    articles: set = field(default_factory=set)
    sentences: set = field(default_factory=set)  # (article index, sentence index)


@dataclass
class Suggestion:
    title: str
    id: str
    terms: list[str]
    examples: list[str]
    articles: int
    z: float


def reporting_sentences(text: str) -> list[str]:
    """Prose sentences that report negotiation, dispute or decision."""
    from .issues import FRAME, find_cues, is_prose, split_sentences

    out = []
    for sentence in split_sentences(text):
        s = sentence.text
        if is_prose(s) and (FRAME.search(s) or any(c.weight >= 1.0 for c in find_cues(s))):
            out.append(s)
    return out


def _people(entities: list[list[dict]]) -> set[str]:
    """Lowercased words of every name the index labelled a person (whole names and each part)."""
    out: set[str] = set()
    for spans in entities:
        for e in spans or []:
            if e.get("label") == "PERSON":
                for name in {e.get("text") or "", e.get("canonical") or ""}:
                    name = name.lower().strip()
                    if name:
                        out.add(name)
                        out.update(w for w in re.findall(r"[a-z][a-z'’-]+", name))
    return out


def suggest(articles: list[dict], limit: int = 12) -> list[Suggestion]:
    """`articles`: [{"text", "entities"}]. Candidate issues, strongest first."""
    sentences: list[list[str]] = [reporting_sentences(a.get("text") or "") for a in articles]
    people = _people([a.get("entities") or [] for a in articles])
    bg_docs, bg = background()
    n_docs = max(1, len(articles))
    found: dict[str, Candidate] = {}
    any_mention: Counter = Counter()  # articles mentioning the gram anywhere: to spot the story's setting
    for i, article in enumerate(articles):
        any_mention.update(set(ngrams(words(article.get("text") or ""), 1)))
        for j, sentence in enumerate(sentences[i]):
            for gram in set(ngrams(words(sentence))):
                cand = found.setdefault(gram, Candidate(gram, 0.0))
                cand.articles.add(i)
                cand.sentences.add((i, j))
    min_articles = min(MIN_ARTICLES, max(2, n_docs // 10))
    scored = []
    for gram, cand in found.items():
        parts = gram.split()
        if len(cand.articles) < min_articles or all(p in _GENERIC for p in parts):
            continue
        if any(p in people for p in parts) and not any(p in STOP for p in parts):
            if gram in people or all(p in people or p in _GENERIC for p in parts):
                continue  # a person (or a person's title): a party to the story, not one of its issues
        if len(parts) == 1 and any_mention[gram] > PERVASIVE * n_docs and n_docs >= 5:
            continue  # "ukraine" in a Ukraine corpus: the setting
        cand.z = _z(len(cand.articles), n_docs, bg.get(gram, 0), bg_docs)
        if cand.z > 2.0:
            scored.append(cand)
    scored.sort(key=lambda c: (-c.z, c.gram))
    return _group(scored, sentences, limit)


def _group(scored: list[Candidate], sentences: list[list[str]], limit: int) -> list[Suggestion]:
    groups: list[list[Candidate]] = []
    for cand in scored[: limit * 12]:
        words_of = set(cand.gram.split())
        home = None
        for group in groups:
            head = group[0]
            shared = words_of & set(head.gram.split())
            overlap = len(cand.sentences & head.sentences) / max(1, min(len(cand.sentences), len(head.sentences)))
            if (shared and not shared <= _GENERIC) or overlap >= 0.6:
                home = group
                break
        if home is not None:
            home.append(cand)
        elif len(groups) < limit:
            groups.append([cand])
    out = []
    for group in groups:
        head = max(group[:3], key=lambda c: (len(c.gram.split()) > 1 and c.z > group[0].z * 0.6, c.z))
        terms = [head.gram] + [c.gram for c in group if c is not head and c.gram not in head.gram
                               and head.gram not in c.gram][:5]
        examples = _examples(head, sentences)
        out.append(Suggestion(title=head.gram[:1].upper() + head.gram[1:], id=_slug(head.gram), terms=terms,
                              examples=examples, articles=len(set().union(*(c.articles for c in group))),
                              z=round(group[0].z, 1)))
    seen: Counter = Counter()
    for s in out:  # ids must be unique
        seen[s.id] += 1
        if seen[s.id] > 1:
            s.id = f"{s.id}-{seen[s.id]}"
    return out


def _examples(cand: Candidate, sentences: list[list[str]], n: int = 3) -> list[str]:
    by_article: dict[int, list[str]] = defaultdict(list)
    for i, j in sorted(cand.sentences):
        by_article[i].append(sentences[i][j])
    picked = []
    for i in sorted(by_article, key=lambda k: -len(by_article[k])):
        picked.append(min(by_article[i], key=len) if len(by_article[i]) > 1 else by_article[i][0])
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


def suggest_catalog(corpus, limit: int = 12, scope: str | None = None) -> tuple[str, int]:
    """(TOML text, number of issues) for the corpus' articles (or those matching `scope`)."""
    inside = corpus.matching_ids(scope) if scope else None
    rows = corpus.store.db.execute("SELECT id, text, entities FROM articles")
    articles = [{"text": text, "entities": json.loads(ents or "[]")} for article_id, text, ents in rows
                if inside is None or article_id in inside]
    found = suggest(articles, limit=limit)
    name = f"Suggested issues ({len(articles)} articles{', scope ' + scope if scope else ''})"
    return to_toml(found, name), len(found)
