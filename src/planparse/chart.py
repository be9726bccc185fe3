"""Charts of the store's trends: domain emphasis per organization and year, drawn with matplotlib."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from planparse.safe_io import atomic_target
from planparse.trends import pivot

__all__ = ["trends_chart", "plain_label"]


def _cjk_font() -> str | None:
    from matplotlib import font_manager

    names = {f.name for f in font_manager.fontManager.ttflist}
    for name in ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
                 "SimHei", "Microsoft YaHei", "PingFang SC", "Heiti SC"):
        if name in names:
            return name
    return None


MAX_PANELS = 6


def plain_label(text: str) -> str:
    """A label matplotlib draws as written: ``$…$`` in document text is not mathtext (``\\$`` is a literal $)."""
    return text.replace("$", r"\$")


def trends_chart(rows: list[dict], out: str | Path, title: str = "") -> Path:
    """A PNG of domain emphasis over years: per organization, one stacked bar per year of each domain's share.

    When some organizations have several years, only those are drawn (a single year is no trend);
    at most MAX_PANELS panels, organizations with the most years first.
    """
    import matplotlib

    matplotlib.use("Agg")  # no display needed, and safe in threads and CI
    import matplotlib.pyplot as plt

    from planparse.errors import InputError

    keys, domains, table = pivot(rows)
    if not keys:
        raise InputError("no dated plans in the store to chart (ingest some first)")
    from planparse.classify.taxonomy import domain_names

    font = _cjk_font()
    labels = domain_names() if font is not None else {}  # without a CJK font the ids are the labels
    years_of: dict[str, list[int]] = defaultdict(list)
    for org, year in keys:
        years_of[org].append(year)
    orgs = sorted(years_of, key=lambda o: (-len(years_of[o]), o))
    if len(years_of[orgs[0]]) > 1:
        orgs = [o for o in orgs if len(years_of[o]) > 1]
    orgs = orgs[:MAX_PANELS]
    with plt.rc_context({"font.family": [font, "DejaVu Sans"] if font else ["DejaVu Sans"],
                         "axes.unicode_minus": False}):
        fig, axes = plt.subplots(len(orgs), 1, figsize=(9, 2.6 * len(orgs) + 0.8), squeeze=False)
        cmap = plt.get_cmap("tab20")
        colours = {d: cmap(k % 20) for k, d in enumerate(domains)}
        drawn: dict[str, object] = {}
        for number, (ax, org) in enumerate(zip(axes[:, 0], orgs), 1):
            years = sorted(years_of[org])
            totals = [max(sum(table[(org, y)].values()), 1) for y in years]
            bottom = [0.0] * len(years)
            for domain in domains:
                shares = [100.0 * table[(org, y)].get(domain, 0) / t for y, t in zip(years, totals)]
                if not any(shares):
                    continue
                bars = ax.bar([str(y) for y in years], shares, bottom=bottom, color=colours[domain], width=0.6,
                              label=plain_label(labels.get(domain, domain)))
                drawn.setdefault(domain, bars)
                for k, (share, base) in enumerate(zip(shares, bottom)):
                    if share >= 8:  # label the segments big enough to read
                        ax.text(k, base + share / 2, f"{share:.0f}%", ha="center", va="center", fontsize=7)
                bottom = [b + v for b, v in zip(bottom, shares)]
            org_label = org or "(unsigned)"
            ax.set_title(plain_label(org_label) if font or org_label.isascii() else f"organization {number}", fontsize=10)
            ax.set_ylabel("% of items")
            ax.set_ylim(0, 100)
        fig.legend([drawn[d] for d in domains if d in drawn], [plain_label(labels.get(d, d)) for d in domains if d in drawn],
                   loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=8, frameon=False)
        fig.suptitle(plain_label(title or "Domain emphasis over years (share of each plan's items)"), fontsize=11)
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
