"""How two spellings of a personal name are compared, and which word of a name is the family name.

Kept apart from the merging code so the two questions that decide a merge are answered in one place:
- are two spellings romanisations of one name (Zelenskyy / Zelenskiy / Zelensky, Witkoff / Witkov) — not merely
  similar (Keane / Keegan, Jill / Ill, Myers / Moyes)?
- is "Tung" in "Tung Chee-hwa" the family name (surname first, as in Chinese and Korean names)?
"""
from __future__ import annotations

import re
from functools import lru_cache

from .gazetteer import strip_accents, translit_key

# Common family names of Chinese (pinyin, Cantonese), Korean and Vietnamese names, which are written first.
EAST_ASIAN_SURNAMES = frozenset("""
    li wang zhang liu chen yang zhao huang zhou wu xu sun hu zhu gao lin he guo ma luo liang song zheng xie han tang
    feng yu dong xiao cheng cao yuan deng fu shen zeng peng lu su jiang cai jia ding wei xue ye yan pan du dai xia
    zhong tian ren fan fang shi yao tan liao zou xiong jin hao kong bai cui kang mao qiu qin gu hou shao meng long
    wan duan qian yin yi chang qiao lai gong wen bo rong ji
    tung chan wong lee lau cheung leung ho chui fok tsang yeung ng lam tse chow chau kwok lui mak siu tam yip chu
    chiang hsu tsai lo kuo yeh teng chiu soong koo
    kim park choi jung chung cho yoon yun jang lim shin seo suh kwon hwang ahn yoo hong jeon chun ko moon son bae
    baek roh oh nam noh yoo
    nguyen tran le pham vo phan dang bui do ngo
""".split())
# One syllable of a romanised Chinese/Korean given name: an initial, a vowel cluster, an optional n/ng/m/k/p/t/h/w
# coda (Xiao-ping, Ze-min, Kuan Yew).
_SYLLABLE = r"(?:zh|ch|sh|ts|hs|[bcdfghjklmnpqrstwxyz])?[aeiouy]{1,3}(?:ng|n|m|k|p|t|h|w)?"
_GIVEN = re.compile(rf"(?:{_SYLLABLE}){{1,3}}")
_HYPHENATED_GIVEN = re.compile(r"[A-Z][a-z]+-[a-z]+")  # Chee-hwa, Jong-il, Teng-hui


@lru_cache(maxsize=1 << 16)
def surname_first(name: str) -> bool:
    """A name written family name first: "Tung Chee-hwa", "Kim Jong-il", "Deng Xiaoping", "Lee Kuan Yew" —
    not "Lee Westwood" or "Kim Clijsters" (their second word is no romanised given name)."""
    words = strip_accents(name).split()
    if not 2 <= len(words) <= 3 or words[0].casefold() not in EAST_ASIAN_SURNAMES:
        return False
    rest = words[1:]
    if len(rest) == 1 and _HYPHENATED_GIVEN.fullmatch(rest[0]):
        return True
    return all(w[:1].isupper() and _GIVEN.fullmatch(w.casefold()) for w in rest)


@lru_cache(maxsize=1 << 16)
def family_name(name: str) -> str:
    """The family name as written: the first word of a surname-first name ("Kim" of "Kim Jong-il", never the "il"
    of its given name), else the last word (skipping Jr./III) without a possessive."""
    words = [w for w in re.split(r"\s+", name.strip()) if w]
    if not words:
        return ""
    if surname_first(" ".join(words)):
        return words[0]
    while len(words) > 1 and re.sub(r"\W", "", words[-1]).casefold() in {"jr", "sr", "ii", "iii", "iv"}:
        words.pop()
    return re.sub(r"['\u2019]s?$", "", words[-1])


# The Arabic article joined by a hyphen to a family name or place ("al-Sadr", "el-Baradei"): romanisations
# write it or leave it out (Moqtada Sadr = Muqtada al-Sadr).
_ARABIC_ARTICLE = re.compile(r"^(?:al|el)-(?=[^\W\d_]{3})", re.IGNORECASE)


def without_arabic_article(name: str) -> str:
    """The name without a hyphenated Arabic article at its start ("al-Sadr" → "Sadr"); other names unchanged."""
    return _ARABIC_ARTICLE.sub("", name.strip())


