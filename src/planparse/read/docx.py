"""Read a .docx into blocks, with Word's automatic numbers rendered as labels.

The package is walked with lxml directly: python-docx resolves styles per paragraph (ten times slower
in our measurement) and drops numbering, text boxes and tracked-change semantics. A .docx is untrusted
input, so the zip and the XML are read under limits (see ``Package`` and ``_Budget``).

Also read: Strict OOXML (Word's "Strict Open XML Document": the same vocabulary in the purl.oclc.org
namespaces, mapped to the transitional ones after parsing), and content embedded with ``w:altChunk``
(HTML, Word, RTF or plain text parts, imported where they stand; what cannot be imported is named in a
warning). A rendered list number in a table's first cell becomes the row's label.
"""

from __future__ import annotations

import email
import email.errors
import email.policy
import io
import posixpath
import re
import tempfile
import threading
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from planparse.errors import InputError
from planparse.messages import say
from planparse.read.numbering import MC_NS, PUA_BULLETS, W_NS, W_VAL, Label, Numbering, _int, _on, format_number, w
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
# Embedded documents (w:altChunk) are read with the same limits, and the document and everything embedded
# in it share one budget (_Budget), so nesting cannot multiply them: parts read, bytes unpacked, XML tags
# and text. A .docx chunk may embed chunks of its own, down to MAX_CHUNK_DEPTH levels.
MAX_CHUNK_DEPTH = 3
MAX_PARTS_READ = 20_000  # a real document reads about six; a thousand embedded .docx files, ~6,000
MAX_TOTAL_TAGS = 3 * MAX_PART_TAGS  # the main part, styles and numbering at their caps
# RTF chunks are converted by LibreOffice (seconds per run, all of a document's in one run).
MAX_RTF_CHUNKS = 20

REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
OFFICE_DOCUMENT = "/officeDocument"
R_NUMBERING = "/numbering"
R_STYLES = "/styles"
R_CHUNK = "/aFChunk"
R_ID = f"{{{R_NS}}}id"

# Strict OOXML names the same elements and attributes in other namespaces (drawing namespaces too, which
# this reader does not need: text boxes are found by w:txbxContent). The relationship types change the same
# way but end in the same word (…/officeDocument, …/styles), which is all Package.relationships compares;
# the package itself (OPC: content types, relationships) is the same in both.
STRICT_NAMESPACES = {
    "http://purl.oclc.org/ooxml/wordprocessingml/main": W_NS,
    "http://purl.oclc.org/ooxml/officeDocument/relationships": R_NS,
}
_STRICT_MARKER = "purl.oclc.org/ooxml/"
# A namespace declaration naming a Strict namespace: xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"
_STRICT_DECLARATION = r"""xmlns(?::[A-Za-z_][\w.-]{0,40})?\s{0,20}=\s{0,20}(["'])(http://purl\.oclc\.org/ooxml/[A-Za-z/]{1,60})\1"""
_STRICT_BYTES = re.compile(_STRICT_DECLARATION.encode("ascii"))
_STRICT_TEXT = re.compile(_STRICT_DECLARATION)


def _transitional_declaration(match):
    quote, uri = match.group(1), match.group(2)
    mapped = STRICT_NAMESPACES.get(uri if isinstance(uri, str) else uri.decode("ascii"))
    if mapped is None:
        return match.group(0)
    return match.group(0)[: match.start(2) - match.start(0)] + (mapped if isinstance(uri, str) else mapped.encode("ascii")) + quote


