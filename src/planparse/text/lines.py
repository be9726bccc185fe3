"""Plan metadata: separators between plans, titles, year, organization and the signature block."""

from __future__ import annotations

import re

from planparse.text.lexicon import alternation, char_class, class_body, lexicon
from planparse.text.normalize import simplified_in_place
from planparse.text.numerals import chinese_to_int

# The words and punctuation below come from data/lexicon.toml; every pattern is built once, here.
_LEX = lexicon()
_PLAN_WORD = alternation(_LEX.plan.document_words)  # 工作计划, 活动方案 …, longest first
_ORDINAL = rf"[{class_body('numerals.one_to_ten')}\d０-９]{{1,3}}"
_PIECE = alternation(_LEX.plan.piece_words)  # 篇, 范文: the word before a plan's number on a page of several
# A title or a separator's title is one phrase: these split sentences and clauses.
_NOT_CLAUSE = char_class("sentence_break", "comma", negate=True)
SEPARATOR = re.compile(
    rf"^(?:"
    rf"【\s*(?:第\s*{_ORDINAL}\s*篇|{_PIECE}\s*{_ORDINAL})\s*】"
    rf"|[(（]\s*{_PIECE}\s*{_ORDINAL}\s*[)）]"
    rf"|第\s*{_ORDINAL}\s*篇"
    rf"|{_PIECE}\s*{_ORDINAL}"
    rf"|.{{0,40}}?{_PLAN_WORD}\s*(?:[(（]\s*)?(?:(?<![\d年])\d{{1,2}})(?:\s*[)）])?"
    # a title with a word after the plan word ("…工作计划范本 篇1"): the 篇 label itself must be there
    rf"|.{{0,40}}?{_PLAN_WORD}{_NOT_CLAUSE}{{0,6}}?\s*(?:[(（]\s*)?(?:{_PIECE}\s*{_ORDINAL}|【{_PIECE}\s*{_ORDINAL}】|第{_ORDINAL}篇)(?:\s*[)）])?"
    rf"|.{{0,40}}?[(（【]\s*(?:{_PIECE}\s*{_ORDINAL}|第\s*{_ORDINAL}\s*篇)\s*[)）】]"
    rf")\s*[:：]?\s*$"
)
# A separator label followed by the plan's title on the same line: "【篇1】机关工会工作计划".
SEPARATOR_WITH_TITLE = re.compile(
    rf"^(?P<label>【\s*(?:第\s*{_ORDINAL}\s*篇|{_PIECE}\s*{_ORDINAL})\s*】|第\s*{_ORDINAL}\s*篇\s*[:：]?|[(（]\s*{_PIECE}\s*{_ORDINAL}\s*[)）]\s*[:：]?)"
    rf"\s*(?P<title>{_NOT_CLAUSE}{{2,48}})$"
)
# 篇一：…工作计划 / 范文2：… / 方案一：…工作计划（详细版）: a label and a colon, then a title that names a plan
# (checked with TITLE: the label alone does not make a separator of 方案一：由工会统一组织).
_LABEL_COLON_TITLE = re.compile(
    rf"^(?P<label>(?:{_PIECE}|{alternation(_LEX.plan.option_words)})\s*{_ORDINAL}\s*[:：])\s*(?P<title>{_NOT_CLAUSE}{{2,48}})$"
)
_SEPARATOR_LABEL = re.compile(rf"({_PIECE}\s*{_ORDINAL}|第\s*{_ORDINAL}\s*篇|(?<![\d年])\d{{1,2}})\s*[)）】]?\s*[:：]?\s*$")

