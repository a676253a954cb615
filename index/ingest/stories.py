"""Syndicated copies: the same story carried by several outlets or hosts, found by near-duplicate text.

Each article's text becomes hashed 5-word shingles and a 20-value MinHash signature; 10 bands of 2 values, each
mixed into one 64-bit number, are its lookup keys, so an article is compared only with the few that share a key
(any corpus size), and two are one story when at least half of the shorter text's shingles are in the other (a copy
trimmed, or carrying another site's furniture). A batch is hashed at once in numpy (words by a polynomial hash over
its UTF-8 bytes, MinHash over all its shingles in a few large arrays) and its keys are looked up and written in a few
statements: grouping costs about 1% of indexing with enrichment off, not a Python loop per word and a query per article.
"""
from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

SHINGLE_WORDS = 5
PERMUTATIONS = 20
# 10 bands of 2 rows: measured against every pair with containment >= SAME_STORY (exhaustive, by sparse shingle
# counts), 81 of 84 such pairs in BBC + peace-talks and 833 of 903 in Reuters C50 share a band, against 75 and 791
# with the 20 bands of 3 used before, at a third of the hashing and half the stored keys; unrelated pairs share one
# about once in 100,000 (each costs one exact comparison, never a wrong grouping).
BANDS = 10
MIN_SHINGLES = 20  # texts shorter than this (a headline, a one-line record) are never grouped
SAME_STORY = 0.5  # containment of the shorter text's shingles in the longer one's
HASH_CHUNK_CHARS = 1 << 20  # characters hashed in one go (more only for one longer text): bounded numpy arrays
MINHASH_CHUNK = 1 << 13  # shingles hashed together: a (PERMUTATIONS x chunk) table of 4 MB, kept in cache
_rng = np.random.default_rng(20260107)
_MASKS = _rng.integers(1, 2**63 - 1, size=PERMUTATIONS, dtype=np.uint64)
_MULTS = _rng.integers(1, 2**63 - 1, size=PERMUTATIONS, dtype=np.uint64) | np.uint64(1)
_SHINGLE_BASE = np.uint64(0x100000001B3)  # FNV prime: rolls five word hashes into one shingle hash
_BAND_SALT = np.arange(BANDS, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
_MIX = np.uint64(0xFF51AFD7ED558CCD)  # MurmurHash3's finaliser constant: spreads a band's three values over 64 bits

# Which UTF-8 bytes are inside words: ASCII letters, digits and "_", and every byte of a non-ASCII character except
# the Latin-1 symbols (U+0080-U+00BF: no-break space, «, », ·, ©) and general punctuation (U+2000-U+206F: curly
# quotes, dashes, …), so "don’t" and "don't", "«oui»" and "oui" hash alike.
_WORD_BYTE = np.zeros(256, dtype=bool)
_WORD_BYTE[[*range(48, 58), *range(65, 91), 95, *range(97, 123), *range(128, 256)]] = True


_LOW_BYTES = np.array([(1 << (8 * k)) - 1 for k in range(8)] + [(1 << 64) - 1], dtype=np.uint64)
_HEAD, _TAIL, _LENGTH = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F), np.uint64(0x165667B19E3779F9))


