"""The deploy/ recipe works: two replicas behind nginx on loopback, sessions spread across both,
sticky, no error; the security headers are set; only the paths the dashboard uses reach a replica
(metrics, uploads, the agent API and unknown paths answer 404; host-config is answered by nginx); the
page icon is served locally, so a visit makes no request to another host; and a client sending garbage
websocket frames cannot fill a replica's log with tracebacks.

Uses the shipped nginx files (deploy/nginx/*.conf) with only the replica ports and paths changed, and
the shipped .streamlit/config.toml (the replicas run from the repository root). Each replica's log goes
to a file the tests read. Skipped, with the reason, when nginx is not installed (.ci/run installs it).
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, _free_port, healthy

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy" / "nginx"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
SESSIONS = 12
PAGES = ROOT / "pages"


@dataclass
class Proxy:
    base: str
    ports: list[int]
    replicas: list  # Replica

pytestmark = pytest.mark.skipif(NGINX is None, reason="nginx is not installed (apt-get install nginx-light)")


def _conf(tmp: Path, port: int, replicas: list[int]) -> Path:
    upstream = (DEPLOY / "policing-upstream.conf").read_text()
    upstream = upstream.replace("127.0.0.1:8501", f"127.0.0.1:{replicas[0]}")
    upstream = upstream.replace("127.0.0.1:8502", f"127.0.0.1:{replicas[1]}")
    (tmp / "upstream.conf").write_text(upstream)
    user = "user root root;" if os.geteuid() == 0 else ""
    conf = tmp / "nginx.conf"
    conf.write_text(f"""
{user}
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
daemon off;
events {{ worker_connections 256; }}
http {{
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy; fastcgi_temp_path {tmp}/fcgi;
    uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
    include {DEPLOY}/policing-http.conf;
    include {tmp}/upstream.conf;
    server {{
        listen 127.0.0.1:{port};
        # test only: which replica answered (never in the public config)
        add_header X-Test-Upstream $upstream_addr always;
        include {DEPLOY}/policing-server.conf;
    }}
}}
""")
    return conf


class Replica:
    """``streamlit run serve.py`` (as deployed) on a free loopback port, as tests.browser.conftest.Server, with its log
    (stdout and stderr) written to ``log`` so that tests can count its lines."""

    def __init__(self, store: Path, log: Path) -> None:
        self.port, self.log = _free_port(), log
        env = dict(os.environ, POLICING_STORE=str(store), POLICING_BASEMAP="none",
                   STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
        env.pop("STREAMLIT_LOGGER_LEVEL", None)  # the shipped config's level, as deployed
        with open(log, "wb") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", str(ROOT / "serve.py"), "--server.port", str(self.port),
                 "--server.address", "127.0.0.1", "--server.headless", "true"],
                cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            )
        if healthy(self.port):
            return
        self.stop()
        raise RuntimeError(f"streamlit did not start on port {self.port}: {log.read_text()[-2000:]}")

    def lines(self) -> int:
        return len(self.log.read_text(encoding="utf-8", errors="replace").splitlines())

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture(scope="module")
def proxy(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("nginx")
    store = ROOT / "data" / "demo"  # the shipped store, shared by both replicas and never written
    replicas = [Replica(store, tmp / "replica-1.log"), Replica(store, tmp / "replica-2.log")]
    port = _free_port()
    conf = _conf(tmp, port, [r.port for r in replicas])
    check = subprocess.run([NGINX, "-t", "-c", str(conf), "-p", str(tmp)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    proc = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(tmp)], stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        yield Proxy(base, [r.port for r in replicas], replicas)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        for r in replicas:
            r.stop()


def _get(url: str, cookie: str | None = None, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {}, method=method,
                                 data=b"{}" if method == "POST" else None)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def test_headers_health_and_private_metrics(proxy) -> None:
    base = proxy.base
    status, headers, _ = _get(base + "/")
    assert status == 200
    csp = headers["content-security-policy"]
    assert "frame-ancestors 'self'" in csp and "object-src 'none'" in csp
    assert headers["x-frame-options"] == "SAMEORIGIN"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["set-cookie"].startswith("policing_route=")
    assert _get(base + "/_stcore/metrics")[0] == 404
    status, _, body = _get(base + "/healthz")
    assert (status, body) == (200, b"ok")


def test_each_replica_runs_with_the_shipped_config(proxy) -> None:
    """``serve.py``'s server reads .streamlit/config.toml as ``streamlit run app.py`` does, asked directly (not
    through nginx): XSRF on (an upload without its token is refused), the agent API off, no framing origins."""
    import json

    replica = f"http://127.0.0.1:{proxy.ports[0]}"
    assert _get(replica + "/_stcore/upload_file/session/file", method="PUT")[0] == 403
    assert _get(replica + "/_stcore/agent/interact", method="POST")[0] in (403, 404)
    status, _, body = _get(replica + "/_stcore/host-config")
    assert status == 200 and json.loads(body)["allowedOrigins"] == []


async def _session(base: str, i: int) -> tuple[str, str, str, list[str]]:
    """One browser-like session: page load (gets the route cookie), then the app over the websocket."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.asyncio.client import connect

    _, headers, _ = await asyncio.to_thread(_get, base + "/")
    cookie = headers["set-cookie"].split(";", 1)[0]
    _, again, _ = await asyncio.to_thread(_get, base + "/", cookie)
    errors: list[str] = []
    ws_url = base.replace("http://", "ws://") + "/_stcore/stream"
    async with connect(ws_url, subprotocols=["streamlit"], origin=base, ping_interval=None,
                       additional_headers={"Cookie": cookie},
                       max_size=64 * 2**20) as ws:
        ws_upstream = ws.response.headers.get("X-Test-Upstream", "")
        msg = BackMsg()
        msg.rerun_script.query_string = f"borough={['Enfield', 'Camden', 'Barnet'][i % 3]}"
        msg.rerun_script.page_name = ""
        await ws.send(msg.SerializeToString())
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            raw = await asyncio.wait_for(ws.recv(), deadline - time.monotonic())
            fm = ForwardMsg()
            fm.ParseFromString(raw)
            kind = fm.WhichOneof("type")
            if (kind == "delta" and fm.delta.WhichOneof("type") == "new_element"
                    and fm.delta.new_element.WhichOneof("type") == "exception"):
                errors.append(fm.delta.new_element.exception.message)
            if kind == "script_finished":
                break
        else:
            errors.append("not settled in 120 s")
    return headers["x-test-upstream"], again["x-test-upstream"], ws_upstream, errors