def _slavic_key(name: str) -> str:
    """The transliteration key with a final -ov/-off/-ow written one way (Witkov = Witkoff), a final -ah as -a
    (Fallujah = Falluja, Abdullah = Abdulla), ck as k (Andreychuck = Andreychuk, Dashnacks = Dashnaks) and no
    hyphenated Arabic article (al-Sadr = Sadr)."""
    key = re.sub(r"(?<=o)(?:v|w|f)$", "f", translit_key(without_arabic_article(name))).replace("ck", "k")
    return re.sub(r"(?<=\w{3})ah$", "a", key)


def romanisation_key(name: str) -> str:
    """What two romanisations of one name share (same_romanisation also wants the same first letter)."""
    return _slavic_key(name)


@lru_cache(maxsize=1 << 16)
def same_romanisation(a: str, b: str) -> bool:
    """Two spellings of one name in different romanisations: equal once y/j/i, doubled letters, accents,
    apostrophes and a final -ov/-off are folded, starting with the same letter, and at least four letters long
    (so "Jill" and "Ill", or "Yi" and "Ji", stay apart). Similar names (Keane/Keegan) are not romanisations."""
    ka, kb = _slavic_key(a), _slavic_key(b)
    if ka != kb:
        return False
    a, b = without_arabic_article(a), without_arabic_article(b)
    if strip_accents(a)[:1].casefold() != strip_accents(b)[:1].casefold():
        return False
    return len(ka) >= 4 or strip_accents(a).casefold() == strip_accents(b).casefold()


@lru_cache(maxsize=1 << 16)
def surname_key(name: str) -> str:
    """A family name's key for grouping: spellings that are romanisations of one name share it (the first letter
    is kept as written, so Jill and Ill do not)."""
    plain = strip_accents(without_arabic_article(name)).casefold()
    key = _slavic_key(name)
    return f"{plain[:1]}{key}" if len(key) >= 4 else plain


# Russian and Ukrainian forms of one given name (Vladimir/Volodymyr, Aleksandr/Oleksandr, Sergei/Serhiy,
# Andrei/Andriy): the regular correspondences between the two languages' spellings, folded one way; and the q/k
# of romanised Arabic (Moqtada/Moktada).
_EAST_SLAVIC = ((r"q", "k"), (r"^ole", "ale"), (r"^volo", "vla"), (r"ks", "x"), (r"(?<![kzsc])h", "g"),
                (r"e?i$", "i"), (r"(?<=[^aeiou])i(?=[^aeiou])", "e"))


@lru_cache(maxsize=1 << 16)
def given_name_key(name: str) -> str:
    """A given name's key: transliteration-folded, with Russian/Ukrainian correspondences written one way."""
    key = translit_key(name)
    for pattern, repl in _EAST_SLAVIC:
        key = re.sub(pattern, repl, key)
    return key


# A nickname and the name it shortens meet only when they share this many first letters: Vince/Vincent,
# Mike/Michael, Will/William — not John/Ian or John/Jack, which the genealogists' list also relates but which
# are names of their own as often as nicknames. A three-letter form of a name of five letters or more that starts
# with its letter is a pet form too (Jim/James, Tom/Thomas; still not Jack/John).
NICKNAME_SHARED_PREFIX = 2


@lru_cache(maxsize=1)
def _nickname_pairs() -> frozenset[frozenset[str]]:
    """{name, nickname} pairs from the `nicknames` package (a hand-curated English list), transliteration-keyed
    as given names are compared, kept when both start alike."""
    from nicknames import name_triplets

    pairs = set()
    for t in name_triplets():
        a, b = translit_key(t.name1), translit_key(t.name2)
        short, long = sorted((t.name1.casefold(), t.name2.casefold()), key=len)
        pet = short[0] == long[0] and len(short) == 3 and len(long) >= 5
        if a != b and (min(len(a), len(b)) >= 3 or pet) and (a[:NICKNAME_SHARED_PREFIX] == b[:NICKNAME_SHARED_PREFIX]
                                                             or pet):
            pairs.add(frozenset((a, b)))  # also a three-letter pet form of a long name: Jim/James, Tom/Thomas
    return frozenset(pairs)


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    from nicknames import name_triplets

    return frozenset(n.casefold() for t in name_triplets() for n in (t.name1, t.name2))


def is_given_name(word: str) -> bool:
    """A given name in the `nicknames` package's list (Will, May, Grant): not to be cut off as an ordinary word."""
    return word.casefold() in _given_names()


