"""Static network pictures: Chinese names as SVG text, PNGs of the size asked for."""

import struct
import xml.etree.ElementTree as ET

import pytest
from matplotlib import font_manager
from support.netcheck import UNIT_NAMES, invented_snapshot

from fengong.errors import FengongError
from fengong.graph.images import cjk_font_name, network_png, network_svg
from fengong.graph.network import co_responsibility_graph, task_unit_graph

SNAP = invented_snapshot()


def test_svg_keeps_the_unit_names_as_text_in_a_cjk_font():
    svg = network_svg(co_responsibility_graph(SNAP), title="共同责任网络")
    texts = {"".join(t.itertext()).strip() for t in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")}
    assert set(UNIT_NAMES.values()) <= texts
    assert "共同责任网络" in texts
    assert f"font-family: '{cjk_font_name()}'" in svg


def test_svg_of_task_unit_graph_dashes_support_edges():
    svg = network_svg(task_unit_graph(SNAP))
    assert "stroke-dasharray" in svg  # 6 support assignments are dashed
    assert set(UNIT_NAMES.values()) <= set(ET.fromstring(svg).itertext())


def test_png_is_a_png_of_the_asked_size():
    png = network_png(co_responsibility_graph(SNAP), width=640, height=480)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR"
    assert struct.unpack(">II", png[16:24]) == (640, 480)


def test_a_missing_cjk_font_is_a_plain_error_naming_the_package():
    latin = [f for f in font_manager.fontManager.ttflist if f.name == "DejaVu Sans"]
    with pytest.raises(FengongError, match="fonts-wqy-zenhei"):
        cjk_font_name(latin)
    noto = font_manager.FontEntry(fname="/x/NotoSansCJK.ttc", name="Noto Sans CJK JP")
    assert cjk_font_name([*latin, noto]) == "Noto Sans CJK JP"


def test_a_font_installed_after_matplotlib_cached_its_list_is_found(monkeypatch):
    """The stale-cache trap: the cached list lacks the CJK font that is on the system now."""
    real = list(font_manager.fontManager.ttflist)
    if not any("cjk" in f.name.lower() or "wenquanyi" in f.name.lower() for f in real):
        pytest.skip("no CJK font installed on this machine")
    stale = [f for f in real if "cjk" not in f.name.lower() and "wenquanyi" not in f.name.lower()]
    missing = {f.name for f in real} - {f.name for f in stale}
    monkeypatch.setattr(font_manager.fontManager, "ttflist", stale)
    with pytest.raises(FengongError):
        cjk_font_name(stale)  # the stale list alone has none
    assert cjk_font_name() in missing  # found on the system and added to the list


def test_without_any_cjk_font_on_the_system_the_bundled_one_draws(monkeypatch):
    """A slim Docker image has no CJK font: the pictures use the one the package carries."""
    latin = [f for f in font_manager.fontManager.ttflist if "cjk" not in f.name.lower() and "wenquanyi" not in f.name.lower()]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", latin)
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *a, **k: [])
    assert cjk_font_name() == "Noto Sans CJK SC"
    svg = network_svg(co_responsibility_graph(SNAP), title="共同责任网络")
    assert "font-family: 'Noto Sans CJK SC'" in svg
    png = network_png(co_responsibility_graph(SNAP), width=320, height=240)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_bundled_font_has_every_character_of_the_corpus_unit_names(extractions):
    from fontTools.ttLib import TTFont

    from fengong.data import BUNDLED_FONT

    cmap = TTFont(BUNDLED_FONT).getBestCmap()
    names = {u.name for x in extractions.values() for u in x.units}
    missing = sorted({c for n in names for c in n if ord(c) not in cmap})
    assert not missing, missing
