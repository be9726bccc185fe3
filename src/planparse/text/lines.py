"""Plan metadata: separators between plans, titles, year, organization and the signature block."""

from __future__ import annotations

import re

from planparse.text.normalize import simplified_in_place
from planparse.text.numerals import chinese_to_int

_PLAN_WORD = r"(?:工作计划|工作要点|工作安排|工作思路|活动方案|实施方案|工作方案|计划|要点|方案|安排)"
_ORDINAL = r"[一二三四五六七八九十\d０-９]{1,3}"
SEPARATOR = re.compile(
    rf"^(?:"
    rf"【\s*(?:第\s*{_ORDINAL}\s*篇|篇\s*{_ORDINAL})\s*】"
    rf"|[(（]\s*篇\s*{_ORDINAL}\s*[)）]"
    rf"|第\s*{_ORDINAL}\s*篇"
    rf"|篇\s*{_ORDINAL}"
    rf"|.{{0,40}}?{_PLAN_WORD}\s*(?:[(（]\s*)?(?:(?<![\d年])\d{{1,2}})(?:\s*[)）])?"
    # a title with a word after the plan word ("…工作计划范本 篇1"): the 篇 label itself must be there
    rf"|.{{0,40}}?{_PLAN_WORD}[^。，；,;]{{0,6}}?\s*(?:[(（]\s*)?(?:篇\s*{_ORDINAL}|【篇\s*{_ORDINAL}】|第{_ORDINAL}篇)(?:\s*[)）])?"
    rf"|.{{0,40}}?[(（【]\s*(?:篇\s*{_ORDINAL}|第\s*{_ORDINAL}\s*篇)\s*[)）】]"
    rf")\s*[:：]?\s*$"
)
# A separator label followed by the plan's title on the same line: "【篇1】机关工会工作计划".
SEPARATOR_WITH_TITLE = re.compile(
    rf"^(?P<label>【\s*(?:第\s*{_ORDINAL}\s*篇|篇\s*{_ORDINAL})\s*】|第\s*{_ORDINAL}\s*篇\s*[:：]?|[(（]\s*篇\s*{_ORDINAL}\s*[)）]\s*[:：]?)"
    rf"\s*(?P<title>[^。；;，,！!？?]{{2,48}})$"
)
_SEPARATOR_LABEL = re.compile(rf"(篇\s*{_ORDINAL}|第\s*{_ORDINAL}\s*篇|(?<![\d年])\d{{1,2}})\s*[)）】]?\s*[:：]?\s*$")

_CLAUSE_PUNCTUATION = re.compile(r"[。；;，,！!？?]")
TITLE = re.compile(rf"{_PLAN_WORD}|安排表|规划|打算|意见|通知|总结")
_YEAR = re.compile(r"(?<![\d０-９])((?:19|20)[0-9]{2})\s*(?:年|学年|年度)?")
_CN_YEAR = re.compile(r"([二〇一二三四五六七八九零○]{4})年")
_DATE = re.compile(
    r"^(?:(?:19|20)[0-9]{2}|[二〇○零一二三四五六七八九]{4}|20[0-9xX×_＿*]{2}|[xX×_＿*]{2,4})\s*年"
    r"(?:\s*[0-9一二三四五六七八九十xX×_＿*]{1,3}\s*月(?:\s*[0-9一二三四五六七八九十xX×_＿*]{1,3}\s*日)?)?\s*$"
)
_ORG_SUFFIX = (
    r"(?:总工会|工会委员会|工会联合会|工会工作委员会|女职工委员会|工会|委员会|联合会|公司|集团|学校|中学|小学|"
    r"大学|学院|医院|卫生院|街道|社区|办公室|局|厅|委|中心|协会)"
)
_ORG_IN_TITLE = re.compile(rf"^(.{{1,40}}?{_ORG_SUFFIX})(?=\s*(?:(?:19|20)[0-9xX]{{2}}|[（(]|{_PLAN_WORD}|关于|年度|$))")
_LEADING_YEAR = re.compile(r"^(?:(?:19|20)[0-9xX]{2}|[二〇○零一二三四五六七八九]{4})\s*(?:年度|学年|年)?")
_ORG_LINE = re.compile(rf"^[^，。；：,;:！？!?]{{2,40}}{_ORG_SUFFIX}$")


def is_separator(text: str) -> bool:
    text = simplified_in_place(text)
    return len(text) <= 60 and (SEPARATOR.match(text) is not None or SEPARATOR_WITH_TITLE.match(text) is not None)


def separator_title(text: str) -> str:
    """The plan title written on the separator's line, without the label ("" when the line is only a label)."""
    m = SEPARATOR_WITH_TITLE.match(simplified_in_place(text))
    return text[m.start("title") :].strip() if m else ""


def separator_label(text: str) -> str:
    m = _SEPARATOR_LABEL.search(text)
    if not m:
        return text.strip("【】()（）:： ")
    return re.sub(r"\s+", "", m.group(1))


def is_title_like(text: str) -> bool:
    """A short line naming a plan: no sentence punctuation at the end, and a plan word in it."""
    if len(text) > 60 or text[-1:] in "。；;，,！!？?" or _CLAUSE_PUNCTUATION.search(text):
        return False  # a title is one phrase: a comma or full stop inside makes it a sentence
    return TITLE.search(simplified_in_place(text)) is not None


def year_of(text: str) -> int | None:
    m = _YEAR.search(text)
    if m:
        return int(m.group(1))
    m = _CN_YEAR.search(text)
    if m:
        value = chinese_to_int(m.group(1))
        if value and 1900 < value < 2200:
            return value
    return None


def organization_from_title(title: str) -> str | None:
    title = title.strip()
    lead = _LEADING_YEAR.match(title)
    title = title[lead.end() :] if lead else title
    m = _ORG_IN_TITLE.match(simplified_in_place(title))
    if not m:
        return None
    org = title[: m.end(1)]
    # "企业工会工作计划" names a kind of union, not an issuing body.
    if simplified_in_place(org) in {"企业工会", "学校工会", "工会", "医院工会", "机关工会", "社区工会", "街道工会", "公司工会", "女职工委员会"}:
        return None
    return org


def is_date_line(text: str) -> bool:
    return _DATE.match(text.strip()) is not None


def is_signature_line(text: str) -> bool:
    t = simplified_in_place(text.strip())
    return is_date_line(t) or (len(t) <= 30 and _ORG_LINE.match(t) is not None)


# Paragraphs that open a plan's or report's closing after its last measure.
_CLOSING_OPENER = re.compile(r"(?:总之|综上所述|综上|总而言之|新的一年|展望未来|让我们|各位代表|同志们|朋友们)")


def is_closing_opener(text: str) -> bool:
    return _CLOSING_OPENER.match(simplified_in_place(text.lstrip()[:8])) is not None
