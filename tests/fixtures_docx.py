"""Builders for .docx test fixtures: python-docx for the document, hand-written numbering XML.

Each ``build_*`` function returns ``(docx_bytes, expected)`` where ``expected`` lists
``(label, text)`` for the paragraphs as Word shows them (label None when unnumbered). The expected
labels are written out by hand from Word's rules, not computed by the code under test.
"""

from __future__ import annotations

import io

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

W = nsdecls("w")


# -- numbering.xml pieces ---------------------------------------------------------------------


def lvl(ilvl: int, fmt: str, text: str, start: int = 1, restart: int | None = None, legal: bool = False,
        suff: str | None = None, pstyle: str | None = None) -> str:
    parts = [f'<w:start w:val="{start}"/>', f'<w:numFmt w:val="{fmt}"/>']
    if restart is not None:
        parts.append(f'<w:lvlRestart w:val="{restart}"/>')
    if pstyle:
        parts.append(f'<w:pStyle w:val="{pstyle}"/>')
    if legal:
        parts.append("<w:isLgl/>")
    if suff:
        parts.append(f'<w:suff w:val="{suff}"/>')
    parts.append(f'<w:lvlText w:val="{text}"/>')
    parts.append('<w:lvlJc w:val="left"/>')
    return f'<w:lvl w:ilvl="{ilvl}">{"".join(parts)}</w:lvl>'


def abstract(abstract_id: int, *levels: str, style_link: str | None = None) -> str:
    link = f'<w:numStyleLink w:val="{style_link}"/>' if style_link else ""
    return (f'<w:abstractNum w:abstractNumId="{abstract_id}"><w:multiLevelType w:val="multilevel"/>'
            f'{link}{"".join(levels)}</w:abstractNum>')


def num(num_id: int, abstract_id: int, starts: dict[int, int] | None = None) -> str:
    overrides = "".join(f'<w:lvlOverride w:ilvl="{i}"><w:startOverride w:val="{s}"/></w:lvlOverride>'
                        for i, s in (starts or {}).items())
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'


# The plan list: 一、 / （一） / 1. — chineseCounting, chineseCounting, decimal.
PLAN_LEVELS = (
    lvl(0, "chineseCounting", "%1、", suff="nothing", pstyle="Heading1"),
    lvl(1, "chineseCounting", "（%2）", suff="nothing"),
    lvl(2, "decimal", "%3.", suff="space"),
)


class DocBuilder:
    """A python-docx Document plus our numbering part."""

    def __init__(self, abstracts: list[str], nums: list[str]):
        self.doc = Document()
        xml = f"<w:numbering {W}>{''.join(abstracts)}{''.join(nums)}</w:numbering>"
        self.doc.part.numbering_part._element = parse_xml(xml)
        self.expected: list[tuple[str | None, str]] = []

    def para(self, text: str, label: str | None = None, num_id: int | None = None, ilvl: int | None = None,
             style: str | None = None, expect: bool = True):
        p = self.doc.add_paragraph(text, style=style)
        if num_id is not None or ilvl is not None:
            num_pr = p._p.get_or_add_pPr().get_or_add_numPr()
            if ilvl is not None:
                num_pr.get_or_add_ilvl().val = ilvl
            if num_id is not None:
                num_pr.get_or_add_numId().val = num_id
        if expect:
            self.expected.append((label, text))
        return p

    def style_with_numbering(self, name: str, num_id: int, ilvl: int | None = None, base: str | None = None):
        style = self.doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        if base:
            style.base_style = self.doc.styles[base]
        num_pr = style.element.get_or_add_pPr().get_or_add_numPr()
        if ilvl is not None:
            num_pr.get_or_add_ilvl().val = ilvl
        num_pr.get_or_add_numId().val = num_id
        return style

    def number_heading_style(self, style_name: str, num_id: int):
        """Link a built-in heading style to a list, as Word's multilevel heading lists do."""
        num_pr = self.doc.styles[style_name].element.get_or_add_pPr().get_or_add_numPr()
        num_pr.get_or_add_numId().val = num_id

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()


def _append_xml(paragraph, xml: str) -> None:
    paragraph._p.append(parse_xml(xml))


# -- fixtures ---------------------------------------------------------------------------------


