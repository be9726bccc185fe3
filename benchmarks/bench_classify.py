"""Classification throughput against jieba.lcut on the same ~3 MB of plan text, in the same run.

    .venv/bin/python benchmarks/bench_classify.py [--mb 3]

The text is the seed page (when present) plus every plan in corpus/plans, repeated until it reaches
the target size. Two runs:
  * "repeated": the documents as they are. Template sites repeat lines, and the classifier caches
    scores by matching form, so this is the friendly, realistic case.
  * "unique": every line gets a distinct suffix, so nothing is cached: the worst case.
For each: jieba.lcut over the documents, planparse.parse(classify=False) and classify_collection
timed separately, MB/s (UTF-8 bytes) and the ratio jieba / (parse + classify); the target is ≥ 1.5.
Warm-up (model load, jieba dictionary, OpenCC) happens before timing.
"""

from __future__ import annotations

import argparse
import gc
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds" / "000_61b02eac5361dbd5.txt"


def documents(target_bytes: int, unique: bool) -> list[str]:
    sources = [p for p in sorted((ROOT / "corpus" / "plans").glob("*.txt")) if not p.name.endswith(".gold.txt")]
    texts = []
    for path in ([SEED] if SEED.exists() else []) + sources:
        raw = path.read_bytes()
        for encoding in ("utf-8-sig", "gb18030", "utf-16"):
            try:
                texts.append(raw.decode(encoding))
                break
            except UnicodeDecodeError:
                continue
    docs, size, copy = [], 0, 0
    while size < target_bytes:
        for text in texts:
            if unique:
                # A distinct phrase after every comma defeats every cache without touching a line's
                # marker or its ending (lines without a comma, mostly headings, stay shared).
                text = text.replace("，", f"，第{copy}批，")
            docs.append(text)
            size += len(text.encode("utf-8"))
            if size >= target_bytes:
                break
        copy += 1
    return docs


def timed(fn) -> float:
    gc.collect()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=3.0)
    args = parser.parse_args()

    import jieba

    import planparse
    from planparse.classify import classify_collection, get_classifier

    jieba.setLogLevel(60)
    jieba.initialize()
    warm = documents(10_000, unique=False)
    classify_collection(planparse.parse(warm[0], classify=False))

    print(f"{'run':9s} {'MB':>5s} {'jieba s':>8s} {'parse s':>8s} {'classify s':>10s} "
          f"{'classify MB/s':>13s} {'ratio':>6s} {'ratio w/o classify':>18s}")
    for unique in (False, True):
        docs = documents(int(args.mb * 1_000_000), unique)
        mb = sum(len(d.encode("utf-8")) for d in docs) / 1_000_000
        t_jieba = timed(lambda: [jieba.lcut(d) for d in docs])
        collections = []
        t_parse = timed(lambda: collections.extend(planparse.parse(d, classify=False) for d in docs))
        get_classifier().clear_cache()  # each run starts cold
        t_classify = timed(lambda: [classify_collection(c) for c in collections])
        ratio = t_jieba / (t_parse + t_classify)
        print(f"{'unique' if unique else 'repeated':9s} {mb:5.2f} {t_jieba:8.2f} {t_parse:8.2f} {t_classify:10.2f} "
              f"{mb / t_classify:13.2f} {ratio:6.2f} {t_jieba / t_parse:18.2f}")


if __name__ == "__main__":
    main()
