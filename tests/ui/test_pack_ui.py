"""The "Download the borough pack" component: both layouts, HTML and PDF, lazily for a borough; one line for London."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest


def _app(store_path: str, code: str) -> None:
    from lib.store import Store
    from lib.ui.pack import download_pack

    download_pack(Store(store_path), code, "2015-09", None)


def test_both_layouts_for_a_borough_and_a_line_for_london(demo_store: Path) -> None:
    at = AppTest.from_function(_app, args=(str(demo_store), "E09000010")).run(timeout=60)
    assert not at.exception
    # both layouts (the board pack and the one-pagers), HTML and PDF each, built lazily: none rendered by this run
    assert [b.label for b in at.get("download_button")] == [
        "Board pack (HTML)", "Board pack (PDF)", "One-pagers (HTML)", "One-pagers (PDF)"]
    at = AppTest.from_function(_app, args=(str(demo_store), "E12000007")).run(timeout=60)
    assert not at.exception
    assert len(at.get("download_button")) == 0
    assert "choose a borough" in at.caption[0].value


def test_the_download_is_the_commands_pack_and_is_built_once(real_store: Path) -> None:
    """The button's pack (through the one cache) is the command's pack, byte for byte; a second click gets
    the same bytes back from the cache, another borough its own pack."""
    from lib.commands.pack import pack_bytes
    from lib.store import Store
    from lib.ui import cache

    store = Store(real_store)
    first = cache.pack_bytes(store, "Enfield", "2018-12", None, "snb", "html")
    from lib.views.pack import pack_sources

    assert first == pack_bytes(pack_sources(store, None), "Enfield", "2018-12", "snb", "html")
    assert b"Enfield" in first
    assert cache.pack_bytes(Store(real_store), "Enfield", "2018-12", None, "snb", "html") == first
    other = cache.pack_bytes(store, "Barnet", "2018-12", None, "snb", "html")
    assert other != first and b"Barnet" in other
