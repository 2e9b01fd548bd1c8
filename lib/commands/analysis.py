"""Analysis commands: ``unusual`` (is a month out of the ordinary for its season?) and the ``target``
command's forecast (``--forecast-to``: will the target be met?).

Both print numbers as numbers and missing values as null. Without ``--release`` each month's figure
comes from the newest release containing it; with it, every month is as published in that release.
"""

from __future__ import annotations

import argparse
from typing import Any

import pandas as pd

from lib import choices
from lib.commands.common import add_format_argument, add_store_argument, emit, open_store, typed
from lib.periods import add_months, month_range
from lib.reference.boroughs import LONDON_NAME
from lib.views.crime import crime_dataset, crime_releases
from lib.views.forecast import MAX_HORIZON, forecast_view
from lib.views.unusual import unusual_view

DEFAULT_FORECAST = "default"  # --forecast-to without a month: the March at or after --to


def _num(x: Any) -> Any:
    """A number as a plain int (when whole) or float; missing (None, NaN, NA) as None."""
    if x is None or (not isinstance(x, str) and pd.isna(x)):
        return None
    if hasattr(x, "item"):
        x = x.item()
    return int(x) if isinstance(x, float) and x.is_integer() else x


def _rounded(x: Any, digits: int) -> Any:
    """A model figure rounded for print (the draws and fits carry no more precision than this)."""
    v = _num(x)
    return None if v is None else round(float(v), digits)


def categories(data) -> list[str]:
    """The indicators (in their order), then every other published category of the series: the values
    ``--indicator`` and ``target --category`` allow."""
    rest = sorted(set(map(str, data.series["indicator"].unique())) - set(data.indicators))
    return [*data.indicators, *rest]


def unusual_payload(store, borough: str, indicator: str, first: str, last: str,
                    release: str | None = None) -> dict[str, Any]:
    """The ``unusual`` answer as a dict (used by the command and its tests): every choice read by
    :mod:`lib.choices`, the months within the release's (or the data's) months."""
    a = choices.area(borough)
    data = crime_dataset(store, choices.release(release, crime_releases(store)))
    indicator = choices.indicator(indicator, categories(data), option="indicator")
    where = f"release {data.release}" if data.release else "the data"
    first, last = choices.month_range(first, last, within=data.months, what=where)
    view = unusual_view(data, a.code, a.name, indicator, first, last)
    return {
        "method": view.method,
        "false_alarm_rate": view.false_alarm_rate,
        "area": view.area_name,
        "area_code": view.area_code,
        "indicator": view.indicator,
        "kind": view.kind,
        "release": view.release,
        "months": [
            {"month": str(r.month), "count": _num(r.count), "expected": _rounded(r.expected, 1),
             "lower": _rounded(r.lower, 1), "upper": _rounded(r.upper, 1),
             "flag": r.flag if isinstance(r.flag, str) else None,
             "reason": r.reason if isinstance(r.reason, str) else None}
            for r in view.table.itertuples(index=False)
        ],
        "summary": view.words,
    }


def _forecast_dict(row) -> dict[str, Any]:
    return {
        "central": _rounded(row["central"], 2),
        "interval_80": [_rounded(row["low_80"], 2), _rounded(row["high_80"], 2)],
        "interval_95": [_rounded(row["low_95"], 2), _rounded(row["high_95"], 2)],
        "probability_of_target": _num(row["probability_of_target"]),
        "reason": row["reason"] if isinstance(row["reason"], str) else None,
    }


def add_forecast(payload: dict[str, Any], store, forecast_to: str | None) -> dict[str, Any]:
    """The ``target`` answer (``lib.commands.crime.target_payload``) with a ``forecast`` for London and
    each borough when ``forecast_to`` is given ('default': the March at or after the payload's month).

    Each forecast: {"to", "central", "interval_80": [low, high], "interval_95": [low, high],
    "probability_of_target", "reason"}, changes in % against the payload's baseline; the payload also
    gets "forecast_method".
    """
    if forecast_to is None:
        return payload
    to = payload["period"]["to"]
    target = None
    if forecast_to != DEFAULT_FORECAST:
        horizon = month_range(to, add_months(to, MAX_HORIZON))
        target = choices.month(forecast_to, "forecast-to", within=horizon,
                               what=f"the forecast's reach (--to and the {MAX_HORIZON} months after it)")
    base = (payload["baseline_period"]["from"], payload["baseline_period"]["to"])
    view = forecast_view(crime_dataset(store, payload["release"]), to, target, base, payload["reduction"],
                         payload["category"])
    by_name = {str(r["area_name"]): r for _, r in view.table.iterrows()}
    payload["forecast_method"] = view.method
    payload["london"]["forecast"] = {"to": view.forecast_to, **_forecast_dict(by_name[LONDON_NAME])}
    for row in payload["boroughs"]:
        payload_row = by_name.get(row["borough"])
        row["forecast"] = {"to": view.forecast_to, **(_forecast_dict(payload_row) if payload_row is not None else {})}
    return payload


def _unusual(args: argparse.Namespace) -> int:
    store = open_store(args.store)
    emit(unusual_payload(store, args.borough, args.indicator, args.first, args.last, args.release), args.format,
         "months")
    return 0


def register(sub) -> None:
    p = sub.add_parser(
        "unusual",
        help="is each month unusual for its season? expected count and limits from the series' own history",
        description="For each month --from..--to: the count, the count expected from the 36 months before it "
        "(quasi-Poisson log-linear model with a trend and calendar-month effects), limits at a 1%% two-sided "
        "false-alarm rate and a flag (high, low or null). docs/METHODS.md describes the method.",
    )
    add_store_argument(p)
    p.add_argument("--borough", required=True, type=typed(choices.area),
                   help="London, or a borough name or GSS code, e.g. Enfield")
    p.add_argument("--indicator", required=True, help="indicator or published category, e.g. 'MOPAC 7'")
    p.add_argument("--from", dest="first", required=True, type=typed(choices.month, "from"),
                   help="first month judged, YYYY-MM")
    p.add_argument("--to", dest="last", required=True, type=typed(choices.month, "to"),
                   help="last month judged, YYYY-MM")
    p.add_argument("--release", default=None, type=typed(choices.release),
                   help="pin every month to this release (YYYY-MM)")
    add_format_argument(p)
    p.set_defaults(func=_unusual)
