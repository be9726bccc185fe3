"""The diff as a Word document with tracked changes (issue 15).

Accept-all and reject-all are applied to the document's XML here, independently of the writer: drop the
content of w:del/w:moveFrom (accept) or w:ins/w:moveTo (reject), keep the rest, and join a paragraph to
the next one when its paragraph mark is a dropped revision. The result must read as the new plan
(accept) or the old plan (reject), paragraph by paragraph, markers aside.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from docx import Document
from lxml import etree
from typer.testing import CliRunner

import planparse
from planparse.cli import app
from planparse.model import Item, Plan, Section
from planparse.plandiff import diff_plans
from planparse.plandiff.records import TargetChange
from planparse.plandiff.render import target_text

ROOT = Path(__file__).resolve().parents[1]
PAIR = ROOT / "corpus" / "pairs"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
REVISIONS = {"ins", "del", "moveFrom", "moveTo"}
runner = CliRunner()


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def local(el) -> str:
    return etree.QName(el).localname


class Redline:
    """A written redline read back as XML: paragraphs, revisions, move ranges, comments."""

    def __init__(self, path: Path) -> None:
        with zipfile.ZipFile(path) as z:
            self.xml = z.read("word/document.xml")
            self.comments_xml = z.read("word/comments.xml") if "word/comments.xml" in z.namelist() else b""
        root = etree.fromstring(self.xml)
        self.paragraphs = list(root.find(q("body")).iter(q("p")))
        self.comments: dict[str, str] = {}
        if self.comments_xml:
            for c in etree.fromstring(self.comments_xml).iter(q("comment")):
                self.comments[c.get(q("id"))] = "\n".join("".join(t.text or "" for t in p.iter(q("t")))
                                                          for p in c.iter(q("p")))
        # Where each comment is anchored (paragraph indices) and which move range each paragraph is in.
        self.anchors: dict[str, set[int]] = {}
        self.move_name: dict[int, set[str]] = {}
        open_comments: set[str] = set()
        open_moves: dict[str, str] = {}
        for k, p in enumerate(self.paragraphs):
            self.move_name[k] = set(open_moves.values())
            for el in p.iter():
                name = local(el)
                if name == "commentRangeStart":
                    open_comments.add(el.get(q("id")))
                elif name in ("moveFromRangeStart", "moveToRangeStart"):
                    open_moves[el.get(q("id"))] = el.get(q("name"))
                    self.move_name[k].add(el.get(q("name")))
                elif name in ("moveFromRangeEnd", "moveToRangeEnd"):
                    open_moves.pop(el.get(q("id")))
                for cid in open_comments:
                    self.anchors.setdefault(cid, set()).add(k)
                if name == "commentRangeEnd":
                    open_comments.discard(el.get(q("id")))

    def resolve(self, accept: bool) -> list[tuple[str, list[int]]]:
        """(text, source paragraph indices) of every paragraph after accepting or rejecting every revision."""
        drop = {"del", "moveFrom"} if accept else {"ins", "moveTo"}
        out: list[tuple[str, list[int]]] = []
        text, sources = "", []
        for k, p in enumerate(self.paragraphs):
            before = len(text)
            for node in p.iter(q("t"), q("delText"), q("tab")):
                wrappers = {local(a) for a in node.iterancestors() if local(a) in REVISIONS}
                if wrappers & drop:
                    continue
                if local(node) == "delText":  # deleted text outside a deletion: malformed
                    assert not accept, etree.tostring(p, encoding=str)
                text += "\t" if local(node) == "tab" else (node.text or "")
            mark = p.find(f"{q('pPr')}/{q('rPr')}")
            if mark is not None and {local(c) for c in mark} & drop:
                if len(text) > before:  # a paragraph that left nothing is no source of the one it joins
                    sources.append(k)
                continue  # the paragraph mark goes: this paragraph joins the next
            sources.append(k)
            out.append((text, sources))
            text, sources = "", []
        if text.strip():
            out.append((text, sources))
        return out

    def lines(self, accept: bool) -> list[str]:
        return [t.strip() for t, _ in self.resolve(accept) if t.strip()]

    def revisions(self, k: int) -> set[str]:
        """The revision kinds in paragraph k, its mark included."""
        return {local(el) for el in self.paragraphs[k].iter() if local(el) in REVISIONS}

    def wholly(self, k: int, kinds: set[str]) -> bool:
        """Paragraph k's text and mark are all inside revisions of these kinds."""
        p = self.paragraphs[k]
        mark = p.find(f"{q('pPr')}/{q('rPr')}")
        if mark is None or not {local(c) for c in mark} & kinds:
            return False
        return all({local(a) for a in t.iterancestors()} & kinds for t in p.iter(q("t"), q("delText")))


