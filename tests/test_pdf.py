"""PDF plans and scans: paragraphs rebuilt by layout, page furniture removed and logged, hostile files refused.

Fixtures are made here: PDFs drawn line by line with matplotlib's PDF backend in the bundled CJK font (exact
positions, no LibreOffice needed), a .docx with Word automatic numbering printed to PDF by LibreOffice (when
present) and that PDF rasterised at 150 dpi into an image-only PDF for OCR (with the ``ocr`` extra).
"""

from __future__ import annotations

import time
import zlib
from pathlib import Path

import pytest

import planparse
import planparse.read.pdf as pdf_module
from planparse.errors import InputError
from planparse.pipeline import parse_document
from planparse.read import ocr
from planparse.read.pdf import Line, read_image, read_pdf

FONT = Path(planparse.__file__).parent / "data" / "fonts" / "PlanparseSansSC-Regular.otf"
W, H = 595.0, 842.0
LEFT, SIZE, WIDTH = 72.0, 12.0, 36  # body: 12 pt Chinese characters, 36 to a line: right edge at 504 pt
needs_ocr = pytest.mark.skipif(not ocr.available(), reason="the ocr extra (rapidocr, onnxruntime) is not installed")


def draw_pdf(path: Path, pages: list[list[tuple[float, float, str, float]]]) -> Path:
    """A PDF with text drawn at (x, baseline y from the top, text, size) in points, one list per page."""
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    fonts: dict[float, FontProperties] = {}
    with PdfPages(path) as pages_out:
        for items in pages:
            figure = Figure(figsize=(W / 72, H / 72))
            for x, y, text, size in items:
                font = fonts.setdefault(size, FontProperties(fname=FONT, size=size))
                figure.text(x / W, 1 - y / H, text, fontproperties=font, va="baseline")
            pages_out.savefig(figure)
    return path


# Text written for these tests; every character is full width, so a line of n characters is n × 12 pt wide.
P1 = ("今年全县各级工会要以服务职工为中心，围绕县委县政府的中心任务，突出维权和服务两项基本职责，"
      "把工作重心放到基层一线，增强工会组织的吸引力和凝聚力，为建设美丽青石贡献力量。")
ITEM = ("全年组织各类宣讲活动不少于四十场，把党的创新理论送进企业车间、学校课堂和乡村田头，"
        "引导广大职工在急难险重任务面前勇挑重担。")
CROSS = ("依托职工书屋和网上课堂开展读书分享活动，以基层班组为单位组织学习交流，"
         "推动学习常态化，每季度开展一次学习成果展示，评选一批学习型班组，力争全")  # 34 + 36
CROSS_END = "年组织宣讲活动不少于四十场。"
FULL_STOP_LINE = "围绕重点项目开展劳动竞赛，全年组织技能比武八项以上，参赛职工超过两千人。"  # 36: fills the line
NEXT_PARA = "对竞赛中涌现的优秀选手，按规定推荐申报技术能手。"
SAME_PARA_A = "深化工会规范化建设，开展星级工会评定，抓好新就业形态劳动者入会工作。"  # 34 after the indent
SAME_PARA_B = "加强工会干部教育培训，严格执行经费管理制度。"
SHORT_STOP = "建设职工服务驿站，为户外劳动者提供休息、饮水和充电服务，方便职工。"  # 33 after the indent
AFTER_SHORT_STOP = "开展元旦春节送温暖活动，确保帮扶资金及时足额发放到位。"
RAGGED = "落实困难职工帮扶制度，做好元旦春节送温暖、夏季送清凉、金秋助学等工作，"  # 35, mid-sentence
RAGGED_END = "确保帮扶资金及时足额发放到位。"
assert [len(P1), len(ITEM), len(CROSS), len(FULL_STOP_LINE), len(SAME_PARA_A), len(SHORT_STOP), len(RAGGED)] == \
    [34 + 36 + 14, 34 + 27, 34 + 36, 36, 34, 33, 35]

