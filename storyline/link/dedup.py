"""Near-duplicates and wire copies: MinHash over word shingles, LSH for candidates.

A wire story reprinted by ten outlets is one report, not ten; the copy keeps its
own article (outlets differ in headline and trimming) but points at the
original through ``Article.duplicate_of`` so coverage figures count it once.

Signatures are kept as a ``uint64`` matrix in the link state; the LSH index is
rebuilt from it when a state is loaded (cheap: no hashing of text again).
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 64
SHINGLE = 5
# Estimated Jaccard over 5-word shingles at or above this is "the same text".
THRESHOLD = 0.8
# LSH bands × rows: a pair at Jaccard 0.8 becomes a candidate with p ≈ 0.95, at
# 0.4 with p ≈ 0.04; candidates are then checked on the full signature.
BANDS, ROWS = 10, 6
# Texts shorter than this many words are too short to call copies (captions, stubs).
MIN_WORDS = 25

_WORD = re.compile(r"\w+")


def shingles(text: str, k: int = SHINGLE) -> np.ndarray:
    words = _WORD.findall(text.lower())
    if len(words) < MIN_WORDS:
        return np.zeros(0, dtype=np.uint64)
    grams = {" ".join(words[i : i + k]) for i in range(len(words) - k + 1)}
    return np.fromiter((zlib.crc32(g.encode()) for g in grams), dtype=np.uint64, count=len(grams))


# Universal hashing a*h+b mod p with a, b < 2**31 and h < 2**32: no uint64 overflow.
_PRIME = np.uint64((1 << 32) + 15)
_rng = np.random.default_rng(1)
_A = _rng.integers(1, 1 << 31, size=NUM_PERM, dtype=np.uint64) | np.uint64(1)  # odd, as datasketch requires
_B = _rng.integers(0, 1 << 31, size=NUM_PERM, dtype=np.uint64)
# datasketch labels where hash values came from; ours are 32-bit like its default scheme
_SCHEME = "affine32"


def _minhash(sig: np.ndarray) -> MinHash:
    return MinHash(num_perm=NUM_PERM, hashvalues=sig, permutations=(_A, _B), scheme=_SCHEME)


def signature(text: str) -> np.ndarray | None:
    """MinHash signature (``NUM_PERM`` uint64), or ``None`` for texts too short to judge."""
    hashes = shingles(text)
    if not len(hashes):
        return None
    # every permutation over every shingle at once
    phv = ((np.outer(hashes, _A) + _B) % _PRIME) & np.uint64(0xFFFFFFFF)
    return phv.min(axis=0).astype(np.uint64)


@dataclass
class DuplicateIndex:
    """Signatures of every article seen, and an LSH index over them."""

    ids: list[str] = field(default_factory=list)
    signatures: np.ndarray = field(default_factory=lambda: np.zeros((0, NUM_PERM), dtype=np.uint64))
    _lsh: MinHashLSH | None = field(default=None, repr=False)
    _pending: list[np.ndarray] = field(default_factory=list, repr=False)

    def _index(self) -> MinHashLSH:
        if self._lsh is None:
            self._lsh = MinHashLSH(num_perm=NUM_PERM, params=(BANDS, ROWS))
            for key, sig in zip(self.ids, self._all_signatures()):
                self._lsh.insert(key, _minhash(sig), check_duplication=False)
        return self._lsh

    def _all_signatures(self) -> np.ndarray:
        if self._pending:
            self.signatures = np.vstack([self.signatures, *self._pending])
            self._pending = []
        return self.signatures

    def find(self, sig: np.ndarray) -> str | None:
        """The earliest indexed article this signature is a near-copy of, if any."""
        hits = self._index().query(_minhash(sig))
        best: tuple[int, str] | None = None
        for key in hits:
            row = self._row(key)
            jaccard = float(np.mean(self._signature_at(row) == sig))
            if jaccard >= THRESHOLD and (best is None or row < best[0]):
                best = (row, key)
        return best[1] if best else None

    def add(self, article_id: str, sig: np.ndarray) -> None:
        if article_id in self._rows():
            return
        self._index().insert(article_id, _minhash(sig), check_duplication=False)
        self._row_of[article_id] = len(self.ids)
        self.ids.append(article_id)
        self._pending.append(sig.reshape(1, -1))

    # row lookup, built lazily so a loaded state need not carry it
    _row_of: dict[str, int] = field(default_factory=dict, repr=False)

    def _rows(self) -> dict[str, int]:
        if len(self._row_of) != len(self.ids):
            self._row_of = {k: i for i, k in enumerate(self.ids)}
        return self._row_of

    def _row(self, key: str) -> int:
        return self._rows()[key]

    def _signature_at(self, row: int) -> np.ndarray:
        base = len(self.signatures)
        if row < base:
            return self.signatures[row]
        return self._pending[row - base][0]

    def to_plain(self) -> dict:
        return {"ids": list(self.ids), "signatures": self._all_signatures().copy()}

    @classmethod
    def from_plain(cls, data: dict) -> "DuplicateIndex":
        return cls(ids=list(data["ids"]), signatures=np.asarray(data["signatures"], dtype=np.uint64))
