"""The Challenge deck: one typed slide per question the MOPAC Challenge room asks (issue 11).

Every figure comes from another view (``lib.views.crime`` tracker_view / borough_changes,
``lib.views.confidence``, ``lib.views.comparator``, ``lib.views.stop_search``, ``lib.views.pack``);
this module only picks and words them: no arithmetic of its own. The page (one slide at a time,
through the cache), the PDF command (``python -m lib.cli challenge``) and the tests read the same
:class:`Slide` objects.

Standard order (issue 11): 1 target, 2 ranked, 3 movers, 4 confidence, 5 neighbourhood,
6 stop-search, 7 borough, and (issue 23) 8 crime-types. ``?slides=`` picks and orders them by number or name.
Every slide names the period its figures cover; where the session's period has none (stop and search, the
neighbourhood survey, a survey quarter), it says so and names the period shown instead.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from lib import choices as parse
from lib.choices import SLIDE_NAMES
from lib.errors import UsageError
from lib.metrics.unusual import HISTORY_MONTHS
from lib.periods import add_months, month_index, month_label, month_range, period_label
from lib.reference.boroughs import LONDON_CODE
from lib.reference.categories import MOPAC7, MOPAC7_INDICATORS
from lib.reference.plan_targets import CONFIDENCE_TARGET, SurveyTarget
from lib.views.crime import CrimeDataset, TrackerView, borough_changes

if TYPE_CHECKING:
    from lib.views.pack import PackSources
    from lib.views.stop_search import StopSearchRecords

MOVERS = 5  # largest falls and largest rises shown on slide 3
AGAINST_BASELINE = "Against the baseline"  # slides 2 and 8: a change since the target's baseline year
ON_LAST_YEAR = "on last year"  # slides 3 and 7: the 12 months against the same 12 months a year before
NEIGHBOURHOOD_SURVEY = "2016"  # the comparator file gives only its year (../shared/data SOURCES.md)
MISSING = "–"
CHANGE_SYMBOLS = {"a real fall": "▼ yes, a real fall", "a real rise": "▲ yes, a real rise",
                  "within normal variation": "○ no, within chance"}
CHANGE_SHORT = {"a real fall": "▼ yes, fall", "a real rise": "▲ yes, rise", "within normal variation": "○ no"}
SURVEY_SYMBOLS = {"really higher": "▲ yes", "really lower": "▼ yes"}  # else "○ no"


@dataclass(frozen=True)
class Key:
    """A headline figure: label above, the figure large, words under it."""

    label: str
    value: str
    words: str = ""


@dataclass(frozen=True, eq=False)
class Panel:
    """A display-ready table shown on the slide (text cells, reader's column names)."""

    caption: str
    table: pd.DataFrame


@dataclass(frozen=True, eq=False)
class Slide:
    """One slide: a title, one plain sentence (what, period, comparison), headline figures, the tables
    shown, the "Numbers" table, a note line, and ``message`` instead when the store lacks the data."""

    number: int
    name: str
    title: str
    sentence: str
    keys: tuple[Key, ...] = ()
    panels: tuple[Panel, ...] = ()
    numbers: pd.DataFrame = field(default_factory=pd.DataFrame)
    note: str = ""
    message: str = ""
    trajectory: pd.DataFrame | None = None  # slide 1: London's change month by month (the crime page's chart)
    lines: tuple[str, ...] = ()  # sentences under the tables (slide 3: what drove the top movers, unusual months)
    trend: pd.DataFrame | None = None  # slide 4: London's survey figure quarter by quarter (quarter, value, ci_*)
    reference: tuple[float, str] | None = None  # slide 4: a target level on the trend and its label
    forecast: pd.DataFrame | None = None  # slide 1: London's forecast band (forecast_band), when worked out
    forecast_words: str = ""
    print_numbers: bool = False  # on paper, the Numbers table in place of the headline figures and tables (fits a page)
    print_keys: bool = True  # on paper, the headline figures (False: they repeat the tables' first rows)
    borough_code: str | None = None  # slide 7: the borough whose pack can be downloaded
    to: str | None = None
    release: str | None = None


@dataclass(frozen=True)
class Choices:
    """The reader's choices for the deck (from the URL or the command line)."""

    to: str
    release: str | None = None
    baseline: tuple[str, str] = ("2011-04", "2012-03")
    reduction: float = 20.0
    neighbourhood: str | None = None
    compare: str | None = None
    borough: str | None = None


@dataclass(frozen=True)
class Deck:
    slides: tuple[Slide, ...]
    names: tuple[str, ...]


def _pct(v, pattern: str = "{:+.1f}%") -> str:
    return MISSING if v is None or pd.isna(v) else pattern.format(v)


def _share(v) -> str:
    return MISSING if v is None or pd.isna(v) else f"{v:.0%}"


def _no_data(number: int, title: str, message: str) -> Slide:
    return Slide(number=number, name=SLIDE_NAMES[number - 1], title=title, sentence="", message=message)


# --- 1 and 2: the target ------------------------------------------------------------------------------


def target_slide(tv: TrackerView, fv=None) -> Slide:
    """London against the target; with ``fv`` (``lib.views.forecast.ForecastView`` of the same figures) the
    forecast band (:func:`forecast_band`) and its sentence."""
    s = tv.summary
    sentence = (f"MOPAC 7 crimes in London in the 12 months to {month_label(tv.to)} compared with "
                f"{tv.baseline_words}, figures {tv.release_words}: {s.meeting} of the {s.total} boroughs have cut "
                f"them by {tv.reduction:.0f}% or more.")
    table = pd.DataFrame({"Measure": ["London change since the baseline", "Boroughs at or beyond the target",
                                      "Revision since first published"],
                          "Value": [tv.london_text, tv.meeting_text, tv.revision_text]})
    r = tv.revision
    rev_words = ("The release is pinned, so no revision is shown." if tv.release else
                 f"London's change as first published; {tv.london_text} in the newest figures." if r else
                 "The figures shown are the first published ones.")
    # the slide's key shows the first-published figure alone (both figures at 72 px ran past a third of the
    # screen); the Numbers table keeps both
    first = "—" if r is None or r.pct_then is None else f"{r.pct_then:+.1f}%"
    keys = (Key("London change since the baseline", tv.london_text, f"Target: −{tv.reduction:.0f}%"),
            Key("Boroughs at or beyond the target", tv.meeting_text, f"cut by {tv.reduction:.0f}% or more"),
            Key("As first published", first, rev_words))
    return Slide(number=1, name="target", title=f"London MOPAC 7 against the {tv.reduction:.0f}% target",
                 sentence=sentence, keys=keys, numbers=table, trajectory=tv.trajectory, to=tv.to,
                 release=tv.release, forecast=None if fv is None else forecast_band(tv, fv),
                 forecast_words="" if fv is None else fv.words)


FORECAST_COLUMNS = ["month", "central", "low_80", "high_80", "low_95", "high_95"]


def forecast_band(tv: TrackerView, fv) -> pd.DataFrame:
    """London's forecast (``lib.views.forecast.ForecastView`` of the same figures, month and baseline) as slide
    1 draws it: the last published month (the band's narrow end: every column its published change) and the
    forecast month with its 80% and 95% ranges; empty when there is nothing to forecast (the forecast month is
    the last published one, or the forecast could not be made)."""
    if (fv.to, fv.baseline, fv.release) != (tv.to, tv.baseline, tv.release):
        raise ValueError(f"the forecast stands at {fv.to} on {fv.baseline}, release {fv.release}; the tracker at "
                         f"{tv.to} on {tv.baseline}, release {tv.release}")
    traj = tv.trajectory[tv.trajectory["area_code"] == LONDON_CODE]
    lon = fv.table[fv.table["area_code"] == LONDON_CODE]
    if fv.forecast_to == fv.to or not len(lon) or not len(traj) or pd.isna(lon["central"].iloc[0]):
        return pd.DataFrame(columns=FORECAST_COLUMNS)
    last = float(traj["pct_change"].iloc[-1])
    r = lon.iloc[0]
    return pd.DataFrame([[tv.to, last, last, last, last, last],
                         [fv.forecast_to, *(float(r[c]) for c in FORECAST_COLUMNS[1:])]], columns=FORECAST_COLUMNS)


def ranked_slide(tv: TrackerView) -> Slide:
    b = tv.boroughs.sort_values("rank")
    table = pd.DataFrame({"Rank": b["rank"].astype(int).astype(str).to_numpy(), "Borough": b["area_name"].to_numpy(),
                          "Change": [_pct(v) for v in b["pct_change"]],
                          "Status": b["status"].to_numpy()}).astype("string")
    half = (len(table) + 1) // 2
    sentence = (f"Each borough's change in MOPAC 7 crimes, 12 months to {month_label(tv.to)} against "
                f"{tv.baseline_words}; the target is a {tv.reduction:.0f}% cut. {tv.meeting_text} meet it "
                "(✔ meets, ✖ short).")
    panels = (Panel(f"Ranks 1 to {half}: change {AGAINST_BASELINE.lower()}", table.iloc[:half].reset_index(drop=True)),
              Panel(f"Ranks {half + 1} to {len(table)}: change {AGAINST_BASELINE.lower()}",
                    table.iloc[half:].reset_index(drop=True)))
    return Slide(number=2, name="ranked", title=f"All {len(table)} boroughs ranked on their reduction",
                 sentence=sentence, panels=panels, numbers=table, to=tv.to, release=tv.release)


# --- 3: the movers -------------------------------------------------------------------------------------


def top_movers(data: CrimeDataset, to: str) -> tuple[tuple[str, str], tuple[str, str]]:
    """The (area_code, name) of the largest fall and of the largest rise (or smallest fall) on slide 3: the
    two boroughs whose drivers and unusual months the slide gives."""
    b = borough_changes(data, to, MOPAC7)
    first, last = b.iloc[0], b.iloc[-1]
    return (str(first["area_code"]), str(first["area_name"])), (str(last["area_code"]), str(last["area_name"]))


def _first_sentence(text: str) -> str:
    """The first sentence of ``text`` (a full stop followed by a capital starts the next)."""
    return re.split(r"(?<=\.) (?=[A-Z])", text, maxsplit=1)[0]


def _unusual_words(uv) -> str:
    """The months a ``lib.views.unusual.UnusualView`` flags, in words a room reads aloud."""
    flagged = uv.flagged
    if not len(flagged):
        return "no month of the 12 unusual for its time of year"
    months = "; ".join(f"{month_label(r.month)} {'higher' if r.flag == 'high' else 'lower'} than expected "
                       f"({r.count:,.0f}; expected {r.expected:,.0f})" for r in flagged.itertuples(index=False))
    return f"unusual for the time of year: {months}"


def movers_slide(data: CrimeDataset, to: str, drivers: Mapping[str, object] | None = None,
                 unusual: Mapping[str, object] | None = None) -> Slide:
    """The boroughs whose MOPAC 7 changed most on the same 12 months a year earlier, with the change test;
    for the largest fall and rise (:func:`top_movers`), what drove the change (``drivers``: area code ->
    ``lib.views.drivers.DriversView``) and the unusual months (``unusual``: area code ->
    ``lib.views.unusual.UnusualView`` of the 12 months), when given."""
    b = borough_changes(data, to, MOPAC7)
    shown = pd.DataFrame({
        "Borough": b["area_name"].astype(str).to_numpy(),
        "Year before": [_pct(v, "{:,.0f}") for v in b["previous"]],
        "Latest": [_pct(v, "{:,.0f}") for v in b["current"]],
        "Change": [_pct(v) for v in b["pct_change"]],
        "Beyond chance?": [CHANGE_SHORT.get(str(w), str(w)) for w in b["change_words"]],
    }).astype("string")
    falls = shown.head(MOVERS).reset_index(drop=True)
    rises = shown.iloc[::-1].head(MOVERS).reset_index(drop=True)
    first, last = b.iloc[0], b.iloc[-1]
    period = f"the 12 months to {month_label(to)}"
    before = f"the 12 months to {month_label(add_months(to, -12))}"
    sentence = (f"MOPAC 7 crimes in {period} against {before} (change {ON_LAST_YEAR}), figures "
                f"{data.release_words}: the {MOVERS} largest falls and the {MOVERS} largest rises, and whether each "
                "change is more than chance explains.")
    rise_word = "Largest rise" if last["pct_change"] > 0 else "Smallest fall"
    keys = (Key(f"Largest fall {ON_LAST_YEAR}: {first['area_name']}", _pct(first["pct_change"]),
                CHANGE_SYMBOLS.get(str(first["change_words"]), "")),
            Key(f"{rise_word} {ON_LAST_YEAR}: {last['area_name']}", _pct(last["pct_change"]),
                CHANGE_SYMBOLS.get(str(last["change_words"]), "")))
    lines = []
    for row in (first, last):
        code = str(row["area_code"])
        dv, uv = (drivers or {}).get(code), (unusual or {}).get(code)
        if dv is None and uv is None:
            continue
        parts = [_first_sentence(dv.sentence)] if dv is not None else []  # its headline: the slide keeps to a screen
        if uv is not None:
            words = _unusual_words(uv)
            parts.append(words[0].upper() + words[1:] + ".")
        lines.append(f"**{row['area_name']}** ({_pct(row['pct_change'])}): " + " ".join(parts))
    note = ("Beyond chance (▼ a real fall, ▲ a real rise, ○ within what chance explains): "
            "2(√latest − √year before) beyond ±3 (Poisson test).")
    if unusual:
        uv = next(iter(unusual.values()))
        note += (f" Unusual: outside the range the {HISTORY_MONTHS} months before predict for the time of year "
                 f"({uv.false_alarm_rate:.0%} false alarms).")
    return Slide(number=3, name="movers", title="The biggest movers on last year", sentence=sentence, keys=keys,
                 panels=(Panel(f"Largest falls {ON_LAST_YEAR}", falls),
                         Panel(f"Largest rises (or smallest falls) {ON_LAST_YEAR}", rises)),
                 numbers=shown, to=to, release=data.release, lines=tuple(lines), note=note, print_keys=not lines)


# --- 4: public confidence ----------------------------------------------------------------------------


def _survey_rows(t: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Borough": t["area_name"].astype(str).to_numpy(),
        "Good job": [_share(v) for v in t["value"]],
        "95% interval": [f"{_share(lo)}–{_share(hi)}" for lo, hi in zip(t["ci_low"], t["ci_high"], strict=True)],
        "Gap": [_pct(v, "{:+.0f} pts") for v in t["vs_london_points"]],
        "Beyond error?": [SURVEY_SYMBOLS.get(str(w), "○ no") for w in t["vs_london"]],
    }).astype("string")


