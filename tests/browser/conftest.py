"""Real-browser fixtures: ``streamlit run serve.py`` (the app as deployed) on a free local port, driven by
headless chromium.

Playwright drives Debian's chromium (``/usr/bin/chromium``); it downloads no browser of its own.
Servers listen on 127.0.0.1 only.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("POLICING_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = ROOT / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(port: int, seconds: float = 60) -> bool:
    """Whether a Streamlit server on the loopback ``port`` answers its health check within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return True
        except OSError:
            time.sleep(0.3)
    return False


class Server:
    """A running dashboard; ``url(path, **params)`` builds links to it."""

    def __init__(self, store: Path, port: int | None = None) -> None:
        self.port = port or _free_port()
        env = dict(os.environ, POLICING_STORE=str(store), POLICING_BASEMAP="none",
                   STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "serve.py"), "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )
        if healthy(self.port):
            return
        self.stop()
        raise RuntimeError(f"streamlit did not start on port {self.port}")

    def url(self, path: str = "", **params: str) -> str:
        from urllib.parse import urlencode

        q = f"?{urlencode(params)}" if params else ""
        return f"http://127.0.0.1:{self.port}/{path}{q}"

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="session")
def demo_server(demo_store: Path) -> Iterator[Server]:
    server = Server(demo_store)
    yield server
    server.stop()


# Uncaught JavaScript errors of each page we opened, collected from the moment it was created.
_JS_ERRORS: dict[int, list[str]] = {}


def watch(p):
    """Start collecting the page's uncaught JavaScript errors (call before its first goto)."""
    errors = _JS_ERRORS.setdefault(id(p), [])
    p.on("pageerror", lambda e: errors.append(str(e)))
    return p


def new_page(browser, width: int = 1920, height: int = 1080):
    """A page in a context of its own, watched for JavaScript errors; a phone when ``width`` < 600."""
    phone = width < 600
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=phone, has_touch=phone)
    return watch(context.new_page())


@pytest.fixture
def page(browser):
    p = new_page(browser)
    yield p
    _JS_ERRORS.pop(id(p), None)
    p.context.close()


class LoadedPages:
    """Pages opened once per module and kept open for every test of it that only reads them.

    ``get(server, path, width)`` opens ``server``'s page ``path`` at ``width`` px (and 1080 or 844 px
    high) the first time and returns the same, settled page afterwards. Tests must not change its
    widgets; clicking a tab is fine (the browser alone draws it).
    """

    MAX_OPEN = 12  # the least recently used page is closed beyond this (memory on a small CI machine)

    def __init__(self, browser) -> None:
        self.browser = browser
        self.pages: dict[tuple[str, int], object] = {}

    def get(self, server: Server, path: str, width: int = 1920, **params: str):
        key = (server.url(path, **params), width)
        if key in self.pages:
            self.pages[key] = self.pages.pop(key)  # most recently used last
        else:
            while len(self.pages) >= self.MAX_OPEN:
                old = self.pages.pop(next(iter(self.pages)))
                _JS_ERRORS.pop(id(old), None)
                old.context.close()
            p = new_page(self.browser, width, 844 if width < 600 else 1080)
            p.goto(key[0])
            wait_ready(p)
            self.pages[key] = p
        return self.pages[key]

    def drop(self, page) -> None:
        """Close a page no later test needs (a phone-width check), so it keeps no memory."""
        for key, p in list(self.pages.items()):
            if p is page:
                del self.pages[key]
                _JS_ERRORS.pop(id(p), None)
                p.context.close()

    def close(self) -> None:
        for p in self.pages.values():
            _JS_ERRORS.pop(id(p), None)
            p.context.close()


@pytest.fixture(scope="module")
def loaded(browser):
    """The module's settled pages, closed when the module ends: a page left open keeps drawing (an idle map page
    costs headless chromium about a tenth of a core), which slows every later test on the worker."""
    pages = LoadedPages(browser)
    yield pages
    pages.close()


