"""Turn per-text scores into ``domains`` / ``domain_scores`` on texts, items and sections.

**One text** (a leaf item, a heading) is decided on its own (``pipeline.decide``), in context:

- a list of people after a label (``评委：…``, ``主持人：…``) and a prize clause (``设一等奖3名``, ``奖品：…``) are
  cut from what is scored: the posts and groups named there (工会委员, 女教师) are no measure;
- a framing label (``活动时间：…``, ``活动目的和意义``, ``参加人员``) is `other`, and so is a rule-like plan's
  closing clause (``本办法由工会委员会负责解释``, ``本计划经会员代表大会通过后实施``);
- offices and posts that hold a cue word (宣传文化站, 女工委员) are cues of `other` in the lexicon, so the cue
  inside them does not fire (``taxonomy.cue_lexicon``).

The labels and words are the ``[context]`` table of the taxonomy (``data/taxonomy.toml`` by default).

**An item with children, and a section,** are decided by a tally of their parts' votes (``Tally``):

- a part with a domain votes for it: its weight (a heading counts ``HEADING_WEIGHT``, the rest 1) times its
  strength (its score over ``ASSIGN``, at most 1), split over its domains by score;
- a part that is `other` votes `other` by how sure its score is; a framing label votes `other` in full;
- a heading that is `other` without being a framing label abstains: 主要工作, 具体安排 say nothing of the domain;
- a part with children passes up its own tally as shares, so a mixed sub-list stays mixed.

The best domain is taken when it beats `other` and holds ``MIN_SHARE`` of the domain votes (``BROAD_SHARE``, about
half, when the heading names no domain: a broad 主要工作 or 工作目标 spread over many domains is `other`); otherwise
the node is `other` (nothing leads, or framing outweighs it). Scores of a tallied node are vote shares over the voting
weight. ``explain_section`` returns the tally of one section: which parts voted for what, and why.

**A plan that is not union work** (few of the ``[scope]`` words over its whole text: a government work report)
gets ``Plan.domain_scope = "outside"`` and a warning; in it, a text that does not itself name union work is
`other`, so its sections are not forced into union domains. (A taxonomy with no ``[scope]`` takes every plan as
its kind of work.)

**Evidence** of a domain: the cue words that fired for it (strong ones first, then by count), then the n-grams
that weighed most for it in the model (``TextScores.model_terms``), never a placeholder word.

This runs once per node of every parsed document, so it avoids numpy on tiny vectors where plain Python is
faster and caches each text's own decision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from collections.abc import Iterable
from typing import NamedTuple

import numpy as np

from planparse.classify.pipeline import (ASSIGN, FALLBACK, MAX_DOMAINS, SECONDARY_RATIO, Classifier,
                                      TextScores)
from planparse.classify.taxonomy import OTHER, Taxonomy, default_taxonomy
from planparse.model import DomainScore, Item, Plan, PlanCollection, Section
from planparse.text.normalize import match_forms

HEADING_WEIGHT = 2.0
# A tallied node takes its best domain when it has at least this share of the votes for domains (and more votes
# than `other`).
MIN_SHARE = 0.35
# ... or at least this share when its heading names no domain (主要工作, 工作目标, 重点任务): such a broad section
# gathers measures of many domains, and is `other` unless one of them holds about half of the domain votes.
BROAD_SHARE = 0.5
# Secondary domains of a tallied node: at least this share of the primary's votes, and this score.
SECONDARY_SHARE = 0.6
SECONDARY_MIN = 0.25
# A part whose votes add up to less than this share of its weight abstains (its weight does not dilute scores).
ABSTAIN_BELOW = 0.05
# The strength of a vote that no cue word backs (the model alone).
MODEL_ONLY = 0.5
# Score of `other` on a framing label, and on a text of an "outside" plan that names no union work.
FRAMING_SCORE = 0.9
OUTSIDE_SCORE = 0.9
MAX_EVIDENCE = 6

UNION = "union"
OUTSIDE = "outside"

_CJK = "\u4e00-\u9fff"


# --- context: what is cut from a text before it is scored, and framing labels ---------------------------------


_NEVER = r"(?!)"  # the alternation of no words: matches nothing


_CLOSING_VERBS = "解释|施行|实施|执行|生效"  # what a closing clause says of the plan (structure words, not domain cues)


def _patterns(taxonomy: Taxonomy) -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    """(trigger, framing, people field, prize word) regexes over matching forms, built once per taxonomy."""
    return taxonomy.memo("assign.patterns", _build_patterns, taxonomy)


def _build_patterns(taxonomy: Taxonomy) -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    ctx = taxonomy.context

    def alt(words) -> str:
        return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) or _NEVER

    labels = alt(ctx.framing_labels)
    # 活动时间 / 活动目的和意义 / 时间、地点 alone, or followed by a colon and its value (junk like ` allowed).
    # (after a year or 去年/今年: 2024年工作回顾, 去年工作回顾)
    framing = re.compile(rf"(?:(?:19|20)[0-9]{{2}}年度?|去年|上年|今年|本年)?(?:{labels})(?:[和及与、](?:{labels}))*"
                         rf"[^{_CJK}]{{0,3}}(?::|$)"
                         # 本计划经…通过后实施 / 本办法由…负责解释 / 本方案自…起施行: the plan's closing clause
                         rf"|(?:{alt(ctx.closing_subjects)})[^。;]{{0,30}}?(?:{_CLOSING_VERBS})")
    # A people field runs from its label to the end of the sentence (names are separated by 、 and commas).
    people = re.compile(rf"(?:^|(?<=[,;。!?、]))(?:{alt(ctx.people_labels)})[^{_CJK}]{{0,2}}:[^;。!?]*")
    prize = re.compile(alt(ctx.prize_words))
    trigger = re.compile(alt(ctx.framing_labels + ctx.people_labels + ctx.prize_words + ctx.closing_subjects))
    return trigger, framing, people, prize


_SENTENCE = re.compile(r"[^;。!?]*[;。!?]?")
_CLAUSE_START = re.compile(r"[^,]*$")


def _cut(form: str, patterns: tuple[re.Pattern, ...]) -> str:
    """One line's matching form without its people fields and prize clauses.

    A prize clause runs from the start of the clause holding the prize word to the end of its sentence
    (设一等奖2名,女教师组、男教师组各1名 goes whole; 开展论文评选,评出一等奖5篇 keeps its first clause)."""
    _, _, people, prize = patterns
    form = people.sub("", form)
    if not prize.search(form):
        return form
    kept = []
    for sentence in _SENTENCE.findall(form):
        found = prize.search(sentence)
        if found:
            start = _CLAUSE_START.search(sentence, 0, found.start()).start()
            sentence = sentence[:start]
        kept.append(sentence)
    return "".join(kept)


class _Context(NamedTuple):  # (a named tuple: built ~3x faster than a frozen dataclass, one per distinct text)
    form: str  # what is scored: the matching form, people fields and prize clauses cut
    framing: bool  # the text is a framing label (活动时间：…)
    cut: bool  # something was cut


def _contexts(texts: list[str], taxonomy: Taxonomy) -> dict[str, _Context]:
    """The context of every distinct text, in one batch (most texts have no trigger and cost one regex search)."""
    patterns = _patterns(taxonomy)
    trigger, framing, _, _ = patterns
    unique = list(dict.fromkeys(texts))
    out: dict[str, _Context] = {}
    for text, form in zip(unique, match_forms(unique)):
        if not trigger.search(form):
            out[text] = _Context(form, False, False)
            continue
        lines = match_forms(text.split("\n")) if "\n" in text else [form]
        lines = [line for line in lines if line]
        is_framing = bool(lines) and framing.match(lines[0]) is not None
        kept = "".join(_cut(line, patterns) for line in lines)
        out[text] = _Context(kept, is_framing, kept != form)
    return out


# --- scope: is the plan union work at all ---------------------------------------------------------------------


def _build_scope_words(taxonomy: Taxonomy) -> tuple[re.Pattern, frozenset[str]]:
    rules = taxonomy.scope
    words = sorted(set(rules.words + rules.not_words), key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words) or _NEVER), frozenset(rules.words)


def _scope_words(taxonomy: Taxonomy) -> tuple[re.Pattern, frozenset[str]]:
    """Scope words and the not-words that hide them, longest first (a not-word consumes its span), and the set
    of scope words; built once per taxonomy."""
    return taxonomy.memo("assign.scope", _build_scope_words, taxonomy)


def _count_union(form: str, taxonomy: Taxonomy | None = None) -> int:
    pattern, words = _scope_words(taxonomy or default_taxonomy())
    return sum(1 for w in pattern.findall(form) if w in words)


# A section title longer than this ran on into its body (a page that lost the line break after the heading):
# its first clause is the heading, the rest votes like an intro.
RUN_ON = 30
_FIRST_CLAUSE = re.compile(r"^(.{2,30}?)[，,。；;：:！!？?\s]+(?=\S)(.{4,})$", re.S)


def _heading_parts(title: str) -> tuple[str, str]:
    """(heading, run-on rest) of a section title; the rest is "" for a title of normal length."""
    title = title.strip()
    if len(title) <= RUN_ON:
        return title, ""
    found = _FIRST_CLAUSE.match(title)
    return (found.group(1), found.group(2)) if found else (title, "")


def _reads_union(form: str, taxonomy: Taxonomy) -> bool:
    """A text that names union work itself: union words as dense as a union plan's (推行职工代表大会制度), not
    one 职工 in a long paragraph of a government report."""
    hits = _count_union(form, taxonomy)
    return hits > 0 and hits * 1000 >= taxonomy.scope.min_per_thousand * len(form)


def _plan_texts(plan: Plan) -> list[str]:
    texts = [plan.title, plan.preamble, plan.closing, plan.signature]
    for section in plan.sections:
        texts += [section.title, section.intro, *_heading_parts(section.title)]
        stack = list(section.items)
        while stack:
            item = stack.pop()
            texts.append(item.text)
            stack.extend(item.children)
    return [t for t in texts if t]


def _union_words(forms: list[str], taxonomy: Taxonomy) -> tuple[int, int]:
    """(scope words found, characters) over matching forms."""
    pattern, words = _scope_words(taxonomy)
    return sum(1 for f in forms for w in pattern.findall(f) if w in words), sum(map(len, forms))


def plan_scopes(col: PlanCollection, taxonomy: Taxonomy | None = None) -> list[tuple[str, int, int]]:
    """(scope, union words, characters) of every plan: "outside" when union words are rare over its text.

    A plan shorter than ``[scope] min_chars`` is judged with the whole page (page title and every plan); a page
    that is short too is taken as union work (too little text to tell). A taxonomy with no scope words takes
    every plan as its kind of work ("union")."""
    taxonomy = taxonomy or default_taxonomy()
    rules = taxonomy.scope
    if not rules.words:
        return [("union", 0, 0) for _ in col.plans]
    counts = [_union_words(match_forms(_plan_texts(plan)), taxonomy) for plan in col.plans]
    page_hits = sum(h for h, _ in counts) + _union_words(match_forms([col.page_title]), taxonomy)[0]
    page_chars = sum(c for _, c in counts)
    out = []
    for hits, chars in counts:
        if chars < rules.min_chars:
            hits, chars = page_hits, page_chars
        outside = chars >= rules.min_chars and hits * 1000 < rules.min_per_thousand * chars
        out.append((OUTSIDE if outside else UNION, hits, chars))
    return out


# --- decisions ------------------------------------------------------------------------------------------------


def _evidence(cues: list[dict], terms: list[tuple], domain: str, lexicon: dict) -> list[str]:
    """The words that best explain the decision, at most MAX_EVIDENCE: the cue words that fired for ``domain``
    (strong cues first, then the most frequent), then the model's heaviest n-grams for it (``terms``: per part,
    (the domains it voted for or None, its ``model_terms``); most frequent first), leaving out an n-gram that shares two characters in a row
    with a word already listed (竞赛 or 工技能比 after 技能比赛: the same span of text again).

    Counted in plain dicts: this runs for every decided node, and ``Counter()`` costs more than the counting."""
    counts: dict[str, int] = {}
    for c in cues:
        for w in c.get(domain, ()):
            counts[w] = counts.get(w, 0) + 1
    words = sorted(counts, key=lambda w: (not lexicon.get(w, ("", False))[1], -counts[w]))[:MAX_EVIDENCE]
    if len(words) >= MAX_EVIDENCE or not terms:
        return words
    found: dict[str, int] = {}
    for voted, pairs in terms:
        if voted is None or domain in voted:
            for d, t in pairs:
                if d == domain:
                    found[t] = found.get(t, 0) + 1
    if found:
        ranked = found if len(terms) == 1 else sorted(found, key=found.__getitem__, reverse=True)  # ties: first seen
        _add_terms(words, ranked)
    return words


def _own_evidence(words: tuple[str, ...], terms: tuple, domain: str, lexicon: dict) -> tuple[str, ...]:
    """``_evidence`` of one text: its cue words of a domain are distinct and its terms too, so nothing is counted
    (the same list, in the order ``_evidence`` gives it)."""
    if len(words) > 1:
        words = tuple(sorted(words, key=lambda w: not lexicon.get(w, ("", False))[1])[:MAX_EVIDENCE])
    if not terms or len(words) >= MAX_EVIDENCE:
        return words
    return tuple(_add_terms(list(words), (term for d, term in terms if d == domain)))


def _add_terms(words: list[str], terms: Iterable[str]) -> list[str]:
    """Append to ``words`` (up to MAX_EVIDENCE) each term, in order, that shares no two characters in a row with a
    word already listed (竞赛 or 工技能比 after 技能比赛: the same span of text again)."""
    seen = {w[k:k + 2] for w in words for k in range(len(w) - 1)}
    for term in terms:
        grams = {term[k:k + 2] for k in range(len(term) - 1)}
        if grams and not grams & seen:
            words.append(term)
            if len(words) == MAX_EVIDENCE:
                break
            seen |= grams
    return words


def _own_decision(s: TextScores, clf: Classifier) -> tuple[tuple, ...]:
    """(domain, score, evidence) rows of one text on its own, cached on its (shared, cached) TextScores."""
    if s.decision is None:
        _own_decisions([s], clf)
    return s.decision


def _own_decisions(scores: list[TextScores], clf: Classifier) -> None:
    """Fill ``decision`` on every TextScores of ``scores`` that has none: ``pipeline.decide`` for the whole batch
    as array operations (one sort of texts × domains instead of a sorted() per text), then the evidence of the few
    domains chosen. Same choice as ``decide`` on each text: domains by score, ties by taxonomy order (a stable
    sort), every one ≥ ASSIGN and ≥ SECONDARY_RATIO × the best, at most MAX_DOMAINS; else the best when ≥ FALLBACK
    and ≥ `other`; else `other`."""
    todo = list({id(s): s for s in scores if s.decision is None}.values())
    if not todo:
        return
    ids, other = clf.ids, clf.index[OTHER]
    lexicon = clf.taxonomy.cue_lexicon
    values = np.array([s.values for s in todo], dtype=np.float64)  # exactly the floats decide() compares
    real = np.array([i for i in range(len(ids)) if i != other], dtype=np.intp)
    if len(real):
        order = real[np.argsort(-values[:, real], axis=1, kind="stable")][:, :MAX_DOMAINS]
        best = np.take_along_axis(values, order, axis=1)
        top = best[:, 0]
        taken = (best >= np.maximum(ASSIGN, SECONDARY_RATIO * top)[:, None]).sum(axis=1)  # a prefix: best is sorted
        taken[(taken == 0) & (top >= FALLBACK) & (top >= values[:, other])] = 1
    else:  # a taxonomy of `other` alone
        order, top, taken = np.zeros((len(todo), 0), dtype=np.intp), np.zeros(len(todo)), np.zeros(len(todo), int)
    otherwise = np.maximum(values[:, other], 1.0 - top).tolist()
    for s, n, domains, no_domain in zip(todo, taken.tolist(), order.tolist(), otherwise):
        if not n:
            s.decision = _other_row(no_domain)
            continue
        cues, terms, vals = s.cues, s.model_terms, s.values
        s.decision = tuple((ids[i], round(vals[i], 4), _own_evidence(cues.get(ids[i], ()), terms, ids[i], lexicon))
                           for i in domains[:n])


def _other_row(score: float) -> tuple[tuple, ...]:
    return ((OTHER, round(score, 4), ()),)


@dataclass(slots=True)
class Vote:
    """One part's vote in a tally: ``votes`` maps domain ids to vote weight (empty: the part abstains)."""

    part: str  # "heading", "intro", "item 3", "item 3/1"
    text: str
    weight: float
    votes: dict[str, float]
    why: str

    def __str__(self) -> str:
        shown = ", ".join(f"{d} {v:.2f}" for d, v in sorted(self.votes.items(), key=lambda kv: -kv[1])) or "abstains"
        text = self.text if len(self.text) <= 24 else self.text[:23] + "…"
        return f"{self.part} ×{self.weight:g} {text!r}: {shown} ({self.why})"


