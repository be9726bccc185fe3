"""Benchmark: reading a 50-page text PDF, and OCR seconds per scanned page.

Builds a plan .docx with Word automatic numbering (一、 / （一） / 1.), long paragraphs, a running header and
a page-number footer, and prints it to PDF with LibreOffice (about 50 pages). Without LibreOffice the same
paragraphs are set line by line with matplotlib's PDF backend in the bundled font (said in the output).
Then, in the same run, best of N rounds, the three run in turn in each round:

- baseline: pypdfium2's bare text extraction (every page's text layer, ``get_text_range``),
- ``planparse.read.pdf.read_pdf`` (lines, boxes, page furniture, paragraphs),
- ``planparse.load(classify=False)`` (read + clean + structure),

and checks that the PDF parses to the .docx's outline. Target: read_pdf ≤ 3× the bare extraction.
With the ``ocr`` extra, two pages are rasterised at 150 dpi into an image-only PDF and read by OCR: seconds
per page (the engine's one-time load reported apart).

    .venv/bin/python benchmarks/bench_pdf.py [--pages 50] [--repeat 9] [--no-ocr]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

# Phrases written for this benchmark, combined at random (fixed seed) into measures of 40–160 characters.
SUBJECTS = ["各基层工会", "县总工会机关", "各产业工会", "女职工委员会", "经费审查委员会", "职工服务中心", "各乡镇工会"]
ACTIONS = ["围绕重点项目开展劳动竞赛", "组织职工参加技能培训", "落实困难职工帮扶制度", "推进厂务公开民主管理",
           "开展职工健康体检", "建设职工书屋和服务驿站", "做好新就业形态劳动者入会工作", "组织劳模工匠进企业宣讲",
           "开展安全生产隐患排查", "举办职工文体活动"]
TARGETS = ["全年覆盖职工{n}千人次", "新建示范点{n}个", "培训骨干{n}百名", "年底前完成率达到百分之九十以上",
           "每季度通报一次进展", "形成可推广的经验做法{n}项"]
MEANS = ["明确牵头部门和完成时限", "纳入年度目标考核", "建立台账、按月调度", "加强督促检查和经费保障",
         "及时总结表彰先进典型"]
HEADINGS = ["突出政治引领，筑牢思想基础", "坚持建功立业，激发创造活力", "强化维权服务，提升幸福指数",
            "深化改革创新，加强自身建设", "推进产业工人队伍建设", "做实基层基础工作"]
SUBHEADINGS = ["深化劳动竞赛", "加强技能培训", "做好帮扶救助", "推进民主管理", "关爱女职工", "建设职工之家"]


def measure(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(1, 3)):
        parts.append(f"{rng.choice(SUBJECTS)}要{rng.choice(ACTIONS)}，{rng.choice(TARGETS).format(n=rng.randint(2, 9))}，"
                     f"{rng.choice(MEANS)}")
    return "；".join(parts) + "。"


def plan(pages: int, seed: int = 7) -> list[tuple[int | None, str]]:
    """(level or None, text) paragraphs: one 一、 section (17 paragraphs) for every 1.2 pages."""
    rng = random.Random(seed)
    out: list[tuple[int | None, str]] = [(None, "青石县总工会年度重点工作安排")]
    sections = max(1, round(pages * 0.82))  # LibreOffice sets a section on about 1.2 pages
    for s in range(sections):
        out.append((0, HEADINGS[s % len(HEADINGS)]))
        out.append((None, measure(rng) + measure(rng)))
        for u in range(3):
            out.append((1, SUBHEADINGS[(s + u) % len(SUBHEADINGS)]))
            for _ in range(4):
                out.append((2, measure(rng)))
    return out


def build_docx(path: Path, paragraphs: list[tuple[int | None, str]]) -> None:
    from fixtures_docx import DocBuilder, W, _append_xml, abstract, lvl, num

    builder = DocBuilder([abstract(0, lvl(0, "chineseCounting", "%1、"), lvl(1, "chineseCounting", "（%2）", suff="nothing"),
                                   lvl(2, "decimal", "%3.", suff="space"))], [num(1, 0)])
    for level, text in paragraphs:
        builder.para(text, num_id=1 if level is not None else None, ilvl=level, expect=False)
    builder.doc.sections[0].header.paragraphs[0].text = "青石县总工会文件"
    footer = builder.doc.sections[0].footer.paragraphs[0]
    footer.text = "- "
    _append_xml(footer, f'<w:fldSimple {W} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>')
    footer.add_run(" -")
    builder.doc.save(path)


def draw_pdf(path: Path, paragraphs: list[tuple[int | None, str]]) -> None:
    """The same paragraphs set by hand: 12 pt, 36 characters a line, numbers rendered as Word would."""
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    from planparse.text.numerals import chinese_counting

    font = FontProperties(fname=ROOT / "src/planparse/data/fonts/PlanparseSansSC-Regular.otf", size=12)
    counters = [0, 0, 0]
    lines: list[tuple[float, str]] = []
    for level, text in paragraphs:
        if level is not None:
            counters[level] += 1
            counters[level + 1:] = [0] * (2 - level)
            label = [f"{chinese_counting(counters[0])}、", f"（{chinese_counting(counters[1])}）", f"{counters[2]}. "][level]
            text = label + text
        indent = 24.0 if level is None or level == 2 else 0.0
        width = 36 - int(indent // 12)
        while text:
            lines.append((indent, text[:width]))
            text, indent, width = text[width:], 0.0, 36
    with PdfPages(path) as out:
        for start in range(0, len(lines), 34):
            figure = Figure(figsize=(595 / 72, 842 / 72))
            figure.text(230 / 595, 1 - 40 / 842, "青石县总工会文件", fontproperties=font)
            for k, (indent, text) in enumerate(lines[start : start + 34]):
                figure.text((72 + indent) / 595, 1 - (100 + 20 * k) / 842, text, fontproperties=font)
            figure.text(285 / 595, 1 - 815 / 842, f"- {start // 34 + 1} -", fontproperties=font)
            out.savefig(figure)


def interleaved(repeat: int, functions: list) -> list[tuple[float, float]]:
    """(best wall seconds, best CPU seconds) of each function, the functions run in turn in every round, so
    that a change in the machine's load between rounds hits all of them alike."""
    walls = [[] for _ in functions]
    cpus = [[] for _ in functions]
    for _ in range(repeat):
        for k, function in enumerate(functions):
            started, cpu = time.perf_counter(), time.process_time()
            function()
            walls[k].append(time.perf_counter() - started)
            cpus[k].append(time.process_time() - cpu)
    return [(min(w), min(c)) for w, c in zip(walls, cpus)]


