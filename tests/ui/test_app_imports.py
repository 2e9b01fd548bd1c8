"""The app process imports what its pages draw, not what only printing or ingest needs (issue 22, item 6).

Run in a fresh interpreter (a test process has imported everything by now): the pages with a pack download
and the Challenge deck import neither vl-convert nor WeasyPrint until a pack is asked for, and the home page
imports nothing only printing or ingest needs (it shows three topics' answers since issue 23). The maps
read geometry made ready at ingest (lib.ingest.web_geometry, and for stop and search's grid
lib.ingest.stop_search_grid): no page imports geopandas, shapely or pyproj.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("vl_convert", "weasyprint", "lib.report", "lib.commands", "lib.ingest", "geopandas", "shapely", "pyproj")
GEOMETRY = ("geopandas", "shapely", "pyproj")
SCRIPT = f"HEAVY = {HEAVY!r}" + """
import json, sys
from streamlit.testing.v1 import AppTest
decks = []
for page in sys.argv[1:]:
    at = AppTest.from_file(page, default_timeout=300)
    at.query_params["borough"] = "Enfield"  # a borough: the Crime page draws its ward map too (wards open)
    at.query_params["wards"] = "true"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    decks.append(len(at.get("deck_gl_json_chart")))
print(json.dumps(decks))
print(json.dumps({m: m in sys.modules for m in HEAVY}))
"""


def _run(*pages: str) -> tuple[dict[str, bool], list[int]]:
    """Which of HEAVY the pages imported, and how many maps each drew."""
    env = dict(os.environ, POLICING_STORE=str(ROOT / "data" / "demo"), POLICING_BASEMAP="none", PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", SCRIPT, *(str(ROOT / p) for p in pages)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=600, check=True)
    lines = out.stdout.strip().splitlines()
    return json.loads(lines[-1]), json.loads(lines[-2])


def _imported(*pages: str) -> dict[str, bool]:
    return _run(*pages)[0]


def test_pages_with_a_pack_download_do_not_import_the_printing_libraries():
    seen = _imported("pages/1_Crime.py", "pages/7_Challenge.py")
    assert not any(seen[m] for m in ("vl_convert", "weasyprint", "lib.report", "lib.commands", "lib.ingest")), seen


def test_the_home_page_imports_no_printing_ingest_or_geometry_library():
    """The home page shows the crime, confidence and stop-and-search answers (issue 23): it imports their views,
    but nothing only printing or ingest needs, nor a geometry library (the stop-and-search view reads the searches'
    grid squares from the store)."""
    seen = _imported("app.py")
    assert not any(seen[m] for m in HEAVY), seen


def test_the_map_pages_draw_without_the_geometry_libraries():
    """Crime (the borough map and Enfield's wards), Confidence, the comparator and Stop and search (its grid
    squares: each search's square and each square's corners and name are made at ingest)."""
    seen, decks = _run("pages/1_Crime.py", "pages/2_Confidence.py", "pages/3_Neighbourhood_comparator.py",
                       "pages/4_Stop_and_search.py")
    assert decks == [2, 1, 1, 1]  # the maps were drawn (Crime: London's boroughs and Enfield's wards)
    assert not any(seen[m] for m in GEOMETRY), seen