def confidence_target_words(quarter: str, target: SurveyTarget = CONFIDENCE_TARGET) -> tuple[str, bool]:
    """The plan's confidence target in words for a slide whose figures end at ``quarter``, and whether it
    applied then (the plan's months up to its deadline)."""
    applies = target.start <= quarter <= target.deadline
    if not applies:
        when = "ended" if quarter > target.deadline else "began"
        return (f"No MOPAC confidence target for this period: the Police and Crime Plan 2013-16 target "
                f"({target.level:.0%} by {month_label(target.deadline)}) {when} in "
                f"{month_label(target.deadline if quarter > target.deadline else target.start)}.", False)
    return (f"Target: {target.level:.0%} by {month_label(target.deadline)}, {target.increase} from "
            f"{target.baseline_level:.0%} ({target.source}; {target.baseline_words}; the trend is the Public "
            "Attitude Survey's).", True)


def confidence_slide(store, to: str) -> Slide:
    """London's 'good job' figure and its trend against MOPAC's confidence target
    (``lib.reference.plan_targets``), and the boroughs furthest above and below it, with intervals."""
    from lib.views.confidence import confidence_choices, confidence_view

    title = "Public confidence: London and the boroughs furthest from it"
    choices = confidence_choices(store)
    if not choices.has_pas or not choices.quarters:
        return _no_data(4, title, "No public confidence figures: this store holds no Public Attitude Survey file.")
    earlier = [q for q in choices.quarters if q <= to]
    quarter = earlier[-1] if earlier else choices.quarters[0]
    v = confidence_view(store, LONDON_CODE, quarter)
    lo, hi = v.london_ci if v.london_ci else (None, None)
    after = "" if earlier else f" (the survey file starts after {month_label(to)}: its first quarter is shown)"
    first_q = month_label(choices.quarters[0])
    target = CONFIDENCE_TARGET
    target_words, applies = confidence_target_words(quarter, target)
    sentence = (f"Share of residents who say the police do a good job in their area, Public Attitude Survey, "
                f"12 months to {v.quarter_label}{after}: London"
                + (f" against MOPAC's {target.level:.0%} target" if applies else "")
                + ", and the boroughs furthest above and below it, with 95% survey intervals.")
    above, below = _survey_rows(v.above_london), _survey_rows(v.below_london)
    keys = [Key("London: police do a good job", _share(v.london_value), f"95% interval {_share(lo)} to {_share(hi)}")]
    if applies:
        keys.append(Key("MOPAC's target", _share(target.level), f"by {month_label(target.deadline)}"))
    trend = v.trend[v.trend["quarter"] <= quarter][["quarter", "value", "ci_low", "ci_high"]].reset_index(drop=True)
    trend_words = (f" The trend starts with the survey file, 12 months to {first_q}." if len(trend) < 4 else "")
    return Slide(number=4, name="confidence", title=title, sentence=sentence, keys=tuple(keys),
                 panels=(Panel("Furthest above London", above), Panel("Furthest below London", below)),
                 numbers=_survey_rows(v.ranked), to=quarter, trend=trend,
                 reference=(target.level, f"MOPAC target {target.level:.0%} by {month_label(target.deadline)}")
                 if applies else None,
                 note=("Gap: to London. ▲ really higher, ▼ really lower: beyond survey error (its 95% interval "
                       f"excludes zero); ○: it is not. {target_words}{trend_words}"))


