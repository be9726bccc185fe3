"""Structural alignment of two plans: sections first, then every paragraph-like node, globally.

Why not a sequence diff: plans are rewritten, not edited in place. Sections swap, measures move to
another section, one measure becomes two. A sequence diff calls all of that delete + insert. Here
each level is a weighted bipartite matching: a similarity matrix over every old × new pair (sparse
character n-gram TF-IDF on the matching form, numbers and placeholders masked), plus small
structural bonuses (same matched parent, same node kind and level, similar relative position, shared
domains), solved exactly with ``scipy.optimize.linear_sum_assignment``. Leftovers are then checked
for splits and merges by n-gram containment, and moves are decided by parent, reorders by a longest
increasing subsequence. Numbers never decide a match, so renumbering alone is never a change.

Budget. Exact matching needs the dense old × new matrices (~60 bytes a cell at its peak) and
``linear_sum_assignment``; it is used while a level has at most ``CELL_BUDGET`` cells (4 million:
2,000 × 2,000 paragraphs, ~250 MB). Above it the result is an approximation, in bounded memory:
paragraphs whose masked form occurs exactly once in each version are paired outright; the rest are
scored in row blocks of ``BLOCK_CELLS`` cells with the same formula, and only each node's ``TOP_K``
best acceptable partners (as old node and as new node) are kept; those candidates are matched by
``scipy.sparse.csgraph.min_weight_full_bipartite_matching`` for the highest total of score + 1 per
pair (below the budget: most pairs first, then the highest score). A pair the exact matching would
choose can be lost when it ranks below the top ``TOP_K`` of both its nodes, when a uniquely
identical pair would have been given up for two others, or when more but weaker pairs would have
won. Splits and merges compare every leftover with every node, in column blocks, as below it.
Measured: the State Council year pairs and corpus/pairs give the same changes with the budget
forced to 0; a 10,000 × 10,000-measure diff adds at most ~0.35 GB and takes ~7–14 s on 2 cores
(benchmarks/RESULTS.md).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from scipy import sparse
from scipy.optimize import linear_sum_assignment
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

from planparse.text.gate import Scanner
from planparse.text.noise import noise_rules
from planparse.model import Item, Plan
from planparse.text.lexicon import char_class
from planparse.text.normalize import match_forms
from planparse.plandiff.targets import QUANTITY_RE

# --- thresholds (tuned on corpus/pairs and the seed; see tests/test_diff*.py) -------------------
SECTION_TITLE_OK = 0.6     # a heading this similar is the same section whatever its items did
SECTION_CONTENT_OK = 0.5   # ... or a section whose items are this similar, whatever its heading
SECTION_SCORE_OK = 0.4
PARAGRAPH_OK = 0.5         # text similarity that makes two paragraphs one, anywhere in the plan
PARAGRAPH_OK_SAME_PARENT = 0.35  # ... or under parents already matched to each other
CONTAINED = 0.6            # share of a node's n-grams found in another: one half of a split/merge
CONTAINED_PART = 0.4       # ... enough for the second half of a split when the halves rebuild the whole
SPLIT_COVERAGE = 0.8       # share of the whole's n-grams the halves of a split (or merge) cover together
MIN_CONTAINED_NGRAMS = 5   # shorter fragments are too generic to call a split

# --- budgets (see the module docstring) ---------------------------------------------------------
CELL_BUDGET = 4_000_000    # old × new cells of one level matched exactly with dense matrices
BLOCK_CELLS = 1_000_000    # cells scored at once above the budget (~60 MB at the peak of a block)
TOP_K = 24                 # candidate partners kept per node above the budget (8: 93% of the exact pairs
                           # on 10,000 unrelated generated measures, 24: 99.7%, in the same time)


@dataclass
class Node:
    """A flattened node of one plan version."""

    node: str  # section | intro | item | preamble | closing
    text: str
    path: str
    level: int
    parent: int | None  # index into the same node list
    section: int | None  # index of the section node it sits in
    marker: str | None = None
    number: int | None = None
    implied: bool = False
    domains: list[str] = field(default_factory=list)
    id: str = ""
    order: int = 0
    section_label: str = ""
    base: str = ""  # matching form, see base_forms


def flatten(plan: Plan) -> list[Node]:
    nodes: list[Node] = []

    def add(node: Node) -> int:
        node.order = len(nodes)
        nodes.append(node)
        return node.order

    if plan.preamble.strip():
        add(Node("preamble", plan.preamble.strip(), "preamble", 0, None, None))
    for s_number, section in enumerate(plan.sections, 1):
        label = f"{section.marker or ''}{section.title}".strip()
        s_index = add(Node("section", section.title, str(s_number), 0, None, None, section.marker,
                           section.number, section.implied, list(section.domains), section.id,
                           section_label=label))
        nodes[s_index].section = s_index
        if section.intro.strip():
            add(Node("intro", section.intro.strip(), f"{s_number}/intro", 1, s_index, s_index,
                     section_label=label, domains=list(section.domains)))

        def walk(items: list[Item], parent: int, prefix: str, level: int) -> None:
            for i, item in enumerate(items, 1):
                path = f"{prefix}/{i}"
                index = add(Node("item", item.text, path, level, parent, s_index, item.marker, item.number,
                                 domains=list(item.domains), id=item.id, section_label=label))
                walk(item.children, index, path, level + 1)

        walk(section.items, s_index, str(s_number), 1)
    if plan.closing.strip():
        add(Node("closing", plan.closing.strip(), "closing", 0, None, None))
    return nodes


# --- matching forms ----------------------------------------------------------------------------
_BULLET = re.compile(rf"^{char_class('bullets')}+")  # the bullets dedup strips too (data/lexicon.toml)
_TRAILING = re.compile(rf"{char_class('trailing')}+$")


@lru_cache(maxsize=1)
def _placeholders() -> Scanner:
    return Scanner(noise_rules().placeholder_any)


def _without_placeholders(text: str, scanner: Scanner) -> str:
    """``placeholder_any.sub("#", text)``, the matches found by text.gate.Scanner: the pattern opens with
    lookbehinds, so ``re`` tries it at every position of every paragraph (~1/8 of a report pair's diff);
    the Scanner tries it only where a match can start (its FIRST characters), with the same matches."""
    parts: list[str] = []
    last = 0
    for match in scanner.finditer(text):
        parts += (text[last:match.start()], "#")
        last = match.end()
    if not parts:
        return text
    parts.append(text[last:])
    return "".join(parts)


def base_forms(texts: list[str]) -> list[str]:
    """match_form of many texts (one OpenCC call), leading bullets dropped, placeholders (noise.toml) as '#'."""
    scanner = _placeholders()
    return [_without_placeholders(_BULLET.sub("", form), scanner) for form in match_forms(texts)]


def masked_form(base: str) -> str:
    """What similarity sees: numbers and placeholders reduced to '#', so 20名 and 30名 match fully."""
    return QUANTITY_RE.sub("#", base)


def equality_form(base: str) -> str:
    """What 'unchanged' compares: numbers kept, placeholders, width, bullets and a final stop ignored."""
    return _TRAILING.sub("", base)


# --- vectors ------------------------------------------------------------------------------------
def ngram_counts(forms: list[str]) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """Character unigram and bigram count matrices (rows = forms), built with numpy, no Python loop per n-gram.

    Columns are the distinct n-grams in code-point order; each matrix is canonical (every row's columns
    ascending, no duplicates), as scipy's sum_duplicates leaves it. The unigram columns come from a lookup
    table over the code-point range (no sort); a bigram is keyed by its two unigram columns, which orders
    bigrams as their code points do; each matrix's cells and counts come from one sort of (row, column).
    """
    n = len(forms)
    lengths = np.fromiter((len(f) for f in forms), dtype=np.int64, count=n)
    joined = "".join(forms)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    rows = np.repeat(np.arange(n, dtype=np.int64), lengths)

    def empty() -> sparse.csr_matrix:
        return sparse.csr_matrix((n, 1), dtype=np.float64)

    def matrix(columns: np.ndarray, key_rows: np.ndarray, size: int) -> sparse.csr_matrix:
        cells, counts = np.unique(key_rows * size + columns, return_counts=True)
        cell_rows, cell_columns = np.divmod(cells, size)
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(cell_rows, minlength=n), out=indptr[1:])
        return sparse.csr_matrix((counts.astype(np.float64), cell_columns, indptr), shape=(n, size))

    if codes.size == 0:
        return empty(), empty()
    low = int(codes.min())
    offsets = codes - low
    present = np.zeros(int(offsets.max()) + 1, dtype=bool)
    present[offsets] = True
    rank = np.cumsum(present) - 1
    char_columns = rank[offsets]
    n_chars = int(rank[-1]) + 1
    unigrams = matrix(char_columns, rows, n_chars)
    same_row = rows[:-1] == rows[1:]
    bigram_keys = char_columns[:-1][same_row] * n_chars + char_columns[1:][same_row]
    if bigram_keys.size == 0:
        return unigrams, empty()
    vocab, bigram_columns = np.unique(bigram_keys, return_inverse=True)
    return unigrams, matrix(bigram_columns, rows[:-1][same_row], vocab.size)


def _tfidf(counts: sparse.csr_matrix) -> sparse.csr_matrix:
    m = counts.copy()
    m.data = 1.0 + np.log(m.data)  # sublinear tf: a repeated word should not dominate a measure
    df = np.bincount(m.indices, minlength=m.shape[1])
    idf = np.log((1.0 + m.shape[0]) / (1.0 + df)) + 1.0
    m = m @ sparse.diags(idf)
    return _l2(m)


def _l2(m: sparse.spmatrix) -> sparse.csr_matrix:
    m = sparse.csr_matrix(m)
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ m)


def text_vectors(forms: list[str]) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """(TF-IDF rows for cosine similarity, binary bigram rows for containment)."""
    unigrams, bigrams = ngram_counts(forms)
    # Bigrams carry word order; unigrams keep very short headings ("其他") comparable.
    vectors = _l2(sparse.hstack([_tfidf(unigrams) * 0.5, _tfidf(bigrams)]).tocsr())
    binary = bigrams.copy()
    binary.data[:] = 1.0
    return vectors, binary


# --- alignment ----------------------------------------------------------------------------------
@dataclass
class Pair:
    old: int | None
    new: int | None
    similarity: float | None = None
    relation: str | None = None
    group: str | None = None


@dataclass
class Alignment:
    old_nodes: list[Node]
    new_nodes: list[Node]
    pairs: list[Pair]
    old_to_new: dict[int, int]  # primary partner of each matched old node
    new_to_old: dict[int, int]


def _relative(values: np.ndarray, total: int) -> np.ndarray:
    return values / max(total - 1, 1)


def _assign(score: np.ndarray, accept: np.ndarray) -> list[tuple[int, int]]:
    if score.size == 0:
        return []
    # Pairs that may not match must not steal an assignment from ones that may.
    masked = np.where(accept, score, -1e6)
    rows, cols = linear_sum_assignment(masked, maximize=True)
    return [(int(r), int(c)) for r, c in zip(rows, cols) if accept[r, c]]


# A scorer gives, for old rows r0:r1 against every new column: (score, accept, value), where value is
# what a matched pair reports as its similarity.
Scorer = Callable[[int, int], tuple[np.ndarray, np.ndarray, np.ndarray]]


class _BlockProduct:
    """``left[r0:r1] @ right.T`` as a dense block, for many row blocks of one large product.

    scipy's sparse product costs, per feature, (rows of left having it) × (rows of right having it):
    for character n-grams of one language most of it is spent on a few hundred very common ones. Those
    go through one dense BLAS product (worth it from ~1/100 of all cells sharing the feature), the rest
    stay sparse. The same sums, added in another order.
    """

    DENSE_SHARE = 0.01
    MAX_DENSE = 512

    def __init__(self, left: sparse.csr_matrix, right: sparse.csr_matrix) -> None:
        shared = np.bincount(left.indices, minlength=left.shape[1]).astype(np.float64) \
            * np.bincount(right.indices, minlength=right.shape[1])
        head = np.argsort(-shared, kind="stable")[:self.MAX_DENSE]
        head = np.sort(head[shared[head] > self.DENSE_SHARE * left.shape[0] * right.shape[0]])
        tail = np.setdiff1d(np.arange(left.shape[1]), head)
        self.left_head = left[:, head].toarray()
        self.right_head = np.ascontiguousarray(right[:, head].toarray().T)
        self.left_tail, self.right_tail = left[:, tail].tocsr(), right[:, tail].T.tocsr()

    def __call__(self, r0: int, r1: int) -> np.ndarray:
        block = (self.left_tail[r0:r1] @ self.right_tail).toarray()
        if self.left_head.shape[1]:
            block += self.left_head[r0:r1] @ self.right_head
        return block


def _match(n_rows: int, n_cols: int, scorer: Scorer) -> tuple[list[tuple[int, int, float]], np.ndarray | None]:
    """The matching of rows to columns: (row, column, value) triples, and the dense value matrix if one was built.

    Within CELL_BUDGET: exact (dense scores, linear_sum_assignment). Above it: candidates from row blocks,
    matched sparsely (module docstring).
    """
    if n_rows == 0 or n_cols == 0:
        return [], None
    if n_rows * n_cols <= CELL_BUDGET:
        score, accept, value = scorer(0, n_rows)
        return [(r, c, float(value[r, c])) for r, c in _assign(score, accept)], value
    rows, cols, score, value = _candidates(n_rows, n_cols, scorer)
    return _sparse_assign(n_rows, n_cols, rows, cols, score, value), None


def _candidates(n_rows: int, n_cols: int, scorer: Scorer) -> tuple[np.ndarray, ...]:
    """Acceptable pairs among the TOP_K best by score of each row and of each column: rows, cols, score, value."""
    k = min(TOP_K, n_cols)
    step = max(1, BLOCK_CELLS // n_cols)
    every_col = np.arange(n_cols)
    found: list[tuple[np.ndarray, ...]] = []
    # The best k per column over the blocks so far: rank, row, score, value.
    col = [np.empty((0, n_cols)), np.empty((0, n_cols), dtype=np.int64), np.empty((0, n_cols)), np.empty((0, n_cols))]
    for r0 in range(0, n_rows, step):
        r1 = min(r0 + step, n_rows)
        score, accept, value = scorer(r0, r1)
        # Pairs that may not match rank below every pair that may, and stay distinct among themselves
        # (argpartition slows down badly on a block full of equal values).
        rank = np.where(accept, score, score - 10.0)
        top = np.argpartition(rank, n_cols - k, axis=1)[:, n_cols - k:] if n_cols > k \
            else np.broadcast_to(every_col, (r1 - r0, n_cols))
        rr, cc = np.repeat(np.arange(r1 - r0), top.shape[1]), top.ravel()
        ok = accept[rr, cc]
        rr, cc = rr[ok], cc[ok]
        found.append((rr + r0, cc, score[rr, cc], value[rr, cc]))
        # Columns: this block's rows and the best k so far, partitioned at once.
        block_rows = np.arange(r0, r1)[:, None]
        col = [np.vstack([kept, more]) for kept, more in
               zip(col, (rank, np.broadcast_to(block_rows, rank.shape), score, value))]
        if col[0].shape[0] > k:
            keep = np.argpartition(col[0], col[0].shape[0] - k, axis=0)[col[0].shape[0] - k:]
            col = [m[keep, every_col] for m in col]
    ok = col[0] > -5.0  # accepted (ranks of the others are below -5)
    found.append((col[1][ok], np.broadcast_to(every_col, ok.shape)[ok], col[2][ok], col[3][ok]))
    rows, cols, score, value = (np.concatenate(parts) for parts in zip(*found))
    _, first = np.unique(rows * n_cols + cols, return_index=True)
    return rows[first], cols[first], score[first], value[first]


_UNMATCHED = 2.0  # cost of leaving a node alone (see _sparse_assign)


def _sparse_assign(n_rows: int, n_cols: int, rows: np.ndarray, cols: np.ndarray, score: np.ndarray,
                   value: np.ndarray) -> list[tuple[int, int, float]]:
    """The matching of candidates with the highest total of (score + 1), as a full matching of an extended graph.

    Left: the rows, then a stand-in per column; right: the columns, then a stand-in per row. Edges:
    row–column for every candidate (cost 2 - score; scores stay below 2), row–its stand-in and
    stand-in–its column (cost _UNMATCHED = 2: the node stays alone), and column stand-in–row stand-in
    for every candidate (cost 1: the other half of a chosen pair). Each matching of candidates extends
    to exactly one full matching, costing 2·(rows + columns) − Σ(score + 1) over its pairs. (A larger
    cost for staying alone would prefer more pairs more strongly, but LAPJVsp's time grows with it:
    1e6, the dense path's weight, takes minutes on 10,000 × 10,000.)
    """
    if rows.size == 0:
        return []
    own_rows, own_cols = np.arange(n_rows), np.arange(n_cols)
    left = np.concatenate([rows, own_rows, n_rows + own_cols, n_rows + cols])
    right = np.concatenate([cols, n_cols + own_rows, own_cols, n_cols + rows])
    cost = np.concatenate([2.0 - score, np.full(n_rows + n_cols, _UNMATCHED), np.ones(rows.size)])
    size = n_rows + n_cols
    graph = sparse.csr_matrix((cost, (left, right)), shape=(size, size))
    matched_left, matched_right = min_weight_full_bipartite_matching(graph)
    lookup = {(int(r), int(c)): float(v) for r, c, v in zip(rows, cols, value)}
    return [(int(r), int(c), lookup[(int(r), int(c))]) for r, c in zip(matched_left, matched_right)
            if r < n_rows and c < n_cols]


def _pair_cosines(a: sparse.csr_matrix, b: sparse.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Row rows[i] of a · row cols[i] of b, for every i (no matrix of all pairs)."""
    if rows.size == 0:
        return np.zeros(0)
    return np.asarray(a[rows].multiply(b[cols]).sum(axis=1)).ravel()


def _incidence(nodes: list[Node], names: list[str]) -> np.ndarray:
    index = {d: k for k, d in enumerate(names)}
    m = np.zeros((len(nodes), len(names)))
    for r, n in enumerate(nodes):
        for d in n.domains:
            m[r, index[d]] = 1.0
    return m


def _domain_overlap(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Jaccard overlap of domain sets given as incidence rows (old × new)."""
    if a.shape[1] == 0:
        return np.zeros((a.shape[0], b.shape[0]))
    inter = a @ b.T
    union = a.sum(1)[:, None] + b.sum(1)[None, :] - inter
    return np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)


def align(old_plan: Plan, new_plan: Plan) -> Alignment:
    old_nodes, new_nodes = flatten(old_plan), flatten(new_plan)
    for node, base in zip(old_nodes + new_nodes, base_forms([n.text for n in old_nodes + new_nodes])):
        node.base = base
    forms = [masked_form(n.base) for n in old_nodes + new_nodes]
    vectors, binary = text_vectors(forms)
    n_old = len(old_nodes)
    old_vec, new_vec = vectors[:n_old], vectors[n_old:]
    old_bin, new_bin = binary[:n_old], binary[n_old:]

    old_sec = np.array([k for k, n in enumerate(old_nodes) if n.node == "section"], dtype=np.int64)
    new_sec = np.array([k for k, n in enumerate(new_nodes) if n.node == "section"], dtype=np.int64)
    old_par = np.array([k for k, n in enumerate(old_nodes) if n.node != "section"], dtype=np.int64)
    new_par = np.array([k for k, n in enumerate(new_nodes) if n.node != "section"], dtype=np.int64)

    # Sections: heading similarity and content similarity (the sum of their paragraphs' vectors).
    section_map: dict[int, int] = {}
    section_sim: dict[tuple[int, int], float] = {}
    if old_sec.size and new_sec.size:
        old_title, new_title = old_vec[old_sec], new_vec[new_sec].T.tocsr()
        old_content = _content(old_nodes, old_sec, old_vec)
        new_content = _content(new_nodes, new_sec, new_vec).T.tocsr()
        old_titled = np.array([bool(forms[k]) for k in old_sec])
        new_titled = np.array([bool(forms[n_old + k]) for k in new_sec])
        old_rel = _relative(np.arange(old_sec.size), old_sec.size)
        new_rel = _relative(np.arange(new_sec.size), new_sec.size)

        def section_scores(r0: int, r1: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
            title = (old_title[r0:r1] @ new_title).toarray()
            content = (old_content[r0:r1] @ new_content).toarray()
            titled = old_titled[r0:r1, None] & new_titled[None, :]
            score = np.where(titled, 0.5 * title + 0.5 * content, content)
            position = 1.0 - np.abs(old_rel[r0:r1, None] - new_rel[None, :])
            accept = ((titled & (title >= SECTION_TITLE_OK)) | (content >= SECTION_CONTENT_OK)
                      | (score >= SECTION_SCORE_OK))
            value = np.clip(np.where(titled, np.maximum(title, score), score), 0, 1)
            return score + 0.05 * position, accept, value

        matched, _ = _match(old_sec.size, new_sec.size, section_scores)
        for r, c, value in matched:
            section_map[int(old_sec[r])] = int(new_sec[c])
            section_sim[(int(old_sec[r]), int(new_sec[c]))] = value

    # Paragraph-like nodes (items at every depth, intros, preamble, closing): one global matching.
    pairs: list[Pair] = []
    old_to_new: dict[int, int] = dict(section_map)
    new_to_old: dict[int, int] = {v: k for k, v in section_map.items()}
    for (o, n), s in section_sim.items():
        pairs.append(Pair(o, n, s))
    if old_par.size and new_par.size:
        old_pv, new_pv = old_vec[old_par], new_vec[new_par]
        # Plan-level paragraphs (preamble, closing) share the pseudo-section -2.
        old_home = np.array([section_map.get(old_nodes[k].section, -1) if old_nodes[k].section is not None else -2
                             for k in old_par])
        new_home = np.array([new_nodes[k].section if new_nodes[k].section is not None else -2 for k in new_par])
        kinds = {"item": 0, "intro": 1, "preamble": 2, "closing": 3}
        old_kind = np.array([kinds[old_nodes[k].node] for k in old_par])
        new_kind = np.array([kinds[new_nodes[k].node] for k in new_par])
        old_level = np.array([old_nodes[k].level for k in old_par])
        new_level = np.array([new_nodes[k].level for k in new_par])
        old_rel, new_rel = _relative(old_par, len(old_nodes)), _relative(new_par, len(new_nodes))
        names = sorted({d for k in old_par for d in old_nodes[k].domains} | {d for k in new_par for d in new_nodes[k].domains})
        old_dom = _incidence([old_nodes[k] for k in old_par], names)
        new_dom = _incidence([new_nodes[k] for k in new_par], names)

        def paragraph_scorer(rows: np.ndarray, cols: np.ndarray) -> Scorer:
            """Scores of old paragraphs rows[r0:r1] against new paragraphs cols (indices into *_par)."""
            if rows.size * cols.size <= CELL_BUDGET:  # one dense block: the product as it always was
                left, right = old_pv[rows], new_pv[cols].T.tocsr()

                def product(r0: int, r1: int) -> np.ndarray:
                    return (left[r0:r1] @ right).toarray()
            else:
                product = _BlockProduct(old_pv[rows], new_pv[cols])

            def scores(r0: int, r1: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
                sim = product(r0, r1)
                rs = rows[r0:r1]
                same_home = old_home[rs][:, None] == new_home[cols][None, :]
                # score = sim + 0.1 same_home + 0.05 same_kind + 0.03 same_level + 0.05 position + 0.05 domains,
                # added in that order in place (no temporary per term; the same sums as written out).
                score = sim.copy()
                np.add(score, 0.1, out=score, where=same_home)
                np.add(score, 0.05, out=score, where=old_kind[rs][:, None] == new_kind[cols][None, :])
                np.add(score, 0.03, out=score, where=old_level[rs][:, None] == new_level[cols][None, :])
                position = np.subtract.outer(old_rel[rs], new_rel[cols])
                np.abs(position, out=position)
                np.subtract(1.0, position, out=position)
                position *= 0.05
                score += position
                if names:  # (without domains the term is 0)
                    score += 0.05 * _domain_overlap(old_dom[rs], new_dom[cols])
                accept = (sim >= PARAGRAPH_OK) | (same_home & (sim >= PARAGRAPH_OK_SAME_PARENT))
                return score, accept, sim

            return scores

        all_old, all_new = np.arange(old_par.size), np.arange(new_par.size)
        if old_par.size * new_par.size <= CELL_BUDGET:
            matched, sim = _match(old_par.size, new_par.size, paragraph_scorer(all_old, all_new))

            def sim_at(r: int, c: int) -> float:
                return float(sim[r, c])
        else:
            # Above the budget: a masked form found exactly once in each version is that pair (module docstring).
            first = _unique_pairs([forms[k] for k in old_par], [forms[n_old + k] for k in new_par])
            f_old = np.array([r for r, _ in first], dtype=np.int64)
            f_new = np.array([c for _, c in first], dtype=np.int64)
            sims = _pair_cosines(old_pv, new_pv, f_old, f_new)
            matched = [(int(r), int(c), float(v)) for r, c, v in zip(f_old, f_new, sims)]
            rest_old, rest_new = np.setdiff1d(all_old, f_old), np.setdiff1d(all_new, f_new)
            rest, _ = _match(rest_old.size, rest_new.size, paragraph_scorer(rest_old, rest_new))
            matched += [(int(rest_old[r]), int(rest_new[c]), v) for r, c, v in rest]

            def sim_at(r: int, c: int) -> float:
                return float(_pair_cosines(old_pv, new_pv, np.array([r]), np.array([c]))[0])
        for r, c, value in matched:
            o, n = int(old_par[r]), int(new_par[c])
            old_to_new[o], new_to_old[n] = n, o
            pairs.append(Pair(o, n, float(np.clip(value, 0, 1))))
        _splits_and_merges(old_par, new_par, old_bin, new_bin, sim_at, pairs, old_to_new, new_to_old)

    paired_old = {p.old for p in pairs}
    paired_new = {p.new for p in pairs}
    pairs.extend(Pair(k, None) for k in range(len(old_nodes)) if k not in paired_old)
    pairs.extend(Pair(None, k) for k in range(len(new_nodes)) if k not in paired_new)
    return Alignment(old_nodes, new_nodes, pairs, old_to_new, new_to_old)


def _unique_pairs(old_forms: list[str], new_forms: list[str]) -> list[tuple[int, int]]:
    """(old, new) positions of the non-empty forms that occur exactly once in each list."""
    def once(forms: list[str]) -> dict[str, int]:
        seen: dict[str, int] = {}
        for k, form in enumerate(forms):
            seen[form] = -1 if form in seen else k
        return {form: k for form, k in seen.items() if k >= 0 and form}

    old_once, new_once = once(old_forms), once(new_forms)
    return sorted((k, new_once[form]) for form, k in old_once.items() if form in new_once)


def _content(nodes: list[Node], sections: np.ndarray, vectors: sparse.csr_matrix) -> sparse.csr_matrix:
    """Per section, the normalised sum of its heading's and paragraphs' vectors."""
    rows, cols = [], []
    position = {int(s): r for r, s in enumerate(sections)}
    for k, node in enumerate(nodes):
        if node.section is not None and node.section in position and node.node != "section":
            rows.append(position[node.section])
            cols.append(k)
    membership = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(sections.size, len(nodes)))
    return _l2(membership @ vectors)


def _best_hosts(hosts: sparse.csr_matrix, leftovers: sparse.csr_matrix, dense: np.ndarray | None
                ) -> tuple[np.ndarray, np.ndarray]:
    """For each leftover row, the first host row sharing the most n-grams with it, and how many it shares.

    ``dense`` is the whole host × leftover overlap when it was affordable; otherwise it is computed in
    column blocks of BLOCK_CELLS cells.
    """
    if dense is not None:
        best = np.argmax(dense, axis=0)
        return best, dense[best, np.arange(dense.shape[1])]
    best_parts, shared_parts = [], []
    step = max(1, BLOCK_CELLS // max(hosts.shape[0], 1))
    product = _BlockProduct(leftovers, hosts)  # counts of shared n-grams: exact in any order
    for c0 in range(0, leftovers.shape[0], step):
        block = product(c0, min(c0 + step, leftovers.shape[0])).T
        best = np.argmax(block, axis=0)
        best_parts.append(best)
        shared_parts.append(block[best, np.arange(block.shape[1])])
    return np.concatenate(best_parts), np.concatenate(shared_parts)


def _splits_and_merges(old_par, new_par, old_bin, new_bin, sim_at, pairs, old_to_new, new_to_old) -> None:
    """Leftover nodes explained by a node of the other version.

    A leftover new node whose n-grams sit inside an old node is either a plain match that cosine missed
    (the old node is unmatched too: one side grew or shrank a lot) or the second half of a split (the
    old node's partner and this node together cover the old node). Merges are the mirror image.
    ``sim_at(r, c)`` is the text similarity of old_par[r] and new_par[c].
    """
    old_rows, new_rows = old_bin[old_par].tocsr(), new_bin[new_par].tocsr()
    # Within the budget the whole overlap matrix, as the matching had; above it, leftovers only, in blocks.
    overlap = (old_rows @ new_rows.T).toarray() if old_par.size * new_par.size <= CELL_BUDGET else None
    old_size = np.asarray(old_rows.sum(axis=1)).ravel()
    new_size = np.asarray(new_rows.sum(axis=1)).ravel()
    old_col = {int(k): i for i, k in enumerate(old_par)}
    new_col = {int(k): i for i, k in enumerate(new_par)}
    by_pair = {(p.old, p.new): p for p in pairs}
    groups = 0

    def ngrams(rows: sparse.csr_matrix, i: int) -> set[int]:
        return set(rows.indices[rows.indptr[i]:rows.indptr[i + 1]].tolist())

    def covered(whole: set[int], parts: list[set[int]]) -> float:
        return len(whole.intersection(*[]) & set().union(*parts)) / max(len(whole), 1)

    def link(first: Pair, second: Pair, relation: str) -> None:
        nonlocal groups
        if first.group is None:
            groups += 1
            first.group, first.relation = f"{relation}{groups}", relation
        second.group, second.relation = first.group, relation

    def resolve(leftovers, size, this_map, other_map, these_rows, those_rows, this_col, make_pair, relation):
        order = [int(i) for i in np.argsort(-size)
                 if int(leftovers[i]) not in this_map and size[i] >= MIN_CONTAINED_NGRAMS]
        if not order:
            return
        # The node of the other version holding most of each leftover's n-grams (the first of equals).
        dense = None
        if overlap is not None:
            dense = overlap[:, order] if relation == "split" else overlap[order, :].T
        best, shared = _best_hosts(those_rows, these_rows[order], dense)
        for i, j, common in zip(order, best.tolist(), shared.tolist()):
            node = int(leftovers[i])
            inside = common / size[i]
            host = int((new_par if relation == "merge" else old_par)[j])
            if host not in other_map:
                if inside >= CONTAINED:
                    pair = make_pair(node, host, i, j)
                    this_map[node], other_map[host] = host, node
                    pairs.append(pair)
                    by_pair[(pair.old, pair.new)] = pair
                continue
            partner = other_map[host]
            first = by_pair.get((host, partner) if relation == "split" else (partner, host))
            if first is None or first.relation not in (None, relation) or inside < CONTAINED_PART:
                continue
            whole, partner_grams = ngrams(those_rows, j), ngrams(these_rows, this_col[partner])
            before = covered(whole, [partner_grams])
            after = covered(whole, [partner_grams, ngrams(these_rows, int(i))])
            if after >= SPLIT_COVERAGE and after - before >= 0.15:
                pair = make_pair(node, host, i, j)
                this_map[node] = host
                pairs.append(pair)
                link(first, pair, relation)

    # Splits: leftover new nodes inside an old node.
    resolve(new_par, new_size, new_to_old, old_to_new, new_rows, old_rows, new_col,
            lambda n, o, c, r: Pair(o, n, sim_at(r, c)), "split")
    # Merges: leftover old nodes inside a new node.
    resolve(old_par, old_size, old_to_new, new_to_old, old_rows, new_rows, old_col,
            lambda o, n, r, c: Pair(o, n, sim_at(r, c)), "merge")


def longest_increasing(values: list[int]) -> set[int]:
    """Indices of one longest strictly increasing subsequence (patience sorting, O(n log n))."""
    tails: list[int] = []
    tail_index: list[int] = []
    previous = [-1] * len(values)
    for i, v in enumerate(values):
        k = bisect.bisect_left(tails, v)
        if k == len(tails):
            tails.append(v)
            tail_index.append(i)
        else:
            tails[k] = v
            tail_index[k] = i
        previous[i] = tail_index[k - 1] if k > 0 else -1
    keep: set[int] = set()
    i = tail_index[-1] if tail_index else -1
    while i >= 0:
        keep.add(i)
        i = previous[i]
    return keep