_CLAUSE_PUNCTUATION = re.compile(char_class("sentence_break", "comma"))
TITLE = re.compile(rf"{_PLAN_WORD}|{alternation(_LEX.plan.title_words)}")
_YEAR_SUFFIX = alternation(_LEX.years.year_suffixes)  # 年度, 学年, 年
_YEAR_DIGITS = char_class("numerals.year_digits")  # 二〇二五年
_YEAR = re.compile(rf"(?<![\d０-９])((?:19|20)[0-9]{{2}})\s*{_YEAR_SUFFIX}?")
_CN_YEAR = re.compile(rf"({_YEAR_DIGITS}{{4}})年")
_DATE_BLANK = class_body("placeholders.characters")  # a template's blank digits in a date (20xx年x月x日)
_DATE_NUMBER = f"[0-9{class_body('numerals.one_to_ten')}{_DATE_BLANK}]"
_DATE = re.compile(
    rf"^(?:(?:19|20)[0-9]{{2}}|{_YEAR_DIGITS}{{4}}|20[0-9{_DATE_BLANK}]{{2}}|[{_DATE_BLANK}]{{2,4}})\s*年"
    rf"(?:\s*{_DATE_NUMBER}{{1,3}}\s*月(?:\s*{_DATE_NUMBER}{{1,3}}\s*日)?)?\s*$"
)
_ORGS = _LEX.organizations
_ORG_SUFFIX = alternation(_ORGS.suffixes)  # …总工会, …中学, …街道; the most specific first
# (a Minguo year, 114年度, follows the body's name in Taiwan's titles)
_ORG_IN_TITLE = re.compile(
    rf"^(.{{1,40}}?{_ORG_SUFFIX})(?=\s*(?:(?:19|20)[0-9xX]{{2}}|1[0-4][0-9]\s*学?年|[（(]|{_PLAN_WORD}|工作(?:{alternation(_LEX.plan.title_words)})|{alternation(_ORGS.after_in_title)}|$))"
)
# …医院 2026年 工会工作要点: the year, then the union that issues the plan
_UNION_AFTER_YEAR = re.compile(rf"\s*(?:(?:19|20)[0-9xX]{{2}}|{_YEAR_DIGITS}{{4}})\s*{_YEAR_SUFFIX}?\s*({alternation(_ORGS.union_after_year)})")
_LEADING_YEAR = re.compile(rf"^(?:(?:19|20)[0-9xX]{{2}}|{_YEAR_DIGITS}{{4}})\s*{_YEAR_SUFFIX}?")
# 院工会, 校工会: one character before the suffix; a name of three characters or more may stand alone (图书馆, 总工会)
_ORG_LINE = re.compile(rf"^(?:{char_class('clause_end', 'comma', negate=True)}{{1,40}}{_ORG_SUFFIX}"
                       rf"|{alternation([s for s in _ORGS.suffixes if len(s) >= 3])})$")
# "企业工会工作计划" names a kind of union, not an issuing body.
_GENERIC_ORGS = frozenset(_ORGS.generic_names)
_PLACEHOLDER_ORG = re.compile(rf"^(?:{alternation(_ORGS.placeholder_names)}|[{_DATE_BLANK}])")


# 篇1—篇3, 范文一至三: a page's collection title names a range of pieces; it separates nothing
_PIECE_RANGE = re.compile(rf"{_PIECE}\s*{_ORDINAL}\s*{char_class('schedule.range_marks')}\s*(?:{_PIECE})?\s*{_ORDINAL}")


def is_separator(text: str) -> bool:
    if len(text) > 60:  # checked before the conversion, which keeps the length
        return False
    text = simplified_in_place(text)
    if _PIECE_RANGE.search(text):
        return False
    return (SEPARATOR.match(text) is not None or SEPARATOR_WITH_TITLE.match(text) is not None
            or _labelled_title(text) is not None)


def _labelled_title(text: str) -> re.Match | None:
    m = _LABEL_COLON_TITLE.match(text)
    return m if m is not None and TITLE.search(m.group("title")) is not None else None


def separator_title(text: str) -> str:
    """The plan title written on the separator's line, without the label ("" when the line is only a label)."""
    simple = simplified_in_place(text)
    m = SEPARATOR_WITH_TITLE.match(simple) or _labelled_title(simple)
    return text[m.start("title") :].strip() if m else ""