def expected_lines(plan: Plan, title: str) -> list[str]:
    """The plan's paragraphs in reading order: title, preamble, headings, intros, items at every depth, closing,
    signature (one line per line of text)."""
    texts = [title, plan.preamble]
    for section in plan.sections:
        if section.title or not section.implied:
            texts.append(section.title)
        texts.append(section.intro)
        stack = list(reversed(section.items))
        while stack:
            item = stack.pop()
            texts.append(item.text)
            stack.extend(reversed(item.children))
    texts += [plan.closing, plan.signature]
    return [line.strip() for text in texts for line in text.split("\n") if line.strip()]


def markers(*plans: Plan) -> set[str]:
    found = {""}
    for plan in plans:
        for section in plan.sections:
            found.add(section.marker or "")
            stack = list(section.items)
            while stack:
                item = stack.pop()
                found.add(item.marker or "")
                stack.extend(item.children)
    return found


def assert_reads_as(got: list[str], want: list[str], allowed: set[str]) -> None:
    """Paragraph by paragraph, the text itself or a marker of either version followed by it."""
    assert len(got) == len(want), "\n".join(f"{g!r:60} {w!r}" for g, w in zip(got, want))
    for g, w in zip(got, want):
        assert any(g == m + w for m in allowed), (g, w)


def check_redline(d, old: Plan, new: Plan, path: Path) -> Redline:
    """Accept-all is the new plan, reject-all the old plan, and every change record has its revision or comment."""
    d.to_docx(path)
    doc = Redline(path)
    allowed = markers(old, new)
    assert_reads_as(doc.lines(accept=True), expected_lines(new, d.new_plan.title), allowed)
    assert_reads_as(doc.lines(accept=False), expected_lines(old, d.old_plan.title), allowed)

    accepted, rejected = doc.resolve(True), doc.resolve(False)

    def places(resolved, text: str) -> list[set[int]]:
        """Source paragraphs of each place the node's lines stand, in order, in a resolved document."""
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        shown = [(t.strip(), s) for t, s in resolved if t.strip()]
        found = []
        for i in range(len(shown) - len(lines) + 1):
            window = shown[i:i + len(lines)]
            if all(any(got == m + want for m in allowed) for (got, _), want in zip(window, lines)):
                found.append({k for _, sources in window for k in sources})
        assert found, text
        return found

    for change in json.loads(d.to_json())["changes"]:
        kind, old_ref, new_ref = change["kind"], change["old"], change["new"]
        at_new = places(accepted, new_ref["text"]) if new_ref else []
        at_old = places(rejected, old_ref["text"]) if old_ref else []
        if kind == "added":
            assert any(all(doc.wholly(k, {"ins"}) for k in place) for place in at_new), change
        elif kind == "removed":
            assert any(all(doc.wholly(k, {"del"}) for k in place) for place in at_old), change
        elif kind == "moved":
            sources = [{n for k in place for n in doc.move_name[k]} for place in at_old
                       if all(doc.wholly(k, {"moveFrom", "del"}) for k in place)]
            targets = [{n for k in place for n in doc.move_name[k]} for place in at_new
                       if all(doc.wholly(k, {"moveTo", "ins"}) for k in place)]
            if not any(s & t for s in sources for t in targets):  # one move, by name
                # ... or, for a half of a split or merge whose other half holds the shared node: inserted (or
                # deleted) whole, with a comment saying where the other half is.
                assert change["relation"], change
                alone = [place for place in at_new if all(doc.wholly(k, {"ins"}) for k in place)]
                alone += [place for place in at_old if all(doc.wholly(k, {"del"}) for k in place)]
                assert any(set(doc.anchors.get(cid, ())) & place for place in alone for cid in doc.comments), change
        elif kind == "modified":
            assert any(doc.revisions(k) for place in at_old + at_new for k in place), change
        for t in change["target_changes"]:
            said = target_text(TargetChange(**t))  # the change as the reports write it: 指标 20名 → 30名
            anchored = [set(doc.anchors.get(cid, ())) for cid, text in doc.comments.items() if said in text]
            assert any(a & place for a in anchored for place in (at_new or at_old)), (said, change["id"])
    return doc


