"""Whoosh's codec with posting blocks that decode as arrays instead of pickles.

Whoosh 3's codec writes each block of up to 128 postings as a zlib-compressed pickle of Python tuples (docnum
deltas, weights, one pickled position list per posting). Unpickling that is most of the time a query spends
reading postings: ~1 µs a posting. Here a block is typed arrays instead: docnum deltas and weights in the
narrowest integer type that holds them (read with `array`/`numpy.frombuffer`, no per-posting Python object for
the executor), and positions as two arrays (per-posting counts, position deltas) in their own zlib section that
only phrase queries open. The block framing (length, pickled block-info tuple for skipping and block quality),
term infos, lengths, stored fields and every other file are Whoosh 3's own, and `NXLeafMatcher` gives Whoosh's
matchers the same ids, weights and encoded values as before, so every Whoosh query, highlighter and merge keeps
working. Vector postings (not used by this schema) stay in Whoosh's format.

The codec object is pickled into each segment, so this module and its class names must stay importable here.
Segments written by the plain Whoosh codec (older indexes) remain readable; a merge rewrites them in this format.
"""
from __future__ import annotations

import struct
import zlib
from array import array
from itertools import accumulate

import numpy as np
from whoosh import formats
from whoosh.codec.whoosh3 import W3Codec, W3LeafMatcher, W3PostingsWriter
from whoosh.matching import ListMatcher
from whoosh.system import IS_LITTLE

MAGIC = b"NXb1"
# first docnum, count; typecodes of the docnum deltas and the weights; what the values are; section sizes
_HEAD = struct.Struct("<IIccBxIII")
WEIGHTS_ALL_ONE, WEIGHTS_SAME = b"1", b"="
VALUES_NONE, VALUES_POSITIONS, VALUES_BYTES = 0, 1, 2
_NP = {b"B": np.uint8, b"H": np.uint16, b"I": np.uint32, b"f": np.float32}


def _narrowest(numbers) -> bytes:
    top = max(numbers, default=0)
    return b"B" if top < 2**8 else b"H" if top < 2**16 else b"I"


def _pack(typecode: bytes, numbers) -> bytes:
    arr = array(typecode.decode(), numbers)
    if not IS_LITTLE:
        arr.byteswap()
    return arr.tobytes()


def _unpack(typecode: bytes, raw: bytes) -> array:
    arr = array(typecode.decode())
    arr.frombytes(raw)
    if not IS_LITTLE:
        arr.byteswap()
    return arr


def _np(typecode: bytes, raw: bytes) -> np.ndarray:
    return np.frombuffer(raw, dtype=np.dtype(_NP[typecode]).newbyteorder("<"))


class NXCodec(W3Codec):
    """W3Codec with array-coded posting blocks (see the module doc).

    Blocks hold up to 1,024 postings (Whoosh: 128): the executor reads whole lists, and per-block overhead was
    most of its reading time (search_bench p95: 0.66x FTS5's with 128, 0.48x with 1,024, 0.47x with 2,048).
    Whoosh's own block skipping gets coarser, but Whoosh's collector only runs for queries the executor cannot.
    """

    def __init__(self, blocklimit=1024, compression=3, inlinelimit=1):
        super().__init__(blocklimit=blocklimit, compression=compression, inlinelimit=inlinelimit)

    def postings_writer(self, dbfile, byteids=False):
        if byteids:  # term vectors: Whoosh's own blocks
            return W3Codec.postings_writer(self, dbfile, byteids=True)
        return NXPostingsWriter(dbfile, blocklimit=self._blocklimit, compression=self._compression,
                                inlinelimit=self._inlinelimit)

    def postings_reader(self, dbfile, terminfo, format_, term=None, scorer=None):
        if terminfo.is_inlined():
            ids, weights, values = terminfo.inlined_postings()
            return ListMatcher(ids, weights, values, format_, scorer=scorer, term=term, terminfo=terminfo)
        offset, length = terminfo.extent()
        dbfile.seek(offset)
        if dbfile.read(4) == MAGIC:
            return NXLeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)
        return W3LeafMatcher(dbfile, offset, length, format_, term=term, scorer=scorer)