def _word_hashes(data: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(64-bit hash of each word, its first byte's offset) for a UTF-8 byte array. A word is hashed from its length
    and its first and last eight bytes (all of it up to 16 bytes): words are read in bulk, never one by one."""
    inside = _WORD_BYTE[data]
    lead = np.flatnonzero((data == 0xC2) | (data == 0xE2))  # Latin-1 symbols and general punctuation are not words
    lead = lead[lead + 2 < len(data)]
    two = lead[(data[lead] == 0xC2) & (data[lead + 1] < 0xC0)]
    three = lead[(data[lead] == 0xE2) & ((data[lead + 1] == 0x80) | (data[lead + 1] == 0x81))]
    for k, where in ((0, two), (1, two), (0, three), (1, three), (2, three)):
        inside[where + k] = False
    edges = np.flatnonzero(np.diff(np.concatenate(([False], inside, [False])).view(np.int8)))
    starts, ends = edges[::2], edges[1::2]
    windows = sliding_window_view(np.concatenate((data, np.zeros(8, dtype=np.uint8))), 8)
    length = ends - starts
    low = _LOW_BYTES[np.minimum(length, 8)]
    head = windows[starts].copy().view(np.uint64).ravel() & low
    tail = windows[np.maximum(ends - 8, starts)].copy().view(np.uint64).ravel() & low
    with np.errstate(over="ignore"):
        hashes = head * _HEAD ^ tail * _TAIL ^ length.astype(np.uint64) * _LENGTH
        hashes ^= hashes >> np.uint64(31)
    return hashes, starts


def _roll(words: np.ndarray) -> np.ndarray:
    """Every run of SHINGLE_WORDS word hashes rolled into one shingle hash (shingle i starts at word i)."""
    n = len(words) - SHINGLE_WORDS + 1
    if n <= 0:
        return np.empty(0, dtype=np.uint64)
    out = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(SHINGLE_WORDS):
            out *= _SHINGLE_BASE
            out += words[k:k + n]
    return out


def shingles_many(texts: list[str]) -> list[np.ndarray]:
    """Each text's 5-word shingles as 64-bit hashes (stable across runs: lookup keys are stored), texts hashed
    together up to HASH_CHUNK_CHARS at a time (memory stays bounded whatever the batch holds); repeats are kept
    (MinHash does not mind them; same_story removes them for the pairs it compares)."""
    out: list[np.ndarray] = []
    start = size = 0
    for end, text in enumerate(texts):
        if size and size + len(text) > HASH_CHUNK_CHARS:
            out += _shingles_together(texts[start:end])
            start, size = end, 0
        size += len(text) + 1
    return out + _shingles_together(texts[start:])


def _shingles_together(texts: list[str]) -> list[np.ndarray]:
    if not texts:
        return []
    joined = "\x00".join(texts).casefold()
    if not joined.strip("\x00"):
        return [np.empty(0, dtype=np.uint64) for _ in texts]
    if joined.count("\x00") != len(texts) - 1:  # a text holding NUL itself: hash texts one by one
        return [shingles(text) for text in texts] if len(texts) > 1 else [_roll(_word_hashes(_utf8(joined))[0])]
    data = _utf8(joined)
    words, offsets = _word_hashes(data)
    bounds = np.searchsorted(offsets, np.flatnonzero(data == 0))  # the first word of each text after the first
    rolled = _roll(words)
    out = []
    for first, end in zip([0, *bounds.tolist()], [*bounds.tolist(), len(words)]):
        out.append(rolled[first:max(first, end - SHINGLE_WORDS + 1)])
    return out


def _utf8(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-8", "surrogatepass"), dtype=np.uint8)


def shingles(text: str) -> np.ndarray:
    """One text's shingles (see shingles_many)."""
    return shingles_many([text])[0]


def _signatures(sets: list[np.ndarray]) -> np.ndarray:
    """MinHash signatures (PERMUTATIONS x len(sets)) of non-empty shingle arrays, many at once in large chunks."""
    out = np.empty((PERMUTATIONS, len(sets)), dtype=np.uint64)
    i = 0
    while i < len(sets):
        j, size = i, 0
        while j < len(sets) and (j == i or size + len(sets[j]) <= MINHASH_CHUNK):
            size += len(sets[j])
            j += 1
        chunk = np.concatenate(sets[i:j])
        starts = np.cumsum([0] + [len(s) for s in sets[i:j - 1]])
        with np.errstate(over="ignore"):
            table = chunk[None, :] ^ _MASKS[:, None]
            table *= _MULTS[:, None]
        out[:, i:j] = np.minimum.reduceat(table, starts, axis=1)
        i = j
    return out


def band_keys_many(shingle_sets: list[np.ndarray]) -> list[list[int]]:
    """Each article's lookup keys (signed 64-bit, for SQLite); none for a text too short to compare."""
    keyed = [i for i, s in enumerate(shingle_sets) if len(s) >= MIN_SHINGLES]
    out: list[list[int]] = [[] for _ in shingle_sets]
    if not keyed:
        return out
    signatures = _signatures([shingle_sets[i] for i in keyed])  # (PERMUTATIONS, articles)
    rows = signatures.reshape(BANDS, PERMUTATIONS // BANDS, len(keyed))
    with np.errstate(over="ignore"):
        key = np.repeat(_BAND_SALT[:, None], len(keyed), axis=1)
        for column in range(rows.shape[1]):  # each band's values mixed into one key, every band and article at once
            key = (key ^ rows[:, column, :]) * _MIX
            key ^= key >> np.uint64(29)
    for n, i in enumerate(keyed):
        out[i] = key[:, n].view(np.int64).tolist()
    return out


def band_keys(shingle_set: np.ndarray) -> list[int]:
    """One article's lookup keys (see band_keys_many)."""
    return band_keys_many([shingle_set])[0]


def same_story(a: np.ndarray, b: np.ndarray) -> bool:
    """Near-duplicates: most of the shorter text's shingles are in the longer (a copy trimmed or with page furniture)."""
    a, b = np.unique(a), np.unique(b)
    if min(len(a), len(b)) < MIN_SHINGLES:
        return False
    shared = len(np.intersect1d(a, b, assume_unique=True))
    return shared / min(len(a), len(b)) >= SAME_STORY


def group_new(store, articles) -> None:
    """Put each newly stored article in the story of the stored articles its text nearly duplicates.

    The batch is hashed at once; its keys are matched among themselves in memory and against the stored articles'
    keys in one lookup, then written in one statement. A stored candidate's text is read back and hashed only when
    a key is shared (a likely copy), so a batch of unrelated articles costs no per-article query."""
    articles = list(articles)
    own = dict(zip((a.id for a in articles), shingles_many([a.text for a in articles])))
    keys = dict(zip(own, band_keys_many(list(own.values()))))
    ids = [i for i, k in keys.items() for _ in k]
    flat = np.fromiter((k for ks in keys.values() for k in ks), dtype=np.int64, count=len(ids))
    with store.transaction():
        stored = store.story_key_matches(flat.tolist(), exclude=set(keys))  # key -> stored ids sharing it
        store.add_story_keys_many(keys)
        _, first, counts = np.unique(flat, return_inverse=True, return_counts=True)
        shared = np.flatnonzero((counts[first] > 1) | np.isin(flat, np.fromiter(stored, dtype=np.int64, count=len(stored))))
        by_key: dict[int, set[str]] = {}
        for n in shared.tolist():  # only keys two articles share: a handful, not every key of the batch
            by_key.setdefault(int(flat[n]), set()).add(ids[n])
        candidates: dict[str, set[str]] = {}
        for key, sharing in by_key.items():
            sharing |= stored.get(key, set())
            for article_id in sharing & own.keys():
                candidates.setdefault(article_id, set()).update(sharing - {article_id})
        earlier_ids = sorted({i for found in candidates.values() for i in found if i not in own})
        texts = store.texts(earlier_ids)
        earlier = dict(zip(earlier_ids, shingles_many([texts.get(i, "") for i in earlier_ids])))
        for article in articles:
            found = candidates.get(article.id)
            if not found:
                continue
            mine = own[article.id]
            matches = sorted(i for i in found if same_story(mine, own[i] if i in own else earlier[i]))
            if not matches:
                continue
            stories = store.stories([*matches, article.id])
            target = stories.get(article.id) or next((stories[i] for i in matches if stories.get(i)), min(matches))
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
