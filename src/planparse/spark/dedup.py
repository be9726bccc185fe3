"""find_duplicates on Apache Spark: the single-machine engine's steps, distributed (issue 17).

    from planparse.spark.dedup import find_duplicates
    groups = find_duplicates(items, text_col="text", id_col="id", threshold=0.75)
    # DataFrame(id, group, kind, similarity, representative): one row per unit in a group

The same steps as ``planparse.find_duplicates`` (planparse/dedup/engine.py), with its own functions run on
Arrow batches inside the executors, so the two agree:

1. **Normalise** each partition with ``dedup.normal.clause_forms`` (markers, widths, Traditional,
   numbers, punctuation): the clause form, whose characters without ``|`` are the comparison form.
2. **Exact duplicates by form**: one shuffle by comparison form makes one *node* per distinct form; its id
   is the position of its first unit, its weight the number of units. A unit whose form is empty
   (nothing left to compare) joins no group.
3. **MinHash** (``dedup.minhash.MinHasher.index``: 240 permutations of character bigrams, 60 bands of 4
   rows, a 96-value 8-bit head) on the nodes at least ``MIN_NEAR_LENGTH`` characters long.
4. **Bands grouped by key in Spark** (a shuffle by (band, key)); each bucket's pairs come from
   ``minhash._bucket_pairs`` as on one machine (a bucket larger than ``MAX_BUCKET`` links its members to
   its first node only). Pairs whose estimated Jaccard is below ``MIN_ESTIMATED_JACCARD`` are dropped,
   after a join with the heads alone (most band pairs share stock phrases only).
5. **Confirmation with rapidfuzz inside partitions**: each candidate pair meets both nodes' forms, heads
   and clause splits (of their first ``MAX_SPLITS`` units) by two joins, and ``engine._confirm`` decides,
   with the same views (characters in order, sorted clauses, bigram estimate, containment, the short
   pair clause guard).
6. **Groups around a representative** (``engine._star_groups``: the node gathering the most units picks
   its neighbours, a member joins only when it matches the representative; never chained). That greedy
   pass only looks along confirmed edges, so it runs per connected component of the edge graph: the
   components are found on the driver from the edge list alone (scipy), each lands whole in
   one partition, and the result is the one the engine would give on the whole graph. The components
   only decide where the grouping runs; groups are still stars.

Output columns:

- ``id``: the unit's id (``id_col``, its type kept);
- ``group``: a long shared by every member of a group, the position of its representative (see Order);
- ``kind``: ``"exact"`` when every member has the representative's comparison form (copies up to
  markers, punctuation, widths, script and numbers), ``"near"`` when at least one member matched it by
  similarity; the same meaning as ``DuplicateGroup.kind``. The single engine's third kind,
  ``"sentence"`` (a sentence repeated inside one unit), is not computed here;
- ``similarity``: the member's similarity to the representative, 1.0 for the representative and its
  exact copies (``DuplicateGroup.similarities``); as there, a member that matched by containment (a
  clause inserted or deleted) keeps its character ratio, which may be below the threshold;
- ``representative``: the id of the unit the group formed around.

Order: where the single engine breaks ties by position in the list, this one uses the row order of
``df`` (``monotonically_increasing_id``), so a DataFrame built from the same list in the same order
gives the same groups. The normalised table is persisted once so positions cannot change between the
steps that read it.

Evaluation: the call runs the jobs up to the star groups (the components need the edges on the driver,
and each cached table is filled once before two branches read it); the last joins are lazy. The
intermediate tables (normalised units, signatures, edges, node groups) stay cached for the returned
DataFrame; ``spark.catalog.clearCache()`` frees them once it is written.

Cost (benchmarks/RESULTS.md, "Spark"): per 100,000 paragraphs about 1.3 MB of shuffle per band and 4.7M
band pairs, of which the Jaccard estimate keeps 4 %; the tasks of the Python steps each start a worker,
so ``spark.sql.shuffle.partitions`` should give them tens of thousands of rows each, not the default 200
partitions for a small input.

pyspark is imported inside the functions, so ``import planparse.spark.dedup`` works without it; the
executors need planparse installed (they import ``planparse.dedup``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Iterator

import numpy as np

from planparse.dedup.engine import (
    DEFAULT_THRESHOLD,
    HEAD_COLUMNS,
    MAX_BUCKET,
    MAX_SPLITS,
    MIN_ESTIMATED_JACCARD,
    Settings,
    _confirm,
    _SortedClauses,
    _star_groups,
)
from planparse.dedup.minhash import MinHasher, _bucket_pairs, estimated_jaccard
from planparse.dedup.normal import CLAUSE, clause_forms
from planparse.errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    import pyarrow as pa
    from pyspark.sql import DataFrame


def find_duplicates(
    df: "DataFrame",
    text_col: str = "text",
    id_col: str = "id",
    threshold: float = DEFAULT_THRESHOLD,
    *,
    settings: Settings | None = None,
) -> "DataFrame":
    """Exact and near duplicate groups among the rows of ``df``, as one row per member:
    (id, group, kind, similarity, representative). See the module docstring."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    if not 0.0 < threshold <= 1.0:
        raise InputError(f"threshold must be in (0, 1], got {threshold}")
    for name in (text_col, id_col):
        if name not in df.columns:
            raise InputError(f"find_duplicates: no column {name!r} in the DataFrame (columns: {', '.join(df.columns)})")
    if not isinstance(df.schema[text_col].dataType, StringType):
        raise InputError(f"find_duplicates: column {text_col!r} must hold strings, not {df.schema[text_col].dataType.simpleString()}")
    config = replace(settings or Settings(), threshold=threshold, sentences=False, workers=1)
    id_type = df.schema[id_col].dataType

    # 1. positions and clause forms, kept: every later step reads them, and positions must not move.
    units = df.select(F.col(id_col).alias("id"), F.col(text_col).alias("text")).withColumn("pos", F.monotonically_increasing_id())
    normal = units.mapInArrow(
        _normalise, StructType([StructField("pos", LongType()), StructField("id", id_type), StructField("clauses", StringType())])
    )
    normal = normal.where(F.length("clauses") > 0).withColumn("form", F.translate("clauses", CLAUSE, ""))

    # 2. exact: one node per comparison form, its id the first unit's position.
    by_form = Window.partitionBy("form").orderBy("pos")
    whole = by_form.rowsBetween(Window.unboundedPreceding, Window.unboundedFollowing)
    ranked = normal.select(
        "pos", "id", "form", "clauses",
        F.row_number().over(by_form).alias("rank"),
        F.first("pos").over(whole).alias("node"),
        F.count(F.lit(1)).over(whole).alias("weight"),
    ).persist()
    ranked.count()  # filled now: read by both sides of later joins, it would otherwise be computed twice
    members = ranked.select("pos", "id", "node", "weight", "rank")

    # 3-5. near edges between long nodes.
    if config.threshold < 1.0:
        nodes = (
            ranked.where((F.col("rank") <= MAX_SPLITS) & (F.length("form") >= config.min_near_length))
            .groupBy("form", "node")  # already clustered by form: no shuffle
            .agg(F.sort_array(F.collect_list(F.struct("rank", "clauses"))).alias("splits"))
            .select("node", "form", F.col("splits.clauses").alias("splits"))
        )
        signed = nodes.mapInArrow(
            _signatures(config), "node long, form string, splits array<string>, head binary, keys array<int>"
        ).persist()
        signed.count()
        bands = signed.select("node", F.posexplode("keys").alias("band", "key"))
        buckets = (
            bands.groupBy("band", "key")
            .agg(F.array_sort(F.collect_list("node")).alias("nodes"))
            .where(F.size("nodes") >= 2)
            .select("nodes")
        )
        pairs = buckets.mapInArrow(_pairs, "a long, b long").distinct()
        # The Jaccard estimate first, on the heads alone: at 100k paragraphs 4.65M band pairs, 173k kept.
        # Joining the forms to every band pair before this filter spilled 1 GB and took 40 % of the job.
        heads = signed.select("node", "head")
        likely = (
            pairs.join(heads.toDF("a", "head_a"), "a").join(heads.toDF("b", "head_b"), "b")
            .mapInArrow(_likely, "a long, b long")
        )
        side = signed.select("node", "form", "splits", "head")
        left = side.toDF("a", "form_a", "splits_a", "head_a")
        right = side.toDF("b", "form_b", "splits_b", "head_b")
        edges = (
            likely.join(left, "a").join(right, "b")
            .mapInArrow(_confirmer(config), "a long, b long, similarity double, how string")
            .persist()
        )
        weights = ranked.where(F.col("rank") == 1).select("node", "weight")
        near = _grouped(edges, weights).persist()  # node, group, kind, similarity
        near.count()
    else:
        near = None

    # exact groups of nodes without near edges: the node's units alone.
    copies = ranked.where((F.col("rank") == 1) & (F.col("weight") > 1)).select("node")
    if near is not None:
        copies = copies.join(near.select("node"), "node", "left_anti")
    exact = copies.select("node", F.col("node").alias("group"), F.lit("exact").alias("kind"), F.lit(1.0).alias("similarity"))
    node_groups = exact if near is None else exact.unionByName(near)

    rep_ids = members.where(F.col("rank") == 1).select(F.col("node").alias("group"), F.col("id").alias("representative"))
    out = (
        members.join(node_groups, "node")
        .join(rep_ids, "group")
        .select("id", "group", "kind", "similarity", "representative")
    )
    return out