# --- the diff corpus pair --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def pair():
    old = planparse.load(PAIR / "hengtuo_2024.txt")
    new = planparse.load(PAIR / "hengtuo_2025.txt")
    return old, new, planparse.diff(old, new)


def test_pair_accept_all_is_the_new_plan_reject_all_the_old_one(pair, tmp_path, monkeypatch):
    monkeypatch.setenv("PLANPARSE_LANG", "zh")
    old, new, d = pair
    doc = check_redline(d, old.plans[0], new.plans[0], tmp_path / "对比.docx")
    xml = doc.xml.decode("utf-8")
    # The sections that swapped places (三 ⇄ 四) are one move: reject-all puts 关心职工生活 back after 民主管理.
    moved = [k for k, p in enumerate(doc.paragraphs) if "关心职工生活" in "".join(p.itertext())]
    assert len(moved) == 2 and doc.wholly(moved[0], {"moveTo"}) and doc.wholly(moved[1], {"moveFrom"})
    assert doc.move_name[moved[0]] == doc.move_name[moved[1]]
    # Renumbered only (六/2 → 六/1): no revision, the new number is the text.
    for text, number in (("规范工会经费管理", "1、"), ("健全工会工作台账", "2、")):
        k = next(k for k, p in enumerate(doc.paragraphs) if text in "".join(p.itertext()))
        assert not doc.revisions(k) and "".join(doc.paragraphs[k].itertext()).startswith(number + text)
    # Word-level runs, the same words as the HTML report: 十名 → 十二名 whole, not 十 + 二.
    assert re.search(r"<w:del [^>]*>(?:(?!</w:del>).)*<w:delText>十名</w:delText>", xml)
    assert re.search(r"<w:ins [^>]*>(?:(?!</w:ins>).)*<w:t>十二名</w:t>", xml)
    # Author, date and unique ids.
    revisions = [el for p in doc.paragraphs for el in p.iter() if local(el) in REVISIONS]
    assert {el.get(q("author")) for el in revisions} == {"planparse"}
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", el.get(q("date"))) for el in revisions)
    ids = [el.get(q("id")) for el in revisions] + [el.get(q("id")) for p in doc.paragraphs
                                                      for el in p.iter(q("moveFromRangeStart"), q("moveToRangeStart"))]
    assert len(ids) == len(set(ids)) and not set(ids) & set(doc.comments)
    # Comments in Chinese: the targets, the split half, the domain emphasis on the title.
    assert any(text.startswith("目标变化：") and "先进典型 十名 → 十二名（+2名）" in text for text in doc.comments.values())
    assert any("拆分" in text for text in doc.comments.values())
    summary = next(cid for cid, text in doc.comments.items() if text.startswith("领域侧重变化"))
    assert doc.anchors[summary] == {0}
    changed = [r for r in d.domains.rows if r.delta]
    assert changed and all(f"{r.old} → {r.new}（{r.delta:+d}）" in doc.comments[summary] for r in changed)
    assert "劳动竞赛与建功立业" in doc.comments[summary]


def test_comments_follow_the_interface_language(pair, tmp_path):
    _, _, d = pair
    d.to_docx(tmp_path / "en.docx")  # the suite's default language is English (conftest)
    comments = Redline(tmp_path / "en.docx").comments.values()
    assert any(text.startswith("Targets changed:") for text in comments)
    assert any(text.startswith("Domain emphasis") and "Labour competitions" in text for text in comments)


def test_the_redline_opens_in_python_docx_laid_out_like_the_export(pair, tmp_path):
    _, _, d = pair
    doc = Document(str(d.to_docx(tmp_path / "r.docx")))
    page = doc.sections[0]
    assert page.page_width.mm == pytest.approx(210, abs=0.1) and page.left_margin.mm == pytest.approx(28, abs=0.1)
    heading = next(p for p in doc.paragraphs if p.text.startswith("二、深化劳动竞赛"))
    assert heading.runs[0]._element.rPr.rFonts.get(q("eastAsia")) == "黑体"
    assert heading.paragraph_format.first_line_indent.pt == 32 and heading.paragraph_format.line_spacing.pt == 28
    assert len(list(doc.comments)) == sum(bool(c.target_changes) for c in d.changes) + 2  # + split, + domains


