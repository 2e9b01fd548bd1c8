"""Widgets whose value lives in the URL query string, so that a copied link reopens the same view.

Rule for every parameter: a valid value in the URL wins on first load; after that the widget wins
and is written back to the URL. Every value is read by the one parser (:mod:`lib.choices`); an invalid
one shows that parser's sentence (the command line prints the same) as inert text and falls back to
the default, never a traceback. Values are only ever compared against known options or parsed as
numbers: nothing from the URL is evaluated or unpickled.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from lib import choices
from lib.errors import MAX_ECHO, UsageError  # noqa: F401 (MAX_ECHO re-exported: the echo's length)
from lib.periods import month_label

# Every mark that can open inline Markdown (emphasis, code, links, images, HTML, tables, strikethrough,
# directives, maths, entities), and '.' and '@' so no bare 'www.' or e-mail autolink forms. Our messages
# never start a line with a reader's value, so block marks ('-', '+', digits) need no escape.
_ESCAPE = {ord(ch): "\\" + ch for ch in "\\`*_[]()<>!#|~:$&{}^=.@"}


def inert(text: str) -> str:
    """Text for a Markdown-rendering element (st.warning, st.markdown) that renders as itself: every mark
    that could open inline Markdown backslash-escaped (CommonMark), so no link, image, emphasis, HTML,
    directive or bare URL can be formed from a reader's value."""
    return str(text).translate(_ESCAPE)


def bad_param(key: str, problem: UsageError | str, fallback: str) -> None:
    """Tell the reader a link's value was not usable, in the one parser's sentence (the command line prints
    the same), as inert text, and what is shown instead."""
    st.warning(f"This link's {inert(key)} isn't available: {inert(str(problem))}. Showing {inert(fallback)} instead.")


def _desired(key: str, parse: Callable[[str], str], default: str, fallback: str) -> str:
    """The value this run should start from: the URL (if changed from outside), read by ``parse`` (a
    :mod:`lib.choices` reader returning the canonical value or raising its UsageError), else sticky state."""
    raw = st.query_params.get(key)
    last_written = st.session_state.get(f"_url_{key}")
    widget_key = f"w_{key}"
    if raw is not None and raw != last_written:
        try:
            return parse(raw)
        except UsageError as e:
            bad_param(key, e, fallback)
            return default
    if widget_key in st.session_state:
        return st.session_state[widget_key]
    sticky = st.session_state.get(f"_sticky_{key}")
    if sticky is None:
        return default
    try:
        return parse(sticky)
    except UsageError:
        return default


def _publish(key: str, value: str) -> None:
    st.query_params[key] = value
    st.session_state[f"_url_{key}"] = value
    st.session_state[f"_sticky_{key}"] = value


loose = choices.loose


def loose_match(raw: str, options: Sequence[str], format_func: Callable[[Any], str] = str) -> str | None:
    """:func:`lib.choices.loose_match` with the options' labels from ``format_func``."""
    return choices.loose_match(raw, options, {o: str(format_func(o)) for o in options})


def url_select(
    label: str,
    options: Sequence[str],
    *,
    key: str,
    default: str,
    format_func: Callable[[Any], str] = str,
    container: Any = None,
    help: str | None = None,
    normalise: Callable[[str], str | None] | None = None,
) -> str:
    """A selectbox over ``options`` (strings as they appear in the URL), backed by ``?key=``.

    ``normalise`` may map other spellings in a link (e.g. a GSS code) onto an option, or raise the one
    parser's UsageError; failing that, :func:`lib.choices.choice` reads a value that differs from one option
    (or its label) only in case, spaces or punctuation as that option, and refuses anything else.
    """
    opts = list(options)
    if not opts:
        raise ValueError(f"no options for {label}")
    if default not in opts:
        default = opts[0]
    labels = {o: str(format_func(o)) for o in opts}

    def parse(raw: str) -> str:
        if raw in opts:
            return raw
        if normalise is not None:
            fixed = normalise(raw)  # may raise the one parser's UsageError
            if fixed in opts:
                return fixed
        return choices.choice(raw, key, opts, labels, what=f"a {label.lower()} choice")

    value = _desired(key, parse, default, labels[default])
    if value not in opts:  # options changed under a remembered value (e.g. another release)
        value = default
    widget_key = f"w_{key}"
    st.session_state[widget_key] = value
    box = container if container is not None else st
    chosen = box.selectbox(label, opts, key=widget_key, format_func=format_func, help=help)
    _publish(key, chosen)
    return chosen


def url_month(
    label: str, months: Sequence[str], *, key: str, default: str | None = None, container: Any = None,
    help: str | None = None,
) -> str:
    """Pick a month 'YYYY-MM' from those available (newest first); default the newest. A link's month is
    read by :func:`lib.choices.month` (or matched to a label such as 'December 2025')."""
    opts = sorted(set(months), reverse=True)
    ordered = opts[::-1]

    def normalise(raw: str) -> str:
        try:
            return choices.month(raw, key, within=ordered)
        except UsageError:
            hit = loose_match(raw, opts, month_label)
            if hit is None:
                raise
            return hit

    return url_select(
        label, opts, key=key, default=default or opts[0], format_func=month_label, container=container, help=help,
        normalise=normalise,
    )


def url_int(
    label: str, *, key: str, default: int, min_value: int, max_value: int, step: int = 1,
    container: Any = None, help: str | None = None,
) -> int:
    """A whole number within [min_value, max_value], backed by ``?key=`` (read by
    :func:`lib.choices.whole_number`)."""

    def parse(v: str) -> str:
        return str(choices.whole_number(v, key, min_value, max_value))

    value = _desired(key, parse, str(default), str(default))
    widget_key = f"w_{key}"
    st.session_state[widget_key] = int(value)
    box = container if container is not None else st
    chosen = box.number_input(label, min_value=min_value, max_value=max_value, step=step, key=widget_key, help=help)
    _publish(key, str(int(chosen)))
    return int(chosen)
