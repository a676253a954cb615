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
    best = from_bytes(data[:200_000]).best()
    encoding = best.encoding if best is not None else "cp1252"
    if encoding in ("ascii", "utf_8"):
        encoding = "cp1252"
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        # CP1252 leaves five bytes undefined; Latin-1 maps every byte, so it never fails.
        return data.decode("latin-1")
