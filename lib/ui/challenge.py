"""Slide blocks for the Challenge deck: large type for a room (no text under 24 px, headlines 64 px+).

Styling is one static stylesheet with no data in it; every figure is drawn with ordinary Streamlit
elements (st.metric, st.table, st.dataframe, st.markdown without HTML). :func:`slide_for` builds the
one slide on screen through the cache (``lib.ui.cache``: one cached function per kind of slide, keyed by
the choices it reads), so opening slide 5 cold builds slide 5 only.
"""

from __future__ import annotations

import streamlit as st

from lib import choices
from lib.errors import UsageError
from lib.reference.categories import MOPAC7
from lib.ui import cache
from lib.ui.charts_deck import confidence_chart, target_chart
from lib.ui.params import bad_param, inert
from lib.views import challenge as deck
from lib.views.challenge import Slide

TRAJECTORY_HEIGHT = 440
TREND_HEIGHT = 300  # slide 4's trend, beside the headline figures
TREND_WIDTH = 2.0  # slide 4's trend column, against 1 for each headline figure
PACK_WIDTH = 1.6  # the pack buttons' column, against 1 for each headline figure
NUMBERS_ROWS = 9  # a Numbers table longer than this has the slide to itself (no headline figures above it)
NUMBERS_HALVES = 18  # ... and one longer than this is shown in two halves side by side (no slide scrolls)
STYLE = """<style>
[data-testid="stMain"] * { font-size: 26px; }
[data-testid="stMain"] .block-container { padding-top: 68px; padding-bottom: 0; }
[data-testid="stMain"] kbd, [data-testid="stMain"] kbd * { font-size: 24px !important; }
[data-testid="stMain"] h1, [data-testid="stMain"] h1 * { font-size: 28px !important; padding: 0 !important; }
[data-testid="stMain"] h2, [data-testid="stMain"] h2 * { font-size: 40px !important; padding: 0 !important; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * { font-size: 72px !important; }
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * { font-size: 28px !important; }
[data-testid="stTable"] td, [data-testid="stTable"] th { padding: 1px 10px !important; color: #262730 !important;
  height: auto !important; font-size: 24px !important; line-height: 1.25 !important; }
[data-testid="stTable"] td *, [data-testid="stTable"] th * { white-space: nowrap !important; font-size: 24px !important;
  line-height: 1.25 !important; margin: 0 !important; }
[data-testid="stMain"] [data-testid="stAlert"] * { font-size: 24px !important; line-height: 1.3 !important; }
[data-testid="stMain"] [data-testid="stAlertContainer"] { padding: 8px 16px !important; }
[data-testid="stMain"] [data-testid="stVerticalBlock"] { gap: 8px; }
[data-testid="stMain"] [data-testid="stCaptionContainer"],
[data-testid="stMain"] [data-testid="stCaptionContainer"] * { opacity: 1 !important; color: #262730 !important; }
[data-testid="stMain"] button p { white-space: nowrap; }
</style>"""


def slide_style() -> None:
    """Apply the slide stylesheet (static: carries no data)."""
    st.markdown(STYLE, unsafe_allow_html=True)


def slide_for(store, number: int, choices: deck.Choices) -> Slide:
    """The slide ``number`` (1-8) through the one cache (slide 1 without its forecast: :func:`slide_block` draws
    that after the headline figures, so they are on screen while it is worked out)."""
    if number in (1, 2):
        return cache.tracker_slide(store, number, choices.release, choices.to, choices.baseline, choices.reduction)
    if number == 3:
        return cache.movers_slide(store, choices.release, choices.to)
    if number == 4:
        return cache.confidence_slide(store, choices.to)
    if number == 5:
        return cache.neighbourhood_slide(store, choices.neighbourhood, choices.compare, choices.to)
    if number == 6:
        return cache.stop_search_slide(store, choices.to)
    if number == 8:
        return cache.crime_types_slide(store, choices.release, choices.to, choices.baseline, choices.reduction,
                                       choices.borough)
    return cache.borough_slide(store, choices.borough, choices.release, choices.to, choices.baseline,
                               choices.reduction)


def safe_slide(store, number: int, choices: deck.Choices) -> Slide:
    """The slide, or a one-line slide saying why it cannot be drawn (a name in the URL that is unknown)."""
    try:
        return slide_for(store, number, choices)
    except UsageError as e:
        return Slide(number=number, name=deck.SLIDE_NAMES[number - 1], title=deck.SLIDE_NAMES[number - 1].title(),
                     sentence="", message=f"This slide cannot be drawn: {e}.")


def forecast_for(store, choices: deck.Choices) -> tuple[object, str]:
    """Slide 1's forecast band and sentence (``lib.views.challenge.forecast_band`` of the cached tracker and
    London's forecast: a second or two of work the first time, done only when slide 1 is shown)."""
    args = (store, choices.release, choices.to, choices.baseline, choices.reduction, MOPAC7)
    fv = cache.forecast_view(*args, areas=deck.FORECAST_AREAS)
    return deck.forecast_band(cache.tracker_view(*args), fv), fv.words