def lines_of(text: str, first: int, rest: int) -> list[str]:
    out, pos, width = [], 0, first
    while pos < len(text):
        out.append(text[pos : pos + width])
        pos += width
        width = rest
    return out


@pytest.fixture(scope="module")
def drawn(tmp_path_factory) -> Path:
    """Two pages set like a Word plan printed to PDF: running header, page numbers, first-line indents, a
    heading numbered ``一、 `` with a space, an item with a hanging indent, a sentence cut by the page break."""
    page1: list[tuple[float, float, str, float]] = [(230, 40, "青石县总工会文件", 10.5),
                                                   (150, 100, "青石县总工会二〇二六年工作要点", 18)]
    y = 140.0

    def put(x: float, text: str, size: float = SIZE, page=page1) -> None:
        nonlocal y
        page.append((x, y, text, size))
        y += 20

    for k, line in enumerate(lines_of(P1, WIDTH - 2, WIDTH)):
        put(LEFT + 24 if k == 0 else LEFT, line)
    put(LEFT, "一、 突出政治引领，筑牢职工思想基础")
    put(LEFT + 24, "（一）深化理论学习")
    item = lines_of(ITEM, WIDTH - 2, WIDTH - 2)
    page1.append((LEFT, y, "1.", SIZE))
    for line in item:
        put(LEFT + 24, line)  # the item's text hangs under its first character, not under "1."
    y = 780 - 20 * (len(lines_of(CROSS, WIDTH - 2, WIDTH)) - 1)
    for k, line in enumerate(lines_of(CROSS, WIDTH - 2, WIDTH)):
        put(LEFT + 24 if k == 0 else LEFT, line)
    page1.append((285, 815, "- 1 -", 10.5))

    page2: list[tuple[float, float, str, float]] = [(230, 40, "青石县总工会文件", 10.5)]
    y = 90.0
    put(LEFT, CROSS_END, page=page2)  # the rest of the sentence the page break cut
    put(LEFT, "二、 坚持建功立业，激发职工创造活力", page=page2)
    put(LEFT, FULL_STOP_LINE, page=page2)  # fills the line and ends in 。; the next line is indented: a new paragraph
    put(LEFT + 24, NEXT_PARA, page=page2)
    put(LEFT + 24, SAME_PARA_A, page=page2)  # a full line ending in 。 inside a paragraph: the next is not indented
    put(LEFT, SAME_PARA_B, page=page2)
    put(LEFT + 24, SHORT_STOP, page=page2)  # one character short of the edge, ending in 。
    put(LEFT, AFTER_SHORT_STOP, page=page2)  # after a line ending in 。 short of the edge: a new paragraph
    put(LEFT, RAGGED, page=page2)  # one character short, mid-sentence (a ragged right edge): continues
    put(LEFT, RAGGED_END, page=page2)
    page2.append((270, 815, "第 2 页 共 2 页", 10.5))
    return draw_pdf(tmp_path_factory.mktemp("drawn") / "plan.pdf", [page1, page2])


def test_paragraphs_are_rebuilt_by_layout(drawn):
    raw = read_pdf(drawn)
    texts = [b.text for b in raw.blocks]
    assert texts == [
        "青石县总工会二〇二六年工作要点",
        P1,
        "一、 突出政治引领，筑牢职工思想基础",
        "（一）深化理论学习",
        "1. " + ITEM,
        CROSS + CROSS_END,
        "二、 坚持建功立业，激发职工创造活力",
        FULL_STOP_LINE,
        NEXT_PARA,
        SAME_PARA_A + SAME_PARA_B,
        SHORT_STOP,
        AFTER_SHORT_STOP,
        RAGGED + RAGGED_END,
    ]
    assert raw.format == "pdf" and [p.method for p in raw.pages] == ["text", "text"]


