"""Diff benchmark: planparse's structural diff of two real-size plans against difflib on the raw texts.

The two plans (~20,000 characters each) are generated from the written year pair in corpus/pairs by
repetition with variation: every copy of the pair's sections is re-headed for another workshop,
its numbers shifted, and the whole plan renumbered, so the new version keeps every change kind of
the pair (targets, a move, a split, a swap, an addition, a removal) at every copy. Both are parsed
before timing ("already parsed"); the diff is timed warm (jieba and OpenCC loaded, as in any
process that diffs more than once) and the first, cold call is reported too. The baseline is
``difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()`` on the raw texts, same run.

Real year pairs (issue 14): the State Council reports 2024→2025 and 2018→2019 from
``../shared/corpora/government_work_reports.jsonl`` (``--reports``), each parsed with
``planparse.parse(text, classify=False)``; the warm diff against, in the same run,
``difflib.SequenceMatcher(None, a_lines, b_lines).get_opcodes()`` on the texts' lines (the named
baseline) and the character-level matcher above.

Scale (issue 11, ``--scale``): generated pairs whose measures all differ slightly, each diffed in a
fresh process (time of the warm diff, peak RSS added by it, and difflib on the lines in that run):
one section of n look-alike measures (past 99 the parser joins them into one item), n distinct
measures under sections, n look-alike measures under sections (no masked form is unique), and n
measures against n unrelated ones.

    python benchmarks/bench_diff.py            # target: diff ≤ 0.1 × difflib
    python benchmarks/bench_diff.py --copies 30 --repeat 7
    python benchmarks/bench_diff.py --scale    # adds the generated 200 … 10,000-measure pairs
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAIR = ROOT / "corpus" / "pairs"
REPORTS = ROOT.parent / "shared" / "corpora" / "government_work_reports.jsonl"
YEAR_PAIRS = [("2024", "2025"), ("2018", "2019")]
SCALE_CASES = [("one-section", 200), ("one-section", 500), ("sectioned", 3000), ("sectioned", 10000),
               ("look-alike", 10000), ("unrelated", 10000)]
UNITS = ["机加工车间", "装配车间", "检测中心", "铸造车间", "热处理车间", "模具车间", "动力车间", "仓储物流部",
         "研发中心", "质量管理部", "设备维修部", "销售服务部", "财务部", "综合办公室", "安全环保部", "采购部",
         "信息中心", "后勤保障部", "技术工艺部", "生产调度中心"]
_DIGITS = "零一二三四五六七八九"
_HEADING = re.compile(r"^[一二三四五六七八九十]+、")
_NUMBER = re.compile(r"\d+")


def chinese_numeral(n: int) -> str:
    """1 → 一, 12 → 十二, 105 → 一百零五, 114 → 一百一十四 (headings of a long generated plan)."""
    if n < 10:
        return _DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else _DIGITS[tens]) + "十" + ("" if ones == 0 else _DIGITS[ones])
    hundreds, rest = divmod(n, 100)
    if rest == 0:
        return _DIGITS[hundreds] + "百"
    tail = "零" + _DIGITS[rest] if rest < 10 else ("一" if rest < 20 else "") + chinese_numeral(rest)
    return _DIGITS[hundreds] + "百" + tail


def scaled_plan(text: str, copies: int) -> str:
    """The plan's sections repeated ``copies`` times, each copy for another unit with shifted numbers."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    head_end = next(i for i, line in enumerate(lines) if _HEADING.match(line))
    tail_start = len(lines) - 2  # signature: issuing body and date
    head, body, tail = lines[:head_end], lines[head_end:tail_start], lines[tail_start:]
    out = list(head)
    section = 0
    for copy in range(copies):
        unit = UNITS[copy % len(UNITS)]
        for line in body:
            shifted = _NUMBER.sub(lambda m: str(int(m.group(0)) + copy) if len(m.group(0)) < 4 else m.group(0), line)
            if _HEADING.match(line):
                section += 1
                out.append(f"{chinese_numeral(section)}、{unit}：{_HEADING.sub('', shifted)}")
            elif re.match(r"^\d+、", line):
                marker, rest = shifted.split("、", 1)
                out.append(f"{line.split('、', 1)[0]}、{unit}{rest}")
            else:
                out.append(f"{unit}{shifted}")
    out += tail
    return "\n\n".join(out) + "\n"


# --- generated large pairs (--scale) ----------------------------------------------------------
_DOING = ["组织", "开展", "举办", "推进", "落实", "完善", "健全", "深化", "加强", "创新", "实施", "建立"]
_WHERE = ["机关", "车间", "班组", "社区", "学校", "医院", "企业", "街道", "园区", "工地", "站所", "科室", "分会", "支部"]
_WHAT = ["职工培训班", "劳动竞赛", "技能比武", "困难帮扶", "送温暖活动", "安全检查", "读书分享会", "健康讲座",
         "法律咨询", "心理疏导", "文体活动", "志愿服务", "先进评选", "民主恳谈会", "调研走访", "宣传教育"]
