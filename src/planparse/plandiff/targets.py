"""Numeric targets in plan text ("城镇新增就业1200万人", "举办十二场技能比赛", "95%") and how they changed.

A target is a quantity with a unit, tied to what it measures:

- the quantity: a number (digits, a decimal, Chinese numerals, 百分之…), an optional magnitude (万, 亿, 万亿) and a
  unit (名, 人次, 元, 斤, %, 个百分点 …; data/lexicon.toml [units] and [quantities]), read whole: "126万亿元" is
  126 × 10^12 元, so 9800亿元 and 1.3万亿元 compare in one scale;
- its indicator, the noun phrase it measures (data/lexicon.toml [indicators]): the phrase before the number, its
  linking words dropped (城镇新增就业1200万人 → 城镇新增就业; 粮食产量达到1.4万亿斤 → 粮食产量; a change verb stays:
  国内生产总值增长5% → 国内生产总值增长), or the noun after a count (举办十二场技能比赛 → 技能比赛, action 举办), or,
  when the clause names nothing (…达到134.9万亿元、增长5%), the subject of the target or clause before. A quantity
  tied to nothing is not a target; each Target says what it measures and why it was taken (``Target.why``).

Not targets either: ordinals and dates (第二次, 三届二次, 2025年); a bare 一 before a unit (一批, 一个, 一支, 最后一公里)
unless a number context makes it a count (another count of that unit in the clause, or a rate: 每季度举办一次); a
count that opens a name (“两个确立”, 中央八项规定); a unit running on into another word (75周年, 一次性).

Targets of an old and a new text are paired by indicator and base unit (city jobs with city jobs, not by position):
the same indicator first, then one indicator ending the other (新增就业 / 城镇新增就业: the head noun is the same),
then a shared head of two or more words whose modifiers read one inside the other (数控车工、钳工技能比武 /
数控车工、钳工、电工技能比武: 技能比武, then the indicator reported; not 高技术制造业增加值 / 装备制造业增加值); what
stays unpaired was dropped or added. Values compare exactly (decimal.Decimal on the digits as written), so a
change reads 8.9, never 8.900000000000006.

Linear in the text: one regex pass; each match's indicator is read from windows of at most ``WINDOW`` characters
around it, with word lists looked up by suffix and prefix length (a handful of set look-ups, not a scan per word).

The word-level alignment (``token_opcodes``, behind the inline diff) is a bit-parallel LCS of the words
(rapidfuzz) with stranded equal runs dissolved, up to ``LCS_CELLS``; beyond, a shared head and tail with one
replaced middle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal, InvalidOperation
from itertools import accumulate, chain, count

from rapidfuzz.distance import Indel

from planparse.text.gate import Scanner
from planparse.text.lexicon import alternation, char_class, char_set, class_body, lexicon
from planparse.text.numerals import DIGITS, UNITS as NUMERAL_UNITS, chinese_to_int

_LEX = lexicon()
_QUANTITIES = _LEX.quantities
_WORDS = _LEX.indicators

# The measure words (data/lexicon.toml [units]); dedup's number masking reads the same tuple.
MEASURE_WORDS = _LEX.units.measure_words
# Longest first so 人次 wins over 人 and 万元 over 元. Units are what plans count targets in.
UNITS = sorted(MEASURE_WORDS, key=len, reverse=True)
# Powers of ten of the magnitudes that may stand between a number and its unit (万 4, 亿 8, 万亿 12).
MAGNITUDES = dict(_QUANTITIES.magnitudes)
_APPROX = _LEX.units.approx


def _whole(word: str) -> bool:
    """A unit of its own, not a magnitude or an approximation in front of one (万元 is 万 + 元, 余人 is 余 + 人)."""
    return not any(word.startswith(prefix) for prefix in (*MAGNITUDES, *_APPROX))


# Every unit a target may end in, longest first (个百分点 before 个, 千瓦时 before 千瓦).
TARGET_UNITS = sorted({w for w in (*MEASURE_WORDS, *_QUANTITIES.units) if _whole(w)}, key=len, reverse=True)


def _unit_pattern(unit: str) -> str:
    """The unit, unless it runs on into a longer word (周 but not 周年)."""
    tails = [w[len(unit):] for w in _QUANTITIES.not_units if w.startswith(unit) and len(w) > len(unit)]
    return re.escape(unit) + (f"(?!{alternation(tails)})" if tails else "")


_CN = class_body("numerals.quantity")
_DECIMAL = rf"\d+(?:{char_class('decimal_point')}\d+)?"
_NUMBER = rf"(?P<num>{_DECIMAL}|[{_CN}]+)"
_UNIT = "(?P<unit>" + "|".join(_unit_pattern(u) for u in TARGET_UNITS) + ")"
_MAGNITUDE = f"(?P<mag>{alternation(MAGNITUDES, longest_first=True)})"
_APPROX_RE = alternation(_APPROX)
TARGET_RE = re.compile(rf"(?P<pct>百分之)?{_NUMBER}(?P<approx>{_APPROX_RE})?{_MAGNITUDE}?(?:{_APPROX_RE})?{_UNIT}?")
# The same matches as TARGET_RE.finditer, tried only where a number (or 百分之) starts: the pattern opens with an
# optional group, so re itself would try it at every position (3x the time on the report year pairs).
_TARGET_SCAN = Scanner(TARGET_RE)
# What alignment masks so that 20名 and 30名 read alike: any number in digits, and a Chinese numeral
# when a measure word follows (alone, 一 and 十 are ordinary characters: 统一, 十分). That is
# ``{_DECIMAL}|[{_CN}]+(?=unit)``, written to open with one character class (the first digit or numeral, the
# branch then picked by a lookbehind) so that re skips in C to where a number starts instead of trying both
# branches at every position: the same matches at 2.5x the speed on the report year pairs (tested).
QUANTITY_RE = re.compile(rf"[\d{_CN}](?:(?<=\d)\d*(?:{char_class('decimal_point')}\d+)?|(?<=[{_CN}])[{_CN}]*"
                         rf"(?=(?P<unit>{'|'.join(re.escape(u) for u in UNITS)})))")
# Ordinals and dates are numbers but not targets: 第二次, 三届二次, 2025年, 一是.
_ORDINAL_BEFORE = frozenset(_LEX.units.ordinal_before)
# A Chinese numeral starts with a digit or 十 (十二, 两百, 三千): 千万家 and 百万 alone are figures of speech.
_NUMERAL_START = frozenset(DIGITS) | {ch for ch, value in NUMERAL_UNITS.items() if value == 10}
_ARTICLES = frozenset(_QUANTITIES.article_numerals)
_NAME_OPENERS = frozenset(_QUANTITIES.name_openers)
_PERCENT = char_set("units.after_digit_marker") & {"%", "％"}

# How far an indicator is looked for on each side of a quantity, in characters (keeps extraction linear).
WINDOW = 20
RIGHT_WINDOW = 12
# Characters two indicators must share at their end for equal values to count as one unchanged target.
SAME_VALUE_TAIL = 3
# Marks an indicator cut at WINDOW (no clause start within reach): "…城市细颗粒物（PM2.5）平均浓度下降".
CUT = "…"
# A clause ends at these (、 too: 增长8.9%、7.7% are two targets); the subject carries over within a sentence only.
_CLAUSE = char_set("clause_end", "comma", "list_comma") | {"\n", "\r"}
_CLAUSE_NOT_LIST = _CLAUSE - char_set("list_comma")
_SENTENCE = char_set("sentence_break") | {"\n", "\r"}
# Quote marks are no part of an indicator (评选“金点子”十条 measures 金点子); brackets stay (细颗粒物（PM2.5）).
_QUOTE_CLOSERS = {pair.split()[1][0] for pair in _LEX.punctuation.bracket_pairs if pair[0] in _NAME_OPENERS}
_QUOTES = str.maketrans("", "", "".join(_NAME_OPENERS | _QUOTE_CLOSERS) + "’\"'")


class _Words:
    """A word list looked up at a string's end or start by length: one set look-up per distinct length."""

    def __init__(self, words) -> None:
        self.words = frozenset(words)
        self.lengths = sorted({len(w) for w in self.words}, reverse=True)
        self.by_first: dict[str, list[str]] = {}
        for word in sorted(self.words, key=len, reverse=True):
            self.by_first.setdefault(word[0], []).append(word)

    def suffix(self, text: str) -> str:
        for n in self.lengths:
            if n <= len(text) and text[-n:] in self.words:
                return text[-n:]
        return ""

    def prefix(self, text: str) -> str:
        for n in self.lengths:
            if n <= len(text) and text[:n] in self.words:
                return text[:n]
        return ""

    def at(self, text: str, k: int) -> str:
        for word in self.by_first.get(text[k], ()):
            if text.startswith(word, k):
                return word
        return ""