def build_plan() -> tuple[bytes, list[tuple[str | None, str]]]:
    """A union work plan: numbered Heading 1 (style-linked), （一） and 1. levels, a schedule table,
    a footer with a PAGE field, tracked changes, a page-split sentence and a text box."""
    b = DocBuilder([abstract(0, *PLAN_LEVELS)], [num(1, 0)])
    b.number_heading_style("Heading 1", 1)
    b.para("光明机械厂工会2025年工作计划", style="Title")
    b.para("今年工会工作以服务职工为中心，围绕企业生产经营大局，突出维权与服务两项职能。")
    b.para("指导思想", "一、", style="Heading 1")
    b.para("坚持以职工需求为导向，把工作重心放到班组一线，增强基层组织的凝聚力。")
    b.para("主要工作", "二、", style="Heading 1")
    b.para("加强职工思想引领", "（一）", num_id=1, ilvl=1)
    b.para("每季度组织一次形势任务宣讲，覆盖全部车间。", "1.", num_id=1, ilvl=2)
    b.para("开展“最美职工”评选，年内推出先进典型十名。", "2.", num_id=1, ilvl=2)
    b.para("深化劳动和技能竞赛", "（二）", num_id=1, ilvl=1)
    # Level 3 restarts under the new （二）.
    b.para("围绕重点项目开展岗位练兵，参赛职工不少于三百人次。", "1.", num_id=1, ilvl=2)
    # A tracked change: an inserted word is kept, a deleted one dropped.
    p = b.para("", "2.", num_id=1, ilvl=2, expect=False)
    _append_xml(p, f'<w:r {W}><w:t>组织</w:t></w:r>')
    _append_xml(p, f'<w:del {W} w:id="1" w:author="审阅人" w:date="2025-01-02T00:00:00Z"><w:r><w:delText>两次</w:delText></w:r></w:del>')
    _append_xml(p, f'<w:ins {W} w:id="2" w:author="审阅人" w:date="2025-01-02T00:00:00Z"><w:r><w:t>三次</w:t></w:r></w:ins>')
    _append_xml(p, f'<w:r {W}><w:t>技术比武，评出技术能手。</w:t></w:r>')
    b.expected.append(("2.", "组织三次技术比武，评出技术能手。"))
    b.para("做好帮扶救助工作", "（三）", num_id=1, ilvl=1)
    # A sentence split by a page break across two paragraphs (the second starts on the next page).
    b.para("对困难职工实行动态管理，建立一人一档，落实", "1.", num_id=1, ilvl=2)
    p = b.doc.add_paragraph()
    p.add_run().add_break(WD_BREAK.PAGE)
    p.add_run("节日走访慰问制度。")
    b.expected.append((None, "节日走访慰问制度。"))
    b.para("全年工作安排", "三、", style="Heading 1")
    table = b.doc.add_table(rows=4, cols=3)
    rows = [("月份", "工作内容", "责任部门"),
            ("三月", "召开职工代表大会", "工会办公室"),
            ("五月", "举办职工运动会", ""),
            ("九月", "开展金秋助学活动", "女工委员会")]
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    table.cell(1, 2).merge(table.cell(2, 2))  # 工会办公室 is responsible for 三月 and 五月
    b.para("保障措施", "四、", style="Heading 1")
    p = b.para("各分会要明确专人负责，按月报送工作进展。", "（一）", num_id=1, ilvl=1)
    # A soft line break inside a paragraph becomes a newline.
    p.runs[0].add_break()
    p.add_run("年底进行考核。")
    b.expected[-1] = ("（一）", "各分会要明确专人负责，按月报送工作进展。\n年底进行考核。")
    # A text box anchored in a paragraph: its text is content.
    p = b.para("经费保障", "（二）", num_id=1, ilvl=1)
    _append_xml(p, TEXT_BOX_RUN.format(W=W, text="工会经费优先用于职工活动。"))
    b.expected.append((None, "工会经费优先用于职工活动。"))
    # Footer with a PAGE field: furniture.
    footer = b.doc.sections[0].footer.paragraphs[0]
    footer.text = "第"
    _append_xml(footer, f'<w:fldSimple {W} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>')
    footer.add_run("页")
    # A PAGE field inside body text is furniture too (complex field form).
    p = b.para("光明机械厂工会", expect=False)
    for xml in ('<w:r {W}><w:fldChar w:fldCharType="begin"/></w:r>', '<w:r {W}><w:instrText> PAGE </w:instrText></w:r>',
                '<w:r {W}><w:fldChar w:fldCharType="separate"/></w:r>', '<w:r {W}><w:t>7</w:t></w:r>',
                '<w:r {W}><w:fldChar w:fldCharType="end"/></w:r>'):
        _append_xml(p, xml.format(W=W))
    b.expected.append((None, "光明机械厂工会"))
    return b.to_bytes(), b.expected