@dataclass(slots=True)
class Tally:
    """The votes of a section's or an item's parts, and the decision they lead to."""

    lexicon: dict = field(default_factory=dict)  # the taxonomy's cue lexicon (strong cues come first in evidence)
    votes: dict[str, float] = field(default_factory=dict)
    weight: float = 0.0  # weight of the parts that voted
    cues: list[dict] = field(default_factory=list)  # cue words of the parts that voted for a domain
    terms: list[tuple] = field(default_factory=list)  # (votes, model_terms) of those parts
    parts: list[Vote] | None = None  # filled only when explaining
    decision: tuple[tuple, ...] = ()
    why: str = ""
    named: str | None = None  # the domain the heading names with a cue word
    broad: bool = False  # the heading names no domain (主要工作, 工作目标): a leader must hold BROAD_SHARE


    def add(self, vote: dict[str, float], weight: float, cues: dict | None, part: str = "", text: str = "",
            why: str = "", terms: tuple = (), sub_terms: list | None = None) -> None:
        """Count one part's vote. ``terms``: its model terms (a text); ``sub_terms``: a sub-list's ``terms``."""
        if weight > 0 and sum(vote.values()) >= ABSTAIN_BELOW * weight:
            self.weight += weight
            votes = self.votes
            for d, v in vote.items():
                votes[d] = votes.get(d, 0.0) + v
            if (cues or terms or sub_terms) and (len(vote) > 1 or OTHER not in vote):
                if cues:
                    # (cues itself when all its domains voted: the dicts are only read, never written to)
                    self.cues.append(cues if all(d in vote for d in cues) else
                                     {d: w for d, w in cues.items() if d in vote})
                if terms:
                    self.terms.append((vote, terms))  # filtered by the votes when evidence is drawn
                if sub_terms:
                    self.terms.extend(sub_terms)
        else:
            vote = {}
        if self.parts is not None:
            self.parts.append(Vote(part, text, weight, dict(vote), why))

    def shares(self) -> dict[str, float]:
        return {d: v / self.weight for d, v in self.votes.items()} if self.weight else {}

    def decide(self) -> tuple[tuple, ...]:
        """The decision (``why`` says why; it is written only when explaining, as nothing else reads it)."""
        votes = self.votes
        explain = self.parts is not None
        if not self.weight:
            self.why = "no part voted"
            self.decision = _other_row(1.0)
            return self.decision
        other = votes.get(OTHER, 0.0)
        real = [d for d, v in votes.items() if d != OTHER and v > 0]
        if len(real) > 1:
            real.sort(key=votes.__getitem__, reverse=True)  # stable: ties keep their order of first vote
        top = votes[real[0]] if real else 0.0
        total = sum(votes[d] for d in real)  # the lead is measured among the domains
        named = bool(real) and self.named is not None and votes.get(self.named, 0.0) == top
        if named:
            real.remove(self.named)
            real.insert(0, self.named)
        if real and top > other and (top >= (BROAD_SHARE if self.broad else MIN_SHARE) * total or named):
            chosen = [real[0]] + [d for d in real[1:]
                                  if votes[d] >= SECONDARY_SHARE * top and votes[d] / self.weight >= SECONDARY_MIN]
            if explain:
                self.why = (f"{real[0]} leads with {top / total:.0%} of the domain votes"
                            + (", and the heading names it" if named else ""))
            self.decision = tuple((d, round(min(1.0, votes[d] / self.weight), 4),
                                   tuple(_evidence(self.cues, self.terms, d, self.lexicon)))
                                  for d in chosen[:MAX_DOMAINS])
            return self.decision
        if not explain:
            pass
        elif not real:
            self.why = "only `other` votes"
        elif top <= other:
            self.why = f"{real[0]} ({top:.2f}) does not beat `other` ({other:.2f})"
        else:
            self.why = (f"no domain leads: {real[0]} has {top / total:.0%} of the domain votes"
                        + (", and a heading that names no domain needs half" if self.broad else ""))
        self.decision = _other_row(max(other / self.weight, 1.0 - top / self.weight))
        return self.decision

    def lines(self) -> list[str]:
        """The tally as text: one line per part, then the decision and why."""
        out = [str(p) for p in self.parts or ()]
        out.append("→ " + ", ".join(f"{d} {s:.2f}" for d, s, _ in self.decision) + f" ({self.why})")
        return out


