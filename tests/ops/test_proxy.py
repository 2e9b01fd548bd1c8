"""The deploy/ recipe works: two replicas behind nginx on loopback, sessions spread across both,
sticky, no error; the security headers are set and /_stcore/metrics is not public.

Uses the shipped nginx files (deploy/nginx/*.conf) with only the replica ports and paths changed.
Skipped, with the reason, when nginx is not installed (.ci/run installs it).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import shutil
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.browser.conftest import Server, _free_port

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy" / "nginx"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
SESSIONS = 12

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


@pytest.fixture(scope="module")
def proxy(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("nginx")
    store = ROOT / "data" / "demo"  # the shipped store, shared by both replicas and never written
    replicas = [Server(store), Server(store)]
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
        yield base, [r.port for r in replicas]
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        for r in replicas:
            r.stop()


def _get(url: str, cookie: str | None = None) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def test_headers_health_and_private_metrics(proxy) -> None:
    base, _ = proxy
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
    base, ports = proxy

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
