"""One way in for every reader choice: the URL, the command line, the Challenge deck and the pack.

Each function here turns one choice, as typed (a string from a link or a command line, or a value a
caller already holds), into one typed value, or raises :class:`lib.errors.UsageError` with one sentence
that names the option, repeats the value shortened (:func:`shorten`) and says what is allowed. The
command line prints the sentence as ``error: <sentence>`` and exits 2; a page shows the same sentence as
a plain notice, as inert text, and falls back to its default. Bounds are named once, here.

Rules shared by every choice: ASCII digits only (``re.ASCII``: '٢٠١٥' or '²' is not a number), every
number finite and within its bounds (NaN, infinities, 1e309 and 1e-300 are refused), values longer than
:data:`MAX_LENGTH` refused before any other reading, and London accepted wherever a borough is.

Only ``lib.reference`` and ``lib.periods`` are used: this module is below the views.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from lib.errors import MAX_ECHO, UsageError, shorten
from lib.periods import financial_year, month_runs, parse_month, parse_period
from lib.reference.boroughs import CITY_OF_LONDON_CODE, LONDON_CODE, LONDON_NAME, find_borough, mps_boroughs
from lib.reference.categories import TNO

__all__ = [
    "BOROUGH_SAMPLE", "CENSUS_YEARS", "DEFAULT_REDUCTION", "DESIGN_EFFECT_BOUNDS", "LONDON_SPELLINGS", "MAX_ECHO",
    "MAX_LENGTH", "NEIGHBOURHOOD_SAMPLE", "NEWEST", "REDUCTION_BOUNDS", "SEED_BOUNDS", "Area", "INDICATOR_SHORT",
    "area", "baseline", "census", "choice", "design_effect", "indicator", "loose", "loose_match", "month",
    "month_range", "neighbourhood", "number", "output_path", "path", "population", "quarter", "reduction",
    "release", "sample", "seed", "shorten", "slide", "slides", "whole_number",
]

MAX_LENGTH = 200  # longest value read at all (a borough, neighbourhood or indicator name is under 60)
REDUCTION_BOUNDS = (1, 100)  # the target reduction, whole per cent: the crime page, the deck and the CLI alike
DEFAULT_REDUCTION = 20  # MOPAC 7: a 20% cut on the 2011/12 baseline
CENSUS_YEARS = (2011, 2021)  # populations the stop-and-search ratios divide by
BOROUGH_SAMPLE = (50, 5000)  # assumed PAS interviews per borough per rolling year
NEIGHBOURHOOD_SAMPLE = (30, 2000)  # assumed PAS interviews per neighbourhood per year
DESIGN_EFFECT_BOUNDS = (1.0, 5.0)  # assumed design effect: 1 = simple random sampling
SEED_BOUNDS = (0, 2**32 - 1)  # the demonstration store's random seed (numpy's range)
COUNT_BOUNDS = (0, 1e9)  # a count or population typed on the command line
NEWEST = "newest"  # the release choice meaning "each month from the newest release holding it"
LONDON_SPELLINGS = frozenset({"london", "mps", "met", LONDON_CODE.lower()})
_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?", re.ASCII)
_WHOLE = re.compile(r"[+-]?[0-9]+", re.ASCII)


def _fail(option: str, value: object, problem: str, allowed: str) -> UsageError:
    """The one sentence: '<option>: <value shortened> <problem>: <allowed>'."""
    return UsageError(f"{option}: {shorten(value)} {problem}: {allowed}")


def _text(value: object, option: str, allowed: str) -> str:
    """``value`` as a stripped string, refusing over-long values before anything else reads them."""
    t = str(value).strip()
    if len(t) > MAX_LENGTH:
        raise _fail(option, value, f"is too long ({len(t):,} characters)", allowed)
    return t


def _span(values: Sequence[str]) -> str:
    return f"{values[0]} to {values[-1]}" if len(values) > 1 else (values[0] if values else "none")


def _month_runs(months: Sequence[str]) -> str:
    """Months (sorted 'YYYY-MM') as 'a month from A to B', or, when they have gaps (the stop-and-search records:
    2016-06, 2017-12 to 2019-02, 2022-09), every run of consecutive months: 'a month in A, B to C or D'."""
    runs = month_runs(list(months))
    if len(runs) <= 1:
        return f"a month from {_span(months)}"
    parts = [r[0] if len(r) == 1 else f"{r[0]} to {r[-1]}" for r in runs]
    return f"a month in {', '.join(parts[:-1])} or {parts[-1]}"


# --- areas ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Area:
    """London as a whole (``E12000007``) or one of the 32 boroughs the Met polices."""

    code: str
    name: str

    @property
    def is_london(self) -> bool:
        return self.code == LONDON_CODE


AREA_ALLOWED = ("London (or MPS, E12000007) or one of the 32 boroughs the Met polices, by name or GSS code "
                "(e.g. Enfield or E09000010)")


def area(value: object, option: str = "borough") -> Area:
    """London (any case of 'London', 'MPS', 'Met' or E12000007) or a borough by any published spelling or
    GSS code (``lib.reference.boroughs.find_borough``); the City of London is refused (its own force)."""
    if isinstance(value, Area):
        return value
    t = _text(value, option, AREA_ALLOWED)
    if t.lower() in LONDON_SPELLINGS:
        return Area(LONDON_CODE, LONDON_NAME)
    b = find_borough(t) if t else None
    if b is None:
        raise _fail(option, value, "is not an area", AREA_ALLOWED)
    if b.code == CITY_OF_LONDON_CODE or not b.policed_by_mps:
        raise _fail(option, value, "is policed by the City of London Police, not the Met", AREA_ALLOWED)
    return Area(b.code, b.name)


def area_names() -> tuple[str, ...]:
    """Every area a reader can pick: London first, then the 32 boroughs alphabetically."""
    return (LONDON_NAME, *(b.name for b in mps_boroughs()))


# --- months, quarters, releases, periods ----------------------------------------------------------------

MONTH_ALLOWED = "a month YYYY-MM in ASCII digits, e.g. 2015-09"


def month(value: object, option: str = "to", within: Sequence[str] | None = None, what: str = "the data") -> str:
    """A month 'YYYY-MM' (or 'YYYYMM'); with ``within`` (the months the data answer for, oldest first),
    one of those."""
    t = _text(value, option, MONTH_ALLOWED)
    try:
        m = parse_month(t)
    except UsageError:
        raise _fail(option, value, "is not a month", MONTH_ALLOWED) from None
    if within is not None:
        months = sorted(set(map(str, within)))
        if m not in months:
            if not months:
                raise UsageError(f"{option}: {what} hold no months to choose from")
            raise _fail(option, m, f"is outside {what}", _month_runs(months))
    return m


def month_range(first: object, last: object, within: Sequence[str] | None = None, what: str = "the data",
                options: tuple[str, str] = ("from", "to")) -> tuple[str, str]:
    """Two months, each read by :func:`month` (with ``within``), the second on or after the first."""
    a = month(first, options[0], within=within, what=what)
    b = month(last, options[1], within=within, what=what)
    if b < a:
        raise UsageError(f"{options[1]}: {shorten(b)} ends before it starts ({options[0]} {a}): "
                         f"give '{options[1]}' on or after '{options[0]}'")
    return a, b


def quarter(value: object, quarters: Sequence[str], option: str = "to", what: str = "the survey") -> str:
    """A quarter's last month 'YYYY-MM' among ``quarters`` (the survey's quarter ends)."""
    q = sorted(set(map(str, quarters)))
    t = _text(value, option, "a quarter's last month YYYY-MM")
    try:
        m = parse_month(t)
    except UsageError:
        raise _fail(option, value, "is not a month", "a quarter's last month YYYY-MM, e.g. 2015-09") from None
    if m not in q:
        allowed = f"a quarter's last month from {_span(q)} (March, June, September or December)" if q else "none"
        raise _fail(option, m, f"is not a quarter in {what}", allowed)
    return m


def release(value: object | None, releases: Sequence[str] | None = None, option: str = "release") -> str | None:
    """A release 'YYYY-MM' (None for none, '' or 'newest': each month from the newest release holding it);
    with ``releases``, one of those."""
    if value is None:
        return None
    t = _text(value, option, "a release YYYY-MM or 'newest'")
    if t == "" or t.lower() == NEWEST:
        return None
    rel = list(map(str, releases)) if releases is not None else None
    allowed = f"'newest' or one of {', '.join(sorted(rel))}" if rel else "'newest' or a release YYYY-MM"
    try:
        m = parse_month(t)
    except UsageError:
        raise _fail(option, value, "is not a release", allowed) from None
    if rel is not None and m not in rel:
        raise _fail(option, m, "is not a release in the store", allowed)
    return m


def baseline(value: object, years: Sequence[str] | None = None, option: str = "baseline") -> tuple[str, str]:
    """A baseline period: a financial year '2011/12' or 'YYYY-MM:YYYY-MM'; with ``years`` (the complete
    financial years in the data), a financial year must be one of them."""
    allowed = "a financial year, e.g. 2011/12, or YYYY-MM:YYYY-MM"
    if isinstance(value, tuple) and len(value) == 2:  # already read: check it again as 'first:last'
        value = f"{value[0]}:{value[1]}"
    t = _text(value, option, allowed)
    try:
        first, last = parse_period(t)
    except UsageError as e:
        problem = "ends before it starts" if "ends before" in str(e) else "is not a period"
        raise _fail(option, value, problem, allowed) from None
    if years is not None and "/" in t and t not in set(years):
        raise _fail(option, value, "is not a complete financial year in the data",
                    f"one of {', '.join(years)}" if years else "none (the data hold no complete financial year)")
    return first, last


def financial_year_choice(value: object, years: Sequence[str], option: str = "baseline") -> str:
    """A financial year label '2011/12' among ``years``."""
    t = _text(value, option, "a financial year, e.g. 2011/12")
    try:
        financial_year(t)
    except UsageError:
        raise _fail(option, value, "is not a financial year", "e.g. 2011/12") from None
    if t not in set(years):
        raise _fail(option, value, "is not a complete financial year in the data", f"one of {', '.join(years)}")
    return t


# --- numbers ---------------------------------------------------------------------------------------------


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:g}"


def number(value: object, option: str, lo: float, hi: float, whole: bool = False) -> float | int:
    """A finite number from ``lo`` to ``hi`` inclusive, written with ASCII digits (an optional sign,
    decimals and exponent; '_' and ',' are not read); ``whole``: a whole number, returned as int."""
    kind = "a whole number" if whole else "a number"
    allowed = f"{kind} from {_fmt(lo)} to {_fmt(hi)}"
    if isinstance(value, bool):
        raise _fail(option, value, f"is not {kind}", allowed)
    if isinstance(value, (int, float)):
        x = value
    else:
        t = _text(value, option, allowed)
        if not (_WHOLE if whole else _NUMBER).fullmatch(t):
            raise _fail(option, value, f"is not {kind}", allowed)
        x = int(t) if whole else float(t)
    if isinstance(x, float) and not math.isfinite(x):
        raise _fail(option, value, "is not a finite number", allowed)
    if whole and not float(x).is_integer():
        raise _fail(option, value, f"is not {kind}", allowed)
    if not lo <= x <= hi:
        raise _fail(option, value, "is out of range", allowed)
    return int(x) if whole else float(x)


def whole_number(value: object, option: str, lo: int, hi: int) -> int:
    """:func:`number` for whole numbers."""
    return int(number(value, option, lo, hi, whole=True))


def reduction(value: object, option: str = "reduction") -> float:
    """The target reduction: a whole percentage within :data:`REDUCTION_BOUNDS` (as a float, the views' type)."""
    return float(whole_number(value, option, *REDUCTION_BOUNDS))


def sample(value: object, bounds: tuple[int, int] = BOROUGH_SAMPLE, option: str = "sample") -> int:
    """Assumed survey interviews a year: a whole number within ``bounds``."""
    return whole_number(value, option, *bounds)


def design_effect(value: object, option: str = "design-effect") -> float:
    """The assumed design effect, within :data:`DESIGN_EFFECT_BOUNDS`."""
    return float(number(value, option, *DESIGN_EFFECT_BOUNDS))


def census(value: object, option: str = "census", years: Sequence[int] = CENSUS_YEARS) -> int:
    """A census year the store has populations for."""
    allowed = " or ".join(map(str, years))
    t = _text(value, option, allowed)
    if not _WHOLE.fullmatch(t) or int(t) not in set(years):
        raise _fail(option, value, "is not a census year held", allowed)
    return int(t)


def seed(value: object, option: str = "seed") -> int:
    """The demonstration store's random seed."""
    return whole_number(value, option, *SEED_BOUNDS)


# --- names from a list -------------------------------------------------------------------------------------


def loose(text: str) -> str:
    """A spelling key for values typed by hand: letters and digits only, case folded, so that
    'Newham East' (as the March 2015 Challenge transcript names it) finds 'Newham - East'."""
    return "".join(ch for ch in str(text).casefold().replace("&", "and") if ch.isalnum())


def loose_match(raw: str, options: Iterable[str], labels: dict[str, str] | None = None) -> str | None:
    """The one option whose value or label has ``raw``'s spelling key (:func:`loose`), else None
    (none, or more than one: an ambiguous value is not guessed)."""
    key = loose(raw)
    if not key:
        return None
    labels = labels or {}
    hits = {o for o in options if key in (loose(o), loose(labels.get(o, o)))}
    return hits.pop() if len(hits) == 1 else None


def _listed(options: Sequence[str], most: int = 8) -> str:
    shown = ", ".join(map(str, options[:most]))
    return f"one of {shown}" + (f" (and {len(options) - most} more)" if len(options) > most else "")


def choice(value: object, option: str, options: Sequence[str], labels: dict[str, str] | None = None,
           what: str = "a choice") -> str:
    """One of ``options`` exactly, else the one option it matches ignoring case, spaces and punctuation
    (``what`` names the kind of choice in the sentence, e.g. 'a population basis')."""
    opts = list(map(str, options))
    t = _text(value, option, _listed(opts))
    if t in opts:
        return t
    hit = loose_match(t, opts, labels)
    if hit is None:
        raise _fail(option, value, f"is not {what}", _listed(opts))
    return hit


TOTAL_SUFFIX = " (Total)"  # 'Burglary (Total)', 'Robbery (Total)': the indicator, read by its plain name too
INDICATOR_SHORT = {TNO: "TNO"}  # short names read as the indicator (the MPS's own abbreviation)


def indicator(value: object, indicators: Sequence[str], option: str = "category") -> str:
    """A crime indicator or published category held in the data: as listed, else the first in ``indicators``'
    order (the indicators first, then the published categories) that it matches ignoring case, spacing and
    punctuation, or by a short name: :data:`INDICATOR_SHORT`, or the name without '(Total)' ('homicide' is
    the indicator Homicide, not the published major category HOMICIDE of the same name; 'burglary' is
    the indicator Burglary (Total), not the published major category BURGLARY)."""
    opts = list(map(str, indicators))
    t = _text(value, option, _listed(opts))
    if t in opts:
        return t
    key = loose(t)
    hit = next((o for o in opts if key and key in (loose(o), loose(INDICATOR_SHORT.get(o, o)),
                                                    loose(o.removesuffix(TOTAL_SUFFIX)))), None)
    if hit is None:
        raise _fail(option, value, "is not a crime category in the data", _listed(opts))
    return hit


def population(value: object, choices: Sequence[str], option: str = "population") -> str:
    """A population basis: 'current', 'as_published' or an ONS vintage the store holds."""
    return choice(value, option, choices, what="a population basis")


def neighbourhood(value: object, names: Sequence[str], codes: dict[str, str] | None = None,
                  option: str = "neighbourhood") -> str:
    """A PAS neighbourhood by published name (any case, spacing or punctuation) or MPS code (e.g. KF-KE)."""
    t = _text(value, option, "a neighbourhood name, e.g. 'Newham - East'")
    if codes and t.upper() in codes:
        return codes[t.upper()]
    opts = list(names)
    hit = t if t in opts else loose_match(t, opts)
    if hit is None:
        example = f"e.g. {opts[0]!r}" if opts else "none held"
        raise _fail(option, value, "is not a neighbourhood in the survey", f"a neighbourhood name, {example}")
    return hit


# --- slides ----------------------------------------------------------------------------------------------

SLIDE_NAMES: tuple[str, ...] = ("target", "ranked", "movers", "confidence", "neighbourhood", "stop-search", "borough",
                                "crime-types")
SLIDES_ALLOWED = f"slide numbers 1 to {len(SLIDE_NAMES)} or names ({', '.join(SLIDE_NAMES)}), comma-separated"


def slides(value: object | None, option: str = "slides") -> tuple[int, ...]:
    """Slide numbers (1-based) in the order asked, by number or name; every slide when None or empty."""
    if value is None:
        return tuple(range(1, len(SLIDE_NAMES) + 1))
    t = _text(value, option, SLIDES_ALLOWED)
    out: list[int] = []
    for part in filter(None, (p.strip().lower().replace("_", "-") for p in t.split(","))):
        if _WHOLE.fullmatch(part) and 1 <= int(part) <= len(SLIDE_NAMES):
            out.append(int(part))
        elif part in SLIDE_NAMES:
            out.append(SLIDE_NAMES.index(part) + 1)
        else:
            raise _fail(option, value, "is not a list of slides", SLIDES_ALLOWED)
    return tuple(out) or tuple(range(1, len(SLIDE_NAMES) + 1))


def slide(value: object, count: int, option: str = "slide") -> int:
    """The position (1-based) of the slide on screen in a deck of ``count`` slides."""
    return whole_number(value, option, 1, count)


# --- files -------------------------------------------------------------------------------------------------


MAX_PATH = 4096  # Linux's PATH_MAX: a longer path cannot be opened


def path(value: object, option: str = "store") -> Path:
    """A file or folder path as typed (not checked for existence: the reader of it says what is missing),
    refused when no system could open it (over-long, or holding a NUL character)."""
    t = str(value)
    if len(t) > MAX_PATH or "\0" in t or not t.strip():
        raise _fail(option, value, "is not a usable path", f"a path of at most {MAX_PATH:,} characters")
    return Path(t)


def output_path(value: object, option: str = "output") -> Path:
    """A file the command can write: its folder exists and is writable, and it is not a folder itself.
    Checked before any work, so an unwritable path is not found after a whole pack is built."""
    t = _text(value, option, "a file path in a writable folder")
    if not t:
        raise _fail(option, value, "is empty", "a file path in a writable folder")
    p = Path(t)
    folder = p.parent if str(p.parent) else Path(".")
    if p.is_dir():
        raise _fail(option, value, "is a folder", "a file path in a writable folder")
    if not folder.is_dir():
        raise _fail(option, value, "is in a folder that does not exist", "a file path in a writable folder")
    existed = p.exists()
    try:  # the one sure test (os.access says yes to root everywhere): open it to append, as the write will
        with open(p, "ab"):
            pass
    except OSError as e:
        raise _fail(option, value, f"cannot be written ({e.strerror or type(e).__name__})",
                    "a file path in a writable folder") from None
    if not existed:
        p.unlink(missing_ok=True)
    return p
