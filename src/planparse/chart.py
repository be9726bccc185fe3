"""Charts of the store's trends: domain emphasis per organization and year, drawn with matplotlib.

Every chart is drawn in the font planparse ships (``data/fonts/PlanparseSansSC-Regular.otf``, a subset of Noto
Sans CJK SC under the SIL Open Font License), so Chinese shows on any machine, with or without a CJK font of
its own, and nothing is fetched at run time. Domains are named in Chinese and each has one colour everywhere
(``colour`` in taxonomy.toml, read by ``classify.taxonomy.domain_colours``; a user's taxonomy, passed as
``taxonomy=``, brings its own names and colours).
"""

from __future__ import annotations

from collections import defaultdict
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from planparse.messages import say
from planparse.safe_io import atomic_target
from planparse.trends import pivot

if TYPE_CHECKING:
    from planparse.classify.taxonomy import Taxonomy

__all__ = ["trends_chart", "plain_label", "register_font", "font_path", "FONT_FAMILY", "labels"]

FONT_FAMILY = "Planparse Sans SC"
FONT_FILE = "PlanparseSansSC-Regular.otf"

LABEL_KEYS = ("title", "ylabel", "unsigned")


def labels() -> dict[str, str]:
    """Every word a chart writes besides names, in the interface language (data/messages/chart.toml)."""
    return {key: say(f"chart.{key}") for key in LABEL_KEYS}

# System fonts that can draw what the shipped subset lacks (rare hanzi in an organization's name), when present.
_SYSTEM_CJK = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "SimHei",
               "Microsoft YaHei", "PingFang SC", "Heiti SC")
_UNKNOWN_COLOUR = "#d0d0d0"  # a domain id the taxonomy no longer has (an old store)

MAX_PANELS = 6


def font_path() -> Path:
    """The shipped CJK font file."""
    return Path(str(resources.files("planparse.data").joinpath("fonts", FONT_FILE)))


def register_font() -> str:
    """Make the shipped font known to matplotlib (once per font list) and return its family name."""
    from matplotlib import font_manager

    path = str(font_path())
    if not any(entry.fname == path for entry in font_manager.fontManager.ttflist):
        font_manager.fontManager.addfont(path)
    return FONT_FAMILY


def _families() -> list[str]:
    """The font list for a chart: the shipped font first, then system CJK fonts for what it lacks, then DejaVu."""
    from matplotlib import font_manager

    present = {entry.name for entry in font_manager.fontManager.ttflist}
    return [register_font(), *(name for name in _SYSTEM_CJK if name in present), "DejaVu Sans"]


def plain_label(text: str) -> str:
    """A label matplotlib draws as written: ``$…$`` in document text is not mathtext (``\\$`` is a literal $)."""
    return text.replace("$", r"\$")


def _text_colour(fill: str) -> str:
    """Black or white, whichever reads better on ``fill`` (WCAG relative luminance)."""
    from matplotlib.colors import to_rgb

    channels = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(fill)]
    luminance = 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]
    return "black" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "white"


def trends_chart(rows: list[dict], out: str | Path, title: str = "", taxonomy: Taxonomy | None = None) -> Path:
    """A PNG of domain emphasis over years: per organization, one stacked bar per year of each domain's share.

    When some organizations have several years, only those are drawn (a single year is no trend);
    at most MAX_PANELS panels, organizations with the most years first. Domains carry their Chinese names and
    their fixed colours, those of ``taxonomy`` (default: the union taxonomy); the title defaults to
    ``labels()["title"]``.
    """
    import matplotlib

    matplotlib.use("Agg")  # no display needed, and safe in threads and CI
    import matplotlib.pyplot as plt

    from planparse.classify.taxonomy import default_taxonomy
    from planparse.errors import InputError

    keys, domains, table = pivot(rows)
    words = labels()
    if not keys:
        raise InputError("no dated plans in the store to chart (ingest some first)")
    taxonomy = taxonomy or default_taxonomy()
    names = taxonomy.names
    colours = taxonomy.colours
    years_of: dict[str, list[int]] = defaultdict(list)
    for org, year in keys:
        years_of[org].append(year)
    orgs = sorted(years_of, key=lambda o: (-len(years_of[o]), o))
    if len(years_of[orgs[0]]) > 1:
        orgs = [o for o in orgs if len(years_of[o]) > 1]
    orgs = orgs[:MAX_PANELS]
    with plt.rc_context({"font.family": _families(), "axes.unicode_minus": False}):
        fig, axes = plt.subplots(len(orgs), 1, figsize=(9, 2.6 * len(orgs) + 0.8), squeeze=False)
        drawn: dict[str, object] = {}
        for ax, org in zip(axes[:, 0], orgs):
            years = sorted(years_of[org])
            totals = [max(sum(table[(org, y)].values()), 1) for y in years]
            bottom = [0.0] * len(years)
            for domain in domains:
                shares = [100.0 * table[(org, y)].get(domain, 0) / t for y, t in zip(years, totals)]
                if not any(shares):
                    continue
                fill = colours.get(domain, _UNKNOWN_COLOUR)
                bars = ax.bar([str(y) for y in years], shares, bottom=bottom, color=fill, width=0.6,
                              edgecolor="white", linewidth=0.6)
                drawn.setdefault(domain, bars)
                for k, (share, base) in enumerate(zip(shares, bottom)):
                    if share >= 8:  # label the segments big enough to read
                        ax.text(k, base + share / 2, f"{share:.0f}%", ha="center", va="center", fontsize=7,
                                color=_text_colour(fill))
                bottom = [b + v for b, v in zip(bottom, shares)]
            ax.set_title(plain_label(org or words["unsigned"]), fontsize=10)
            ax.set_ylabel(words["ylabel"])
            ax.set_ylim(0, 100)
            ax.spines[["top", "right"]].set_visible(False)
        # The legend lists domains top to bottom as the bars stack them.
        shown = [d for d in reversed(domains) if d in drawn]
        fig.legend([drawn[d] for d in shown], [plain_label(names.get(d, d)) for d in shown],
                   loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=8, frameon=False)
        fig.suptitle(plain_label(title or words["title"]), fontsize=11)
        try:
            fig.tight_layout()
            out = Path(out)
            out.parent.mkdir(parents=True, exist_ok=True)
            fmt = out.suffix[1:].lower()
            fmt = fmt if fmt in fig.canvas.get_supported_filetypes() else "png"
            with atomic_target(out) as tmp:  # a failed save leaves the previous chart as it was
                fig.savefig(tmp, dpi=110, bbox_inches="tight", format=fmt)
        finally:
            plt.close(fig)
    return out