def test_running_headers_and_page_numbers_are_removed_and_logged(drawn):
    raw = read_pdf(drawn)
    logged = [(r.kind, r.text) for r in raw.removals]
    assert logged == [("page_header", "青石县总工会文件"), ("page_number", "- 1 -"),
                      ("page_header", "青石县总工会文件"), ("page_number", "第 2 页 共 2 页")]
    for removal in raw.removals:
        assert raw.text[removal.start : removal.end] == removal.text  # the log points at the removed line
        assert removal.reason
    assert all("青石县总工会文件" not in b.text for b in raw.blocks)
    collection = parse_document(raw, classify=False)
    assert [r.text for r in collection.removals if r.kind.startswith("page_")] == [t for _k, t in logged]


def test_a_running_header_may_count_pages_but_titles_of_other_years_stay(tmp_path):
    pages = [[(230, 40, f"青石县总工会工作要点 · {n}", 10.5), (150, 78, f"青石县总工会{year}年工作计划", 18),
              (LEFT, 120, "一、加强职工思想引领", SIZE), (LEFT, 140, "二、深化劳动竞赛", SIZE)]
             for n, year in ((1, 2023), (2, 2024))]
    raw = read_pdf(draw_pdf(tmp_path / "two.pdf", pages))
    assert [(r.kind, r.text) for r in raw.removals] == [("page_header", "青石县总工会工作要点 · 1"),
                                                        ("page_header", "青石县总工会工作要点 · 2")]
    assert [b.text for b in raw.blocks if "工作计划" in b.text] == ["青石县总工会2023年工作计划", "青石县总工会2024年工作计划"]


def test_a_scan_stamped_with_a_few_words_is_a_scan(tmp_path, monkeypatch):
    import numpy as np
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    path = tmp_path / "stamped.pdf"
    with PdfPages(path) as out:
        figure = Figure(figsize=(W / 72, H / 72), dpi=72)
        figure.figimage(np.full((int(H), int(W), 3), 0.9))  # the scanned page, as one image
        figure.text(0.8, 0.97, "扫描件", fontproperties=FontProperties(fname=FONT, size=9))
        out.savefig(figure, dpi=72)
    monkeypatch.setattr(ocr, "available", lambda: False)
    assert "a scanned PDF (no text layer); reading it needs OCR" in _error(path)  # not a page reading 扫描件


def test_blocks_carry_page_and_box(drawn):
    raw = read_pdf(drawn)
    by_text = {b.text: b for b in raw.blocks}
    first = by_text[P1]
    assert (first.page, first.last_page) == (1, 1)
    x0, top, x1, bottom = first.box
    assert x0 == pytest.approx(LEFT, abs=1) and x1 == pytest.approx(LEFT + WIDTH * SIZE, abs=2)
    assert 120 < top < 140 < bottom
    cross = by_text[CROSS + CROSS_END]
    assert (cross.page, cross.last_page) == (1, 2)
    assert raw.text[cross.start : cross.end] == cross.text
    assert raw.page_of(by_text[NEXT_PARA].start) == 2 and raw.page_of(first.start) == 1


def test_word_numbering_in_the_pdf_reads_as_markers(drawn):
    collection = parse_document(read_pdf(drawn), classify=False)
    plan = collection.plans[0]
    assert plan.title == "青石县总工会二〇二六年工作要点"
    assert [(s.marker, s.title) for s in plan.sections] == [("一、", "突出政治引领，筑牢职工思想基础"),
                                                             ("二、", "坚持建功立业，激发职工创造活力")]
    first = plan.sections[0].items[0]
    assert (first.marker, first.text) == ("（一）", "深化理论学习")
    assert [c.marker for c in first.children] == ["1."] and first.children[0].text.startswith(ITEM + "\n")


def test_load_and_cli_read_a_pdf(drawn):
    from typer.testing import CliRunner

    from planparse.cli import app

    collection = planparse.load(drawn, classify=False)
    assert collection.format == "pdf" and len(collection.plans[0].sections) == 2
    result = CliRunner().invoke(app, ["parse", str(drawn), "--format", "json", "--no-classify"])
    assert result.exit_code == 0, result.output
    assert "突出政治引领" in result.stdout


