"""Garbage in every URL parameter of every page: a message and a default, never an exception.

Each run sets every parameter a page reads to the same garbage value at once (20 values per page),
on the demonstration store. One AppTest per page: the first value is a first load, each later value
is a link changed from outside (the URL wins over the widgets' state, the same code path), which
halves the time of a fresh session per value. Then the links that echo a value back must show it as
inert text.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lib.ui.crime_blocks import SECTIONS
from tests.conftest import ROOT
from tests.helpers import checked

PAGES = {
    "app.py": ["borough"],
    "pages/1_Crime.py": ["borough", "release", "to", "indicator", "measure", "population", "baseline", "reduction"],
    "pages/2_Confidence.py": ["borough", "to", "measure", "sample", "deff", "uss_to"],
    "pages/3_Neighbourhood_comparator.py": ["borough", "neighbourhood", "compare", "sample", "spread"],
    "pages/4_Stop_and_search.py": ["borough", "from", "to", "census"],
    "pages/5_Complaints.py": ["borough", "to"],
    "pages/6_About_the_data.py": ["borough"],
}
# Every part of the crime page a reader opens is open, so the garbage reaches what those parts work out too.
OPEN = {"pages/1_Crime.py": dict.fromkeys(SECTIONS, "true")}
GARBAGE = [
    "", " ", "--5", "²", "9" * 10_000, "-0", "1e9", "NaN", "inf", "0x1F", "2015-13", "2015-9", "9999-99",
    "https://evil.example/login", "<script>alert(1)</script>", "**bold** [x](javascript:alert(1))",
    "%00%ff", "’; DROP TABLE crime; --", "Ｅｎｆｉｅｌｄ", "City of London",
]

# Values no parameter accepts: every run with one of them must show a warning, which also proves that
# the reused AppTest reads each new URL value rather than its widgets' state.
NEVER_VALID = ["²", "9" * 10_000, "<script>alert(1)</script>", "https://evil.example/login"]


def _run(at: AppTest, params: dict[str, str]) -> AppTest:
    """The page run again with these query parameters (the page on its own: no entry script first)."""
    for k, v in params.items():
        at.query_params[k] = v
    return at.run()


@pytest.mark.parametrize("page", list(PAGES))
def test_every_parameter_survives_garbage(demo_store: Path, monkeypatch: pytest.MonkeyPatch, page: str) -> None:
    monkeypatch.setenv("POLICING_STORE", str(demo_store))
    monkeypatch.setenv("POLICING_BASEMAP", "none")
    at = AppTest.from_file(str(ROOT / page), default_timeout=120)
    for value in GARBAGE:
        checked(_run(at, {**OPEN.get(page, {}), **dict.fromkeys(PAGES[page], value)}))
        shown = " ".join(str(w.value) for w in at.warning)
        assert "<script>" not in shown and "https://" not in shown, (page, value)
        if value in NEVER_VALID:
            assert "isn't available" in shown, (page, value[:40], shown)


def test_the_crime_page_parts_survive_garbage(demo_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A part's key holding anything but 'true' is read as closed (Streamlit's own reading of a bound
    parameter) and dropped from the URL: no exception, no error, nothing of it worked out."""
    monkeypatch.setenv("POLICING_STORE", str(demo_store))
    monkeypatch.setenv("POLICING_BASEMAP", "none")
    at = AppTest.from_file(str(ROOT / "pages/1_Crime.py"), default_timeout=120)
    for value in GARBAGE:
        checked(_run(at, dict.fromkeys(SECTIONS, value)))
        assert not any(at.query_params.get(k) for k in SECTIONS), value[:40]
        assert "Boroughs at a 20% reduction or more" not in [m.label for m in at.metric]  # the target: closed


def test_echoed_link_is_inert_text(open_page) -> None:
    at = checked(open_page("pages/1_Crime.py", borough="https://evil.example/login"))
    warning = next(str(w.value) for w in at.warning if "isn't available" in str(w.value))
    # the one parser's sentence with every punctuation mark escaped: shown as typed, never a live link
    assert "https://" not in warning and "https\\://evil\\.example" in warning


def test_city_of_london_is_explained(open_page) -> None:
    at = checked(open_page("pages/1_Crime.py", borough="City of London"))
    assert any("City of London Police" in str(i.value) for i in at.info)
