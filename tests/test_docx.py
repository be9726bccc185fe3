"""Reading .docx plans: rendered Word numbers, headings, tables, text boxes, tracked changes, furniture."""

from __future__ import annotations

import pytest

from fixtures_docx import DocBuilder, abstract, build_plan, build_restarts, lvl, num
from planparse.read.docx import read_docx


@pytest.fixture(scope="module")
def plan():
    data, expected = build_plan()
    return read_docx(data, source="plan.docx"), expected


def _paragraphs(doc):
    return [(b.label, b.text) for b in doc.blocks if b.kind == "paragraph"]


def test_every_paragraph_label_and_text_is_what_word_shows(plan):
    doc, expected = plan
    assert _paragraphs(doc) == expected


def test_three_level_chinese_list_restarts_lower_levels(plan):
    doc, _ = plan
    labels = [b.label for b in doc.blocks if b.label]
    assert labels == ["一、", "二、", "（一）", "1.", "2.", "（二）", "1.", "2.", "（三）", "1.", "三、", "四、", "（一）", "（二）"]


def test_labels_are_not_part_of_text_and_spans_index_the_text(plan):
    doc, _ = plan
    for block in doc.blocks:
        assert doc.text[block.start:block.end] == block.text
        if block.label:
            assert not block.text.startswith(block.label)
    assert doc.format == "docx" and doc.source == "plan.docx"


def test_numbered_heading_style_gives_level_and_label(plan):
    doc, _ = plan
    headings = [(b.label, b.text, b.heading_level) for b in doc.blocks if b.heading_level]
    assert headings == [("一、", "指导思想", 1), ("二、", "主要工作", 1), ("三、", "全年工作安排", 1), ("四、", "保障措施", 1)]


def test_schedule_table_rows_with_header_and_merged_cell(plan):
    doc, _ = plan
    rows = [b for b in doc.blocks if b.kind == "table_row"]
    assert [r.cells for r in rows] == [
        ["月份", "工作内容", "责任部门"],
        ["三月", "召开职工代表大会", "工会办公室"],
        ["五月", "举办职工运动会", "工会办公室"],  # vertically merged cell carries its value down
        ["九月", "开展金秋助学活动", "女工委员会"],
    ]
    assert [r.style for r in rows] == ["table_header", None, None, None]
    assert rows[1].text == "三月\t召开职工代表大会\t工会办公室"


def test_tracked_changes_footer_page_field_and_text_box(plan):
    doc, _ = plan
    assert "组织三次技术比武" in doc.text and "两次" not in doc.text
    assert "工会经费优先用于职工活动。" in doc.text  # text box content, once (not the VML copy too)
    assert doc.text.count("工会经费优先用于职工活动。") == 1
    assert "第1页" not in doc.text and "页" not in doc.text.splitlines()[-1]
    assert doc.blocks[-1].text == "光明机械厂工会"  # the PAGE field's cached "7" is gone


def test_soft_line_break_and_page_split_sentence_blocks(plan):
    doc, _ = plan
    texts = [b.text for b in doc.blocks]
    assert "各分会要明确专人负责，按月报送工作进展。\n年底进行考核。" in texts
    split = texts.index("对困难职工实行动态管理，建立一人一档，落实")
    assert texts[split + 1] == "节日走访慰问制度。"  # kept as two blocks; cleaning joins them


def test_restarts_overrides_shared_counters_legal_and_style_numbering():
    data, expected = build_restarts()
    assert _paragraphs(read_docx(data)) == expected


def test_localised_heading_style_and_outline_level():
    b = DocBuilder([abstract(0, lvl(0, "chineseCounting", "%1、"))], [num(1, 0)])
    from docx.enum.style import WD_STYLE_TYPE

    b.doc.styles.add_style("标题 1", WD_STYLE_TYPE.PARAGRAPH)
    outline = b.doc.styles.add_style("方案小标题", WD_STYLE_TYPE.PARAGRAPH)
    outline_pr = outline.element.get_or_add_pPr()
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    outline_pr.append(parse_xml(f'<w:outlineLvl {nsdecls("w")} w:val="1"/>'))
    b.para("活动目的", "一、", num_id=1, ilvl=0, style="标题 1")
    b.para("活动安排", style="方案小标题")
    b.para("正文段落")
    doc = read_docx(b.to_bytes())
    assert [(x.label, x.heading_level) for x in doc.blocks] == [("一、", 1), (None, 2), (None, None)]


def test_deleted_paragraph_mark_joins_paragraphs():
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    b = DocBuilder([abstract(0, lvl(0, "decimal", "%1、"))], [num(1, 0)])
    first = b.para("召开会员代表", expect=False)
    first._p.get_or_add_pPr().append(parse_xml(
        f'<w:rPr {nsdecls("w")}><w:del w:id="5" w:author="a" w:date="2025-01-01T00:00:00Z"/></w:rPr>'))
    b.para("大会，选举新一届委员会。", num_id=1, ilvl=0, expect=False)
    b.para("做好会费收缴。", num_id=1, ilvl=0, expect=False)
    doc = read_docx(b.to_bytes())
    assert [(x.label, x.text) for x in doc.blocks] == [("1、", "召开会员代表大会，选举新一届委员会。"), ("2、", "做好会费收缴。")]