_LABEL_STRIP = _LEX.punctuation.marker + " "  # the brackets and colon around a label (【篇1】, （篇二）：)


def separator_label(text: str) -> str:
    m = _SEPARATOR_LABEL.search(text)
    if not m:
        return text.strip(_LABEL_STRIP)
    return re.sub(r"\s+", "", m.group(1))


def is_title_like(text: str) -> bool:
    """A short line naming a plan: no sentence punctuation at the end, and a plan word in it."""
    if len(text) > 60 or _CLAUSE_PUNCTUATION.search(text):
        return False  # a title is one phrase: a comma or full stop inside makes it a sentence
    return TITLE.search(simplified_in_place(text)) is not None


_ORG_WORD = re.compile(_ORG_SUFFIX)


_TITLE_TAIL = re.compile(rf"(?:{_PLAN_WORD}|{alternation(_LEX.plan.title_words)})(?:[（(][^）)]{{1,10}}[）)])?")


def is_title_tail(text: str) -> bool:
    """A line that is only a title's last word (实施方案, 工作计划（草案）): the rest of a title wrapped above it."""
    return _TITLE_TAIL.fullmatch(simplified_in_place(text.strip())) is not None


def names_body(text: str) -> bool:
    """The text names a body: it holds a word that ends a body's name (…总工会, …医院, …公司, …局)."""
    return _ORG_WORD.search(simplified_in_place(text)) is not None


def is_headline(text: str) -> bool:
    """A news page's headline over a plan: one short phrase naming a body and a year, without a plan word
    (青林镇总工会部署2024年重点工作)."""
    if len(text) > 40 or _CLAUSE_PUNCTUATION.search(text):
        return False
    return year_of(text) is not None and _ORG_WORD.search(simplified_in_place(text)) is not None


_REPORT_VERB = re.compile(alternation(_LEX.plan.report_verbs))


def reports_act(text: str) -> bool:
    """A headline that reports an act on a plan (…总工会印发2025年工作要点…, …部署…): a verb of report_verbs
    before the line's first plan word."""
    text = simplified_in_place(text)
    verb, word = _REPORT_VERB.search(text), TITLE.search(text)
    return verb is not None and (word is None or verb.start() < word.start())


# Full-width digits read as digits (２０２５年): a same-length translation, so positions hold.
_WIDE_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


_FULL_DATE = re.compile(r"((?:19|20)[0-9]{2})\s*年\s*[0-9]{1,2}\s*月\s*[0-9]{1,2}\s*[日号]")


_DATE_AT_END = re.compile(_FULL_DATE.pattern + "$")


def ends_on_date(text: str) -> bool:
    """The text ends on a full date (…信息。某公司工会2025年9月28日): a finished line."""
    # Only the tail is searched (a date is short): a line that joins grows with every join and is asked each time.
    return _DATE_AT_END.search(text, max(0, len(text) - DATE_TAIL)) is not None


DATE_TAIL = 40  # characters at a text's end that hold a full date (二〇二五年十二月三十一日 and spaces)


def date_year_of(text: str) -> int | None:
    """The year of the first full date (2026年1月17日) in ``text``: an event's day pins its year, where a year
    alone (到2020年, 2023年工作回顾) may name any other."""
    m = _FULL_DATE.search(text.translate(_WIDE_DIGITS))
    return int(m.group(1)) if m else None


_PLAN_WORD_AT = re.compile(_PLAN_WORD)
_YEAR_RANGE = re.compile(rf"\s*{char_class('schedule.range_marks')}?\s*")


def plan_year_of(title: str) -> int | None:
    """The year a title dates its plan by: with two years (2024年工作总结和2025年工作计划), the last one before
    the plan word; else the title's year."""
    wide = title.translate(_WIDE_DIGITS)
    years = list(_YEAR.finditer(wide))
    if len(years) < 2 or _YEAR_RANGE.fullmatch(wide, years[0].end(), years[1].start()):
        return year_of(title)  # one year, or a span (2024—2025学年): its first year
    word = _PLAN_WORD_AT.search(simplified_in_place(wide))
    before = [m for m in years if word is None or m.start() < word.start()]
    return int((before or years)[-1].group(1))