_LINKERS = _Words(_WORDS.linkers)
_CHANGES = _Words(_WORDS.changes)
_OPENERS = _Words(_WORDS.openers)
_ACTIONS = _Words(_WORDS.actions)
_COMPARISONS = _Words(_WORDS.comparisons)
_AFTER_VALUE = _Words(_WORDS.after_value)
_CONNECTORS = _Words(_WORDS.connectors)
_RATE = _Words(_QUANTITIES.rate_words)


@dataclass(frozen=True)
class Target:
    text: str  # as it reads, e.g. "十二名", "126万亿元"
    value: float  # the number as written (126.0), without its magnitude
    unit: str  # the unit as written, magnitude included: "名", "万亿元", "%"
    start: int
    end: int
    indicator: str = ""  # what it measures: "城镇新增就业", "国内生产总值增长", "技能比赛"
    action: str = ""  # the verb that sets it, when one is named: "举办", "新建"
    basis: str = ""  # why it was taken: "before", "after", "carried" or "action" (see ``why``)
    number: str = ""  # the digits as written ("134.9") or the numeral's value ("12"), for exact arithmetic
    magnitude: str = ""  # "万亿", "亿", "万" or ""

    @property
    def base(self) -> str:
        """The unit without its magnitude (元 of 万亿元): targets compare only within one base unit."""
        return self.unit[len(self.magnitude):] if self.unit != self.magnitude else self.unit

    @property
    def amount(self) -> Decimal:
        """The exact value in the base unit (126万亿元 → 126 × 10^12)."""
        return Decimal(self.number or repr(self.value)).scaleb(MAGNITUDES.get(self.magnitude, 0) if self.base != self.unit else 0)

    def why(self) -> str:
        """Why this is a target and what it measures, in one line."""
        how = {
            "before": "the phrase before the quantity",
            "after": "the noun after the count",
            "carried": "the subject of the clause before (this clause names none)",
            "action": "the action that sets it (no noun is named)",
        }.get(self.basis, "")
        action = f"; action {self.action}" if self.action and self.basis != "action" else ""
        return f"{self.text}: a quantity in {self.unit} measuring {self.indicator} ({how}{action})"


