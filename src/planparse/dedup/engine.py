"""find_duplicates: normalise → exact → MinHash candidates → rapidfuzz confirmation → star groups.

Two views of each paragraph are compared: the characters in order (the comparison form), and its
clauses as a set (the clause form's clauses sorted, so a swap of clauses — with or without the marker
that led one of them — changes nothing). A pair is a duplicate when the characters agree (Indel ratio),
when the sorted clauses agree (reordered), or when the shorter is almost a subsequence of the longer in
either view (containment: a clause deleted or inserted).

Groups form around a representative (the unit with the most confirmed neighbours): a member joins
only when it matches the representative itself. Transitive chaining (A~B, B~C ⇒ A,B,C) merges
unrelated paragraphs through a chain of partial overlaps, so it is never used.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Indel, LCSseq

from planparse.dedup.minhash import MinHasher, band_pairs, estimated_jaccard
from planparse.dedup.normal import comparison_forms, forms_and_clauses, sentences
from planparse.errors import InputError

Kind = Literal["exact", "near", "sentence"]

DEFAULT_THRESHOLD = 0.75
# Below this many comparison characters a unit (most headings) matches exactly or not at all:
# two short phrases share most of their characters by accident.
MIN_NEAR_LENGTH = 15
# Containment (the shorter text is a subsequence of the longer one, give or take) catches a paragraph
# with a clause inserted or deleted. The shorter text must be long enough and not a small fraction
# of the longer one, or a stock phrase would "contain" into every paragraph that quotes it. 15 and 0.35
# (were 20 and 0.4): a two-clause item with a long clause inserted; on the edits corpus (seed 11) recall
# for inserted clauses 0.9865 -> 0.9963, deleted 0.9945 -> 0.9985, precision 0.9981 -> 0.9977.
CONTAINMENT = 0.9
MIN_CONTAINED_LENGTH = 15
MIN_CONTAINED_SHARE = 0.35
MIN_SENTENCE_LENGTH = 8
# Clauses reordered: the shorter must be this share of the longer (reordering keeps the length; a swap
# with a clause deleted loses some), and the sorted clauses must reach the threshold.
REORDER_SHARE = 0.6
# Or: estimated Jaccard similarity of the character bigram sets, for lengths within 30 %. The bar is high
# because an order-free measure also rewards stock phrases.
REORDERED_BIGRAMS = 0.8
BIGRAM_SHARE = 0.7
# Candidates whose estimated bigram Jaccard (from 96 signature values) is below this are not compared
# at all: it drops most pairs that share stock phrases only. Most candidates the confirmation rejects
# sit at 0.30-0.33; 0.33 instead of 0.30 halves them and costs 1 true pair in 40,000 on the edits corpus.
MIN_ESTIMATED_JACCARD = 0.33
HEAD_COLUMNS = 96
# A band bucket larger than this (paragraphs sharing a stretch of stock wording) links its members to its
# first member only, not to each other: on the edits corpus 500 made 12.3M band pairs, 50 makes 6.4M,
# with the same candidate recall per edit type (to the third decimal).
MAX_BUCKET = 50
# Between short paragraphs (the shorter under this many comparison characters), a shared clause and a
# shared verb phrase (严格落实A，压茬推进B / 严格落实C，压茬推进B) already reach 0.75, in order or sorted.
# There every clause of the shorter must be found in the other (LCS ≥ CLAUSE_FOUND of its length) for
# at least COVERED of its characters. On the edits corpus (seed 11) this drops 392 of the 447 false pairs
# between short paragraphs and 14 of the 3,380 true ones; between longer ones no false pair was found.
SHORT_PAIR = 40
CLAUSE_FOUND = 0.7
COVERED = 0.7
MAX_SPLITS = 4
CONFIRM_CHUNK = 250_000


@dataclass
class DuplicateGroup:
    """One set of duplicates. ``indices`` are positions in the list given, ascending.

    For ``kind == "sentence"`` there is one index (the unit) and ``spans`` holds the character spans
    of each occurrence of the repeated sentence inside it.
    """

    kind: Kind
    indices: list[int]
    representative: int
    similarity: float
    similarities: dict[int, float] = field(default_factory=dict)
    matches: dict[int, str] = field(default_factory=dict)
    spans: list[tuple[int, int]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.indices)


@dataclass
class Settings:
    threshold: float = DEFAULT_THRESHOLD
    min_near_length: int = MIN_NEAR_LENGTH
    containment: float = CONTAINMENT
    sentences: bool = True
    # 2-character shingles, 60 bands of 4 rows: on the edits corpus (gen_dedup_edits.py) 48 bands of 5
    # find 0.973 of the heavily edited copies as candidates, 60 of 4 find 0.999 (short paragraphs
    # with 15 % of their characters changed keep under half their bigrams), for 2.5x the candidates.
    num_perm: int = 240
    bands: int = 60
    rows: int = 4
    shingle: int = 2
    workers: int = -1


def find_duplicates(
    texts: list[str],
    threshold: float = DEFAULT_THRESHOLD,
    *,
    sentences: bool = True,
    settings: Settings | None = None,
) -> list[DuplicateGroup]:
    """Exact, near and repeated-sentence duplicate groups among ``texts``.

    ``threshold`` is the similarity (rapidfuzz Indel ratio, 0–1, on the comparison form) a member
    needs against its group's representative.
    """
    if not 0.0 < threshold <= 1.0:
        raise InputError(f"threshold must be in (0, 1], got {threshold}")
    if isinstance(texts, str):
        raise InputError("find_duplicates expects a list of texts, not one string")
    texts = list(texts)
    if not all(isinstance(t, str) for t in texts):
        raise InputError("find_duplicates expects a list of strings")
    config = replace(settings or Settings(), threshold=threshold, sentences=sentences)
    groups = _paragraph_groups(*forms_and_clauses(texts), config)  # one normalisation pass for both views
    if config.sentences:
        groups.extend(_sentence_groups(texts))
    groups.sort(key=lambda g: (g.indices[0], g.kind == "sentence"))
    return groups


def _paragraph_groups(forms: list[str], lengths: np.ndarray, starts: np.ndarray, config: Settings) -> list[DuplicateGroup]:
    # Exact duplicates collapse into one node per distinct comparison form.
    by_form: dict[str, list[int]] = defaultdict(list)
    for index, form in enumerate(forms):
        if form:
            by_form[form].append(index)
    node_forms = list(by_form)
    node_members = list(by_form.values())
    del by_form, forms  # the forms of exact copies other than the first go
    node_weight = np.fromiter((len(m) for m in node_members), dtype=np.int64, count=len(node_members))

    long_nodes = np.flatnonzero(
        np.fromiter((len(f) >= config.min_near_length for f in node_forms), dtype=bool, count=len(node_forms))
    )
    clauses = (lengths, starts)
    edges = _near_edges(clauses, node_forms, node_members, long_nodes, config) if config.threshold < 1.0 else []
    return _star_groups(node_members, node_weight, edges)


def _near_edges(clauses, node_forms, node_members, long_nodes, config: Settings):
    """Confirmed (node, node, similarity, how) edges among nodes long enough for near matching."""
    if long_nodes.size < 2:
        return []
    long_forms = [node_forms[i] for i in long_nodes]
    # Band keys and a 96-value head per paragraph, never the whole signature matrix (memory at 1M).
    keys, head = MinHasher(config.num_perm, config.shingle).index(long_forms, config.bands, config.rows, HEAD_COLUMNS)
    # Most band collisions are pairs sharing stock phrases only; their estimated Jaccard is far below
    # anything the ratio could accept. Dropping them as they are found saves memory and rapidfuzz work.
    pairs = band_pairs(keys, head, max_bucket=MAX_BUCKET, min_jaccard=MIN_ESTIMATED_JACCARD)
    del keys
    lengths = np.fromiter((len(f) for f in long_forms), dtype=np.int64, count=len(long_forms))
    members = [node_members[i] for i in long_nodes]
    edges = []
    for lo in range(0, len(pairs), CONFIRM_CHUNK):  # chunks bound the per-pair arrays at 1M paragraphs
        view = _SortedClauses(long_forms, clauses, members)
        edges.extend(_confirm(pairs[lo : lo + CONFIRM_CHUNK], long_forms, lengths, view, head, config))
    return [(int(long_nodes[a]), int(long_nodes[b]), sim, how) for a, b, sim, how in edges]


class _SortedClauses:
    """Each paragraph's clauses sorted and joined: the order-free view, built for the paragraphs of the
    pairs that need it (one instance per chunk of pairs, so at 1M paragraphs they are not all held)."""

    def __init__(self, forms: list[str], clauses: tuple[np.ndarray, np.ndarray], members: list[list[int]]):
        self.forms_of = forms                   # comparison form per node
        self.lengths, self.starts = clauses     # clause lengths per text (normal.forms_and_clauses)
        self.members = members
        self.forms: dict[int, list[str]] = {}  # sorted and joined, one per distinct clause split
        self.count = np.zeros(len(members), dtype=np.int32)   # clauses in the finest split
        self.splits = np.zeros(len(members), dtype=np.int32)  # distinct splits in forms

    def _split(self, node: int, member: int) -> list[str]:
        form = self.forms_of[node]
        parts, at = [], 0
        for size in self.lengths[self.starts[member] : self.starts[member + 1]].tolist():
            parts.append(form[at : at + size])
            at += size
        return parts

    def get(self, ids: np.ndarray) -> None:
        # Exact copies share one comparison form but not always their clauses (a comma turned into 、
        # joins two, a comma added splits one): each distinct split is kept (up to MAX_SPLITS).
        for i in np.unique(ids).tolist():
            if i in self.forms:
                continue
            forms: list[str] = []
            count = 0
            for m in self.members[i][:MAX_SPLITS]:
                parts = self._split(i, m)
                joined = "".join(sorted(parts))
                if joined not in forms:
                    forms.append(joined)
                count = max(count, len(parts))
            self.forms[i] = forms
            self.count[i] = count
            self.splits[i] = len(forms)

    def parts(self, i: int) -> list[str]:
        """The clauses of the copy with the most of them."""
        return max((self._split(i, m) for m in self.members[i][:MAX_SPLITS]), key=len)


def _other_splits(scores: np.ndarray, pairs: np.ndarray, todo: np.ndarray, clauses: _SortedClauses, workers: int) -> None:
    """Raise ``scores`` (sorted-clause ratios) to the best over the other clause splits of exact copies."""
    splits = clauses.splits
    todo = np.flatnonzero(todo & ((splits[pairs[:, 0]] > 1) | (splits[pairs[:, 1]] > 1)))
    lefts, rights, owners = [], [], []
    for k, a, b in zip(todo.tolist(), pairs[todo, 0].tolist(), pairs[todo, 1].tolist()):
        for x in clauses.forms[a]:
            for y in clauses.forms[b]:
                lefts.append(x)
                rights.append(y)
                owners.append(k)
    if owners:
        found = process.cpdist(lefts, rights, scorer=Indel.normalized_similarity, workers=workers)
        np.maximum.at(scores, np.asarray(owners), found)


def _covered(pairs: np.ndarray, long_forms, lengths, clauses: _SortedClauses, workers: int) -> np.ndarray:
    """For each pair, the share of the shorter text's characters in clauses found in the longer one."""
    swap = lengths[pairs[:, 0]] > lengths[pairs[:, 1]]
    shorter = np.where(swap, pairs[:, 1], pairs[:, 0])
    other = np.where(swap, pairs[:, 0], pairs[:, 1])
    pieces, owners, within = [], [], []
    for k, (s, o) in enumerate(zip(shorter.tolist(), other.tolist())):
        for part in clauses.parts(s):
            pieces.append(part)
            within.append(long_forms[o])
            owners.append(k)
    found = process.cpdist(pieces, within, scorer=LCSseq.similarity, workers=workers)
    sizes = np.fromiter((len(p) for p in pieces), dtype=np.int64, count=len(pieces))
    present = np.where(found >= CLAUSE_FOUND * sizes, sizes, 0)
    return np.bincount(np.asarray(owners, dtype=np.int64), weights=present, minlength=len(pairs)) / lengths[shorter]


