"""Which catalog issues an article substantively discusses, and what it reports about each.

Pipeline, all regex and stdlib (cheap enough to run on every article at index time):
  1. split the text into sentences with character offsets (`split_sentences`);
  2. keep only prose: real sentences, not menu lines, bullets of headlines or link debris (`is_prose`);
  3. a sentence counts for an issue when it mentions the issue (catalog rules) *and* reads like reporting on
     negotiation (a demand, proposal, agreement, rejection, talks ...: `FRAME`), so a stray word is not enough;
  4. each counted sentence gets a status from cue phrases near the mention, with negation, hedges and
     rejections handled (`sentence_status`); the article's status for the issue is the weighted vote;
  5. evidence = up to 3 sentences that support that status, best first, as exact substrings with offsets.
See docs/issues.md for the reasoning and the known weaknesses.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from newsexplorer.index.enrich.catalog import Catalog, Issue, may_mention, text_words

STATUSES = ("agreed", "progress", "unresolved")
MAX_EVIDENCE = 3
MIN_ARTICLE_SCORE = 1.0
CLAUSE_FACTOR = 0.35  # a cue in another clause than the mention mostly talks about something else  # one clear sentence is enough; a bare mention in a framed sentence scores 1.0

# ---------------------------------------------------------------------------------------------- sentences

_ABBREVIATIONS = {
    "u.s", "u.k", "u.n", "e.u", "mr", "mrs", "ms", "dr", "st", "gen", "lt", "col", "sen", "rep", "gov", "prof",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "vs", "etc",
    "inc", "corp", "jr", "sr", "approx", "est", "sgt", "capt", "maj", "adm", "pres", "dept", "op", "cf",
}
_CITATION = r"(?:\[\[[^\]\n]{0,40}\]\]\([^)\s]*\)|\[\d{1,3}\])"  # ".[[xii]](https://…)" or ".[3]" after a sentence
_BOUNDARY = re.compile(rf"[.!?…]+[\"”’')\]*_]*{_CITATION}*(?=\s+[\"“‘'(\[*_]*[A-Z0-9])")
_TRAILING_MARKUP = re.compile(rf"(?:{_CITATION}|[*_]{{1,3}})+$")
_LEADING_MARKUP = re.compile(r"^[*_]{1,3}(?=[\"“‘'(]?[A-Z0-9])")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def _is_abbreviation(chunk: str) -> bool:
    """True when the period ending `chunk` belongs to an abbreviation or an initial, not a sentence end."""
    word = re.search(r"([\w.]+)\.$", chunk)
    if not word:
        return False
    token = word.group(1).lower()
    return token in _ABBREVIATIONS or len(token) == 1 or bool(re.fullmatch(r"(\w\.)+\w", token))


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with offsets into `text`; line breaks always end a sentence (crawled text is one paragraph per line)."""
    sentences: list[Sentence] = []
    for line in re.finditer(r"[^\n]+", text):
        line_text, base, cursor = line.group(), line.start(), 0
        for boundary in _BOUNDARY.finditer(line_text):
            if _is_abbreviation(re.sub(rf"{_CITATION}+$", "", line_text[cursor:boundary.end()]).rstrip("\"”’')]")):
                continue
            _append(sentences, line_text, base, cursor, boundary.end())
            cursor = boundary.end()
        _append(sentences, line_text, base, cursor, len(line_text))
    return sentences


