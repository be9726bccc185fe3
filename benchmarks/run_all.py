"""Run every benchmark one after another (``make bench``), each in its own process, and print its output.

    .venv/bin/python benchmarks/run_all.py [NAME ...]     # e.g. pipeline diff

Each benchmark prints its ratios against a baseline measured in the same run; record them in RESULTS.md.
The real report pairs are added to the diff benchmark when ../shared is present beside the repository.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPORTS = HERE.parent.parent / "shared" / "corpora" / "government_work_reports.jsonl"

BENCHMARKS = {
    "pipeline": ["bench_pipeline.py"],
    "docx": ["bench_docx.py"],
    "diff": ["bench_diff.py", *(["--reports", str(REPORTS)] if REPORTS.exists() else [])],
    "dedup": ["bench_dedup.py"],
    "store": ["bench_store.py"],
    "many-plans": ["bench_many_plans.py"],
    "pdf": ["bench_pdf.py"],
    "spark": ["bench_spark.py"],
}


def main(names: list[str]) -> int:
    unknown = [n for n in names if n not in BENCHMARKS]
    if unknown:
        print(f"run_all: unknown benchmark(s) {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}",
              file=sys.stderr)
        return 2
    failed = []
    for name in names or list(BENCHMARKS):
        script, *args = BENCHMARKS[name]
        print(f"== {name}: {script} {' '.join(args)}", flush=True)
        started = time.perf_counter()
        code = subprocess.call([sys.executable, str(HERE / script), *args])
        print(f"== {name}: exit {code} after {time.perf_counter() - started:.0f} s\n", flush=True)
        if code:
            failed.append(name)
    if failed:
        print(f"run_all: failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
