"""One process parses many distinct plans (issue 11): no error, bounded memory, caches that never fail.

    .venv/bin/python benchmarks/bench_many_plans.py [--plans 1500] [--measures 120]

Every plan is generated with different wording (unit, year, counts and verbs vary), so the caches of
matching forms and classifier scores fill and are trimmed many times over. Prints the peak RSS against
the RSS after the first plan (the baseline, same run), the time per plan, and the error count.
"""

from __future__ import annotations

import argparse
import resource
import time

VERBS = ["组织", "开展", "举办", "推进", "落实", "完善", "加强", "深化", "健全", "做好"]
THINGS = ["技能比武", "送温暖走访", "职工读书会", "安全生产检查", "职代会提案督办", "女职工健康讲座", "班组建设评比",
          "困难职工帮扶", "劳模宣讲", "文体联赛", "法律援助", "会员发展"]
UNITS = ["车间", "分厂", "学校", "医院", "街道", "社区", "公司", "项目部"]


def plan_text(k: int, measures: int) -> str:
    lines = [f"第{k}{UNITS[k % len(UNITS)]}工会{2000 + k % 30}年工作计划"]
    per_section = max(1, measures // 6)
    for s in range(6):
        lines.append(f"{'一二三四五六'[s]}、第{s + 1}项重点工作（{k}）")
        for i in range(per_section):
            n = k * 1000 + s * 100 + i
            lines.append(f"{i + 1}、{VERBS[n % 10]}{THINGS[n % 12]}第{n % 97}期，覆盖职工{n % 500 + 20}人次，"
                         f"全年不少于{n % 9 + 2}次，编号{n}。")
    return "\n".join(lines)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--plans", type=int, default=1500)
    parser.add_argument("--measures", type=int, default=120)
    args = parser.parse_args()
    import planparse

    planparse.parse(plan_text(0, args.measures))
    baseline = rss_mb()
    errors = 0
    start = time.perf_counter()
    for k in range(1, args.plans + 1):
        try:
            col = planparse.parse(plan_text(k, args.measures))
            assert sum(1 for _ in col.iter_items()) >= args.measures
        except Exception as exc:  # counted, not fatal: the point is to see every failure
            errors += 1
            if errors <= 3:
                print(f"plan {k}: {type(exc).__name__}: {exc}")
    elapsed = time.perf_counter() - start
    peak = rss_mb()
    print(f"{args.plans} plans x {args.measures} measures: {errors} errors, {elapsed:.1f} s "
          f"({1000 * elapsed / args.plans:.1f} ms/plan); RSS after the first plan (baseline) {baseline:.0f} MB, "
          f"peak {peak:.0f} MB ({peak / baseline:.2f}x)")


if __name__ == "__main__":
    main()
