"""Domain taxonomies: the union taxonomy in ``data/taxonomy.toml`` (the default; its ids are the public contract),
or one of the user's own in the same format (``planparse parse --taxonomy FILE.toml``).

A ``Taxonomy`` is to the classifier what a spaCy config is to a pipeline: one file says everything (domains with
names, cues and colours, the ``[context]`` and ``[scope]`` tables, where its trained model is), and the object
read from it is passed down to everything that classifies. What the classifier derives from it (the cue
automaton, the context regexes, the classifier itself) is built once per object and kept on it (``memo``), so
two taxonomies can be used side by side in one process.

The module-level functions (``load_taxonomy``, ``domain_ids``, ``cue_lexicon`` …) answer for the default taxonomy.
"""

from __future__ import annotations

import os
import re
import threading
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any, Callable

from planparse.errors import InputError

OTHER = "other"
DEFAULT_NAME = "union"
# Colours for domains of a user's taxonomy that name none (in order): the union taxonomy's palette, which keeps
# any two apart; the colours a taxonomy does name are skipped.
FALLBACK_COLOURS = ("#e31a1c", "#00766c", "#00538a", "#9467bd", "#593315", "#ff7f0e", "#e377c2", "#009e73",
                    "#56b4e9", "#98df8a", "#1b2a6b", "#bcbd22", "#8c564b", "#17becf", "#c49c94", "#dbdb8d")
OTHER_COLOUR = "#9e9e9e"

_TOP_KEYS = {"version", "name", "description", "model", "domain", "context", "scope"}
_DOMAIN_KEYS = {"id", "zh", "en", "definition", "cues", "weak_cues", "examples", "colour"}
_SCOPE_KEYS = {"words", "not_words", "min_per_thousand", "min_chars"}
_ID = re.compile(r"[a-z][a-z0-9_]*")
_COLOUR = re.compile(r"#[0-9a-f]{6}")


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
    """Where cue words do not count (the ``[context]`` table of a taxonomy; applied by ``classify.assign``)."""

    names: tuple[str, ...] = ()  # offices and posts holding a cue word (宣传文化站): cues of `other`
    other_senses: tuple[str, ...] = ()  # phrases where a cue word means something else (迎新生)
    people_labels: tuple[str, ...] = ()  # 评委：… — a list of people follows
    prize_words: tuple[str, ...] = ()  # 一等奖, 奖品 — the clause says who wins
    framing_labels: tuple[str, ...] = ()  # 活动时间, 活动地点, 活动目的 … — framing headings and fields
    # 本计划, 本办法 …: opening a clause that says who explains the plan or when it takes effect (本办法由工会委员会
    # 负责解释, 本计划经会员代表大会通过后实施): the plan's closing clause, framing like a label
    closing_subjects: tuple[str, ...] = ()


@dataclass(frozen=True)
class Scope:
    """Whether a plan reads as work of the taxonomy's kind (the ``[scope]`` table; none: every plan does)."""

    words: tuple[str, ...] = ()
    not_words: tuple[str, ...] = ()  # 公务员工(资): 员工 there is no scope word
    min_per_thousand: float = 0.0
    min_chars: int = 0


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise InputError(f"{where}: expected a list of non-empty strings")
    return tuple(value)