def _confirm(pairs, long_forms, lengths, clauses: _SortedClauses, head, config: Settings):
    """The candidate pairs that really are duplicates, as (a, b, similarity, how)."""
    left = [long_forms[i] for i in pairs[:, 0]]
    right = [long_forms[j] for j in pairs[:, 1]]
    ratio = process.cpdist(left, right, scorer=Indel.normalized_similarity, workers=config.workers)
    accepted = ratio >= config.threshold
    how = np.where(accepted, 0, -1)  # 0 ratio, 1 reordered, 2 containment, -1 rejected
    score = ratio.copy()
    short = np.minimum(lengths[pairs[:, 0]], lengths[pairs[:, 1]])
    long = np.maximum(lengths[pairs[:, 0]], lengths[pairs[:, 1]])

    # Clauses reordered (a swap, a sentence moved, a marker carried along): compare the sorted clauses.
    # Pairs too far apart in length for that, or for containment, are done.
    sortable = ~accepted & (short >= REORDER_SHARE * long)
    contained = ~accepted & (short >= MIN_CONTAINED_LENGTH) & (short >= MIN_CONTAINED_SHARE * long)
    retry = np.flatnonzero(sortable | contained)
    sorted_left = sorted_right = []
    if retry.size:
        clauses.get(pairs[retry])
        sorted_left = [clauses.forms[i][0] for i in pairs[retry, 0].tolist()]
        sorted_right = [clauses.forms[j][0] for j in pairs[retry, 1].tolist()]
        many = np.minimum(clauses.count[pairs[retry, 0]], clauses.count[pairs[retry, 1]]) >= 2
        reordered = process.cpdist(sorted_left, sorted_right, scorer=Indel.normalized_similarity, workers=config.workers)
        _other_splits(reordered, pairs[retry], sortable[retry] & (reordered < config.threshold), clauses, config.workers)
        ok = sortable[retry] & many & (reordered >= config.threshold)
        how[retry[ok]] = 1
        score[retry[ok]] = reordered[ok]

    # Clauses that do not sort alike (a connective moves with a clause: A，并B -> B，并A) still keep
    # nearly all their character bigrams, whose Jaccard similarity the MinHash head estimates.
    again = np.flatnonzero((how < 0) & (ratio >= 0.4) & (short >= BIGRAM_SHARE * long))
    if again.size:
        bigram_jaccard = estimated_jaccard(head, pairs[again])
        ok = bigram_jaccard >= REORDERED_BIGRAMS
        how[again[ok]] = 1
        score[again[ok]] = bigram_jaccard[ok]

    # A clause inserted into, or deleted from, a copy: the shorter is (almost) a subsequence of the
    # longer, in document order or in sorted clauses (a clause deleted and two swapped).
    todo = how[retry] < 0
    todo &= contained[retry]
    if todo.any():
        k = retry[todo]
        in_order = process.cpdist([left[x] for x in k], [right[x] for x in k], scorer=LCSseq.similarity, workers=config.workers)
        picked = np.flatnonzero(todo)
        any_order = process.cpdist(
            [sorted_left[x] for x in picked], [sorted_right[x] for x in picked], scorer=LCSseq.similarity, workers=config.workers
        )
        ok = np.maximum(in_order, any_order) / short[k] >= max(config.containment, config.threshold)
        how[k[ok]] = 2

    guard = np.flatnonzero((how >= 0) & (short < SHORT_PAIR))
    if guard.size:
        covered = _covered(pairs[guard], long_forms, lengths, clauses, config.workers)
        how[guard[covered < COVERED]] = -1

    names = ("ratio", "reordered", "containment")
    return [(int(pairs[k, 0]), int(pairs[k, 1]), float(score[k]), names[how[k]]) for k in np.flatnonzero(how >= 0)]