TEXT_BOX_RUN = (
    '<w:r {W} xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml">'
    '<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" '
    'simplePos="0" relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
    '<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
    '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
    '<wp:extent cx="2000000" cy="500000"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
    '<wp:docPr id="10" name="文本框 1"/><wp:cNvGraphicFramePr/>'
    '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
    '<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="2000000" cy="500000"/></a:xfrm>'
    '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>'
    '<wps:txbx><w:txbxContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:txbxContent></wps:txbx>'
    '<wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
    '<mc:Fallback><w:pict><v:shape style="width:150pt;height:40pt"><v:textbox><w:txbxContent><w:p><w:r>'
    '<w:t>{text}</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>'
    '</mc:AlternateContent></w:r>'
)


def build_restarts() -> tuple[bytes, list[tuple[str | None, str]]]:
    """Shared counters, startOverride restarts, lvlRestart, isLgl and a style-linked list."""
    b = DocBuilder(
        [
            abstract(0, lvl(0, "decimal", "%1、", suff="nothing"), lvl(1, "decimalEnclosedParen", "%2", suff="nothing")),
            # lvlRestart 0: level 2 never restarts, even after a new level 1 item.
            abstract(1, lvl(0, "chineseCounting", "第%1部分", suff="space"),
                     lvl(1, "decimalEnclosedCircle", "%2", restart=0, suff="nothing")),
            # Legal numbering: %1.%2 shows decimals although level 1 is chineseCounting.
            abstract(2, lvl(0, "chineseCounting", "%1、", suff="nothing"), lvl(1, "decimal", "%1.%2", legal=True)),
            abstract(3, lvl(0, "chineseCounting", "（%1）", start=3, suff="nothing", pstyle="PlanItem")),
        ],
        [num(1, 0), num(2, 0), num(3, 0, {0: 1}), num(4, 1), num(5, 2), num(6, 3)],
    )
    b.para("开展职工书屋建设", "1、", num_id=1, ilvl=0)
    b.para("新增图书五百册", "⑴", num_id=1, ilvl=1)
    b.para("每月更新一次书目", "⑵", num_id=1, ilvl=1)
    # numId 2 shares abstractNum 0 without an override: it continues the same list.
    b.para("组织读书分享会", "2、", num_id=2, ilvl=0)
    b.para("每季度评选读书之星", "⑴", num_id=2, ilvl=1)
    b.para("推进书香班组创建", "3、", num_id=1, ilvl=0)
    # numId 3 overrides the start: a restarted list.
    b.para("完善阵地设施", "1、", num_id=3, ilvl=0)
    b.para("改造职工活动中心", "2、", num_id=3, ilvl=0)
    b.para("宣传教育", "第一部分", num_id=4, ilvl=0)
    b.para("办好职工讲堂", "①", num_id=4, ilvl=1)
    b.para("编印学习手册", "②", num_id=4, ilvl=1)
    b.para("文体活动", "第二部分", num_id=4, ilvl=0)
    b.para("举办歌咏比赛", "③", num_id=4, ilvl=1)
    b.para("组织建设", "一、", num_id=5, ilvl=0)
    b.para("按期完成换届", "1.1", num_id=5, ilvl=1)
    b.para("健全会员档案", "1.2", num_id=5, ilvl=1)
    b.para("民主管理", "二、", num_id=5, ilvl=0)
    b.para("落实厂务公开", "2.1", num_id=5, ilvl=1)
    # A paragraph style that carries the numbering (pStyle → style numPr, level linked by w:pStyle).
    style = b.style_with_numbering("计划条目", num_id=6)
    style.element.set(qn("w:styleId"), "PlanItem")
    b.para("困难职工帮扶", "（三）", style="计划条目")
    b.para("大病医疗互助", "（四）", style="计划条目")
    # Direct numId 0 switches the style's numbering off.
    b.para("本条不编号", None, num_id=0, style="计划条目")
    b.para("女职工关爱", "（五）", style="计划条目")
    return b.to_bytes(), b.expected