# --- 5: the neighbourhood gap ------------------------------------------------------------------------


def neighbourhood_slide(store, neighbourhood: str | None = None, compare: str | None = None,
                        to: str | None = None) -> Slide:
    """A pair of neighbourhoods side by side on every measure; default: the same-group pair with the
    largest 'good job' gap (``lib.views.comparator.comparator_view``). The survey period is named: the
    comparator file's year (the only one the store holds), said to be other than the session's when ``to``
    falls in another year."""
    from lib.views.comparator import NEIGHBOURHOOD_TABLE, comparator_view

    title = "The neighbourhood gap"
    if not store.has(NEIGHBOURHOOD_TABLE):
        return _no_data(5, title, "No neighbourhood survey figures: this store holds no neighbourhood PAS file.")
    v = comparator_view(store, neighbourhood, compare)
    side = v.side
    gap = side["gap_points"]
    beyond = side["beyond_survey_error"].astype(bool)
    table = pd.DataFrame({
        "Measure": side["measure_label"].astype(str).to_numpy(),
        "A": [_share(x) for x in side["first"]],
        "B": [_share(x) for x in side["second"]],
        "Gap": [_pct(x, "{:+.0f}") for x in gap],
        "Beyond error?": ["✔ yes" if b else "no" for b in beyond],
    }).astype("string")
    half = (len(table) + 1) // 2
    head = side.iloc[0]
    drivers = "; ".join(f"{r['measure_label']} ({r['gap_points']:+.0f} points)" for _, r in v.largest_gaps.iterrows())
    chosen = "chosen" if neighbourhood else "in the same similarity group with the largest 'good job' gap"
    survey = f"Public Attitude Survey {NEIGHBOURHOOD_SURVEY}"
    if to is not None and not to.startswith(NEIGHBOURHOOD_SURVEY):
        survey += f" (the file's only year: none for the 12 months to {month_label(to)})"
    sentence = (f"A = {v.neighbourhood} against B = {v.compare}, two neighbourhoods {chosen} ({v.group_name}), on "
                f"every measure of the {survey}; gap = A − B, in percentage points.")
    keys = (Key(f"A: {v.neighbourhood}", _share(head["first"]), "say the police do a good job"),
            Key(f"B: {v.compare}", _share(head["second"]), "say the police do a good job"),
            Key("Gap", _pct(head["gap_points"], "{:+.0f} points"),
                "beyond survey error" if bool(head["beyond_survey_error"]) else "within survey error"))
    return Slide(number=5, name="neighbourhood", title=title, sentence=sentence, keys=keys,
                 panels=(Panel("Measures", table.iloc[:half].reset_index(drop=True)),
                         Panel("Measures (continued)", table.iloc[half:].reset_index(drop=True))),
                 numbers=table.rename(columns={"A": v.neighbourhood, "B": v.compare}),
                 note=f"Largest gaps among the drivers: {drivers}." + (f" {v.compare_note}" if v.compare_note else ""))