def test_sessions_spread_across_both_replicas_and_stick(proxy) -> None:
    base, ports = proxy.base, proxy.ports

    async def all_sessions():
        return await asyncio.gather(*(_session(base, i) for i in range(SESSIONS)))

    # Its own thread: an earlier test in the same process (Playwright's sync API) may have left an
    # event loop running in this one, and asyncio.run refuses to nest.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        results = pool.submit(asyncio.run, all_sessions()).result()
    for first, again, ws, errors in results:
        assert errors == []
        assert first == again == ws  # the cookie keeps a session on its replica, websocket included
    used = {r[0] for r in results}
    assert used == {f"127.0.0.1:{p}" for p in ports}, used


# ---------------------------------------------------------------- what the public link offers (issue 22)

HOST_CONFIG = {"allowedOrigins": [], "useExternalAuthToken": False, "enableCustomParentMessages": False,
               "enforceDownloadInNewTab": False, "metricsUrl": "", "blockErrorDialogs": False,
               "resourceCrossOriginMode": None}
CLOSED = [
    ("GET", "/_stcore/metrics"), ("PUT", "/_stcore/upload_file/session/file"),
    ("GET", "/_stcore/agent/openapi.json"), ("POST", "/_stcore/agent/interact"), ("POST", "/_stcore/agent/mcp"),
    ("GET", "/_stcore/script-health-check"), ("GET", "/component/any/index.html"),
    ("GET", "/_stcore/bidi-components/any/index.js"), ("GET", "/app/static/page_icon.png"),
    ("GET", "/nonexistent"), ("GET", "/wp-login.php"), ("GET", "/.env"), ("GET", "/Crime/extra"),
]


def page_paths() -> list[str]:
    """The URL of every page: '/' and each file in pages/ without its number (Streamlit's rule)."""
    return ["/"] + ["/" + p.stem.split("_", 1)[1] for p in sorted(PAGES.glob("*.py"))]


def test_only_the_dashboards_paths_reach_a_replica(proxy) -> None:
    import json
    import re

    base = proxy.base
    for path in page_paths():
        status, headers, body = _get(base + path)
        assert status == 200 and headers.get("x-test-upstream"), path
    assets = re.findall(rb'(?:href|src)="\./(static/[^"]+)"', body)
    assert assets
    for asset in [a.decode() for a in assets] + ["favicon.png", "manifest.json", "_stcore/health"]:
        assert _get(f"{base}/{asset}")[0] == 200, asset
    for method, path in CLOSED:
        status, headers, _ = _get(base + path, method=method)
        # answered by nginx: the request never reached a replica
        assert (status, headers.get("x-test-upstream")) == (404, None), (method, path, status)
        assert "frame-ancestors 'self'" in headers["content-security-policy"]
    # host-config: the browser needs it, so nginx answers it, with what the replicas' config says
    status, headers, body = _get(base + "/_stcore/host-config")
    assert (status, headers.get("x-test-upstream")) == (200, None)
    assert json.loads(body) == HOST_CONFIG and headers["content-type"] == "application/json"
    assert headers["cache-control"] == "no-cache" and "frame-ancestors 'self'" in headers["content-security-policy"]
    for port in proxy.ports:
        direct = json.loads(_get(f"http://127.0.0.1:{port}/_stcore/host-config")[2])
        assert direct == HOST_CONFIG  # .streamlit/config.toml: allowedOrigins = []
        # and the agent API is off in the replica itself (.streamlit/config.toml: enableAgentApi = false)
        assert _get(f"http://127.0.0.1:{port}/_stcore/agent/interact", method="POST")[0] == 403


