"""planparse export: GB/T 9704 .docx that re-imports with the same structure, Markdown, .xlsx of measures."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from typer.testing import CliRunner

import planparse
from planparse.cli import app
from planparse.export import marker_for, measure_rows, to_docx, to_markdown, to_xlsx
from planparse.text.normalize import match_form

ROOT = Path(__file__).resolve().parents[1]
PLANS = ROOT / "corpus" / "plans"
runner = CliRunner()


def structure(col) -> list[tuple]:
    """Plans, sections and the item tree, texts in matching form; markers left out (export renumbers them)."""
    out = []
    for plan in col.plans:
        out.append(("plan", match_form(plan.title), plan.year, plan.organization))
        for section in plan.sections:
            out.append(("section", match_form(section.title), section.implied, match_form(section.intro)))
            stack = [(item, 1) for item in reversed(section.items)]
            while stack:
                item, depth = stack.pop()
                out.append(("item", depth, match_form(item.text)))
                stack.extend((c, depth + 1) for c in reversed(item.children))
        out.append(("closing", match_form(plan.closing)))
    return out


@pytest.mark.parametrize("name", [
    "faults_construction_2025.txt",   # gaps, restarts, ( 二 ), empty item: renumbered on the way out
    "multi_plan_page.txt",            # three plans on one page, placeholders, a plan starting at 三、
    "activity_plan_labour_day.txt",   # field headings, body lines under items, a schedule
    "yishi_runs_2025.txt",            # implied sections made of 一是 runs
    "womens_committee_2025.txt",      # 1. next to 2、, nested 一是 inside 二是
])
def test_exported_docx_reimports_with_the_same_structure(name, tmp_path):
    col = planparse.load(PLANS / name, classify=False)
    out = to_docx(col, tmp_path / "plan.docx")
    back = planparse.load(out, classify=False)
    assert back.format == "docx"
    assert structure(back) == structure(col)


def test_seed_round_trips_through_docx(seed_path, tmp_path):
    col = planparse.load(seed_path, classify=False)
    back = planparse.load(to_docx(col, tmp_path / "seed.docx"), classify=False)
    assert structure(back) == structure(col) and len(back.plans) == 5


def test_docx_numbering_fonts_and_placeholder_highlight(tmp_path):
    col = planparse.load(PLANS / "faults_construction_2025.txt", classify=False)
    doc = Document(str(to_docx(col, tmp_path / "f.docx")))
    texts = [p.text for p in doc.paragraphs]
    # The source's 1、→3、 gap, "( 二 )" and restart 1、2、 come out as one consistent sequence.
    assert "（二）开展劳动竞赛" in texts
    first = texts.index("（一）开展职工技能培训")
    assert [t[:2] for t in texts[first + 1:first + 4]] == ["1.", "2.", "3."]
    assert sum(t.startswith("四、") for t in texts) == 1 and not any(t.startswith("五、") for t in texts)
    heading = next(p for p in doc.paragraphs if p.text.startswith("一、"))
    east_asia = heading.runs[0]._element.rPr.rFonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia")
    assert east_asia == "黑体"
    assert [marker_for(level, 2) for level in (1, 2, 3, 4, 5)] == ["二、", "（二）", "2.", "（2）", "②"]

    page = planparse.load(PLANS / "multi_plan_page.txt", classify=False)
    doc = Document(str(to_docx(page, tmp_path / "page.docx")))
    highlighted = [r.text for p in doc.paragraphs for r in p.runs if r.font.highlight_color is not None]
    # "新建工会组织**个，发展会员***人": both blanks stay (they were once read as one **bold** span and lost)
    assert highlighted == ["20xx", "xx", "20xx", "*", "**", "***", "*", "××", "20__", "20xx", "201x", "202X", "**"]
    # That is every placeholder the cleaner flagged, in reading order, but those of the signature block
    # (XX社区工会 / 20__年___月___日), which is printed as written.
    source = (PLANS / "multi_plan_page.txt").read_text(encoding="utf-8")
    signed = {line for plan in page.plans for line in plan.signature.split("\n")}

    def line_of(p) -> str:
        return source[source.rfind("\n", 0, p.start) + 1:source.find("\n", p.end)].strip()

    assert [p.text for p in page.placeholders if line_of(p) not in signed] == highlighted
    intro = next(p for p in doc.paragraphs if "第*届" in p.text)
    assert [r.text for r in intro.runs if r.font.highlight_color is not None] == ["xx", "20xx", "*"]


def test_only_placeholders_are_highlighted_not_every_star():
    text = ("某社区工会20xx年工作计划\n\n一、丰富职工文化生活\n\n1、举办第*届职工运动会，设比赛项目十个。\n\n"
            "2、评选五星*级职工之家一个，3*3篮球赛每季度一场。\n")
    md = to_markdown(planparse.parse(text, classify=False))
    assert "==20xx==年" in md and "第==\\*==届" in md  # the star is escaped inside the mark too
    assert "五星\\*级" in md and "3\\*3篮球赛" in md and md.count("==") == 4
    # Rendered, the stars stay stars: no emphasis between 五星*级 and 3*3 (it was <em> before).
    from markdown_it import MarkdownIt

    page = MarkdownIt("commonmark").render(md)
    assert "<em>" not in page and "五星*级" in page and "3*3篮球赛" in page


def test_group_by_domain_regroups_every_top_level_item(tmp_path):
    col = planparse.load(ROOT / "corpus" / "pairs" / "hengtuo_2025.txt")
    out = to_docx(col, tmp_path / "grouped.docx", group_by="domain")
    back = planparse.load(out, classify=False)
    top = [item for s in col.plans[0].sections for item in s.items]
    regrouped = [item for s in back.plans[0].sections for item in s.items]
    assert sorted(match_form(i.text) for i in regrouped) == sorted(match_form(i.text) for i in top)
    titles = [s.title for s in back.plans[0].sections]
    assert len(titles) == len({i.domains[0] for i in top}) and "劳动竞赛与建功立业" in titles
    md = to_markdown(col, group_by="domain")
    assert "## 一、" in md and md.count("\n## ") == len(titles)


def test_xlsx_has_one_row_per_measure(tmp_path):
    col = planparse.load(PLANS / "faults_construction_2025.txt")
    out = to_xlsx(col, tmp_path / "m.xlsx")
    wb = load_workbook(out)
    ws = wb["措施"]
    header = [c.value for c in ws[1]]
    assert header[:5] == ["plan", "section", "path", "marker", "measure"] and "targets" in header
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    leaves = [item for _p, _s, item, _path in col.iter_items() if not item.children]
    assert len(rows) == len(leaves) == len(measure_rows(col))
    by_text = {r[header.index("measure")]: r for r in rows}
    training = next(t for t in by_text if t.startswith("结合新开工项目"))
    assert "八百人次" in by_text[training][header.index("targets")]
    assert by_text[training][header.index("parent")] == "(一)开展职工技能培训"  # the source's own marker
    assert all(r[header.index("domains")] for r in rows)  # classified
    assert wb["计划"]["D2"].value == "八方建设集团第三工程公司工会"


def test_cli_export_all_formats_and_errors(tmp_path):
    src = PLANS / "street_federation_2025.txt"
    for fmt in ("docx", "xlsx"):
        out = tmp_path / f"x.{fmt}"
        result = runner.invoke(app, ["export", str(src), "--to", fmt, "--out", str(out)])
        assert result.exit_code == 0 and out.stat().st_size > 3000, result.output
    md = runner.invoke(app, ["export", str(src), "--to", "md"])
    assert md.exit_code == 0 and md.stdout.startswith("# ") and "==" in md.stdout  # placeholders marked
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    result = runner.invoke(app, ["export", str(bad), "--to", "docx", "--out", str(tmp_path / "o.docx")])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    result = runner.invoke(app, ["export", str(src), "--to", "pdf"])
    assert result.exit_code == 2
    for fmt in ("md", "docx", "xlsx"):  # an --out that cannot be written: one line, exit 2, no traceback
        result = runner.invoke(app, ["export", str(src), "--to", fmt, "--out", str(tmp_path / "no" / f"x.{fmt}")])
        assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "cannot write" in result.stderr, fmt


def test_the_exported_copy_of_a_faulty_draft_lints_without_numbering_faults(tmp_path):
    from planparse.lint import lint_path

    src = PLANS / "faults_construction_2025.txt"
    before = {f.code for f in lint_path(src, classify=False).findings}
    assert {"numbering-gap", "numbering-repeat", "numbering-style"} <= before
    after = lint_path(to_docx(planparse.load(src, classify=False), tmp_path / "clean.docx"), classify=False)
    assert not {f.code for f in after.findings} & {"numbering-gap", "numbering-repeat", "numbering-style"}
    assert "empty-item" in {f.code for f in after.findings}  # an empty item is content to write, not to renumber