# --- 6: stop and search ------------------------------------------------------------------------------


def months_words(months: list[str]) -> str:
    """Months in words, consecutive ones as a range: 'June 2016, December 2017 to February 2019 and
    September 2022'."""
    runs: list[list[str]] = []
    for m in sorted(months):
        if runs and add_months(runs[-1][-1], 1) == m:
            runs[-1].append(m)
        else:
            runs.append([m])
    parts = [period_label(r[0], r[-1]) for r in runs]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def stop_search_window(months: list[str], to: str) -> tuple[str, str, str]:
    """The 12 months slide 6 shows for a session ending ``to`` (first, last), and the words saying why.

    The session's own 12 months when any of them has records (the words name the months with records when
    not all 12 have); otherwise the nearest 12 months in which every month has records (or, when no 12 run
    together, the nearest 12 with the most), the gap said in words."""
    have = set(months)
    own = month_range(add_months(to, -11), to)
    covered = [m for m in own if m in have]
    session = f"the 12 months to {month_label(to)}"
    if len(covered) == len(own):
        return own[0], own[-1], ""
    if covered:
        return own[0], own[-1], (f" (only {len(covered)} of the 12 months have records: {months_words(covered)})")
    if not months:
        return own[0], own[-1], f" (no records for {session})"
    ends = sorted({add_months(m, k) for m in have for k in range(12)})
    scored = [(-sum(add_months(e, -k) in have for k in range(12)), abs(month_index(e) - month_index(to)), e)
              for e in ends]
    _, _, end = min(scored)
    first = add_months(end, -11)
    got = [m for m in month_range(first, end) if m in have]
    words = f" (there are no records for {session}: these are the nearest 12 months with records"
    if len(got) < 12:
        words += f", of which only {months_words(got)} {'has' if len(got) == 1 else 'have'} records"
    return first, end, words + ")"