class NXPostingsWriter(W3PostingsWriter):
    def _write_block(self, last=False):
        if not self._blockcount:
            self._postfile.write(MAGIC)
        self._terminfo.add_block(self)
        ids = self._ids
        n = len(ids)
        deltas = [b - a for a, b in zip(ids, ids[1:])]
        idcode = _narrowest(deltas)
        weights = self._weights
        if all(w == 1.0 for w in weights):
            wcode, wbytes = WEIGHTS_ALL_ONE, b""
        elif all(w == weights[0] for w in weights):
            wcode, wbytes = WEIGHTS_SAME, struct.pack("<f", weights[0])
        elif all(w == int(w) and w >= 0 for w in weights):
            wcode = _narrowest(int(w) for w in weights)
            wbytes = _pack(wcode, (int(w) for w in weights))
        else:
            wcode, wbytes = b"f", _pack(b"f", weights)
        vkind, vbytes = self._values_section(n)
        head = _HEAD.pack(ids[0], n, idcode, wcode, vkind, len(deltas) * array(idcode.decode()).itemsize,
                          len(wbytes), len(vbytes))
        data = head + _pack(idcode, deltas) + wbytes + vbytes
        info = self._block_info()
        postfile = self._postfile
        blocklength = len(info) + len(data)
        postfile.write_int(-blocklength if last else blocklength)
        postfile.write(info)
        postfile.write(data)
        self._blockcount += 1
        self._new_block()

    def _block_info(self) -> bytes:
        """The same skip/quality tuple Whoosh 3 writes before a block (its reader's _goto() reads it)."""
        from whoosh.compat import dumps
        from whoosh.util.numeric import length_to_byte

        return dumps((len(self._ids), self._ids[-1], self._maxweight, 0, length_to_byte(self._minlength),
                      length_to_byte(self._maxlength)), 2)

    def _values_section(self, n: int) -> tuple[int, bytes]:
        values = self._values
        if not values:
            return VALUES_NONE, b""
        level = self._compression or 3
        if type(self._format) is formats.Positions and len(values) == n:
            counts, deltas = [], []
            for v in values:
                positions = self._format.decode_positions(v)
                counts.append(len(positions))
                deltas.extend(b - a for a, b in zip([0] + positions, positions))
            ccode, dcode = _narrowest(counts), _narrowest(deltas)
            body = ccode + dcode + _pack(ccode, counts) + _pack(dcode, deltas)
            return VALUES_POSITIONS, zlib.compress(body, level)
        lengths = [len(v) for v in values]
        body = struct.pack("<I", len(values)) + _pack(b"I", lengths) + b"".join(values)
        return VALUES_BYTES, zlib.compress(body, level)