_COUNT = ["名", "次", "场", "家", "个", "期", "项", "人次"]
_WHOM = ["一线职工", "青年职工", "女职工", "农民工", "劳模工匠", "困难职工", "新入职员工", "退休职工"]


def _measure(i: int, version: int) -> str:
    pick = random.Random(i * 7919)
    doing, where, what, whom = (pick.choice(words) for words in (_DOING, _WHERE, _WHAT, _WHOM))
    return (f"{doing}{where}{what}{(i * 7 + version) % 97 + 1}{pick.choice(_COUNT)}，面向{whom}"
            f"{pick.choice(_DOING)}{pick.choice(_WHAT)}，全年{pick.choice(_DOING)}{pick.choice(_WHAT)}不少于"
            f"{(i * 13 + version) % 50 + 2}次，覆盖{(i * 31 + version) % 900 + 10}名职工")


def _look_alike(i: int, version: int) -> str:
    return f"组织第{(i * 7 + version) % 997}期职工培训班，覆盖{(i * 13 + version) % 500}名职工，开展岗位练兵活动{i % 17}次"


def generated_plan(kind: str, n: int, version: int) -> str:
    """Version 1 or 2 of a generated plan of n measures (see the module docstring for the kinds)."""
    if kind == "one-section":
        return "\n".join(["职工培训工作计划", "一、培训安排"]
                         + [f"{i + 1}、{_look_alike(i, version)}" for i in range(n)]) + "\n"
    lines = [f"{2024 + version}年职工服务工作计划", "为做好全年工作，制定本计划。"]
    per = 40  # 99 is the most items a numbering run gives; later section headings join an item (parser)
    for start in range(0, n, per):
        section = start // per
        lines.append(f"{chinese_numeral(section + 1)}、{_WHERE[section % len(_WHERE)]}{_WHAT[section % len(_WHAT)]}工作")
        for k in range(min(per, n - start)):
            i = start + k
            text = (_look_alike(i, version) if kind == "look-alike"
                    else _measure(i + 10**6, version) if kind == "unrelated" and version == 2 else _measure(i, version))
            lines.append(f"{k + 1}、{text}")
    return "\n".join(lines) + "\n"