def _leaf_vote(rows: tuple[tuple, ...], s: TextScores, override: str, weight: float, heading: bool,
               index: dict[str, int], lexicon: dict, explain: bool = True) -> tuple[dict[str, float], str]:
    """What one text votes, and why (``override``: "framing", "outside" or ""; ``why`` is "" unless ``explain``)."""
    if override == "framing":
        return {OTHER: weight}, "framing label"
    if override == "outside":
        return {OTHER: weight}, "names no union work in a plan outside union work"
    if rows[0][0] == OTHER:
        if heading:
            return {}, "a heading with no domain says nothing"
        return {OTHER: weight * s.values[index[OTHER]]}, "no domain"
    cues_of = s.cues
    scores = {d: score for d, score, _ in rows}
    if heading and cues_of:  # a heading names its topics: each domain a strong cue of it names gets a share too
        for d, words in cues_of.items():
            if d not in scores and d != OTHER and any(lexicon.get(w, ("", False))[1] for w in words):
                scores[d] = s.values[index[d]]
    strength = min(1.0, rows[0][1] / ASSIGN)
    if not any(d in cues_of for d in scores):
        strength *= MODEL_ONLY  # no cue word backs it: the model alone on a short text is often noise
    total = sum(scores.values())
    vote = {d: weight * strength * score / total for d, score in scores.items()}
    if not explain:
        return vote, ""
    cues = [w for d, _, ev in rows for w in ev[:len(cues_of.get(d, ()))]]  # its evidence starts with its cue words
    return vote, ("cues " + " ".join(cues[:3])) if cues else "model only"