class Taxonomy:
    """One domain taxonomy, read from a TOML file (``Taxonomy.load``) or the default (``Taxonomy.default()``).

    ``name`` (the file's ``name``, else its stem) and ``digest`` (sha256 of the file, 16 hex digits) identify it:
    the store records them for every document it classified. ``model_dir`` is where its trained model is: the
    file's ``model`` key, relative to the file, else ``<stem>_model`` beside it (``planparse train --taxonomy``
    writes there). Without a model there, it classifies by its cues alone.
    """

    def __init__(self, raw: dict, *, source: Path | None = None, data: bytes = b"", model: Path | None = None,
                 builtin: bool = False):
        where = str(source) if source else "taxonomy"
        self.source = source
        self._data = data  # the file's bytes, hashed when ``digest`` is first asked for
        self.builtin = builtin
        unknown = set(raw) - _TOP_KEYS
        if unknown:
            raise InputError(f"{where}: unknown keys {sorted(unknown)} (known: {sorted(_TOP_KEYS)})")
        name = raw.get("name", source.stem if source else "")
        if not isinstance(name, str) or not name.strip():
            raise InputError(f"{where}: 'name' must be a non-empty string")
        self.name: str = name.strip()
        self.description: str = str(raw.get("description", ""))
        self.domains: tuple[Domain, ...] = self._domains(raw.get("domain"), where)
        self.context: CueContext = self._context(raw.get("context", {}), where)
        self.scope: Scope = self._scope(raw.get("scope", {}), where)
        if model is not None:
            self.model_dir: Path | None = Path(model)
        elif "model" in raw:
            if not isinstance(raw["model"], str) or not raw["model"].strip():
                raise InputError(f"{where}: 'model' must be a folder name (relative to the taxonomy file)")
            base = source.parent if source else Path.cwd()
            self.model_dir = base / raw["model"]
        elif source is not None and not builtin:
            self.model_dir = source.parent / f"{source.stem}_model"  # beside the file, when it names none
        else:
            self.model_dir = None
        self._memo: dict[str, Any] = {}
        self._lock = threading.RLock()  # re-entrant: building one thing may need another

    # --- reading -------------------------------------------------------------------------------------------

    @classmethod
    def load(cls, path: str | os.PathLike, model: str | os.PathLike | None = None) -> "Taxonomy":
        """Read a taxonomy file; ``model`` overrides the folder its ``model`` key names."""
        path = Path(path)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise InputError(f"{path}: no such taxonomy file") from None
        except OSError as exc:
            raise InputError(f"{path}: cannot read the taxonomy ({exc.strerror or exc})") from None
        return cls.from_bytes(data, source=path, model=model)

    @classmethod
    def from_bytes(cls, data: bytes, source: Path | None = None, model: str | os.PathLike | None = None,
                   builtin: bool = False) -> "Taxonomy":
        where = str(source) if source else "taxonomy"
        try:
            raw = tomllib.loads(data.decode("utf-8"))
        except UnicodeDecodeError:
            raise InputError(f"{where}: a taxonomy file must be UTF-8 text") from None
        except tomllib.TOMLDecodeError as exc:
            raise InputError(f"{where}: not valid TOML ({exc})") from None
        return cls(raw, source=source, data=data,
                   model=Path(model) if model is not None else None, builtin=builtin)

    @staticmethod
    def default() -> "Taxonomy":
        """The union taxonomy shipped in the package (read once per process)."""
        return default_taxonomy()

    @staticmethod
    def _domains(raw: Any, where: str) -> tuple[Domain, ...]:
        if not isinstance(raw, list) or not raw:
            raise InputError(f"{where}: no [[domain]] tables")
        domains = []
        for n, d in enumerate(raw, 1):
            here = f"{where}: domain {n}"
            if not isinstance(d, dict):
                raise InputError(f"{here}: not a table")
            unknown = set(d) - _DOMAIN_KEYS
            if unknown:
                raise InputError(f"{here}: unknown keys {sorted(unknown)} (known: {sorted(_DOMAIN_KEYS)})")
            ident = d.get("id")
            if not isinstance(ident, str) or not _ID.fullmatch(ident):
                raise InputError(f"{here}: 'id' must be lower-case ASCII letters, digits and _ (got {ident!r})")
            here = f"{where}: domain {ident!r}"
            zh = d.get("zh", ident)
            colour = d.get("colour", "")
            if not isinstance(colour, str) or (colour and not _COLOUR.fullmatch(colour)):
                raise InputError(f"{here}: 'colour' must be #rrggbb in lower case (got {colour!r})")
            domains.append(Domain(
                id=ident, zh=str(zh), en=str(d.get("en", ident)), definition=str(d.get("definition", "")),
                cues=_strings(d.get("cues", []), f"{here}: cues"),
                weak_cues=_strings(d.get("weak_cues", []), f"{here}: weak_cues"),
                examples=_strings(d.get("examples", []), f"{here}: examples"), colour=colour))
        ids = [d.id for d in domains]
        if len(set(ids)) != len(ids):
            raise InputError(f"{where}: domain ids must be unique (twice: {sorted({i for i in ids if ids.count(i) > 1})})")
        if OTHER not in ids:
            raise InputError(f"{where}: needs a domain with id 'other' (text that is none of the others)")
        return tuple(domains)

    @staticmethod
    def _context(raw: Any, where: str) -> CueContext:
        if not isinstance(raw, dict):
            raise InputError(f"{where}: [context] must be a table")
        unknown = set(raw) - set(CueContext.__dataclass_fields__)
        if unknown:
            raise InputError(f"{where}: [context]: unknown keys {sorted(unknown)}")
        return CueContext(**{k: _strings(v, f"{where}: [context] {k}") for k, v in raw.items()})

    @staticmethod
    def _scope(raw: Any, where: str) -> Scope:
        if not isinstance(raw, dict):
            raise InputError(f"{where}: [scope] must be a table")
        unknown = set(raw) - _SCOPE_KEYS
        if unknown:
            raise InputError(f"{where}: [scope]: unknown keys {sorted(unknown)}")
        try:
            return Scope(words=_strings(raw.get("words", []), f"{where}: [scope] words"),
                         not_words=_strings(raw.get("not_words", []), f"{where}: [scope] not_words"),
                         min_per_thousand=float(raw.get("min_per_thousand", 0.0)),
                         min_chars=int(raw.get("min_chars", 0)))
        except (TypeError, ValueError):
            raise InputError(f"{where}: [scope] min_per_thousand and min_chars must be numbers") from None

    # --- what is derived from it ----------------------------------------------------------------------------

    @cached_property
    def digest(self) -> str:
        """sha256 of the taxonomy file, 16 hex digits (hashlib loads on first use: parsing never needs it)."""
        import hashlib

        return hashlib.sha256(self._data).hexdigest()[:16]

    @property
    def identity(self) -> str:
        """``name@digest``: what the store records for a document this taxonomy classified."""
        return f"{self.name}@{self.digest}"

    @property
    def is_default(self) -> bool:
        return self.builtin

    @cached_property
    def ids(self) -> tuple[str, ...]:
        return tuple(d.id for d in self.domains)

    @cached_property
    def index(self) -> dict[str, int]:
        return {d: i for i, d in enumerate(self.ids)}

    @cached_property
    def names(self) -> dict[str, str]:
        """Domain id -> its Chinese name, for tables, charts and exports."""
        return {d.id: d.zh for d in self.domains}

    @cached_property
    def colours(self) -> dict[str, str]:
        """Domain id -> ``#rrggbb``. The default taxonomy must name one colour per domain; a user's domains that
        name none take the unused colours of ``FALLBACK_COLOURS`` in order (`other` grey)."""
        given = {d.id: d.colour for d in self.domains if d.colour}
        if self.builtin:
            bad = [d.id for d in self.domains if not d.colour]
            if bad or len(set(given.values())) != len(given):
                raise ValueError(f"taxonomy.toml: every domain needs a colour of its own, as #rrggbb "
                                 f"(check {bad or 'duplicates'})")
            return given
        spare = iter(c for c in FALLBACK_COLOURS if c not in set(given.values()))
        out = {}
        for d in self.domains:
            out[d.id] = given.get(d.id) or (OTHER_COLOUR if d.id == OTHER and OTHER_COLOUR not in given.values()
                                            else next(spare, "#d0d0d0"))
        return out

    @cached_property
    def cue_lexicon(self) -> dict[str, tuple[str, bool]]:
        """Cue phrase -> (domain id, is_strong). A phrase listed twice keeps its first (strong) entry.

        The office names and other senses of ``[context]`` are weak cues of ``other``: the matcher takes the
        longest match, so a cue word inside 宣传文化站 or 迎新生 does not fire."""
        lexicon: dict[str, tuple[str, bool]] = {}
        for domain in self.domains:
            for cue in domain.cues:
                lexicon.setdefault(cue, (domain.id, True))
        for domain in self.domains:
            for cue in domain.weak_cues:
                lexicon.setdefault(cue, (domain.id, False))
        context = self.context
        clash = [p for p in context.names + context.other_senses if p in lexicon]
        if clash:
            raise InputError(f"{self.source or 'taxonomy.toml'} [context]: {clash} are cues of a domain too")
        for phrase in context.names + context.other_senses:
            lexicon[phrase] = (OTHER, False)
        return lexicon

    def memo(self, key: str, build: Callable[..., Any], *args: Any) -> Any:
        """What ``build(*args)`` returns, built once for this taxonomy (the cue automaton, regexes, the classifier).
        Pass a module-level ``build`` and its arguments rather than a new closure: some callers run per text."""
        try:
            return self._memo[key]
        except KeyError:
            pass
        with self._lock:
            if key not in self._memo:
                self._memo[key] = build(*args)
            return self._memo[key]

    def __repr__(self) -> str:
        where = f", source={str(self.source)!r}" if self.source and not self.builtin else ""
        return f"Taxonomy({self.name!r}, {len(self.domains)} domains{where})"


