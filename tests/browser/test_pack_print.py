"""The printed packs read at A4 and on a phone: measured in chromium (Debian's, through Playwright).

Both layouts on the real store (the Enfield board pack to September 2015 and the Barking and Dagenham
one-pagers to December 2016, release 2016-12). At 390 px the HTML must not scroll sideways; laid out at
the width of an A4 page's text (178 mm, 673 CSS px), as the PDF is, every chart's text must print at 8 pt
or more and no two visible chart texts (axis labels, legend entries, titles, mark labels) may overlap.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
A4_TEXT_WIDTH_PX = round(178 / 25.4 * 96)  # 210 mm less the 16 mm margins, in CSS pixels
MIN_PT = 8

# each chart's visible text: its printed size in points (CSS px x the chart's scale x 0.75) and its box
CHART_TEXTS = """() => [...document.querySelectorAll('.chart svg')].map((svg) => {
  const scale = svg.getBoundingClientRect().width / svg.width.baseVal.value;
  return [...svg.querySelectorAll('text')]
    .filter((t) => t.textContent.trim() && t.getAttribute('opacity') !== '0' && getComputedStyle(t).opacity !== '0')
    .map((t) => { const r = t.getBoundingClientRect();
      return [t.textContent, parseFloat(getComputedStyle(t).fontSize) * scale * 0.75, r.left, r.top, r.right, r.bottom];
    });
})"""


@pytest.fixture(scope="module")
def packs(real_store: Path) -> dict[str, str]:
    from lib.pack import pack_document
    from lib.report import to_html
    from lib.store import Store
    from lib.views.pack import pack_sources, pack_view

    sources = pack_sources(Store(real_store), "2016-12")
    return {"snb": to_html(pack_document(pack_view(sources, "Enfield", "2015-09", "snb"), "snb")),
            "indicators": to_html(pack_document(pack_view(sources, "Barking and Dagenham", "2016-12", "indicators"),
                                                "indicators"))}


@pytest.fixture(scope="module")
def chromium(browser):
    """The session's chromium (tests/browser/conftest.py): one Playwright per process (a second sync
    Playwright in the same process fails inside the first one's event loop)."""
    return browser


@pytest.mark.parametrize("layout", ["snb", "indicators"])
def test_the_html_pack_reads_on_a_phone_without_sideways_scrolling(chromium, packs, layout: str) -> None:
    page = chromium.new_page(viewport=PHONE)
    page.set_content(packs[layout])
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # every table is still there, each cell after its column's name
    assert page.evaluate("getComputedStyle(document.querySelector('.table-block td')).display") == "block"
    page.close()


@pytest.fixture(scope="module")
def a4_texts(chromium, packs) -> dict[str, list]:
    out = {}
    for layout, html in packs.items():
        page = chromium.new_page(viewport={"width": A4_TEXT_WIDTH_PX, "height": 1100})
        page.emulate_media(media="print")
        page.set_content(html)
        out[layout] = page.evaluate(CHART_TEXTS)
        page.close()
    return out


@pytest.mark.parametrize("layout", ["snb", "indicators"])
def test_chart_text_is_8pt_or_more_at_a4(a4_texts, layout: str) -> None:
    charts = a4_texts[layout]
    assert len(charts) >= (3 if layout == "snb" else 14)  # the trend, unusual months, confidence; a history each
    sizes = [(text, round(pt, 2)) for chart in charts for text, pt, *_ in chart]
    assert sizes and min(pt for _, pt in sizes) >= MIN_PT, sorted(sizes, key=lambda s: s[1])[:5]


@pytest.mark.parametrize("layout", ["snb", "indicators"])
def test_no_chart_text_overlaps_at_a4(a4_texts, layout: str) -> None:
    overlaps = []
    for i, chart in enumerate(a4_texts[layout]):
        for a in range(len(chart)):
            for b in range(a + 1, len(chart)):
                (ta, _, la, ta_, ra, ba), (tb, _, lb, tb_, rb, bb) = chart[a], chart[b]
                if min(ra, rb) - max(la, lb) > 1 and min(ba, bb) - max(ta_, tb_) > 1:
                    overlaps.append((i, ta, tb))
    assert not overlaps