_FRAMING = ((OTHER, FRAMING_SCORE, ()),)  # _other_row(FRAMING_SCORE)
_OUTSIDE = ((OTHER, OUTSIDE_SCORE, ()),)


class _Assigner:
    """Classifies one collection: scores every text in one batch, then decides and tallies node by node."""

    def __init__(self, clf: Classifier, texts: list[str]):
        self.clf, self.ids, self.index = clf, clf.ids, clf.index
        self.taxonomy = clf.taxonomy
        self.lexicon = clf.taxonomy.cue_lexicon
        self.contexts = _contexts(texts, clf.taxonomy)
        forms = [self.contexts[t].form for t in texts]
        scores = clf.score(forms)
        _own_decisions(scores, clf)
        self.scored = dict(zip(texts, scores))
        self.outside = False

    def own(self, text: str) -> tuple[tuple[tuple, ...], TextScores, str]:
        """A text's own rows, its scores, and what overrode them ("framing", "outside" or "")."""
        s, ctx = self.scored[text], self.contexts[text]
        if ctx.framing:
            return _FRAMING, s, "framing"
        rows = s.decision or _own_decision(s, self.clf)
        if self.outside and rows[0][0] != OTHER and not _reads_union(ctx.form, self.taxonomy):
            return _OUTSIDE, s, "outside"
        return rows, s, ""

    def add_text(self, tally: Tally, text: str, weight: float, heading: bool, part: str) -> None:
        if not text.strip():
            return
        rows, s, override = self.own(text)
        explain = tally.parts is not None
        vote, why = _leaf_vote(rows, s, override, weight, heading, self.index, self.lexicon, explain)
        if heading and not override and rows[0][0] != OTHER and s.cues.get(rows[0][0]):
            tally.named = rows[0][0]
        if heading and not override and rows[0][0] == OTHER:
            tally.broad = True
        tally.add(vote, weight, s.cues, part, text, why, s.model_terms)

    def item(self, item: Item, path: str, explain: bool = False) -> Tally | None:
        """Classify an item (its children first); return its tally, or None for a leaf. (``path`` names the parts
        when explaining; it is "" otherwise.)"""
        children = item.children
        if not children:
            # (an item left empty, its text cut off by a truncation notice (3、……（全文共2860字…）), is `other`)
            _set(item, self.own(item.text)[0] if item.text else _other_row(1.0))
            return None
        tally = Tally(self.lexicon, parts=[] if explain else None)
        self.add_text(tally, item.text, HEADING_WEIGHT, True, f"item {path}" if explain else "")
        for j, child in enumerate(children):
            self.add_part(tally, child, f"{path}/{j + 1}" if explain else "", explain)
        _set(item, tally.decide())
        return tally

    def add_part(self, tally: Tally, item: Item, path: str, explain: bool) -> None:
        sub = self.item(item, path, explain)
        part = f"item {path}" if explain else ""
        if sub is None:
            self.add_text(tally, item.text, 1.0, False, part)
        else:
            # A sub-list votes with its shares: a mixed one stays mixed, an `other` one votes `other`.
            tally.add(sub.shares(), 1.0, _merged(sub.cues), part, item.text, sub.why, sub_terms=sub.terms)

    def section(self, section: Section, explain: bool = False) -> Tally:
        tally = Tally(self.lexicon, parts=[] if explain else None)
        heading, rest = _heading_parts(section.title)
        self.add_text(tally, heading, HEADING_WEIGHT, True, "heading")
        self.add_text(tally, rest, 1.0, False, "heading, run on")
        self.add_text(tally, section.intro, 1.0, False, "intro")
        for i, item in enumerate(section.items):
            self.add_part(tally, item, str(i + 1) if explain else "", explain)
        _set(section, tally.decide())
        return tally