BUSY_JS = """() => !!document.querySelector('[data-testid="stStatusWidgetRunningIcon"]')
    || !!document.querySelector('[data-stale="true"]')
    || !!document.querySelector('[data-testid="stSkeleton"]')"""


def wait_ready(page, timeout: float = 120_000, quiet: float = 1.0) -> None:
    """Wait until the app has drawn its title and the script has stayed idle for ``quiet`` seconds.

    Streamlit 1.67 shows a running icon while the script runs, marks old elements stale and shows
    skeletons for elements not yet drawn; the title alone appears before the script has finished.
    """
    page.wait_for_selector("h1", timeout=timeout)
    deadline = time.monotonic() + timeout / 1000
    idle_since = None
    while time.monotonic() < deadline:
        if page.evaluate(BUSY_JS):
            idle_since = None
        elif idle_since is None:
            idle_since = time.monotonic()
        elif time.monotonic() - idle_since >= quiet:
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"page still running after {timeout / 1000:.0f} s: {page.url}")


def no_exception(page) -> None:
    errors = page.locator('[data-testid="stException"]')
    assert errors.count() == 0, errors.first.inner_text()


SNAKE_CASE = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)+$")

# Every column header a person can see, in Streamlit's HTML tables (st.table) and in the accessible
# table that st.dataframe's data grid keeps in the DOM (role="columnheader"), whichever tab holds it.
HEADERS_JS = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    const cells = [...main.querySelectorAll(
        '[data-testid="stTable"] thead th, [data-testid="stDataFrame"] [role="columnheader"]')];
    return cells.map(c => (c.getAttribute('aria-label') || c.textContent || '').trim()).filter(t => t);
}"""

OVERFLOW_JS = """() => [...document.querySelectorAll('[data-testid="stMain"], [data-testid="stMainBlockContainer"]')]
    .concat([document.documentElement])
    .map(e => [e.getAttribute('data-testid') || 'html', e.scrollWidth, e.clientWidth])
    .filter(([name, scroll, client]) => scroll > client + 1)"""


def table_headers(page) -> list[str]:
    """The column headers of every table and data grid in the main block."""
    return page.evaluate(HEADERS_JS)


def js_errors(page) -> list[str]:
    """Uncaught JavaScript errors since the page was created (pages made by ``new_page`` or ``page``)."""
    return list(_JS_ERRORS.get(id(page), []))


def public_grade_problems(page) -> list[str]:
    """What a resident would see go wrong: error boxes, script errors, developer column names, a page
    that scrolls sideways. Empty when the screen is fit for the public."""
    problems = []
    for box in page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]').all():
        problems.append(f"error box: {box.inner_text()[:200]!r}")
    problems += [f"JavaScript error: {e[:200]}" for e in js_errors(page)]
    problems += [f"snake_case column header: {h!r}" for h in sorted(set(table_headers(page))) if SNAKE_CASE.match(h)]
    problems += [f"sideways scroll: {name} is {scroll} px wide in {client} px" for name, scroll, client
                 in page.evaluate(OVERFLOW_JS)]
    return problems


def assert_public_grade(page) -> None:
    """The checks every browser test of every page shares (issue 10): no error box (an exception or an
    st.error; a bad link value gets a warning), no uncaught JavaScript error, no snake_case table
    header, and no sideways scroll of the main block."""
    problems = public_grade_problems(page)
    assert not problems, f"{page.url}:\n" + "\n".join(problems)


# The page titles (each page's h1 holds its title, in any case).
TITLES = {"": "London Policing Performance", "About_the_data": "About the data", "Crime": "Crime",
          "Confidence": "Confidence", "Neighbourhood_comparator": "Neighbourhood", "Stop_and_search": "Stop and search",
          "Complaints": "Complaints", "Challenge": "Challenge"}
PHONE = {"width": 390, "height": 844}


def assert_fits_a_phone(page, path: str) -> None:
    """The 390 px pass of the public-grade checks, on a page open at 390 x 844: no error box, script error,
    snake_case header or sideways scroll (:func:`assert_public_grade`: the document and Streamlit's main block no
    wider than the screen; and ``layout.sideways``, naming what sticks out), the page's title, and the area picker
    on screen without opening the sidebar (the deck keeps the area in its folded sidebar: its slides are
    London-wide). It unfolds "Change what is shown": call it last on a page other tests read."""
    from tests.browser.layout import sideways

    assert_public_grade(page)
    assert TITLES[path].lower() in page.locator("h1").first.inner_text().lower()
    width = sideways(page)
    assert width["scroll"] <= width["width"], f"the page scrolls sideways: {width}"
    if path != "Challenge":
        fold = page.get_by_text("Change what is shown", exact=True).first
        assert fold.is_visible(), "the fold holding the pickers is not on screen"
        open_controls(page)
        area = page.get_by_role("combobox", name="Area", exact=True).first
        assert area.is_visible(), "the area picker is not on screen"
        box = area.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"] + 1


def shot(page, name: str, full: bool | None = None) -> Path | None:
    """A screenshot to look at, ``screenshots/<name>.png``, when ``POLICING_SHOTS`` asks for them (``1``: each
    page's first screen; ``full``: the whole scrolled page, and so for the tests that pass ``full=True``);
    otherwise none (None). Nothing is asserted on them: they are for a person to open, and a run without one
    (CI) saves the capture and PNG encoding, about a tenth of the browser tests' time (docs/PERFORMANCE.md)."""
    wanted = os.environ.get("POLICING_SHOTS", "")
    if wanted not in ("1", "full"):
        return None
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    if not (wanted == "full" or full):  # growing the window redraws every chart: seconds a page
        page.screenshot(path=str(path))
        return path
    # Streamlit scrolls its main block, not the page: grow the window to the content first.
    size = page.viewport_size or {"width": 1920, "height": 1080}
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll("
        "'[data-testid=\"stMain\"], [data-testid=\"stAppViewContainer\"]')]"
        ".map(e => e.scrollHeight), document.body.scrollHeight)"
    )
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], min(int(height), 12000))})
    page.wait_for_timeout(500)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)
    return path


