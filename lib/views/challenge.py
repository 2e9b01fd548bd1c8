"""The Challenge deck: one typed slide per question the MOPAC Challenge room asks (issue 11).

Every figure comes from another view (``lib.views.crime`` tracker_view / borough_changes,
``lib.views.confidence``, ``lib.views.comparator``, ``lib.views.stop_search``, ``lib.views.pack``);
this module only picks and words them: no arithmetic of its own. The page (one slide at a time,
through the cache), the PDF command (``python -m lib.cli challenge``) and the tests read the same
:class:`Slide` objects.

Standard order (issue 11): 1 target, 2 ranked, 3 movers, 4 confidence, 5 neighbourhood,
6 stop-search, 7 borough. ``?slides=`` picks and orders them by number or name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from lib import choices as parse
from lib.choices import SLIDE_NAMES
from lib.errors import UsageError
from lib.periods import add_months, month_label
from lib.reference.boroughs import LONDON_CODE
from lib.reference.categories import MOPAC7
from lib.views.crime import CrimeDataset, TrackerView, borough_changes

MOVERS = 5  # largest falls and largest rises shown on slide 3
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


def target_slide(tv: TrackerView) -> Slide:
    s = tv.summary
    sentence = (f"MOPAC 7 crimes in London in the 12 months to {month_label(tv.to)} compared with "
                f"{tv.baseline_words}, figures {tv.release_words}: {s.meeting} of the {s.total} boroughs have cut "
                f"them by {tv.reduction:.0f}% or more.")
    table = pd.DataFrame({"Measure": ["London change since the baseline", "Boroughs at or beyond the target",
                                      "Revision since first published"],
                          "Value": [tv.london_text, tv.meeting_text, tv.revision_text]})
    rev_words = ("The release is pinned, so no revision is shown." if tv.release else
                 "Change between the figures as first published and now." if tv.revision else
                 "The figures shown are the first published ones.")
    keys = (Key("London change since the baseline", tv.london_text, f"Target: −{tv.reduction:.0f}%"),
            Key("Boroughs at or beyond the target", tv.meeting_text, f"cut by {tv.reduction:.0f}% or more"),
            Key("Revision since first published", tv.revision_text, rev_words))
    return Slide(number=1, name="target", title=f"London MOPAC 7 against the {tv.reduction:.0f}% target",
                 sentence=sentence, keys=keys, numbers=table, trajectory=tv.trajectory, to=tv.to,
                 release=tv.release)


def ranked_slide(tv: TrackerView) -> Slide:
    b = tv.boroughs.sort_values("rank")
    table = pd.DataFrame({"Rank": b["rank"].astype(int).astype(str).to_numpy(), "Borough": b["area_name"].to_numpy(),
                          "Change": [_pct(v) for v in b["pct_change"]],
                          "Status": b["status"].to_numpy()}).astype("string")
    half = (len(table) + 1) // 2
    sentence = (f"Each borough's change in MOPAC 7 crimes, 12 months to {month_label(tv.to)} against "
                f"{tv.baseline_words}; the target is a {tv.reduction:.0f}% cut. {tv.meeting_text} meet it "
                "(✔ meets, ✖ short).")
    panels = (Panel(f"Ranks 1 to {half}", table.iloc[:half].reset_index(drop=True)),
              Panel(f"Ranks {half + 1} to {len(table)}", table.iloc[half:].reset_index(drop=True)))
    return Slide(number=2, name="ranked", title=f"All {len(table)} boroughs ranked on their reduction",
                 sentence=sentence, panels=panels, numbers=table, to=tv.to, release=tv.release)


# --- 3: the movers -------------------------------------------------------------------------------------


def movers_slide(data: CrimeDataset, to: str) -> Slide:
    """The boroughs whose MOPAC 7 changed most on the same 12 months a year earlier, with the change test."""
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
    sentence = (f"MOPAC 7 crimes in {period} against {before}, figures {data.release_words}: the "
                f"{MOVERS} largest falls and the {MOVERS} largest rises, and whether each change is more than "
                "chance explains.")
    keys = (Key(f"Largest fall: {first['area_name']}", _pct(first["pct_change"]),
                CHANGE_SYMBOLS.get(str(first["change_words"]), "")),
            Key(f"{'Largest rise' if last['pct_change'] > 0 else 'Smallest fall'}: {last['area_name']}",
                _pct(last["pct_change"]),
                CHANGE_SYMBOLS.get(str(last["change_words"]), "")))
    return Slide(number=3, name="movers", title="The biggest movers on last year", sentence=sentence, keys=keys,
                 panels=(Panel("Largest falls", falls), Panel("Largest rises (or smallest falls)", rises)),
                 numbers=shown, to=to, release=data.release,
                 note=("Beyond chance (▼ a real fall, ▲ a real rise, ○ within what chance explains): "
                       "2(√latest − √year before) beyond ±3, the Poisson test of police performance analysis."))


# --- 4: public confidence ----------------------------------------------------------------------------


def _survey_rows(t: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Borough": t["area_name"].astype(str).to_numpy(),
        "Good job": [_share(v) for v in t["value"]],
        "95% interval": [f"{_share(lo)}–{_share(hi)}" for lo, hi in zip(t["ci_low"], t["ci_high"], strict=True)],
        "Gap": [_pct(v, "{:+.0f} pts") for v in t["vs_london_points"]],
        "Beyond error?": [SURVEY_SYMBOLS.get(str(w), "○ no") for w in t["vs_london"]],
    }).astype("string")


def confidence_slide(store, to: str) -> Slide:
    """London's 'good job' figure and the boroughs furthest above and below it, with intervals."""
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
    sentence = (f"Share of residents who say the police do a good job in their area, Public Attitude Survey, "
                f"12 months to {v.quarter_label}{after}: London against the boroughs furthest above and below it, "
                "with 95% survey intervals.")
    above, below = _survey_rows(v.above_london), _survey_rows(v.below_london)
    keys = (Key("London: police do a good job", _share(v.london_value), f"95% interval {_share(lo)} to {_share(hi)}"),)
    return Slide(number=4, name="confidence", title=title, sentence=sentence, keys=keys,
                 panels=(Panel("Furthest above London", above), Panel("Furthest below London", below)),
                 numbers=_survey_rows(v.ranked), to=quarter,
                 note=("Gap: to London. ▲ really higher, ▼ really lower: the gap is beyond survey error (its 95% "
                       "interval excludes zero); ○: it is not. Intervals assume the survey's published interview "
                       "counts: see the Confidence page."))