def _to_transitional(data: bytes) -> bytes:
    """A Strict OOXML part whose namespace declarations name the transitional namespaces instead, before
    parsing: the elements and attributes are then the ones the reader knows.

    Only xmlns declarations are rewritten (a text quoting the URL is left alone), so the cost is a search
    of the bytes, not a walk of the tree: renaming a parsed part of 2 M elements took longer than parsing
    it. UTF-16 parts are decoded for the rewrite and encoded back the same way; every other encoding libxml2
    reads writes these ASCII names as ASCII."""
    if _STRICT_MARKER.encode("ascii") in data:
        return _STRICT_BYTES.sub(_transitional_declaration, data)
    head = data[:2]
    codec = {b"\xff\xfe": "utf-16", b"\xfe\xff": "utf-16", b"<\x00": "utf-16-le", b"\x00<": "utf-16-be"}.get(head)
    if codec is None:
        return data
    marker_codec = "utf-16-le" if head in (b"\xff\xfe", b"<\x00") else "utf-16-be"
    if _STRICT_MARKER.encode(marker_codec) not in data:
        return data
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        return data  # not UTF-16 after all: parsed, and refused, as it is
    return _STRICT_TEXT.sub(_transitional_declaration, text).encode(codec)


class _BudgetExceeded(InputError):
    """A limit shared by the document and everything embedded in it: the whole document is refused."""