def year_of(text: str) -> int | None:
    text = text.translate(_WIDE_DIGITS)
    m = _YEAR.search(text)
    if m:
        return int(m.group(1))
    m = _CN_YEAR.search(text)
    if m:
        value = chinese_to_int(m.group(1))
        if value and 1900 < value < 2200:
            return value
    return None


_COLUMN_TAG = re.compile(r"^[【\[][^】\]\n]{1,8}[】\]]\s*")  # 【工会动态】 before a post's title: the site's column


_NOTICE_OF = re.compile(rf"^关于(?:{alternation(_LEX.plan.report_verbs)})[《“「]")


def organization_from_title(title: str) -> str | None:
    title = _COLUMN_TAG.sub("", title.strip())
    title = _NOTICE_OF.sub("", title)  # 关于印发《梧岭区总工会2025年工作要点》的通知 names the body inside the quotes
    lead = _LEADING_YEAR.match(title)
    title = title[lead.end() :] if lead else title
    m = _ORG_IN_TITLE.match(simplified_in_place(title))
    if not m:
        return None
    org = title[: m.end(1)]
    if simplified_in_place(org) in _GENERIC_ORGS or _PLACEHOLDER_ORG.match(org):
        return None
    union = _UNION_AFTER_YEAR.match(simplified_in_place(title), m.end(1))
    if union and not org.endswith(union.group(1)):
        org += title[union.start(1) : union.end(1)]
    return org


def is_date_line(text: str) -> bool:
    return _DATE.match(text.strip()) is not None


# A signature glued to the end of the last paragraph of a page that lost its newlines: "…杜绝铺张浪费。院工会
# 2025年8月8日" (after a sentence's end: the body's name, then a date, then nothing).
_SIGNATURE_TAIL = re.compile(
    rf"(?<={char_class('sentence_end')})\s*({char_class('clause_end', 'comma', 'colon', negate=True)}{{1,30}}?{_ORG_SUFFIX})"
    rf"\s*((?:(?:19|20)[0-9]{{2}}|{_YEAR_DIGITS}{{4}}|20[{_DATE_BLANK}0-9]{{2}})\s*年\s*{_DATE_NUMBER}{{1,3}}\s*月"
    rf"(?:\s*{_DATE_NUMBER}{{1,3}}\s*日)?)\s*$"
)


def signature_tail(text: str) -> tuple[int, int] | None:
    """Where a signature glued to the end of ``text`` starts, and where its date starts; None without one."""
    m = _SIGNATURE_TAIL.search(simplified_in_place(text), max(0, len(text) - 80))
    return (m.start(1), m.start(2)) if m else None


def is_signature_line(text: str) -> bool:
    t = text.strip()
    if len(t) > 30:
        return False  # a body's name or a date is short (checked before the script conversion, which costs)
    t = simplified_in_place(t)
    return is_date_line(t) or (len(t) <= 30 and _ORG_LINE.match(t) is not None)


# Paragraphs that open a plan's or report's closing after its last measure (总之, 新的一年, 各位代表 …).
_CLOSING_OPENER = re.compile(alternation(_LEX.closing.openers + _LEX.closing.address_words))


_ATTACHMENT = re.compile(rf"(?:{alternation(_LEX.closing.attachment_labels)})\s*(?:{_ORDINAL})?\s*[:：]")


def is_attachment_line(text: str) -> bool:
    """附件：2025年活动经费预算表 / 附件2: … / 附表：…: a line naming what is attached to the plan."""
    return _ATTACHMENT.match(text.lstrip()) is not None


def is_closing_opener(text: str) -> bool:
    return _CLOSING_OPENER.match(simplified_in_place(text.lstrip()[:8])) is not None