def open_controls(page) -> None:
    """Unfold "Change what is shown" (the page's pickers) if it is folded, as a reader would."""
    fold = page.get_by_text("Change what is shown", exact=True)
    if fold.count() and not page.locator("details[open]").filter(has=fold).count():
        fold.first.click()
        page.wait_for_timeout(300)


def open_section(page, label: str) -> None:
    """Open a part of the page a reader opens (a fold worked out only when open: the page reruns and draws it),
    as a reader would: a click on its label, then wait for the page to finish running."""
    fold = page.locator("details summary").filter(has_text=label).first
    if not page.locator("details[open] summary").filter(has_text=label).count():
        fold.click()
        page.wait_for_timeout(300)
        wait_ready(page)


def selected(page, label: str) -> str:
    """The value shown in the selectbox labelled ``label`` (a combobox input in Streamlit 1.67), unfolding
    "Change what is shown" first when the picker is in it (Streamlit draws a fold's contents when opened)."""
    box = page.get_by_role("combobox", name=label, exact=True).first
    if not box.count() or not box.is_visible():
        open_controls(page)
    return box.input_value()


def choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the selectbox labelled ``label`` (sidebar or main), as a person would: unfolding
    "Change what is shown" first when the picker is in it."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    box = page.get_by_role("combobox", name=label, exact=True).first
    if not box.count() or not box.is_visible():
        open_controls(page)
    # A click that lands while the fold is still opening leaves the list shut: try again as a person would (a
    # missing option still fails, after the third try).
    for attempt in range(3):
        box.scroll_into_view_if_needed()
        box.click()
        box.fill(option)
        try:
            page.get_by_role("option", name=option, exact=True).first.click(timeout=10_000)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
            page.keyboard.press("Escape")
            page.wait_for_timeout(500)
    wait_ready(page)