def _number(number: str) -> str | None:
    """The number as an exact decimal string (digits as written; Chinese numerals through their value)."""
    if number[0].isdigit():
        number = number.replace("．", ".")
        try:
            return str(Decimal(number))
        except InvalidOperation:
            return None
    value = chinese_to_int(number)
    return None if value is None else str(value)


def _phrase(text: str) -> tuple[str, str, str]:
    """(subject, change, action) of the words before a number: 国内生产总值达到 → (国内生产总值, "", "")."""
    text = text.translate(_QUOTES).strip()
    change = ""
    while text:
        word = _LINKERS.suffix(text)
        if not word and not change:
            change = word = _CHANGES.suffix(text)
        if not word:
            break
        text = text[:-len(word)]
    while word := _OPENERS.prefix(text) or _CONNECTORS.prefix(text):
        text = text[len(word):]
    if _COMPARISONS.prefix(text):
        return "", change, ""  # 比上年年初预算增加: a reference, not a subject
    action = _ACTIONS.prefix(text)
    if action and len(text) - len(action) not in (0, 1):
        text = text[len(action):]
    elif action and len(text) == len(action):
        text = ""
    else:
        action = ""
    return text, change, action


def _noun_after(text: str, end: int, boundaries: set[int] | None) -> str:
    """The noun a count counts when it follows (十二场技能比赛 → 技能比赛); "" when the clause ends or links on.

    An action word ends the noun (三个车间开展… → 车间) where it is a word of its own: with ``boundaries``, only
    when it starts and ends a word (职工夜校培训班 keeps 培训, a part of the word 培训班).
    """
    hi = min(len(text), end + RIGHT_WINDOW)
    k = end
    while k < hi and (word := _AFTER_VALUE.at(text, k)):
        k += len(word)
    start = k
    while k < hi and text[k] not in _CLAUSE:
        if _CONNECTORS.at(text, k) or _LINKERS.at(text, k):
            break
        if k > start and (action := _ACTIONS.at(text, k)) and (
                boundaries is None or (k in boundaries and k + len(action) in boundaries)):
            break
        if k == start and _ACTIONS.at(text, k):
            return ""  # a verb follows (4%左右安排): the count names no noun of its own
        k += 1
    noun = text[start:k].translate(_QUOTES)
    return noun if len(noun) >= 2 else ""