class _Budget:
    """What reading one document may spend in all, across the document and the documents it embeds."""

    __slots__ = ("name", "parts", "unpacked", "tags", "chars", "rtf")

    def __init__(self, name: str):
        self.name = name  # the file the reader was given: shared refusals name it
        self.parts = self.unpacked = self.tags = self.chars = self.rtf = 0

    def part(self, size: int) -> None:
        self.parts += 1
        self.unpacked += size
        if self.parts > MAX_PARTS_READ:
            raise _BudgetExceeded(say("docx.too_many_parts", name=self.name, limit=MAX_PARTS_READ))
        if self.unpacked > MAX_TOTAL_UNCOMPRESSED:
            raise _BudgetExceeded(say("docx.too_much_unpacked", name=self.name, limit=MAX_TOTAL_UNCOMPRESSED // 2**20))

    def add_tags(self, count: int) -> None:
        self.tags += count
        if self.tags > MAX_TOTAL_TAGS:
            raise _BudgetExceeded(say("docx.too_many_tags_total", name=self.name, limit=MAX_TOTAL_TAGS))

    def add_chars(self, count: int) -> None:
        self.chars += count
        if self.chars > MAX_DOCUMENT_CHARS:
            raise _BudgetExceeded(say("docx.too_much_text", name=self.name, millions=MAX_DOCUMENT_CHARS // 1_000_000))

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


def parse_xml(data: bytes, part: str, name: str = "<docx>", budget: _Budget | None = None):
    """Parse one package part safely: no entities, no network, no DTD at all (OOXML never has one).

    A DTD is refused before parsing, so entity-expansion and external-entity payloads never reach
    libxml2; the parser settings are a second line of defence.
    """
    if any(marker in data for marker in _DTD_MARKERS):
        raise InputError(say("docx.dtd", name=name, part=part))
    tags = data.count(b"<")
    if tags > MAX_PART_TAGS:
        raise InputError(say("docx.too_many_tags", name=name, part=part, limit=MAX_PART_TAGS))
    if budget is not None:
        budget.add_tags(tags)
    try:
        root = etree.fromstring(data, _xml_parser())
    except etree.XMLSyntaxError as exc:
        reason = (exc.msg or "syntax error").splitlines()[0]
        raise InputError(say("docx.bad_xml", name=name, part=part, reason=reason)) from None
    if root is None:
        raise InputError(say("docx.empty_part", name=name, part=part))
    return root


class Package:
    """A size-checked view of the .docx zip.

    Part names are looked up as OPC compares them: ignoring ASCII case, and percent-encoded or not. Two
    members whose names are equal that way make the package ambiguous (zipfile would silently give the
    last one), so it is refused."""

    def __init__(self, data: bytes, name: str, budget: _Budget | None = None):
        self.name = name
        self.budget = budget if budget is not None else _Budget(name)
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
        self.members: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            total += info.file_size
            if info.file_size > 2**20 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise InputError(say("docx.zip_bomb_member", name=name, member=info.filename,
                                     ratio=info.file_size // max(info.compress_size, 1)))
            if info.filename.endswith("/"):
                continue  # a folder entry, not a part
            key = info.filename.lower()
            if key in self.members:
                raise InputError(say("docx.duplicate_member", name=name, member=info.filename))
            self.members[key] = info
        if total > MAX_TOTAL_UNCOMPRESSED:
            raise InputError(say("docx.zip_bomb_total", name=name, size=total // 2**20))
        self._rels: dict[str, list[tuple[str, str, str]]] = {}
        self._content_types: tuple[dict[str, str], dict[str, str]] | None = None

    def _info(self, part: str) -> zipfile.ZipInfo | None:
        info = self.members.get(part.lower())
        if info is None and "%" in part:
            info = self.members.get(unquote(part).lower())
        return info

    def read(self, part: str) -> bytes | None:
        info = self._info(part)
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
        self.budget.part(len(data))
        return data

    def xml(self, part: str):
        data = self.read(part)
        return None if data is None else parse_xml(_to_transitional(data), part, self.name, self.budget)

    def _relationship_list(self, part: str) -> list[tuple[str, str, str]]:
        """(id, type suffix, target part name) of ``part``'s internal relationships ('' is the package)."""
        cached = self._rels.get(part)
        if cached is not None:
            return cached
        folder, base = posixpath.split(part)
        root = self.xml(posixpath.join(folder, "_rels", base + ".rels"))
        found: list[tuple[str, str, str]] = []
        if root is not None:
            for rel in root.iterfind(f"{{{REL_NS}}}Relationship"):
                rel_type, target = rel.get("Type", ""), rel.get("Target", "")
                if rel.get("TargetMode") == "External" or not target:
                    continue
                target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
                found.append((rel.get("Id", ""), rel_type[rel_type.rfind("/"):], target))
        self._rels[part] = found
        return found

    def relationships(self, part: str) -> dict[str, str]:
        """Relationship type suffix → target part name, for ``part`` ('' is the package)."""
        found: dict[str, str] = {}
        for _rel_id, suffix, target in self._relationship_list(part):
            found.setdefault(suffix, target)
        return found

    def relationship_targets(self, part: str, suffix: str) -> dict[str, str]:
        """Relationship id → target part name, for ``part``'s relationships of one type (``R_CHUNK`` …)."""
        return {rel_id: target for rel_id, kind, target in self._relationship_list(part) if kind == suffix}

    def content_type(self, part: str) -> str:
        """The part's content type from [Content_Types].xml (an Override, else the Default for its extension)."""
        if self._content_types is None:
            overrides: dict[str, str] = {}
            defaults: dict[str, str] = {}
            root = self.xml("[Content_Types].xml")
            if root is not None:
                for element in root:
                    if element.tag == f"{{{CT_NS}}}Override" and element.get("PartName"):
                        overrides[element.get("PartName").lstrip("/").lower()] = element.get("ContentType", "")
                    elif element.tag == f"{{{CT_NS}}}Default" and element.get("Extension"):
                        defaults[element.get("Extension").lower()] = element.get("ContentType", "")
            self._content_types = overrides, defaults
        overrides, defaults = self._content_types
        found = overrides.get(part.lower()) or overrides.get(unquote(part).lower())
        if found is None:
            found = defaults.get(posixpath.splitext(part)[1].lstrip(".").lower(), "")
        return found.split(";")[0].strip().lower()


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
TXBX, ALTCHUNK = w("txbxContent"), w("altChunk")
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
    def __init__(self, numbering: Numbering, styles: StyleSheet, name: str = "<docx>", budget: _Budget | None = None,
                 chunks: _Chunks | None = None):
        self.numbering = numbering
        self.styles = styles
        self.name = name
        self.budget = budget if budget is not None else _Budget(name)  # text taken so far (MAX_DOCUMENT_CHARS)
        self.chunks = chunks  # the embedded documents (w:altChunk) of this part, if it has any
        self.blocks: list[Block] = []
        self.fields: list[_Field] = []
        self._hiding = 0  # how many open fields hide what is inside them
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
            elif tag == ALTCHUNK and self.chunks is not None:
                for block in self.chunks.blocks(child.get(R_ID)):
                    block.index = len(self.blocks)  # its text was counted when the chunk was read
                    self.blocks.append(block)

    def _add(self, text: str, kind: str = "paragraph", label=None, style=None, heading_level=None, cells=None):
        self.budget.add_chars(len(text) + (len(label) if label else 0))
        self.blocks.append(Block(text=text, index=len(self.blocks), start=0, end=0, kind=kind, label=label,
                                 style=style, heading_level=heading_level, cells=cells))

    def _cell(self, tc) -> tuple[str, str, str | None]:
        """A cell's paragraphs joined by newlines, Word numbers in front of their paragraph; the same text
        without the number of its list item, and that number, when the cell is one list item (its first
        paragraph numbered, no other paragraph numbered); else the text twice and None."""
        lines: list[str] = []
        numbered: list[tuple[int, str]] = []  # (line, label) of the numbered paragraphs

        def walk(container):
            for child in container:
                tag = child.tag
                if tag == P:
                    result, boxes = self.paragraph(child)
                    if result is not None:
                        text, label, _style, _heading, furniture_only = result
                        if not furniture_only:
                            if label:
                                numbered.append((len(lines), label.text))
                            lines.append((label.text if label else "") + text)
                    for box in boxes:
                        walk(box)
                elif tag == TBL:
                    for row in _children(child, TR):
                        lines.append("\t".join(self._cell(cell)[0] for cell in _children(row, TC)))
                elif tag == SDT:
                    content = child.find(SDT_CONTENT)
                    if content is not None:
                        walk(content)
                elif tag == ALTCHUNK and self.chunks is not None:
                    lines.extend((block.label or "") + block.text for block in self.chunks.blocks(child.get(R_ID)))

        walk(tc)
        text = "\n".join(lines).strip("\n")
        if len(numbered) == 1:
            line, label = numbered[0]
            if all(not earlier.strip() for earlier in lines[:line]):
                lines[line] = lines[line][len(label):]
                return text, "\n".join(lines).strip("\n"), label
        return text, text, None

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
            # The row's label: a Word list number in its first cell with content (vertically merged cells,
            # a category column, are passed over), when that cell is one list item: 序号 columns numbered
            # by Word, or "（一）…" items laid out as a table. A number further along stays in its cell.
            row_label: str | None = None
            seeking_label = True
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
                    text, bare, label = self._cell(tc)
                    if vmerge == "restart":
                        merged_above[grid_col] = text
                    else:
                        merged_above.pop(grid_col, None)
                        if seeking_label and text.strip():
                            seeking_label = False
                            if label is not None:
                                row_label, text = label, bare
                cell_texts.append(text)
                grid_cells.extend([text] + [""] * (span - 1))
                grid_col += span
            header = row_index == 0 and len(rows) > 1 and _looks_like_header(tr, cell_texts)
            self._add("\t".join(cell_texts), kind="table_row", label=row_label,
                      style="table_header" if header else None, cells=grid_cells)


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
# Embedded documents (w:altChunk)

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_RTF_MAGIC = b"{\\rtf"
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)


class _Chunks:
    """The documents a part embeds with w:altChunk, read into blocks where they stand.

    Word imports such a part when it opens the file (and writes it back as ordinary paragraphs); until then
    the text lives only in the chunk. HTML and XHTML go through lxml's HTML parser (text, lists, tables and
    headings; nothing is fetched or run), a .docx through this reader with the same limits, RTF through
    LibreOffice when it is installed, plain text as lines. A chunk that cannot be imported is named in a
    warning, never dropped silently. A chunk used twice is read once.
    """

    def __init__(self, package: Package, part: str, depth: int, prefix: str = ""):
        self.package = package
        self.budget = package.budget
        self.depth = depth
        self.prefix = prefix  # where this package sits inside the file, for names in warnings
        self.targets = package.relationship_targets(part, R_CHUNK)
        self.warnings: list[str] = []
        self._read: dict[str, list[Block]] = {}
        self._converted: dict[str, bytes | None] = {}  # RTF chunk → the .docx LibreOffice made of it

    def _warn(self, key: str, message: str) -> list[Block]:
        self._read[key] = []
        self.warnings.append(message)
        return []

    def blocks(self, rel_id: str | None) -> list[Block]:
        """Fresh blocks for the chunk behind relationship ``rel_id`` (index 0 each: the caller numbers them)."""
        target = self.targets.get(rel_id or "")
        key = target if target is not None else f"\x00{rel_id}"
        if key in self._read:
            blocks = [_copy(block) for block in self._read[key]]
            self.budget.add_chars(sum(len(b.text) + len(b.label or "") for b in blocks))
            return blocks
        if target is None or self.package._info(target) is None:
            return self._warn(key, say("docx.chunk_missing", rel=rel_id or "?"))
        shown = self.prefix + target
        try:
            blocks = self._import(target, shown)
        except _BudgetExceeded:
            raise
        except InputError as exc:
            reason = str(exc)
            for lead in (f"{shown}: ", f"{shown}："):
                reason = reason.removeprefix(lead)
            return self._warn(key, say("docx.chunk_not_imported", part=shown, reason=reason))
        except (ValueError, LookupError, etree.LxmlError, email.errors.MessageError) as exc:
            reason = (str(exc).splitlines() or [type(exc).__name__])[0][:200]
            return self._warn(key, say("docx.chunk_not_imported", part=shown, reason=reason))
        self._read[key] = blocks if blocks is not None else []  # None: a warning says why
        if blocks is None:
            return []
        return [_copy(block) for block in blocks]

    def _import(self, target: str, shown: str) -> list[Block] | None:
        data = self.package.read(target) or b""
        content_type = self.package.content_type(target)
        head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        if data.startswith(b"PK"):
            return self._document(data, shown)
        if head.startswith(_RTF_MAGIC):
            return self._rtf(target, data, shown)
        if content_type in _HTML_TYPES or head.startswith((b"<!doctype html", b"<html")) or (
                content_type in ("application/xml", "text/xml", "") and b"<html" in head):
            return _html_blocks(_decode_html(data, shown), shown, self.budget)
        if content_type == "message/rfc822" or head.startswith(b"mime-version:"):
            return self._web_archive(data, shown)
        if content_type.startswith("text/plain"):
            return self._text(data, shown)
        self.warnings.append(say("docx.chunk_unsupported", part=shown, content_type=content_type or "?"))
        return None

    def _document(self, data: bytes, shown: str) -> list[Block] | None:
        if self.depth >= MAX_CHUNK_DEPTH:
            self.warnings.append(say("docx.chunk_too_deep", part=shown, limit=MAX_CHUNK_DEPTH))
            return None
        blocks, warnings = _read_package(data, shown, self.budget, self.depth + 1)
        self.warnings.extend(warnings)
        return blocks

    def _text(self, data: bytes, shown: str) -> list[Block]:
        from planparse.read.text import decode_text

        text, _encoding = decode_text(data, shown, limit=MAX_PART_BYTES)
        return [self._block(line) for line in text.splitlines()]

    def _web_archive(self, data: bytes, shown: str) -> list[Block] | None:
        """A web archive (.mht, MIME): its HTML page, else its plain text (the email package decodes it)."""
        message = email.message_from_bytes(data, policy=email.policy.default)
        plain = None
        for part in message.walk():
            kind = part.get_content_type()
            if kind in _HTML_TYPES:
                return _html_blocks(part.get_content(), shown, self.budget)
            if kind == "text/plain" and plain is None:
                plain = part.get_content()
        if plain is not None:
            return [self._block(line) for line in plain.splitlines()]
        self.warnings.append(say("docx.chunk_unsupported", part=shown, content_type="message/rfc822"))
        return None

    def _block(self, text: str) -> Block:
        self.budget.add_chars(len(text))
        return Block(text=text, index=0, start=0, end=0)

    # -- RTF, through LibreOffice ------------------------------------------------------------------

    def prepare(self, body) -> None:
        """Convert the RTF chunks the body uses in one LibreOffice run (each run costs seconds to start)."""
        if not self.targets:
            return
        from planparse.read.doc import find_soffice

        if find_soffice() is None:
            return
        wanted: dict[str, bytes] = {}
        for element in body.iter(ALTCHUNK):
            target = self.targets.get(element.get(R_ID) or "")
            if (target is None or target in wanted or target in self._converted
                    or len(wanted) + self.budget.rtf >= MAX_RTF_CHUNKS
                    or "rtf" not in self.package.content_type(target) or self.package._info(target) is None):
                continue
            try:
                data = self.package.read(target) or b""
            except _BudgetExceeded:
                raise
            except InputError:
                continue  # read again, and reported, where the chunk stands
            if data.lstrip().startswith(_RTF_MAGIC):
                wanted[target] = data
        if wanted:
            self._convert(wanted)

    def _convert(self, chunks: dict[str, bytes]) -> None:
        from planparse.errors import PlanparseError
        from planparse.read.doc import convert_to_docx

        self.budget.rtf += len(chunks)
        with tempfile.TemporaryDirectory(prefix="planparse-chunks-") as folder:
            paths = {Path(folder) / f"chunk{index}.rtf": target for index, target in enumerate(chunks)}
            for path, target in paths.items():
                path.write_bytes(chunks[target])
            try:
                converted = convert_to_docx(list(paths), Path(folder) / "docx")
                for path, target in paths.items():
                    result = converted.get(path)
                    self._converted[target] = result.read_bytes() if result is not None and result.is_file() else None
            except (PlanparseError, OSError):
                for target in paths.values():
                    self._converted.setdefault(target, None)  # each is named in a warning where it stands

    def _rtf(self, target: str, data: bytes, shown: str) -> list[Block] | None:
        from planparse.read.doc import find_soffice

        if target not in self._converted:
            if find_soffice() is None:
                self.warnings.append(say("docx.chunk_rtf_needs_libreoffice", part=shown))
                return None
            if self.budget.rtf >= MAX_RTF_CHUNKS:
                self.warnings.append(say("docx.chunk_rtf_too_many", part=shown, limit=MAX_RTF_CHUNKS))
                return None
            self._convert({target: data})
        converted = self._converted[target]
        if converted is None:
            self.warnings.append(say("docx.chunk_rtf_failed", part=shown))
            return None
        return self._document(converted, shown)


def _copy(block: Block) -> Block:
    return Block(text=block.text, index=block.index, start=0, end=0, kind=block.kind, label=block.label,
                 style=block.style, heading_level=block.heading_level,
                 cells=list(block.cells) if block.cells is not None else None)


def _decode_html(data: bytes, shown: str) -> str:
    """An HTML chunk's text: by its byte order mark, else its <meta charset>, else UTF-8, else detected."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace").lstrip("\ufeff")
    declared = _META_CHARSET.search(data[:4096])
    if declared:
        codec = declared.group(1).decode("ascii").lower()
        codec = "gb18030" if codec in ("gb2312", "gbk", "x-gbk", "gb_2312-80") else codec
        try:
            return data.decode(codec, errors="replace")
        except LookupError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        from planparse.read.text import decode_text

        return decode_text(data, shown, limit=MAX_PART_BYTES)[0]


# HTML: elements whose content is not text, elements that end a paragraph, and the list number formats.
_HTML_SKIP = frozenset({"head", "script", "style", "template", "noscript", "object", "embed", "iframe", "svg", "math",
                        "select", "textarea", "title"})
_HTML_BLOCK = frozenset({"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "dt", "dd",
                         "address", "section", "article", "header", "footer", "center", "caption", "figcaption",
                         "main", "nav", "aside", "form", "fieldset", "legend", "table", "tr", "ul", "ol", "dl",
                         "hr", "body", "html", "td", "th", "tbody", "thead", "tfoot", "figure", "details", "summary"})
_OL_FORMATS = {"1": "decimal", "a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman", "I": "upperRoman"}
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")
# A line break in the source between two Chinese characters is no space (CSS Text 3, segment breaks
# between East Asian wide characters); elsewhere white space collapses to one space, as a browser shows it.
_WIDE = r"\u2e80-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
_WIDE_BREAK = re.compile(rf"(?<=[{_WIDE}])[ \t]*[\r\n][ \t\r\n]*(?=[{_WIDE}])")
_BR = "\x00"  # a <br> while text is collected; whitespace around it is dropped, then it becomes "\n"
_html_parsers = threading.local()


def _html_parser() -> etree.HTMLParser:
    parser = getattr(_html_parsers, "parser", None)
    if parser is None:
        # The encoding is given, so a <meta charset> inside cannot switch decoding mid-way; no network, no
        # entities beyond HTML's own, comments and processing instructions dropped.
        parser = _html_parsers.parser = etree.HTMLParser(
            encoding="utf-8", remove_comments=True, remove_pis=True, no_network=True, huge_tree=False,
            remove_blank_text=False, default_doctype=False,
        )
    return parser


def _html_blocks(text: str, shown: str, budget: _Budget) -> list[Block]:
    """HTML's text as blocks: one per paragraph, list item (numbered as a browser numbers it), heading and
    table row. Nothing is fetched and no script runs: only text nodes are read."""
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text.replace("\x00", ""))
    data = text.encode("utf-8", errors="replace")
    tags = data.count(b"<")
    if tags > MAX_PART_TAGS:
        raise InputError(say("docx.too_many_tags", name=shown, part=shown, limit=MAX_PART_TAGS))
    budget.add_tags(tags)
    parser = _html_parser()
    root = etree.fromstring(data, parser) if data.strip() else None
    fatal = [error for error in parser.error_log if error.level_name == "FATAL"]
    if fatal:  # libxml2 stops at a limit (elements nested 256 deep) and keeps what came before: say so
        raise InputError(say("docx.html_unreadable", name=shown, reason=fatal[0].message.splitlines()[0][:120]))
    if root is None:
        return []
    blocks: list[Block] = []
    pieces: list[str] = []
    state = {"label": None, "heading": None, "pre": 0}
    lists: list[list] = []  # [tag, next value, number format] of the open <ol>/<ul>
    rows: list[list[str]] = []  # cells of the open <tr>s (a table inside a cell nests)
    cells: list[list[str]] = []  # lines of the open <td>/<th>s
    header_rows: list[bool] = []  # every cell of the open <tr> is a <th>
    opened: list = []  # elements that pushed a row or a cell, to pop at their end

    def flush() -> None:
        if not pieces:
            return
        line = "".join(pieces)
        pieces.clear()
        if not state["pre"]:
            line = _HTML_SPACE.sub(" ", _WIDE_BREAK.sub("", line))
            line = re.sub(f" ?{_BR} ?", _BR, line).strip(" ")
        line = line.replace(_BR, "\n").strip("\n")
        label = state["label"]
        if not line.strip() and label is None:
            return
        state["label"] = None
        if cells:
            cells[-1].append((label or "") + line)
            return
        budget.add_chars(len(line) + len(label or ""))
        blocks.append(Block(text=line, index=0, start=0, end=0, label=label, heading_level=state["heading"]))

    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        tag = element.tag if isinstance(element.tag, str) else ""
        tag = tag.lower()
        if event == "start":
            if tag in _HTML_SKIP:
                walker.skip_subtree()
                continue
            if tag in _HTML_BLOCK:
                flush()
            if tag == "br":
                pieces.append(_BR)
            elif tag in ("ol", "ul"):
                start = _int(element.get("start"), 1) if tag == "ol" else 1
                lists.append([tag, min(max(start, 0), 32_767), _OL_FORMATS.get(element.get("type") or "1", "decimal")])
            elif tag == "li":
                if lists:
                    current = lists[-1]
                    value = _int(element.get("value"))
                    if value is not None:
                        current[1] = min(max(value, 0), 32_767)
                    state["label"] = "•" if current[0] == "ul" else f"{format_number(current[1], current[2])}."
                    current[1] += 1
            elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                state["heading"] = int(tag[1])
            elif tag == "pre":
                state["pre"] += 1
            elif tag == "tr":
                rows.append([])
                header_rows.append(True)
                opened.append(element)
            elif tag in ("td", "th") and rows:
                cells.append([])
                opened.append(element)
                if tag == "td":
                    header_rows[-1] = False
            if element.text:
                pieces.append(element.text)
            continue
        # end
        if tag in _HTML_BLOCK or tag in _HTML_SKIP:
            flush()
        if tag in ("ol", "ul") and lists:
            lists.pop()
        elif tag == "li":
            state["label"] = None
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            state["heading"] = None
        elif tag == "pre":
            state["pre"] = max(state["pre"] - 1, 0)
        elif opened and opened[-1] is element:
            opened.pop()
            if tag in ("td", "th"):
                rows[-1].append("\n".join(cells.pop()))
            else:  # tr
                row, header = rows.pop(), header_rows.pop()
                if any(c.strip() for c in row):
                    if cells:
                        cells[-1].append("\t".join(row))
                    else:
                        budget.add_chars(sum(len(c) + 1 for c in row))
                        blocks.append(Block(text="\t".join(row), index=0, start=0, end=0, kind="table_row",
                                            style="table_header" if header else None, cells=row))
        if element.tail and tag not in ("html", "body"):
            pieces.append(element.tail)
    flush()
    return blocks


# ---------------------------------------------------------------------------------------------


def _read_package(data: bytes, name: str, budget: _Budget, depth: int = 0) -> tuple[list[Block], list[str]]:
    """The blocks and warnings of one package: the file itself (depth 0) or a .docx embedded in it."""
    package = Package(data, name, budget)
    main_part = package.relationships("").get(OFFICE_DOCUMENT, "word/document.xml")
    document = package.xml(main_part)
    if document is None:
        raise InputError(say("docx.no_main_part", name=name, part=main_part))
    if document.tag != w("document"):
        raise InputError(say("docx.wrong_root", name=name, tag=etree.QName(document).localname))
    rels = package.relationships(main_part)
    styles = StyleSheet(package.xml(rels.get(R_STYLES, "word/styles.xml")))
    numbering = Numbering(package.xml(rels.get(R_NUMBERING, "word/numbering.xml")), styles.numbering_style_num_ids)
    chunks = _Chunks(package, main_part, depth, prefix=f"{name} > " if depth else "")
    reader = _BodyReader(numbering, styles, name, budget, chunks)
    body = document.find(w("body"))
    if body is not None:
        chunks.prepare(body)
        reader.body(body)
    if reader._carry:
        reader._add("".join(reader._carry))
    return reader.blocks, numbering.warnings + reader.warnings + chunks.warnings


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
    blocks, warnings = _read_package(data, name, _Budget(name))
    # Offsets: blocks joined by "\n", so each block's span indexes RawDocument.text.
    position = 0
    texts = []
    for index, block in enumerate(blocks):
        block.index = index
        block.start, block.end = position, position + len(block.text)
        position = block.end + 1
        texts.append(block.text)
    return RawDocument(text="\n".join(texts), blocks=blocks, source=name, format="docx", warnings=warnings)
