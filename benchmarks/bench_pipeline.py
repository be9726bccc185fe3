"""Full text pipeline throughput against jieba.lcut on the same ≥ 3 MB of plan text, in the same run.

    .venv/bin/python benchmarks/bench_pipeline.py [--mb 3] [--repeat 3]

Prints MB/s for jieba.lcut (baseline: segmentation only), planparse.parse without classification, and
planparse.parse with classification, and the ratios: by wall time, and by the process's CPU time (steadier on a
machine that other work loads, where wall time includes waiting for a core). The text is the bundled corpus (UTF-8 files),
repeated with every line varied so that caches cannot make later copies free.
"""

from __future__ import annotations

import argparse
import gc
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


UNITS = ["各车间", "各部门", "基层工会", "各班组", "全体会员", "女职工委员会", "各分会", "机关科室"]


def corpus_text(target_mb: float) -> str:
    import planparse.read.text as text_reader

    docs = []
    for path in sorted((ROOT / "corpus" / "plans").glob("*.txt")):
        if path.name.endswith(".gold.txt"):
            continue
        docs.append(text_reader.decode_text(path.read_bytes())[0])
    lines = "\n\n".join(docs).splitlines()
    parts, size, n = [], 0, 0
    while size < target_mb * 1_000_000:
        # Vary every sentence of each copy so that no cache makes later copies free.
        copy = "\n".join(
            line.replace("，", f"，{UNITS[(n + i) % len(UNITS)]}{n}组", 1) for i, line in enumerate(lines)
        )
        parts.append(copy)
        size += len(copy.encode("utf-8"))
        n += 1
    return "\n\n".join(parts)


def best_of(fn, repeat: int) -> tuple[float, float]:
    """(best wall time, best CPU time) over ``repeat`` runs."""
    walls, cpus = [], []
    for _ in range(repeat):
        gc.collect()
        t, c = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    return min(walls), min(cpus)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=3.0)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    import jieba

    import planparse

    text = corpus_text(args.mb)
    mb = len(text.encode("utf-8")) / 1_000_000
    jieba.setLogLevel(60)
    jieba.initialize()  # dictionary loading is start-up, not segmentation
    planparse.parse("一、预热\n1、加载分类模型。", classify=True)  # same for the classifier model
    t_jieba = best_of(lambda: jieba.lcut(text), args.repeat)
    from planparse.classify import get_classifier
    from planparse.text.normalize import forget_forms

    def cold(classify: bool):
        def run() -> None:
            get_classifier().clear_cache()  # every run starts cold, as a new collection would
            forget_forms()
            planparse.parse(text, classify=classify)

        return run

    t_parse = best_of(cold(False), args.repeat)
    t_full = best_of(cold(True), args.repeat)
    (w_jieba, c_jieba), (w_parse, c_parse), (w_full, c_full) = t_jieba, t_parse, t_full
    print(f"text: {mb:.2f} MB of plan text, best of {args.repeat}")
    print(f"{'':34s} {'wall s':>7s} {'MB/s':>7s} {'x jieba':>8s}  {'CPU s':>6s} {'x jieba':>8s}")
    for name, wall, cpu in (("jieba.lcut (baseline)", w_jieba, c_jieba), ("planparse.parse, no classify", w_parse, c_parse),
                            ("planparse.parse + classify", w_full, c_full)):
        print(f"{name:34s} {wall:7.2f} {mb / wall:7.2f} {w_jieba / wall:7.2f}x  {cpu:6.2f} {c_jieba / cpu:7.2f}x")
    print("target (issue 14): parse + classify at least 2.5x faster than jieba.lcut")

if __name__ == "__main__":
    main()