def _clause_start(text: str, start: int, floor: int, stops: frozenset[str]) -> int:
    lo = max(floor, start - WINDOW, 0)
    i = start
    while i > lo and text[i - 1] not in stops:
        i -= 1
    return i


def extract_targets(text: str, boundaries: set[int] | None = None) -> list[Target]:
    """Targets in ``text``. ``boundaries`` (word starts from a tokenizer) rejects numerals inside words.

    Without boundaries a Chinese numeral inside a word ("统一名称") would read as a target, so a
    numeral written in Chinese must start a word; digits are never inside a word.
    """
    found: list[Target] = []
    subjects: list[str] = []  # the subject of each found target, for a clause that names none
    weak: list[int] = []  # bare 一 counts kept while a number context may still turn up
    for match in _TARGET_SCAN.finditer(text):
        number, unit, magnitude = match.group("num"), match.group("unit"), match.group("mag") or ""
        pct = match.group("pct")
        start = match.start()
        if pct:
            unit = "%"
        if not unit and not magnitude:
            continue
        before = text[start - 1] if start > 0 else ""
        if before in _ORDINAL_BEFORE or before.isdigit() or (before.isascii() and before.isalpha()):
            continue
        if before in _NAME_OPENERS or any(text.startswith(name, start) for name in _NAMED.get(match.group(0), ())):
            continue
        chinese = not number[0].isdigit()
        if chinese and not pct:
            if number[0] not in _NUMERAL_START:
                continue
            if boundaries is not None and match.start("num") not in boundaries:
                continue
        exact = _number(number)
        if exact is None:
            continue
        unit = "%" if unit in _PERCENT else unit
        full_unit = (magnitude if unit != "%" else "") + (unit or "")
        end = match.end()
        floor = found[-1].end if found else 0
        left_at = _clause_start(text, start, floor, _CLAUSE)
        subject, change, action = _phrase(text[left_at:start])
        if subject and left_at == start - WINDOW and left_at > floor and text[left_at - 1] not in _CLAUSE:
            subject = CUT + subject
        noun = _noun_after(text, end, boundaries)
        basis = ""
        if noun:
            indicator, basis = noun, "after"
        elif subject:
            indicator, basis = subject + change, "before"
        else:
            carried = ""
            if found and start - found[-1].end <= WINDOW and not any(ch in _SENTENCE for ch in text[found[-1].end:start]):
                # 增长8.9%、7.7%: the whole indicator before; 达到126万亿元、增长5%: its subject and this change
                carried = subjects[-1] if change else found[-1].indicator
            elif left_at > 0 and text[left_at - 1] in _CLAUSE and text[left_at - 1] not in _SENTENCE:
                previous = _clause_start(text, left_at - 1, floor, _CLAUSE_NOT_LIST)
                carried = _phrase(text[previous:left_at - 1])[0]
            if carried:
                indicator, subject, basis = carried + change, carried, "carried"
            elif action:
                indicator, basis = action, "action"
            else:
                continue  # a quantity tied to nothing
        if chinese and not pct and number in _ARTICLES:
            # A bare 一: a count only in a number context (a rate word before it in the clause, or another
            # count of the same unit beside it, checked once the neighbours are known).
            if not any(_RATE.at(text, k) for k in range(left_at, start)):
                weak.append(len(found))
        found.append(Target(match.group(0), float(exact), full_unit, start, end, indicator, action, basis,
                            exact, magnitude if unit != "%" else ""))
        subjects.append(subject or indicator)
    if weak:
        weak_set = set(weak)
        drop = {k for k in weak if not _beside_same_unit(text, found, k, weak_set)}
        found = [t for k, t in enumerate(found) if k not in drop]
    return found


