"""The domain taxonomy, read from ``data/taxonomy.toml`` (ids are the public contract)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

OTHER = "other"


@dataclass(frozen=True)
class Domain:
    id: str
    zh: str
    en: str
    definition: str
    cues: tuple[str, ...] = ()
    weak_cues: tuple[str, ...] = ()
    examples: tuple[str, ...] = field(default=(), compare=False)
    colour: str = field(default="", compare=False)  # "#rrggbb", the same in every chart and report


@dataclass(frozen=True)
class CueContext:
    """Where cue words do not count (the ``[context]`` table of taxonomy.toml; applied by ``classify.assign``)."""

    names: tuple[str, ...] = ()  # offices and posts holding a cue word (宣传文化站): cues of `other`
    other_senses: tuple[str, ...] = ()  # phrases where a cue word means something else (迎新生)
    people_labels: tuple[str, ...] = ()  # 评委：… — a list of people follows
    prize_words: tuple[str, ...] = ()  # 一等奖, 奖品 — the clause says who wins
    framing_labels: tuple[str, ...] = ()  # 活动时间, 活动地点, 活动目的 … — framing headings and fields


@dataclass(frozen=True)
class Scope:
    """Whether a plan reads as union work (the ``[scope]`` table of taxonomy.toml)."""

    words: tuple[str, ...] = ()
    not_words: tuple[str, ...] = ()  # 公务员工(资): 员工 there is no scope word
    min_per_thousand: float = 0.0
    min_chars: int = 0


@lru_cache(maxsize=1)
def _raw() -> dict:
    return tomllib.loads(resources.files("planparse.data").joinpath("taxonomy.toml").read_text("utf-8"))


@lru_cache(maxsize=1)
def cue_context() -> CueContext:
    raw = _raw().get("context", {})
    unknown = set(raw) - set(CueContext.__dataclass_fields__)
    if unknown:
        raise ValueError(f"taxonomy.toml [context]: unknown keys {sorted(unknown)}")
    return CueContext(**{k: tuple(v) for k, v in raw.items()})


@lru_cache(maxsize=1)
def scope() -> Scope:
    raw = _raw().get("scope", {})
    return Scope(words=tuple(raw.get("words", ())), not_words=tuple(raw.get("not_words", ())),
                 min_per_thousand=float(raw.get("min_per_thousand", 0.0)),
                 min_chars=int(raw.get("min_chars", 0)))


@lru_cache(maxsize=1)
def load_taxonomy() -> tuple[Domain, ...]:
    """All domains in file order (``other`` last)."""
    raw = _raw()
    domains = tuple(
        Domain(
            id=d["id"], zh=d["zh"], en=d["en"], definition=d["definition"],
            cues=tuple(d.get("cues", ())), weak_cues=tuple(d.get("weak_cues", ())),
            examples=tuple(d.get("examples", ())),
            colour=d.get("colour", ""),
        )
        for d in raw["domain"]
    )
    ids = [d.id for d in domains]
    if len(set(ids)) != len(ids) or OTHER not in ids:
        raise ValueError("taxonomy.toml: domain ids must be unique and include 'other'")
    return domains


def domain_ids() -> tuple[str, ...]:
    return tuple(d.id for d in load_taxonomy())


def domain_names() -> dict[str, str]:
    """Domain id -> its Chinese name (劳动竞赛与建功立业 …), for tables, charts and exports."""
    return {d.id: d.zh for d in load_taxonomy()}


def domain_colours() -> dict[str, str]:
    """Domain id -> its colour (``#rrggbb``, the ``colour`` of taxonomy.toml): one fixed colour per domain in every
    chart and report, so a domain looks the same wherever it is drawn."""
    colours = {d.id: d.colour for d in load_taxonomy()}
    bad = [i for i, c in colours.items() if not re.fullmatch(r"#[0-9a-f]{6}", c)]
    if bad or len(set(colours.values())) != len(colours):
        raise ValueError(f"taxonomy.toml: every domain needs a colour of its own, as #rrggbb (check {bad or 'duplicates'})")
    return colours


@lru_cache(maxsize=1)
def cue_lexicon() -> dict[str, tuple[str, bool]]:
    """Cue phrase -> (domain id, is_strong). A phrase listed twice keeps its first (strong) entry.

    The office names and other senses of ``[context]`` are weak cues of ``other``: the matcher takes the longest
    match, so a cue word inside 宣传文化站 or 迎新生 does not fire."""
    lexicon: dict[str, tuple[str, bool]] = {}
    for domain in load_taxonomy():
        for cue in domain.cues:
            lexicon.setdefault(cue, (domain.id, True))
    for domain in load_taxonomy():
        for cue in domain.weak_cues:
            lexicon.setdefault(cue, (domain.id, False))
    context = cue_context()
    clash = [p for p in context.names + context.other_senses if p in lexicon]
    if clash:
        raise ValueError(f"taxonomy.toml [context]: {clash} are cues of a domain too")
    for phrase in context.names + context.other_senses:
        lexicon[phrase] = (OTHER, False)
    return lexicon


def userdict_path():
    """``data/userdict.txt``: the multi-character cues in jieba's user-dictionary format.

    The classifier segments by character and does not need it. It is for jieba users (dedup, diff,
    anyone segmenting plan text): jieba's default dictionary splits 厂务公开, 集体协商 and 班组建设.
    Load it into a private ``jieba.Tokenizer()`` with ``load_userdict`` rather than the global one.
    """
    return resources.files("planparse.data").joinpath("userdict.txt")


def userdict_lines() -> list[str]:
    """The lines of ``userdict.txt`` (regenerate the file with ``write_userdict`` after editing cues)."""
    words = sorted({c for c in cue_lexicon() if len(c) >= 2}, key=lambda w: (len(w), w))
    return [f"{w} 2000 n" for w in words]


def write_userdict(path=None) -> None:
    from pathlib import Path

    target = Path(str(path or userdict_path()))
    target.write_text("\n".join(userdict_lines()) + "\n", encoding="utf-8")
