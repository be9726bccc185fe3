"""planparse.spark.dedup.find_duplicates on local Spark against the single-machine engine (issue 17).

One Spark run covers generated paragraphs from both benchmark generators plus the hand-written cases
(exact copies in many dresses, a chain of edits, hostile strings): the Spark job costs seconds of
overhead per stage, so the cases share it, and every case must still agree with ``planparse.find_duplicates``
on the very same list.
"""

from __future__ import annotations

import os
import sys
from collections import defaultdict
from pathlib import Path

import pytest

import planparse
from planparse.errors import InputError

pytestmark = pytest.mark.spark
# The Python workers must import this planparse, not whatever `python3` is first on PATH.
os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

# Each step replaces one clause: neighbours in the chain match (0.77-0.83), the ends do not (0.38).
CHAIN = [
    "依托职工书屋和劳模创新工作室，组织技术骨干结对带徒，开展岗位练兵和技能比武，评选年度金牌工匠。",
    "依托职工书屋和劳模创新工作室，组织技术骨干结对带徒，开展安全知识竞赛和应急演练，评选年度金牌工匠。",
    "依托职工书屋和劳模创新工作室，邀请退休老师傅驻厂指导，开展安全知识竞赛和应急演练，评选年度金牌工匠。",
    "依托职工书屋和劳模创新工作室，邀请退休老师傅驻厂指导，开展安全知识竞赛和应急演练，编印班组操作手册。",
    "（二）依托职工书屋和劳模创新工作室,组织技术骨干结对带徒,开展安全知识竞赛和应急演练,评选年度金牌工匠。",
]
# One paragraph in the dresses a template copy wears: marker, widths, script, numbers, line breaks.
COPIES = [
    "三、各车间要在汛期前完成排水泵站检修，储备沙袋2000只，汛期实行24小时值班。",
    "3. 各车间要在汛期前完成排水泵站检修,储备沙袋3500只,汛期实行24小时值班.",
    "（三）各車間要在汛期前完成排水泵站檢修，儲備沙袋１５００只，\n汛期實行２４小時值班。",
    "- 各车间要在汛期前完成排水泵站检修；储备沙袋××只；\r\n汛期实行××小时值班",
]
HOSTILE = [
    None, "", "   \t", "。，；！？……", "（一）", "1.", "\n\n", "\u2028\u2029\x0b", "\x00\x01\x7f", "|||", "a|b|c",
    "🙂🙂🙂", "🙂🙂🙂", "مرحبا بالعالم", "<script>alert(1)</script>", "'; DROP TABLE items; --",
    "推进" * 3000, "推进" * 2999 + "推动", "2024", "2025",
    "第一条 严格执行危险作业审批制度\u200b，动火作业必须专人监护。", "第二条 严格执行危险作业审批制度，动火作业必须专人监护",
]


def _texts():
    from gen_dedup_corpus import generate as corpus
    from gen_dedup_edits import generate as edits

    texts = [r["text"] for r in edits(1200, seed=5)] + [r["text"] for r in corpus(400, seed=3)]
    return texts + CHAIN + COPIES + HOSTILE


def _ids(n: int) -> list[str]:
    return [f"u{i:05d}" for i in range(n)]


def _single(texts, threshold=0.75):
    """The single engine's groups as {frozenset(ids): (representative id, kind, {id: similarity})}."""
    ids = _ids(len(texts))
    groups = planparse.find_duplicates([t or "" for t in texts], threshold, sentences=False)
    return {
        frozenset(ids[i] for i in g.indices): (ids[g.representative], g.kind, {ids[i]: s for i, s in g.similarities.items()})
        for g in groups
    }


def _spark(spark, texts, threshold=0.75):
    from planparse.spark.dedup import find_duplicates

    df = spark.createDataFrame(list(zip(_ids(len(texts)), texts)), "id string, text string")
    out = find_duplicates(df, threshold=threshold)
    rows = out.collect()
    by_group = defaultdict(list)
    for row in rows:
        by_group[row["group"]].append(row)
    result = {}
    for members in by_group.values():
        reps = {m["representative"] for m in members}
        kinds = {m["kind"] for m in members}
        assert len(reps) == 1 and len(kinds) == 1, members
        result[frozenset(m["id"] for m in members)] = (reps.pop(), kinds.pop(), {m["id"]: m["similarity"] for m in members})
    return out, rows, result


@pytest.fixture(scope="module")
def run(spark):
    texts = _texts()
    out, rows, groups = _spark(spark, texts)
    return {"texts": texts, "ids": _ids(len(texts)), "schema": out.schema, "rows": rows, "spark": groups, "single": _single(texts)}


