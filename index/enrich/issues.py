"""Which catalog issues an article substantively discusses (detection); the status comes from `status.py`.

Pipeline:
  1. split the text into sentences with character offsets (`split_sentences`, regex);
  2. keep only prose: real sentences, not menu lines, bullets of headlines or link debris (`is_prose`);
  3. a sentence counts for an issue when it mentions the issue (catalog rules) *and* reads like reporting on
     negotiation (a demand, proposal, agreement, rejection, talks ...: `FRAME`), so a stray word is not enough;
  4. only those sentences (and the headline) are parsed, in one batch, and `status.read_sentence` says what state
     each reports about the mention; the article's status is the weighted vote of the sentences that report one
     (none does: `unresolved`, the issue is discussed as an open matter), with the deciding sentence in `explain`;
  5. evidence = up to 3 body sentences that support that status, best first, as exact substrings with offsets.
See docs/issues.md for the reasoning and the known weaknesses.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from newsexplorer.index.enrich.catalog import Catalog, Issue, may_mention, text_words
from newsexplorer.index.enrich.status import (
    STATUSES, Reading, _clause_head, _span_head, _tokens_in, combine, explain_cue, has_strong_cue, in_aside,
    parse_many, read_sentence,
)
from newsexplorer.index.enrich.status import lexicon_cues as find_cues  # noqa: F401 (suggest.py's cue lookup)
from newsexplorer.index.enrich.sentence_model import SentenceModel, load_sentence_model
from newsexplorer.index.enrich.status_model import (
    Decision, StatusModel, keeps, load_detection_model, load_model, pair_features,
)

MAX_EVIDENCE = 3
MIN_ARTICLE_SCORE = 1.0  # one clear sentence is enough; a bare mention in a framed sentence scores 1.0
PASSING_RELEVANCE = 0.5  # a mention only in an aside ("sold to pay the tax bill", "…, which X opposed"): two are needed

# ---------------------------------------------------------------------------------------------- sentences

_ABBREVIATIONS = {
    "u.s", "u.k", "u.n", "e.u", "mr", "mrs", "ms", "dr", "st", "gen", "lt", "col", "sen", "rep", "gov", "prof",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "no", "vs", "etc",
    "inc", "corp", "jr", "sr", "approx", "est", "sgt", "capt", "maj", "adm", "pres", "dept", "op", "cf",
}
_CITATION = r"(?:\[\[[^\]\n]{0,40}\]\]\([^)\s]*\)|\[\d{1,3}\])"  # ".[[xii]](https://…)" or ".[3]" after a sentence
_BOUNDARY = re.compile(rf"[.!?…]+[\"”’')\]*_]*{_CITATION}*(?=\s+[\"“‘'(\[*_]*[A-Z0-9])")
_TRAILING_MARKUP = re.compile(rf"(?:{_CITATION}|[*_]{{1,3}})+$")
_LEADING_MARKUP = re.compile(r"^(?:[*•–-]\s+|[*_]{1,3})(?=[\"“‘'(]?[A-Z0-9])")  # a bullet, or **bold**


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


# A paragraph is a line, or lines joined where a break falls inside a sentence: the line does not end in sentence
# punctuation and the next one goes on in lower case (hard-wrapped wire copy whose lead line the unwrapper kept
# apart: "The Philippines has reached agreement\nwith its bank advisory committee ...").
_PARAGRAPH = re.compile(r"(?:[^\n]|(?<=[\w,;)\-])\n(?=[a-z]))+")


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with offsets into `text`; a line break ends a sentence (crawled text is one paragraph per line) unless
    the sentence plainly goes on in lower case on the next line."""
    sentences: list[Sentence] = []
    for line in _PARAGRAPH.finditer(text):
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
    r"sanctions?|tariffs?|elections?|referendum|vote|security|membership|"
    # decisions and disputes of any story a user follows (DESIGN: "negotiation, decision or dispute"): courts,
    # sales and takeovers, legislation and votes
    r"courts?|judges?|trials?|tribunal|charged|charges|prosecut\w*|sue|sues|sued|suing|lawsuits?|legal action|"
    r"litigation|filed|filing|ruled|ruling|rulings|verdict|appeal\w*|injunction|hearings?|arbitrat\w*|"
    r"bids?|bidding|bidders?|auction\w*|sale|sold|sell|selling|bought|buy|buying|buyers?|acqui[rs]\w*|merg\w+|"
    r"takeover|stakes?|votes|voted|voting|legislation|bill|parliament|approv\w*|decision|decided|decides?|"
    r"threaten\w*|vow\w*|challeng\w*|fight\w* (?:for|against)|contest\w*)\b",
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
        return _has_frame(sentence, mentions) or has_strong_cue(sentence)
    return _has_frame(sentence, mentions, issue.gate)


