"""Diff benchmark: planparse's structural diff of two real-size plans against difflib on the raw texts.

The two plans (~20,000 characters each) are generated from the written year pair in corpus/pairs by
repetition with variation: every copy of the pair's sections is re-headed for another workshop,
its numbers shifted, and the whole plan renumbered, so the new version keeps every change kind of
the pair (targets, a move, a split, a swap, an addition, a removal) at every copy. Both are parsed
before timing ("already parsed"); the diff is timed warm (jieba and OpenCC loaded, as in any
process that diffs more than once) and the first, cold call is reported too. The baseline is
``difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()`` on the raw texts, same run.

    python benchmarks/bench_diff.py            # target: diff ≤ 0.1 × difflib
    python benchmarks/bench_diff.py --copies 30 --repeat 7
"""

from __future__ import annotations

import argparse
import difflib
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAIR = ROOT / "corpus" / "pairs"
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=19, help="copies of the pair's sections (19 ≈ 20,000 chars)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of the diff (median reported)")
    parser.add_argument("--difflib-repeat", type=int, default=2, help="timed runs of difflib (median reported)")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT / "src"))
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
    return 0 if ratio <= 0.1 else 1


if __name__ == "__main__":
    raise SystemExit(main())