def _where(run, text):
    return run["ids"][run["texts"].index(text)]


def _group_of(run, uid):
    return next(((members, g) for members, g in run["spark"].items() if uid in members), (frozenset(), None))


def test_groups_agree_with_the_single_engine(run):
    single, spark = run["single"], run["spark"]
    assert len(single) > 150  # the generated families are there
    assert set(spark) == set(single)
    for members, (rep, kind, sims) in single.items():
        spark_rep, spark_kind, spark_sims = spark[members]
        assert (spark_rep, spark_kind) == (rep, kind), sorted(members)
        assert spark_sims == pytest.approx(sims, abs=1e-4)
    assert {g[1] for g in spark.values()} == {"exact", "near"}


def test_one_row_per_member_with_its_group_columns(run):
    assert [f.name for f in run["schema"].fields] == ["id", "group", "kind", "similarity", "representative"]
    assert [f.dataType.simpleString() for f in run["schema"].fields] == ["string", "bigint", "string", "double", "string"]
    ids = [r["id"] for r in run["rows"]]
    assert len(ids) == len(set(ids))
    for row in run["rows"]:
        if row["id"] == row["representative"]:
            assert row["similarity"] == 1.0
        else:  # below the threshold only for a clause inserted or deleted (containment keeps the ratio)
            assert 0.0 < row["similarity"] <= 1.0


def test_copies_in_other_dress_are_one_exact_group(run):
    ids = [_where(run, t) for t in COPIES]
    members, (rep, kind, sims) = _group_of(run, ids[0])
    assert members == frozenset(ids)
    assert (rep, kind) == (ids[0], "exact")
    assert set(sims.values()) == {1.0}


def test_groups_form_around_a_representative_not_along_a_chain(run):
    # CHAIN[0] matches CHAIN[1], which joins the group of CHAIN[2] (its two neighbours gather four units):
    # a member must match the representative itself, so CHAIN[0] stays out instead of chaining in.
    ids = [_where(run, t) for t in CHAIN]
    members, (rep, kind, sims) = _group_of(run, ids[2])
    assert members == frozenset(ids[1:])
    assert (rep, kind) == (ids[2], "near")
    assert sims[ids[1]] == sims[ids[4]] == pytest.approx(0.7692, abs=1e-4)
    assert _group_of(run, ids[0])[1] is None


def test_hostile_strings(run):
    grouped = {uid for members in run["spark"] for uid in members}
    ids = [run["ids"][len(run["texts"]) - len(HOSTILE) + k] for k in range(len(HOSTILE))]
    # None, empty, whitespace, punctuation, a bare marker, breaks, controls, bars, and emoji (the comparison
    # form keeps letters and digits only): nothing to compare, so in no group, as on one machine
    nothing_to_compare = ids[:10] + ids[11:13]
    assert not grouped & set(nothing_to_compare)
    assert not grouped & set(ids[13:16])  # Arabic, markup, SQL: compared, but unlike anything
    assert _group_of(run, ids[16])[0] == frozenset(ids[16:18])  # 6,000 characters, one changed
    assert _group_of(run, ids[18])[0] == frozenset(ids[18:20])  # numbers are masked
    members, (rep, kind, _) = _group_of(run, ids[20])  # a zero-width space and a marker
    assert members == frozenset(ids[20:22]) and kind == "exact"


def test_exact_only_at_threshold_one(spark):
    texts = CHAIN + COPIES + HOSTILE
    _, _, groups = _spark(spark, texts, threshold=1.0)
    assert groups == _single(texts, threshold=1.0)
    assert {g[1] for g in groups.values()} == {"exact"}


def test_empty_input(spark):
    from planparse.spark.dedup import find_duplicates

    out = find_duplicates(spark.createDataFrame([], "id long, text string"))
    assert out.columns == ["id", "group", "kind", "similarity", "representative"]
    assert out.count() == 0


def test_bad_arguments_are_input_errors(spark):
    from planparse.spark.dedup import find_duplicates

    df = spark.createDataFrame([(1, "加强安全生产监管", 3)], "id long, text string, n int")
    with pytest.raises(InputError, match="threshold"):
        find_duplicates(df, threshold=0)
    with pytest.raises(InputError, match="threshold"):
        find_duplicates(df, threshold=1.5)
    with pytest.raises(InputError, match="body"):
        find_duplicates(df, text_col="body")
    with pytest.raises(InputError, match="strings"):
        find_duplicates(df, text_col="n")