def _merged(cues: list[dict]) -> dict:
    out: dict[str, list] = {}
    for c in cues:
        for d, words in c.items():
            out.setdefault(d, []).extend(words)
    return out


def _as_models(rows) -> list[DomainScore]:
    # (The plain constructor is faster than model_construct here: ~5 µs against ~9 µs.)
    return [DomainScore(id=d, score=s, evidence=list(e)) for d, s, e in rows]


def _set(node: Section | Item, rows: tuple[tuple, ...]) -> None:
    # What pydantic's __setattr__ does for these fields (no validate_assignment, no private attributes), without
    # its per-call dispatch: this runs for every node. The values are built here already typed.
    values = node.__dict__
    values["domain_scores"] = _as_models(rows)
    values["domains"] = [d for d, _, _ in rows]
    node.__pydantic_fields_set__.update(_DOMAIN_FIELDS)


_DOMAIN_FIELDS = ("domain_scores", "domains")


def text_domain_scores(clf: Classifier, texts: list[str]) -> list[list[DomainScore]]:
    """Domain scores of raw strings, each on its own (in context: framing labels, people fields, prizes)."""
    assigner = _Assigner(clf, list(texts))
    return [_as_models(assigner.own(t)[0]) if t.strip() else _as_models(_other_row(1.0)) for t in texts]


