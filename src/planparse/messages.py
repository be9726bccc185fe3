"""What planparse says to people, in Chinese or English: messages, findings, table headers, chart labels.

    from planparse.messages import say, set_language
    set_language("zh")
    say("lint.empty_section", label="二、活动安排")   # '部分“二、活动安排”下没有内容'

The strings live in ``data/messages/*.toml`` (one file per area: lint, read, cli …), one table per message
with ``zh`` and ``en`` side by side (so a translator sees both and a test checks that every message has both,
with the same fields). A key is ``table.name``; the file it sits in does not matter. A TOML table
rather than gettext catalogues: no compile step, no .mo files to ship, and a missing translation is a test
failure instead of a silent fallback.

The language is, in order: ``set_language()`` (the CLI's ``--lang``), the ``PLANPARSE_LANG`` environment
variable, then the locale (``LC_ALL``, ``LC_MESSAGES``, ``LANG``): Chinese when it starts with ``zh``,
English otherwise.
"""

from __future__ import annotations

import os
import tomllib
from functools import lru_cache
from importlib import resources

LANGUAGES = ("zh", "en")
_chosen: str | None = None


@lru_cache(maxsize=1)
def catalogue() -> dict[str, dict[str, str]]:
    """Every message as ``{"area.name": {"zh": …, "en": …}}``."""
    flat: dict[str, dict[str, str]] = {}
    folder = resources.files("planparse.data").joinpath("messages")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        for table, messages in tomllib.loads(entry.read_text(encoding="utf-8")).items():
            for name, texts in messages.items():
                key = f"{table}.{name}"
                if key in flat:
                    raise ValueError(f"message {key} is defined twice (second time in {entry.name})")
                flat[key] = texts
    return flat


def language_from_environment() -> str:
    explicit = os.environ.get("PLANPARSE_LANG", "").strip().lower()
    if explicit in LANGUAGES:
        return explicit
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):  # POSIX precedence: the first one set decides
        value = os.environ.get(variable)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def set_language(language: str | None) -> None:
    """Speak ``"zh"`` or ``"en"`` from now on; ``None`` goes back to the environment's choice."""
    global _chosen
    if language is not None and language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {language!r}")
    _chosen = language


def language() -> str:
    return _chosen or language_from_environment()


def say(key: str, **fields: object) -> str:
    """The message ``key`` in the current language, with ``fields`` filled in."""
    return catalogue()[key][language()].format(**fields)