_default: Taxonomy | None = None
_default_lock = threading.Lock()


def default_taxonomy() -> Taxonomy:
    """The shipped union taxonomy, read once per process."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                data = resources.files("planparse.data").joinpath("taxonomy.toml")
                _default = Taxonomy.from_bytes(data.read_bytes(), source=Path(str(data)), builtin=True)
    return _default


# Taxonomies read from a path by ``resolve``, by (file, modification time, size): a loop calling
# ``planparse.load(f, taxonomy="school.toml")`` reads the file once and keeps one classifier.
_BY_PATH: dict[tuple, Taxonomy] = {}
_BY_PATH_MAX = 8


def resolve(taxonomy: "Taxonomy | str | os.PathLike | None") -> Taxonomy:
    """A Taxonomy from what callers pass: None (the default), a Taxonomy, or the path of a taxonomy file."""
    if taxonomy is None:
        return default_taxonomy()
    if isinstance(taxonomy, Taxonomy):
        return taxonomy
    if not isinstance(taxonomy, (str, os.PathLike)):
        raise TypeError(f"taxonomy must be a Taxonomy or the path of a .toml file, not {type(taxonomy).__name__}")
    path = Path(taxonomy)
    try:
        stat = path.stat()
        key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    except OSError:
        return Taxonomy.load(path)  # raises the one-line error
    found = _BY_PATH.get(key)
    if found is None:
        found = Taxonomy.load(path)
        if len(_BY_PATH) >= _BY_PATH_MAX:
            _BY_PATH.pop(next(iter(_BY_PATH)))
        _BY_PATH[key] = found
    return found


# --- the default taxonomy -----------------------------------------------------------------------------------


def cue_context() -> CueContext:
    return default_taxonomy().context


def scope() -> Scope:
    return default_taxonomy().scope


def load_taxonomy() -> tuple[Domain, ...]:
    """All domains of the default taxonomy in file order (``other`` last)."""
    return default_taxonomy().domains


def domain_ids() -> tuple[str, ...]:
    return default_taxonomy().ids


def domain_names() -> dict[str, str]:
    """Domain id -> its Chinese name (劳动竞赛与建功立业 …), for tables, charts and exports."""
    return default_taxonomy().names


def domain_colours() -> dict[str, str]:
    """Domain id -> its colour (``#rrggbb``, the ``colour`` of taxonomy.toml): one fixed colour per domain in every
    chart and report, so a domain looks the same wherever it is drawn."""
    return default_taxonomy().colours


def cue_lexicon() -> dict[str, tuple[str, bool]]:
    """Cue phrase -> (domain id, is_strong) of the default taxonomy (``Taxonomy.cue_lexicon``)."""
    return default_taxonomy().cue_lexicon


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
    target = Path(str(path or userdict_path()))
    target.write_text("\n".join(userdict_lines()) + "\n", encoding="utf-8")
