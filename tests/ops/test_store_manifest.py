"""A damaged store manifest is a one-line error everywhere a store is opened (issue 22): the command
line (every command, and ingest over it), and the page, which says so plainly instead of a traceback.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lib.cli import main
from lib.store import MANIFEST, ManifestError, Store, StoreError
from tests.conftest import FIXTURES, ROOT
from tests.helpers import store_hashes

DAMAGE = {
    "truncated": b'{"kind": "demo", "tables": {',
    "not utf-8": b"\xff\xfe{\x00}\x00",
    "a list": b"[1, 2]",
    "no table list": b'{"kind": "demo", "tables": [1]}',
    "empty": b"",
}
COMMANDS = [
    ["crime-summary", "--borough", "Enfield", "--to", "2015-09"],
    ["target", "--baseline", "2011/12", "--to", "2015-09"],
    ["comparator", "--neighbourhood", "Enfield Town"],
    ["confidence", "--borough", "Enfield"],
    ["stop-search", "--borough", "Enfield", "--from", "2018-01", "--to", "2018-12"],
    ["complaints", "--borough", "Enfield", "--to", "2015-09"],
    ["pack", "--borough", "Enfield", "--to", "2015-09", "--format", "html", "--output", "{tmp}/pack.html"],
    ["challenge", "--to", "2015-09", "--output", "{tmp}/deck.pdf"],
]


def damaged_store(folder: Path, how: str) -> Path:
    """A copy of the shipped demonstration store with its manifest damaged ``how``."""
    store = folder / "store"
    shutil.copytree(ROOT / "data" / "demo", store)
    (store / MANIFEST).write_bytes(DAMAGE[how])
    return store


@pytest.mark.parametrize("how", sorted(DAMAGE))
def test_opening_a_damaged_manifest_is_a_store_error(how: str, tmp_path: Path) -> None:
    store = damaged_store(tmp_path, how)
    with pytest.raises(ManifestError) as e:
        Store(store)
    assert isinstance(e.value, StoreError)
    text = str(e.value)
    assert "\n" not in text and f"{store} has a damaged {MANIFEST}" in text and "lib.cli ingest" in text


@pytest.mark.parametrize("command", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_every_command_says_the_manifest_is_damaged_in_one_line(command, tmp_path, capsys) -> None:
    store = damaged_store(tmp_path, "truncated")
    argv = [a.replace("{tmp}", str(tmp_path)) for a in command] + ["--store", str(store)]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"error: {store} has a damaged {MANIFEST} (Expecting"), err
    assert not list(tmp_path.glob("pack.html")) and not list(tmp_path.glob("deck.pdf"))


def test_ingest_over_a_damaged_store_is_refused_unless_allowed(tmp_path, capsys) -> None:
    store = damaged_store(tmp_path, "truncated")
    before = store_hashes(store)
    source = FIXTURES / "crime" / "good"
    assert main(["ingest", str(source), "--store", str(store)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "the current store cannot be read (Expecting property name" in err[0], err
    assert "nothing was written" in err[0] and "--allow-removal" in err[0]
    assert store_hashes(store) == before
    # replacing it is a deliberate choice, and the report says what was replaced
    assert main(["ingest", str(source), "--store", str(store), "--allow-removal"]) == 0
    out = capsys.readouterr().out
    assert "Removed with --allow-removal: 1 item(s)" in out and "could not be read (Expecting property name" in out
    assert Store(store).manifest["kind"] == "official" and Store(store).has("crime_borough")


def test_the_page_says_the_store_cannot_be_opened(open_page, tmp_path) -> None:
    store = damaged_store(tmp_path, "not utf-8")
    at = open_page("app.py", store=store)
    assert not at.exception, [e.value for e in at.exception]
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and errors[0].startswith("No data store could be opened.")
    assert f"has a damaged {MANIFEST} ('utf-8' codec can't decode" in errors[0]