# -------------------------------------------------------------------------------------------- detection

@dataclass
class _Hit:
    sentence: Sentence
    spans: list[tuple[int, int]]
    reading: Reading | None = None
    headline: bool = False
    doc: object = None  # the sentence's parse, for the learned model's features

    passing: bool = False  # every mention sits in a relative or purpose clause: an aside, not the news

    @property
    def relevance(self) -> float:
        """Any counted body sentence scores >= 1; a sentence reporting a clear state scores more; an aside (the issue
        named only in a relative or purpose clause) scores half, so one aside alone does not make an issue count."""
        if self.headline:
            return 0.0  # the headline decides status, never detection on its own
        if self.passing and not (self.reading and self.reading.status):
            return PASSING_RELEVANCE
        strength = self.reading.strength if self.reading else 0.0
        bonus = min(strength, 2.0) * 0.5 + 0.1 * min(len(self.spans) - 1, 2)
        return 1.0 + bonus * (0.5 if self.reading and self.reading.background else 1.0)


def _candidates(issue: Issue, sentences: list[Sentence], headline: Sentence | None) -> list[_Hit]:
    hits = []
    for sentence in sentences:
        found = _mentions(issue, sentence.text)
        if found and _passes_gate(issue, sentence.text, found):
            hits.append(_Hit(sentence, [(m.start(), m.end()) for m in found]))
    if headline is not None and hits:
        found = _mentions(issue, headline.text)
        if found:
            hits.insert(0, _Hit(headline, [(m.start(), m.end()) for m in found], headline=True))
    return hits


def _distinct(hits: list[_Hit]) -> list[_Hit]:
    """Drop repeats of the same sentence text (crawled pages often carry a teaser and the body)."""
    seen, out = set(), []
    for hit in hits:
        if hit.sentence.text not in seen:
            seen.add(hit.sentence.text)
            out.append(hit)
    return out


def news_year_of(text: str, title: str | None = None) -> int | None:
    """The article's own year when no date is known: the latest plausible year it names (not a future target)."""
    this_year = date.today().year
    years = [int(y) for y in re.findall(r"\b(19[5-9]\d|20\d\d)\b", f"{title or ''} {text}") if int(y) <= this_year]
    return max(years) if years else None


def _explain(status: str, hits: list[_Hit]) -> dict:
    """The sentence and the words that decided the article's status, and a one-line reason."""
    voting = [h for h in hits if h.reading and h.reading.votes[status] > 0]
    if not voting:
        first = hits[0]
        return {"sentence": first.sentence.text, "span": [first.sentence.start, first.sentence.end], "cues": [],
                "headline": first.headline, "learned": False,
                "votes": {s: 0.0 for s in STATUSES}, "why": "no sentence reports a state of this issue (only positions or mentions): read as still open"}
    best = max(voting, key=lambda h: h.reading.votes[status])
    cues = best.reading.deciding_cues(status)
    totals = {s: round(sum(h.reading.votes[s] for h in hits if h.reading), 2) for s in STATUSES}
    reporting = sum(1 for h in hits if h.reading and h.reading.status)
    why = "; ".join(explain_cue(c) for c in cues[:3])
    if best.headline:
        why = "headline: " + why
    if best.reading.background:
        why += " (background, counted less)"
    tally = ", ".join(f"{s} {v:.2f}" for s, v in sorted(totals.items(), key=lambda kv: -kv[1]) if v > 0)
    return {"sentence": best.sentence.text, "span": [best.sentence.start, best.sentence.end],
            "cues": [c.text for c in cues[:3]], "headline": best.headline, "votes": totals, "learned": False,
            "why": f"{why}; {reporting} sentence(s) report a state, weighted votes: {tally}"}