def scale_case(kind: str, n: int) -> dict:
    """One generated pair in this (fresh) process: warm diff time, peak RSS it added, difflib on lines."""
    import planparse
    from planparse.plandiff import diff_plans

    old_text, new_text = generated_plan(kind, n, 1), generated_plan(kind, n, 2)
    old, new = planparse.parse(old_text, classify=False), planparse.parse(new_text, classify=False)
    diff_plans(planparse.parse("一、甲\n1、乙丙丁20名\n", classify=False),
               planparse.parse("一、甲\n1、乙丙丁30名\n", classify=False))  # jieba and OpenCC loaded
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    result = diff_plans(old, new)
    elapsed = time.perf_counter() - start
    added = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    start = time.perf_counter()
    difflib.SequenceMatcher(None, old_text.splitlines(), new_text.splitlines()).get_opcodes()
    baseline = time.perf_counter() - start
    items = sum(len(s.items) for s in old.plans[0].sections)
    return {"kind": kind, "n": n, "items": items, "seconds": elapsed, "rss_added_mb": added / 1024,
            "rss_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "difflib_lines_seconds": baseline, "counts": result.counts}


def year_pairs(path: Path, repeat: int) -> list[dict]:
    """The real report pairs: warm diff against difflib on lines and on characters, same run."""
    import planparse
    from planparse.plandiff import diff_plans

    texts: dict[str, str] = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            year = record.get("title", "")[:4]
            if record.get("title", "")[4:5] == "年" and year in {y for pair in YEAR_PAIRS for y in pair}:
                texts.setdefault(year, record["content"])
    rows = []
    for old_year, new_year in YEAR_PAIRS:
        a, b = texts[old_year], texts[new_year]
        old, new = planparse.parse(a, classify=False), planparse.parse(b, classify=False)
        start = time.perf_counter()
        diff_plans(old, new)  # libraries loaded by the diffs before, these texts not yet seen
        first = time.perf_counter() - start
        runs, cpu = [], []
        for _ in range(repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            result = diff_plans(old, new)
            runs.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        lines_runs, chars_runs = [], []
        for _ in range(repeat):
            start = time.perf_counter()
            difflib.SequenceMatcher(None, a.splitlines(), b.splitlines()).get_opcodes()
            lines_runs.append(time.perf_counter() - start)
        for _ in range(2):
            start = time.perf_counter()
            difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
            chars_runs.append(time.perf_counter() - start)
        rows.append({"pair": f"{old_year}→{new_year}", "chars": (len(a), len(b)),
                     "changes": result.counts, "diff": statistics.median(runs), "first": first, "cpu": min(cpu),
                     "difflib_lines": statistics.median(lines_runs), "difflib_chars": statistics.median(chars_runs)})
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=19, help="copies of the pair's sections (19 ≈ 20,000 chars)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of the diff (median reported)")
    parser.add_argument("--difflib-repeat", type=int, default=2, help="timed runs of difflib (median reported)")
    parser.add_argument("--reports", type=Path, default=REPORTS, help="JSON Lines of the State Council reports")
    parser.add_argument("--scale", action="store_true", help="also the generated 200 … 10,000-measure pairs")
    parser.add_argument("--scale-case", nargs=2, metavar=("KIND", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT / "src"))
    if args.scale_case:
        print(json.dumps(scale_case(args.scale_case[0], int(args.scale_case[1])), ensure_ascii=False))
        return 0
    import planparse
    from planparse.plandiff import diff_plans

    old_text = scaled_plan((PAIR / "hengtuo_2024.txt").read_text(encoding="utf-8"), args.copies)
    new_text = scaled_plan((PAIR / "hengtuo_2025.txt").read_text(encoding="utf-8"), args.copies)
    old, new = planparse.parse(old_text, classify=False), planparse.parse(new_text, classify=False)
    n_old = sum(1 for _ in old.iter_items())
    n_new = sum(1 for _ in new.iter_items())

    start = time.perf_counter()
    first = diff_plans(old, new)
    cold = time.perf_counter() - start
    runs = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        result = diff_plans(old, new)
        runs.append(time.perf_counter() - start)
    warm = statistics.median(runs)
    assert result.counts == first.counts

    from planparse.plandiff.align import align

    start = time.perf_counter()
    align(old.plans[0], new.plans[0])
    align_time = time.perf_counter() - start

    base_runs = []
    for _ in range(args.difflib_repeat):
        start = time.perf_counter()
        difflib.SequenceMatcher(None, old_text, new_text, autojunk=False).get_opcodes()
        base_runs.append(time.perf_counter() - start)
    baseline = statistics.median(base_runs)

    ratio = warm / baseline
    print(f"plans: {len(old_text):,} and {len(new_text):,} characters; "
          f"{len(old.plans[0].sections)}/{len(new.plans[0].sections)} sections, {n_old}/{n_new} items")
    print(f"changes: {result.counts}; target changes: {result.target_change_count}")
    print(f"difflib SequenceMatcher(autojunk=False).get_opcodes(): {baseline * 1000:.0f} ms (median of {len(base_runs)})")
    print(f"planparse diff, warm: {warm * 1000:.1f} ms (median of {len(runs)}; alignment alone {align_time * 1000:.1f} ms)")
    print(f"planparse diff, cold first call (loads jieba, OpenCC): {cold * 1000:.0f} ms")
    print(f"ratio warm / difflib: {ratio:.3f}× (target ≤ 0.1×) -> {'PASS' if ratio <= 0.1 else 'FAIL'}")
    print(f"ratio cold / difflib: {cold / baseline:.3f}×")

    if args.reports.exists():
        print(f"\nreal year pairs ({args.reports.name}), warm diff, median of {args.repeat} "
              f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores):")
        for row in year_pairs(args.reports, args.repeat):
            print(f"  {row['pair']}: {row['chars'][0]:,}/{row['chars'][1]:,} chars, {row['changes']}")
            print(f"    planparse diff {row['diff'] * 1000:.0f} ms (CPU time, best of {args.repeat}: "
                  f"{row['cpu'] * 1000:.0f} ms; first call on these texts {row['first'] * 1000:.0f} ms); "
                  f"difflib lines {row['difflib_lines'] * 1000:.1f} ms -> {row['diff'] / row['difflib_lines']:.2f}×; "
                  f"difflib chars (autojunk=False) {row['difflib_chars'] * 1000:.0f} ms -> "
                  f"{row['diff'] / row['difflib_chars']:.3f}×")
    else:
        print(f"\nreal year pairs skipped: {args.reports} not found")

    if args.scale:
        print("\ngenerated pairs, one fresh process each (warm diff; peak RSS added by the diff):")
        for kind, n in SCALE_CASES:
            out = subprocess.run([sys.executable, __file__, "--scale-case", kind, str(n)], capture_output=True,
                                 text=True, check=True).stdout
            row = json.loads(out.strip().splitlines()[-1])
            print(f"  {kind:12} n={n:>6,} ({row['items']:,} items): {row['seconds']:.2f} s, "
                  f"+{row['rss_added_mb']:.0f} MB (peak RSS {row['rss_peak_mb']:.0f} MB); "
                  f"difflib lines {row['difflib_lines_seconds'] * 1000:.0f} ms; {row['counts']}")
    return 0 if ratio <= 0.1 else 1


if __name__ == "__main__":
    raise SystemExit(main())
