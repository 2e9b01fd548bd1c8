"""AppTest of the About page's "What the newest release revised" block: the revisions view's sentence and
table, on a store of the real crime files and on the demo store."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
PAGE = str(ROOT / "pages" / "6_About_the_data.py")
HEADER = "What the newest release revised"


@pytest.fixture(scope="module")
def crime_store(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of the real borough crime files only (linked, not copied)."""
    from lib.ingest import run_ingest

    src = tmp_path_factory.mktemp("about_src") / "crime" / "borough"
    src.mkdir(parents=True)
    for f in (shared_data / "crime" / "borough").iterdir():
        (src / f.name).symlink_to(f)
    dest = tmp_path_factory.mktemp("about") / "store"
    run_ingest(src.parents[1], dest)
    return dest


def _run(store: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("POLICING_STORE", str(store))
    at = AppTest.from_file(PAGE, default_timeout=180)
    at.run()
    assert not at.exception
    return at


def _revisions(at: AppTest):
    return [t.value for t in [*at.table, *at.dataframe] if list(t.value.columns[:3]) == ["Area", "Month", "Crime"]]


def test_revisions_block_is_the_revisions_view(crime_store, monkeypatch):
    from lib.store import Store
    from lib.views.revisions import revisions_view

    at = _run(crime_store, monkeypatch)
    rv = revisions_view(Store(crime_store))
    # the two newest releases of the current scheme: to December 2025 and to February 2026 (crime/borough/)
    assert (rv.from_release, rv.to_release) == ("2025-12", "2026-02")
    assert rv.sentence.startswith("The release to February 2026 revised ")
    assert HEADER in [h.value for h in at.header]
    assert rv.sentence in [m.value for m in at.markdown]
    shown = _revisions(at)
    assert len(shown) == 1 and len(shown[0]) == len(rv.table) > 0
    assert shown[0].astype(str).reset_index(drop=True).equals(rv.table.astype(str).reset_index(drop=True))
    # the largest revision leads the table and is the one the sentence names
    top = shown[0].iloc[0]
    assert f"{top['Month']}: {top['Earlier release']} then, {top['Later release']} now" in rv.sentence


def test_demo_store_says_none_were_large(demo_store, monkeypatch):
    from lib.store import Store
    from lib.views.revisions import revisions_view

    at = _run(demo_store, monkeypatch)
    rv = revisions_view(Store(demo_store))
    assert rv.sentence in [m.value for m in at.markdown]
    assert len(rv.table) == 0 and "; none by at least 10 offences and 5%." in rv.sentence
    assert not _revisions(at)  # no empty table under a sentence that says there is none