def _beside_same_unit(text: str, found: list[Target], k: int, weak: set[int]) -> bool:
    """Whether a real count of the same unit stands next to target ``k`` in its clause (由一期增加到三期)."""
    for other in (k - 1, k + 1):
        if 0 <= other < len(found) and other not in weak and found[other].base == found[k].base:
            first, second = sorted((found[k], found[other]), key=lambda t: t.start)
            lo, hi = first.end, second.start
            if hi - lo <= WINDOW and not any(ch in _CLAUSE_NOT_LIST for ch in text[lo:hi]):
                return True
    return False


# Counts that open a fixed name (八项规定), keyed by how the count itself reads (八项).
_NAMED: dict[str, tuple[str, ...]] = {}
for _name in _QUANTITIES.named_counts:
    _key = TARGET_RE.match(_name)
    if _key:
        _NAMED[_key.group(0)] = (*_NAMED.get(_key.group(0), ()), _name)


@dataclass(frozen=True)
class TargetDelta:
    old: Target | None
    new: Target | None
    indicator: str = ""  # what both measure: the shared indicator of a pair, or the one side's

    @property
    def delta(self) -> float | None:
        """new − old in the new target's unit, exact to the digits written (134.9万亿元 − 126万亿元 = 8.9)."""
        if self.old is None or self.new is None:
            return None
        scale = MAGNITUDES.get(self.new.magnitude, 0) if self.new.base != self.new.unit else 0
        return float((self.new.amount - self.old.amount).scaleb(-scale))


def pair_targets(
    old_text: str,
    new_text: str,
    old_tokens: list[str],
    new_tokens: list[str],
) -> list[TargetDelta]:
    """Targets that changed value, appeared or disappeared between two versions of one measure.

    Pairs by indicator and base unit, in reading order: first the same indicator, then one indicator ending the
    other (the shorter one is what both name), then a shared head of ``HEAD_WORDS`` words or more (that head is
    what both name). A pair whose values are equal (in one scale) is unchanged.
    """
    old_targets = extract_targets(old_text, _starts(old_tokens))
    new_targets = extract_targets(new_text, _starts(new_tokens))
    if not old_targets and not new_targets:
        return []
    old_base = [t.base for t in old_targets]  # read once: the loops below compare every old with every new
    new_base = [t.base for t in new_targets]
    pairs: list[tuple[int, int, str]] = []
    used_old: set[int] = set()
    used_new: set[int] = set()
    waiting: dict[tuple[str, str], list[int]] = {}
    for n, target in enumerate(new_targets):
        waiting.setdefault((target.indicator, target.base), []).append(n)
    for o, target in enumerate(old_targets):
        queue = waiting.get((target.indicator, target.base))
        if queue:
            n = queue.pop(0)
            used_old.add(o)
            used_new.add(n)
            pairs.append((o, n, target.indicator))
    # One indicator ending the other: 城镇新增就业 / 新增就业 (a Chinese noun phrase ends in its head).
    for o, target in enumerate(old_targets):
        if o in used_old:
            continue
        base = old_base[o]
        for n, other in enumerate(new_targets):
            if n in used_new or new_base[n] != base:
                continue
            short, long = sorted((target.indicator, other.indicator), key=len)
            if len(short) >= HEAD_CHARS and long.endswith(short):
                used_old.add(o)
                used_new.add(n)
                pairs.append((o, n, short))
                break
    # The same head of two or more words under another modifier (数控车工、钳工技能比武 / 数控车工、钳工、电工技能比武:
    # 技能比武), longest shared head first; one shared word (职工 of 困难职工 / 一线职工) is not enough.
    candidates = []
    for o, target in enumerate(old_targets):
        if o in used_old:
            continue
        base = old_base[o]
        for n, other in enumerate(new_targets):
            if n not in used_new and new_base[n] == base:
                head = _shared_head(target.indicator, other.indicator)
                if head:
                    candidates.append((-len(head), o, n, head))
    for _, o, n, head in sorted(candidates):
        if o not in used_old and n not in used_new:
            used_old.add(o)
            used_new.add(n)
            pairs.append((o, n, head))
    # The same value under a slightly reworded indicator (基础养老金月最低标准 / 基础养老金最低标准): unchanged, so
    # it is not reported as dropped and added. Only equal values pair this way; a changed value needs the above.
    for o, target in enumerate(old_targets):
        if o in used_old:
            continue
        base = old_base[o]
        for n, other in enumerate(new_targets):
            if n not in used_new and new_base[n] == base and other.amount == target.amount \
                    and _common_tail(target.indicator, other.indicator) >= SAME_VALUE_TAIL:
                used_old.add(o)
                used_new.add(n)
                break
    deltas: list[TargetDelta] = []
    for o, n, indicator in sorted(pairs, key=lambda p: p[1]):
        if old_targets[o].amount != new_targets[n].amount:
            deltas.append(TargetDelta(old_targets[o], new_targets[n], indicator))
    deltas += [TargetDelta(t, None, t.indicator) for o, t in enumerate(old_targets) if o not in used_old]
    deltas += [TargetDelta(None, t, t.indicator) for n, t in enumerate(new_targets) if n not in used_new]
    return deltas