def test_a_diff_read_back_from_json_still_writes_its_redline(pair, tmp_path):
    old, new, d = pair
    again = type(d).model_validate_json(d.to_json())
    doc = Redline(again.to_docx(tmp_path / "j.docx"))
    # No signature block (it is not a diffed record), the rest as before.
    want = expected_lines(new.plans[0], d.new_plan.title)
    assert_reads_as(doc.lines(True), want[:len(want) - 2], markers(old.plans[0], new.plans[0]))


# --- the seed's 篇二 vs 篇五 -------------------------------------------------------------------------
def test_seed_second_against_fifth_plan(seed_path, tmp_path):
    col = planparse.load(seed_path)
    titles = [p.title for p in col.plans]
    second = next(i for i, t in enumerate(titles, 1) if t.endswith("篇二"))
    fifth = next(i for i, t in enumerate(titles, 1) if t.endswith("篇五"))
    d = diff_plans(col, col, old_plan=second, new_plan=fifth)
    doc = check_redline(d, col.plans[second - 1], col.plans[fifth - 1], tmp_path / "seed.docx")
    inserted = "".join(t.text or "" for p in doc.paragraphs for t in p.iter(q("t"))
                       if any(local(a) == "ins" for a in t.iterancestors()))
    assert "敬业爱岗" in inserted


# --- hand-built cases ----------------------------------------------------------------------------
def _plan(sections: list[tuple[str, list[str]]], title: str = "测试工会2025年工作计划") -> Plan:
    from planparse.text.numerals import chinese_counting

    return Plan(title=title, sections=[
        Section(marker=f"{chinese_counting(s)}、", number=s, title=heading, items=[
            Item(marker=f"{k}、", number=k, text=text) for k, text in enumerate(items, 1)])
        for s, (heading, items) in enumerate(sections, 1)])


def test_measures_that_swap_places_are_moves_and_reject_all_restores_their_order(tmp_path):
    old = _plan([("关心职工生活", ["开展金秋助学活动，资助困难职工子女入学。", "组织全体职工健康体检。",
                                "建立困难职工档案，实行动态管理。"])])
    new = _plan([("关心职工生活", ["建立困难职工档案，实行动态管理。", "开展金秋助学活动，资助困难职工子女入学。",
                                "组织全体职工健康体检。"])])
    d = diff_plans(old, new)
    assert all(c.kind == "unchanged" for c in d.changes) and any(c.reordered for c in d.changes)
    doc = check_redline(d, old, new, tmp_path / "swap.docx")
    moved = [k for k in range(len(doc.paragraphs)) if doc.revisions(k)]
    assert [doc.revisions(k) for k in moved] == [{"moveTo"}, {"moveFrom"}]  # one measure moved, nothing else
    # ... the one the JSON calls reordered.
    assert [c.new.text for c in d.changes if c.reordered] == ["建立困难职工档案，实行动态管理。"]
    assert all("建立困难职工档案" in "".join(doc.paragraphs[k].itertext()) for k in moved)


def test_multi_paragraph_measures_and_a_measure_moved_and_reworded(tmp_path):
    old = _plan([("加强职工培训", ["举办技能培训班四期。\n每期培训时间不少于三天。", "开展安全知识竞赛一次。"]),
                 ("丰富文体生活", ["举办职工篮球赛。", "组织职工书画摄影展，展出作品一百件。"])])
    new = _plan([("加强职工培训", ["举办技能培训班六期。\n每期培训时间不少于五天，\n考核合格发证。",
                                "组织职工书画摄影展，展出作品一百五十件。"]),
                 ("丰富文体生活", ["举办职工篮球赛和乒乓球赛。"])])
    d = diff_plans(old, new)
    assert {c.kind for c in d.changes} >= {"modified", "moved", "removed"}
    check_redline(d, old, new, tmp_path / "multi.docx")


