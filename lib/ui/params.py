"""Widgets whose value lives in the URL query string, so that a copied link reopens the same view.

Rule for every parameter: a valid value in the URL wins on first load; after that the widget wins
and is written back to the URL. An invalid value shows a short message and falls back to the
default, never a traceback. Values are only ever compared against known options or parsed as
numbers: nothing from the URL is evaluated or unpickled.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from lib.periods import month_label

MAX_ECHO = 40  # characters of a bad URL value repeated back in the message
# A whole number as a link may carry it: ASCII digits only, an optional minus, at most 9 digits (so
# '--5', superscripts or a 10,000-digit number are rejected before int() ever sees them).
WHOLE_NUMBER = re.compile(r"-?[0-9]{1,9}", re.ASCII)


def _echo(raw: str) -> str:
    """A bad URL value made safe to repeat inside a message: inert text in a code span (never a live
    link, never markdown), ASCII letters, digits and a little punctuation only, bounded length."""
    cleaned = "".join(ch for ch in raw if (ch.isascii() and ch.isalnum()) or ch in " -_.,/()'")[:MAX_ECHO]
    return f"`{cleaned.strip() or '?'}`"


def bad_param(key: str, raw: str, label: str, fallback: str) -> None:
    """Tell the user a link's value was not usable and what is shown instead."""
    st.warning(f"The link asked for {label} {_echo(raw)}, which isn't available. Showing {fallback} instead.")


def _desired(key: str, valid: Callable[[str], bool], default: str, label: str, fmt: Callable[[Any], str]) -> str:
    """The value this run should start from: the URL (if changed from outside), else sticky state."""
    raw = st.query_params.get(key)
    last_written = st.session_state.get(f"_url_{key}")
    widget_key = f"w_{key}"
    if raw is not None and raw != last_written:
        if valid(raw):
            return raw
        bad_param(key, raw, label, fmt(default))
        return default
    if widget_key in st.session_state:
        return st.session_state[widget_key]
    sticky = st.session_state.get(f"_sticky_{key}")
    return sticky if sticky is not None and valid(sticky) else default


def _publish(key: str, value: str) -> None:
    st.query_params[key] = value
    st.session_state[f"_url_{key}"] = value
    st.session_state[f"_sticky_{key}"] = value


def loose(text: str) -> str:
    """A spelling key for links typed by hand: letters and digits only, case folded, so that
    'Newham East' (as the March 2015 Challenge transcript names it) finds 'Newham - East'."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def loose_match(raw: str, options: Sequence[str], format_func: Callable[[Any], str] = str) -> str | None:
    """The one option whose value or label has ``raw``'s spelling key (:func:`loose`), else None
    (none, or more than one: an ambiguous link is not guessed)."""
    key = loose(raw)
    if not key:
        return None
    hits = {o for o in options if key in (loose(o), loose(str(format_func(o))))}
    return hits.pop() if len(hits) == 1 else None


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

    ``normalise`` may map other spellings in a link (e.g. a GSS code) onto an option; failing that, a
    value that differs from one option only in case, spaces or punctuation is read as that option.
    """
    opts = list(options)
    if not opts:
        raise ValueError(f"no options for {label}")
    if default not in opts:
        default = opts[0]
    raw = st.query_params.get(key)
    if raw is not None and raw not in opts:
        fixed = normalise(raw) if normalise is not None else None
        if fixed not in opts:
            fixed = loose_match(raw, opts, format_func)
        if fixed is not None:
            st.query_params[key] = fixed
    value = _desired(key, lambda v: v in opts, default, label.lower(), format_func)
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
    """Pick a month 'YYYY-MM' from those available (newest first); default the newest."""
    opts = sorted(set(months), reverse=True)
    return url_select(
        label, opts, key=key, default=default or opts[0], format_func=month_label, container=container, help=help
    )


def url_int(
    label: str, *, key: str, default: int, min_value: int, max_value: int, step: int = 1,
    container: Any = None, help: str | None = None,
) -> int:
    """A whole number within [min_value, max_value], backed by ``?key=``."""

    def valid(v: str) -> bool:
        return WHOLE_NUMBER.fullmatch(v) is not None and min_value <= int(v) <= max_value

    value = _desired(key, valid, str(default), label.lower(), str)
    widget_key = f"w_{key}"
    st.session_state[widget_key] = int(value)
    box = container if container is not None else st
    chosen = box.number_input(label, min_value=min_value, max_value=max_value, step=step, key=widget_key, help=help)
    _publish(key, str(int(chosen)))
    return int(chosen)