def nickname_of(a: str, b: str) -> bool:
    """One given name is a usual short form of the other (Vince/Vincent Cable, Mike/Michael)."""
    ka, kb = translit_key(a), translit_key(b)
    return ka != kb and frozenset((ka, kb)) in _nickname_pairs()


# English stop words (spaCy's English list, copied so this module needs no spaCy): never a name on their own
# whatever the model says ("The", "Being" read as Beijing, "Anywhere" as a person), plus "ill" and titles.
STOP_WORDS = frozenset("""
    a about above across after afterwards again against all almost alone along already also although always am
    among amongst amount an and another any anyhow anyone anything anyway anywhere are around as at back be
    became because become becomes becoming been before beforehand behind being below beside besides between
    beyond both bottom but by ca call can cannot could did do does doing done down due during each eight either
    eleven else elsewhere empty enough even ever every everyone everything everywhere except few fifteen fifty
    first five for former formerly forty four from front full further get give go had has have he hence her here
    hereafter hereby herein hereupon hers herself him himself his how however hundred i if in indeed into is it
    its itself just keep last latter latterly least less made make many may me meanwhile might mine more
    moreover most mostly move much must my myself name namely neither never nevertheless next nine no nobody
    none noone nor not nothing now nowhere of off often on once one only onto or other others otherwise our ours
    ourselves out over own part per perhaps please put quite rather re really regarding same say see seem seemed
    seeming seems serious several she should show side since six sixty so some somehow someone something
    sometime sometimes somewhere still such take ten than that the their them themselves then thence there
    thereafter thereby therefore therein thereupon these they third this those though three through throughout
    thru thus to together too top toward towards twelve twenty two under unless until up upon us used using
    various very via was we well were what whatever when whence whenever where whereafter whereas whereby
    wherein whereupon wherever whether which while whither who whoever whole whom whose why will with within
    without would yet you your yours yourself yourselves
    ill ll mr mrs ms dr st""".split())
# Section labels of news sites: a page's "World" or "Business" heading is no organisation.
SECTION_LABELS = frozenset("""world news business sport sports politics opinion opinions video videos live home
    markets market tech technology science health entertainment culture travel style lifestyle weather media
    analysis features latest trending podcasts podcast comment comments newsletter newsletters more""".split())


def is_junk_name(text: str) -> bool:
    """Not a name whatever its label: punctuation ("&", "("), one character ("X."), a stop word, a section label."""
    letters = [c for c in text if c.isalnum()]
    if len(letters) <= 1:
        return True
    word = re.sub(r"[^\w\s'-]", "", text).strip()
    if word.isupper() and len(word) >= 2:
        return False  # an acronym: "US" is not "us"
    return word.casefold() in STOP_WORDS or word.casefold() in SECTION_LABELS


# News outlets, agencies and aggregators the model often takes for places or people ("Bloomberg" a place,
# "Politico" a person). Media are organisations; a last word such as "News" or "Times" says so for the rest.
NEWS_OUTLETS = frozenset("""reuters bloomberg ap afp dpa xinhua tass interfax ria-novosti itar-tass kyodo yonhap
    ansa efe bbc cnn cnbc msnbc abc cbs nbc npr pbs itv al-jazeera politico axios breitbart buzzfeed huffpost
    newsweek forbes economist telegraph spectator mirror ft wsj nyt reddit twitter facebook youtube instagram
    tiktok whatsapp pressbee arcamax msn yahoo aol newsmax euronews france24 dw rt sputnik kyiv-independent
    ukrinform unian meduza kommersant izvestia vedomosti pravda""".split())
MEDIA_HEADS = frozenset("""news times post journal herald gazette tribune telegraph chronicle observer press
    television tv radio agency magazine daily weekly""".split())


def is_news_outlet(text: str) -> bool:
    """A news outlet, agency or aggregator by its name ("Bloomberg", "Politico") or its last word ("… News")."""
    words = re.sub(r"[^\w\s-]", "", strip_accents(text)).casefold().split()
    if not words:
        return False
    joined = "-".join(words)
    return joined in NEWS_OUTLETS or (len(words) == 1 and words[0] in NEWS_OUTLETS) or \
        (len(words) >= 2 and words[-1] in MEDIA_HEADS and words[0] not in MEDIA_HEADS)