FORMAT_CASES = {
    # numFmt: (values to show, labels Word shows for them, lvlText template)
    "chineseCounting": ((1, 9, 10, 11, 20, 21, 99), ("一", "九", "十", "十一", "二十", "二十一", "九十九"), "%1"),
    "chineseCountingThousand": ((1, 10, 15, 100, 105, 110), ("一", "十", "十五", "一百", "一百零五", "一百一十"), "%1"),
    "chineseLegalSimplified": ((1, 2, 10, 11, 20), ("壹", "贰", "壹拾", "壹拾壹", "贰拾"), "%1"),
    "ideographTraditional": ((1, 2, 10), ("甲", "乙", "癸"), "%1"),
    "ideographZodiac": ((1, 2, 12), ("子", "丑", "亥"), "%1"),
    "decimal": ((1, 10, 123), ("1", "10", "123"), "%1."),
    "decimalZero": ((1, 9, 10), ("01", "09", "10"), "%1"),
    "decimalEnclosedCircle": ((1, 10, 20), ("①", "⑩", "⑳"), "%1"),
    "decimalEnclosedParen": ((1, 10, 20), ("⑴", "⑽", "⒇"), "%1"),
    "decimalFullWidth": ((1, 12), ("１", "１２"), "%1"),
    "lowerLetter": ((1, 26, 27), ("a", "z", "aa"), "%1)"),
    "upperLetter": ((1, 2, 28), ("A", "B", "BB"), "%1."),
    "lowerRoman": ((1, 4, 9, 14), ("i", "iv", "ix", "xiv"), "%1"),
    "upperRoman": ((1, 4, 40, 90), ("I", "IV", "XL", "XC"), "%1"),
}


def build_formats() -> tuple[bytes, list[tuple[str | None, str]]]:
    """One list per numFmt; each value is reached with a startOverride so every label is exact."""
    abstracts, nums, plan = [], [], []
    next_num = 1
    for index, (fmt, (values, shown, template)) in enumerate(FORMAT_CASES.items()):
        abstracts.append(abstract(index, lvl(0, fmt, template, suff="space")))
        for value, label in zip(values, shown):
            nums.append(num(next_num, index, {0: value}))
            plan.append((next_num, template.replace("%1", label), f"{fmt} 取值{value}"))
            next_num += 1
    bullet_index = len(FORMAT_CASES)
    abstracts.append(abstract(bullet_index, lvl(0, "bullet", "\uf0b7")))
    abstracts.append(abstract(bullet_index + 1, lvl(0, "none", "")))
    nums.append(num(next_num, bullet_index))
    nums.append(num(next_num + 1, bullet_index + 1))
    b = DocBuilder(abstracts, nums)
    for num_id, label, text in plan:
        b.para(text, label, num_id=num_id, ilvl=0)
    b.para("项目符号条目", "•", num_id=next_num, ilvl=0)
    b.para("无编号格式条目", None, num_id=next_num + 1, ilvl=0)
    return b.to_bytes(), b.expected


def zip_bytes(members: dict[str, bytes], compression: int | None = None) -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression if compression is not None else zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def docx_with_part(base: bytes, part: str, data: bytes) -> bytes:
    """A copy of ``base`` with one part replaced (or added)."""
    import zipfile

    members = {}
    with zipfile.ZipFile(io.BytesIO(base)) as zf:
        for info in zf.infolist():
            members[info.filename] = zf.read(info)
    members[part] = data
    return zip_bytes(members)


# -- minimal hand-built packages (hostile inputs) -----------------------------------------------

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '</Types>'
)
_PACKAGE_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)