def _collection_texts(col: PlanCollection) -> list[str]:
    return [t for plan in col.plans for t in _plan_texts(plan)]


def _scope_warning(index: int, plan: Plan, hits: int, chars: int, kind: str = "union") -> str:
    title = f" ({plan.title})" if plan.title else ""
    return (f"plan {index + 1}{title}: few {kind} words ({hits} in {chars} characters): it does not read as a {kind} "
            f"plan; its sections and items get a {kind} domain only where their own text names {kind} work")


def assign_collection(clf: Classifier, col: PlanCollection) -> PlanCollection:
    """Fill domains on every section and item, and ``domain_scope`` on every plan (with a warning when outside)."""
    assigner = _Assigner(clf, _collection_texts(col))
    for index, (plan, (plan_scope, hits, chars)) in enumerate(zip(col.plans, plan_scopes(col, clf.taxonomy))):
        plan.domain_scope = plan_scope
        assigner.outside = plan_scope == OUTSIDE
        if assigner.outside:
            warning = _scope_warning(index, plan, hits, chars, clf.taxonomy.name)
            if warning not in col.warnings:
                col.warnings.append(warning)
        for section in plan.sections:
            assigner.section(section)
    return col


def explain_section(section: Section, plan: Plan | None = None, clf: Classifier | None = None) -> Tally:
    """The tally behind a section's domains: every part's vote and why (``Tally.lines()`` prints it).

    Pass its plan to apply the plan's scope (as a parse does); the section is classified again in place."""
    if clf is None:
        from planparse.classify import get_classifier

        clf = get_classifier()
    texts = _plan_texts(plan) if plan is not None else _plan_texts(Plan(sections=[section]))
    assigner = _Assigner(clf, texts)
    if plan is not None:
        assigner.outside = plan_scopes(PlanCollection(plans=[plan]), clf.taxonomy)[0][0] == OUTSIDE
    return assigner.section(section, explain=True)


__all__ = ["Tally", "Vote", "assign_collection", "explain_section", "plan_scopes", "text_domain_scores"]
