"""The shared page frame: the first call of every page.

Classic multipage layout (``app.py`` + ``pages/``, no ``st.navigation``), so a direct link to any
page on a cold server draws the same frame: page config, demonstration-data notice, the global
borough picker (``?borough=``) and the title.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from lib import choices
from lib.reference.boroughs import CITY_OF_LONDON_CODE, LONDON_CODE, LONDON_NAME, find_borough, mps_boroughs
from lib.store import Store, StoreError
from lib.ui import cache
from lib.ui.params import url_select

APP_TITLE = "London Policing Performance"
# The browser tab's icon, shipped with the app (a Material icon name here made every visit fetch the icon from
# fonts.gstatic.com, telling Google the reader's address). An SVG file: Streamlit sends it in the page as a
# data: address (nothing to fetch), where a PNG was opened and checked with Pillow on every cold server's first
# page (about 0.05 s of a cold deep link, benchmarks/cold_floor.py).
PAGE_ICON = Path(__file__).resolve().parents[2] / "static" / "page_icon.svg"
BOROUGH_KEY = "borough"
PICKER_COLUMNS = [1, 2]  # the area picker takes the first third of the main column (all of it on a phone)
# The sidebar navigation (Streamlit's own is switched off in .streamlit/config.toml so that the
# home page is not labelled "app" and the chosen area travels with every link).
PAGES: tuple[tuple[str, str, str], ...] = (
    ("app.py", "Overview", ":material/home:"),
    ("pages/1_Crime.py", "Crime", ":material/bar_chart:"),
    ("pages/2_Confidence.py", "Confidence and satisfaction", ":material/forum:"),
    ("pages/3_Neighbourhood_comparator.py", "Neighbourhood comparator", ":material/holiday_village:"),
    ("pages/4_Stop_and_search.py", "Stop and search", ":material/search:"),
    ("pages/5_Complaints.py", "Complaints", ":material/rate_review:"),
    ("pages/6_About_the_data.py", "About the data", ":material/info:"),
    ("pages/7_Challenge.py", "Challenge", ":material/co_present:"),
)


CONTROLS_LABEL = "Change what is shown"


@dataclass(frozen=True)
class Frame:
    """What every page gets: the store, the chosen area, and two places on the page in reading order.

    ``answer`` sits straight under the title: the page's one-sentence answer and its headline figure go
    there (filled after the pickers are read, drawn before them). ``controls`` is the fold under it,
    "Change what is shown", holding the area picker and the page's own pickers (folded on every width, so a
    phone's first screen is the answer, not a column of pickers).
    """

    store: Store
    borough_code: str
    borough_name: str
    answer: Any = None
    controls: Any = None

    @property
    def is_london(self) -> bool:
        return self.borough_code == LONDON_CODE

    def table(self, name: str) -> pd.DataFrame:
        """A store table (cached; read-only)."""
        return cache.table(self.store, name)


def _normalise_borough(raw: str) -> str:
    """A link's area read by the one parser (:func:`lib.choices.area`): London's and every borough's spellings."""
    return choices.area(raw, BOROUGH_KEY).name


def demo_notice(store: Store) -> None:
    """Say plainly, at the top of every page, when the figures are not official statistics."""
    if store.is_demo:
        st.warning(
            "**Demonstration data — not official statistics.** These figures are generated to show how "
            "the dashboard works. See *About the data* for how to load the published MPS and MOPAC files.",
            icon=":material/warning:",
        )


def borough_picker(container: Any = None) -> tuple[str, str]:
    """The global area choice: London or one of the 32 MPS boroughs, in ``container`` (the sidebar
    when None)."""
    names = [LONDON_NAME] + [b.name for b in mps_boroughs()]
    raw = st.query_params.get(BOROUGH_KEY)
    if raw is not None and (b := find_borough(raw)) is not None and b.code == CITY_OF_LONDON_CODE:
        st.info("The City of London is policed by the City of London Police, not the Met, so it has no "
                "figures here. Showing London as a whole.")
        st.query_params[BOROUGH_KEY] = LONDON_NAME
    name = url_select(
        "Area", names, key=BOROUGH_KEY, default=LONDON_NAME, container=container or st.sidebar,
        normalise=_normalise_borough, help="London as a whole, or one of the 32 boroughs the Met polices.",
    )
    if name == LONDON_NAME:
        return LONDON_CODE, LONDON_NAME
    b = find_borough(name)
    assert b is not None
    return b.code, b.name


def navigation(area_name: str) -> None:
    """Links to every page, carrying the chosen area in the link."""
    ctx = get_script_run_ctx()
    if ctx is None or Path(ctx.main_script_path).name != "app.py":
        return  # a page run on its own (AppTest.from_file on a page): links resolve from app.py only
    params = {} if area_name == LONDON_NAME else {BOROUGH_KEY: area_name}
    with st.sidebar:
        for path, label, icon in PAGES:
            st.page_link(path, label=label, icon=icon, query_params=params)


def go_to_area(name: str | None, current: str) -> None:
    """Open the chosen area (a borough name, or London) on this page: write it to the URL and rerun.

    The one place a click on a map becomes a new area; nothing happens when
    ``name`` is empty or already the current area.
    """
    if not name or name == current:
        return
    st.query_params[BOROUGH_KEY] = name
    st.rerun()


# A headline card's label carries its period ("Rolling 12 months: March 2014 to February 2015"): Streamlit
# cuts it to one line with an ellipsis, which on a 390 px phone hid the months. Let it wrap instead.
WRAP_LABELS = """<style>
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] *,
[data-testid="stMetricDelta"], [data-testid="stMetricDelta"] * { white-space: normal !important;
  overflow: visible !important; text-overflow: clip !important; height: auto !important; }
</style>"""


def page_frame(title: str, intro: str | None = None, sidebar: str = "auto") -> Frame:
    """Draw the frame and return the store and chosen area; stop the page if there is no store.

    Reading order: the title, the page's answer (``Frame.answer``), then the fold "Change what is shown"
    (``Frame.controls``) with the area picker first, then the introduction; the sidebar keeps the
    navigation. With ``sidebar="collapsed"`` (the Challenge deck, whose main column is the slide) the
    picker stays in the sidebar and there is no fold.
    """
    st.set_page_config(page_title=f"{title} · {APP_TITLE}", page_icon=str(PAGE_ICON), layout="wide",
                       initial_sidebar_state=sidebar)
    try:
        store = cache.current_store()
    except StoreError as e:
        st.error(f"No data store could be opened. {e}")
        st.stop()
    st.markdown(WRAP_LABELS, unsafe_allow_html=True)  # static CSS, no data in it
    demo_notice(store)
    answer = controls = None
    if sidebar == "collapsed":
        code, name = borough_picker()
        st.title(title)
    else:
        st.title(title)
        answer = st.container(key="answer")  # the DOM class st-key-answer: what the browser tests look for
        controls = st.container(key="controls").expander(CONTROLS_LABEL, icon=":material/tune:")
        code, name = borough_picker(controls.columns(PICKER_COLUMNS)[0])
    navigation(name)
    st.sidebar.caption(
        f"Data: {'demonstration store' if store.is_demo else 'published MPS/MOPAC files'}. "
        "Every view is a link: copy the address bar to share exactly this view."
    )
    if intro:
        st.markdown(intro)
    return Frame(store=store, borough_code=code, borough_name=name, answer=answer, controls=controls)
