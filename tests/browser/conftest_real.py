"""Browser fixtures and helpers for the page tests: a server on the real store, and reading the screen.

Imported from the page tests: each test module binds ``real_server = conftest_real.real_server``
(pytest does not collect this module by itself). All modules share one server per store.

Helpers read what a person sees: headline cards (``st.metric``), the HTML tables that
``chart_with_table`` puts under its "Numbers" tab, and the drawn charts and maps.
"""

from __future__ import annotations

import atexit
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.conftest import Server, shot, wait_ready

# Streamlit 1.67 shows a running man icon (aria-label "Running...") and a "Stop" button while a
# script runs; elements from the previous run are marked stale until they are redrawn.
_SERVERS: dict[Path, Server] = {}


def _shared_server(store: Path) -> Server:
    """One server per store for the whole session, whichever test module asks first."""
    if store not in _SERVERS:
        _SERVERS[store] = Server(store)
        atexit.register(_SERVERS[store].stop)
    return _SERVERS[store]


@pytest.fixture(scope="session")
def real_server(real_store: Path) -> Iterator[Server]:
    """The dashboard running on a store ingested from all of ../shared/data (shared by all modules)."""
    yield _shared_server(real_store)


def settle(page, timeout: float = 120.0, quiet: float = 1.0) -> None:
    """Wait until the page has drawn its title and the script has stayed idle for ``quiet`` seconds."""
    wait_ready(page, timeout=timeout * 1000, quiet=quiet)


def open_page(page, server: Server, path: str, **params: str) -> None:
    page.goto(server.url(path, **params))
    settle(page)


def main_text(page) -> str:
    """The visible text of the page body (not the sidebar)."""
    return page.locator('[data-testid="stMain"]').inner_text()


def metrics(page) -> dict[str, str]:
    """Headline cards on screen: label -> value, as displayed."""
    out: dict[str, str] = {}
    cards = page.locator('[data-testid="stMetric"]')
    for i in range(cards.count()):
        card = cards.nth(i)
        label = card.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        out[label] = card.locator('[data-testid="stMetricValue"]').inner_text().strip()
    return out


def metric_card(page, label_start: str) -> str:
    """The whole text of the headline card whose label starts with ``label_start``."""
    cards = page.locator('[data-testid="stMetric"]')
    for i in range(cards.count()):
        text = cards.nth(i).inner_text()
        if text.strip().startswith(label_start):
            return text
    raise AssertionError(f"no headline card starting {label_start!r}; cards: {list(metrics(page))}")


def section(page, heading: str):
    """The vertical block of the page from the header ``heading`` up to the next header, or the part a reader
    opens whose label starts with ``heading``."""
    # Streamlit draws each element in its own container; the header's container and the following
    # siblings share a parent. We walk siblings in the browser and tag them so Playwright can scope.
    tag = f"sec-{abs(hash(heading)) % 10**8}"
    found = page.evaluate(
        """([heading, tag]) => {
            const hs = [...document.querySelectorAll('[data-testid="stMain"] h2')];
            const h = hs.find(e => e.innerText.trim() === heading || e.innerText.trim().startsWith(heading));
            document.querySelectorAll('[data-bt-section="' + tag + '"]')
                .forEach(e => e.removeAttribute('data-bt-section'));
            if (!h) {  // a part the reader opens: the fold whose label starts with the heading
                const folds = [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stExpander"]')];
                const f = folds.find(e => (e.querySelector('summary')?.innerText || '').includes(heading));
                if (!f) return false;
                f.setAttribute('data-bt-section', tag);
                return true;
            }
            let box = h.closest('[data-testid="stElementContainer"]');
            let el = box.nextElementSibling;
            while (el) {
                if (el.querySelector('h2')) break;
                el.setAttribute('data-bt-section', tag);
                el = el.nextElementSibling;
            }
            return true;
        }""",
        [heading, tag],
    )
    assert found, f"no header {heading!r} on {page.url}"
    return page.locator(f'[data-bt-section="{tag}"]')


