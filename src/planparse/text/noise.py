"""The noise rules of ``data/noise.toml``, compiled: line rules, span rules, placeholders, mojibake.

Pure data loading and regex compilation; ``clean`` applies the rules, and lint, export and the diff read
the placeholder rules from here.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources

from planparse.text.gate import Scanner, required_literals


@dataclass(frozen=True)
class Rule:
    kind: str
    reason: str
    pattern: re.Pattern
    # then = "list": the lines after a line this rule removed go with it (same kind) while they are entries
    # of the list it heads (entry; without one, short link lines), until another line or a repeated entry.
    then: str | None = None
    entry: re.Pattern | None = None
    # without an entry pattern: numbered lines that are entries too, besides the short link lines
    numbered_entry: re.Pattern | None = None
    entry_reason: str | None = None
    needs_entry: bool = False  # the line is noise only when an entry follows it (a lead like 温馨提示：)
    # span rules: a page counter N/M kept as noise only when the document has another with the same M
    series: bool = False
    # strings one of which every match contains (text.gate); None: the rule must always run
    needs: tuple[str, ...] | None = None
    # finds the pattern's matches in a whole document, trying it only where a match can start (text.gate)
    scan: Scanner | None = field(default=None, compare=False, repr=False)

    def finditer(self, text: str):
        """``pattern.finditer(text)`` over a whole text, the same matches found faster."""
        return self.scan.finditer(text) if self.scan is not None else self.pattern.finditer(text)

    def may_match(self, text: str) -> bool:
        return self.needs is None or any(word in text for word in self.needs)


@dataclass(frozen=True)
class NoiseRules:
    line: list[Rule]
    line_doc: list[Rule]  # the line rules made to run over a whole document (a superset, confirmed per line)
    span: list[Rule]
    placeholder: list[Rule]
    placeholder_any: re.Pattern
    placeholder_context: dict[str, str]  # characters that make a placeholder's reading (for reports)
    mojibake: re.Pattern  # one character typical of text decoded with the wrong codec
    mojibake_min: int


@lru_cache(maxsize=1)
def noise_rules() -> NoiseRules:
    data = tomllib.loads(resources.files("planparse.data").joinpath("noise.toml").read_text("utf-8"))

    macros = _macros(data.get("define", {}))

    def rules(key: str, flags: int = 0) -> list[Rule]:
        return [_rule(_expand(r, macros), flags) for r in data[key]]

    line = rules("line")
    placeholder = rules("placeholder", re.MULTILINE)
    return NoiseRules(
        line=line,
        line_doc=[_gated(replace(r, pattern=re.compile(_per_line(r.pattern.pattern), re.MULTILINE))) for r in line],
        span=rules("span", re.MULTILINE),
        placeholder=placeholder,
        placeholder_any=re.compile("|".join(f"(?:{r.pattern.pattern})" for r in placeholder)),
        placeholder_context=dict(data.get("placeholder_context", {})),
        mojibake=_mojibake_pattern(data.get("mojibake", {})),
        mojibake_min=int(data.get("mojibake", {}).get("min_count", 3)),
    )


_THEN = (None, "list")
_MACRO = re.compile(r"\{\{([a-z_]+)\}\}")


def _macros(define: dict[str, str]) -> dict[str, str]:
    """[define] fragments (word lists shared by several rules), each used as {{name}} in a pattern; a
    fragment may use the ones defined above it."""
    macros: dict[str, str] = {}
    for name, fragment in define.items():
        fragment = _substitute(fragment, macros)
        re.compile(fragment)
        macros[name] = f"(?:{fragment})"
    return macros


def _substitute(pattern: str, macros: dict[str, str]) -> str:
    def one(m: re.Match) -> str:
        if m.group(1) not in macros:
            raise ValueError(f"noise.toml: {{{{{m.group(1)}}}}} is not in [define] (above its use)")
        return macros[m.group(1)]

    return _MACRO.sub(one, pattern)


def _expand(spec: dict, macros: dict[str, str]) -> dict:
    return {**spec, **{k: _substitute(spec[k], macros) for k in ("pattern", "entry", "numbered_entry") if k in spec}}


def _rule(spec: dict, flags: int) -> Rule:
    if spec.get("then") not in _THEN:
        raise ValueError(f"noise.toml: unknown then = {spec.get('then')!r} (one of {_THEN[1:]})")
    if ("entry" in spec or "numbered_entry" in spec or spec.get("needs_entry")) and spec.get("then") != "list":
        raise ValueError(f"noise.toml: entry/needs_entry without then = \"list\": {spec['pattern']!r}")
    if "entry" in spec and "numbered_entry" in spec:
        raise ValueError(f"noise.toml: entry and numbered_entry in one rule: {spec['pattern']!r}")
    return _gated(Rule(
        kind=spec["kind"],
        reason=spec.get("reason", spec["kind"]),
        pattern=re.compile(spec["pattern"], flags),
        then=spec.get("then"),
        entry=re.compile(spec["entry"]) if "entry" in spec else None,
        numbered_entry=re.compile(spec["numbered_entry"]) if "numbered_entry" in spec else None,
        entry_reason=spec.get("entry_reason"),
        needs_entry=bool(spec.get("needs_entry", False)),
        series=bool(spec.get("series", False)),
    ))


def _gated(rule: Rule) -> Rule:
    return replace(rule, needs=required_literals(rule.pattern), scan=Scanner(rule.pattern))


def _mojibake_pattern(spec: dict) -> re.Pattern:
    chars = re.escape(spec.get("characters", "")) + ("\u3100-\u312f" if spec.get("bopomofo") else "")
    return re.compile(f"[{chars}]") if chars else re.compile(r"(?!)")


_EDGE_SPACE = "[ \\t\\u3000\\xa0]*"


def _per_line(pattern: str) -> str:
    """A line rule (written for a stripped line) made to find candidates in a whole document.

    Only a superset is needed: every candidate line is confirmed with the rule itself.
    """
    return f"^{_EDGE_SPACE}(?:{pattern[1:]})" if pattern.startswith("^") else pattern
