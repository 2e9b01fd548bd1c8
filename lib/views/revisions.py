"""What a release revised: the months, areas and crime categories a later release changed in an
earlier one, over a stated threshold, largest first (definitions: :mod:`lib.metrics.revisions`).

``revisions_view(store, from_release, to_release, area_code)`` answers for London and every
borough, or one area; without releases, for the two newest releases of the same category scheme
that share months. The About page and the crime page (when figures are not pinned) show its
``sentence``, ``totals`` and ``table``; the command line prints it as JSON.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lib.errors import UsageError
from lib.metrics import crime_series as cs
from lib.metrics.breaks import breaks_crossed
from lib.metrics.revisions import (
    LEVEL_INDICATOR,
    MIN_OFFENCES,
    MIN_PCT,
    category_revisions,
    indicator_revisions,
    notable,
)
from lib.periods import month_label, period_label
from lib.reference.boroughs import LONDON_CODE, LONDON_NAME, borough_by_code
from lib.reference.breaks import Break, scheme_break
from lib.reference.categories import TNO
from lib.views.crime import count_text
from lib.views.drivers import plain_name

THRESHOLD_WORDS = (f"revised by at least {MIN_OFFENCES} offences and at least {MIN_PCT:g}% of the earlier count "
                   f"(any revision of at least {MIN_OFFENCES} offences to a count that was 0)")
MINUS = "\u2212"
SCHEME_WORDS = {"pre2018": "pre-2018", "current": "current"}


def release_spans(store) -> pd.DataFrame:
    """Each borough-level release: release, scheme, first_month, last_month (oldest release first)."""
    if store.has("crime_releases"):
        r = store.table("crime_releases")
        r = r[r["level"] == "borough"]
    else:
        r = store.table("crime_borough").groupby(["release", "scheme"], as_index=False).agg(
            first_month=("month", "min"), last_month=("month", "max"))
    g = r.groupby(["release", "scheme"], as_index=False).agg(first_month=("first_month", "min"),
                                                             last_month=("last_month", "max"))
    return g.astype("string").sort_values("release").reset_index(drop=True)


def _overlap(spans: pd.DataFrame, a: str, b: str) -> tuple[str, str] | None:
    ra, rb = (spans[spans["release"] == r].iloc[0] for r in (a, b))
    first, last = max(ra["first_month"], rb["first_month"]), min(ra["last_month"], rb["last_month"])
    return (str(first), str(last)) if first <= last else None


def default_releases(spans: pd.DataFrame) -> tuple[str, str]:
    """The two newest releases of the same scheme that share months: (earlier, later).

    Definition: the newest release, paired with the newest older release of its scheme that shares a
    month with it; failing that, the next newest release, and so on.
    """
    rel = list(spans.sort_values("release", ascending=False).itertuples(index=False))
    for i, new in enumerate(rel):
        for old in rel[i + 1:]:
            if old.scheme == new.scheme and _overlap(spans, str(old.release), str(new.release)):
                return str(old.release), str(new.release)
    raise UsageError("the store has no two releases of one category scheme that share months")


@dataclass(frozen=True)
class RevisionsView:
    """What ``to_release`` revised in ``from_release`` (numbers; ``table`` has screen names)."""

    from_release: str
    to_release: str
    from_scheme: str
    to_scheme: str
    first: str  # the months both releases publish
    last: str
    area_code: str | None  # None: London and every borough
    area_name: str
    compared_words: str  # what is compared: categories, or indicators across schemes
    threshold_words: str
    totals: pd.DataFrame  # the area's (London's) TNO by shared month: month, before, after, revision, pct
    revisions: pd.DataFrame  # lib.metrics.revisions.REVISION_COLUMNS over the threshold, largest first
    figures: pd.DataFrame  # every figure compared (the same columns), revised or not
    compared: int  # figures compared
    changed: int  # figures with any revision
    sentence: str
    notes: tuple[Break, ...]

    @property
    def same_scheme(self) -> bool:
        return self.from_scheme == self.to_scheme

    @property
    def table(self) -> pd.DataFrame:
        """The listed revisions with screen names (counts of whole areas and months: no small-count rule
        applies to a revision of 10 or more, but the earlier and later counts under 10 read '<10')."""
        t = self.revisions
        return pd.DataFrame({
            "Area": t["area_name"], "Month": [month_label(m) for m in t["month"]], "Crime": t["category"],
            "Earlier release": count_text(t["before"]), "Later release": count_text(t["after"]),
            "Revision": t["revision"], "% of earlier": t["pct"].astype("float64").round(1),
        })

    @property
    def note_words(self) -> tuple[str, ...]:
        return tuple(f"Break in the series from {month_label(b.month)}: {b.what_changed}" for b in self.notes)


def _signed(n: int) -> str:
    return f"+{n:,}" if n > 0 else f"{MINUS}{abs(n):,}" if n < 0 else "0"


def _sentence(v: dict, top: pd.Series | None) -> str:
    months = period_label(v["first"], v["last"])
    listed = f"{v['listed']:,}" if v["listed"] else "none"
    if v["same"]:
        head = (f"The release to {month_label(v['to_release'])} revised {v['changed']:,} of the {v['compared']:,} "
                f"figures it shares with the release to {month_label(v['from_release'])} ({months})")
    else:
        new, old = (SCHEME_WORDS.get(v[k], v[k]) for k in ("to_scheme", "from_scheme"))
        head = (f"The release to {month_label(v['to_release'])} ({new} categories) differs from the "
                f"release to {month_label(v['from_release'])} ({old} categories) in {v['changed']:,} "
                f"of the {v['compared']:,} indicator figures they share ({months}), re-extraction and change of "
                "categories together")
    head += f"; {listed} by at least {MIN_OFFENCES} offences and {MIN_PCT:g}%"
    if top is None:
        return head + "."
    what = top["category"] if top["level"] == LEVEL_INDICATOR else plain_name(str(top["category"]))
    return (f"{head}, the largest {what} in {top['area_name']}, {month_label(top['month'])}: "
            f"{int(top['before']):,} then, {int(top['after']):,} now ({_signed(int(top['revision']))}).")


def revisions_view(store, from_release: str | None = None, to_release: str | None = None,
                   area_code: str | None = None) -> RevisionsView:
    """What ``to_release`` revised in ``from_release`` for ``area_code`` (None: London and every borough).

    Definition: :mod:`lib.metrics.revisions` on each release's own counts (London = the MPS total of
    that release, as the crime page's), over the months both publish; without releases, the two newest
    releases of one scheme that share months (:func:`default_releases`).
    """
    spans = release_spans(store)
    names = list(spans["release"])
    if (from_release is None) != (to_release is None):
        raise UsageError("give both --from-release and --to-release, or neither (the two newest releases of one "
                         "scheme that share months)")
    if from_release is None:
        from_release, to_release = default_releases(spans)
    for r in (from_release, to_release):
        if r not in names:
            raise UsageError(f"no release {r!r} in the data (releases: {', '.join(names)})")
    if from_release == to_release:
        raise UsageError(f"--from-release and --to-release are both {from_release}: choose two releases")
    shared = _overlap(spans, from_release, to_release)
    if shared is None:
        raise UsageError(f"releases {from_release} and {to_release} share no months (releases and their months: "
                         + "; ".join(f"{r.release} {r.first_month}..{r.last_month}"
                                     for r in spans.itertuples(index=False)) + ")")
    first, last = shared
    borough = store.table("crime_borough")
    other = store.table("crime_other_areas") if store.has("crime_other_areas") else None

    def shared_months(t: pd.DataFrame, release: str) -> pd.DataFrame:  # the release's rows of the months both publish
        keep = (t["release"] == release) & (t["month"] >= first) & (t["month"] <= last)
        return t[keep.to_numpy(dtype=bool, na_value=False)]

    def counts(release: str) -> pd.DataFrame:
        b, o = shared_months(borough, release), None if other is None else shared_months(other, release)
        if area_code not in (None, LONDON_CODE):  # a borough's counts are its own rows': count only those
            mine = b[(b["borough_code"] == area_code).to_numpy(dtype=bool, na_value=False)]
            b, o = (mine, None) if len(mine) else (b, o)
        c = cs.borough_category_counts(cs.CrimeTables(borough=b, other=o), release)
        return c if area_code is None else c[c["area_code"] == area_code]

    before, after = counts(from_release), counts(to_release)
    scheme_of = dict(zip(spans["release"], spans["scheme"], strict=True))
    same = scheme_of[from_release] == scheme_of[to_release]
    mapping = cs.load_categories()
    table = category_revisions(before, after) if same else indicator_revisions(before, after, mapping)
    totals_area = area_code or LONDON_CODE
    tno = indicator_revisions(before[before["area_code"] == totals_area], after[after["area_code"] == totals_area],
                              mapping, (TNO,))
    totals = tno.sort_values("month")[["month", "before", "after", "revision", "pct"]].reset_index(drop=True)
    listed = notable(table)
    name = "London and the 32 boroughs" if area_code is None else (
        LONDON_NAME if area_code == LONDON_CODE else borough_by_code(area_code).name)
    old, new = (SCHEME_WORDS.get(scheme_of[r], scheme_of[r]) for r in (from_release, to_release))
    compared_words = (
        "every published crime category, area and month both releases publish" if same else
        f"indicators only ({', '.join(sorted(set(table['category'])))}): the release to "
        f"{month_label(from_release)} is in the {old} category scheme and the release to {month_label(to_release)} "
        f"in the {new} one, so their categories cannot be matched; each indicator is summed from its own scheme's "
        "categories")
    notes = tuple(breaks_crossed(TNO, first, last, scheme_of[to_release]))
    if not same:
        notes = (scheme_break(), *(b for b in notes if b != scheme_break()))
    facts = {"first": first, "last": last, "to_release": to_release, "from_release": from_release,
             "changed": int((table["revision"] != 0).sum()), "compared": len(table), "listed": len(listed),
             "same": same, "from_scheme": scheme_of[from_release], "to_scheme": scheme_of[to_release]}
    return RevisionsView(
        from_release=from_release, to_release=to_release, from_scheme=scheme_of[from_release],
        to_scheme=scheme_of[to_release], first=first, last=last, area_code=area_code, area_name=name,
        compared_words=compared_words, threshold_words=THRESHOLD_WORDS, totals=totals, revisions=listed, figures=table,
        compared=facts["compared"], changed=facts["changed"],
        sentence=_sentence(facts, listed.iloc[0] if len(listed) else None), notes=notes,
    )


__all__ = ["RevisionsView", "THRESHOLD_WORDS", "default_releases", "release_spans", "revisions_view"]
