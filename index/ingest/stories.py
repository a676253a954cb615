"""Syndicated copies: the same story carried by several outlets or hosts, found by near-duplicate text.

Each article's text becomes a set of hashed 5-word shingles (CRC-32 per word, rolled in numpy) and a 60-value
MinHash signature; 20 bands of 3 values are its lookup keys, so an article is compared only with the few that
share a key (any corpus size), and two are one story when at least half of the shorter text's shingles are in
the other (a copy trimmed, or carrying another site's furniture).
"""
from __future__ import annotations

import hashlib
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


def shingles(text: str) -> np.ndarray:
    """The text's distinct 5-word shingles as 64-bit hashes (stable across runs: lookup keys are stored)."""
    words = np.fromiter((zlib.crc32(w.encode()) for w in _WORD.findall(text.casefold())), dtype=np.uint64)
    n = len(words) - SHINGLE_WORDS + 1
    if n <= 0:
        return np.empty(0, dtype=np.uint64)
    out = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(SHINGLE_WORDS):
            out = out * _SHINGLE_BASE + words[k:k + n]
    return np.unique(out)


def band_keys(shingle_set: np.ndarray) -> list[int]:
    """The article's lookup keys (signed 64-bit, for SQLite); none for a text too short to compare."""
    if len(shingle_set) < MIN_SHINGLES:
        return []
    with np.errstate(over="ignore"):
        signature = ((shingle_set[None, :] ^ _MASKS[:, None]) * _MULTS[:, None]).min(axis=1)
    rows = PERMUTATIONS // BANDS
    keys = []
    for band in range(BANDS):
        digest = hashlib.blake2b(bytes([band]) + signature[band * rows:(band + 1) * rows].tobytes(), digest_size=8)
        keys.append(int.from_bytes(digest.digest(), "little", signed=True))
    return keys


def same_story(a: np.ndarray, b: np.ndarray) -> bool:
    """Near-duplicates: most of the shorter text's shingles are in the longer (a copy trimmed or with page furniture)."""
    if min(len(a), len(b)) < MIN_SHINGLES:
        return False
    shared = len(np.intersect1d(a, b, assume_unique=True))
    return shared / min(len(a), len(b)) >= SAME_STORY


def group_new(store, articles) -> None:
    """Put each newly stored article in the story of the stored articles its text nearly duplicates."""
    with store.transaction():
        for article in articles:
            own = shingles(article.text)
            keys = band_keys(own)
            store.add_story_keys(article.id, keys)
            if not keys:
                continue
            texts = store.texts(sorted(store.story_candidates(keys, exclude=article.id)))
            matches = sorted(i for i, text in texts.items() if same_story(own, shingles(text)))
            if not matches:
                continue
            stories = store.stories(matches)
            target = next((stories[i] for i in matches if stories.get(i)), matches[0])
            for old in {s for s in stories.values() if s and s != target}:
                store.set_story(old, target)  # this article joins two stories: they are one
            store.set_story([*matches, article.id], target)


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
