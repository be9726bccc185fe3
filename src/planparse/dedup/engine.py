"""find_duplicates: normalise → exact → MinHash candidates → rapidfuzz confirmation → star groups.

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

from planparse.dedup.minhash import MinHasher, candidate_pairs, estimated_jaccard
from planparse.dedup.normal import comparison_forms, sentences
from planparse.errors import InputError

Kind = Literal["exact", "near", "sentence"]

DEFAULT_THRESHOLD = 0.75
# Below this many comparison characters a unit (most headings) matches exactly or not at all:
# two short phrases share most of their characters by accident.
MIN_NEAR_LENGTH = 15
# Containment (the shorter text is a subsequence of the longer one, give or take) catches a paragraph
# with a clause inserted or deleted. The shorter text must be long enough and not a small fraction
# of the longer one, or a stock phrase would "contain" into every paragraph that quotes it.
CONTAINMENT = 0.9
MIN_CONTAINED_LENGTH = 20
MIN_CONTAINED_SHARE = 0.4
MIN_SENTENCE_LENGTH = 8
# Estimated bigram-set Jaccard similarity a reordered copy needs.
REORDERED = 0.8
# Candidates whose estimated bigram Jaccard (from 96 signature values) is below this are not compared
# at all: on the 100k benchmark corpus 1 of 37,291 confirmed pairs falls below 0.3 (none below 0.25),
# while 0.3 halves the pairs left to compare.
MIN_ESTIMATED_JACCARD = 0.3
CONFIRM_CHUNK = 1_000_000


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
    # 2-character shingles, 48 bands of 5 rows: on the benchmark corpus this keeps candidate recall at
    # ~0.99 of true pairs with ~10x fewer candidates than 3-character shingles at 32 bands of 3.
    num_perm: int = 240
    bands: int = 48
    rows: int = 5
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
    forms = comparison_forms(texts)
    groups = _paragraph_groups(texts, forms, config)
    if config.sentences:
        groups.extend(_sentence_groups(texts))
    groups.sort(key=lambda g: (g.indices[0], g.kind == "sentence"))
    return groups


def _paragraph_groups(texts: list[str], forms: list[str], config: Settings) -> list[DuplicateGroup]:
    # Exact duplicates collapse into one node per distinct comparison form.
    by_form: dict[str, list[int]] = defaultdict(list)
    for index, form in enumerate(forms):
        if form:
            by_form[form].append(index)
    node_forms = list(by_form)
    node_members = list(by_form.values())
    node_weight = np.fromiter((len(m) for m in node_members), dtype=np.int64, count=len(node_members))

    long_nodes = np.flatnonzero(
        np.fromiter((len(f) >= config.min_near_length for f in node_forms), dtype=bool, count=len(node_forms))
    )
    edges = _near_edges(texts, node_forms, node_members, long_nodes, config) if config.threshold < 1.0 else []
    return _star_groups(node_members, node_weight, edges)


def _near_edges(texts, node_forms, node_members, long_nodes, config: Settings):
    """Confirmed (node, node, similarity, how) edges among nodes long enough for near matching."""
    if long_nodes.size < 2:
        return []
    long_forms = [node_forms[i] for i in long_nodes]
    signatures = MinHasher(config.num_perm, config.shingle).signatures(long_forms)
    # Most band collisions are pairs sharing stock phrases only; their estimated Jaccard is far below
    # anything the ratio could accept. Dropping them as they are found saves memory and rapidfuzz work.
    pairs = candidate_pairs(signatures, config.bands, config.rows, min_jaccard=MIN_ESTIMATED_JACCARD)
    lengths = np.fromiter((len(f) for f in long_forms), dtype=np.int64, count=len(long_forms))
    edges = []
    for lo in range(0, len(pairs), CONFIRM_CHUNK):  # chunks bound the per-pair arrays at 1M paragraphs
        edges.extend(_confirm(pairs[lo : lo + CONFIRM_CHUNK], long_forms, lengths, signatures, config))
    return [(int(long_nodes[a]), int(long_nodes[b]), sim, how) for a, b, sim, how in edges]


def _confirm(pairs, long_forms, lengths, signatures, config: Settings):
    """The candidate pairs that really are duplicates, as (a, b, similarity, how)."""
    left = [long_forms[i] for i in pairs[:, 0]]
    right = [long_forms[j] for j in pairs[:, 1]]
    ratio = process.cpdist(left, right, scorer=Indel.normalized_similarity, workers=config.workers)
    accepted = ratio >= config.threshold
    how = np.where(accepted, 0, -1)  # 0 ratio, 1 reordered, 2 containment, -1 rejected
    score = ratio.copy()
    short = np.minimum(lengths[pairs[:, 0]], lengths[pairs[:, 1]])
    long = np.maximum(lengths[pairs[:, 0]], lengths[pairs[:, 1]])

    # Clauses reordered: the Indel ratio drops by the length of the moved clause, but the set of
    # character bigrams barely changes, and the MinHash signature estimates exactly that set's
    # Jaccard similarity. The bar is high because an order-free measure also rewards stock phrases.
    retry = np.flatnonzero(~accepted & (ratio >= 0.4) & (short >= 0.7 * long))
    if retry.size:
        bigram_jaccard = estimated_jaccard(signatures, pairs[retry])
        ok = bigram_jaccard >= REORDERED
        how[retry[ok]] = 1
        score[retry[ok]] = bigram_jaccard[ok]

    # A clause inserted into, or deleted from, a copy: the shorter is (almost) a subsequence of the
    # longer. Only for pairs whose lengths really differ; between equal lengths it would just be a
    # looser ratio.
    retry = np.flatnonzero(
        (how < 0) & (short >= MIN_CONTAINED_LENGTH) & (short >= MIN_CONTAINED_SHARE * long) & (short <= 0.9 * long)
    )
    if retry.size:
        common = process.cpdist(
            [left[k] for k in retry], [right[k] for k in retry], scorer=LCSseq.similarity, workers=config.workers
        )
        ok = common / short[retry] >= max(config.containment, config.threshold)
        how[retry[ok]] = 2

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
