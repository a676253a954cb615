"""Syndicated copies: the same story carried by several outlets or hosts, found by near-duplicate text.

Each article's text becomes a set of hashed 5-word shingles (CRC-32 per word, rolled in numpy) and a 60-value
MinHash signature; 20 bands of 3 values, each mixed into one 64-bit number, are its lookup keys, so an article is compared only with the few that
share a key (any corpus size), and two are one story when at least half of the shorter text's shingles are in
the other (a copy trimmed, or carrying another site's furniture).
"""
from __future__ import annotations

import re
import zlib

import numpy as np

SHINGLE_WORDS = 5
PERMUTATIONS = 60
BANDS = 20  # of 3 rows each: pairs above about 0.35 Jaccard very likely share a band, unrelated ones almost never
MIN_SHINGLES = 20  # texts shorter than this (a headline, a one-line record) are never grouped
SAME_STORY = 0.5  # containment of the shorter text's shingles in the longer one's
_WORD = re.compile(r"\w+")
_rng = np.random.default_rng(20260107)
_MASKS = _rng.integers(1, 2**63 - 1, size=PERMUTATIONS, dtype=np.uint64)
_MULTS = _rng.integers(1, 2**63 - 1, size=PERMUTATIONS, dtype=np.uint64) | np.uint64(1)


_SHINGLE_BASE = np.uint64(0x100000001B3)  # FNV prime: rolls five word hashes into one shingle hash


_BAND_SALT = np.arange(BANDS, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
_MIX = np.uint64(0xFF51AFD7ED558CCD)  # MurmurHash3's finaliser constant: spreads a band's three values over 64 bits


def shingles(text: str) -> np.ndarray:
    """The text's 5-word shingles as 64-bit hashes (stable across runs: lookup keys are stored); repeats are kept
    (MinHash does not mind them; same_story removes them for the few pairs it compares)."""
    words = _WORD.findall(text.casefold())
    n = len(words) - SHINGLE_WORDS + 1
    if n <= 0:
        return np.empty(0, dtype=np.uint64)
    # one encode for the whole text, then CRC-32 per word in C: a third cheaper than encoding word by word
    hashes = np.fromiter(map(zlib.crc32, "\x00".join(words).encode("utf-8", "surrogatepass").split(b"\x00")),
                         dtype=np.uint64, count=len(words))
    out = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(SHINGLE_WORDS):
            out *= _SHINGLE_BASE
            out += hashes[k:k + n]
    return out


def band_keys(shingle_set: np.ndarray) -> list[int]:
    """The article's lookup keys (signed 64-bit, for SQLite); none for a text too short to compare."""
    if len(shingle_set) < MIN_SHINGLES:
        return []
    with np.errstate(over="ignore"):
        table = shingle_set[None, :] ^ _MASKS[:, None]
        table *= _MULTS[:, None]
        signature = table.min(axis=1)
        rows = signature.reshape(BANDS, PERMUTATIONS // BANDS)
        key = _BAND_SALT.copy()
        for column in range(rows.shape[1]):  # each band's values mixed into one key, all bands at once
            key = (key ^ rows[:, column]) * _MIX
            key ^= key >> np.uint64(29)
    return key.view(np.int64).tolist()


def same_story(a: np.ndarray, b: np.ndarray) -> bool:
    """Near-duplicates: most of the shorter text's shingles are in the longer (a copy trimmed or with page furniture)."""
    a, b = np.unique(a), np.unique(b)
    if min(len(a), len(b)) < MIN_SHINGLES:
        return False
    shared = len(np.intersect1d(a, b, assume_unique=True))
    return shared / min(len(a), len(b)) >= SAME_STORY


def group_new(store, articles) -> None:
    """Put each newly stored article in the story of the stored articles its text nearly duplicates.

    The batch's keys are written first, so articles of one batch find each other too; a candidate's shingles come
    from the batch when it is in it, and its text is read back only when it was stored before."""
    batch = {article.id: shingles(article.text) for article in articles}
    keyed = [(article.id, band_keys(batch[article.id])) for article in articles]
    with store.transaction():
        for article_id, keys in keyed:
            store.add_story_keys(article_id, keys)
        for article_id, keys in keyed:
            if not keys:
                continue
            candidates = sorted(store.story_candidates(keys, exclude=article_id))
            if not candidates:
                continue
            own = batch[article_id]
            earlier = store.texts([i for i in candidates if i not in batch])
            matches = sorted(i for i in candidates
                             if same_story(own, batch[i] if i in batch else shingles(earlier.get(i, ""))))
            if not matches:
                continue
            stories = store.stories([*matches, article_id])
            target = stories.get(article_id) or next((stories[i] for i in matches if stories.get(i)), min(matches))
            for old in {s for s in stories.values() if s and s != target}:
                store.set_story(old, target)  # this article joins two stories: they are one
            store.set_story([*matches, article_id], target)


def _original_rank(member: tuple) -> tuple:
    from .outlets import by_name

    _id, _title, source, _host, date, rowid = member
    listed = by_name(source) if source else None
    return (not (listed and listed.wire), date is None, date or "", rowid)


def original_outlet(members: list[tuple]) -> str | None:
    """The outlet a story counts for: a wire service's copy if there is one, else the earliest, else the first indexed."""
    return min(members, key=_original_rank)[2] if members else None


def copies(store, article) -> list[dict]:
    """The other copies of an article's story, original first: what "also in: …" lists."""
    if not article.story:
        return []
    members = sorted(store.story_members(article.story), key=_original_rank)
    return [{"id": m[0], "title": m[1], "source": m[2], "host": m[3], "date": m[4]} for m in members if m[0] != article.id]
