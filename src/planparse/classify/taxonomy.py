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


@lru_cache(maxsize=1)
def load_taxonomy() -> tuple[Domain, ...]:
    """All domains in file order (``other`` last)."""
    raw = tomllib.loads(resources.files("planparse.data").joinpath("taxonomy.toml").read_text("utf-8"))
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
    """Cue phrase -> (domain id, is_strong). A phrase listed twice keeps its first (strong) entry."""
    lexicon: dict[str, tuple[str, bool]] = {}
    for domain in load_taxonomy():
        for cue in domain.cues:
            lexicon.setdefault(cue, (domain.id, True))
    for domain in load_taxonomy():
        for cue in domain.weak_cues:
            lexicon.setdefault(cue, (domain.id, False))
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