def stop_search_slide(records: StopSearchRecords | None, to: str) -> Slide:
    """London's searches, arrest rate against 20%, weapons and key-crime shares against 20% and 40%, and
    disproportionality, for the session's 12 months or, when they have no records, the nearest 12 months
    with records (:func:`stop_search_window`), with the months the records cover: ``lib.views.stop_search``'s
    view of London from the store's classified records (``stop_search_records``; None: the store has none)."""
    from lib.views.stop_search import stop_search_area, stop_search_period

    title = "Stop and search in London"
    if records is None:
        return _no_data(6, title, "No stop and search figures: this store holds no stop and search records.")
    months = list(records.months)
    first, last, shifted = stop_search_window(months, to)
    v = stop_search_area(stop_search_period(records, first, last), LONDON_CODE)
    h = v.headline
    sentence = (f"Stop and search in London, {v.period_label}{shifted}: how many searches, how many led to "
                "arrest against the 20% aim, and how many were for weapons or key crimes against 20% and 40%.")
    eth = v.ethnicity
    ratios = pd.DataFrame({
        "Group": eth["group"].astype(str).to_numpy(),
        "Searches": eth["searches_shown"].astype(str).to_numpy(),
        "Times the White rate": ["1 (reference)" if g == "White" else _pct(r, "{:.2f}")
                                 for g, r in zip(eth["group"], eth["disproportionality"], strict=True)],
        "95% interval": [MISSING if pd.isna(lo) else f"{lo:.2f} to {hi:.2f}"
                         for lo, hi in zip(eth["ratio_low"], eth["ratio_high"], strict=True)],
    }).astype("string")
    keys = (Key("Searches", f"{h.searches:,}", v.period_label),
            Key("Led to arrest", _share(h.arrest_rate), "aim: 20%"),
            Key("For weapons", _share(h.weapons_share), f"target: {v.weapons_target:.0%}"),
            Key("For key crimes", _share(h.key_crime_share), f"target: {v.key_crime_target:.0%}"))
    return Slide(number=6, name="stop-search", title=f"{title}, {v.period_label}", sentence=sentence, keys=keys,
                 panels=(Panel(f"Searches per head against White residents, {v.period_label}", ratios),),
                 numbers=ratios, to=last,
                 note=f"Records cover {months_words(months)}. Populations: {v.census_words}.")


