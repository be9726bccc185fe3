"""Dedup benchmark: pairwise precision/recall per edit type, time and added memory, planparse's
find_duplicates next to datasketch MinHashLSH (3-char shingles, 128 permutations, threshold 0.5).

Two labelled corpora: ``--generator edits`` (default; gen_dedup_edits.py, the year-to-year edits:
clause swaps with markers, deletions, insertions, heavy edits, numbers, punctuation) and
``--generator corpus`` (gen_dedup_corpus.py, the issue-5 corpus). Each method runs in its own
subprocess on the same data; the worker reads only the texts (so loading peaks low), and "added" is
``resource.getrusage`` peak RSS at the end minus RSS right before the call. Precision and recall are
computed in the parent from the groups the worker writes. Both methods get the same comparison forms
(markers stripped, width/Traditional folded, numbers masked), timed as part of each run.
datasketch's pairs are its LSH candidates as they come ("LSH alone").

    python benchmarks/bench_dedup.py                       # 100,000 paragraphs, both methods
    python benchmarks/bench_dedup.py --paragraphs 500000 --methods planparse
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def run_planparse(texts, threshold):
    from planparse.dedup import find_duplicates

    groups = find_duplicates(texts, threshold, sentences=False)
    return [g.indices for g in groups]


def run_datasketch(texts, threshold):
    from datasketch import MinHash, MinHashLSH

    from planparse.dedup import comparison_forms

    forms = comparison_forms(texts)
    keep = [i for i, f in enumerate(forms) if f]
    shingles = [[f[k : k + 3].encode("utf-8") for k in range(len(f) - 2)] or [f.encode("utf-8")] for f in (forms[i] for i in keep)]
    minhashes = MinHash.bulk(shingles, num_perm=128)
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    with lsh.insertion_session() as session:
        for i, m in zip(keep, minhashes):
            session.insert(i, m)
    pairs = []
    for i, m in zip(keep, minhashes):
        for j in lsh.query(m):
            if j > i:
                pairs.append([i, j])
    return pairs


def evaluate(records, predicted_groups):
    """Pairwise precision/recall overall and per edit type (pairs original↔copy, and copy↔copy)."""
    n = len(records)
    predicted = set()
    for members in predicted_groups:
        members = sorted(members)
        for a in range(len(members)):
            for b in range(a + 1, len(members)):
                predicted.add(members[a] * n + members[b])
    families = defaultdict(list)
    for r in records:
        if r["family"] >= 0:
            families[r["family"]].append(r["id"])
    truth_by_type = defaultdict(set)
    for members in families.values():
        members.sort()
        for a in range(len(members)):
            for b in range(a + 1, len(members)):
                i, j = members[a], members[b]
                ei, ej = records[i]["edit"], records[j]["edit"]
                label = ej if ei == "original" else ei if ej == "original" else "copy↔copy"
                truth_by_type[label].add(i * n + j)
    truth = set().union(*truth_by_type.values())
    hits = predicted & truth
    rows = {"overall": _pr(len(hits), len(predicted), len(truth))}
    # precision per edit type: predicted pairs touching a copy of that type
    touching = defaultdict(lambda: [0, 0])
    for code in predicted:
        i, j = divmod(code, n)
        for e in {records[i]["edit"], records[j]["edit"]}:
            touching[e][0] += 1
            touching[e][1] += code in truth
    for label in sorted(truth_by_type):
        t = truth_by_type[label]
        found = len(t & predicted)
        pred, good = touching.get(label, (0, 0)) if label != "copy↔copy" else (found, found)
        rows[label] = _pr(good, pred, len(t), recall_hits=found)
    return rows


def _pr(hits, predicted, truth, recall_hits=None):
    recall_hits = hits if recall_hits is None else recall_hits
    return {
        "precision": round(hits / predicted, 4) if predicted else None,
        "recall": round(recall_hits / truth, 4) if truth else None,
        "true_pairs": truth,
        "predicted_pairs": predicted,
    }


def worker(method: str, corpus: str, threshold: float, out: str) -> dict:
    import gc
    import resource

    texts = []
    with open(corpus, encoding="utf-8") as fh:
        for line in fh:
            texts.append(json.loads(line)["text"])
    import numpy  # noqa: F401  (both methods use it; keep its import out of the timing)
    import rapidfuzz  # noqa: F401

    gc.collect()
    baseline = rss_mb()
    before_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    run = run_planparse if method == "planparse" else run_datasketch
    start = time.perf_counter()
    cpu_start = time.process_time()
    groups = run(texts, threshold)
    seconds = time.perf_counter() - start
    cpu = time.process_time() - cpu_start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with open(out, "w", encoding="utf-8") as fh:
        json.dump(groups, fh)
    return {
        "method": method,
        "paragraphs": len(texts),
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "paragraphs_per_second": round(len(texts) / seconds),
        "peak_rss_mb": round(peak),
        "added_rss_mb": round(peak - baseline),
        # the run's peak is only known if it passed the loading peak
        "peak_is_the_run": peak > before_peak,
        "load_average": round(os.getloadavg()[0], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=100_000)
    parser.add_argument("--generator", choices=["edits", "corpus"], default="edits")
    parser.add_argument("--seed", type=int, default=None, help="default: 11 for edits, 7 for corpus")
    parser.add_argument("--corpus", help="an existing JSONL corpus (default: generate one)")
    parser.add_argument("--methods", default="planparse,datasketch")
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument("--json", help="also write the results here")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()

    from planparse.dedup import DEFAULT_THRESHOLD

    threshold = args.threshold or DEFAULT_THRESHOLD
    if args.worker:
        print(json.dumps(worker(args.worker, args.corpus, threshold, args.out)))
        return

    seed = args.seed if args.seed is not None else (11 if args.generator == "edits" else 7)
    corpus = args.corpus or os.path.join(tempfile.gettempdir(), f"dedup_{args.generator}_{args.paragraphs}_{seed}.jsonl")
    if not os.path.exists(corpus):
        if args.generator == "edits":
            from gen_dedup_edits import generate
        else:
            from gen_dedup_corpus import generate

        with open(corpus, "w", encoding="utf-8") as fh:
            for rec in generate(args.paragraphs, seed):
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    records = [json.loads(line) for line in open(corpus, encoding="utf-8")]
    results = []
    for method in args.methods.split(","):
        with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
            groups_file = tmp.name
        try:
            cmd = [sys.executable, __file__, "--worker", method, "--corpus", corpus, "--threshold", str(threshold),
                   "--out", groups_file]
            out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
            result = json.loads(out.strip().splitlines()[-1])
            result["metrics"] = evaluate(records, json.load(open(groups_file, encoding="utf-8")))
        finally:
            os.unlink(groups_file)
        results.append(result)
    print_table(results)
    if len(results) == 2:
        a, b = results
        print(f"\n{a['method']} / {b['method']}: time {a['seconds'] / b['seconds']:.3f}x, "
              f"added memory {a['added_rss_mb'] / max(b['added_rss_mb'], 1):.3f}x")
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")


def print_table(results) -> None:
    for r in results:
        print(
            f"\n{r['method']}: {r['paragraphs']} paragraphs in {r['seconds']} s "
            f"({r['paragraphs_per_second']}/s, {r['cpu_seconds']} s CPU, load {r['load_average']}), "
            f"peak RSS {r['peak_rss_mb']} MB (+{r['added_rss_mb']} MB over the loaded texts"
            f"{'' if r['peak_is_the_run'] else '; at most: loading peaked higher'})"
        )
        print(f"  {'pairs':<16}{'precision':>10}{'recall':>9}{'true':>9}{'predicted':>11}")
        for label, m in r["metrics"].items():
            p = "-" if m["precision"] is None else f"{m['precision']:.4f}"
            rc = "-" if m["recall"] is None else f"{m['recall']:.4f}"
            print(f"  {label:<16}{p:>10}{rc:>9}{m['true_pairs']:>9}{m['predicted_pairs']:>11}")


if __name__ == "__main__":
    main()
