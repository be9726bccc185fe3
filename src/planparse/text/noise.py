"""The noise rules of ``data/noise.toml``, compiled: line rules, span rules, placeholders, mojibake.

Pure data loading and regex compilation; ``clean`` applies the rules, and lint, export and the diff read
the placeholder rules from here.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Rule:
    kind: str
    reason: str
    pattern: re.Pattern


@dataclass(frozen=True)
class NoiseRules:
    line: list[Rule]
    line_doc: list[re.Pattern]  # the line rules made to run over a whole document
    span: list[Rule]
    placeholder: list[Rule]
    placeholder_any: re.Pattern
    placeholder_context: dict[str, str]  # characters that make a placeholder's reading (for reports)
    mojibake: re.Pattern  # one character typical of text decoded with the wrong codec
    mojibake_min: int


@lru_cache(maxsize=1)
def noise_rules() -> NoiseRules:
    data = tomllib.loads(resources.files("planparse.data").joinpath("noise.toml").read_text("utf-8"))

    def rules(key: str, flags: int = 0) -> list[Rule]:
        return [Rule(r["kind"], r.get("reason", r["kind"]), re.compile(r["pattern"], flags)) for r in data[key]]

    line = rules("line")
    placeholder = rules("placeholder", re.MULTILINE)
    return NoiseRules(
        line=line,
        line_doc=[re.compile(_per_line(r.pattern.pattern), re.MULTILINE) for r in line],
        span=rules("span", re.MULTILINE),
        placeholder=placeholder,
        placeholder_any=re.compile("|".join(f"(?:{r.pattern.pattern})" for r in placeholder)),
        placeholder_context=dict(data.get("placeholder_context", {})),
        mojibake=_mojibake_pattern(data.get("mojibake", {})),
        mojibake_min=int(data.get("mojibake", {}).get("min_count", 3)),
    )


def _mojibake_pattern(spec: dict) -> re.Pattern:
    chars = re.escape(spec.get("characters", "")) + ("\u3100-\u312f" if spec.get("bopomofo") else "")
    return re.compile(f"[{chars}]") if chars else re.compile(r"(?!)")


_EDGE_SPACE = "[ \\t\\u3000\\xa0]*"


def _per_line(pattern: str) -> str:
    """A line rule (written for a stripped line) made to find candidates in a whole document.

    Only a superset is needed: every candidate line is confirmed with the rule itself.
    """
    return f"^{_EDGE_SPACE}(?:{pattern[1:]})" if pattern.startswith("^") else pattern