# Words an indicator's shared head must hold, and its least length in characters (also of an indicator that ends
# another: 人数 or 部分 alone name nothing).
HEAD_WORDS = 2
HEAD_CHARS = 3


def _shared_head(a: str, b: str) -> str:
    """The words both indicators end in (jieba words, so the head never starts mid-word), if long enough."""
    if _common_tail(a, b) < HEAD_CHARS:
        return ""
    words_a, words_b = _words(a), _words(b)
    k = 0
    while k < min(len(words_a), len(words_b)) and words_a[-1 - k] == words_b[-1 - k]:
        k += 1
    head = "".join(words_a[len(words_a) - k:])
    if k < HEAD_WORDS or len(head) < HEAD_CHARS:
        return ""
    # The modifiers before the head: one reworded from the other (新登记 / 新登记注册, 农民 / 农村居民, 车工、钳工 /
    # 车工、钳工、电工) reads inside it; two different ones (高技术 / 装备 制造业增加值) name two indicators.
    short, long = sorted((a[:len(a) - len(head)].lstrip(CUT), b[:len(b) - len(head)].lstrip(CUT)), key=len)
    rest = iter(long)
    return head if all(ch in rest for ch in short) else ""


@lru_cache(maxsize=4096)
def _words(text: str) -> tuple[str, ...]:
    from planparse.plandiff import tokenize  # the diff's segmenter (planparse.plandiff imports this module)

    return tuple(tokenize(text))