# ---- executor-side functions (Arrow batches in, Arrow batches out) -------------------------------------


def _normalise(batches: Iterator["pa.RecordBatch"]) -> Iterator["pa.RecordBatch"]:
    import pyarrow as pa

    for batch in batches:
        texts = [t if isinstance(t, str) else "" for t in batch.column("text").to_pylist()]
        yield pa.RecordBatch.from_arrays(
            [batch.column("pos"), batch.column("id"), pa.array(clause_forms(texts), type=pa.string())],
            names=["pos", "id", "clauses"],
        )


def _signatures(config: Settings):
    def run(batches: Iterator["pa.RecordBatch"]) -> Iterator["pa.RecordBatch"]:
        import pyarrow as pa

        hasher = MinHasher(config.num_perm, config.shingle)
        for batch in batches:
            if batch.num_rows == 0:
                continue
            forms = batch.column("form").to_pylist()
            keys, head = hasher.index(forms, config.bands, config.rows, HEAD_COLUMNS)
            n = len(forms)
            offsets = np.arange(0, n * HEAD_COLUMNS + 1, HEAD_COLUMNS, dtype=np.int32)
            heads = pa.Array.from_buffers(pa.binary(), n, [None, pa.py_buffer(offsets), pa.py_buffer(np.ascontiguousarray(head))])
            flat = np.ascontiguousarray(keys.T).view(np.int32).reshape(-1)
            key_lists = pa.ListArray.from_arrays(pa.array(np.arange(0, n * config.bands + 1, config.bands, dtype=np.int32)), pa.array(flat))
            yield pa.RecordBatch.from_arrays(
                [batch.column("node"), batch.column("form"), batch.column("splits"), heads, key_lists],
                names=["node", "form", "splits", "head", "keys"],
            )

    return run