# --- 5: the neighbourhood gap ------------------------------------------------------------------------


def neighbourhood_slide(store, neighbourhood: str | None = None, compare: str | None = None) -> Slide:
    """A pair of neighbourhoods side by side on every measure; default: the same-group pair with the
    largest 'good job' gap (``lib.views.comparator.comparator_view``)."""
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
    sentence = (f"A = {v.neighbourhood} against B = {v.compare}, two neighbourhoods {chosen} ({v.group_name}), on "
                "every Public Attitude Survey measure for the latest 12 months in the file; gap = A minus B in "
                "percentage points.")
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


def stop_search_slide(store, to: str) -> Slide:
    """London's searches, arrest rate against 20%, weapons and key-crime shares against 20% and 40%, and
    disproportionality with the months the records cover (``lib.views.stop_search``)."""
    from lib.views.stop_search import has_stop_search, period_choices, stop_search_view

    title = "Stop and search in London"
    if not has_stop_search(store):
        return _no_data(6, title, "No stop and search figures: this store holds no stop and search records.")
    months, first, last = period_choices(store)
    start = add_months(to, -11)
    own = start in months and to in months
    if own:
        first, last = start, to
    v = stop_search_view(store, LONDON_CODE, first, last)
    h = v.headline
    shifted = ""
    if not own:  # say which window is shown instead, and how little of it has records
        shifted = (f" (no records for the 12 months to {month_label(to)}: the 12 months to the latest month with "
                   "records are shown")
        if len(v.months) < 12:
            few = " and ".join(map(month_label, v.months)) if len(v.months) <= 3 else f"{len(v.months)} months"
            shifted += f"; of these, only {few} {'has' if len(v.months) == 1 else 'have'} records"
        shifted += ")"
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
    return Slide(number=6, name="stop-search", title=title, sentence=sentence, keys=keys,
                 panels=(Panel(f"Searches per head against White residents, {v.period_label}", ratios),),
                 numbers=ratios, to=last,
                 note=f"Records cover {v.records_label}. Populations: {v.census_words}.")