# --- 7: a borough ------------------------------------------------------------------------------------

PACK_COLUMNS = ["Crime", "Previous 12 months", "Latest 12 months", "% change", "London % change",
                "Is the change real?"]


def default_borough(tv: TrackerView) -> str:
    """The borough furthest short of the target (last in the ranking): the room's 'which is furthest off?'."""
    return str(tv.boroughs.sort_values("rank")["area_name"].iloc[-1])


def borough_slide(sources: PackSources, borough: str, to: str, chosen: bool = True) -> Slide:
    """The SNB pack's headline rows for one borough (``lib.views.pack.pack_view`` of the release's ``sources``)."""
    from lib.views.pack import INDICATORS, pack_view

    b = parse.area(borough)
    if b.is_london:
        raise UsageError(f"borough: {parse.shorten(borough)} is London as a whole: slide 7 shows one borough")
    release = sources.release
    p = pack_view(sources, b.name, to)
    t = p.crime.indicator_table
    rows = t[t["Crime"].astype(str).isin(INDICATORS)].drop_duplicates("Crime")  # a major can share its name
    shown = pd.DataFrame({c: [(_pct(v) if c.endswith("% change") else (MISSING if v is None or pd.isna(v) else
                                                                       str(v))) for v in rows[c]]
                          for c in PACK_COLUMNS}).astype("string")
    mopac = rows[rows["Crime"].astype(str) == MOPAC7]
    tno = rows[rows["Crime"].astype(str) == "Total Notifiable Offences"]
    keys = []
    for label, r in (("MOPAC 7 crimes", mopac), ("All recorded crime", tno)):
        if len(r):
            keys.append(Key(f"{label}, change {ON_LAST_YEAR}", _pct(r["% change"].iloc[0]),
                            f"London {_pct(r['London % change'].iloc[0])}"))
    if p.confidence is not None and p.confidence.headline is not None:
        keys.append(Key("Police do a good job", p.confidence.headline.value,
                        f"12 months to {p.confidence.quarter_label}"))
    why = "" if chosen else " (no borough chosen: the borough furthest short of the target is shown)"
    sentence = (f"{b.name}{why}: the Safer Neighbourhood Board pack's headline crimes, 12 months to "
                f"{month_label(to)} against the 12 months before (change {ON_LAST_YEAR}, not against the target's "
                f"baseline), figures {p.crime.release_words}.")
    caption = (f"% change {ON_LAST_YEAR}: 12 months to {month_label(to)} against the 12 months to "
               f"{month_label(add_months(to, -12))}")
    return Slide(number=7, name="borough", title=f"{b.name}: the pack's headline rows", sentence=sentence,
                 keys=tuple(keys), panels=(Panel(caption, shown),), numbers=shown,
                 borough_code=b.code, to=to, release=release,
                 note="Is the change real? A change beyond what chance explains (Poisson test, ±3).")


# --- 8: MOPAC 7 by crime type ------------------------------------------------------------------------


def _type_rows(trackers: Mapping[str, TrackerView], code: str) -> pd.DataFrame:
    """One area's row of each type's tracker table (baseline, now, change, target met), in the plan's order."""
    rows = []
    for name, tv in trackers.items():
        t = tv.table[tv.table["area_code"] == code]
        if not len(t):
            raise UsageError(f"no {name!r} figures for area {code!r} in the 12 months to {tv.to}")
        r = t.iloc[0]
        met = r["meets_target"]
        rows.append({
            "Crime type": name,
            "Baseline": _pct(r["baseline"], "{:,.0f}"),
            "Now": _pct(r["current"], "{:,.0f}"),
            AGAINST_BASELINE: _pct(r["pct_change"]),
            "At target?": MISSING if pd.isna(r["pct_change"]) or pd.isna(met) else
            ("✔ yes" if bool(met) else "✖ no"),
        })
    return pd.DataFrame(rows).astype("string")


