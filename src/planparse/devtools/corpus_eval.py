"""Structure accuracy of the parser against the gold annotations of a corpus folder (``corpus/plans``).

Gold and prediction are both flattened into sequences of nodes ``(kind, depth, marker, text)``:
sections at depth 0, items below them, and each plan's closing. The two sequences are aligned
(longest common subsequence, so one missed node does not shift every later one) and a document's
node F1 is ``2 * matched / (gold nodes + predicted nodes)``. Plan count, titles, years and
organizations are checked separately. The document score is ``0.8 * node F1 + 0.2 * metadata``;
overall accuracy is the mean over documents. ``corpus/README.md`` documents the gold format.

Two nodes match when kind and depth are equal, the markers are equal once whitespace and a
trailing ``，,：:`` are removed (``( 二 )`` = ``(二)``, ``第一，`` = ``第一``; ``（一）`` ≠ ``(一)``),
and the predicted text starts with the gold text prefix, both in ``normalize.match_form``
(width-folded, whitespace removed, Simplified), which is what lets the Traditional, GBK and
one-line twins share one gold file.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

from planparse.errors import InputError
from planparse.model import Item, PlanCollection
from planparse.text.normalize import match_form, to_simplified

GOLD_SUFFIX = ".gold.txt"
NODE_WEIGHT = 0.8  # the rest goes to metadata (plan count, title, year, organization)
IMPLIED = "(implied)"
UNNUMBERED = "-"

_UNSET = object()  # a gold field the annotation leaves out is not checked
_MARKER_TAIL = re.compile(r"[，,：:]+$")
_WHITESPACE = re.compile(r"\s+")
# A title that is only a several-plans separator (篇一, 【篇2】, 第三篇:) counts as no title.
_SEPARATOR_ONLY = re.compile(
    r"^[【\[(（]?(?:第?[一二三四五六七八九十百\d]+篇|篇[一二三四五六七八九十百\d]+)[】\])）]?[:：]?$"
)


@dataclass(frozen=True)
class Node:
    kind: str  # "section", "item" or "closing"
    depth: int  # 0 for sections and closings, 1 for a section's items, 2 for their children …
    marker: str  # as written; "-" unnumbered, "(implied)" for an implied section
    text: str  # gold: a prefix; prediction: the full title / text

    def __str__(self) -> str:
        indent = "  " * self.depth
        return f"{indent}{self.kind}: {self.marker} | {self.text[:24]}"


@dataclass
class GoldPlan:
    title: str = ""
    year: object = _UNSET  # int, None (the plan has no year) or _UNSET (not checked)
    organization: object = _UNSET  # str, None or _UNSET
    nodes: list[Node] = field(default_factory=list)


@dataclass
class Gold:
    path: Path
    plans: list[GoldPlan] = field(default_factory=list)
    page_title: str | None = None
    twin_of: str | None = None

    def nodes(self) -> list[Node]:
        return [node for plan in self.plans for node in plan.nodes]


def read_gold(path: str | Path) -> Gold:
    """Parse one gold file. A ``twin_of: NAME`` file returns the gold of ``NAME`` (same folder)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read gold file: {exc}") from None
    gold = _parse_gold(text, path)
    if gold.twin_of:
        twin_path = path.with_name(gold.twin_of + GOLD_SUFFIX)
        if not twin_path.is_file():
            raise InputError(f"{path}: twin_of names {gold.twin_of!r}, but {twin_path.name} does not exist")
        twin = _parse_gold(twin_path.read_text(encoding="utf-8"), twin_path)
        if twin.twin_of:
            raise InputError(f"{path}: twin_of must name a document with its own gold, not another twin")
        twin.path, twin.twin_of = path, gold.twin_of
        return twin
    return gold