# --- 7: a borough ------------------------------------------------------------------------------------

PACK_COLUMNS = ["Crime", "Previous 12 months", "Latest 12 months", "% change", "London % change",
                "Is the change real?"]


def default_borough(tv: TrackerView) -> str:
    """The borough furthest short of the target (last in the ranking): the room's 'which is furthest off?'."""
    return str(tv.boroughs.sort_values("rank")["area_name"].iloc[-1])


def borough_slide(store, borough: str, to: str, release: str | None = None, chosen: bool = True) -> Slide:
    """The SNB pack's headline rows for one borough (``lib.views.pack.pack_view``)."""
    from lib.views.pack import INDICATORS, pack_sources, pack_view

    b = parse.area(borough)
    if b.is_london:
        raise UsageError(f"borough: {parse.shorten(borough)} is London as a whole: slide 7 shows one borough")
    p = pack_view(pack_sources(store, release), b.name, to)
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
            keys.append(Key(label, _pct(r["% change"].iloc[0]), f"London {_pct(r['London % change'].iloc[0])}"))
    if p.confidence is not None and p.confidence.headline is not None:
        keys.append(Key("Police do a good job", p.confidence.headline.value,
                        f"12 months to {p.confidence.quarter_label}"))
    why = "" if chosen else " (no borough chosen: the borough furthest short of the target is shown)"
    sentence = (f"{b.name}{why}: the Safer Neighbourhood Board pack's headline crimes, 12 months to "
                f"{month_label(to)} against the 12 months before, figures {p.crime.release_words}.")
    return Slide(number=7, name="borough", title=f"{b.name}: the pack's headline rows", sentence=sentence,
                 keys=tuple(keys), panels=(Panel("", shown),), numbers=shown,
                 borough_code=b.code, to=to, release=release,
                 note="Is the change real? A change beyond what chance explains (Poisson test, ±3).")


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


def build_slide(number: int, store, data: CrimeDataset, tv: TrackerView, c: Choices) -> Slide:
    """Slide ``number`` (1-7) for the choices, from the dataset and tracker already built."""
    if number == 1:
        return target_slide(tv)
    if number == 2:
        return ranked_slide(tv)
    if number == 3:
        return movers_slide(data, c.to)
    if number == 4:
        return confidence_slide(store, c.to)
    if number == 5:
        return neighbourhood_slide(store, c.neighbourhood, c.compare)
    if number == 6:
        return stop_search_slide(store, c.to)
    if number == 7:
        return borough_slide(store, c.borough or default_borough(tv), c.to, c.release, chosen=bool(c.borough))
    raise UsageError(f"no slide {number} (slides are 1 to {len(SLIDE_NAMES)})")


def challenge_deck(store, c: Choices, slides: tuple[int, ...] | None = None) -> Deck:
    """The whole deck in the order asked (for the PDF): every slide built once."""
    from lib.views.crime import crime_dataset, first_release, tracker_view

    order = slides or tuple(range(1, len(SLIDE_NAMES) + 1))
    data = crime_dataset(store, c.release)
    if c.to not in data.ends:
        raise UsageError(f"--to {c.to} has no full 12 months in the data ({data.ends[0]} to {data.ends[-1]})")
    first = None if c.release else first_release(data, c.baseline, c.to)
    tv = tracker_view(data, c.to, c.baseline, c.reduction, MOPAC7, first and crime_dataset(store, first))
    built = tuple(build_slide(n, store, data, tv, c) for n in order)
    return Deck(slides=built, names=tuple(SLIDE_NAMES[n - 1] for n in order))


__all__ = ["Choices", "Deck", "Key", "Panel", "SLIDE_NAMES", "Slide", "borough_slide", "build_slide",
           "challenge_deck", "confidence_slide", "default_borough", "movers_slide", "neighbourhood_choice",
           "neighbourhood_options", "neighbourhood_slide", "pick", "ranked_slide", "stop_search_slide", "target_slide"]
