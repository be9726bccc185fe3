"""The trends chart renders anywhere: Chinese in the font planparse ships, one colour per domain, no warning.

"A machine with no CJK font" is made here by leaving matplotlib only the fonts it bundles (DejaVu and the
like), so these tests say the same on a developer's desktop full of fonts and on a bare CI machine.
"""

from __future__ import annotations

import warnings

import matplotlib
import matplotlib.backends.backend_agg
import matplotlib.figure
import matplotlib.pyplot as plt
import matplotlib.text
import numpy as np
import pytest
from fontTools.ttLib import TTFont
from matplotlib import font_manager
from matplotlib.colors import to_rgb

import planparse.chart as chart
from planparse.chart import FONT_FAMILY, font_path, labels, register_font, trends_chart
from planparse.classify.taxonomy import domain_colours, domain_ids, domain_names
from planparse.errors import InputError
from planparse.messages import catalogue

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def _chinese_interface(monkeypatch):
    """The chart's own words in Chinese (the default for Chinese users); names are Chinese in any language."""
    monkeypatch.setenv("PLANPARSE_LANG", "zh")

# Three organizations of our own, one written in traditional characters, one unsigned; two or three years each.
ROWS = [
    {"organization": org, "year": year, "domain": domain, "count": count}
    for org, years in (("星海区总工会", (2023, 2024, 2025)), ("城南實驗中學工會", (2024, 2025)), ("", (2024, 2025)))
    for year in years
    for domain, count in (("competition", 6 + year % 3), ("welfare_assistance", 4), ("women_workers", 2),
                          ("ideology_publicity", 3 + year % 2), ("other", 1))
]


@pytest.fixture
def no_system_cjk(monkeypatch):
    """matplotlib as on a fresh machine: only the fonts it bundles, none of them CJK."""
    bundled = [f for f in font_manager.fontManager.ttflist if f.fname.startswith(matplotlib.get_data_path())]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", bundled)
    font_manager.fontManager._findfont_cached.cache_clear()
    yield
    monkeypatch.undo()
    font_manager.fontManager._findfont_cached.cache_clear()


def _cmap() -> dict[int, str]:
    with TTFont(font_path(), lazy=True) as font:
        return font.getBestCmap()


def test_without_a_system_cjk_font_chinese_would_be_boxes(no_system_cjk):
    # The situation the shipped font is for: DejaVu alone cannot draw 领域.
    fig = plt.figure()
    fig.text(0.5, 0.5, "各领域事项占比", family="DejaVu Sans")
    with pytest.warns(UserWarning, match="missing from font"):
        fig.canvas.draw()
    plt.close(fig)


def test_matplotlib_resolves_the_chart_font_to_the_shipped_file(no_system_cjk):
    assert register_font() == FONT_FAMILY
    found = font_manager.findfont(font_manager.FontProperties(family=FONT_FAMILY), fallback_to_default=False)
    assert found == str(font_path())
    assert font_path().stat().st_size < 4_000_000  # a subset, not the 16 MB face
    assert (font_path().parent / "OFL.txt").read_text(encoding="utf-8").count("SIL OPEN FONT LICENSE Version 1.1")


def test_the_shipped_font_has_every_character_the_chart_writes():
    cmap = _cmap()
    words = [*labels().values(), *(m['zh'] for k, m in catalogue().items() if k.startswith('chart.')), *domain_names().values(), "0123456789%", "城南實驗中學工會", "恒拓精密机械有限公司工会"]
    missing = {ch for word in words for ch in word if ord(ch) not in cmap and not ch.isspace()}
    assert not missing
    # GB 2312 and the common traditional forms are in; an unused script is not (it would only add weight).
    assert all(ord(ch) in cmap for ch in "齄亍丌爲衆臺灣會麼")
    assert ord("가") not in cmap


def test_trends_chart_draws_every_label_in_the_shipped_font_with_no_warning(tmp_path, monkeypatch, no_system_cjk):
    used: list[list[str]] = []
    real_get_font = matplotlib.backends.backend_agg.get_font

    def spy(paths, *args, **kwargs):
        used.append(list(paths) if isinstance(paths, (list, tuple)) else [paths])
        return real_get_font(paths, *args, **kwargs)

    monkeypatch.setattr(matplotlib.backends.backend_agg, "get_font", spy)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a Glyph … missing warning fails the test
        out = trends_chart(ROWS, tmp_path / "trends.png")
    assert out.read_bytes().startswith(b"\x89PNG")
    assert used and all(paths[0] == str(font_path()) for paths in used), used