def _append(out: list[Sentence], line: str, base: int, start: int, end: int) -> None:
    piece = line[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    lead = len(piece) - len(piece.lstrip())
    head = _LEADING_MARKUP.match(stripped)  # crawled Markdown: "**Bold lead sentence.**[[i]](…)"
    if head:
        lead += head.end()
        stripped = stripped[head.end():]
    stripped = _TRAILING_MARKUP.sub("", stripped).rstrip()
    if not stripped:
        return
    s = base + start + lead
    out.append(Sentence(s, s + len(stripped), stripped))


_NOT_PROSE = re.compile(
    r"\]\(|https?://|www\.|</|/>|\|\s|\bsign up\b|\bsubscribe\b|\bnewsletter\b|\bcookies?\b|\bclick here\b"
    r"|\bread more\b|\bwatch:|\blisten:|\bopens new tab\b|\ball rights reserved\b|\bpurchase licensing\b",
    re.IGNORECASE,
)


def is_prose(sentence: str) -> bool:
    """A sentence of running text, not navigation, a headline list item, a caption credit or link debris."""
    if sentence[:1] in "*#[|!-•>" or _NOT_PROSE.search(sentence):
        return False
    if not re.search(r"[.!?…][\"”’')\]]*$", sentence) or not re.match(r"[\"“‘'(]?[A-Z0-9]", sentence):
        return False
    words = re.findall(r"[A-Za-z][\w’'-]*", sentence)
    if len(words) < 6:
        return False
    lower = sum(1 for w in words if w[0].islower())
    return lower / len(words) >= 0.4  # Title Case Headlines have few lowercase words


# ------------------------------------------------------------------------------------------ substance

# The sentence reports on negotiation: positions, demands, proposals, outcomes. Without one of these a mention is
# background ("Russia occupies 20% of the territory") or battlefield reporting, not the issue being discussed.
FRAME = re.compile(
    r"\b(talks?|negotiat\w*|peace|deal|agreements?|agree\w*|accord|treaty|framework|memorandum|plan|propos\w*|"
    r"demand\w*|insist\w*|reject\w*|refus\w*|concessions?|compromise\w*|settlement|conditions?|precondition\w*|"
    r"guarantee\w*|ceasefire|truce|summit|envoys?|delegations?|mediat\w*|discuss\w*|issues?|questions?|"
    r"position\w*|red lines?|offer\w*|wants?|wanted|seek\w*|sought|calls? for|called for|urg\w+|push\w*|"
    r"press\w*|signed|sign|unresolved|sticking|stalemate|impasse|deadlock|breakthrough|progress|exchange\w*|"
    r"swap\w*|released?|pledg\w*|commit\w*|accept\w*|recogni[sz]\w*|withdraw\w*|cede|ceding|give up|"
    r"memorandum|diplomac\w*|diplomatic|ultimatum|terms|points?|draft|document|parameters|provisions?|"
    r"sanctions?|tariffs?|elections?|referendum|vote|security|membership)\b",
    re.IGNORECASE,
)


def _mentions(issue: Issue, sentence: str) -> list[re.Match]:
    found = [m for p in issue.patterns for m in p.finditer(sentence)]  # first: most sentences have none
    if not found or any(p.search(sentence) for p in issue.exclude):
        return []
    if issue.context and not any(p.search(sentence) for p in issue.context):
        return []
    return found


def _has_frame(sentence: str, mentions: list[re.Match], frames=(FRAME,)) -> bool:
    """A negotiation word outside the issue's own mention (else 'security guarantees' would frame itself)."""
    covered = [(m.start(), m.end()) for m in mentions]
    return any(not any(s <= f.start() < e for s, e in covered) for frame in frames for f in frame.finditer(sentence))


def _passes_gate(issue: Issue, sentence: str, mentions: list[re.Match]) -> bool:
    """The catalog's `gate`: "none" lets every mention count; "negotiation" wants a negotiation word or a strong
    status cue besides the mention; a list wants one of the catalog's own words besides the mention."""
    if issue.gate == "none":
        return True
    if issue.gate == "negotiation":
        return _has_frame(sentence, mentions) or _has_strong_cue(sentence)
    return _has_frame(sentence, mentions, issue.gate)


# ---------------------------------------------------------------------------------------------- status

# (pattern, status, weight). Order matters only for overlap: earlier, longer phrases claim their span first,
# so "no unified view" is read as one unresolved cue rather than a negated "unified".
_CUES: list[tuple[str, str, float]] = [
    # unresolved: explicit deadlock, open questions, rejection, demands
    (r"remain\w*\s+(\w+\s+){0,2}(unresolved|open|unsettled|elusive|divided|far apart|outstanding|undecided|unclear)", "unresolved", 1.5),
    (r"(no|not a|lack of( a)?)\s+(unified|common|single|shared)\s+(view|position|understanding|stance)", "unresolved", 1.5),
    (r"unresolved|intractable|sticking[- ]points?|deal[- ]?breakers?|stumbling[- ]blocks?|stalemate|deadlock\w*|impasse|"
     r"non-?starters?|red[- ]lines?|bones? of contention|unacceptable|irreconcilable|far apart|at odds|no[- ]go", "unresolved", 1.5),
    (r"(stall\w*|stuck|disagree\w*|disputes?|disputed|contentious|thorny|divisive|divided|differences|differ|"
     r"gaps?|obstacles?|hurdles?|complicated|toughest|hardest|most difficult|difficult|elusive|impossible|"
     r"unclear|undecided|outstanding|open questions?|no consensus|opposition|oppos\w+|objects?|objections?|"
     r"frozen? conflict|ultimatum)\b", "unresolved", 1.0),
    (r"(reject\w*|refus\w*|rules? out|ruled out|dismiss\w*|vetoe?\w*|block\w*|won'?t accept|will not accept|"
     r"would not accept|cannot accept|can'?t accept|never (accept|agree|recogni[sz]e|give up|cede|allow))", "unresolved", 1.75),
    (r"\b(is|are|was|were|remains?|stands?) (ready|willing|open) (to|for)\b", "progress", 0.5),
    (r"\bmust\b", "unresolved", 1.0),
    (r"(insist\w*|demand\w*|precondition\w*|calls? for|called for|wants?|wanted|seeks?|sought|pushe?s? for|"
     r"presses for|conditions?|propos\w+|plan calls|suggested|floated|urg\w+)\b", "unresolved", 0.6),
    (r"(no|without( an?)?|failed to (reach|secure|agree|produce|achieve)\w*|fail\w* to)\s+(\w+\s+){0,2}"
     r"(deal|agreement|breakthrough|progress|consensus|compromise|ceasefire|truce|accord)", "unresolved", 1.75),
    (r"(yet to|has not|have not|had not|hasn'?t|haven'?t|did not|didn'?t|not yet|never)\s+(\w+\s+){0,2}"
     r"(agreed|agree|reached|resolved|settled|signed|materiali[sz]ed|been agreed|finali[sz]ed)", "unresolved", 1.75),
    # progress: movement without a settled outcome
    (r"(largely|mostly|almost|nearly|virtually|substantially|essentially|basically)\s+(\w+\s+){0,1}"
     r"(finished|agreed|settled|resolved|complete\w*|done|ready|finali[sz]ed|aligned|coordinated)", "progress", 1.75),
    (r"(close|closer|near|nearing|nearly)\s+(to\s+)?(a\s+|an\s+|reaching\s+(a\s+|an\s+)?|finali[sz]ing\s+(a\s+|an\s+)?)?"
     r"(\w+\s+){0,2}(deal|agreement|accord|settlement|consensus|compromise|deals|agreements)(\s+on)?", "progress", 1.75),
    (r"(final|last|remaining)\s+(details|stages?|touches|text|steps)|close to (a |an |reaching |finali)|closer to|"
     r"nearing|within reach|agreed in principle|in principle|"
     r"(\d+|ninety|eighty)\s*(percent|per cent|%)\s+(of\s+)?(\w+\s+){0,4}(agreed|resolved|ready|done|settled|finished)|"
     r"common ground|convergen\w+|narrow\w*\s+(\w+\s+){0,2}(gaps?|differences)|ready to sign|draft\w*\s+(\w+\s+){0,2}(ready|prepared|finali[sz]ed)", "progress", 1.5),
    (r"(breakthrough|progress\w*|constructive|productive|positive|momentum|advanc\w+|moving forward|"
     r"step forward|tangible|headway|optimis\w*|promising|substantive|fruitful|encouraging|"
     r"clarified|understanding|good talks)\b", "progress", 1.0),
    (r"agreed to (meet|continue|resume|hold|keep|further|another|more|return|work|discuss|talk)", "progress", 1.0),
    # agreed: a settled or implemented outcome
    (r"(reached|struck|sealed|clinched|concluded|secured|signed|finali[sz]ed)\s+(\w+\s+){0,3}(deal|agreement|accord|"
     r"memorandum|deals|agreements|treaty|understanding)", "agreed", 2.0),
    (r"(agreement|deal|accord|consensus)\s+(\w+\s+){0,2}(was|has been|had been|were|is)\s+(reached|struck|signed|agreed|"
     r"finali[sz]ed|concluded)|agreement on|deal on|agreed (on|upon|to)\b|(have|has|had|both sides|sides|parties) agreed", "agreed", 2.0),
    (r"\b(agreed|signed|finali[sz]ed|approved|endorsed|ratified|settled|took place|carried out|completed|"
     r"implemented|came into (force|effect)|went into (force|effect)|in effect|in force|exchanged|swapped|"
     r"returned home|were released|was released|released|handed over)\b", "agreed", 1.25),
]
_CUE_PATTERNS = [(re.compile(p, re.IGNORECASE), status, weight) for p, status, weight in _CUES]

_NEGATION = re.compile(
    r"\b(no|not|never|without|nor|neither|nothing|none|hardly|unable to|failed to|fail to|fails to|yet to|"
    r"far from|lack of|lacked|little sign of|no sign of|no longer|did not lead to|didn'?t|doesn'?t|don'?t|"
    r"won'?t|wasn'?t|weren'?t|isn'?t|aren'?t|hasn'?t|haven'?t|cannot|can'?t)\b[\w\s'-]{0,25}$",
    re.IGNORECASE,
)
# A wish, demand or condition is not an outcome: "Russia wants Ukraine to agree", "if a deal is signed".
_IRREALIS = re.compile(
    r"\b(if|unless|until|once|whether|any|wants?|wanted|demands?|demanded|insists?|urged?|urging|calls? on|"
    r"called on|pushe?s?|pressing|pressed|hopes?|hoped|seeks?|sought|aims?|plans? to|intends?|would|could|"
    r"should|might|may|must|will|expected to|set to|going to|ready to|prepared to|willing to|proposed|"
    r"to be)\b[\w\s'-]{0,30}$",
    re.IGNORECASE,
)
_SKEPTIC = re.compile(r"\b(claim\w*|alleg\w*|boast\w*|touted)\b[\w\s,'\"“”-]{0,60}$", re.IGNORECASE)
# Background about earlier years weighs less than what the article reports as news.
_HISTORY = re.compile(r"^(in|by|since|during|back in)\s+((early|late|mid-?)\s*)?((january|february|march|april|may|june|july|"
                      r"august|september|october|november|december)\s+)?(19|20)\d\d\b|^(last|that) year\b", re.IGNORECASE)
_FLIP = {"agreed": "unresolved", "progress": "unresolved", "unresolved": "progress"}


@dataclass(frozen=True)
class Cue:
    start: int
    end: int
    status: str
    weight: float


@lru_cache(maxsize=4096)
def find_cues(sentence: str) -> tuple[Cue, ...]:
    """Status cues in a sentence, after negation (flip), wishes/conditions (demote) and skepticism (demote)."""
    taken: list[tuple[int, int]] = []
    cues: list[Cue] = []
    for pattern, status, weight in _CUE_PATTERNS:
        for m in pattern.finditer(sentence):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            cues.append(_adjust(sentence, m, status, weight))
    return tuple(c for c in cues if c.weight > 0)


def _adjust(sentence: str, m: re.Match, status: str, weight: float) -> Cue:
    before = sentence[max(0, m.start() - 40):m.start()]
    already_negative = status == "unresolved" and weight >= 1.75 and re.match(r"(no|not|without|fail|yet|has|have|had|did|never)", m.group(), re.I)
    if not already_negative and _NEGATION.search(before):
        # "did not lead to a breakthrough", "no agreement"; "did not reject" reads as movement, weakly
        return Cue(m.start(), m.end(), _FLIP[status], weight if status != "unresolved" else weight * 0.5)
    if status == "agreed" and _IRREALIS.search(before):
        return Cue(m.start(), m.end(), "progress", weight * 0.4)  # "ready to sign", "would agree": not an outcome
    if status in ("agreed", "progress") and _SKEPTIC.search(sentence[:m.start()]):
        return Cue(m.start(), m.end(), "progress", weight * 0.5)
    return Cue(m.start(), m.end(), status, weight)


_CLAUSE_BREAK = re.compile(r"[,;:—–()]|\s(but|while|whereas|although|though|however|yet)\s", re.IGNORECASE)


def _closeness(sentence: str, cue: Cue, span: tuple[int, int]) -> float:
    """How much a cue speaks about the mention: falls with distance, and sharply across a clause boundary."""
    start, end = span
    if start <= cue.start < end or cue.start <= start < cue.end:
        return 1.0
    gap = sentence[end:cue.start] if cue.start >= end else sentence[cue.end:start]
    factor = 1.0 / (1.0 + len(gap) / 60.0)
    return factor * (CLAUSE_FACTOR if _CLAUSE_BREAK.search(gap) else 1.0)


def sentence_status(sentence: str, mentions: list[tuple[int, int]]) -> tuple[str, dict[str, float]]:
    """Status a sentence reports about the issue mentioned at `mentions`: cues nearer the mention count more.

    A party's rejection or a stated deadlock outweighs upbeat words in the same sentence ("Witkoff hailed progress,
    but Moscow rejected the land proposal"), because the weights of rejection cues are higher. A mention with no
    cue at all (a position stated, a proposal described) reads as unresolved, weakly.
    """
    votes = {s: 0.0 for s in STATUSES}
    for cue in find_cues(sentence):
        votes[cue.status] += cue.weight * max(_closeness(sentence, cue, span) for span in mentions)
    if not any(votes.values()):
        votes["unresolved"] = 0.3
    if _HISTORY.search(sentence):
        votes = {k: v * 0.5 for k, v in votes.items()}
    return max(STATUSES, key=lambda s: (votes[s], s == "unresolved")), votes


def combine(votes_per_sentence: list[dict[str, float]]) -> str:
    """Article status from its sentences' votes: the weighted majority, ties going to the cautious reading."""
    total = {s: sum(v[s] for v in votes_per_sentence) for s in STATUSES}
    order = {"unresolved": 2, "progress": 1, "agreed": 0}
    return max(STATUSES, key=lambda s: (round(total[s], 6), order[s]))


# -------------------------------------------------------------------------------------------- detection

@dataclass
class _Hit:
    sentence: Sentence
    status: str
    votes: dict[str, float]
    relevance: float


def _has_strong_cue(sentence: str) -> bool:
    """Deadlock or outcome words ("no unified view", "largely finished") make a sentence substantive by themselves."""
    return any(c.weight >= 1.0 for c in find_cues(sentence))


def _hits(issue: Issue, sentences: list[Sentence]) -> list[_Hit]:
    hits = []
    for sentence in sentences:
        found = _mentions(issue, sentence.text)
        if not found or not _passes_gate(issue, sentence.text, found):
            continue
        spans = [(m.start(), m.end()) for m in found]
        status, votes = sentence_status(sentence.text, spans)
        strength = max(votes.values())
        bonus = min(strength, 2.0) * 0.5 + 0.1 * min(len({m.group().lower() for m in found}) - 1, 2)
        relevance = 1.0 + bonus * (0.5 if _HISTORY.search(sentence.text) else 1.0)  # any counted sentence >= 1
        hits.append(_Hit(sentence, status, votes, relevance))
    return hits


def _distinct(hits: list[_Hit]) -> list[_Hit]:
    """Drop repeats of the same sentence text (crawled pages often carry a teaser and the body)."""
    seen, out = set(), []
    for hit in hits:
        if hit.sentence.text not in seen:
            seen.add(hit.sentence.text)
            out.append(hit)
    return out


def detect_issues(text: str, catalog: Catalog, min_score: float = MIN_ARTICLE_SCORE) -> list[dict]:
    """Issues `text` substantively discusses, each with status, 1–3 evidence sentences (exact substrings) and offsets.

    Returns [{"id", "title", "status", "evidence": [str], "evidence_spans": [[start, end]], "score", "sentences"}],
    in catalog order; `score` sums the relevance of every counted sentence, `sentences` is how many there were.
    """
    # a cheap look at the whole text first: most articles of a big corpus mention no issue at all
    folded = text.casefold()
    words = text_words(folded)
    candidates = [i for i in catalog.issues if may_mention(i, text, folded, words)]
    if not candidates:
        return []
    sentences = [s for s in split_sentences(text) if is_prose(s.text)]
    found = []
    for issue in candidates:
        hits = _hits(issue, sentences)
        score = sum(h.relevance for h in hits)
        if not hits or score < min_score:
            continue
        status = combine([h.votes for h in hits])
        ranked = sorted(hits, key=lambda h: (h.status == status, h.votes[status], h.relevance), reverse=True)
        chosen = sorted(_distinct(ranked)[:MAX_EVIDENCE], key=lambda h: h.sentence.start)
        found.append({
            "id": issue.id,
            "title": issue.title,
            "status": status,
            "evidence": [h.sentence.text for h in chosen],
            "evidence_spans": [[h.sentence.start, h.sentence.end] for h in chosen],
            "score": round(score, 3),
            "sentences": len(hits),
        })
    return found
