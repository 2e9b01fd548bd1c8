"""One typed answer per screen: what a page, the command line, a Challenge slide or a borough pack shows.

Rule of this layer: a view function takes the store (or a dataset already read from it) and the
reader's choices (area, period, release, population basis...) and returns a frozen dataclass
holding every figure, table and sentence of fact that screen shows, already suppressed for the
public where the public sees it. Views call :mod:`lib.metrics`; they never import Streamlit and
never cache (the only cache is :mod:`lib.ui.cache`). Pages, ``lib/cli``, the Challenge deck and the
borough pack read views and never recompute.
"""