def bare_text(path: Path) -> list[str]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    texts = []
    for page in document:
        textpage = page.get_textpage()
        texts.append(textpage.get_text_range())
        textpage.close()
        page.close()
    document.close()
    return texts


def outline(collection) -> list[tuple]:
    out: list[tuple] = []
    for plan_ in collection.plans:
        for section in plan_.sections:
            out.append((0, section.marker, section.title))
            stack = [(item, 1) for item in reversed(section.items)]
            while stack:
                item, depth = stack.pop()
                out.append((depth, item.marker, item.text))
                stack.extend((child, depth + 1) for child in reversed(item.children))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--no-ocr", action="store_true")
    args = parser.parse_args()

    import planparse
    from planparse.read.doc import convert_with_libreoffice, find_soffice
    from planparse.read.pdf import read_pdf

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paragraphs = plan(args.pages)
        docx = folder / "plan.docx"
        expected = None
        if find_soffice():
            build_docx(docx, paragraphs)
            pdf = convert_with_libreoffice([docx], folder / "pdf", "pdf:writer_pdf_Export")[docx]
            expected = outline(planparse.load(docx, classify=False))
            maker = "LibreOffice from a .docx with Word numbering"
        else:
            pdf = folder / "plan.pdf"
            draw_pdf(pdf, paragraphs)
            maker = "matplotlib (no LibreOffice here)"
        pages = len(bare_text(pdf))
        characters = sum(len(t) for t in bare_text(pdf))
        print(f"PDF: {pages} pages, {characters:,} characters, {pdf.stat().st_size / 1024:,.0f} KB, made by {maker}; "
              f"load average {os.getloadavg()[0]:.1f}")

        read_pdf(pdf)  # warm: imports, the marker grammar
        (bare, bare_cpu), (reader, reader_cpu), (loaded, loaded_cpu) = interleaved(
            args.repeat, [lambda: bare_text(pdf), lambda: read_pdf(pdf), lambda: planparse.load(pdf, classify=False)])
        print("\n| step | ms | × bare extraction | CPU ms | × bare (CPU) |\n|---|---|---|---|---|")
        print(f"| pypdfium2 bare text extraction (baseline) | {bare * 1000:.0f} | 1.00 | {bare_cpu * 1000:.0f} | 1.00 |")
        print(f"| `read_pdf` (lines, boxes, furniture, paragraphs) | {reader * 1000:.0f} | **{reader / bare:.2f}** "
              f"(target ≤ 3×) | {reader_cpu * 1000:.0f} | {reader_cpu / bare_cpu:.2f} |")
        print(f"| `planparse.load(classify=False)` | {loaded * 1000:.0f} | {loaded / bare:.2f} | {loaded_cpu * 1000:.0f} "
              f"| {loaded_cpu / bare_cpu:.2f} |")
        raw = read_pdf(pdf)
        kinds = [r.kind for r in raw.removals]
        print(f"\nparagraphs: {len(raw.blocks):,}; removed: {kinds.count('page_header')} headers, "
              f"{kinds.count('page_number')} page numbers")
        if expected is not None:
            got = outline(planparse.load(pdf, classify=False))
            same = sum(a == b for a, b in zip(expected, got))
            print(f"outline nodes as in the .docx: {same}/{len(expected)}" + ("" if len(got) == len(expected)
                                                                              else f" (the PDF has {len(got)})"))

        from planparse.read import ocr

        if args.no_ocr or not ocr.available():
            print("\nOCR: skipped" + ("" if args.no_ocr else " (the ocr extra is not installed)"))
            return 0
        import pypdfium2 as pdfium

        document = pdfium.PdfDocument(str(pdf))
        images = [document[i].render(scale=150 / 72).to_pil().convert("RGB") for i in (1, 2)]
        document.close()
        scan = folder / "scan.pdf"
        images[0].save(scan, save_all=True, append_images=images[1:], resolution=150)
        started = time.perf_counter()
        ocr._engine()
        load = time.perf_counter() - started
        started, cpu = time.perf_counter(), time.process_time()
        scanned = read_pdf(scan)
        per_page = (time.perf_counter() - started) / len(images)
        cpu_per_page = (time.process_time() - cpu) / len(images)
        print(f"\nOCR (rapidocr, PP-OCRv6 small, onnxruntime on {_cores()} cores): engine load {load:.1f} s once; "
              f"**{per_page:.1f} s per A4 page** at 150 dpi ({cpu_per_page:.1f} s of CPU time; "
              f"{sum(len(b.text) for b in scanned.blocks):,} characters in {len(scanned.blocks)} paragraphs on 2 pages; "
              f"load average {os.getloadavg()[0]:.1f})")
    return 0


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


if __name__ == "__main__":
    sys.exit(main())