def _common_tail(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def word_starts(text: str) -> set[int]:
    """Where the words of ``text`` start (jieba, as the diff segments): the ``boundaries`` of ``extract_targets``."""
    from planparse.plandiff import tokenize

    return _starts(tokenize(text))


def _starts(tokens: list[str]) -> set[int]:
    """The offset of each token (the sums of the lengths before it)."""
    return set(accumulate(map(len, tokens[:-1]), initial=0)) if tokens else set()


# --- word alignment -------------------------------------------------------------------------------
# The longest common subsequence of the two token lists (rapidfuzz, bit-parallel in C: time and memory
# ~ len(a) x len(b) / 64 words), then a semantic clean-up: a short run of equal words stranded between
# changes (a "，" or a 的 inside a rewritten clause) is dissolved into the change around it, so a reworded
# clause reads as one deletion and one insertion rather than as confetti. difflib's matcher, used before,
# gave similar anchors at ~10x the time (pure Python; minutes on one huge look-alike "measure") and 1.7x
# as many change runs on the report year pairs. Above LCS_CELLS (~16,000 tokens a side, ~32 MB) only the
# shared head and tail are equal and the middle is one replacement.
LCS_CELLS = 1 << 28
# An equal run is dissolved when it is at most this share of the smaller change beside it (in characters),
# or a single character; on the 2024->2025 reports: 475 change runs (raw LCS 1,137, difflib 797).
STRANDED_SHARE = 0.25

Opcode = tuple[str, int, int, int, int]


def token_opcodes(a: list[str], b: list[str]) -> list[Opcode]:
    """Opcodes (difflib's format) turning token list ``a`` into ``b``: LCS, then stranded runs dissolved."""
    if len(a) * len(b) <= LCS_CELLS:
        # Exact token identity (rapidfuzz would compare hashes): ids in order of first occurrence, mapped in C.
        ids = dict(zip(dict.fromkeys(chain(a, b)), count()))
        a_ids, b_ids = list(map(ids.__getitem__, a)), list(map(ids.__getitem__, b))
        blocks = [(op.src_start, op.dest_start, op.src_end - op.src_start)
                  for op in Indel.opcodes(a_ids, b_ids) if op.tag == "equal"]
        blocks = _without_stranded(blocks, a, b)
    else:
        head = 0
        limit = min(len(a), len(b))
        while head < limit and a[head] == b[head]:
            head += 1
        tail = 0
        while tail < limit - head and a[-1 - tail] == b[-1 - tail]:
            tail += 1
        blocks = [(0, 0, head), (len(a) - tail, len(b) - tail, tail)]
    return _opcodes(blocks, len(a), len(b))


def _without_stranded(blocks: list[tuple[int, int, int]], a: list[str], b: list[str]) -> list[tuple[int, int, int]]:
    """Drop equal blocks stranded between changes (see STRANDED_SHARE); linear: each block is kept or
    dropped once, and dropping one re-examines only the kept block before it (its following change grew).

    Everything is measured in characters, so each block is turned into its character span in a and in b once;
    the loop then compares plain integers (it runs once per equal run of every changed pair)."""
    at_a = list(accumulate(map(len, a), initial=0))  # character offset of each token
    at_b = list(accumulate(map(len, b), initial=0))
    # (block, its start and end in a's characters, in b's characters), empty blocks dropped
    spans = [(block, at_a[i], at_a[i + size], at_b[j], at_b[j + size]) for block in blocks
             for i, j, size in (block,) if size]
    share = STRANDED_SHARE

    def stranded(prev_a: int, prev_b: int, start_a: int, end_a: int, start_b: int, end_b: int,
                 next_a: int, next_b: int) -> bool:
        """Whether the equal run between the change after (prev_a, prev_b) and the one up to (next_a, next_b)
        is stranded: changes on both sides and at most ``share`` of the smaller one (or one character)."""
        changed_before = max(start_a - prev_a, start_b - prev_b)
        changed_after = max(next_a - end_a, next_b - end_b)
        if not changed_before or not changed_after:
            return False
        return end_a - start_a <= max(1, share * min(changed_before, changed_after))

    kept: list[tuple] = []  # kept spans
    last = len(spans) - 1
    for k, span in enumerate(spans):
        _, start_a, end_a, start_b, end_b = span
        next_a, next_b = (spans[k + 1][1], spans[k + 1][3]) if k < last else (at_a[-1], at_b[-1])
        prev_a, prev_b = (kept[-1][2], kept[-1][4]) if kept else (0, 0)
        if not stranded(prev_a, prev_b, start_a, end_a, start_b, end_b, next_a, next_b):
            kept.append(span)
            continue
        while kept:
            prev_a, prev_b = (kept[-2][2], kept[-2][4]) if len(kept) > 1 else (0, 0)
            _, start_a, end_a, start_b, end_b = kept[-1]
            if not stranded(prev_a, prev_b, start_a, end_a, start_b, end_b, next_a, next_b):
                break
            kept.pop()
    return [span[0] for span in kept]


def _opcodes(blocks: list[tuple[int, int, int]], len_a: int, len_b: int) -> list[Opcode]:
    """Opcodes from increasing matching blocks, as difflib builds them (adjacent blocks joined)."""
    merged: list[list[int]] = []
    for i, j, size in blocks:
        if not size:
            continue
        if merged and merged[-1][0] + merged[-1][2] == i and merged[-1][1] + merged[-1][2] == j:
            merged[-1][2] += size
        else:
            merged.append([i, j, size])
    answer: list[Opcode] = []
    i = j = 0
    for ai, bj, size in [*merged, [len_a, len_b, 0]]:
        tag = "replace" if i < ai and j < bj else "delete" if i < ai else "insert" if j < bj else ""
        if tag:
            answer.append((tag, i, ai, j, bj))
        i, j = ai + size, bj + size
        if size:
            answer.append(("equal", ai, i, bj, j))
    return answer