def crime_types_slide(trackers: Mapping[str, TrackerView], borough: str | None = None) -> Slide:
    """Each of the seven MOPAC 7 crime types against the baseline, for London and (when chosen) a borough:
    baseline, now, change and whether it is cut by the target's reduction; ``trackers``: the tracker view
    (``lib.views.crime.tracker_view``) of each type, keyed by :data:`MOPAC7_INDICATORS`, all of one
    dataset, month, baseline and reduction."""
    if list(trackers) != list(MOPAC7_INDICATORS):
        raise ValueError(f"one tracker for each of {MOPAC7_INDICATORS}, in order, not {list(trackers)}")
    tv = trackers[MOPAC7_INDICATORS[0]]
    if {(t.to, t.baseline, t.reduction, t.release) for t in trackers.values()} != {
            (tv.to, tv.baseline, tv.reduction, tv.release)}:
        raise ValueError("the seven trackers must share their month, baseline, reduction and release")
    b = None if borough is None else parse.area(borough)
    london = _type_rows(trackers, LONDON_CODE)
    areas = [("London", london)]
    if b is not None and not b.is_london:
        areas.append((b.name, _type_rows(trackers, b.code)))
    met = int(london["At target?"].eq("✔ yes").sum())
    change = {name: t.summary.london_pct_change for name, t in trackers.items()}
    known = {k: v for k, v in change.items() if v is not None and not pd.isna(v)}
    fall, rise = min(known, key=known.get), max(known, key=known.get)
    where = " and ".join(a for a, _ in areas)
    sentence = (f"Each of the seven MOPAC 7 crimes in {where}, 12 months to {month_label(tv.to)} against the "
                f"baseline, {tv.baseline_words}, figures {tv.release_words}: in London {met} of the 7 are cut by "
                f"{tv.reduction:.0f}% or more.")
    keys = (Key("London: types at the target", f"{met} of 7", f"cut by {tv.reduction:.0f}% or more"),
            Key(f"Largest fall: {fall}", _pct(known[fall]), "London, against the baseline"),
            Key(f"{'Largest rise' if known[rise] > 0 else 'Smallest fall'}: {rise}", _pct(known[rise]),
                "London, against the baseline"))
    panels = tuple(Panel(f"{a}: baseline {tv.baseline_words}; now the 12 months to {month_label(tv.to)}", t)
                   for a, t in areas)
    numbers = pd.concat([t.assign(Area=a)[["Area", *t.columns]] for a, t in areas], ignore_index=True)
    return Slide(number=8, name="crime-types", title="MOPAC 7 by crime type against the baseline",
                 sentence=sentence, keys=keys, panels=panels, numbers=numbers.astype("string"),
                 to=tv.to, release=tv.release, print_numbers=len(areas) > 1,
                 note=(f"The target is a {tv.reduction:.0f}% cut in the seven together (MOPAC 7); each type is shown "
                       "against the same cut. Baseline and now: crimes in the 12 months."))


# --- the deck ----------------------------------------------------------------------------------------


def pick(raw: str | None) -> tuple[int, ...]:
    """Slide numbers (1-based) from ``?slides=1,2`` or names (:func:`lib.choices.slides`); UsageError on
    anything else."""
    return parse.slides(raw)


def neighbourhood_options(store) -> tuple[tuple[str, ...], dict[str, str]] | None:
    """The survey's neighbourhood names (alphabetical) and MPS codes (upper case -> name), or None when the
    store holds no neighbourhood survey."""
    from lib.views.comparator import NEIGHBOURHOOD_TABLE

    if not store.has(NEIGHBOURHOOD_TABLE):
        return None
    nb = store.table(NEIGHBOURHOOD_TABLE).drop_duplicates("neighbourhood")
    names = tuple(sorted(map(str, nb["neighbourhood"])))
    codes = dict(zip(nb["neighbourhood_code"].astype(str).str.upper(), nb["neighbourhood"].astype(str), strict=True))
    return names, codes


def neighbourhood_choice(store, raw: str | None, option: str = "neighbourhood",
                         options: tuple[tuple[str, ...], dict[str, str]] | None = None) -> str | None:
    """A slide-5 neighbourhood (any spelling, or its MPS code) read by :func:`lib.choices.neighbourhood`
    against the survey's list (``options``: :func:`neighbourhood_options`, read here when None); None for
    none, or when the store has no neighbourhood survey (the slide says so)."""
    if raw is None:
        return None
    opts = options if options is not None else neighbourhood_options(store)
    return None if opts is None else parse.neighbourhood(raw, opts[0], opts[1], option)


def movers_details(sources: PackSources, to: str) -> tuple[dict, dict]:
    """What drove the change (``lib.views.drivers.drivers_view`` of the release's category counts and ward
    figures, as ``lib.views.drivers.drivers`` composes them) and the unusual months of the 12
    (``lib.views.unusual.unusual_view``) for slide 3's largest fall and rise (:func:`top_movers`), from the
    release's ``sources``."""
    from lib.views.drivers import drivers_view
    from lib.views.unusual import unusual_view

    data, counts, wards = sources.crime, sources.counts, sources.wards
    if counts is None or wards is None:
        raise ValueError("slide 3 needs the sources' category counts and ward figures (lib.views.pack.pack_sources)")
    drove, odd = {}, {}
    for code, name in top_movers(data, to):
        drove[code] = drivers_view(counts, wards, code, MOPAC7, to)
        odd[code] = unusual_view(data, code, name, MOPAC7, add_months(to, -11), to)
    return drove, odd