def _star_groups(node_members, node_weight, edges) -> list[DuplicateGroup]:
    neighbours: dict[int, list[tuple[int, float, str]]] = defaultdict(list)
    for a, b, sim, how in edges:
        neighbours[a].append((b, sim, how))
        neighbours[b].append((a, sim, how))

    def centrality(node: int):
        near = neighbours.get(node, ())
        # how many units it would gather, then how closely, then document order
        return (
            -(node_weight[node] + sum(node_weight[b] for b, _, _ in near)),
            -sum(s for _, s, _ in near),
            node_members[node][0],
        )

    candidates = [n for n in range(len(node_members)) if node_weight[n] > 1 or n in neighbours]
    candidates.sort(key=centrality)
    assigned: set[int] = set()
    groups = []
    for rep in candidates:
        if rep in assigned:
            continue
        assigned.add(rep)
        joined = [(b, sim, how) for b, sim, how in neighbours.get(rep, ()) if b not in assigned]
        if not joined and node_weight[rep] < 2:
            continue
        similarities = {i: 1.0 for i in node_members[rep]}
        matches = {i: "exact" for i in node_members[rep]}
        for b, sim, how in joined:
            assigned.add(b)
            for i in node_members[b]:
                similarities[i] = round(sim, 4)
                matches[i] = how
        indices = sorted(similarities)
        groups.append(
            DuplicateGroup(
                kind="near" if joined else "exact",
                indices=indices,
                representative=node_members[rep][0],
                similarity=min(similarities.values()),
                similarities=similarities,
                matches=matches,
            )
        )
    return groups


def _sentence_groups(texts: list[str]) -> list[DuplicateGroup]:
    """A sentence repeated inside one unit (a copy-paste slip), reported once per unit and sentence."""
    owners, spans, pieces = [], [], []
    for index, text in enumerate(texts):
        found = sentences(text)
        if len(found) < 2:
            continue
        for start, end in found:
            owners.append(index)
            spans.append((start, end))
            pieces.append(text[start:end])
    forms = comparison_forms(pieces)
    seen: dict[tuple[int, str], list[int]] = defaultdict(list)
    for k, form in enumerate(forms):
        if len(form) >= MIN_SENTENCE_LENGTH:
            seen[(owners[k], form)].append(k)
    groups = []
    for (owner, _), ks in seen.items():
        if len(ks) > 1:
            groups.append(
                DuplicateGroup(
                    kind="sentence",
                    indices=[owner],
                    representative=owner,
                    similarity=1.0,
                    similarities={owner: 1.0},
                    matches={owner: "sentence"},
                    spans=[spans[k] for k in ks],
                )
            )
    return groups