def test_hostile_text_stays_text(tmp_path):
    hostile = ("开展<职工>&“书香”活动 { MERGEFIELD 姓名 \\* MERGEFORMAT } ]]></w:t></w:r><w:r><w:t>注入"
               "\x01\x07\x0b结束\ttab")
    old = _plan([("读书活动 <b>&amp;", ["组织职工读书分享会两场。", hostile])])
    new = _plan([("读书活动 <b>&amp;", ["组织职工读书分享会三场。", hostile + "，新增一场", "{ DDE \"cmd\" } 新措施 & <x/>"])])
    d = diff_plans(old, new)
    path = d.to_docx(tmp_path / "hostile.docx")
    document = Document(str(path))  # opens
    texts = [p.text for p in document.paragraphs]
    assert any("{ MERGEFIELD 姓名 \\* MERGEFORMAT } ]]></w:t></w:r><w:r><w:t>注入" in t for t in texts)
    assert any("\\x01\\x07\\x0b结束\ttab" in t for t in texts)  # control characters shown escaped, tab kept
    xml = Redline(path).xml.decode("utf-8")
    assert "&lt;职工&gt;&amp;" in xml and "&lt;b&gt;&amp;amp;" in xml
    assert not re.search(r"<w:(fldSimple|fldChar|instrText|delInstrText)\b", xml)  # no field was made
    comments = Redline(path).comments
    assert any("两场 → 三场" in text for text in comments.values())
    # Accept and reject read as the two plans, with the control characters as the .docx shows them.
    escaped_old = _plan([("读书活动 <b>&amp;", ["组织职工读书分享会两场。", _shown(hostile)])])
    escaped_new = _plan([("读书活动 <b>&amp;", ["组织职工读书分享会三场。", _shown(hostile) + "，新增一场",
                                             "{ DDE \"cmd\" } 新措施 & <x/>"])])
    doc = Redline(path)
    allowed = markers(old, new)
    assert_reads_as(doc.lines(True), expected_lines(escaped_new, d.new_plan.title), allowed)
    assert_reads_as(doc.lines(False), expected_lines(escaped_old, d.old_plan.title), allowed)


def _shown(text: str) -> str:
    """Text as the .docx shows it: C0 controls but tab and newline escaped (export.xml_safe)."""
    return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f]", lambda m: f"\\x{ord(m.group(0)):02x}", text)