def minimal_docx(body: str, numbering: str | None = None, styles: str | None = None, stored: bool = False) -> bytes:
    """A .docx zipped by hand from raw WordprocessingML: ``body`` is the inside of ``w:body``, ``numbering``
    the inside of ``w:numbering`` and ``styles`` the inside of ``w:styles`` (parts found by their default
    names). Small and fast to build, so hostile shapes (huge repeats, deep chains) cost nothing to write.
    ``stored`` writes the members uncompressed, for repetitive parts the zip-bomb ratio check would refuse."""
    members = {
        "[Content_Types].xml": _CONTENT_TYPES.encode(),
        "_rels/.rels": _PACKAGE_RELS.encode(),
        "word/document.xml": f'<w:document {W}><w:body>{body}</w:body></w:document>'.encode(),
    }
    if numbering is not None:
        members["word/numbering.xml"] = f"<w:numbering {W}>{numbering}</w:numbering>".encode()
    if styles is not None:
        members["word/styles.xml"] = f"<w:styles {W}>{styles}</w:styles>".encode()
    import zipfile

    return zip_bytes(members, zipfile.ZIP_STORED if stored else None)


def numbered_para(num_id: int = 1, ilvl: int = 0, text: str = "") -> str:
    run = f"<w:r><w:t>{text}</w:t></w:r>" if text else ""
    return (f'<w:p><w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr>'
            f"{run}</w:p>")


def one_level_list(fmt: str, text: str, start: str | int = 1) -> str:
    """numbering.xml content: abstractNum 0 with one level, and numId 1 pointing at it."""
    return (f'<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="{start}"/>'
            f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/></w:lvl></w:abstractNum>'
            f'<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>')


# -- complete packages: relationships, content types, Strict OOXML, embedded chunks (issue 18) ----------
# minimal_docx leaves out the main part's relationships (our reader finds styles and numbering by their
# default names); LibreOffice and Word need them. ``package_docx`` writes what Word writes: the main part
# with its relationships to styles, numbering and any altChunk parts, and a content type for every part.

TRANSITIONAL = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
STRICT = {
    "w": "http://purl.oclc.org/ooxml/wordprocessingml/main",
    "r": "http://purl.oclc.org/ooxml/officeDocument/relationships",
    "rel": "http://purl.oclc.org/ooxml/officeDocument/relationships",
}
MAIN_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_PART_TYPES = {
    "styles": "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml",
    "numbering": "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml",
}


def package_docx(body: str, numbering: str | None = None, styles: str | None = None, *, strict: bool = False,
                 chunks: dict[str, tuple[bytes, str]] | None = None, extra: list[tuple[str, bytes]] | None = None,
                 main_part: str = "word/document.xml") -> bytes:
    """A complete .docx as Word or LibreOffice write it. ``body``, ``numbering`` and ``styles`` are the insides
    of w:body, w:numbering and w:styles written with the ``w:`` (and ``r:``) prefixes; ``strict`` declares them
    in the Strict OOXML namespaces (purl.oclc.org) as Word's "Strict Open XML Document" does. ``chunks`` maps a
    relationship id used by ``<w:altChunk r:id="…"/>`` in the body to (part bytes, content type); the parts
    are word/afchunkN.<ext>. ``extra`` members are appended as they are, duplicates of earlier names included
    (zipfile warns, and writes them)."""
    import warnings
    import zipfile

    ns = STRICT if strict else TRANSITIONAL
    folder, main_name = main_part.rsplit("/", 1)
    declarations = f'xmlns:w="{ns["w"]}" xmlns:r="{ns["r"]}"'
    conformance = ' w:conformance="strict"' if strict else ""
    members: list[tuple[str, bytes]] = []
    overrides = [(f"/{main_part}", MAIN_CONTENT_TYPE)]
    defaults = {"rels": "application/vnd.openxmlformats-package.relationships+xml", "xml": "application/xml"}
    relationships = []
    for kind, inside in (("styles", styles), ("numbering", numbering)):
        if inside is None:
            continue
        members.append((f"{folder}/{kind}.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                                                f"<w:{kind} {declarations}>{inside}</w:{kind}>".encode()))
        overrides.append((f"/{folder}/{kind}.xml", _PART_TYPES[kind]))
        relationships.append((f"rIdP{kind}", f'{ns["rel"]}/{kind}', f"{kind}.xml"))
    extensions = {"application/xhtml+xml": "xhtml", "text/html": "htm", "application/rtf": "rtf", "text/rtf": "rtf",
                  "text/plain": "txt", "message/rfc822": "mht", MAIN_CONTENT_TYPE: "docx"}
    for index, (rel_id, (data, content_type)) in enumerate((chunks or {}).items(), 1):
        name = f"afchunk{index}.{extensions.get(content_type, 'bin')}"
        members.append((f"{folder}/{name}", data))
        overrides.append((f"/{folder}/{name}", content_type))
        relationships.append((rel_id, f'{ns["rel"]}/aFChunk', name))
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                f"<w:document {declarations}{conformance}><w:body>{body}</w:body></w:document>").encode()
    package_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                    f'<Relationship Id="rId1" Type="{ns["rel"]}/officeDocument" Target="{main_part}"/></Relationships>')
    part_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                 '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                 + "".join(f'<Relationship Id="{i}" Type="{t}" Target="{target}"/>' for i, t, target in relationships)
                 + "</Relationships>")
    content_types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                     '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                     + "".join(f'<Default Extension="{e}" ContentType="{t}"/>' for e, t in defaults.items())
                     + "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides)
                     + "</Types>")
    ordered = [("[Content_Types].xml", content_types.encode()), ("_rels/.rels", package_rels.encode()),
               (main_part, document), (f"{folder}/_rels/{main_name}.rels", part_rels.encode()), *members, *(extra or [])]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf, warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # "Duplicate name": on purpose in the duplicate-member cases
        for name, data in ordered:
            zf.writestr(name, data)
    return buffer.getvalue()