class NXLeafMatcher(W3LeafMatcher):
    """Whoosh's block matcher over NX blocks: same ids, weights and (re-encoded) values as W3 blocks give."""

    def _read_header(self):
        self._postfile.seek(self._startoffset)
        if self._postfile.read(4) != MAGIC:
            raise Exception("Block tag error")
        self._baseoffset = self._postfile.tell()

    def _read_data(self):
        raw = self._postfile.get(self._dataoffset, self._nextoffset - self._dataoffset)
        first, n, idcode, wcode, vkind, idlen, wlen, vlen = _HEAD.unpack_from(raw)
        at = _HEAD.size
        self._data = (first, n, idcode, raw[at:at + idlen], wcode, raw[at + idlen:at + idlen + wlen], vkind,
                      raw[at + idlen + wlen:at + idlen + wlen + vlen])

    def _read_ids(self):
        if self._data is None:
            self._read_data()
        first, _, idcode, deltas = self._data[:4]
        self._ids = tuple(accumulate(_unpack(idcode, deltas), initial=first))

    def _read_weights(self):
        if self._data is None:
            self._read_data()
        n, wcode, wbytes = self._data[1], self._data[4], self._data[5]
        if wcode == WEIGHTS_ALL_ONE:
            self._weights = array("f", [1.0]) * n
        elif wcode == WEIGHTS_SAME:
            self._weights = array("f", struct.unpack("<f", wbytes)) * n
        else:
            self._weights = array("f", _unpack(wcode, wbytes))

    def _read_values(self):
        if self._data is None:
            self._read_data()
        n, vkind, vbytes = self._data[1], self._data[6], self._data[7]
        fixedsize = self._fixedsize
        if vkind == VALUES_NONE:
            self._values = (None,) * n if fixedsize == 0 else ()
        elif vkind == VALUES_POSITIONS:
            counts, positions = positions_section(vbytes, n)
            encode = self.format.encode
            ends = list(accumulate(counts.tolist()))
            plist = positions.tolist()
            self._values = tuple(encode(plist[e - c:e]) for c, e in zip(counts.tolist(), ends))
        else:
            body = zlib.decompress(vbytes)
            (count,) = struct.unpack_from("<I", body)
            lengths = _unpack(b"I", body[4:4 + 4 * count])
            out, at = [], 4 + 4 * count
            for length in lengths:
                out.append(body[at:at + length])
                at += length
            self._values = tuple(out)

    # --- whole posting lists at once, for the executor -----------------------------------------------
    def read_arrays(self, positions: bool = False):
        """(docnums int64, weights float64, (docnum of each position, position) or None): the whole list."""
        id_parts, w_parts, pos_parts = [], [], []
        while True:
            self._read_data()
            first, n, idcode, deltas, wcode, wbytes, vkind, vbytes = self._data
            ids = np.empty(n, dtype=np.int64)
            ids[0] = first
            ids[1:] = _np(idcode, deltas)
            id_parts.append(np.cumsum(ids))
            if wcode == WEIGHTS_ALL_ONE:
                w_parts.append(np.ones(n))
            elif wcode == WEIGHTS_SAME:
                w_parts.append(np.full(n, struct.unpack("<f", wbytes)[0]))
            else:
                w_parts.append(_np(wcode, wbytes).astype(np.float64))
            if positions:
                if vkind != VALUES_POSITIONS:
                    raise ValueError("no positions in this posting list")
                pos_parts.append(positions_section(vbytes, n))
            if self._lastblock:
                break
            self._goto(self._nextoffset)
        ids = np.concatenate(id_parts) if len(id_parts) > 1 else id_parts[0]
        weights = np.concatenate(w_parts) if len(w_parts) > 1 else w_parts[0]
        if not positions:
            return ids, weights, None
        counts = np.concatenate([c for c, _ in pos_parts])
        pos = np.concatenate([p for _, p in pos_parts])
        return ids, weights, (np.repeat(ids, counts), pos)


def restart_sums(values: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Running sums of `values` that start again at the start of each run of `lengths` values."""
    sums = np.cumsum(values)
    if not len(sums):
        return sums
    starts = np.cumsum(lengths) - lengths
    before = np.where(starts > 0, sums[np.maximum(starts - 1, 0)], 0)
    return sums - np.repeat(before, lengths)


def positions_section(vbytes: bytes, n: int) -> tuple[np.ndarray, np.ndarray]:
    """(count per posting, absolute positions posting after posting) from a block's positions section."""
    body = zlib.decompress(vbytes)
    ccode, dcode = body[:1], body[1:2]
    csize = np.dtype(_NP[ccode]).itemsize
    counts = _np(ccode, body[2:2 + n * csize]).astype(np.int64)
    deltas = _np(dcode, body[2 + n * csize:]).astype(np.int64)
    return counts, restart_sums(deltas, counts)
