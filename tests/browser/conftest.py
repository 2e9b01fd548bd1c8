"""Real-browser fixtures: ``streamlit run app.py`` on a free local port, driven by headless chromium.

Playwright drives Debian's chromium (``/usr/bin/chromium``); it downloads no browser of its own.
Servers listen on 127.0.0.1 only.
"""

from __future__ import annotations

import os
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


class Server:
    """A running dashboard; ``url(path, **params)`` builds links to it."""

    def __init__(self, store: Path, port: int | None = None) -> None:
        self.port = port or _free_port()
        env = dict(os.environ, POLICING_STORE=str(store), POLICING_BASEMAP="none",
                   STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
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


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    p = context.new_page()
    yield p
    context.close()


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


def shot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
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


def selected(page, label: str) -> str:
    """The value shown in the selectbox labelled ``label`` (a combobox input in Streamlit 1.67)."""
    return page.get_by_role("combobox", name=label, exact=True).first.input_value()


def choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the selectbox labelled ``label`` (sidebar or main), as a person would."""
    box = page.get_by_role("combobox", name=label, exact=True).first
    box.click()
    box.fill(option)
    page.get_by_role("option", name=option, exact=True).first.click()
    wait_ready(page)
