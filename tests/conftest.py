"""Shared fixtures: the real published files beside the repo, a real store, a demo store."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("POLICING_SHARED_DATA", ROOT.parent / "shared" / "data"))
SEEDS = SHARED_DATA.parent / "seeds"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real published files (../shared/data); tests using them skip, with the reason, if absent."""
    if not (SHARED_DATA / "SOURCES.md").is_file():
        pytest.skip(f"real published data not found at {SHARED_DATA} (set POLICING_SHARED_DATA)")
    return SHARED_DATA


RUN_FOLDER = "POLICING_TEST_RUN"  # the run's shared folder: made by the controller, inherited by each xdist worker


def pytest_configure(config: pytest.Config) -> None:
    """A whole run's shared folder (:func:`built_once`), made before xdist starts its workers, which inherit the
    environment: the stores built once are found by every worker without reading pytest's private state."""
    if not os.environ.get("PYTEST_XDIST_WORKER") and RUN_FOLDER not in os.environ:
        os.environ[RUN_FOLDER] = tempfile.mkdtemp(prefix="policing-tests-")
        config.add_cleanup(lambda: shutil.rmtree(os.environ.pop(RUN_FOLDER), ignore_errors=True))


def built_once(name: str, build: Callable[[Path], object]) -> Path:
    """``build(store)`` run once for the whole test run, shared by every xdist worker: the first worker
    to ask builds it under a lock, the others wait and read it (it is never written afterwards)."""
    root = Path(os.environ[RUN_FOLDER])
    folder = root / f"shared-{name}"
    with open(root / f"shared-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / "built").exists():
            folder.mkdir(exist_ok=True)
            build(folder / "store")
            (folder / "built").touch()
    return folder / "store"


_INGEST = """
import sys
from pathlib import Path
from lib.cli import ingest_store
source, folder = Path(sys.argv[1]), Path(sys.argv[2])
folder.mkdir(exist_ok=True)
ingest_store(source, folder / "store")
(folder / "built").touch()
"""
_BACKGROUND: list[subprocess.Popen] = []


def pytest_sessionstart(session: pytest.Session) -> None:
    """A whole run in xdist workers: the controller starts the one real-store ingest (see
    :func:`built_once`) in a process of its own before the workers start, holding the lock for it, so
    the workers run the tests that need no real store meanwhile (they come first: see
    :func:`pytest_collection_modifyitems`) instead of one worker ingesting while the other waits."""
    config = session.config
    if (os.environ.get("PYTEST_XDIST_WORKER") or not getattr(config.option, "numprocesses", None)
            or config.args_source != pytest.Config.ArgsSource.TESTPATHS
            or not (SHARED_DATA / "SOURCES.md").is_file()):
        return
    root = Path(os.environ[RUN_FOLDER])
    with open(root / "shared-real.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # held by the child (same open file) until it exits
        command = [sys.executable, "-c", _INGEST, str(SHARED_DATA), str(root / "shared-real")]
        _BACKGROUND.append(subprocess.Popen(command, cwd=ROOT, pass_fds=(lock.fileno(),), stdout=subprocess.DEVNULL))


def pytest_sessionfinish(session: pytest.Session) -> None:
    for proc in _BACKGROUND:
        if proc.poll() is None:  # a run that stopped early
            proc.kill()
        proc.wait()


# The slow tier: a real browser, servers behind a proxy, whole pages run by AppTest or in a fresh Python,
# printed PDFs, anything that reads the real published files (../shared/data), the whole-domain sweeps of
# every command, and the statistical simulations, demo generators and whole-deck builds marked `slow` where
# they are. Everything else is the fast tier (`python -m pytest -m "not slow"`), for the development loop.
SLOW_FOLDERS = ("browser", "ops", "pages", "report")
SLOW_FIXTURES = ("real_store", "shared_data", "open_page")
SLOW_MODULES = ("test_domain.py", "test_url_fuzz.py", "test_app_imports.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Test modules that need no real store first (the same order in every worker), so a whole run's
    ingest in the background overlaps them; and the slow tier marked (:data:`SLOW_FOLDERS`)."""
    needs = {}
    for item in items:
        fixtures = getattr(item, "fixturenames", ())
        needs[item.path] = needs.get(item.path, False) or "real_store" in fixtures
        folder = item.path.relative_to(ROOT / "tests").parts[0]
        if folder in SLOW_FOLDERS or item.path.name in SLOW_MODULES or any(f in fixtures for f in SLOW_FIXTURES):
            item.add_marker(pytest.mark.slow)
    items.sort(key=lambda item: needs[item.path])


@pytest.fixture(scope="session")
def real_store(shared_data: Path) -> Path:
    """A store ingested from all of ../shared/data as the command line does (with the crime page's stored opening
    answers), once per test run (read-only: tests copy it to change it)."""
    from lib.cli import ingest_store

    return built_once("real", lambda dest: ingest_store(shared_data, dest))


@pytest.fixture(scope="session")
def demo_store() -> Path:
    """The shipped demonstration store (data/demo), copied once per test run (read-only, like
    :func:`real_store`). ``tests/demo/test_demo_store.py`` checks that the generator, run now, writes it
    byte for byte, so this is also what the generator makes, without generating it again for every run."""
    from lib.store import DEFAULT_STORE

    return built_once("demo", lambda dest: shutil.copytree(DEFAULT_STORE, dest))


@pytest.fixture
def open_page(demo_store: Path, monkeypatch: pytest.MonkeyPatch):
    """Run a page as the server does: entrypoint app.py, then switch to the page.

    ``open_page("pages/1_Crime.py", store=..., borough="Enfield", to="2015-09")`` returns the run
    AppTest; keyword arguments other than ``store`` become URL query parameters.
    """
    from streamlit.testing.v1 import AppTest

    def run(page: str = "app.py", *, store: Path | None = None, timeout: float = 120, **params: str) -> AppTest:
        monkeypatch.setenv("POLICING_STORE", str(store or demo_store))
        monkeypatch.setenv("POLICING_BASEMAP", "none")
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
        for k, v in params.items():
            at.query_params[k] = v
        if page != "app.py":
            at.switch_page(page)
        return at.run()

    return run


@pytest.fixture(scope="session")
def pas_store(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding only the PAS tables, ingested from the real files in ../shared/data/confidence
    (no USS: none is published), once per test session."""
    from lib.ingest.base import IngestContext, sniff_head
    from lib.ingest.pas import ADAPTERS
    from lib.store import write_store

    source = shared_data / "confidence"
    ctx = IngestContext(source_dir=source)
    tables, schemas = {}, {}
    for adapter in ADAPTERS:
        tables.update(adapter.read([p for p in sorted(source.iterdir()) if adapter.recognises(p, sniff_head(p))], ctx))
        schemas.update({t.name: t for t in adapter.tables})
    dest = tmp_path_factory.mktemp("pas") / "store"
    write_store(dest, tables, schemas, {"kind": "official"})
    return dest