def _parse_text(hit: _Hit) -> str:
    """What the parser reads: an all-capitals headline (wire copy: "MANILA CLINCHES DEBT DEAL") in lower case, which
    the small model parses far better; same length, so character offsets hold."""
    text = hit.sentence.text
    if hit.headline and text.isupper() and len(text.lower()) == len(text):
        return text.lower()
    return text


def read_issues(text: str, catalog: Catalog, title: str | None = None,
                news_year: int | None = None, mentioned=None) -> list[tuple[Issue, list[_Hit]]]:
    """Per candidate issue, the sentences that count for it (headline first when it mentions the issue), each with
    its status reading. The raw material of `detect_issues` (and of the status model's training features).
    `mentioned`: [(issue, its `_candidates`)] already found for this text and catalog (`catalog apply` has them), in
    catalog order; they are read here instead of being found again."""
    per_issue = _find(text, catalog, title) if mentioned is None else [(i, hits) for i, hits in mentioned if hits]
    if not per_issue:
        return []
    docs = parse_many([_parse_text(h) for _, hits in per_issue for h in hits])
    year = news_year or news_year_of(text, title)
    for _, hits in per_issue:
        for hit in hits:
            hit.doc = docs[_parse_text(hit)]
            hit.reading = read_sentence(hit.sentence.text, hit.spans, hit.doc, year, hit.headline)
            hit.passing = not hit.headline and all(in_aside(hit.doc, start, end) for start, end in hit.spans)
    return per_issue


def _find(text: str, catalog: Catalog, title: str | None) -> list[tuple[Issue, list[_Hit]]]:
    """[(issue, its candidate sentences)] of the issues `text` mentions, in catalog order, none without."""
    # a cheap look at the whole text first: most articles of a big corpus mention no issue at all
    folded = text.casefold()
    words = text_words(folded)
    candidates = [i for i in catalog.issues if may_mention(i, text, folded, words)]
    if not candidates:
        return []
    sentences = [s for s in split_sentences(text) if is_prose(s.text)]
    headline = Sentence(0, len(title.strip()), title.strip()) if title and title.strip() else None
    per_issue = [(issue, _candidates(issue, sentences, headline)) for issue in candidates]
    return [(issue, hits) for issue, hits in per_issue if hits]


def _explain_learned(decision: Decision, mode: str, hits: list[_Hit]) -> dict:
    """What the learned model based its status on: its top features, and the sentence that carries them."""
    body = [h for h in hits if not h.headline]
    voting = [h for h in body if h.reading and h.reading.votes[decision.status] > 0]
    best = max(voting, key=lambda h: h.reading.votes[decision.status]) if voting else body[0]
    words = {name.split(":", 1)[1] for name, _ in decision.top if ":" in name}
    cues = [c.text for c in best.reading.deciding_cues(decision.status)[:3]] if voting else []
    if best.doc is not None:
        cues += [t.text for t in best.doc if t.lemma_.lower() in words and t.text not in cues][:3]
    top = ", ".join(f"{name} +{value:.2f}" for name, value in decision.top) or "the prior"
    totals = {s: round(sum(h.reading.votes[s] for h in hits if h.reading), 2) for s in STATUSES}
    scope = "no sentence reports a state; " if mode == "no-vote" else ""
    return {"sentence": best.sentence.text, "span": [best.sentence.start, best.sentence.end], "cues": cues,
            "headline": False, "votes": totals, "learned": True,
            "why": f"{scope}learned model: {decision.status} (p={decision.probability:.2f}); top features: {top}"}


def _explain_sentences(status: str, reading: dict, mode: str) -> dict:
    """What the sentence model based its status on: the sentence that gave the winning status the most weight,
    its words that pushed most towards it, and the learned weighted votes."""
    hit = reading["hit"]
    words = set()
    for name, _ in reading["top"]:
        kind, _, value = name.partition(":")
        if kind in ("w", "head"):
            words.add(value)
        elif kind == "b":
            words.update(value.split("_"))
    cues = []
    if hit.doc is not None:
        cues = [t.text for t in hit.doc if t.lemma_.lower() in words and t.text not in cues
                and t.text in hit.sentence.text][:3]
    top = ", ".join(f"{name} +{value:.2f}" for name, value in reading["top"]) or "the prior"
    tally = ", ".join(f"{s} {v:.2f}" for s, v in sorted(reading["votes"].items(), key=lambda kv: -kv[1]) if v > 0)
    scope = {"no-vote": "no sentence reports a state by the rules; ",
             "unclear": "the rules' votes are not clear; "}.get(mode, "")
    return {"sentence": hit.sentence.text, "span": [hit.sentence.start, hit.sentence.end], "cues": cues,
            "headline": hit.headline, "votes": reading["votes"], "learned": True,
            "why": f"{scope}sentence model: {status}; top features: {top}; learned weighted votes: {tally}"}