def _pairs(batches: Iterator["pa.RecordBatch"]) -> Iterator["pa.RecordBatch"]:
    """Each bucket's pairs (a < b), as the single engine's ``_bucket_pairs`` makes them."""
    import pyarrow as pa

    for batch in batches:
        lists = batch.column("nodes")
        nodes = lists.flatten().to_numpy(zero_copy_only=False).astype(np.int64)
        if not nodes.size:
            continue
        offsets = lists.offsets.to_numpy()
        bucket = np.repeat(np.arange(len(lists), dtype=np.int64), np.diff(offsets))
        # nodes are sorted within each bucket, so the stable argsort inside _bucket_pairs keeps them in
        # order: a big bucket links to its smallest node, as on one machine
        for found in _bucket_pairs(bucket, MAX_BUCKET):
            yield pa.RecordBatch.from_arrays([pa.array(nodes[found[:, 0]]), pa.array(nodes[found[:, 1]])], names=["a", "b"])


def _likely(batches: Iterator["pa.RecordBatch"]) -> Iterator["pa.RecordBatch"]:
    """The pairs whose estimated Jaccard (``minhash.estimated_jaccard`` on the heads) reaches
    ``MIN_ESTIMATED_JACCARD``, the filter ``band_pairs`` applies on one machine."""
    import pyarrow as pa

    for batch in batches:
        n = batch.num_rows
        if not n:
            continue
        heads = np.concatenate((_heads(batch.column("head_a")), _heads(batch.column("head_b"))))
        side_by_side = np.stack((np.arange(n), np.arange(n, 2 * n)), axis=1)
        keep = estimated_jaccard(heads, side_by_side) >= MIN_ESTIMATED_JACCARD
        if keep.any():
            yield pa.RecordBatch.from_arrays([batch.column("a").filter(pa.array(keep)), batch.column("b").filter(pa.array(keep))], names=["a", "b"])


