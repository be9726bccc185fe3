"""Read a .docx into blocks, with Word's automatic numbers rendered as labels.

The package is walked with lxml directly: python-docx resolves styles per paragraph (ten times slower
in our measurement) and drops numbering, text boxes and tracked-change semantics. A .docx is untrusted
input, so the zip and the XML are read under limits (see ``open_package``).
"""

from __future__ import annotations

import io
import posixpath
import re
import threading
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from planparse.errors import InputError
from planparse.messages import say
from planparse.read.numbering import MC_NS, PUA_BULLETS, W_VAL, Label, Numbering, _int, _on, w
from planparse.read.types import OLE_MAGIC, Block, RawDocument, read_file_bytes
from planparse.text.lexicon import alternation, lexicon

# ---------------------------------------------------------------------------------------------
# Limits for hostile packages. Real plans are well under a megabyte of XML.
MAX_FILE_BYTES = 200 * 1024 * 1024


def _too_large(name: str, size: int) -> InputError:
    return InputError(say("word.too_large", name=name, size=size // 2**20, limit=MAX_FILE_BYTES // 2**20))
MAX_MEMBERS = 5_000
MAX_TOTAL_UNCOMPRESSED = 1024 * 1024 * 1024  # declared, all members
MAX_PART_BYTES = 128 * 1024 * 1024  # one XML part we actually read
MAX_RATIO = 200  # declared uncompressed / compressed, for members over 1 MB
# XML tags in one part, counted as "<" bytes before parsing (an upper bound on elements, whatever the
# encoding). lxml costs ~0.2 KB per element and the body walk a few µs, so this caps one part at
# roughly 0.5 GB and 10 s however well it compresses: 2M empty paragraphs fit in a 1.3 MB .docx. A long
# real report has a few hundred thousand tags.
MAX_PART_TAGS = 2_000_000
# Budgets inside the body, so a tiny part cannot ask for a huge allocation or a quadratic walk:
# Word tables have at most 63 columns; w:gridSpan and w:gridBefore are clamped to that (a value of
# 10^12 would otherwise allocate a list that long for one cell).
MAX_GRID_COLUMNS = 63
# Complex fields (w:fldChar begin … end) left open at one time. Word nests a few (a TOC holding
# PAGEREFs); thousands of unterminated "begin"s are a broken or hostile file and it is refused.
MAX_OPEN_FIELDS = 1_000
# Only a field's first word (PAGE, TOC, HYPERLINK …) matters; longer instructions are not kept.
MAX_FIELD_INSTR = 64
# All text taken from the body (paragraphs, labels, table rows). Repeating a vertically merged cell or
# a label can make the text far larger than the XML; past this the document is refused.
MAX_DOCUMENT_CHARS = 50_000_000

REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOCUMENT = "/officeDocument"
R_NUMBERING = "/numbering"
R_STYLES = "/styles"

_parsers = threading.local()  # an lxml parser must not be shared between threads


def _xml_parser() -> etree.XMLParser:
    parser = getattr(_parsers, "parser", None)
    if parser is None:
        parser = _parsers.parser = etree.XMLParser(
            resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, dtd_validation=False,
            remove_comments=True, remove_pis=True,
        )
    return parser


_DTD_MARKERS = tuple(marker.encode(codec) for marker in ("<!DOCTYPE", "<!ENTITY")
                     for codec in ("ascii", "utf-16-le", "utf-16-be"))


def parse_xml(data: bytes, part: str, name: str = "<docx>"):
    """Parse one package part safely: no entities, no network, no DTD at all (OOXML never has one).

    A DTD is refused before parsing, so entity-expansion and external-entity payloads never reach
    libxml2; the parser settings are a second line of defence.
    """
    if any(marker in data for marker in _DTD_MARKERS):
        raise InputError(say("docx.dtd", name=name, part=part))
    if data.count(b"<") > MAX_PART_TAGS:
        raise InputError(say("docx.too_many_tags", name=name, part=part, limit=MAX_PART_TAGS))
    try:
        root = etree.fromstring(data, _xml_parser())
    except etree.XMLSyntaxError as exc:
        reason = (exc.msg or "syntax error").splitlines()[0]
        raise InputError(say("docx.bad_xml", name=name, part=part, reason=reason)) from None
    if root is None:
        raise InputError(say("docx.empty_part", name=name, part=part))
    return root


class Package:
    """A size-checked view of the .docx zip."""

    def __init__(self, data: bytes, name: str):
        self.name = name
        if not data:
            raise InputError(say("word.empty", name=name))
        if len(data) > MAX_FILE_BYTES:
            raise _too_large(name, len(data))
        if data.startswith(OLE_MAGIC):
            if "EncryptedPackage".encode("utf-16-le") in data:
                raise InputError(say("word.password", name=name))
            raise InputError(say("docx.doc_named_docx", name=name))
        if not data.startswith(b"PK"):
            raise InputError(say("docx.not_zip", name=name))
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
            raise InputError(say("docx.corrupt", name=name, reason=exc)) from None
        if len(infos) > MAX_MEMBERS:
            raise InputError(say("docx.too_many_members", name=name, count=len(infos), limit=MAX_MEMBERS))
        total = 0
        for info in infos:
            total += info.file_size
            if info.file_size > 2**20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise InputError(say("docx.zip_bomb_member", name=name, member=info.filename,
                                     ratio=info.file_size // max(info.compress_size, 1)))
        if total > MAX_TOTAL_UNCOMPRESSED:
            raise InputError(say("docx.zip_bomb_total", name=name, size=total // 2**20))
        self.members = {info.filename: info for info in infos}

    def read(self, part: str) -> bytes | None:
        info = self.members.get(part)
        if info is None:
            return None
        if info.flag_bits & 0x1:
            raise InputError(say("docx.encrypted", name=self.name))
        if info.file_size > MAX_PART_BYTES:
            raise InputError(say("docx.part_too_large", name=self.name, part=part, size=info.file_size // 2**20,
                                 limit=MAX_PART_BYTES // 2**20))
        try:
            with self.zip.open(info) as handle:
                data = handle.read(MAX_PART_BYTES + 1)  # bounded even when the header lies
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError) as exc:
            raise InputError(say("docx.corrupt_part", name=self.name, part=part, reason=exc)) from None
        if len(data) > MAX_PART_BYTES:
            raise InputError(say("docx.part_expands", name=self.name, part=part, limit=MAX_PART_BYTES // 2**20))
        return data

    def xml(self, part: str):
        data = self.read(part)
        return None if data is None else parse_xml(data, part, self.name)

    def relationships(self, part: str) -> dict[str, str]:
        """Relationship type suffix → target part name, for ``part`` ('' is the package)."""
        folder, base = posixpath.split(part)
        rels_part = posixpath.join(folder, "_rels", base + ".rels")
        root = self.xml(rels_part)
        found: dict[str, str] = {}
        if root is None:
            return found
        for rel in root.iterfind(f"{{{REL_NS}}}Relationship"):
            rel_type, target = rel.get("Type", ""), rel.get("Target", "")
            if rel.get("TargetMode") == "External" or not target:
                continue
            target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            found.setdefault(rel_type[rel_type.rfind("/"):], target)
        return found


# ---------------------------------------------------------------------------------------------
# Styles


@dataclass
class ResolvedStyle:
    name: str | None
    num_id: str | None
    ilvl: int | None
    outline_level: int | None
    heading_level: int | None


_HEADING_NAME = re.compile(rf"^{alternation(lexicon().docx.heading_styles)}\s*([1-9])$", re.IGNORECASE)


class StyleSheet:
    """Paragraph styles with basedOn inheritance resolved once per style (cached)."""

    def __init__(self, root=None):
        self._raw: dict[str, dict] = {}
        self.default_paragraph: str | None = None
        self.numbering_style_num_ids: dict[str, str] = {}
        self._cache: dict[str | None, ResolvedStyle] = {}
        self._inherited_cache: dict[str, tuple[str | None, int | None, int | None]] = {}
        if root is None:
            return
        for style in root.iterfind(w("style")):
            style_id = style.get(w("styleId"))
            style_type = style.get(w("type"), "paragraph")
            if style_id is None:
                continue
            name_el = style.find(w("name"))
            based = style.find(w("basedOn"))
            ppr = style.find(w("pPr"))
            num_id = ilvl = outline = None
            if ppr is not None:
                num_pr = ppr.find(w("numPr"))
                if num_pr is not None:
                    num_el, ilvl_el = num_pr.find(w("numId")), num_pr.find(w("ilvl"))
                    num_id = num_el.get(w("val")) if num_el is not None else None
                    ilvl = _int(ilvl_el.get(w("val"))) if ilvl_el is not None else None
                outline_el = ppr.find(w("outlineLvl"))
                if outline_el is not None:
                    outline = _int(outline_el.get(w("val")))
            if style_type == "numbering":
                if num_id:
                    self.numbering_style_num_ids[style_id] = num_id
                continue
            if style_type != "paragraph":
                continue
            if style.get(w("default")) in ("1", "true", "on"):
                self.default_paragraph = style_id
            self._raw[style_id] = {
                "name": name_el.get(w("val")) if name_el is not None else None,
                "based_on": based.get(w("val")) if based is not None else None,
                "num_id": num_id, "ilvl": ilvl, "outline": outline,
            }

    def _inherited(self, style_id: str) -> tuple[str | None, int | None, int | None]:
        """(num_id, ilvl, outline level) a style gets from itself and its basedOn ancestors.

        Memoised per style, so a chain of thousands of styles is walked once in all rather than once
        per style used (that was quadratic). A cycle in basedOn is cut where the first walk meets it.
        """
        cached = self._inherited_cache.get(style_id)
        if cached is not None:
            return cached
        path: list[str] = []
        on_path: set[str] = set()
        current: str | None = style_id
        while current in self._raw and current not in self._inherited_cache and current not in on_path:
            path.append(current)
            on_path.add(current)
            current = self._raw[current]["based_on"]
        inherited = self._inherited_cache.get(current, (None, None, None)) if current not in on_path else (None, None, None)
        for chain_id in reversed(path):
            raw = self._raw[chain_id]
            num_id, ilvl, outline = inherited
            if raw["num_id"] is not None:
                num_id, ilvl = raw["num_id"], raw["ilvl"]  # the numbering and level come together
            elif raw["ilvl"] is not None:
                ilvl = raw["ilvl"]  # a level of its own over the numbering an ancestor gives
            if raw["outline"] is not None:
                outline = raw["outline"]
            inherited = (num_id, ilvl, outline)
            self._inherited_cache[chain_id] = inherited
        return inherited

    def resolve(self, style_id: str | None) -> ResolvedStyle:
        if style_id is None or style_id not in self._raw:
            style_id = self.default_paragraph
        cached = self._cache.get(style_id)
        if cached is not None:
            return cached
        name = num_id = ilvl = outline = None
        if style_id in self._raw:
            name = self._raw[style_id]["name"] or style_id
            num_id, ilvl, outline = self._inherited(style_id)
        heading = None
        match = _HEADING_NAME.match((name or "").strip())
        if match:
            heading = int(match.group(1))
        elif outline is not None and 0 <= outline < 9:
            heading = outline + 1
        resolved = ResolvedStyle(name, num_id, ilvl, outline, heading)
        self._cache[style_id] = resolved
        return resolved


# ---------------------------------------------------------------------------------------------
# Body walk

T, TAB, BR, CR, R, P, TBL, TR, TC, SDT, SDT_CONTENT = (w(t) for t in ("t", "tab", "br", "cr", "r", "p", "tbl", "tr", "tc", "sdt", "sdtContent"))
PPR, RPR, NUMPR, NUMID, ILVL, PSTYLE, OUTLINE = (w(t) for t in ("pPr", "rPr", "numPr", "numId", "ilvl", "pStyle", "outlineLvl"))
FLDCHAR, INSTR, FLDSIMPLE, DEL, INS, MOVE_FROM, MOVE_TO, VANISH = (w(t) for t in ("fldChar", "instrText", "fldSimple", "del", "ins", "moveFrom", "moveTo", "vanish"))
TXBX = w("txbxContent")
MC_ALT, MC_CHOICE, MC_FALLBACK = (f"{{{MC_NS}}}{t}" for t in ("AlternateContent", "Choice", "Fallback"))
# Containers whose children are read as if they were inline in the paragraph.
TRANSPARENT = {INS, MOVE_TO, w("hyperlink"), w("smartTag"), w("customXml"), w("dir"), w("bdo"), SDT_CONTENT}
# Fields whose results are furniture: page numbers and the table of contents.
FURNITURE_FIELDS = {"PAGE", "NUMPAGES", "SECTIONPAGES", "PAGEREF", "TOC"}
HEADER_WORDS = lexicon().docx.table_header_words  # 月份, 工作内容, 责任部门 … (data/lexicon.toml)
_SENTENCE_BREAK = lexicon().punctuation.sentence_break


class _Field:
    """One open complex field. ``hides`` while its instructions are read, and for good once they name
    page furniture (PAGE, TOC …); decided once at w:fldChar separate, so no run re-reads the stack."""

    __slots__ = ("instr", "in_result", "hides")

    def __init__(self):
        self.instr = ""  # the first MAX_FIELD_INSTR characters of the instructions
        self.in_result = False
        self.hides = True

    def furniture(self) -> bool:
        words = self.instr.split()
        return bool(words) and words[0].upper() in FURNITURE_FIELDS


class _BodyReader:
    def __init__(self, numbering: Numbering, styles: StyleSheet, name: str = "<docx>"):
        self.numbering = numbering
        self.styles = styles
        self.name = name
        self.blocks: list[Block] = []
        self.fields: list[_Field] = []
        self._hiding = 0  # how many open fields hide what is inside them
        self._chars = 0  # characters of text and labels taken so far (MAX_DOCUMENT_CHARS)
        self.warnings: list[str] = []
        self._carry: list[str] = []  # text of paragraphs whose mark was deleted (tracked change): joins the next

    # -- inline content ------------------------------------------------------------------------

    def _hidden(self) -> bool:
        """Inside a field's instructions, or inside the result of a page-number/TOC field."""
        return self._hiding > 0

    def _field_char(self, kind: str | None) -> None:
        fields = self.fields
        if kind == "begin":
            if len(fields) >= MAX_OPEN_FIELDS:
                raise InputError(say("docx.too_many_fields", name=self.name, limit=MAX_OPEN_FIELDS))
            fields.append(_Field())
            self._hiding += 1
        elif kind == "separate" and fields:
            field = fields[-1]
            if not field.in_result:
                field.in_result = True
                if not field.furniture():
                    field.hides = False
                    self._hiding -= 1
        elif kind == "end" and fields:
            if fields.pop().hides:
                self._hiding -= 1

    def _inline(self, element, out: list[str], boxes: list) -> None:
        for child in element:
            tag = child.tag
            if tag == R:
                self._run(child, out, boxes)
            elif tag in TRANSPARENT:
                self._inline(child, out, boxes)
            elif tag == SDT:
                content = child.find(SDT_CONTENT)
                if content is not None:
                    self._inline(content, out, boxes)
            elif tag == FLDSIMPLE:
                words = (child.get(w("instr")) or "").split()
                if not (words and words[0].upper() in FURNITURE_FIELDS):
                    self._inline(child, out, boxes)
            elif tag == MC_ALT:
                self._inline(_alternate(child), out, boxes)
            # deletions, moved-from text, properties and bookmarks are skipped

    def _run(self, run, out: list[str], boxes: list) -> None:
        rpr = run.find(RPR)
        hidden_run = rpr is not None and rpr.find(VANISH) is not None and _on(rpr.find(VANISH))
        for child in run:
            tag = child.tag
            if tag == T:
                if not hidden_run and not (self.fields and self._hidden()):
                    out.append(child.text or "")
            elif tag == TAB:
                if not hidden_run and not (self.fields and self._hidden()):
                    out.append("\t")
            elif tag == BR:
                if child.get(w("type")) in (None, "textWrapping") and not (self.fields and self._hidden()):
                    out.append("\n")  # a soft line break; page and column breaks are layout
            elif tag == CR:
                out.append("\n")
            elif tag == FLDCHAR:
                self._field_char(child.get(w("fldCharType")))
            elif tag == INSTR:
                if self.fields and not self.fields[-1].in_result:
                    field = self.fields[-1]
                    if len(field.instr) < MAX_FIELD_INSTR:
                        field.instr = (field.instr + (child.text or ""))[:MAX_FIELD_INSTR]
            elif tag == w("noBreakHyphen"):
                out.append("-")
            elif tag == w("sym"):
                code = child.get(w("char"))
                if code and not hidden_run:
                    value = int(code, 16) if re.fullmatch(r"[0-9A-Fa-f]{1,6}", code) else 0
                    if 0xF000 <= value <= 0xF0FF:
                        # Symbol/Wingdings glyphs live in the private use area: keep the ones we can name.
                        out.append(PUA_BULLETS.get(chr(value), ""))
                    elif 0x20 <= value < 0x110000 and not 0xD800 <= value < 0xE000:
                        out.append(chr(value))
            elif tag in (w("drawing"), w("pict"), w("object"), MC_ALT):
                container = _alternate(child) if tag == MC_ALT else child
                boxes.extend(_outer_text_boxes(container))

    # -- paragraphs ----------------------------------------------------------------------------

    def _numbering_of(self, ppr, style_id, style: ResolvedStyle) -> tuple[str | None, int]:
        num_id = ilvl = None
        if ppr is not None:
            num_pr = ppr.find(NUMPR)
            if num_pr is not None:
                num_el, ilvl_el = num_pr.find(NUMID), num_pr.find(ILVL)
                if num_el is not None:
                    num_id = num_el.get(W_VAL)
                if ilvl_el is not None:
                    ilvl = _int(ilvl_el.get(W_VAL))
        if num_id is None:
            num_id = style.num_id
            if num_id and ilvl is None:
                # A style-linked list: the level whose w:pStyle names this style, else the style's ilvl.
                ilvl = style.ilvl
                if ilvl is None and style_id:
                    ilvl = self.numbering.level_for_style(num_id, style_id)
        return num_id, ilvl or 0

    def paragraph(self, p) -> tuple[tuple[str, Label | None, ResolvedStyle, int | None, bool] | None, list]:
        """((text, label, style, heading level, furniture_only) or None when the paragraph's mark was
        deleted and it merges into the next one, text boxes anchored in it)."""
        ppr = p.find(PPR)
        style_id = None
        outline = None
        mark_deleted = False
        num_id: str | None = None
        if ppr is not None:
            pstyle = ppr.find(PSTYLE)
            if pstyle is not None:
                style_id = pstyle.get(W_VAL)
            outline_el = ppr.find(OUTLINE)
            if outline_el is not None:
                outline = _int(outline_el.get(W_VAL))
            rpr = ppr.find(RPR)
            mark_deleted = rpr is not None and rpr.find(DEL) is not None
        style = self.styles.resolve(style_id)
        out: list[str] = []
        boxes: list = []
        fields_before = bool(self.fields) and self._hidden()
        self._inline(p, out, boxes)
        text = "".join(out)
        if mark_deleted:
            # Accepting the deletion of a paragraph mark joins this paragraph to the next one;
            # the surviving (next) mark decides numbering and style. Kept as parts: joined once.
            self._carry.append(text)
            return None, boxes
        if self._carry:
            self._carry.append(text)
            text = "".join(self._carry)
            self._carry = []
        furniture_only = (fields_before or (bool(self.fields) and self._hidden())) and not text.strip()
        label = None
        num_id, ilvl = self._numbering_of(ppr, style_id, style)
        if num_id and not furniture_only:
            label = self.numbering.next_label(num_id, ilvl)
        heading = style.heading_level
        if outline is not None:
            heading = outline + 1 if 0 <= outline < 9 else None
        return (text, label, style, heading, furniture_only), boxes

    # -- blocks --------------------------------------------------------------------------------

    def body(self, container) -> None:
        for child in container:
            tag = child.tag
            if tag == P:
                result, boxes = self.paragraph(child)
                if result is not None:
                    text, label, style, heading, furniture_only = result
                    if not furniture_only:
                        self._add(text, label=label.text if label else None, style=style.name, heading_level=heading)
                for box in boxes:
                    self.body(box)
            elif tag == TBL:
                self.table(child)
            elif tag == SDT:
                content = child.find(SDT_CONTENT)
                if content is not None:
                    self.body(content)
            elif tag in (w("customXml"), INS, MOVE_TO):
                self.body(child)
            elif tag == MC_ALT:
                self.body(_alternate(child))

    def _add(self, text: str, kind: str = "paragraph", label=None, style=None, heading_level=None, cells=None):
        self._chars += len(text) + (len(label) if label else 0)
        if self._chars > MAX_DOCUMENT_CHARS:
            raise InputError(say("docx.too_much_text", name=self.name, millions=MAX_DOCUMENT_CHARS // 1_000_000))
        self.blocks.append(Block(text=text, index=len(self.blocks), start=0, end=0, kind=kind, label=label,
                                 style=style, heading_level=heading_level, cells=cells))

    def _cell_text(self, tc) -> str:
        """A cell's paragraphs joined by newlines; Word numbers stay in front of their paragraph."""
        lines: list[str] = []

        def walk(container):
            for child in container:
                if child.tag == P:
                    result, boxes = self.paragraph(child)
                    if result is not None:
                        text, label, _style, _heading, furniture_only = result
                        if not furniture_only:
                            lines.append((label.text if label else "") + text)
                    for box in boxes:
                        walk(box)
                elif child.tag == TBL:
                    for row in _children(child, TR):
                        lines.append("\t".join(self._cell_text(cell) for cell in _children(row, TC)))
                elif child.tag == SDT:
                    content = child.find(SDT_CONTENT)
                    if content is not None:
                        walk(content)

        walk(tc)
        return "\n".join(lines).strip("\n")

    def table(self, tbl) -> None:
        rows = [row for row in _children(tbl, TR)]
        merged_above: dict[int, str] = {}  # grid column → text of the vMerge="restart" cell
        for row_index, tr in enumerate(rows):
            trpr = tr.find(w("trPr"))
            if trpr is not None and trpr.find(DEL) is not None:
                continue  # a deleted row (tracked change)
            grid_col = 0
            if trpr is not None:
                before = trpr.find(w("gridBefore"))
                if before is not None:
                    grid_col = min(max(_int(before.get(W_VAL)) or 0, 0), MAX_GRID_COLUMNS)
            grid_cells: list[str] = [""] * grid_col
            cell_texts: list[str] = []
            for tc in _children(tr, TC):
                tcpr = tc.find(w("tcPr"))
                span, vmerge = 1, None
                if tcpr is not None:
                    span_el = tcpr.find(w("gridSpan"))
                    if span_el is not None:
                        span = min(max(_int(span_el.get(W_VAL)) or 1, 1), MAX_GRID_COLUMNS)
                    vmerge_el = tcpr.find(w("vMerge"))
                    if vmerge_el is not None:
                        vmerge = vmerge_el.get(W_VAL, "continue")
                if vmerge == "continue":
                    text = merged_above.get(grid_col, "")  # a vertically merged cell repeats its top cell
                else:
                    text = self._cell_text(tc)
                    if vmerge == "restart":
                        merged_above[grid_col] = text
                    else:
                        merged_above.pop(grid_col, None)
                cell_texts.append(text)
                grid_cells.extend([text] + [""] * (span - 1))
                grid_col += span
            header = row_index == 0 and len(rows) > 1 and _looks_like_header(tr, cell_texts)
            self._add("\t".join(cell_texts), kind="table_row", style="table_header" if header else None,
                      cells=grid_cells)


def _children(element, tag: str):
    """Children with ``tag``, also inside content controls (w:sdt) wrapping rows or cells."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                yield from (c for c in content if c.tag == tag)


def _looks_like_header(tr, texts: list[str]) -> bool:
    """Word's 'repeat as header row' flag, or a first row of short column titles (月份/工作内容/责任部门)."""
    trpr = tr.find(w("trPr"))
    if trpr is not None and trpr.find(w("tblHeader")) is not None and _on(trpr.find(w("tblHeader"))):
        return True
    filled = [t.strip() for t in texts if t.strip()]
    if len(filled) < 2 or any(len(t) > 12 or t[-1] in _SENTENCE_BREAK for t in filled):
        return False
    titled = sum(1 for t in filled if any(word in t for word in HEADER_WORDS))
    return titled * 2 >= len(filled)


def _alternate(element):
    """mc:AlternateContent: the first Choice (Word writes the modern form there), else the Fallback."""
    chosen = element.find(MC_CHOICE)
    if chosen is None:
        chosen = element.find(MC_FALLBACK)
    return chosen if chosen is not None else []


def _outer_text_boxes(container) -> list:
    """Text box contents under a drawing, not counting boxes nested inside another box."""
    found = []
    for box in container.iter(TXBX):
        parent = box.getparent()
        nested = False
        while parent is not None and parent is not container:
            if parent.tag == TXBX:
                nested = True
                break
            if parent.tag == MC_FALLBACK:  # the VML copy of a box already read from mc:Choice
                nested = True
                break
            parent = parent.getparent()
        if not nested:
            found.append(box)
    return found


# ---------------------------------------------------------------------------------------------


def read_docx(path_or_bytes: str | Path | bytes, source: str | None = None) -> RawDocument:
    """Read a .docx (path or bytes) into a RawDocument: one block per paragraph or table row.

    Raises ``InputError`` with a one-line message for missing, corrupt, encrypted or hostile files.
    """
    if isinstance(path_or_bytes, (bytes, bytearray, memoryview)):
        data = bytes(path_or_bytes)
        name = source or "<docx bytes>"
    else:
        path = Path(path_or_bytes)
        name = source or str(path)
        data = read_file_bytes(
            path, name, say("docx.kind"),
            read=lambda handle, _size: handle.read(MAX_FILE_BYTES + 1),
            refuse=lambda size: _too_large(name, size) if size > MAX_FILE_BYTES else None,
        )
    package = Package(data, name)
    main_part = package.relationships("").get(OFFICE_DOCUMENT, "word/document.xml")
    document = package.xml(main_part)
    if document is None:
        raise InputError(say("docx.no_main_part", name=name, part=main_part))
    if document.tag != w("document"):
        raise InputError(say("docx.wrong_root", name=name, tag=etree.QName(document).localname))
    rels = package.relationships(main_part)
    styles = StyleSheet(package.xml(rels.get(R_STYLES, "word/styles.xml")))
    numbering = Numbering(package.xml(rels.get(R_NUMBERING, "word/numbering.xml")), styles.numbering_style_num_ids)
    reader = _BodyReader(numbering, styles, name)
    body = document.find(w("body"))
    if body is not None:
        reader.body(body)
    if reader._carry:
        reader._add("".join(reader._carry))
    # Offsets: blocks joined by "\n", so each block's span indexes RawDocument.text.
    position = 0
    texts = []
    for block in reader.blocks:
        block.start, block.end = position, position + len(block.text)
        position = block.end + 1
        texts.append(block.text)
    warnings = numbering.warnings + reader.warnings
    return RawDocument(text="\n".join(texts), blocks=reader.blocks, source=name, format="docx", warnings=warnings)
