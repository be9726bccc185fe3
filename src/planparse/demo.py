"""`make demo`: show what planparse does on the bundled corpus. Prints where each output went."""

from __future__ import annotations

import sys
from pathlib import Path

import planparse
from planparse.render import to_tree

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus" / "plans"


def main() -> int:
    if not CORPUS.is_dir():
        print(f"demo: the corpus folder {CORPUS} is missing (run from a clone of the repository)", file=sys.stderr)
        return 2
    files = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".docx") and ".gold" not in p.name)
    multi = next((p for p in files if "multi" in p.name or "template_site" in p.name), files[0])
    print(f"== 1. Parse a multi-plan template page: {multi.relative_to(ROOT)}\n")
    print(to_tree(planparse.load(multi)))
    print("== 2. Outline of every corpus document\n")
    for path in files:
        col = planparse.load(path)
        sections = sum(len(p.sections) for p in col.plans)
        items = sum(1 for _ in col.iter_items())
        print(f"{path.name:48s} {col.encoding or col.format:10s} plans={len(col.plans)} sections={sections} items={items}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
