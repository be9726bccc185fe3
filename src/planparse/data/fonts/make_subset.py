"""Rebuild PlanparseSansSC-Regular.otf, the chart font, from Noto Sans CJK SC Regular (SIL OFL 1.1).

    apt-get install fonts-noto-cjk          # Noto Sans CJK 2.004, as NotoSansCJK-Regular.ttc
    python src/planparse/data/fonts/make_subset.py /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc

(From fonts-noto-cjk 1:20220127+repack1-1, whose .ttc has sha256 b76b0433…, the result has sha256 dce2ccfb….)

Keeps GB 2312 (6,763 hanzi and its symbols), Big5's 5,401 common hanzi, the traditional forms OpenCC
gives GB 2312's hanzi, ASCII, Latin-1, general and CJK punctuation, full-width forms and a few symbol
blocks plan documents use: 2.8 MB instead of 16 MB for the whole face. It keeps the layout features of
a horizontal line (kerning, ligatures), not the regional and vertical variants.
The family is renamed, as the OFL FAQ advises for a modified font, so it is never taken for Noto Sans
CJK SC (and matplotlib resolves the name to this file alone); the copyright, licence and trademark
records are kept. Needs fontTools (a matplotlib dependency) and opencc (a planparse one).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

FAMILY = "Planparse Sans SC"
POSTSCRIPT = "PlanparseSansSC-Regular"
SOURCE_FAMILY = "Noto Sans CJK SC"
BLOCKS = [(0x20, 0x7E), (0xA0, 0x17F), (0x2010, 0x206F), (0x2100, 0x21FF), (0x2460, 0x24FF),
          (0x2500, 0x25FF), (0x2600, 0x26FF), (0x3000, 0x303F), (0xFF01, 0xFF5E), (0xFFE0, 0xFFE6)]


def charset(codec: str, first: bytes, last: bytes) -> set[str]:
    """The characters of a two-byte national character set, from its first to its last code."""
    chars = set()
    for high in range(first[0], last[0] + 1):
        for low in range(0x40, 0xFF):
            code = bytes([high, low])
            if first <= code <= last:
                try:
                    chars.add(code.decode(codec))
                except UnicodeDecodeError:
                    pass
    return chars


def hanzi() -> set[str]:
    """GB 2312, Big5's common characters and the traditional forms OpenCC gives GB 2312's hanzi.

    planparse reads traditional-script plans as they are written, so their organization names reach
    the chart in traditional characters (城南實驗中學工會): GB 2312 alone would draw them as boxes.
    """
    import opencc

    simplified = charset("gb2312", b"\xa1\xa1", b"\xf7\xfe")
    traditional = charset("big5", b"\xa4\x40", b"\xc6\x7e")
    for config in ("s2t", "s2tw", "s2hk"):
        converter = opencc.OpenCC(config)
        traditional |= {converter.convert(c) for c in simplified if "\u4e00" <= c <= "\u9fff"}
    return simplified | traditional


def source_face(path: str) -> TTFont:
    if path.lower().endswith(".ttc"):
        for face in TTCollection(path).fonts:
            if face["name"].getDebugName(1) == SOURCE_FAMILY:
                return face
        raise SystemExit(f"{path}: no {SOURCE_FAMILY} face")
    return TTFont(path)


def main(source: str, out: str = str(Path(__file__).with_name("PlanparseSansSC-Regular.otf"))) -> None:
    font = source_face(source)
    version = font["name"].getDebugName(5).split(";")[0]
    chars = hanzi() | {chr(c) for lo, hi in BLOCKS for c in range(lo, hi + 1)}
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.layout_features = ["ccmp", "liga", "calt", "kern", "mark", "mkmk"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(ord(c) for c in chars))
    subsetter.subset(font)
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 3, 4, 6, 16, 17, 21, 22):
            names.removeNames(nameID=record.nameID)
    for name_id, text in ((1, FAMILY), (2, "Regular"), (3, f"{version};{POSTSCRIPT}"), (4, FAMILY),
                          (5, f"{version}; subset of {SOURCE_FAMILY} for planparse"), (6, POSTSCRIPT)):
        names.setName(text, name_id, 3, 1, 0x409)
        names.setName(text, name_id, 1, 0, 0)
    font["CFF "].cff.fontNames = [POSTSCRIPT]
    top = font["CFF "].cff.topDictIndex[0]
    for key, value in (("FullName", FAMILY), ("FamilyName", FAMILY)):
        if hasattr(top, key):
            setattr(top, key, value)
    font.recalcTimestamp = False  # the same input gives the same bytes
    font.save(out)
    print(f"{out}: {len(chars)} characters asked, {len(font.getGlyphOrder())} glyphs, {Path(out).stat().st_size} bytes")


if __name__ == "__main__":
    main(*sys.argv[1:])
