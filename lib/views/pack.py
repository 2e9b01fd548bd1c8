"""The borough performance pack (issue 12) as one typed object, composed ONLY from the other views.

No arithmetic here: every figure comes from :func:`lib.views.crime.crime_view`,
:func:`lib.views.confidence.confidence_view`, :func:`lib.views.stop_search.stop_search_view` and
:func:`lib.views.complaints.complaints_view`. A section whose data the store lacks carries a one-line
reason instead (``*_missing``) and the pack goes on.
"""

from __future__ import annotations

from dataclasses import dataclass

from lib.errors import UsageError
from lib.periods import parse_month, period_for
from lib.reference.boroughs import find_borough
from lib.views.complaints import ComplaintsView, complaints_view, has_complaints
from lib.views.confidence import ConfidenceView, confidence_choices, confidence_view
from lib.views.crime import CrimeDataset, CrimeView, crime_dataset, crime_view
from lib.views.stop_search import StopSearchView, has_stop_search, stop_search_view

LAYOUTS = ("snb", "indicators")

SATISFACTION_MISSING = ("Victim satisfaction: no data. No public extract of the User Satisfaction Survey exists, "
                        "so this section cannot be shown from published files.")


@dataclass(frozen=True, eq=False)
class PackView:
    """Everything the borough pack prints for one borough, month and release."""

    borough_code: str
    borough_name: str
    to: str
    release: str | None
    is_demo: bool
    crime: CrimeView
    confidence: ConfidenceView | None
    confidence_missing: str
    satisfaction_missing: str
    complaints: ComplaintsView | None
    complaints_missing: str
    stop_search: StopSearchView | None
    stop_search_missing: str


def _borough(name: str):
    b = find_borough(name)
    if b is None or not b.policed_by_mps:
        why = "not policed by the MPS" if b is not None else "not a London borough"
        raise UsageError(f"unknown borough {name!r} ({why})")
    return b


def _quarter_for(quarters: tuple[str, ...], to: str) -> str | None:
    """The latest survey quarter ending on or before ``to`` (a choice among the view's quarters)."""
    earlier = [q for q in quarters if q <= to]
    return earlier[-1] if earlier else None


def pack_view(store, borough: str, to: str, release: str | None = None,
              dataset: CrimeDataset | None = None) -> PackView:
    """The pack for ``borough`` (any spelling) for the 12 months to ``to`` on ``release``."""
    b = _borough(borough)
    to = parse_month(to)
    release = None if release is None else parse_month(release)
    data = dataset if dataset is not None else crime_dataset(store, release)
    crime = crime_view(data, b.code, b.name, to)

    conf, conf_missing = None, ""
    choices = confidence_choices(store)
    q = _quarter_for(choices.quarters, to) if choices.has_pas else None
    if q is None:
        conf_missing = f"Public confidence: no data (no survey quarter ending by {to} in this store)."
    else:
        try:
            conf = confidence_view(store, b.code, q)
        except UsageError as e:
            conf_missing = f"Public confidence: no data ({e})."

    comp, comp_missing = None, ""
    if not has_complaints(store):
        comp_missing = "Complaints: no data. This store holds no published complaints figures."
    else:
        try:
            comp = complaints_view(store, b.code, to)
        except UsageError as e:
            comp_missing = f"Complaints: no data ({e})."

    ss, ss_missing = None, ""
    p = period_for("r12", to)
    if not has_stop_search(store):
        ss_missing = "Stop and search: no data. This store holds no stop and search records."
    else:
        try:
            ss = stop_search_view(store, b.code, p.first, p.last)
        except UsageError as e:
            ss_missing = f"Stop and search: no data ({e})."
        if ss is not None and not ss.months:
            ss, ss_missing = None, (f"Stop and search: no data for {p.label} "
                                    "(the records in this store cover other months).")
    return PackView(
        borough_code=b.code, borough_name=b.name, to=to, release=data.release, is_demo=store.is_demo,
        crime=crime, confidence=conf, confidence_missing=conf_missing, satisfaction_missing=SATISFACTION_MISSING,
        complaints=comp, complaints_missing=comp_missing, stop_search=ss, stop_search_missing=ss_missing,
    )
