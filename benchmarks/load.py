"""Load: N concurrent sessions on one dashboard server, through the Streamlit websocket protocol.

Starts ``streamlit run serve.py`` (as deployed) on loopback on the given store (default: $POLICING_STORE, else
/tmp/realstore), then for each N in --sessions (default 1, 10, 25) opens N sessions at once. Each
session opens a deep link (a page and a borough in the query string, cycling through the pages and
boroughs so sessions differ), waits until the script has finished (time to settled), changes one
select box to another option, waits again, and closes. Prints per N: p50/p95 time to settled (the
deep link and the widget change), errors (exceptions drawn by the app, timeouts, closed sockets),
server CPU-seconds per session and server memory (RSS) before and after. Memory is then sampled
again after --settle seconds idle, to see whether closed sessions are released.

A repeated N (e.g. ``--sessions 1 10 25 25``) shows whether memory levels off; ``--same`` sends
every session to one link, which measures the cost of a session itself (every answer cached);
``--serial`` runs a wave's sessions one after another, so that CPU per new session does not depend on
which concurrent sessions happen to share first-time work (concurrent runs of unchanged code vary
1.1-2.3 CPU-s per session).

Loopback only; every loop is bounded (a session gives up after --timeout seconds).

    python benchmarks/load.py --store /tmp/realstore [--sessions 1 10 25] [--same] [--serial] [--bare] [--url URL]

The server runs with the replicas' environment (deploy/policing.env) unless --bare.

With --url the server is not started (e.g. the nginx front of deploy/); CPU and memory are then
not measured.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PAGES = ["Crime", "Confidence", "Stop_and_search", "Neighbourhood_comparator", ""]
BOROUGHS = ["Enfield", "Camden", "Croydon", "Newham", "Westminster", "Barnet", "Lambeth", "Hackney",
            "Brent", "Ealing", "Haringey", "Southwark", "Tower Hamlets"]
VERBOSE = bool(os.environ.get("LOAD_VERBOSE"))
TICK = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tree_pids(pid: int) -> list[int]:
    """``pid`` and its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                ppid = int((d / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(d.name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += children.get(p, [])
    return out


def cpu_seconds(pid: int) -> float:
    total = 0.0
    for p in tree_pids(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / TICK  # utime + stime
    return total


def rss_mb(pid: int) -> float:
    total = 0
    for p in tree_pids(pid):
        try:
            total += int(Path(f"/proc/{p}/statm").read_text().split()[1]) * PAGE_SIZE
        except OSError:
            continue
    return total / 2**20


DEPLOY_ENV = ROOT / "deploy" / "policing.env"


def deploy_env(path: Path = DEPLOY_ENV) -> dict[str, str]:
    """KEY=VALUE lines of the replicas' environment file (comments and blank lines skipped)."""
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            k, _, v = line.partition("=")
            out[k.strip()] = v.strip()
    return out


class Server:
    def __init__(self, store: Path, port: int, extra_env: dict[str, str] | None = None) -> None:
        self.port = port
        env = {**os.environ, "POLICING_STORE": str(store), "POLICING_BASEMAP": "none",
               "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", **(extra_env or {})}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "serve.py"), "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise SystemExit(f"streamlit did not start on port {port}")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@dataclass
class Result:
    settle: list[float] = field(default_factory=list)  # deep link, then widget change
    errors: list[str] = field(default_factory=list)


async def one_session(base: str, page: str, borough: str, timeout: float, result: Result, seed: int) -> None:
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.asyncio.client import connect

    ws_url = base.replace("http://", "ws://").rstrip("/") + "/_stcore/stream"
    query = urlencode({"borough": borough})
    widgets: list = []
    stamp = time.monotonic()

    async def run_until_finished(msg: BackMsg) -> bool:
        await conn.send(msg.SerializeToString())
        start = time.monotonic()
        while True:
            left = timeout - (time.monotonic() - start)
            if left <= 0:
                result.errors.append(f"{page or 'home'}?{query}: not settled after {timeout:.0f} s")
                return False
            raw = await asyncio.wait_for(conn.recv(), left)
            if isinstance(raw, str):
                continue
            fm = ForwardMsg()
            fm.ParseFromString(raw)
            kind = fm.WhichOneof("type")
            if kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                el = fm.delta.new_element
                which = el.WhichOneof("type")
                if which == "exception":
                    result.errors.append(f"{page or 'home'}?{query}: {el.exception.type}: {el.exception.message[:120]}")
                elif which == "selectbox" and len(el.selectbox.options) > 1 and not el.selectbox.disabled:
                    widgets.append(el.selectbox)
            elif kind == "page_not_found":
                result.errors.append(f"{page}: page not found")
            elif kind == "script_finished":
                result.settle.append(time.monotonic() - start)
                return True

    try:
        # no client pings: a browser does not send them, and a busy server would miss their deadline
        conn = await asyncio.wait_for(connect(ws_url, max_size=256 * 2**20, subprotocols=["streamlit"],
                                              ping_interval=None, origin=base), timeout)
    except Exception as e:  # noqa: BLE001 - a refused connection is a measured error
        result.errors.append(f"connect: {type(e).__name__}: {e}")
        return
    try:
        first = BackMsg()
        first.rerun_script.query_string = query
        first.rerun_script.page_name = page
        if not await run_until_finished(first):
            return
        if widgets:
            box = widgets[0]
            current = box.raw_value if box.HasField("raw_value") else box.options[box.default[0]] \
                if len(box.default) else box.options[0]
            others = [o for o in box.options if o != current] or list(box.options)
            other = others[seed % len(others)]
            change = BackMsg()
            change.rerun_script.query_string = query
            change.rerun_script.page_name = page
            w = change.rerun_script.widget_states.widgets.add()
            w.id = box.id
            w.string_value = other
            widgets.clear()
            if VERBOSE:
                print(f"    {page or 'home'}?{query}: {box.label!r} {current!r} -> {other!r}")
            await run_until_finished(change)
        else:
            result.errors.append(f"{page or 'home'}?{query}: no select box to change")
    except TimeoutError:
        result.errors.append(f"{page or 'home'}?{query}: timed out after {time.monotonic() - stamp:.0f} s")
    except Exception as e:  # noqa: BLE001
        result.errors.append(f"{page or 'home'}?{query}: {type(e).__name__}: {e}")
    finally:
        await conn.close()


async def wave(base: str, n: int, timeout: float, offset: int, same: bool = False, serial: bool = False) -> Result:
    result = Result()
    combos = [("Crime", "Enfield")] if same else list(itertools.product(PAGES, BOROUGHS))
    picks = [combos[(offset + i * 7) % len(combos)] for i in range(n)]
    seeds = [0 if same else offset + i for i in range(n)]
    runs = [one_session(base, p, b, timeout, result, seed) for (p, b), seed in zip(picks, seeds, strict=True)]
    if serial:  # one after another: no session shares first-time work with another running beside it
        for run in runs:
            await run
    else:
        await asyncio.gather(*runs)
    return result


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--store", type=Path, default=Path(os.environ.get("POLICING_STORE", "/tmp/realstore")))
    ap.add_argument("--sessions", type=int, nargs="+", default=[1, 10, 25])
    ap.add_argument("--timeout", type=float, default=180.0, help="seconds a session waits for one run")
    ap.add_argument("--settle", type=float, default=20.0, help="idle seconds before the last memory sample")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--same", action="store_true",
                    help="every session opens the same link (the cost of a session alone, all answers cached)")
    ap.add_argument("--serial", action="store_true",
                    help="a wave's N sessions one after another (the same links): CPU per new session without "
                         "the luck of which concurrent sessions share first-time work")
    ap.add_argument("--bare", action="store_true",
                    help="run the server without deploy/policing.env (Streamlit's defaults)")
    ap.add_argument("--url", default=None, help="drive this server instead of starting one")
    args = ap.parse_args(argv)

    server = None
    if args.url:
        base = args.url
    else:
        from benchmarks.stored import require_stored_answers

        require_stored_answers(args.store)  # the sessions open the crime page among others
        server = Server(args.store.resolve(), args.port or free_port(), None if args.bare else deploy_env())
        base = f"http://127.0.0.1:{server.port}"
    pid = server.proc.pid if server else None
    print(f"server {base}  store {args.store}  environment: {'Streamlit defaults' if args.bare else DEPLOY_ENV}")
    print(f"{'N':>3} {'p50 s':>7} {'p95 s':>7} {'max s':>7} {'errors':>6} {'CPU s/session':>13} "
          f"{'RSS before MB':>13} {'RSS after MB':>12}")
    try:
        offset = 0
        for n in args.sessions:
            before_mem = rss_mb(pid) if pid else float("nan")
            before_cpu = cpu_seconds(pid) if pid else 0.0
            res = asyncio.run(wave(base, n, args.timeout, offset, args.same, args.serial))
            offset += n
            cpu = (cpu_seconds(pid) - before_cpu) / n if pid else float("nan")
            after_mem = rss_mb(pid) if pid else float("nan")
            print(f"{n:>3} {pct(res.settle, .5):>7.2f} {pct(res.settle, .95):>7.2f} {max(res.settle, default=0):>7.2f} "
                  f"{len(res.errors):>6} {cpu:>13.2f} {before_mem:>13.0f} {after_mem:>12.0f}", flush=True)
            for e in res.errors[:5]:
                print(f"      ! {e}")
        if pid:
            time.sleep(args.settle)
            print(f"RSS after {args.settle:.0f} s idle: {rss_mb(pid):.0f} MB")
    finally:
        if server:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