def test_unknown_number_format_falls_back_to_decimal_with_warning():
    b = DocBuilder([abstract(0, lvl(0, "hebrew2", "%1."))], [num(1, 0)])
    b.para("甲项", num_id=1, ilvl=0, expect=False)
    b.para("乙项", num_id=1, ilvl=0, expect=False)
    doc = read_docx(b.to_bytes())
    assert [x.label for x in doc.blocks] == ["1.", "2."]
    assert len(doc.warnings) == 1 and "hebrew2" in doc.warnings[0]


def test_seed_style_plan_round_trip_matches_text_lines():
    """A plan written as .docx with automatic numbers reads back as the same lines as its text form."""
    lines = [("一、", "指导思想"), (None, "以提升职工获得感为目标。"), ("二、", "重点任务"),
             ("（一）", "强化班组建设"), ("1.", "每个班组配备一名工会小组长。")]
    b = DocBuilder([abstract(0, lvl(0, "chineseCounting", "%1、", suff="nothing"),
                             lvl(1, "chineseCounting", "（%2）", suff="nothing"), lvl(2, "decimal", "%3."))],
                   [num(1, 0)])
    depth = {"一、": 0, "二、": 0, "（一）": 1, "1.": 2}
    for label, text in lines:
        b.para(text, label, num_id=1 if label else None, ilvl=depth.get(label))
    doc = read_docx(b.to_bytes())
    assert ["".join(filter(None, (x.label, x.text))) for x in doc.blocks] == ["".join(filter(None, t)) for t in lines]


def test_hidden_text_table_of_contents_and_symbols():
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    b = DocBuilder([abstract(0, lvl(0, "chineseCounting", "%1、"))], [num(1, 0)])
    w = nsdecls("w")
    toc = b.para("", expect=False)
    for xml in (f'<w:r {w}><w:fldChar w:fldCharType="begin"/></w:r>', f'<w:r {w}><w:instrText> TOC \\o "1-3" </w:instrText></w:r>',
                f'<w:r {w}><w:fldChar w:fldCharType="separate"/></w:r>', f'<w:r {w}><w:t>一、总体要求\t1</w:t></w:r>'):
        toc._p.append(parse_xml(xml))
    b.para("二、重点任务\t2", expect=False)
    end = b.para("", expect=False)
    end._p.append(parse_xml(f'<w:r {w}><w:fldChar w:fldCharType="end"/></w:r>'))
    p = b.para("总体要求", num_id=1, ilvl=0, expect=False)
    hidden = b.para("可见文字", expect=False)
    hidden._p.append(parse_xml(f'<w:r {w}><w:rPr><w:vanish/></w:rPr><w:t>隐藏批注</w:t></w:r>'))
    hidden._p.append(parse_xml(f'<w:r {w}><w:sym w:font="Wingdings" w:char="F0FC"/></w:r>'))
    doc = read_docx(b.to_bytes())
    # The table of contents is furniture: its entries would repeat the headings.
    assert [(x.label, x.text) for x in doc.blocks] == [("一、", "总体要求"), (None, "可见文字✓")]
    assert p.text == "总体要求"


SEED = __import__("pathlib").Path("/work/shared/seeds/000_61b02eac5361dbd5.txt")


@pytest.fixture(scope="module")
def seed_as_docx():
    """The real seed page rebuilt as a .docx whose 一、/（一）/1、 markers are Word automatic numbers."""
    import re

    from planparse.text.numerals import chinese_to_int

    if not SEED.exists():
        pytest.skip("seed page not available")
    text = SEED.read_text("utf-8")
    patterns = [(re.compile(r"^([一二三四五六七八九十]+)、"), "chineseCounting", "%1、"),
                (re.compile(r"^（([一二三四五六七八九十]+)）"), "chineseCounting", "（%1）"),
                (re.compile(r"^(\d+)、"), "decimal", "%1、")]
    abstracts = [abstract(i, lvl(0, fmt, template, suff="nothing")) for i, (_, fmt, template) in enumerate(patterns)]
    nums, paragraphs = [], []
    for line in text.splitlines():
        for index, (pattern, _fmt, _template) in enumerate(patterns):
            match = pattern.match(line)
            if match:
                # One list instance per marker with a startOverride: renders the page's own numbers,
                # faults and restarts included.
                nums.append(num(len(nums) + 1, index, {0: chinese_to_int(match.group(1))}))
                paragraphs.append((len(nums), match.group(0), line[match.end():]))
                break
        else:
            paragraphs.append((None, None, line))
    builder = DocBuilder(abstracts, nums)
    for num_id, label, body in paragraphs:
        builder.para(body, label, num_id=num_id, ilvl=0 if num_id else None)
    return text, builder.to_bytes(), len(nums)


def test_seed_page_as_docx_renders_every_marker(seed_as_docx):
    text, data, numbered = seed_as_docx
    raw = read_docx(data)
    assert numbered > 50
    assert sum(1 for b in raw.blocks if b.label) == numbered
    assert ["".join(filter(None, (b.label, b.text))) for b in raw.blocks] == text.splitlines()


def test_seed_page_as_docx_and_as_text_parse_to_the_same_structure(seed_as_docx, tmp_path):
    import planparse

    text, data, _ = seed_as_docx
    path = tmp_path / "seed.docx"
    path.write_bytes(data)

    def shape(collection):
        def item(node):
            return (node.marker, " ".join(node.text.split()), [item(c) for c in node.children])

        return [(p.title, [(s.marker, s.title, [item(i) for i in s.items]) for s in p.sections]) for p in collection.plans]

    assert shape(planparse.load(path, classify=False)) == shape(planparse.parse(text, classify=False))