def _numbers(slide: Slide) -> None:
    """The Numbers table as a plain table (24 px, dark: the slide stylesheet), in two halves side by side
    when it is long, so the slide does not scroll."""
    t = slide.numbers.set_index(slide.numbers.columns[0])
    if len(t) <= NUMBERS_HALVES:
        st.table(t)
        return
    half = (len(t) + 1) // 2
    for col, part in zip(st.columns(2), (t.iloc[:half], t.iloc[half:]), strict=True):
        col.table(part)


def _chart(build, *args) -> None:
    """A slide's chart (a module-level builder and its arguments) drawn once per the same arguments and replayed
    on later runs (:func:`lib.ui.cache.drawn_altair_chart`): a rerun of the deck does not build it again."""
    cache.drawn_altair_chart(cache.builder_name(build), args, build)


def _keys(slide: Slide, store) -> None:
    pack = bool(slide.borough_code) and store is not None
    trend = slide.trend is not None and len(slide.trend) > 0
    cols = st.columns([1.0] * len(slide.keys) + [PACK_WIDTH] * pack + [TREND_WIDTH] * trend)
    for col, k in zip(cols, slide.keys, strict=False):
        col.metric(k.label, k.value)
        if k.words:
            col.markdown(k.words)
    if pack:  # the borough pack's buttons beside the headline figures: the slide keeps to one screen
        from lib.ui.pack import download_pack

        with cols[len(slide.keys)]:
            download_pack(store, slide.borough_code, slide.to, slide.release, key="challenge_pack", compact=True)
    if trend:
        with cols[-1]:
            _chart(confidence_chart, slide.trend, slide.reference, TREND_HEIGHT)


def slide_block(slide: Slide, numbers: bool, store=None, choices: deck.Choices | None = None) -> None:
    """One slide: title, sentence, headline figures, then its tables, chart and lines (or the Numbers
    table) and note. Slide 1's forecast is worked out here (``choices`` and ``store`` given)."""
    st.header(slide.title, anchor=False)
    if slide.message:
        st.markdown(inert(slide.message))  # it may repeat a reader's value: never Markdown
        return
    st.markdown(slide.sentence)
    long_numbers = numbers and len(slide.numbers) > NUMBERS_ROWS
    if slide.keys and not long_numbers:  # a long Numbers table has the slide to itself (its rows hold the figures)
        _keys(slide, store)
    if numbers:
        _numbers(slide)
    else:
        if slide.trajectory is not None and len(slide.trajectory):
            band, words = (slide.forecast, slide.forecast_words)
            if band is None and store is not None and choices is not None:
                band, words = forecast_for(store, choices)
            _chart(target_chart, slide.trajectory, band, TRAJECTORY_HEIGHT)
            if words:
                st.markdown(words)
        if slide.panels:
            for col, p in zip(st.columns(len(slide.panels)), slide.panels, strict=True):
                if p.caption:
                    col.markdown(f"**{p.caption}**")
                col.table(p.table.set_index(p.table.columns[0]))
        for line in slide.lines:
            st.markdown(line)
    if slide.note:
        st.markdown(slide.note)


def slide_position(count: int, warn: bool = True) -> int:
    """The slide on screen (1-based) from ``?slide=`` (:func:`lib.choices.slide`), written back to the URL;
    a value that is not a slide of this deck says so (``warn``) and shows slide 1."""
    raw = st.query_params.get("slide")
    pos = 1
    if raw is not None:
        try:
            pos = choices.slide(raw, count)
        except UsageError as e:
            if warn:
                bad_param("slide", e, "slide 1")
    st.query_params["slide"] = str(pos)
    return pos


def slide_order() -> tuple[int, ...]:
    """The deck's slides from ``?slides=`` (:func:`lib.choices.slides`), by number or name, written back
    as numbers; every slide (with a notice) when the value is not a list of slides."""
    raw = st.query_params.get("slides")
    try:
        order = choices.slides(raw)
    except UsageError as e:
        bad_param("slides", e, "every slide")
        order = choices.slides(None)
    if raw is not None:
        st.query_params["slides"] = ",".join(str(n) for n in order)
    return order


def url_neighbourhood(store, key: str) -> str | None:
    """Slide 5's ``?neighbourhood=`` or ``?compare=`` read by the one parser against the survey's names
    (None when absent, or, with a notice, when the survey has no such neighbourhood)."""
    raw = st.query_params.get(key)
    if raw is None:
        return None
    try:
        return deck.neighbourhood_choice(store, raw, key, cache.neighbourhood_options(store))
    except UsageError as e:
        bad_param(key, e, "the pair with the largest gap" if key == "neighbourhood" else "the default comparison")
        return None


def move(step: int, count: int) -> None:
    """Button callback (runs before the rerun, so the buttons are drawn for the new slide): ``?slide=`` += step.

    Moving in the callback, not after the button returns, matters: otherwise the rerun that moves
    from slide 1 to 2 still draws Previous disabled (it was computed for slide 1), and its ArrowLeft
    shortcut cannot fire until some other rerun."""
    st.query_params["slide"] = str(min(max(slide_position(count, warn=False) + step, 1), count))
