"""Structural alignment of two plans: sections first, then every paragraph-like node, globally.

Why not a sequence diff: plans are rewritten, not edited in place. Sections swap, measures move to
another section, one measure becomes two. A sequence diff calls all of that delete + insert. Here
each level is a weighted bipartite matching: a similarity matrix over every old × new pair (sparse
character n-gram TF-IDF on the matching form, numbers and placeholders masked), plus small
structural bonuses (same matched parent, same node kind and level, similar relative position, shared
domains), solved exactly with ``scipy.optimize.linear_sum_assignment``. Leftovers are then checked
for splits and merges by n-gram containment, and moves are decided by parent, reorders by a longest
increasing subsequence. Numbers never decide a match, so renumbering alone is never a change.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from scipy.optimize import linear_sum_assignment

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


def base_forms(texts: list[str]) -> list[str]:
    """match_form of many texts (one OpenCC call), leading bullets dropped, placeholders (noise.toml) as '#'."""
    placeholder = noise_rules().placeholder_any
    return [placeholder.sub("#", _BULLET.sub("", form)) for form in match_forms(texts)]


def masked_form(base: str) -> str:
    """What similarity sees: numbers and placeholders reduced to '#', so 20名 and 30名 match fully."""
    return QUANTITY_RE.sub("#", base)


def equality_form(base: str) -> str:
    """What 'unchanged' compares: numbers kept, placeholders, width, bullets and a final stop ignored."""
    return _TRAILING.sub("", base)


# --- vectors ------------------------------------------------------------------------------------
def ngram_counts(forms: list[str]) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """Character unigram and bigram count matrices (rows = forms), built with numpy, no Python loop per n-gram."""
    n = len(forms)
    lengths = np.fromiter((len(f) for f in forms), dtype=np.int64, count=n)
    joined = "".join(forms)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
    rows = np.repeat(np.arange(n, dtype=np.int64), lengths)

    def matrix(keys: np.ndarray, key_rows: np.ndarray) -> sparse.csr_matrix:
        if keys.size == 0:
            return sparse.csr_matrix((n, 1), dtype=np.float64)
        vocab, columns = np.unique(keys, return_inverse=True)
        data = np.ones(keys.size, dtype=np.float64)
        m = sparse.csr_matrix((data, (key_rows, columns.ravel())), shape=(n, vocab.size))
        m.sum_duplicates()
        return m

    unigrams = matrix(codes, rows)
    same_row = rows[:-1] == rows[1:]
    bigram_keys = (codes[:-1][same_row] << 21) | codes[1:][same_row]
    bigrams = matrix(bigram_keys, rows[:-1][same_row])
    return unigrams, bigrams


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


def _domain_overlap(old: list[Node], new: list[Node]) -> np.ndarray:
    names = sorted({d for n in old + new for d in n.domains})
    if not names:
        return np.zeros((len(old), len(new)))
    index = {d: k for k, d in enumerate(names)}

    def incidence(nodes: list[Node]) -> np.ndarray:
        m = np.zeros((len(nodes), len(names)))
        for r, n in enumerate(nodes):
            for d in n.domains:
                m[r, index[d]] = 1.0
        return m

    a, b = incidence(old), incidence(new)
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
        title = (old_vec[old_sec] @ new_vec[new_sec].T).toarray()
        content = (_content(old_nodes, old_sec, old_vec) @ _content(new_nodes, new_sec, new_vec).T).toarray()
        titled = np.array([bool(forms[k]) for k in old_sec])[:, None] & \
            np.array([bool(forms[n_old + k]) for k in new_sec])[None, :]
        score = np.where(titled, 0.5 * title + 0.5 * content, content)
        position = 1.0 - np.abs(_relative(np.arange(old_sec.size), old_sec.size)[:, None]
                                - _relative(np.arange(new_sec.size), new_sec.size)[None, :])
        accept = ((titled & (title >= SECTION_TITLE_OK)) | (content >= SECTION_CONTENT_OK)
                  | (score >= SECTION_SCORE_OK))
        for r, c in _assign(score + 0.05 * position, accept):
            section_map[int(old_sec[r])] = int(new_sec[c])
            section_sim[(int(old_sec[r]), int(new_sec[c]))] = float(np.clip(max(title[r, c], score[r, c])
                                                                            if titled[r, c] else score[r, c], 0, 1))

    # Paragraph-like nodes (items at every depth, intros, preamble, closing): one global matching.
    pairs: list[Pair] = []
    old_to_new: dict[int, int] = dict(section_map)
    new_to_old: dict[int, int] = {v: k for k, v in section_map.items()}
    for (o, n), s in section_sim.items():
        pairs.append(Pair(o, n, s))
    if old_par.size and new_par.size:
        sim = (old_vec[old_par] @ new_vec[new_par].T).toarray()
        # Plan-level paragraphs (preamble, closing) share the pseudo-section -2.
        old_home = np.array([section_map.get(old_nodes[k].section, -1) if old_nodes[k].section is not None else -2
                             for k in old_par])
        new_home = np.array([new_nodes[k].section if new_nodes[k].section is not None else -2 for k in new_par])
        same_home = old_home[:, None] == new_home[None, :]
        kinds = {"item": 0, "intro": 1, "preamble": 2, "closing": 3}
        same_kind = np.array([kinds[old_nodes[k].node] for k in old_par])[:, None] == \
            np.array([kinds[new_nodes[k].node] for k in new_par])[None, :]
        same_level = np.array([old_nodes[k].level for k in old_par])[:, None] == \
            np.array([new_nodes[k].level for k in new_par])[None, :]
        position = 1.0 - np.abs(_relative(old_par, len(old_nodes))[:, None]
                                - _relative(new_par, len(new_nodes))[None, :])
        domains = _domain_overlap([old_nodes[k] for k in old_par], [new_nodes[k] for k in new_par])
        score = sim + 0.1 * same_home + 0.05 * same_kind + 0.03 * same_level + 0.05 * position + 0.05 * domains
        accept = (sim >= PARAGRAPH_OK) | (same_home & (sim >= PARAGRAPH_OK_SAME_PARENT))
        for r, c in _assign(score, accept):
            o, n = int(old_par[r]), int(new_par[c])
            old_to_new[o], new_to_old[n] = n, o
            pairs.append(Pair(o, n, float(np.clip(sim[r, c], 0, 1))))
        _splits_and_merges(old_par, new_par, old_bin, new_bin, sim, pairs, old_to_new, new_to_old)

    paired_old = {p.old for p in pairs}
    paired_new = {p.new for p in pairs}
    pairs.extend(Pair(k, None) for k in range(len(old_nodes)) if k not in paired_old)
    pairs.extend(Pair(None, k) for k in range(len(new_nodes)) if k not in paired_new)
    return Alignment(old_nodes, new_nodes, pairs, old_to_new, new_to_old)


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


def _splits_and_merges(old_par, new_par, old_bin, new_bin, sim, pairs, old_to_new, new_to_old) -> None:
    """Leftover nodes explained by a node of the other version.

    A leftover new node whose n-grams sit inside an old node is either a plain match that cosine missed
    (the old node is unmatched too: one side grew or shrank a lot) or the second half of a split (the
    old node's partner and this node together cover the old node). Merges are the mirror image.
    """
    old_rows, new_rows = old_bin[old_par].tocsr(), new_bin[new_par].tocsr()
    overlap = (old_rows @ new_rows.T).toarray()
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

    def resolve(leftovers, size, inside_of, this_map, other_map, these_rows, those_rows, this_col, other_col,
                make_pair, relation):
        for i in np.argsort(-size):
            node = int(leftovers[i])
            if node in this_map or size[i] < MIN_CONTAINED_NGRAMS:
                continue
            inside = inside_of(i) / size[i]
            j = int(np.argmax(inside))
            host = int((new_par if relation == "merge" else old_par)[j])
            if host not in other_map:
                if inside[j] >= CONTAINED:
                    pair = make_pair(node, host, i, j)
                    this_map[node], other_map[host] = host, node
                    pairs.append(pair)
                    by_pair[(pair.old, pair.new)] = pair
                continue
            partner = other_map[host]
            first = by_pair.get((host, partner) if relation == "split" else (partner, host))
            if first is None or first.relation not in (None, relation) or inside[j] < CONTAINED_PART:
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
    resolve(new_par, new_size, lambda c: overlap[:, c], new_to_old, old_to_new, new_rows, old_rows, new_col, old_col,
            lambda n, o, c, r: Pair(o, n, float(sim[r, c])), "split")
    # Merges: leftover old nodes inside a new node.
    resolve(old_par, old_size, lambda r: overlap[r, :], old_to_new, new_to_old, old_rows, new_rows, old_col, new_col,
            lambda o, n, r, c: Pair(o, n, float(sim[r, c])), "merge")


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
