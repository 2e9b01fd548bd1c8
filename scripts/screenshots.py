"""Screenshots of every page at a phone's and a big screen's width, and every Challenge slide at 1920x1080.

Usage: ``python scripts/screenshots.py --store STORE [--out screenshots/review] [--borough Enfield]``

Starts the dashboard on a free loopback port with ``STORE``, opens each page in Debian's chromium (through
Playwright, as the browser tests do) for London and for ``--borough``, at 390x844 and 1920x1080, and saves
the first screen and the whole page; then each slide of the deck (``--to``, default the February 2015
session) at 1920x1080, with its Numbers table off and on. Prints one line per file. The files are for
people to open and read: the checks that can be automated are in tests/browser.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
PAGES = ("", "Crime", "Confidence", "Neighbourhood_comparator", "Stop_and_search", "Complaints", "About_the_data")
SIZES = {"phone": (390, 844), "wide": (1920, 1080)}
CHROMIUM = os.environ.get("POLICING_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(store: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = dict(os.environ, POLICING_STORE=str(store), POLICING_BASEMAP="none",
               STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "serve.py"), "--server.port",
                             str(port), "--server.address", "127.0.0.1", "--server.headless", "true"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return proc, port
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise SystemExit(f"error: the dashboard did not start on port {port}")


def settle(page, quiet: float = 1.5, timeout: float = 180) -> None:
    """Wait until Streamlit has stopped running the script for ``quiet`` seconds."""
    deadline, calm = time.monotonic() + timeout, None
    while time.monotonic() < deadline:
        running = page.locator('[data-testid="stStatusWidget"]').count() > 0
        if running:
            calm = None
        elif calm is None:
            calm = time.monotonic()
        elif time.monotonic() - calm >= quiet:
            return
        page.wait_for_timeout(250)


def save(page, path: Path, full: bool) -> None:
    if full:  # Streamlit scrolls its main block, not the page: grow the window to the content first
        size = page.viewport_size
        height = page.evaluate("() => Math.max(...[...document.querySelectorAll('[data-testid=\"stMain\"],"
                               " [data-testid=\"stAppViewContainer\"]')].map(e => e.scrollHeight),"
                               " document.body.scrollHeight)")
        page.set_viewport_size({"width": size["width"], "height": max(size["height"], min(int(height), 16000))})
        page.wait_for_timeout(600)
        page.screenshot(path=str(path), full_page=True)
        page.set_viewport_size(size)
    else:
        page.screenshot(path=str(path))
    print(path)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=ROOT / "screenshots" / "review")
    ap.add_argument("--borough", default="Enfield")
    ap.add_argument("--to", default="2015-02", help="the deck's month (default: the February 2015 session)")
    ap.add_argument("--pages", default=",".join([*(p or "Home" for p in PAGES), "Challenge"]))
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    from lib.choices import SLIDE_NAMES

    args.out.mkdir(parents=True, exist_ok=True)
    wanted = {p.strip() for p in args.pages.split(",")}
    proc, port = start(args.store)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            for size, (w, h) in SIZES.items():
                page = browser.new_page(viewport={"width": w, "height": h})
                for path in PAGES:
                    name = path or "Home"
                    if name not in wanted:
                        continue
                    for area in ("London", args.borough):
                        query = {} if area == "London" else {"borough": area}
                        page.goto(f"http://127.0.0.1:{port}/{path}" + (f"?{urlencode(query)}" if query else ""))
                        settle(page)
                        stem = f"{name}-{area.replace(' ', '_')}-{size}"
                        save(page, args.out / f"{stem}-first.png", full=False)
                        save(page, args.out / f"{stem}-full.png", full=True)
                page.close()
            if "Challenge" in wanted:
                page = browser.new_page(viewport={"width": 1920, "height": 1080})
                for n, slide in enumerate(SLIDE_NAMES, start=1):
                    page.goto(f"http://127.0.0.1:{port}/Challenge?" + urlencode({"to": args.to, "slide": n}))
                    settle(page)
                    save(page, args.out / f"Challenge-{n}-{slide}.png", full=False)
                    toggle = page.get_by_text("Numbers", exact=True)
                    if toggle.count():
                        toggle.first.click()
                        settle(page)
                        save(page, args.out / f"Challenge-{n}-{slide}-numbers.png", full=False)
                page.close()
            browser.close()
    finally:
        proc.terminate()


if __name__ == "__main__":
    main()