def para(text: str, num_id: int | None = None, ilvl: int = 0, style: str | None = None) -> str:
    """One w:p: a paragraph style and/or a direct list reference (numId, ilvl)."""
    ppr = f'<w:pStyle w:val="{style}"/>' if style else ""
    if num_id is not None:
        ppr += f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
    return (f"<w:p>{f'<w:pPr>{ppr}</w:pPr>' if ppr else ''}" + (f"<w:r><w:t>{text}</w:t></w:r>" if text else "") + "</w:p>")


def cell(*paragraphs: str, merge: str | None = None) -> str:
    tcpr = f'<w:tcPr><w:vMerge w:val="{merge}"/></w:tcPr>' if merge == "restart" else (
        "<w:tcPr><w:vMerge/></w:tcPr>" if merge else "")
    return f"<w:tc>{tcpr}{''.join(paragraphs) or '<w:p/>'}</w:tc>"


def table(*rows: list[str]) -> str:
    return "<w:tbl>" + "".join(f"<w:tr>{''.join(cells)}</w:tr>" for cells in rows) + "</w:tbl>"


# -- issue 18 fixtures: a union plan as Word and WPS write it, in the shapes real archives hold ---------

# One list for the whole plan: 一、 / （一） / 1. (Heading1 and 2 are linked to levels 0 and 1 by w:pStyle).
PLAN_NUMBERING = (
    '<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/>'
    + lvl(0, "chineseCounting", "%1、", suff="nothing", pstyle="Heading1")
    + lvl(1, "chineseCounting", "（%2）", suff="nothing", pstyle="Heading2")
    + lvl(2, "decimal", "%3.", suff="space") + "</w:abstractNum>"
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
)
PLAN_STYLES = (
    '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>'
    '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="0"/></w:pPr></w:style>'
    '<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/>'
    '<w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr><w:outlineLvl w:val="1"/></w:pPr></w:style>'
)


def build_strict_plan(strict: bool = True) -> tuple[bytes, list[tuple[str | None, str]]]:
    """A short plan saved as "Strict Open XML Document" (``strict``) or as an ordinary .docx: numbered
    headings from styles, a numbered item list, a schedule table and a text run with an on/off property
    written the Strict way (w:val="true")."""
    expected = [(None, "红星社区工会2025年工作要点"), ("一、", "总体要求"),
                (None, "以服务社区职工为中心，推动工会工作提质增效。"), ("二、", "重点工作"),
                ("（一）", "做实职工之家"), ("1.", "年内新建职工书屋两处。"), ("2.", "每季度开放一次健身活动室。"),
                ("（二）", "关心困难职工"), ("1.", "建立困难职工档案，实行动态管理。")]
    styles_of = {"一、": "Heading1", "二、": "Heading1", "（一）": "Heading2", "（二）": "Heading2"}
    body = []
    for label, text in expected:
        if label in styles_of:
            body.append(para(text, style=styles_of[label]))
        elif label:
            body.append(para(text, 1, ilvl=2))
        else:
            body.append(para(text))
    body.append('<w:p><w:r><w:rPr><w:b w:val="true"/></w:rPr><w:t>附：全年活动安排</w:t></w:r></w:p>')
    expected.append((None, "附：全年活动安排"))
    body.append(table([cell(para("时间")), cell(para("活动内容"))],
                      [cell(para("五月")), cell(para("职工趣味运动会"))]))
    return package_docx("".join(body), PLAN_NUMBERING, PLAN_STYLES, strict=strict), expected


