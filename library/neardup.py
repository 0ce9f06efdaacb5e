"""Banded MinHash over sentence-run chunks: the index behind cross-year NEAR_DUPLICATE_TEXT.

A stored passage is cut into consecutive runs of whole sentences of at least CHUNK_CHARS folded characters;
each run gets a MinHash signature of its 4-character shingles (punctuation and spaces removed), split
into BANDS bands of ROWS rows, and each band's hash is a bucket row in SQLite. A query text is cut into
runs starting at *every* sentence, so a copied stretch of sentences produces a run identical to a stored
one whatever surrounds it; candidates share a bucket and are then verified sentence by sentence
(text.best_copied_run). With 16 bands of 2 rows, two runs of Jaccard 0.6 meet with probability 0.9995,
runs of Jaccard 0.1 with 0.15 (a candidate only costs a check); a copied passage of min_chars = 80 has
two or more chunks, each a chance to meet.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np

from library.text import sentences

CHUNK_CHARS = 80  # folded characters per chunk, whatever min_chars the caller verifies with
SHINGLE = 4
BANDS, ROWS = 16, 2
_PRIME = np.uint64((1 << 31) - 1)  # Mersenne: a * x + b stays below 2^63
_rng = np.random.default_rng(20231)
_A = _rng.integers(1, (1 << 31) - 1, size=BANDS * ROWS, dtype=np.uint64)
_B = _rng.integers(0, (1 << 31) - 1, size=BANDS * ROWS, dtype=np.uint64)
_BAND_SALT = (np.arange(1, BANDS + 1, dtype=np.uint64) * np.uint64(0xC2B2AE3D27D4EB4F))
_NOISE = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Text -> NFKC, lower case, without spaces and punctuation (OCR and typography differences vanish)."""
    return _NOISE.sub("", unicodedata.normalize("NFKC", text or "").lower())


