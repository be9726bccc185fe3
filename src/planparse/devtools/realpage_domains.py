"""Primary-domain accuracy on real pages, and the "not a union plan" flag on official documents.

``corpus/realpage_domains.tsv`` is a hand annotation of every section of the development pages in
``../shared/realpages`` (page id, plan and section index, the start of the heading, the accepted primary domains;
headings only, never page text). ``evaluate_sections`` parses each page with ``planparse.load`` and checks the
primary domain of every annotated section. A section is found at its plan and index when its heading starts
with the annotated one (matching form: Simplified, no whitespace); otherwise by heading anywhere in that plan;
a section the parser no longer produces counts as a miss.

``evaluate_scope`` parses official documents (the government work reports JSONL of ``../shared/corpora``) and
reports which plans get ``domain_scope == "outside"``.

    python -m planparse.devtools.realpage_domains                          # accuracy and misses
    python -m planparse.devtools.realpage_domains --threshold 0.9 --quiet
    python -m planparse.devtools.realpage_domains --reports ../shared/corpora/government_work_reports.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

from planparse.text.normalize import match_form

DEFAULT_ANNOTATION = Path("corpus/realpage_domains.tsv")
DEFAULT_PAGES = Path("../shared/realpages")


@dataclass(frozen=True)
class Annotated:
    page: str  # "d07"
    plan: int
    section: int
    heading: str  # the start of the section's title ("" for an implied section)
    accepted: tuple[str, ...]  # preferred first


@dataclass
class SectionResult:
    row: Annotated
    title: str | None  # the parsed section's title; None when the section was not found
    predicted: str | None  # its primary domain
    votes: list[str] = field(default_factory=list)  # the tally, when asked for

    @property
    def ok(self) -> bool:
        return self.predicted in self.row.accepted


@dataclass
class SectionReport:
    results: list[SectionResult]

    @property
    def correct(self) -> int:
        return sum(r.ok for r in self.results)

    @property
    def accuracy(self) -> float:
        return self.correct / len(self.results) if self.results else 0.0

    def misses(self) -> list[SectionResult]:
        return [r for r in self.results if not r.ok]

    def lines(self, quiet: bool = False) -> list[str]:
        out = []
        if not quiet:
            for r in self.misses():
                where = f"{r.row.page} [{r.row.plan}.{r.row.section}] {r.row.heading or '(implied)'}"
                got = "section not found" if r.title is None else r.predicted
                out.append(f"{where}: {got}, accepted {'/'.join(r.row.accepted)}")
                out.extend(f"    {v}" for v in r.votes)
        out.append(f"primary domain: {self.correct}/{len(self.results)} sections ({self.accuracy:.1%})")
        return out


def load_annotation(path: Path | str = DEFAULT_ANNOTATION) -> list[Annotated]:
    rows = []
    lines = [line for line in Path(path).read_text("utf-8").splitlines() if line.strip() and not line.startswith("#")]
    header, body = lines[0].split("\t"), lines[1:]
    if header != ["page", "plan", "section", "heading", "domains"]:
        raise ValueError(f"{path}: unexpected header {header}")
    for number, line in enumerate(body, start=2):
        cells = line.split("\t")
        if len(cells) != 5:
            raise ValueError(f"{path}: row {number} has {len(cells)} columns, not 5")
        page, plan, section, heading, domains = cells
        rows.append(Annotated(page, int(plan), int(section), heading.strip(), tuple(domains.split(","))))
    return rows


def _page_file(pages: Path, page: str) -> Path:
    found = sorted(pages.glob(f"{page}_*.txt"))
    if not found:
        raise FileNotFoundError(f"no page {page}_*.txt in {pages}")
    return found[0]


def evaluate_sections(pages: Path | str = DEFAULT_PAGES, annotation: Path | str = DEFAULT_ANNOTATION,
                      explain: bool = False) -> SectionReport:
    """Parse every annotated page and check the primary domain of its sections (``explain``: tally of misses)."""
    import planparse

    pages = Path(pages)
    rows = load_annotation(annotation)
    results = []
    for page in dict.fromkeys(r.page for r in rows):
        col = planparse.load(_page_file(pages, page))
        taken: set[tuple[int, int]] = set()
        for row in (r for r in rows if r.page == page):
            plan = col.plans[row.plan] if row.plan < len(col.plans) else None
            sections = plan.sections if plan else []
            prefix = match_form(row.heading)

            def fits(i: int) -> bool:
                return (row.plan, i) not in taken and match_form(sections[i].title).startswith(prefix)

            index = row.section if row.section < len(sections) and fits(row.section) else \
                next((i for i in range(len(sections)) if fits(i)), None)
            if index is None:
                results.append(SectionResult(row, None, None))
                continue
            taken.add((row.plan, index))
            section = sections[index]
            result = SectionResult(row, section.title, section.domains[0] if section.domains else None)
            if explain and not result.ok:
                from planparse.classify.assign import explain_section

                result.votes = explain_section(section.model_copy(deep=True), plan).lines()
            results.append(result)
    return SectionReport(results)


@dataclass
class ScopeResult:
    title: str
    scopes: list[str | None]  # one per plan
    warnings: list[str]

    @property
    def flagged(self) -> bool:
        return bool(self.scopes) and all(s == "outside" for s in self.scopes)


def evaluate_scope(jsonl: Path | str, limit: int | None = None) -> list[ScopeResult]:
    """Parse each record's ``content`` and report the scope of its plans (non-union documents: all "outside")."""
    import planparse

    out = []
    with open(jsonl, encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            if limit is not None and number >= limit:
                break
            record = json.loads(line)
            col = planparse.parse(record["content"])
            out.append(ScopeResult(record.get("title", ""), [p.domain_scope for p in col.plans], col.warnings))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m planparse.devtools.realpage_domains", description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=Path, default=DEFAULT_PAGES)
    parser.add_argument("--annotation", type=Path, default=DEFAULT_ANNOTATION)
    parser.add_argument("--reports", type=Path, help="also check the scope flag on a JSONL of official documents")
    parser.add_argument("--threshold", type=float, help="exit 1 when accuracy is below it")
    parser.add_argument("--quiet", action="store_true", help="only the total")
    parser.add_argument("--explain", action="store_true", help="print the tally of every miss")
    args = parser.parse_args(argv)
    report = evaluate_sections(args.pages, args.annotation, explain=args.explain)
    print("\n".join(report.lines(quiet=args.quiet)))
    if args.reports:
        scopes = evaluate_scope(args.reports)
        flagged = sum(r.flagged for r in scopes)
        if not args.quiet:
            for r in scopes:
                if not r.flagged:
                    print(f"not flagged: {r.title} {r.scopes}")
        print(f"outside union work: {flagged}/{len(scopes)} documents")
    if args.threshold is not None and report.accuracy < args.threshold:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