def test_folders_include_pdfs(tmp_path, drawn):
    from planparse.read.folder import find_plan_files

    (tmp_path / "a.txt").write_text("一、加强学习\n", encoding="utf-8")
    (tmp_path / "b.pdf").write_bytes(drawn.read_bytes())
    (tmp_path / "c.xlsx").write_bytes(b"PK\x03\x04")
    assert [p.name for p in find_plan_files(tmp_path)] == ["a.txt", "b.pdf"]
    results = dict(planparse.load_folder(tmp_path, classify=False))
    assert len(results[tmp_path / "b.pdf"].plans[0].sections) == 2


# ---------------------------------------------------------------------------- hostile and broken files


def minimal_pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF of the given objects (1 is the catalog), with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1) + trailer + b">>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def page_objects(count: int, media_box: bytes = b"[0 0 595 842]", contents: bytes = b"") -> list[bytes]:
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(count))
    return [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count)] + [
        b"<< /Type /Page /Parent 2 0 R /MediaBox %s %s>>" % (media_box, contents) for _ in range(count)]


def _error(path: Path) -> str:
    with pytest.raises(InputError) as info:
        read_pdf(path)
    message = str(info.value)
    assert "\n" not in message and message.startswith(str(path))
    return message


def test_encrypted_pdf_is_one_line(tmp_path):
    objects = page_objects(1) + [b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>"]
    path = tmp_path / "secret.pdf"
    path.write_bytes(minimal_pdf(objects, b"/Encrypt 4 0 R /ID [<00112233445566778899aabbccddeeff> "
                                          b"<00112233445566778899aabbccddeeff>] "))
    assert "password-protected" in _error(path)


@pytest.mark.parametrize(("data", "words"), [
    (b"%PDF-1.4\nnot a PDF at all\n", "damaged PDF"),
    (b"", "empty file"),
    (minimal_pdf(page_objects(2))[:60], "damaged PDF"),  # cut short
])
def test_broken_pdf_is_one_line(tmp_path, data, words):
    path = tmp_path / "broken.pdf"
    path.write_bytes(data)
    assert words in _error(path)


def test_pdf_bombs_are_refused_within_time_and_memory(tmp_path, monkeypatch):
    import tracemalloc

    huge = tmp_path / "huge.pdf"
    huge.write_bytes(minimal_pdf(page_objects(1, b"[0 0 200000 200000]")))
    assert "7,056 × 7,056 cm" in _error(huge)
    many = tmp_path / "many.pdf"
    many.write_bytes(minimal_pdf(page_objects(pdf_module.MAX_PAGES + 1)))
    assert f"{pdf_module.MAX_PAGES + 1:,} pages" in _error(many)
    # 400 KB of PDF holding a 400 MB content stream: PDFium would inflate it whole (26 s and 860 MB here)
    inflater = zlib.compressobj(9)
    chunk = b"q Q " * 262144
    stream = b"".join(inflater.compress(chunk) for _ in range(400)) + inflater.flush()
    objects = page_objects(1, contents=b"/Contents 4 0 R ") + [
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream"]
    bomb = tmp_path / "bomb.pdf"
    bomb.write_bytes(minimal_pdf(objects))
    tracemalloc.start()
    started = time.perf_counter()
    assert "decompression bomb" in _error(bomb)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert elapsed < 5 and peak < 50_000_000
    monkeypatch.setattr(pdf_module, "MAX_PAGES", 1)
    two = tmp_path / "two.pdf"
    two.write_bytes(minimal_pdf(page_objects(2)))
    assert "refusing a PDF of 2 pages (the limit is 1)" in _error(two)


def test_a_page_count_claimed_but_not_there_costs_nothing(tmp_path):
    objects = page_objects(1)
    objects[1] = b"<< /Type /Pages /Kids [3 0 R] /Count 100000000 >>"
    path = tmp_path / "claims.pdf"
    path.write_bytes(minimal_pdf(objects))
    raw = read_pdf(path)
    assert len(raw.pages) == 1 and raw.blocks == []


def scanned_pdf(source: Path, target: Path, dpi: int = 150, crop: float = 1.0) -> Path:
    """``source`` rasterised at ``dpi`` into an image-only PDF (the top ``crop`` of each page)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(source))
    images = []
    for page in document:
        image = page.render(scale=dpi / 72).to_pil().convert("RGB")
        images.append(image.crop((0, 0, image.width, int(image.height * crop))))
        page.close()
    document.close()
    images[0].save(target, save_all=True, append_images=images[1:], resolution=dpi)
    return target


def test_a_scan_without_the_ocr_extra_names_the_extra(tmp_path, drawn, monkeypatch):
    monkeypatch.setattr(ocr, "available", lambda: False)
    scan = scanned_pdf(drawn, tmp_path / "scan.pdf", dpi=50)
    message = _error(scan)
    assert "scanned PDF" in message and "planparse[ocr]" in message
    image = tmp_path / "page.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    with pytest.raises(InputError, match=r"page\.png: a PNG image; reading it needs OCR: pip install 'planparse\[ocr\]'"):
        read_image(image)


# ---------------------------------------------------------------------------- OCR confusions


def test_ocr_confusions_that_change_the_outline_are_put_right_and_logged():
    text, fixes = ocr.normalise("(一)加强组织建设丶完善制度°")
    assert text == "（一）加强组织建设、完善制度。"
    assert [(f.original, text[f.start : f.end]) for f in fixes] == [("(", "（"), (")", "）"), ("丶", "、"), ("°", "。")]
    assert ocr.normalise("气温38°左右")[0] == "气温38°左右"  # a degree after a number stays
    assert ocr.normalise("(1)")[0] == "（1）" and ocr.normalise("（二）")[1] == []


def _ocr_line(text: str, top: float, x1: float, page: int = 0) -> Line:
    line = Line(text, 72, top, x1, top + 12, page, 12, ocr=True)
    marker = pdf_module.match_line_marker(text)
    line.marker_family = marker.family if marker else None
    return line


def test_a_dropped_heading_comma_is_restored_only_where_the_numbering_proves_it():
    lines = [_ocr_line("一、突出政治引领", 100, 200), _ocr_line("全县各级工会要坚持以职工为本，围绕中心工作开展活动", 120, 504),
             _ocr_line("二坚持建功立业", 160, 190), _ocr_line("二是加强阵地建设的同时，要做好宣传工作", 180, 504),
             _ocr_line("三突出维权服务", 220, 190), _ocr_line("五年来成绩显著", 240, 190)]
    geometry = pdf_module._Geometry(left=72, right=504, em=12, pitch=20)
    pdf_module._restore_lost_dun(lines, [geometry])
    assert [ln.text for ln in lines] == ["一、突出政治引领", "全县各级工会要坚持以职工为本，围绕中心工作开展活动", "二、坚持建功立业",
                                         "二是加强阵地建设的同时，要做好宣传工作", "三、突出维权服务", "五年来成绩显著"]
    assert [(f.original, f.reason.startswith("OCR dropped the 、")) for f in lines[2].fixes] == [("二", True)]


# ---------------------------------------------------------------------------- a Word plan printed to PDF


def _plan_docx() -> bytes:
    """A two-page plan with Word automatic numbering: 一、 headings (tab after the number, as Word sets it),
    （一） and 1. levels, a running header and a page-number footer."""
    from fixtures_docx import DocBuilder, W, _append_xml, abstract, lvl, num

    levels = (lvl(0, "chineseCounting", "%1、", pstyle="Heading1"), lvl(1, "chineseCounting", "（%2）", suff="nothing"),
              lvl(2, "decimal", "%3.", suff="space"))
    b = DocBuilder([abstract(0, *levels)], [num(1, 0)])
    b.number_heading_style("Heading 1", 1)
    b.para("青石县总工会2026年工作要点", style="Title")
    b.para("2026年是实施“十五五”规划的开局之年。全县各级工会要坚持以职工为本，围绕县委中心工作，"
           "聚焦主责主业，扎实推进各项工作任务落地见效，为建设美丽青石贡献工会力量。")
    b.para("突出政治引领，筑牢职工思想基础", "一、", style="Heading 1")
    b.para("深化理论学习", "（一）", num_id=1, ilvl=1)
    b.para("全年组织各类宣讲活动不少于四十场，把党的创新理论送进企业车间、学校课堂和乡村田头，"
           "引导广大职工听党话、跟党走，在急难险重任务面前勇挑重担。", "1.", num_id=1, ilvl=2)
    b.para("办好职工书屋，新建基层书屋十二家，开展读书分享会和主题征文活动，营造爱读书、读好书的氛围。", "2.", num_id=1, ilvl=2)
    b.para("加强阵地建设", "（二）", num_id=1, ilvl=1)
    b.para("用好工会新媒体平台，每月推送职工身边的先进事迹，讲好劳动故事，弘扬劳模精神、劳动精神和工匠精神。", "1.", num_id=1, ilvl=2)
    b.para("推进产业工人队伍建设改革，建立健全职工思想动态分析制度，每半年形成一份分析报告。", "2.", num_id=1, ilvl=2)
    b.para("坚持建功立业，激发职工创造活力", "二、", style="Heading 1")
    b.para("围绕重点项目和重点产业开展劳动竞赛，全年组织县级技能比武八项以上，参赛职工超过两千人次。"
           "对竞赛中涌现的优秀选手，按规定推荐申报县级技术能手，并给予一定的物质奖励。同时总结推广先进操作法，"
           "鼓励职工开展小发明、小创造、小革新活动，提升企业核心竞争力。")
    b.para("深化劳动和技能竞赛", "（一）", num_id=1, ilvl=1)
    b.para("在交通、水利和园区建设项目中开展“安全生产月”竞赛，覆盖一线班组八十个。", "1.", num_id=1, ilvl=2)
    b.para("举办第六届职工职业技能大赛，设置电工、焊工、数控车工等十个比赛项目。", "2.", num_id=1, ilvl=2)
    b.para("加强技能人才培养", "（二）", num_id=1, ilvl=1)
    b.para("依托职工学校开展订单式培训，全年培训职工三千人次，新建劳模和工匠人才创新工作室三家，"
           "发挥其传帮带作用，带动更多职工提升技能水平。", "1.", num_id=1, ilvl=2)
    b.para("突出维权服务，提升职工幸福指数", "三、", style="Heading 1")
    b.para("推进集体协商", "（一）", num_id=1, ilvl=1)
    b.para("以非公企业为重点，推进工资集体协商，已建工会企业集体合同签订率保持在百分之九十以上。", "1.", num_id=1, ilvl=2)
    b.para("开展常态化帮扶", "（二）", num_id=1, ilvl=1)
    b.para("落实困难职工帮扶制度，做好元旦春节送温暖、夏季送清凉、金秋助学等工作，确保帮扶资金及时足额发放到位。",
           "1.", num_id=1, ilvl=2)
    b.para("建设职工服务驿站二十个，为户外劳动者提供休息、饮水、充电等服务。", "2.", num_id=1, ilvl=2)
    b.para("推进改革创新，加强工会自身建设", "四、", style="Heading 1")
    b.para("深化基层工会规范化建设，开展星级工会评定，抓好新就业形态劳动者入会工作，全年新发展会员三千名。"
           "加强工会干部教育培训，严格执行工会经费管理制度，自觉接受审计监督和会员监督。")
    b.para("青石县总工会")
    b.para("2026年1月20日")
    b.doc.sections[0].header.paragraphs[0].text = "青石县总工会文件"
    footer = b.doc.sections[0].footer.paragraphs[0]
    footer.text = "- "
    _append_xml(footer, f'<w:fldSimple {W} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>')
    footer.add_run(" -")
    return b.to_bytes()


def outline(collection) -> list[tuple]:
    """Every node of every plan: (depth, marker, text), sections at depth 0 (with their intro)."""
    out: list[tuple] = []
    for plan in collection.plans:
        out.append(("plan", plan.title))
        for section in plan.sections:
            out.append((0, section.marker, section.title, section.intro))

            def walk(items, depth):
                for item in items:
                    out.append((depth, item.marker, item.text))
                    walk(item.children, depth + 1)

            walk(section.items, 1)
    return out


def gold_outline(collection) -> dict:
    """The outline checks of ``planparse evaluate-structure`` (devtools.outline_eval), written from a parse."""
    plans = []
    for plan in collection.plans:
        sections = []
        for section in plan.sections:
            sections.append({"title": section.title, "marker": section.marker, "items": len(section.items),
                             "item_markers": [item.marker for item in section.items],
                             "children": {str(i): len(item.children) for i, item in enumerate(section.items)}})
        plans.append({"title": plan.title, "year": plan.year, "organization": plan.organization, "sections": sections})
    joins = [item.text for _p, _s, item, _path in collection.iter_items() if len(item.text) > 40]
    return {"plans": plans, "joins": joins, "noise_absent": ["青石县总工会文件", "- 1 -", "- 2 -"]}


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    """The plan as .docx and as PDF printed by LibreOffice."""
    from planparse.read.doc import convert_with_libreoffice, find_soffice

    if find_soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("printed")
    docx = folder / "plan.docx"
    docx.write_bytes(_plan_docx())
    converted = convert_with_libreoffice([docx], folder / "pdf", "pdf:writer_pdf_Export")
    assert docx in converted, "LibreOffice did not print the plan to PDF"
    return docx, converted[docx]


def test_a_word_plan_printed_to_pdf_has_the_docx_outline(printed):
    docx, pdf = printed
    expected = planparse.load(docx, classify=False)
    raw = read_pdf(pdf)
    got = parse_document(raw, classify=False)
    assert len(raw.pages) == 2
    assert outline(got) == outline(expected)
    assert len(outline(expected)) == 22
    kinds = [r.kind for r in raw.removals]
    assert kinds.count("page_header") == 2 and kinds.count("page_number") == 2


@needs_ocr
def test_the_printed_plan_scanned_at_150_dpi_keeps_its_outline(printed, tmp_path):
    """Acceptance: ≥ 95% of the outline checks of the .docx hold on its image-only twin (OCR)."""
    from planparse.devtools.outline_eval import gold_check_count, score_parsed

    docx, pdf = printed
    gold = gold_outline(planparse.load(docx, classify=False))
    scan = scanned_pdf(pdf, tmp_path / "scan.pdf", dpi=150)
    raw = read_pdf(scan)
    assert [p.method for p in raw.pages] == ["ocr", "ocr"]
    assert any("read by OCR" in w for w in raw.warnings)
    score = score_parsed(gold, parse_document(raw, classify=False).model_dump(mode="json"))
    print(f"OCR outline checks: {score.ok}/{score.total}", *score.misses, sep="\n  ")
    assert score.total == gold_check_count(gold) > 30
    assert score.ok >= 0.95 * score.total, score.misses


@needs_ocr
def test_a_png_page_is_read_by_ocr(drawn, tmp_path):
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(drawn))
    image = document[1].render(scale=150 / 72).to_pil().convert("RGB")
    document.close()
    path = tmp_path / "page2.png"
    image.crop((0, 0, image.width, int(image.height * 0.3))).save(path)
    raw = planparse.read.read_path(path)
    assert raw.format == "image" and raw.pages[0].method == "ocr"
    texts = [b.text.replace(" ", "") for b in raw.blocks]
    assert "二、坚持建功立业，激发职工创造活力" in texts
    assert FULL_STOP_LINE in texts and raw.blocks[0].page == 1