def _rolling(folded: str) -> np.ndarray:
    """Folded text -> the hash of the SHINGLE-character shingle starting at each position (64-bit wrap)."""
    codes = np.frombuffer(folded.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(codes) < SHINGLE:
        codes = np.pad(codes, (0, SHINGLE - len(codes)))
    n = len(codes) - SHINGLE + 1
    h = np.zeros(n, dtype=np.uint64)
    for k in range(SHINGLE):
        h = h * np.uint64(1_000_003) + codes[k : k + n]
    return h % _PRIME


def _shingle_hashes(text: str) -> np.ndarray:
    """Text -> hashes of its distinct shingles."""
    return np.unique(_rolling(fold(text)))


def _band_keys(sig: np.ndarray) -> np.ndarray:
    """MinHash signatures (BANDS * ROWS, n) -> bucket ids (BANDS, n): each band's ROWS minima packed into one
    integer, mixed with the band number by a multiplicative hash, as non-negative 63-bit integers."""
    sig = sig.reshape(BANDS, ROWS, -1)
    key = np.zeros(sig.shape[::2], dtype=np.uint64)
    for r in range(ROWS):
        key = (key << np.uint64(31)) ^ sig[:, r]  # ROWS = 2: 62 bits, exact
    mixed = key * np.uint64(0x9E3779B97F4A7C15) + _BAND_SALT[:, None]  # wraps modulo 2^64 (arrays do not raise)
    return mixed >> np.uint64(1)


def _bands(x: np.ndarray) -> list[int]:
    """Distinct shingle hashes of one text -> its BANDS bucket ids."""
    sig = ((np.outer(_A, x) + _B[:, None]) % _PRIME).min(axis=1)
    return _band_keys(sig[:, None])[:, 0].tolist()


def _chunk_spans(folded_parts: list[str], min_chars: int) -> list[tuple[int, int]]:
    """Folded sentences of a passage -> (start, end) in their concatenation of each stored chunk."""
    spans: list[tuple[int, int]] = []
    start = pos = 0
    for part in folded_parts:
        pos += len(part)
        if pos - start >= min_chars:
            spans.append((start, pos))
            start = pos
    if pos > start:
        if spans:
            spans[-1] = (spans[-1][0], pos)
        elif pos >= min_chars // 2:
            spans.append((0, pos))
    return spans


def passage_buckets(text: str, min_chars: int = CHUNK_CHARS) -> set[int]:
    """Stored passage -> the buckets of all its chunks (the same chunks as stored_chunks), hashing the
    folded passage once."""
    folded_parts = [fold(s) for s in sentences(text)]
    spans = _chunk_spans(folded_parts, min_chars)
    if not spans:
        return set()
    h = _rolling("".join(folded_parts))
    out: set[int] = set()
    for a, b in spans:
        out.update(_bands(np.unique(h[a : max(a + 1, b - SHINGLE + 1)])))
    return out


_BLOCK = 1 << 14  # shingle positions per signature block: 32 x 16,384 x 8 bytes = 4 MB of temporaries


def passage_buckets_many(texts: list[str], min_chars: int = CHUNK_CHARS) -> list[set[int]]:
    """Stored passages -> the buckets of each (exactly passage_buckets of each), computed for all at once.

    The passages' folded texts are hashed as one string and every chunk's MinHash minima are taken by one
    `minimum.reduceat` per block of chunks, instead of a dozen small numpy calls per chunk: ingest calls
    this once per batch. A chunk's shingles lie inside its passage, so joining the passages changes no hash;
    a passage with a chunk shorter than a shingle (tiny min_chars) is left to passage_buckets.
    """
    out: list[set[int]] = [set() for _ in texts]
    joined: list[str] = []
    ranges: list[tuple[int, int, int]] = []  # (first shingle, end, passage) in the joined text
    offset = 0
    for k, text in enumerate(texts):
        parts = [fold(s) for s in sentences(text)]
        spans = _chunk_spans(parts, min_chars)
        if any(b - a < SHINGLE for a, b in spans):
            out[k] = passage_buckets(text, min_chars)
            continue
        folded = "".join(parts)
        ranges += [(offset + a, offset + b - SHINGLE + 1, k) for a, b in spans]
        joined.append(folded)
        offset += len(folded)
    if not ranges:
        return out
    h = _rolling("".join(joined))
    i = 0
    while i < len(ranges):
        j, first = i + 1, ranges[i][0]
        while j < len(ranges) and ranges[j][1] - first <= _BLOCK:
            j += 1
        block = ranges[i:j]
        last = block[-1][1]
        v = np.multiply.outer(_A, h[first:last])
        v += _B[:, None]
        np.remainder(v, _PRIME, out=v)  # in place: a third of the time of (outer + B) % P with its temporaries
        bounds = np.asarray([x for a, b, _ in block for x in (a - first, b - first)][:-1], dtype=np.intp)
        sig = np.minimum.reduceat(v, bounds, axis=1)[:, ::2]  # odd slots: the gaps between chunks
        for (_, _, k), keys in zip(block, _band_keys(sig).T.tolist(), strict=True):
            out[k].update(keys)
        i = j
    return out


def buckets(text: str) -> list[int]:
    """Text -> its BANDS bucket ids: each band's ROWS minima packed into one integer, mixed with the band
    number by a multiplicative hash, as non-negative 63-bit integers for SQLite."""
    return _bands(_shingle_hashes(text))


def stored_chunks(text: str, min_chars: int = CHUNK_CHARS) -> list[str]:
    """Stored passage -> consecutive runs of whole sentences, each at least min_chars long."""
    out: list[str] = []
    current = ""
    for sentence in sentences(text):
        current += sentence
        if len(fold(current)) >= min_chars:
            out.append(current)
            current = ""
    if current and out:
        out[-1] += current
    elif current and len(fold(current)) >= min_chars // 2:
        out.append(current)
    return out


def query_chunks(text: str, min_chars: int = CHUNK_CHARS) -> list[str]:
    """Query text -> runs of whole sentences of at least min_chars, one starting at every sentence."""
    parts = sentences(text)
    out = []
    for start in range(len(parts)):
        current = ""
        for sentence in parts[start:]:
            current += sentence
            if len(fold(current)) >= min_chars:
                out.append(current)
                break
        else:
            if start == 0 and len(fold(current)) >= min_chars // 2:
                out.append(current)
    return list(dict.fromkeys(out))
