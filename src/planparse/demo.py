"""`make demo`: the whole product on the bundled corpus, in about a minute. Prints where each output went.

1. parse a template-site page holding several plans;
2. import a Word plan (built here with python-docx and Word's automatic numbering);
3. find duplicate paragraphs across the corpus (template text shared between offices);
4. diff a year pair into a self-contained HTML report;
5. ingest everything into SQLite, draw the trends PNG and follow one measure across three years;
6. lint a draft and export a clean, renumbered .docx and an .xlsx of its measures.

Outputs go to out/demo/ (git-ignored), or to the folder given as the first argument.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from pathlib import Path

from planparse.messages import say

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"


TWIN_SUFFIXES = (".gold.txt", ".gbk.txt", ".trad.txt", ".oneline.txt")


def _say(title: str) -> None:
    print(f"\n== {title}")


def build_word_plan(out: Path) -> Path:
    """A .docx of the 2024 year-pair plan whose 一、/1、 numbers are Word automatic numbering, not text."""
    from docx import Document
    from docx.oxml import parse_xml

    import planparse

    plan = planparse.load(CORPUS / "pairs" / "hengtuo_2024.txt", classify=False).plans[0]
    doc = Document()
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    numbering = doc.part.numbering_part.element
    numbering.append(parse_xml(
        f'<w:abstractNum {ns} w:abstractNumId="90">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2、"/></w:lvl>'
        '</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {ns} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def numbered(text: str, level: int) -> None:
        para = doc.add_paragraph(text)
        para._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {ns}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))

    doc.add_paragraph(plan.title)
    doc.add_paragraph(plan.preamble)
    for section in plan.sections:
        numbered(section.title, 0)
        if section.intro:
            doc.add_paragraph(section.intro)
        for item in section.items:
            numbered(item.text, 1)
    for line in plan.signature.split("\n"):
        doc.add_paragraph(line)
    doc.save(str(out))
    return out


def _paragraphs(col) -> list[tuple[str, str]]:
    """(where, text) of every paragraph-like node: preamble, intros, items, closing."""
    found = []
    for p_index, plan in enumerate(col.plans, 1):
        if plan.preamble.strip():
            found.append((f"{p_index}/preamble", plan.preamble))
        for _p, _s, item, path in col.iter_items():
            if _p == p_index - 1 and item.text.strip():
                found.append((path, item.text))
        if plan.closing.strip():
            found.append((f"{p_index}/closing", plan.closing))
    return found


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    out = Path(argv[0]) if argv else ROOT / "out" / "demo"
    if not (CORPUS / "plans").is_dir():
        print(f"demo: the corpus folder {CORPUS} is missing (run from a clone of the repository)", file=sys.stderr)
        return 2
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    outputs: list[tuple[str, Path]] = []

    import planparse
    from planparse.render import to_tree

    # 1. A template-site page with three plans, menus, watermarks and placeholders.
    page = CORPUS / "plans" / "multi_plan_page.txt"
    _say(f"1. Parse a template-site page holding several plans: {page.relative_to(ROOT)}")
    col = planparse.load(page)
    tree = to_tree(col).splitlines()
    print("\n".join(tree[:24] + ([f"   … ({len(tree) - 24} more lines)"] if len(tree) > 24 else [])))
    removed = Counter(r.kind for r in col.removals)
    print(f"-> {len(col.plans)} plans, {sum(1 for _ in col.iter_items())} items; cleaned away: "
          + ", ".join(f"{k} {v}" for k, v in removed.most_common()))
    target = out / "multi_plan_page.json"
    target.write_text(json.dumps(col.model_dump(mode="json"), ensure_ascii=False, indent=2), encoding="utf-8")
    outputs.append(("parsed page (JSON)", target))

    # 2. A Word plan with automatic numbering.
    _say("2. Import a Word plan whose numbers are Word automatic numbering")
    word = build_word_plan(out / "word_plan.docx")
    outputs.append(("Word plan built with python-docx", word))
    wcol = planparse.load(word)
    plan = wcol.plans[0]
    print(f"{word.name}: {plan.title} ({plan.year}, {plan.organization}); format={wcol.format}")
    for section in plan.sections[:3]:
        print(f"  {section.marker}{section.title}  [{', '.join(section.domains)}]")
        for item in section.items[:2]:
            print(f"    {item.marker}{item.text[:40]}…")

    # 3. Duplicates across the corpus: template paragraphs several offices share.
    _say("3. Dedup: paragraphs repeated across the corpus plans (and carried over from year to year)")
    units: list[tuple[str, str, str]] = []
    for path in sorted([*(CORPUS / "plans").glob("*.txt"), *(CORPUS / "pairs").glob("*.txt"),
                        *(CORPUS / "years").glob("*.txt")]):
        if path.name.endswith(TWIN_SUFFIXES):
            continue  # gold files, and re-encodings of another corpus plan (they would only find themselves)
        units += [(path.name, where, text) for where, text in _paragraphs(planparse.load(path, classify=False))]
    groups = planparse.find_duplicates([u[2] for u in units])
    kinds = Counter(g.kind for g in groups)
    print(f"{len(units)} paragraphs from {len({u[0] for u in units})} files: {len(groups)} duplicate groups "
          f"({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))})")
    across = [g for g in groups if len({units[i][0] for i in g.indices}) > 1]
    for group in across[:3]:
        members = ", ".join(f"{units[i][0]}:{units[i][1]}" for i in group.indices[:3])
        print(f"  {group.kind} {group.similarity:.2f}: {units[group.indices[0]][2][:36]}… in {members}")
    target = out / "dedup.json"
    target.write_text(json.dumps({"groups": [
        {"kind": g.kind, "similarity": g.similarity,
         "members": [{"file": units[i][0], "path": units[i][1], "text": units[i][2]} for i in g.indices]}
        for g in groups]}, ensure_ascii=False, indent=2), encoding="utf-8")
    outputs.append(("duplicate groups (JSON)", target))

    # 4. Diff of the year pair.
    _say("4. Diff the 2024 → 2025 plans of one union into an HTML report")
    from planparse.plandiff.render import to_html

    old, new = (planparse.load(CORPUS / "pairs" / f"hengtuo_{y}.txt") for y in (2024, 2025))
    result = planparse.diff(old, new)
    print("changes: " + ", ".join(f"{k} {v}" for k, v in result.counts.items()))
    for change in result.changes:
        for t in change.target_changes:
            print(f"  target {t.old or '—'} → {t.new or '—'}  in: {(change.new or change.old).text[:30]}…")
    target = out / "diff_2024_2025.html"
    target.write_text(to_html(result), encoding="utf-8")
    outputs.append(("year-pair diff (HTML)", target))

    # 5. Store, trends, history.
    _say("5. Ingest the corpus into SQLite, chart the trends, follow one measure")
    from planparse.store import connect, counts, ingest_paths, integrity_ok
    from planparse.chart import trends_chart
    from planparse.trends import history, history_text, trend_rows

    db = out / "planparse.db"
    for stale in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        stale.unlink(missing_ok=True)
    conn = connect(db)
    results = ingest_paths(conn, [CORPUS / "years", CORPUS / "pairs", CORPUS / "plans"])
    again = ingest_paths(conn, [CORPUS / "years", CORPUS / "pairs"])
    status = Counter(r.status for r in results)
    print(f"ingested {len(results)} files ({', '.join(f'{k} {v}' for k, v in status.items())}); "
          f"re-ingest: {Counter(r.status for r in again)['unchanged']} unchanged; "
          f"{counts(conn)}; integrity ok: {integrity_ok(conn)}")
    rows = trend_rows(conn, "恒拓")
    target = trends_chart(rows, out / "trends.png", title=say("chart.title_org", org="恒拓精密机械有限公司工会"))
    outputs.append(("trends chart (PNG)", target))
    outputs.append(("SQLite store", db))
    print(history_text(history(conn, "技能比武", "恒拓"), "技能比武"), end="")
    conn.close()

    # 6. Lint a draft, export a clean copy.
    _say("6. Lint a draft with faults, export a clean renumbered copy")
    from planparse.export import to_docx, to_xlsx
    from planparse.lint import lint_path

    draft = CORPUS / "plans" / "faults_construction_2025.txt"
    report = lint_path(draft)
    for finding in report.findings:
        print(f"  line {finding.line or '-'}: {finding.code}: {finding.message}")
    dcol = planparse.load(draft)
    outputs.append(("clean GB/T 9704 copy (.docx)", to_docx(dcol, out / "faults_construction_2025.clean.docx")))
    outputs.append(("measures table (.xlsx)", to_xlsx(dcol, out / "faults_construction_2025.measures.xlsx")))

    _say(f"Done in {time.perf_counter() - started:.1f} s. Outputs:")
    for label, path in outputs:
        print(f"  {label:34s} {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
