"""Bytes → text: BOMs, UTF-16, UTF-8 and the Latin-1/CP1252 that older scrapes use."""
from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


class Undecodable(ValueError):
    """The bytes are binary or in no encoding we can identify."""


def looks_binary(data: bytes) -> bool:
    """NUL bytes outside UTF-16/32 text, or a high share of control bytes, mean a binary file."""
    sample = data[:8192]
    if not sample:
        return False
    if any(sample.startswith(bom) for bom, _ in _BOMS):
        return False
    if b"\x00" in sample:
        if sample.count(0) > 0.6 * len(sample):  # UTF-16 of any script is at most about half NULs
            return True
        # UTF-16 without a BOM has NULs at every other byte; anything else with NULs is binary.
        even, odd = sample[0::2], sample[1::2]
        if even.count(0) > 0.4 * len(even) or odd.count(0) > 0.4 * len(odd):
            return False
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > 0.05 * len(sample)


def decode_bytes(data: bytes) -> str:
    """Decode article bytes; raise Undecodable for binary data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace").lstrip("\ufeff")
    if looks_binary(data):
        raise Undecodable("binary file (not text)")
    if b"\x00" in data[:8192]:
        even_nuls = data[0:8192:2].count(0)
        return data.decode("utf-16-be" if even_nuls > data[1:8192:2].count(0) else "utf-16-le", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return decode_single_byte(data)


def _western(data: bytes) -> str:
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:  # CP1252 leaves five bytes undefined; Latin-1 maps every byte, so it never fails
        return data.decode("latin-1")


def _misfit(text: str) -> int:
    """Characters a wrong code page leaves inside words: symbols or controls glued between letters (W³aœciciele)."""
    bad = 0
    for i in range(1, len(text) - 1):
        ch = text[i]
        if ord(ch) > 127 and not ch.isalpha() and text[i - 1].isalpha() and text[i + 1].isalpha():
            bad += 1
    return bad + sum(1 for ch in text if "\x80" <= ch <= "\x9f")


def _foreign_script(text: str) -> bool:
    """Most letters outside ASCII: Cyrillic, Greek, Hebrew… bytes read as Western accents, not a Latin-script text."""
    letters = [ch for ch in text[:20_000] if ch.isalpha()]
    return bool(letters) and sum(1 for ch in letters if ord(ch) > 127) > 0.3 * len(letters)


def decode_single_byte(data: bytes) -> str:
    """Legacy 8-bit text: CP1252/Latin-1 (the Western scrapes most such files are) unless the bytes are clearly not.

    Many byte strings are valid in several code pages and detectors pick a Central-European one for
    "Liège" (→ "Ličge"); so the Western reading wins unless it leaves symbols inside words or is mostly
    accented letters, and only then is the detector's guess used, if it reads better.
    """
    western = _western(data)
    misfit = _misfit(western[:200_000])
    if misfit == 0 and not _foreign_script(western):
        return western
    best = from_bytes(data[:200_000]).best()
    guess = best.encoding if best is not None and best.encoding not in ("ascii", "utf_8") else None
    if _foreign_script(western):
        return _decode_as(data, guess) if guess else western
    # Latin script with symbols inside words: a Central-European page or the detector's guess, whichever fits best.
    readings = [western] + [text for enc in (*LATIN_ALTERNATIVES, guess) if enc and (text := _decode_as(data, enc))]
    return min(readings, key=lambda text: _misfit(text[:200_000]))


LATIN_ALTERNATIVES = ("cp1250", "iso8859_2")  # the other common Latin-script 8-bit pages (Polish, Czech, Hungarian…)


def _decode_as(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return ""