def numbers_grid(page, heading: str, nth: int = 0) -> list[dict[str, str]]:
    """Click the ``nth`` "Numbers" tab under ``heading`` and read the rows shown there.

    Short tables are HTML tables; long ones are Streamlit's data grid, read through its accessible
    table (only the rows scrolled into view are there, as for a person looking at it).
    """
    tag = section(page, heading).first.get_attribute("data-bt-section")
    tables = '[data-testid="stTable"] table, [data-testid="stDataFrame"] table[role="grid"]'
    tabs = page.locator(f'[data-bt-section="{tag}"]:is([data-testid="stTabs"]), '
                        f'[data-bt-section="{tag}"] [data-testid="stTabs"]')
    if tabs.count() > nth:
        tabs = tabs.nth(nth)
        tabs.get_by_role("tab", name="Numbers").click()
        # The open panel has role=tabpanel; a data grid's accessible table sits inside its canvas, which
        # Playwright does not count as visible, so the panel (not visibility) decides what is shown.
        shown = tabs.locator('[role="tabpanel"]').locator(tables)
    else:  # a table shown on its own, with no chart beside it
        shown = page.locator(f'[data-bt-section="{tag}"]').locator(tables)
    deadline = time.monotonic() + 30
    while shown.count() == 0 and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert shown.count() > 0, f"no table under the Numbers tab of {heading!r}"
    page.wait_for_timeout(300)  # the grid fills its accessible rows after the first paint
    return read_table(shown.first)


def read_table(table) -> list[dict[str, str]]:
    """Rows of an HTML table (or a data grid's accessible table) keyed by the column headers."""
    return table.evaluate(
        """t => {
            const head = [...t.querySelectorAll('thead th')].map(th => th.innerText.trim());
            return [...t.querySelectorAll('tbody tr')].map(tr => {
                const cells = [...tr.querySelectorAll('th, td')].map(c => c.innerText.trim());
                const off = cells.length - head.length;   // a leading index cell, if any
                const row = {};
                head.forEach((h, i) => { row[h || ('_' + i)] = cells[i + off]; });
                return row;
            });
        }"""
    )


def _colours(png: bytes, min_share: float) -> set[str]:
    """Colours covering at least ``min_share`` of an image, as '#rrggbb'."""
    import io

    from PIL import Image

    im = Image.open(io.BytesIO(png)).convert("RGB")
    total = im.width * im.height
    counts = im.getcolors(maxcolors=total) or []
    return {"#{:02x}{:02x}{:02x}".format(*c) for n, c in counts if n >= min_share * total}


def chart_colours(page, heading: str, min_share: float = 0.002) -> set[str]:
    """Colours drawn by the Vega charts under ``heading`` (the Chart tab, as first shown)."""
    tag = section(page, heading).first.get_attribute("data-bt-section")
    charts = page.locator(f'[data-bt-section="{tag}"] [data-testid="stVegaLiteChart"]').locator("visible=true")
    assert charts.count() > 0, f"no chart drawn under {heading!r}"
    found: set[str] = set()
    for i in range(charts.count()):
        charts.nth(i).scroll_into_view_if_needed()
        found |= _colours(charts.nth(i).screenshot(), min_share)
    return found


def deck_map_colours(page, nth: int = 0, min_share: float = 0.003) -> set[str]:
    """Distinct colours the ``nth`` pydeck map draws (a flat box gives one or two)."""
    deck = page.locator('[data-testid="stDeckGlJsonChart"]').nth(nth)
    deck.scroll_into_view_if_needed()
    page.wait_for_timeout(1000)  # deck.gl draws on the next animation frames
    return _colours(deck.screenshot(), min_share)


def full_shot(page, name: str) -> Path | None:
    """A screenshot of the whole scrolled page, when ``POLICING_SHOTS`` asks for screenshots (:func:`shot`)."""
    return shot(page, name, full=True)
