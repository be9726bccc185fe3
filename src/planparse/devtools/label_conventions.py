"""Labelled lines whose labels break a labelling convention of the corpus.

The conventions are docs/taxonomy.md's readings of ambiguous items (安全生产劳动竞赛 -> competition +
labour_protection, …) and of its scope column (women's health screening is women_workers), written as checks in
``corpus/labelled/conventions.toml``: when a line's matching form matches every regex of ``all`` and none of
``unless``, its labels must hold every id of ``require`` and none of ``forbid``. Every split is checked alike (a
held-out line is corrected only when it breaks a convention, never to match a prediction).

    python -m planparse.devtools.label_conventions                       # every line that breaks one
    python -m planparse.devtools.label_conventions --corpus DIR --conventions FILE
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from planparse.text.normalize import match_forms

DEFAULT_CORPUS = Path("corpus/labelled")
DEFAULT_CONVENTIONS = DEFAULT_CORPUS / "conventions.toml"


@dataclass(frozen=True)
class Convention:
    name: str
    source: str
    all: tuple[re.Pattern, ...]
    unless: tuple[re.Pattern, ...] = ()
    require: tuple[str, ...] = ()
    forbid: tuple[str, ...] = ()

    def applies(self, form: str) -> bool:
        return all(p.search(form) for p in self.all) and not any(p.search(form) for p in self.unless)

    def broken_by(self, labels: list[str]) -> str:
        """Why ``labels`` break this convention ("" when they do not)."""
        missing = [d for d in self.require if d not in labels]
        extra = [d for d in self.forbid if d in labels]
        why = []
        if missing:
            why.append(f"lacks {', '.join(missing)}")
        if extra:
            why.append(f"has {', '.join(extra)}")
        return "; ".join(why)


@dataclass(frozen=True)
class Violation:
    convention: str
    split: str
    text: str
    labels: tuple[str, ...]
    why: str
    group: str = ""


def load_conventions(path: Path | str = DEFAULT_CONVENTIONS, ids: set[str] | None = None) -> list[Convention]:
    raw = tomllib.loads(Path(path).read_text("utf-8"))
    out = []
    for entry in raw.get("convention", []):
        unknown = set(entry) - {"name", "source", "all", "unless", "require", "forbid"}
        if unknown or not entry.get("all"):
            raise ValueError(f"{path}: convention {entry.get('name')!r}: unknown keys {sorted(unknown)} or no `all`")
        convention = Convention(name=entry["name"], source=entry.get("source", ""),
                                all=tuple(re.compile(p) for p in entry["all"]),
                                unless=tuple(re.compile(p) for p in entry.get("unless", [])),
                                require=tuple(entry.get("require", [])), forbid=tuple(entry.get("forbid", [])))
        if ids is not None and not set(convention.require + convention.forbid) <= ids:
            raise ValueError(f"{path}: convention {convention.name!r} names ids outside the taxonomy")
        out.append(convention)
    return out


def check(rows: list[dict], conventions: list[Convention]) -> list[Violation]:
    """Every (line, convention) where the line's labels break the convention."""
    out = []
    for row, form in zip(rows, match_forms([r["text"] for r in rows])):
        for convention in conventions:
            if convention.applies(form):
                why = convention.broken_by(row["labels"])
                if why:
                    out.append(Violation(convention.name, row.get("split", ""), row["text"], tuple(row["labels"]),
                                         why, row.get("group", "")))
    return out


def main(argv: list[str] | None = None) -> int:
    from planparse.classify.taxonomy import domain_ids
    from planparse.devtools.train_classifier import load_corpus

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--conventions", type=Path, default=None, help="default: conventions.toml in --corpus")
    args = parser.parse_args(argv)
    conventions = load_conventions(args.conventions or args.corpus / "conventions.toml", set(domain_ids()))
    rows = load_corpus(args.corpus)
    found = check(rows, conventions)
    for v in found:
        print(f"[{v.convention}] {v.split:5s} {v.why:40s} {list(v.labels)}  {v.text}  ({v.group})")
    applied = {c.name: sum(c.applies(f) for f in match_forms([r["text"] for r in rows])) for c in conventions}
    print(f"{len(found)} lines break a convention, of {len(rows)} ({', '.join(f'{k} {n}' for k, n in applied.items())} "
          "lines in scope)", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