def build_list_number_restart() -> tuple[bytes, list[tuple[str | None, str]]]:
    """Two lists in the "List Number" style, the second restarted with Word's "Restart at 1": Word gives its
    first item a new list instance (w:num 2) overriding the start of the same abstract list, and the items
    after it keep reaching the list through the style (w:num 1). Word shows 1-3, then 1-4 (the case of
    pandoc issue #8367, written here as a plan)."""
    numbering = ('<w:abstractNum w:abstractNumId="5">' + lvl(0, "decimal", "%1.", suff="space") + "</w:abstractNum>"
                 '<w:num w:numId="1"><w:abstractNumId w:val="5"/></w:num>'
                 '<w:num w:numId="2"><w:abstractNumId w:val="5"/>'
                 '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>')
    styles = ('<w:style w:type="paragraph" w:styleId="ListNumber"><w:name w:val="List Number"/>'
              '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>')
    expected = [(None, "春季活动"), ("1.", "组织职工植树。"), ("2.", "开展安全生产月宣传。"), ("3.", "举办读书分享会。"),
                (None, "秋季活动"), ("1.", "召开职工代表大会。"), ("2.", "开展金秋助学。"), ("3.", "举办职工运动会。"),
                ("4.", "组织年度先进评选。")]
    body = "".join(para(text) if label is None else
                   para(text, 2) if text == "召开职工代表大会。" else para(text, style="ListNumber")
                   for label, text in expected)
    return package_docx(body, numbering, styles), expected


def build_numbered_table() -> tuple[bytes, list[tuple[str | None, list[str]]]]:
    """A work schedule as WPS and Word users make it: a 序号 column numbered by Word (empty numbered
    paragraphs), a category column merged down, and a cell holding a numbered list of its own.
    Expected: (row label, cells) as Word shows the row, the label taken out of its cell."""
    body = table(
        [cell(para("序号")), cell(para("类别")), cell(para("工作内容")), cell(para("完成时间"))],
        [cell(para("", 1, ilvl=2)), cell(para("宣传教育"), merge="restart"), cell(para("开展形势任务宣讲")), cell(para("三月"))],
        [cell(para("", 1, ilvl=2)), cell(merge="continue"), cell(para("编印职工学习手册")), cell(para("六月"))],
        [cell(para("", 1, ilvl=2)), cell(para("帮扶救助"), merge="restart"),
         cell(para("走访困难职工", 1, ilvl=2), para("发放慰问金", 1, ilvl=2)), cell(para("全年"))],
    )
    expected = [(None, ["序号", "类别", "工作内容", "完成时间"]),
                ("1.", ["", "宣传教育", "开展形势任务宣讲", "三月"]),
                ("2.", ["", "宣传教育", "编印职工学习手册", "六月"]),
                ("3.", ["", "帮扶救助", "4.走访困难职工\n5.发放慰问金", "全年"])]
    return package_docx(body, PLAN_NUMBERING, PLAN_STYLES), expected


def rtf_document(*paragraphs: str) -> bytes:
    """An RTF file as WPS writes Chinese text: every character a \\uN escape, paragraphs ended by \\par."""
    def escaped(text: str) -> str:
        return "".join(c if ord(c) < 128 else f"\\u{ord(c) if ord(c) < 32768 else ord(c) - 65536}?" for c in text)

    return ("{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0\\fnil\\fcharset134 SimSun;}}\\f0\\fs24 "
            + "".join(escaped(p) + "\\par " for p in paragraphs) + "}").encode("ascii")


def altchunk(rel_id: str) -> str:
    return f'<w:altChunk r:id="{rel_id}"/>'