def crime_type_trackers(data: CrimeDataset, c: Choices) -> dict[str, TrackerView]:
    """The tracker of each of the seven MOPAC 7 types for slide 8 (``lib.views.crime.tracker_view``)."""
    from lib.views.crime import tracker_view

    return {name: tracker_view(data, c.to, c.baseline, c.reduction, name) for name in MOPAC7_INDICATORS}


# The slides read from the release's pack sources (``lib.views.pack.pack_sources``), the others from its dataset.
SOURCE_SLIDES = frozenset({3, 6, 7})
FORECAST_AREAS = (LONDON_CODE,)  # slide 1 shows London's forecast alone (forecast_band)


def _check_release(c: Choices, *parts: CrimeDataset | TrackerView | PackSources) -> None:
    """Every part (a dataset, tracker or pack sources) of the choices' release: a mismatch is a programming error."""
    wrong = [p for p in parts if p.release != c.release]
    if wrong:
        raise ValueError(f"slides for release {c.release!r} given parts of release {wrong[0].release!r}")


def build_slide(number: int, store, data: CrimeDataset, tv: TrackerView, c: Choices) -> Slide:
    """Slide ``number`` (1, 2, 4, 5 or 8) for the choices, from the release's dataset and the tracker built from it
    (slide 1 with London's forecast, ``lib.views.forecast``: a second or two of work, done here only for slide 1).
    Slides 3, 6 and 7: :func:`source_slide`."""
    _check_release(c, data, tv)
    if number == 1:
        from lib.views.forecast import forecast_view

        return target_slide(tv, forecast_view(data, c.to, None, c.baseline, c.reduction, MOPAC7, areas=FORECAST_AREAS))
    if number == 2:
        return ranked_slide(tv)
    if number == 4:
        return confidence_slide(store, c.to)
    if number == 5:
        return neighbourhood_slide(store, c.neighbourhood, c.compare, c.to)
    if number == 8:
        return crime_types_slide(crime_type_trackers(data, c), c.borough)
    if number in SOURCE_SLIDES:
        raise ValueError(f"slide {number} is built from the release's pack sources (source_slide)")
    raise UsageError(f"no slide {number} (slides are 1 to {len(SLIDE_NAMES)})")


def source_slide(number: int, sources: PackSources, tv: TrackerView, c: Choices) -> Slide:
    """Slide 3, 6 or 7 for the choices, from the release's sources (``lib.views.pack.pack_sources``: its crime
    dataset, category counts and ward figures, and the stop-and-search records, read once for the deck) and the
    tracker built from its dataset."""
    _check_release(c, sources, tv)
    if number == 3:
        return movers_slide(sources.crime, c.to, *movers_details(sources, c.to))
    if number == 6:
        return stop_search_slide(sources.records, c.to)
    if number == 7:
        return borough_slide(sources, c.borough or default_borough(tv), c.to, chosen=bool(c.borough))
    raise ValueError(f"slide {number} is not built from the pack sources (build_slide)")


def challenge_deck(store, c: Choices, slides: tuple[int, ...] | None = None) -> Deck:
    """The whole deck in the order asked (for the PDF): every slide built once, the release's pack sources read
    once and only when a slide asked for reads them (:data:`SOURCE_SLIDES`)."""
    from lib.views.crime import crime_dataset, first_release, tracker_view
    from lib.views.pack import pack_sources

    order = slides or tuple(range(1, len(SLIDE_NAMES) + 1))
    sources = pack_sources(store, c.release) if SOURCE_SLIDES & set(order) else None
    data = crime_dataset(store, c.release) if sources is None else sources.crime
    if c.to not in data.ends:
        raise UsageError(f"--to {c.to} has no full 12 months in the data ({data.ends[0]} to {data.ends[-1]})")
    first = None if c.release else first_release(data, c.baseline, c.to)
    tv = tracker_view(data, c.to, c.baseline, c.reduction, MOPAC7, first and crime_dataset(store, first))
    built = tuple(source_slide(n, sources, tv, c) if sources is not None and n in SOURCE_SLIDES
                  else build_slide(n, store, data, tv, c) for n in order)
    return Deck(slides=built, names=tuple(SLIDE_NAMES[n - 1] for n in order))


__all__ = ["FORECAST_AREAS", "Choices", "Deck", "Key", "Panel", "SLIDE_NAMES", "SOURCE_SLIDES", "Slide",
           "borough_slide", "build_slide", "challenge_deck", "confidence_slide", "crime_type_trackers",
           "crime_types_slide", "default_borough", "forecast_band", "movers_details", "movers_slide",
           "neighbourhood_choice", "neighbourhood_options", "neighbourhood_slide", "pick", "ranked_slide",
           "source_slide", "stop_search_slide", "stop_search_window", "target_slide", "top_movers"]