def test_chart_words_are_chinese_by_default(tmp_path, monkeypatch):
    texts: list[str] = []
    real_savefig = matplotlib.figure.Figure.savefig

    def record(fig, *args, **kwargs):
        texts.extend(t.get_text() for t in fig.findobj(matplotlib.text.Text) if t.get_text())
        return real_savefig(fig, *args, **kwargs)

    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", record)
    trends_chart(ROWS, tmp_path / "trends.png")
    words = labels()
    assert words["title"] in texts and words["ylabel"] in texts and words["unsigned"] in texts
    assert {"劳动竞赛与建功立业", "困难帮扶与送温暖", "女职工工作", "其他", "城南實驗中學工會"} <= set(texts)
    assert not {"competition", "other", "% of items", "(unsigned)"} & set(texts)


def test_every_domain_has_a_colour_of_its_own_and_they_differ_clearly():
    colours = domain_colours()
    assert set(colours) == set(domain_ids())
    assert len(set(colours.values())) == len(colours)

    def lab(hex_colour):  # CIELAB (D65) of an sRGB colour
        rgb = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in to_rgb(hex_colour)]
        xyz = [sum(m * c for m, c in zip(row, rgb)) / white for row, white in zip(
            ((0.4124, 0.3576, 0.1805), (0.2126, 0.7152, 0.0722), (0.0193, 0.1192, 0.9505)), (0.95047, 1.0, 1.08883))]
        f = [v ** (1 / 3) if v > 216 / 24389 else (24389 / 27 * v + 16) / 116 for v in xyz]
        return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])

    points = {d: lab(c) for d, c in colours.items()}
    closest = min(sum((a - b) ** 2 for a, b in zip(points[x], points[y])) ** 0.5
                  for x in points for y in points if x < y)
    assert closest >= 20, closest  # CIE76: ours are 23 apart at the closest, tab20's first 15 colours 16.6


def _colours_in(png) -> set[tuple[int, int, int]]:
    pixels = np.rint(plt.imread(png)[:, :, :3] * 255).astype(int).reshape(-1, 3)
    return {tuple(int(v) for v in px) for px in np.unique(pixels, axis=0)}


def _rgb(hex_colour) -> tuple[int, int, int]:
    return tuple(int(round(v * 255)) for v in to_rgb(hex_colour))


def test_a_domain_keeps_its_colour_from_chart_to_chart(tmp_path):
    # Chart A: competition leads. Chart B: ideology leads and competition comes third; with colours handed
    # out by rank (as before), competition would take another colour in B.
    a = [{"organization": "星海区总工会", "year": y, "domain": d, "count": n}
         for y in (2024, 2025) for d, n in (("competition", 9), ("welfare_assistance", 3))]
    b = [{"organization": "青山区总工会", "year": y, "domain": d, "count": n}
         for y in (2024, 2025) for d, n in (("ideology_publicity", 9), ("model_workers", 5), ("competition", 3))]
    seen_a = _colours_in(trends_chart(a, tmp_path / "a.png"))
    seen_b = _colours_in(trends_chart(b, tmp_path / "b.png"))
    colours = domain_colours()
    assert _rgb(colours["competition"]) in seen_a and _rgb(colours["competition"]) in seen_b
    assert _rgb(colours["welfare_assistance"]) in seen_a and _rgb(colours["welfare_assistance"]) not in seen_b
    assert _rgb(colours["ideology_publicity"]) in seen_b and _rgb(colours["ideology_publicity"]) not in seen_a


def test_segment_labels_stay_readable_on_dark_and_light_colours():
    assert chart._text_colour(domain_colours()["union_self_building"]) == "white"  # navy
    assert chart._text_colour(domain_colours()["model_workers"]) == "black"  # yellow


def test_trends_png_draws_dollar_labels_as_written(tmp_path):
    # Document text is not mathtext: a $ in an organization's name or a title is drawn as a $.
    rows = [{"organization": org, "year": year, "domain": domain, "count": 2}
            for org in ("Xinghai $\\sqrt{$ Union", "星海$\\frac{$区总工会") for year in (2024, 2025)
            for domain in ("competition", "ideology_publicity")]
    out = trends_chart(rows, tmp_path / "chart.png", title="趋势 $\\sqrt{$")
    assert out.read_bytes().startswith(b"\x89PNG")


def test_an_empty_store_has_no_chart(tmp_path):
    with pytest.raises(InputError):
        trends_chart([], tmp_path / "empty.png")
    assert not (tmp_path / "empty.png").exists()