# An HTML fragment as a web editor pastes it into a Word template (GB2312-declared, GB18030-encoded):
# a heading, a paragraph broken across source lines, a <br>, an ordered list starting at 3 with a nested
# lettered list, bullets, a table with a header row, and a script, a style and a comment that are no text.
HTML_CHUNK = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>通知</title><style>p { margin: 0 }</style><script>document.write("不是正文")</script></head>
<body>
<h2>三、活动安排</h2>
<p>各分会要结合实际，
组织职工开展健步走活动，<b>全年</b>不少于两次。<br>活动经费由工会列支。</p>
<!-- 编辑说明：此段不发布 -->
<ol start="3"><li>四月：春季健步走</li><li>十月：秋季登山<ol type="a"><li>报名</li><li>分组</li></ol></li></ol>
<ul><li>注意安全</li></ul>
<table><tr><th>时间</th><th>地点</th></tr><tr><td>四月</td><td><p>滨江公园</p><p>东门集合</p></td></tr></table>
</body></html>"""
HTML_CHUNK_BLOCKS = [  # (kind, label, text, heading level) as Word shows the imported HTML
    ("paragraph", None, "三、活动安排", 2),
    ("paragraph", None, "各分会要结合实际，组织职工开展健步走活动，全年不少于两次。\n活动经费由工会列支。", None),
    ("paragraph", "3.", "四月：春季健步走", None),
    ("paragraph", "4.", "十月：秋季登山", None),
    ("paragraph", "a.", "报名", None),
    ("paragraph", "b.", "分组", None),
    ("paragraph", "•", "注意安全", None),
    ("table_row", None, "时间\t地点", None),
    ("table_row", None, "四月\t滨江公园\n东门集合", None),
]


def web_archive(html: str) -> bytes:
    """A single-file web page (.mht) as Word's altChunk import accepts it: MIME, quoted-printable UTF-8 HTML."""
    from email.message import EmailMessage

    message = EmailMessage()
    message["MIME-Version"] = "1.0"
    message.set_content(html, subtype="html", charset="utf-8", cte="quoted-printable")
    return bytes(message)


def build_chunked_plan(rtf: bool = False) -> tuple[bytes, list[tuple[str | None, str]]]:
    """A plan put together from pieces, as document-assembly tools and mail merges do: the body holds
    w:altChunk references to an HTML fragment, a .docx (its own numbered list), a web archive and a plain
    text part in GB18030; with ``rtf``, also an RTF part (imported only through LibreOffice).
    Expected: (label, text) of the paragraphs, table rows included as their text."""
    inner = package_docx(para("加强会员发展", 1, ilvl=2) + para("规范会费收缴", 1, ilvl=2) + para("附：会员登记表"),
                         PLAN_NUMBERING, PLAN_STYLES)
    chunks = {"rIdHtml": (HTML_CHUNK.encode("gb18030"), "text/html"),
              "rIdDocx": (inner, MAIN_CONTENT_TYPE),
              "rIdMht": (web_archive("<p>请各分会于月底前报送总结。</p>"), "message/rfc822"),
              "rIdText": ("联系人：王华\n电话：88886666\n".encode("gb18030"), "text/plain")}
    body = [para("光华街道工会2025年工作计划"), para("活动与组织建设", style="Heading1"), altchunk("rIdHtml"),
            para("组织建设", style="Heading1"), altchunk("rIdDocx"), altchunk("rIdMht")]
    expected = [(None, "光华街道工会2025年工作计划"), ("一、", "活动与组织建设"),
                *[(label, text) for _kind, label, text, _level in HTML_CHUNK_BLOCKS],
                ("二、", "组织建设"), ("1.", "加强会员发展"), ("2.", "规范会费收缴"), (None, "附：会员登记表"),
                (None, "请各分会于月底前报送总结。")]
    if rtf:
        chunks["rIdRtf"] = (rtf_document("三、保障措施", "各分会明确一名联络员。"), "application/rtf")
        body.append(altchunk("rIdRtf"))
        expected += [(None, "三、保障措施"), (None, "各分会明确一名联络员。")]
    body.append(altchunk("rIdText"))
    expected += [(None, "联系人：王华"), (None, "电话：88886666")]
    return package_docx("".join(body), PLAN_NUMBERING, PLAN_STYLES, chunks=chunks), expected
