"""Near-duplicate articles (wire copies, light rewrites) by bottom-k MinHash.

One 64-bit hash per word 5-gram, keeping the k smallest, estimates the
Jaccard similarity of two articles' 5-gram sets (Broder's bottom-k sketch)
with one hash call per shingle instead of one per shingle and permutation.
Candidates are found through the few smallest hashes, which similar
articles share with high probability, so a new article is compared with a
handful of stored ones rather than all of them.
"""

from __future__ import annotations

import hashlib
import re
import struct

SHINGLE = 5
K = 64
PROBES = 12  # smallest hashes used to find candidates
THRESHOLD = 0.5
_WORD = re.compile(r"\w+")


def shingles(text: str, n: int = SHINGLE) -> set[str]:
    words = _WORD.findall(text.lower())
    if len(words) < n:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}


def sketch(text: str, k: int = K) -> list[int]:
    """The k smallest 64-bit hashes of the text's word 5-grams, ascending."""
    hashes = {
        int.from_bytes(hashlib.blake2b(s.encode("utf-8"), digest_size=8).digest(), "big")
        for s in shingles(text)
    }
    return sorted(hashes)[:k]


def similarity(a: list[int], b: list[int], k: int = K) -> float:
    """Estimated Jaccard similarity of two bottom-k sketches."""
    if not a or not b:
        return 0.0
    union = sorted(set(a) | set(b))[:k]
    both = set(a) & set(b)
    return sum(1 for h in union if h in both) / len(union)


def pack(values: list[int]) -> bytes:
    return struct.pack(f">{len(values)}Q", *values)


def unpack(blob: bytes) -> list[int]:
    return list(struct.unpack(f">{len(blob) // 8}Q", blob))


def probes(values: list[int]) -> list[str]:
    """Bucket keys (hex, since SQLite integers are signed) for candidate look-up."""
    return [f"{h:016x}" for h in values[:PROBES]]