LEAD_CHARS = 400  # the lead states the news; a mention there is never a passing one
_MODIFIER_ROLES = {"compound", "amod"}
_SUBORDINATE = {"relcl", "acl", "advcl"}


def passing_modifier(body: list[_Hit]) -> bool:
    """The issue is named once, in passing: one counted sentence, past the lead, its terms only modifying another
    noun ("the quota system's critics") inside a subordinate clause ("…, which lobbies on behalf of quota
    holders"). Such a pair was a false detection 10 times for 2 true ones over sixteen stories (round seven)."""
    if len(body) != 1 or body[0].sentence.start < LEAD_CHARS or body[0].doc is None or not body[0].spans:
        return False
    start, end = body[0].spans[0]
    toks = _tokens_in(body[0].doc, start, end)
    if not toks:
        return False
    head = _span_head(toks)
    return head.dep_ in _MODIFIER_ROLES and _clause_head(head).dep_ in _SUBORDINATE


def detect_issues(text: str, catalog: Catalog, min_score: float = MIN_ARTICLE_SCORE, title: str | None = None,
                  news_year: int | None = None, status_model: StatusModel | None | bool = None,
                  sentence_model: SentenceModel | None | bool = None, mentioned=None) -> list[dict]:
    """Issues `text` substantively discusses, each with status, 1–3 evidence sentences (exact substrings) and offsets.

    Returns [{"id", "title", "status", "evidence": [str], "evidence_spans": [[start, end]], "score", "sentences",
    "explain"}] in catalog order; `score` sums the relevance of every counted body sentence, `sentences` is how many
    there were, `explain` = {"sentence", "span", "cues", "headline", "why"}: what decided the status (`span` is an
    offset into `text`, or into `title` when `headline` is true). The article's `title` (its headline) weighs more
    for status but never makes an issue count on its own; `news_year` tells background from news. `status_model`:
    the learned model (default: the packaged one, which decides only where its file's `mode` says; False: rules only);
    `sentence_model` likewise for the sentence models (its file's `status_mode` and `detection_mode`; off too when
    `status_model` is False). `mentioned`: the candidates already found (see `read_issues`).
    """
    model = load_model() if status_model is None else (status_model or None)
    detector = load_detection_model() if status_model is None else None
    if sentence_model is None:  # the packaged sentence models, unless the caller asked for the rules alone
        sentence_model = load_sentence_model() if status_model is None else None
    sentences = sentence_model or None
    found = []
    for issue, hits in read_issues(text, catalog, title, news_year, mentioned):
        body = [h for h in hits if not h.headline]
        score = sum(h.relevance for h in body)
        if not body or score < min_score or not keeps(detector, hits) or passing_modifier(body):
            continue
        if sentences is not None and not sentences.keeps(hits):
            continue
        status = combine([h.reading for h in hits]) or "unresolved"
        if model is not None and model.applies(sum(sum(h.reading.votes.values()) for h in hits)):
            decision = model.decide(pair_features(hits))
            status, explain = decision.status, _explain_learned(decision, model.mode, hits)
        elif sentences is not None and sentences.decides(hits):
            status, reading = sentences.article_status(hits)
            explain = _explain_sentences(status, reading, sentences.status_mode)
        else:
            explain = _explain(status, hits)
        ranked = sorted(body, key=lambda h: (h.reading.status == status, h.reading.votes[status], h.relevance),
                        reverse=True)
        chosen = sorted(_distinct(ranked)[:MAX_EVIDENCE], key=lambda h: h.sentence.start)
        found.append({
            "id": issue.id,
            "title": issue.title,
            "status": status,
            "evidence": [h.sentence.text for h in chosen],
            "evidence_spans": [[h.sentence.start, h.sentence.end] for h in chosen],
            "score": round(score, 3),
            "sentences": len(body),
            "explain": explain,
        })
    return found
