"""Layout checks a reader's eye makes, as browser helpers (issue 23): the answer in the first screen above the
pickers, no sideways scroll, and no chart text drawn over other chart text.

Streamlit 1.67 draws Vega-Lite charts as SVG (``[data-testid="stVegaLiteChart"] svg``, one ``<text>`` element per
label, title and legend entry), so the overlap check reads the drawn text's bounding boxes in the page itself.
"""

from __future__ import annotations

ANSWER, CONTROLS = ".st-key-answer", ".st-key-controls"

FIRST_SCREEN_JS = """([answer, controls]) => {
    const box = s => { const e = document.querySelector(s); if (!e) return null;
                       const r = e.getBoundingClientRect(); return {top: r.top, bottom: r.bottom}; };
    const figure = document.querySelector(answer + ' [data-testid="stMetricValue"]');
    const f = figure ? figure.getBoundingClientRect() : null;
    const words = document.querySelector(answer + ' [data-testid="stMarkdownContainer"]');
    return {answer: box(answer), controls: box(controls), figure: f && {top: f.top, bottom: f.bottom},
            figure_text: figure ? figure.innerText.trim() : null, sentence: words ? words.innerText.trim() : null,
            viewport: window.innerHeight};
}"""

# The document's width against the window's, and (to say where) the first elements of the main block reaching past
# the right edge outside a box that scrolls on its own (a data grid, a map, a row of tabs).
SIDEWAYS_JS = """() => ({scroll: document.documentElement.scrollWidth, width: window.innerWidth,
    wide: [...document.querySelectorAll('[data-testid="stMain"] *')]
        .filter(e => e.getClientRects().length && e.getBoundingClientRect().right > window.innerWidth + 1
                     && !e.closest('[data-testid="stDataFrame"], [data-testid="stDeckGlJsonChart"], [role="tablist"]'))
        .slice(0, 5).map(e => (e.getAttribute('data-testid') || e.tagName) + ': ' + (e.innerText || '').slice(0, 40))
})"""

# Every chart's drawn text: boxes of <text> elements with something in them, in page coordinates, and the pairs
# that overlap by more than ``slack`` px each way. Hidden tabs (width 0) and empty labels are left out.
OVERLAPS_JS = """(slack) => {
    const out = [];
    document.querySelectorAll('[data-testid="stVegaLiteChart"]').forEach((chart, n) => {
        const texts = [...chart.querySelectorAll('svg text')]
            .map(t => ({t: (t.textContent || '').trim(), r: t.getBoundingClientRect()}))
            .filter(x => x.t && x.r.width > 0 && x.r.height > 0);
        for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
            const a = texts[i].r, b = texts[j].r;
            const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
            const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
            if (w > slack && h > slack) out.push([n, texts[i].t, texts[j].t, Math.round(w), Math.round(h)]);
        }
    });
    return out;
}"""

# Axis titles and legends cut short: Vega ends a text limited by its room with an ellipsis. (Vega's SVG marks its
# groups by role: role-axis-title, role-legend-label, role-legend-title.)
CLIPPED_JS = """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"] svg :is(.role-axis-title, '
    + '.role-legend-label, .role-legend-title) text')]
    .map(t => (t.textContent || '').trim()).filter(t => t.includes('…'))"""


def first_screen(page) -> dict:
    """Where the answer, its headline figure and the pickers are on the first screen (px from the top)."""
    return page.evaluate(FIRST_SCREEN_JS, [ANSWER, CONTROLS])


def sideways(page) -> dict:
    """The document's scroll width against the window's, and the first elements reaching past the right edge."""
    return page.evaluate(SIDEWAYS_JS)


def chart_text_overlaps(page, slack: float = 1.0) -> list:
    """Pairs of chart texts drawn over each other: (chart number, text, text, overlap width, overlap height)."""
    return page.evaluate(OVERLAPS_JS, slack)


def clipped_chart_text(page) -> list[str]:
    """Axis titles and legend entries cut short with an ellipsis (a long area name on an axis may be cut on a
    phone: it is whole in the tooltip and the table)."""
    return page.evaluate(CLIPPED_JS)


def draw_every_chart(page) -> None:
    """Scroll each chart into view so that Streamlit draws it (charts below the fold are drawn when reached)."""
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    for i in range(charts.count()):
        if charts.nth(i).is_visible():
            charts.nth(i).scroll_into_view_if_needed()
            page.wait_for_timeout(200)
    page.wait_for_timeout(500)