def test_a_visit_asks_no_other_host(proxy) -> None:
    """Through the proxy in a real browser: the page draws (the websocket works with nginx's host-config),
    its icon is the shipped PNG served by the replica, and no request leaves for another host (the
    Material icon used before made every visit fetch it from fonts.gstatic.com)."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    base = proxy.base
    local = (base, base.replace("http://", "ws://"))

    def visit() -> tuple[list[str], list[str]]:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                page = browser.new_page()
                urls: list[str] = []
                page.on("request", lambda r: urls.append(r.url))
                page.on("websocket", lambda w: urls.append(w.url))
                page.goto(base + "/")
                page.get_by_role("heading", name="London Policing Performance").first.wait_for(timeout=60_000)
                page.wait_for_timeout(2000)  # late requests (icon, fonts) after the first draw
                icons = page.evaluate("Array.from(document.querySelectorAll('link[rel*=icon]')).map(l => l.href)")
                return urls, icons
            finally:
                browser.close()

    # Its own thread: Playwright's sync API refuses to run inside an asyncio loop (see the session test).
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        urls, icons = pool.submit(visit).result()
    elsewhere = sorted({u for u in urls if not u.startswith(local) and not u.startswith(("data:", "blob:"))})
    assert elsewhere == []
    assert any("/_stcore/stream" in u for u in urls) and any("/_stcore/host-config" in u for u in urls)
    # the tab's icon is ours, written into the page (static/page_icon.svg): nothing is fetched for it
    icon = icons[-1] if icons else ""
    assert icon.startswith("data:image/svg+xml;base64,"), icons[-1:]
    assert base64.b64decode(icon.partition(",")[2]) == (ROOT / "static" / "page_icon.svg").read_bytes()


GARBAGE_CONNECTIONS = 30
TEXT_CONNECTIONS = 100
STREAM_BURST, STREAM_PER_SECOND = 60, 1  # deploy/nginx: burst=60, rate=60r/m
LINES_PER_TRACEBACK = 80  # measured 47 for the text-frame traceback below; a generous ceiling


async def _garbage(url: str, origin: str, frame: bytes | str) -> str:
    """Open the websocket, send one frame, wait for the server to close it: 'closed', or 'refused' when
    nginx answers the opening with 429."""
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed, InvalidStatus

    try:
        async with connect(url, subprotocols=["streamlit"], origin=origin, ping_interval=None, open_timeout=10) as ws:
            await ws.send(frame)
            try:
                while True:
                    await asyncio.wait_for(ws.recv(), 10)
            except ConnectionClosed:
                return "closed"
            except TimeoutError:
                return "open"
    except InvalidStatus as e:
        return "refused" if e.response.status_code == 429 else f"status {e.response.status_code}"


def test_garbage_websocket_frames_do_not_fill_the_logs(proxy) -> None:
    """Binary garbage: the replica closes the connection and logs nothing (logger.level = "error" in
    .streamlit/config.toml; Streamlit's default logs a 5-line traceback per frame). Text frames: each
    accepted connection still logs one traceback (a Streamlit fault, deploy/README.md "Logs"), so nginx
    bounds the openings per address: beyond the burst they are refused with 429."""
    base = proxy.base
    url, origin = base.replace("http://", "ws://") + "/_stcore/stream", base

    def lines() -> int:
        return sum(r.lines() for r in proxy.replicas)

    async def run(frame: bytes | str, n: int) -> list[str]:
        return [await _garbage(url, origin, frame) for _ in range(n)]

    def in_thread(frame: bytes | str, n: int) -> tuple[list[str], float]:
        start = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            out = pool.submit(asyncio.run, run(frame, n)).result()
        return out, time.monotonic() - start

    time.sleep(2)  # let earlier tests' sessions finish logging
    before = lines()
    results, _ = in_thread(b"\xff\x00 not a BackMsg \x00" * 4, GARBAGE_CONNECTIONS)
    assert set(results) == {"closed"}, results
    time.sleep(1)
    assert lines() - before == 0

    before = lines()
    results, elapsed = in_thread("not even binary", TEXT_CONNECTIONS)
    accepted, refused = results.count("closed"), results.count("refused")
    assert accepted + refused == TEXT_CONNECTIONS, results
    assert refused > 0 and accepted <= STREAM_BURST + STREAM_PER_SECOND * (elapsed + 1), (accepted, elapsed)
    time.sleep(1)
    grown = lines() - before
    print(f"text frames: {accepted} accepted, {refused} refused in {elapsed:.1f} s; {grown} log lines")
    assert grown <= accepted * LINES_PER_TRACEBACK