def _parse_gold(text: str, path: Path) -> Gold:
    gold = Gold(path=path)
    declared_plans: int | None = None
    plan: GoldPlan | None = None

    def fail(lineno: int, message: str) -> InputError:
        return InputError(f"{path.name}:{lineno}: {message}")

    for lineno, raw in enumerate(text.splitlines(), 1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        key, sep, value = raw.strip().partition(":")
        if not sep:
            raise fail(lineno, f"expected 'key: value', got {raw.strip()!r}")
        key, value = key.strip(), value.strip()
        if key == "twin_of":
            gold.twin_of = value
        elif key == "page_title":
            gold.page_title = value
        elif key == "plans":
            if not value.isdigit():
                raise fail(lineno, f"plans: needs a number, got {value!r}")
            declared_plans = int(value)
        elif key == "plan":
            plan = GoldPlan(title=value)
            gold.plans.append(plan)
        elif plan is None:
            raise fail(lineno, f"{key}: before any 'plan:' line")
        elif key == "year":
            if value and not value.isdigit():
                raise fail(lineno, f"year: needs a number or nothing, got {value!r}")
            plan.year = int(value) if value else None
        elif key == "organization":
            plan.organization = value or None
        elif key in ("section", "item"):
            marker, bar, node_text = value.partition("|")
            if not bar:
                raise fail(lineno, f"{key}: needs 'marker | text', got {value!r}")
            if key == "section" and indent:
                raise fail(lineno, "section: lines are not indented")
            if key == "item" and (indent == 0 or indent % 2):
                raise fail(lineno, "item: lines are indented two spaces per depth (2, 4, 6 …)")
            depth = 0 if key == "section" else indent // 2
            if key == "item" and not any(n.kind == "section" for n in plan.nodes):
                raise fail(lineno, "item: before any section: (use 'section: (implied) |')")
            previous_depth = plan.nodes[-1].depth if plan.nodes else 0
            if depth > previous_depth + 1:
                raise fail(lineno, f"item: is {depth - previous_depth} levels below the line above")
            plan.nodes.append(Node(key, depth, marker.strip(), node_text.strip()))
        elif key == "closing":
            plan.nodes.append(Node("closing", 0, "", value))
        else:
            raise fail(lineno, f"unknown key {key!r}")
    if gold.twin_of:
        if gold.plans:
            raise InputError(f"{path.name}: a twin_of file holds no annotation of its own")
        return gold
    if declared_plans is None:
        raise InputError(f"{path.name}: missing 'plans: N'")
    if declared_plans != len(gold.plans):
        raise InputError(f"{path.name}: says plans: {declared_plans} but has {len(gold.plans)} 'plan:' blocks")
    return gold


# ---------------------------------------------------------------------------- prediction side


def flatten_collection(collection: PlanCollection) -> list[list[Node]]:
    """One node list per plan, in reading order, in the same shape as the gold."""
    plans = []
    for plan in collection.plans:
        nodes: list[Node] = []
        for section in plan.sections:
            marker = IMPLIED if section.implied or not section.marker else section.marker
            nodes.append(Node("section", 0, marker, section.title or ""))
            stack = [(item, 1) for item in reversed(section.items)]
            while stack:
                item, depth = stack.pop()
                nodes.append(Node("item", depth, _item_marker(item), item.text or ""))
                stack.extend((child, depth + 1) for child in reversed(item.children))
        if plan.closing.strip():
            nodes.append(Node("closing", 0, "", plan.closing))
        plans.append(nodes)
    return plans


def _item_marker(item: Item) -> str:
    return item.marker if item.marker and item.marker.strip() else UNNUMBERED


# ---------------------------------------------------------------------------- comparison


def marker_key(marker: str) -> str:
    if marker in (UNNUMBERED, IMPLIED):
        return marker
    # Script is folded (最後 = 最后) so Traditional twins share the gold; width is not: （一） ≠ (一).
    return to_simplified(_MARKER_TAIL.sub("", _WHITESPACE.sub("", marker)))


def text_matches(gold_prefix: str, predicted: str) -> bool:
    """The predicted text starts with the gold prefix, compared in match form."""
    gold_form = match_form(gold_prefix)
    return not gold_form or match_form(predicted).startswith(gold_form)


def nodes_match(gold: Node, predicted: Node) -> bool:
    return (
        gold.kind == predicted.kind
        and gold.depth == predicted.depth
        and marker_key(gold.marker) == marker_key(predicted.marker)
        and text_matches(gold.text, predicted.text)
    )


def _loose_match(gold: Node, predicted: Node) -> bool:
    """Same text and kind, whatever the depth and marker: tells 'wrong level' from 'missing'."""
    return gold.kind == predicted.kind and text_matches(gold.text, predicted.text)


def align(gold: list[Node], predicted: list[Node], match=nodes_match) -> list[tuple[int, int]]:
    """Index pairs of a longest common subsequence under ``match`` (hand-written: difflib needs
    hashable equality, and matching here is a prefix test)."""
    n, m = len(gold), len(predicted)
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        row, below = table[i], table[i + 1]
        for j in range(m - 1, -1, -1):
            if match(gold[i], predicted[j]):
                row[j] = below[j + 1] + 1
            else:
                row[j] = row[j + 1] if row[j + 1] >= below[j] else below[j]
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if match(gold[i], predicted[j]) and table[i][j] == table[i + 1][j + 1] + 1:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def _f1(matched: int, gold_count: int, predicted_count: int) -> float:
    total = gold_count + predicted_count
    return 1.0 if total == 0 else 2 * matched / total


def _title_matches(gold_title: str, predicted_title: str) -> bool:
    gold_form, predicted_form = match_form(gold_title), match_form(predicted_title or "")
    if not gold_form:
        return not predicted_form or bool(_SEPARATOR_ONLY.match(predicted_form))
    # A separator label glued to the title ("企业工会工作计划篇二", "【篇2】企业工会工作计划") is fine.
    return gold_form in predicted_form and len(predicted_form) - len(gold_form) <= 6


@dataclass
class DocumentReport:
    name: str
    gold_nodes: int = 0
    predicted_nodes: int = 0
    matched: int = 0
    node_f1: float = 0.0
    loose_f1: float = 0.0  # ignoring depth and marker
    metadata: float = 0.0
    score: float = 0.0
    gold_plans: int = 0
    predicted_plans: int = 0
    metadata_failures: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # gold nodes with no partner
    extra: list[str] = field(default_factory=list)  # predicted nodes with no partner
    error: str | None = None


def score_document(gold: Gold, collection: PlanCollection, name: str | None = None) -> DocumentReport:
    """Compare one parsed collection with its gold annotation."""
    report = DocumentReport(name=name or gold.path.name)
    gold_nodes = gold.nodes()
    predicted_plans = flatten_collection(collection)
    predicted_nodes = [node for plan in predicted_plans for node in plan]
    pairs = align(gold_nodes, predicted_nodes)
    report.gold_nodes, report.predicted_nodes, report.matched = len(gold_nodes), len(predicted_nodes), len(pairs)
    report.node_f1 = _f1(len(pairs), len(gold_nodes), len(predicted_nodes))
    report.loose_f1 = _f1(len(align(gold_nodes, predicted_nodes, _loose_match)), len(gold_nodes), len(predicted_nodes))
    matched_gold = {i for i, _ in pairs}
    matched_predicted = {j for _, j in pairs}
    report.missing = [str(node) for i, node in enumerate(gold_nodes) if i not in matched_gold]
    report.extra = [str(node) for j, node in enumerate(predicted_nodes) if j not in matched_predicted]

    checks: list[tuple[str, bool]] = []
    report.gold_plans, report.predicted_plans = len(gold.plans), len(collection.plans)
    checks.append((f"plan count: expected {len(gold.plans)}, got {len(collection.plans)}",
                   len(gold.plans) == len(collection.plans)))
    if gold.page_title is not None:
        checks.append((f"page title: expected {gold.page_title!r}, got {collection.page_title!r}",
                       match_form(gold.page_title) == match_form(collection.page_title)))
    for index, gold_plan in enumerate(gold.plans):
        plan = collection.plans[index] if index < len(collection.plans) else None
        label = f"plan {index + 1}"
        checks.append((f"{label} title: expected {gold_plan.title!r}, got {plan.title if plan else None!r}",
                       plan is not None and _title_matches(gold_plan.title, plan.title)))
        if gold_plan.year is not _UNSET:
            got = plan.year if plan else "no plan"
            checks.append((f"{label} year: expected {gold_plan.year}, got {got}",
                           plan is not None and plan.year == gold_plan.year))
        if gold_plan.organization is not _UNSET:
            got = plan.organization if plan else "no plan"
            expected = gold_plan.organization
            ok = plan is not None and (
                match_form(plan.organization or "") == match_form(expected) if expected else not plan.organization
            )
            checks.append((f"{label} organization: expected {expected!r}, got {got!r}", ok))
    report.metadata = sum(ok for _, ok in checks) / len(checks)
    report.metadata_failures = [message for message, ok in checks if not ok]
    report.score = NODE_WEIGHT * report.node_f1 + (1 - NODE_WEIGHT) * report.metadata
    return report


# ---------------------------------------------------------------------------- the corpus


@dataclass
class CorpusReport:
    directory: str
    documents: list[DocumentReport] = field(default_factory=list)
    unannotated: list[str] = field(default_factory=list)  # documents without a gold file

    @property
    def overall(self) -> float:
        return sum(d.score for d in self.documents) / len(self.documents) if self.documents else 0.0

    @property
    def node_f1(self) -> float:
        return sum(d.node_f1 for d in self.documents) / len(self.documents) if self.documents else 0.0

    def document(self, name: str) -> DocumentReport:
        for doc in self.documents:
            if doc.name == name:
                return doc
        raise KeyError(name)

    def to_dict(self) -> dict:
        return {"directory": self.directory, "overall": self.overall, "node_f1": self.node_f1,
                "documents": [asdict(d) for d in self.documents], "unannotated": self.unannotated}


def gold_path_for(document: Path) -> Path:
    stem = document.name[: -len(".txt")] if document.name.endswith(".txt") else document.name
    return document.with_name(stem + GOLD_SUFFIX)


def corpus_documents(directory: str | Path) -> list[Path]:
    directory = Path(directory)
    if not directory.is_dir():
        raise InputError(f"{directory}: not a directory")
    return sorted(
        p for p in directory.iterdir()
        if p.is_file() and not p.name.endswith(GOLD_SUFFIX) and not p.name.startswith(".")
        and p.suffix.lower() not in (".md",)
    )


def evaluate_corpus(directory: str | Path, loader=None) -> CorpusReport:
    """Parse every annotated document in ``directory`` and score it against its gold file.

    ``loader`` defaults to ``planparse.load``; a document the loader fails on scores 0 and keeps
    the error message, so one crash does not hide the other documents' results.
    """
    if loader is None:
        from planparse import load as loader
    report = CorpusReport(directory=str(directory))
    for document in corpus_documents(directory):
        gold_path = gold_path_for(document)
        if not gold_path.is_file():
            report.unannotated.append(document.name)
            continue
        gold = read_gold(gold_path)
        try:
            collection = loader(document)
        except Exception as exc:  # noqa: BLE001 - an evaluator reports parser crashes, it does not stop on them
            report.documents.append(DocumentReport(name=document.name, gold_nodes=len(gold.nodes()),
                                                   gold_plans=len(gold.plans),
                                                   error=f"{type(exc).__name__}: {exc}"))
            continue
        report.documents.append(score_document(gold, collection, name=document.name))
    return report


def format_table(report: CorpusReport, details: bool = False) -> str:
    width = max([len(d.name) for d in report.documents] + [8])
    lines = [f"{'document':<{width}}  gold  pred  match  node_f1  loose  meta   score",
             "-" * (width + 52)]
    for doc in report.documents:
        lines.append(f"{doc.name:<{width}}  {doc.gold_nodes:>4}  {doc.predicted_nodes:>4}  {doc.matched:>5}  "
                     f"{doc.node_f1:>7.3f}  {doc.loose_f1:>5.3f}  {doc.metadata:>4.2f}  {doc.score:>6.3f}"
                     + (f"  ERROR {doc.error}" if doc.error else ""))
        if details:
            for message in doc.metadata_failures:
                lines.append(f"    meta     {message}")
            for node in doc.missing:
                lines.append(f"    missing  {node}")
            for node in doc.extra:
                lines.append(f"    extra    {node}")
    lines.append("-" * (width + 52))
    lines.append(f"{'overall':<{width}}  {'':>4}  {'':>4}  {'':>5}  {report.node_f1:>7.3f}  {'':>5}  {'':>4}  "
                 f"{report.overall:>6.3f}")
    if report.unannotated:
        lines.append(f"no gold file (not scored): {', '.join(report.unannotated)}")
    return "\n".join(lines)


# Relative to the current directory (the repository root): callers pass the folder they mean.
DEFAULT_CORPUS = Path("corpus") / "plans"


def main(argv: list[str] | None = None) -> int:
    """``python -m planparse.devtools.corpus_eval [DIR] [--details] [--json] [--threshold X]``."""
    parser = argparse.ArgumentParser(prog="planparse-evaluate-structure",
                                     description="Score the parser's structure against gold annotations.")
    parser.add_argument("directory", nargs="?", default=str(DEFAULT_CORPUS),
                        help="folder with NAME.txt + NAME.gold.txt (default: corpus/plans in the current directory)")
    parser.add_argument("--details", action="store_true", help="list missing/extra nodes and metadata failures")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--threshold", type=float, default=None, help="exit 1 when overall accuracy is below it")
    args = parser.parse_args(argv)
    try:
        report = evaluate_corpus(args.directory)
    except InputError as exc:
        print(f"planparse: error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_table(report, details=args.details))
    if args.threshold is not None and report.overall < args.threshold:
        print(f"overall accuracy {report.overall:.3f} is below the threshold {args.threshold}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
