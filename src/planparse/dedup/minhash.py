"""MinHash signatures and LSH banding in numpy, for near-duplicate candidates.

Hand-written instead of datasketch because the whole corpus is hashed in vectorised passes (one
array of shingle hashes, one multiply-shift per permutation, one ``minimum.reduceat``), where
datasketch hashes every shingle with SHA-1 and builds one MinHash object per paragraph; see
benchmarks/bench_dedup.py for the measured difference.
"""

from __future__ import annotations

import numpy as np

_U64 = np.uint64
_GOLDEN = _U64(0x9E3779B97F4A7C15)


def _mix64(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads packed code points over all 64 bits."""
    x = x ^ (x >> _U64(30))
    x = x * _U64(0xBF58476D1CE4E5B9)
    x = x ^ (x >> _U64(27))
    x = x * _U64(0x94D049BB133111EB)
    return x ^ (x >> _U64(31))


def shingle_hashes(forms: list[str], k: int) -> tuple[np.ndarray, np.ndarray]:
    """64-bit hashes of every k-character shingle, and where each form's shingles start.

    Every form must be at least k characters long. Code points fit in 21 bits, so up to three
    characters pack into one integer exactly before mixing.
    """
    if not 1 <= k <= 3:
        raise ValueError("shingle length must be 1, 2 or 3")
    lengths = np.fromiter((len(f) for f in forms), dtype=np.int64, count=len(forms))
    if lengths.size and lengths.min() < k:
        raise ValueError(f"every form must have at least {k} characters")
    code_points = np.frombuffer("".join(forms).encode("utf-32-le"), dtype=np.uint32).astype(_U64)
    text_starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    counts = lengths - (k - 1)
    shingle_starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    # position of each shingle's first character in code_points
    positions = np.arange(int(counts.sum()), dtype=np.int64) + np.repeat(text_starts - shingle_starts, counts)
    packed = code_points[positions]
    for offset in range(1, k):
        packed = packed | (code_points[positions + offset] << _U64(21 * offset))
    return _mix64(packed), shingle_starts


class MinHasher:
    """Signatures of ``num_perm`` permutations over k-character shingles.

    Each permutation is x -> a*x + b mod 2**32 (a odd: a bijection) applied to 32 bits of the mixed
    shingle hash. 32-bit lanes and chunks of ~1,000 paragraphs keep every pass inside the CPU cache:
    5x faster than 64-bit multiply-shift over 20,000-paragraph chunks, with the same recall on the
    benchmark corpus.
    """

    def __init__(self, num_perm: int = 240, shingle: int = 2, seed: int = 20240501):
        rng = np.random.default_rng(seed)
        self.num_perm = num_perm
        self.shingle = shingle
        self._a = rng.integers(1, 2**32, size=num_perm, dtype=np.uint64).astype(np.uint32) | np.uint32(1)
        self._b = rng.integers(0, 2**32, size=num_perm, dtype=np.uint64).astype(np.uint32)

    def signatures(self, forms: list[str], chunk: int = 1000) -> np.ndarray:
        """An (n, num_perm) uint32 matrix."""
        out = np.empty((len(forms), self.num_perm), dtype=np.uint32)
        for lo, block in self._blocks(forms, chunk):
            out[lo : lo + len(block)] = block
        return out

    def index(self, forms: list[str], bands: int, rows: int, head: int = 96, chunk: int = 1000):
        """What candidate search needs, without the (n, num_perm) matrix: a (bands, n) uint32 key per
        band and row, and the first ``head`` signature values of each row cut to 8 bits for Jaccard
        estimates (b-bit MinHash: two different values agree by chance once in 256, which adds at most
        0.004 to an estimate). At 1M paragraphs: 240 MB of keys and 96 MB of head instead of 960 MB of
        signatures, and the estimates, which gather head rows at random, read a quarter of the bytes."""
        if bands * rows > self.num_perm or head > self.num_perm:
            raise ValueError("bands * rows and head must fit in the signature length")
        keys = np.empty((bands, len(forms)), dtype=np.uint32)
        heads = np.empty((len(forms), head), dtype=np.uint8)
        for lo, block in self._blocks(forms, chunk):
            heads[lo : lo + len(block)] = block[:, :head].astype(np.uint8)  # the low 8 bits
            keys[:, lo : lo + len(block)] = _band_keys(block, bands, rows).T
        return keys, heads

    def _blocks(self, forms: list[str], chunk: int):
        """(start, signature block) per chunk of forms."""
        for lo in range(0, len(forms), chunk):
            hashes, starts = shingle_hashes(forms[lo : lo + chunk], self.shingle)
            hashes = (hashes >> _U64(32)).astype(np.uint32)
            permuted = np.empty_like(hashes)  # reused: a fresh temporary per permutation costs page faults
            block = np.empty((len(starts), self.num_perm), dtype=np.uint32)
            for p in range(self.num_perm):
                np.multiply(hashes, self._a[p], out=permuted)
                np.add(permuted, self._b[p], out=permuted)
                block[:, p] = np.minimum.reduceat(permuted, starts)
            yield lo, block


def _band_keys(block: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """(m, bands) uint32: one hash per band of ``rows`` signature values. 32 bits: at 1M rows a band has
    ~116 chance collisions, which the Jaccard estimate then drops."""
    if bands * rows > block.shape[1]:
        raise ValueError("bands * rows exceeds the signature length")
    values = block[:, : bands * rows].reshape(len(block), bands, rows).astype(np.uint64)
    key = np.broadcast_to(np.arange(bands, dtype=np.uint64), (len(block), bands)).copy()
    for row in range(rows):
        key = _mix64(key * _GOLDEN + values[:, :, row])
    return (key >> _U64(32)).astype(np.uint32)


def candidate_pairs(
    signatures: np.ndarray, bands: int, rows: int, max_bucket: int = 500, min_jaccard: float = 0.0, columns: int = 96
) -> np.ndarray:
    """Unique (i, j) pairs, i < j, that agree on at least one band of a full signature matrix."""
    keys = _band_keys(signatures, bands, rows).T.copy()
    return band_pairs(keys, np.ascontiguousarray(signatures[:, :columns]), max_bucket, min_jaccard)


def band_pairs(keys: np.ndarray, head: np.ndarray, max_bucket: int = 500, min_jaccard: float = 0.0) -> np.ndarray:
    """Unique (i, j) pairs, i < j, whose keys agree in at least one band (a row of ``keys``).

    With ``min_jaccard``, each band's pairs are filtered on the Jaccard estimate from ``head`` as they
    are found, so memory holds only plausible pairs; without it, every band collision of a
    1M-paragraph corpus would be held at once.

    A bucket larger than ``max_bucket`` (a boilerplate paragraph copied hundreds of times) links each
    member to the bucket's first member only, so one template cannot produce millions of pairs.
    """
    n = keys.shape[1]
    codes: list[np.ndarray] = []  # pair i<j encoded as i*n+j
    for band in range(keys.shape[0]):
        for new in _bucket_pairs(keys[band], max_bucket):
            if min_jaccard > 0:
                new = new[estimated_jaccard(head, new) >= min_jaccard]
            new.sort(axis=1)
            codes.append(new[:, 0] * n + new[:, 1])
        if band % 8 == 7:  # the same pair recurs across bands: compact now and then
            codes = [_unique_sorted(np.concatenate(codes))] if codes else []
    if not codes:
        return np.empty((0, 2), dtype=np.int64)
    unique = _unique_sorted(np.concatenate(codes))
    return np.stack((unique // n, unique % n), axis=1)


def _unique_sorted(codes: np.ndarray) -> np.ndarray:
    if not codes.size:
        return codes
    codes.sort()  # sort + neighbour mask: 5x faster than np.unique's hashing here
    return codes[np.concatenate(([True], codes[1:] != codes[:-1]))]


def _bucket_pairs(key: np.ndarray, max_bucket: int, limit: int = 1_000_000):
    """All (i, j) pairs of rows sharing a key, as (m, 2) int64 arrays of at most about ``limit`` pairs
    each (a band of 1M stock-heavy paragraphs can hold millions of pairs; a few arrays of each pair's
    positions at once were the peak of memory)."""
    n = key.shape[0]
    order = np.argsort(key, kind="stable")
    sorted_keys = key[order]
    bucket_starts = np.flatnonzero(np.concatenate(([True], sorted_keys[1:] != sorted_keys[:-1])))
    del sorted_keys
    sizes = np.diff(np.concatenate((bucket_starts, [n])))
    multi = sizes >= 2
    starts, sizes = bucket_starts[multi], sizes[multi]
    big = sizes > max_bucket
    if big.any():
        for start, size in zip(starts[big], sizes[big]):
            members = order[start : start + size]
            yield np.stack((np.full(size - 1, members[0]), members[1:]), axis=1).astype(np.int64)
        starts, sizes = starts[~big], sizes[~big]
    # every element pairs with the elements after it in its bucket, vectorised over runs of buckets
    pair_counts = sizes * (sizes - 1) // 2
    run_of = np.cumsum(pair_counts) // limit
    cuts = np.flatnonzero(np.diff(run_of)) + 1
    for run_starts, run_sizes in zip(np.split(starts, cuts), np.split(sizes, cuts)):
        if not run_sizes.size:
            continue
        element_pos = np.repeat(run_starts, run_sizes) + _ranges(run_sizes)
        remaining = np.repeat(run_starts + run_sizes, run_sizes) - element_pos - 1
        first = np.repeat(element_pos, remaining)
        second = first + 1 + _ranges(remaining)
        yield np.stack((order[first], order[second]), axis=1).astype(np.int64)


def estimated_jaccard(signatures: np.ndarray, pairs: np.ndarray, columns: int | None = None, chunk: int = 50_000) -> np.ndarray:
    """Share of equal signature values per pair (the MinHash estimate of Jaccard similarity)."""
    sig = signatures if columns is None else np.ascontiguousarray(signatures[:, :columns])
    out = np.empty(len(pairs), dtype=np.float32)
    for lo in range(0, len(pairs), chunk):
        block = pairs[lo : lo + chunk]
        out[lo : lo + chunk] = np.count_nonzero(sig[block[:, 0]] == sig[block[:, 1]], axis=1)
    return out / sig.shape[1]


def _ranges(sizes: np.ndarray) -> np.ndarray:
    """Concatenated aranges: [0..s0-1, 0..s1-1, ...]."""
    total = int(sizes.sum())
    if total == 0:
        return np.empty(0, dtype=np.int64)
    offsets = np.repeat(np.cumsum(sizes) - sizes, sizes)
    return np.arange(total, dtype=np.int64) - offsets