# --- command line ----------------------------------------------------------------------------------
def test_cli_writes_the_redline_from_the_extension_or_the_format(tmp_path):
    old, new = str(PAIR / "hengtuo_2024.txt"), str(PAIR / "hengtuo_2025.txt")
    out = tmp_path / "对比.docx"
    result = runner.invoke(app, ["diff", old, new, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert Redline(out).lines(True)[0] == "恒拓精密机械有限公司工会2025年工作计划"
    named = tmp_path / "redline.out"
    assert runner.invoke(app, ["diff", old, new, "--format", "docx", "--out", str(named)]).exit_code == 0
    assert zipfile.is_zipfile(named)
    result = runner.invoke(app, ["diff", old, new, "--format", "docx"])  # not to a terminal
    assert result.exit_code == 2 and "--out" in result.stderr and result.stderr.count("\n") == 1
    result = runner.invoke(app, ["diff", old, new, "--format", "docx", "--out", str(tmp_path / "r.html")])
    assert result.exit_code == 2 and "disagree" in result.stderr
    result = runner.invoke(app, ["diff", old, new, "--out", str(tmp_path / "missing" / "r.docx")])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1 and "cannot write" in result.stderr


# --- LibreOffice -----------------------------------------------------------------------------------
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_the_redline_and_shows_both_versions(pair, tmp_path):
    from planparse.read.doc import convert_with_libreoffice

    old, new, d = pair
    source = d.to_docx(tmp_path / "redline.docx")
    # LibreOffice reads every revision: the .docx it writes back still accepts to the new plan and rejects to
    # the old one, with its moves and comments.
    again = Redline(convert_with_libreoffice([source], tmp_path / "lo", "docx:MS Word 2007 XML", timeout=30)[source])
    allowed = markers(old.plans[0], new.plans[0])
    assert_reads_as(again.lines(True), expected_lines(new.plans[0], d.new_plan.title), allowed)
    assert_reads_as(again.lines(False), expected_lines(old.plans[0], d.old_plan.title), allowed)
    assert b"<w:moveFrom " in again.xml and b"<w:moveTo " in again.xml
    assert len(again.comments) == len(Redline(source).comments)
    converted = convert_with_libreoffice([source], tmp_path / "pdf", "pdf", timeout=30)
    pdf = converted[source]
    assert pdf.read_bytes().startswith(b"%PDF")
    pdfium = pytest.importorskip("pypdfium2")
    document = pdfium.PdfDocument(str(pdf))
    text = "".join(document[k].get_textpage().get_text_range() for k in range(len(document)))
    text = re.sub(r"\s+", "", text)
    # Deleted words stay on the page (struck through) beside the inserted ones; the moved section shows twice.
    assert "20242025年" in text and "十名十二名" in text and text.count("关心职工生活") == 2


# --- generated edits -------------------------------------------------------------------------------
_MEASURES = [
    "举办数控车工技能比武，全年不少于六场", "组织新进职工安全生产培训，覆盖三百人次", "开展困难职工走访慰问，走访八十户",
    "建立职工书屋，新增图书五百册", "召开职工代表大会，审议年度工作报告", "推进厂务公开，每季度公开一次热点事项",
    "举办迎新春文艺汇演，节目不少于二十个", "组织女职工健康体检，体检率达到百分之九十五", "开展师徒结对活动，结对四十对",
    "评选年度劳动模范十名", "开展合理化建议征集，征集建议二百条", "组织青年职工读书分享会四期",
]
_EXTRA = ["，并建立工作台账", "，年底前完成总结", "，由工会办公室牵头"]


def _edited(seed: int) -> tuple[Plan, Plan]:
    """Two versions of a plan of three sections: the new one moves, rewords, drops, adds, splits, merges, swaps."""
    import random

    pick = random.Random(seed)
    pool = pick.sample(_MEASURES, 9)
    old_sections = [("思想引领", pool[0:3]), ("建功立业", pool[3:6]), ("服务职工", pool[6:9])]
    new_sections = [(title, list(items)) for title, items in old_sections]
    for _ in range(pick.randint(1, 5)):
        move = pick.choice(["swap_sections", "swap_items", "move", "reword", "drop", "add", "split", "merge", "paragraphs"])
        title, items = pick.choice(new_sections)
        if move == "swap_sections":
            i, j = pick.sample(range(len(new_sections)), 2)
            new_sections[i], new_sections[j] = new_sections[j], new_sections[i]
        elif move == "swap_items" and len(items) > 1:
            i, j = pick.sample(range(len(items)), 2)
            items[i], items[j] = items[j], items[i]
        elif move == "move" and items:
            pick.choice(new_sections)[1].insert(0, items.pop(pick.randrange(len(items))))
        elif move == "reword" and items:
            k = pick.randrange(len(items))
            items[k] = items[k].replace("开展", "深入开展").replace("十", "十二", 1) + pick.choice(_EXTRA)
        elif move == "drop" and len(items) > 1:
            items.pop(pick.randrange(len(items)))
        elif move == "add":
            items.insert(pick.randint(0, len(items)), pick.choice([m for m in _MEASURES if m not in pool]))
        elif move == "split" and items:
            k = pick.randrange(len(items))
            head, _, tail = items[k].partition("，")
            if tail:
                items[k:k + 1] = [head, f"{head[:2]}{tail}，每月通报进展"]
        elif move == "merge" and len(items) > 1:
            k = pick.randrange(len(items) - 1)
            items[k:k + 2] = [f"{items[k]}，同时{items[k + 1]}"]
        elif move == "paragraphs":  # a measure of two paragraphs
            k = pick.randrange(len(items)) if items else None
            if k is not None:
                items[k] = items[k] + "。\n具体安排另行通知"
    return _plan(old_sections, "测试工会2024年工作计划"), _plan(new_sections)


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10**6))
def test_generated_edits_accept_to_the_new_plan_and_reject_to_the_old(seed):
    import tempfile

    old, new = _edited(seed)
    d = diff_plans(old, new)
    with tempfile.TemporaryDirectory() as folder:
        check_redline(d, old, new, Path(folder) / "edits.docx")
