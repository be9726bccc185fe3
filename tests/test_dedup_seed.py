"""Acceptance on the real seed page (skipped when the seed is not on this machine)."""

from __future__ import annotations

from pathlib import Path

import pytest

SEED = Path("/work/shared/seeds/000_61b02eac5361dbd5.txt")
pytestmark = pytest.mark.skipif(not SEED.exists(), reason="seed page not available")


@pytest.fixture(scope="module")
def seed():
    import planparse
    from planparse.dedup.collection import collection_units, dedup_collections

    collection = planparse.load(str(SEED), classify=False)
    units = collection_units(collection, str(SEED))
    return collection, units, dedup_collections([collection], [str(SEED)])


def _paths(group):
    return [m.path for m in group.members]


def test_every_paragraph_shared_by_plans_two_and_five_is_grouped(seed):
    _, units, report = seed
    pairs = [g for g in report.groups if g.kind != "sentence"]
    grouped = {tuple(sorted(_paths(g))) for g in pairs}
    plan_two = [u.path for u in units if u.plan == "篇二"]
    assert len(plan_two) == 25
    for path in plan_two:
        twin = "篇五" + path[len("篇二"):]
        assert (path, twin) in grouped, path
    assert sorted(g.kind for g in pairs).count("exact") == 24


def test_the_reworded_paragraph_is_a_near_duplicate(seed):
    _, _, report = seed
    (near,) = [g for g in report.groups if g.kind == "near"]
    assert sorted(_paths(near)) == ["篇二/一/intro", "篇五/一/intro"]
    assert 0.78 <= near.similarity <= 0.9
    short, long = sorted((m.text for m in near.members), key=len)
    assert len(long) - len(short) > 15  # the 篇五 version has a sentence inserted


def test_the_sentence_repeated_in_plan_one_section_four_is_reported(seed):
    _, _, report = seed
    (sentence,) = [g for g in report.groups if g.kind == "sentence"]
    first, second = sentence.members
    assert first.path == second.path and first.path.startswith("篇一/四")
    assert first.text == second.text and len(first.text) > 20
    assert first.end <= second.start


def test_no_group_mixes_unrelated_paragraphs(seed):
    _, _, report = seed
    for group in report.groups:
        if group.kind == "sentence":
            continue
        plans = sorted(str(m.plan) for m in group.members)
        assert plans == ["篇二", "篇五"], _paths(group)
        a, b = _paths(group)
        assert a.split("/", 1)[1] == b.split("/", 1)[1]


def test_write_drops_plan_five_and_keeps_plan_two(seed):
    from planparse.dedup.collection import deduplicate

    collection, _, report = seed
    (output,), log = deduplicate([collection], [str(SEED)], report)
    by_label = {p.separator: p for p in output.plans}
    assert by_label["篇五"].sections == []
    assert len(by_label["篇二"].sections) == len(collection.plans[1].sections)
    assert sum(e["kind"] != "sentence" for e in log) == 25
    assert all(e["kept"]["plan"] == "篇二" for e in log if e["kind"] != "sentence")


def test_raw_seed_lines_group_as_the_issue_counts():
    """Without the parser: 16 byte-identical lines, 8 equal once the "- " bullet goes, 1 reworded."""
    from planparse.dedup import find_duplicates

    lines = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    two = next(i for i, line in enumerate(lines) if line.endswith("篇二"))
    three = next(i for i, line in enumerate(lines) if line.endswith("篇三"))
    five = next(i for i, line in enumerate(lines) if line.endswith("篇五"))
    across = []
    for group in find_duplicates(lines):
        if group.kind == "sentence":
            continue
        assert len(group.indices) == 2, [lines[i] for i in group.indices]
        a, b = group.indices
        assert two < a < three and b > five, (lines[a], lines[b])
        across.append((group.kind, lines[a], lines[b]))
    identical = [1 for kind, a, b in across if a == b]
    bullet = [1 for kind, a, b in across if a != b and a.removeprefix("- ") == b]
    near = [(a, b) for kind, a, b in across if kind == "near"]
    assert (len(identical), len(bullet), len(near), len(across)) == (16, 8, 1, 25)