def _confirmer(config: Settings):
    def run(batches: Iterator["pa.RecordBatch"]) -> Iterator["pa.RecordBatch"]:
        import pyarrow as pa

        for batch in batches:
            if batch.num_rows == 0:
                continue
            a = batch.column("a").to_numpy()
            b = batch.column("b").to_numpy()
            # local node table: one row per node of the batch, read from the row where it first appears
            ids, first, local = np.unique(np.concatenate((a, b)), return_index=True, return_inverse=True)
            pairs = np.stack((local[: len(a)], local[len(a) :]), axis=1).astype(np.int64)
            forms_all = batch.column("form_a").to_pylist() + batch.column("form_b").to_pylist()
            splits_all = batch.column("splits_a").to_pylist() + batch.column("splits_b").to_pylist()
            forms = [forms_all[k] for k in first.tolist()]
            head = np.concatenate((_heads(batch.column("head_a")), _heads(batch.column("head_b"))))[first]
            lengths, starts, members = [], [0], []
            for row in first.tolist():
                mine = []
                for split in splits_all[row]:
                    parts = split.split(CLAUSE)
                    lengths.extend(len(p) for p in parts)
                    starts.append(starts[-1] + len(parts))
                    mine.append(len(starts) - 2)
                members.append(mine)
            clauses = (np.asarray(lengths, dtype=np.int32), np.asarray(starts, dtype=np.int64))
            form_lengths = np.fromiter((len(f) for f in forms), dtype=np.int64, count=len(forms))
            view = _SortedClauses(forms, clauses, members)
            edges = _confirm(pairs, forms, form_lengths, view, head, config)
            if not edges:
                continue
            left, right, sims, hows = zip(*edges)
            yield pa.RecordBatch.from_arrays(
                [pa.array(ids[list(left)]), pa.array(ids[list(right)]), pa.array(sims, type=pa.float64()), pa.array(hows)],
                names=["a", "b", "similarity", "how"],
            )

    return run


def _heads(column: "pa.Array") -> np.ndarray:
    """A binary column of HEAD_COLUMNS-byte values as an (n, HEAD_COLUMNS) uint8 matrix, without copies per row."""
    offsets = np.frombuffer(column.buffers()[1], dtype=np.int32)[column.offset : column.offset + len(column) + 1]
    data = np.frombuffer(column.buffers()[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
    if len(data) != len(column) * HEAD_COLUMNS:
        raise ValueError("a MinHash head of the wrong length")
    return data.reshape(len(column), HEAD_COLUMNS)


def _stars(batches: Iterator["pa.RecordBatch"]) -> Iterator["pa.RecordBatch"]:
    """``engine._star_groups`` over the whole components of a partition, each node standing for its units
    (its id is its first unit's position, which breaks ties as on one machine)."""
    import pyarrow as pa

    a_all, b_all, sims, hows, weights = [], [], [], [], {}
    for batch in batches:
        a_all.append(batch.column("a").to_numpy())
        b_all.append(batch.column("b").to_numpy())
        sims.extend(batch.column("similarity").to_pylist())
        hows.extend(batch.column("how").to_pylist())
        for node, weight in zip(batch.column("a").to_pylist(), batch.column("weight_a").to_pylist()):
            weights[node] = weight
        for node, weight in zip(batch.column("b").to_pylist(), batch.column("weight_b").to_pylist()):
            weights[node] = weight
    if not a_all:
        return
    a = np.concatenate(a_all)
    b = np.concatenate(b_all)
    ids = np.unique(np.concatenate((a, b)))
    la, lb = np.searchsorted(ids, a), np.searchsorted(ids, b)
    node_members = [[int(i)] for i in ids]
    node_weight = np.fromiter((weights[int(i)] for i in ids), dtype=np.int64, count=len(ids))
    edges = list(zip(la.tolist(), lb.tolist(), sims, hows))
    out_node, out_group, out_kind, out_sim = [], [], [], []
    for group in _star_groups(node_members, node_weight, edges):
        for node in group.indices:
            out_node.append(node)
            out_group.append(group.representative)
            out_kind.append(group.kind)
            out_sim.append(group.similarities[node])
    yield pa.RecordBatch.from_arrays(
        [pa.array(out_node, type=pa.int64()), pa.array(out_group, type=pa.int64()), pa.array(out_kind, type=pa.string()),
         pa.array(out_sim, type=pa.float64())],
        names=["node", "group", "kind", "similarity"],
    )


# ---- driver-side helpers ---------------------------------------------------------------------------------


def _grouped(edges: "DataFrame", weights: "DataFrame") -> "DataFrame":
    """(node, group, kind, similarity) for the nodes with near edges: star groups per component."""
    component = _components(edges)
    w = weights.toDF("node", "weight")
    located = (
        edges.join(component.toDF("a", "component"), "a")
        .join(w.toDF("a", "weight_a"), "a")
        .join(w.toDF("b", "weight_b"), "b")
        .repartition("component")
        .select("a", "b", "similarity", "how", "weight_a", "weight_b")
    )
    return located.mapInArrow(_stars, "node long, group long, kind string, similarity double")


def _components(edges: "DataFrame") -> "DataFrame":
    """(node, component) for every node of the confirmed edges: connected components on the driver.

    Only the two node columns come to the driver (16 bytes an edge, ~40 at the peak of the union-find);
    scipy's connected_components is C. Label propagation in Spark gave the same labels but took a few
    shuffles and an action per round, which cost more than the rest of the job at 100k paragraphs; the
    groups themselves are formed in the executors.
    """
    import pyarrow as pa
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    spark = edges.sparkSession
    pairs = _to_arrow(edges.select("a", "b"))
    a = pairs.column("a").to_numpy()
    b = pairs.column("b").to_numpy()
    nodes = np.unique(np.concatenate((a, b)))
    la, lb = np.searchsorted(nodes, a), np.searchsorted(nodes, b)
    graph = coo_matrix((np.ones(len(la), dtype=np.int8), (la, lb)), shape=(len(nodes), len(nodes))).tocsr()
    del a, b, la, lb, pairs
    _, labels = connected_components(graph, directed=False)
    table = pa.table({"node": pa.array(nodes, type=pa.int64()), "component": pa.array(labels.astype(np.int64))})
    return _from_arrow(spark, table)


def _to_arrow(df: "DataFrame") -> "pa.Table":
    if hasattr(df, "toArrow"):  # pyspark 4
        return df.toArrow()
    import pyarrow as pa

    return pa.Table.from_pandas(df.toPandas(), preserve_index=False)


def _from_arrow(spark, table: "pa.Table") -> "DataFrame":
    try:  # pyspark 4 takes an Arrow table
        return spark.createDataFrame(table)
    except TypeError:
        return spark.createDataFrame(table.to_pandas())
