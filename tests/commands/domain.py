"""The whole domain of every command, asked in-process (``lib.cli.main``), for the domain tests and as a script.

Each question is a command line built from the store's own domain (its areas, releases, months,
population bases, baselines, quarters, stop-and-search months, censuses, neighbourhoods and slides), so
every one is valid: it must be answered (exit 0, JSON without NaN or NA) or refused in one line (exit 2,
``error: ...``); a traceback (any other exception) or a multi-line error is a failure.

The full product of every dimension is far over a CI budget (a crime-summary costs ~0.5 s), so the plan
is a covering design: every value of every dimension at least once, each release's boundary months
(first month, first full 12 months, last month) pinned and not, and the newest month, in full.

    python -m tests.commands.domain STORE [--every-range]   # questions asked: answered, refused, failed

runs on any revision of the code with ``lib.cli.main`` (the plan reads only long-standing view functions),
which is how the before-and-after counts in the report were made.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

AREAS = ["London", *(b.name for b in __import__("lib.reference.boroughs", fromlist=["x"]).mps_boroughs())]


@dataclass
class Outcome:
    argv: list[str]
    code: int | None
    out: str
    err: str
    crash: str = ""

    @property
    def answered(self) -> bool:
        return self.code == 0 and not self.crash

    @property
    def refused(self) -> bool:
        return self.code == 2 and not self.crash and self.err.startswith("error: ") and self.err.count("\n") == 1

    def problem(self) -> str:
        """Why this outcome fails the rule ('' when it keeps it)."""
        if self.crash:
            return self.crash
        if self.refused:
            return ""
        if self.code != 0:
            return f"exit {self.code}: {self.err[:200]!r}"
        written = [a.split("=", 1)[1] for a in self.argv if a.startswith("--output=")]
        if written:
            return "" if Path(written[0]).is_file() and Path(written[0]).stat().st_size > 0 else "no file written"
        if "--format=csv" in self.argv:
            return "NA in output" if "<NA>" in self.out or "NaT" in self.out or ",nan," in self.out else ""
        try:
            json.loads(self.out, parse_constant=lambda c: (_ for _ in ()).throw(ValueError(c)))
        except ValueError as e:
            return f"not plain JSON: {e}"
        return "NA in output" if "<NA>" in self.out or "NaT" in self.out else ""


@dataclass
class Tally:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.problem()]

    def summary(self) -> str:
        n = len(self.outcomes)
        ok = sum(o.answered and not o.problem() for o in self.outcomes)
        ref = sum(o.refused for o in self.outcomes)
        return f"{n} questions: {ok} answered, {ref} refused in one line, {len(self.failures)} failed"


def ask(argv: list[str]) -> Outcome:
    """``python -m lib.cli ARGV`` in this process."""
    from lib.cli import main

    out, err = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
    except SystemExit as e:
        return Outcome(argv, e.code if isinstance(e.code, int) else 1, out.getvalue(), err.getvalue(),
                       "" if e.code in (0, 2) else f"SystemExit {e.code}")
    except Exception as e:  # noqa: BLE001 - the sweep counts every kind of traceback
        return Outcome(argv, None, out.getvalue(), err.getvalue(), f"{type(e).__name__}: {str(e)[:200]}")
    return Outcome(argv, code, out.getvalue(), err.getvalue())


@contextlib.contextmanager
def shared_steps() -> Iterator[None]:
    """Read each crime dataset, each period's every-area step, the stop-and-search records and the
    comparator's groups once for the sweep (the commands read them per call, as a one-off command line
    does): the same answers, a fraction of the time. Only this project's own module attributes are
    swapped, and put back after."""
    import lib.commands.analysis as analysis
    import lib.commands.crime as cmd
    import lib.commands.drivers as change
    import lib.views.comparator as comparator
    import lib.views.crime as views
    import lib.views.stop_search as stop_search

    datasets: dict = {}
    areas: dict = {}
    real_dataset, real_areas = cmd.crime_dataset, views.crime_areas
    per_store = [(stop_search, "stop_search_records"), (stop_search, "period_choices"),
                 (stop_search, "stop_search_period"),
                 (comparator, "comparator_groups"), (comparator, "comparator_options"),
                 (change, "driver_counts"), (change, "ward_dataset")]
    saved = [(mod, name, getattr(mod, name)) for mod, name in per_store if hasattr(mod, name)]

    def once(fn):
        memo: dict = {}

        def read(store, *args, **kwargs):  # a store, or the records: the same object for the whole sweep
            key = (str(getattr(store, "path", id(store))), *args, *sorted(kwargs.items()))
            if key not in memo:
                memo[key] = fn(store, *args, **kwargs)
            return memo[key]

        return read

    def dataset(store, release=None):
        key = (str(store.path), release)
        if key not in datasets:
            datasets[key] = real_dataset(store, release)
        return datasets[key]

    def every_area(data, to, kind="r12", population=None):
        key = (id(data), to, kind, population)
        if key not in areas:
            areas[key] = real_areas(data, to, kind, population)
        return areas[key]

    real_views_dataset, real_analysis_dataset = views.crime_dataset, analysis.crime_dataset
    cmd.crime_dataset, views.crime_areas, views.crime_dataset = dataset, every_area, dataset
    cmd.crime_areas = every_area  # crime-summary's own step (the views' step is crime_view's)
    analysis.crime_dataset = dataset
    for mod, name, fn in saved:
        setattr(mod, name, once(fn))
    try:
        yield
    finally:
        cmd.crime_dataset, views.crime_areas, views.crime_dataset = real_dataset, real_areas, real_views_dataset
        cmd.crime_areas = real_areas
        analysis.crime_dataset = real_analysis_dataset
        for mod, name, fn in saved:
            setattr(mod, name, fn)


def _cycle(values):
    return itertools.cycle(list(values))


def crime_questions(store_path: Path) -> list[list[str]]:
    """crime-summary and target over every release (pinned and newest), boundary month, area, population
    basis and complete baseline year."""
    from lib.store import Store
    from lib.views.crime import crime_dataset, crime_releases, population_choices

    store = Store(store_path)
    if not store.has("crime_borough"):
        return [["crime-summary", "--store", str(store_path), "--borough", "Enfield", "--to", "2015-09"]]
    releases = list(crime_releases(store))
    data = {r: crime_dataset(store, r) for r in [None, *releases]}
    s = str(store_path)
    areas, out = _cycle(AREAS), []
    seen_areas: set[str] = set()
    seen_pop: set[tuple] = set()
    for r, d in data.items():
        months = {d.months[0], d.months[min(11, len(d.months) - 1)], d.months[-1]}
        if r is None:  # the newest figures at every release's first and last month
            months |= {m for rr in releases for m in (data[rr].months[0], data[rr].months[-1])}
        pops = _cycle(population_choices(d))
        for m in sorted(months):
            area, pop = next(areas), next(pops)
            seen_areas.add(area)
            seen_pop.add((r, pop))
            out.append(["crime-summary", "--store", s, f"--borough={area}", f"--to={m}", f"--population={pop}",
                        *([f"--release={r}"] if r else [])])
        for pop in population_choices(d):  # every basis of every release at its last month
            if (r, pop) not in seen_pop:
                out.append(["crime-summary", "--store", s, "--borough=Enfield", f"--to={d.months[-1]}",
                            f"--population={pop}", *([f"--release={r}"] if r else [])])
    newest = data[None].months[-1]
    out += [["crime-summary", "--store", s, f"--borough={a}", f"--to={newest}"] for a in AREAS if a not in seen_areas]
    out.append(["crime-summary", "--store", s, "--borough=Enfield", f"--to={newest}", "--format=csv"])
    reductions = _cycle(["1", "20", "100"])
    seen_fy: set[str] = set()
    for r, d in data.items():
        ends = list(d.ends)
        if not ends:
            continue
        tos = {ends[-1]}
        for fy in d.financial_years:  # every complete baseline year once, at the first month after it
            if fy not in seen_fy:
                seen_fy.add(fy)
                after = [e for e in ends if e >= f"{int(fy[:4]) + 1}-03"]
                out.append(["target", "--store", s, f"--baseline={fy}", f"--to={after[0]}",
                            f"--reduction={next(reductions)}", *([f"--release={r}"] if r else [])])
        for to in sorted(tos):  # each release's newest month against its first baseline year
            fy = (d.financial_years or ("2011/12",))[0]
            out.append(["target", "--store", s, f"--baseline={fy}", f"--to={to}", f"--reduction={next(reductions)}",
                        *([f"--release={r}"] if r else [])])
    return out


def survey_questions(store_path: Path) -> list[list[str]]:
    """confidence over every quarter and area; comparator over every neighbourhood."""
    from lib.store import Store
    from lib.views.comparator import comparator_options
    from lib.views.confidence import confidence_choices

    store, s = Store(store_path), str(store_path)
    out = []
    quarters = list(confidence_choices(store).quarters)
    areas = _cycle(AREAS)
    for q in quarters:
        out.append(["confidence", "--store", s, f"--borough={next(areas)}", f"--to={q}"])
    for a in AREAS[len(quarters):]:
        out.append(["confidence", "--store", s, f"--borough={a}"])
    if not quarters:
        out.append(["confidence", "--store", s, "--borough=London"])
    names = list(comparator_options(store).choices.neighbourhoods) or ["Newham - East"]
    # every tenth neighbourhood and the last, by name as published, in lower case and without punctuation
    spelt = [f(n) for f, n in zip(_cycle([str, str.lower, lambda n: n.replace(" - ", " ")]),
                                  [*names[::10], names[-1]], strict=False)]
    out += [["comparator", "--store", s, f"--neighbourhood={n}"] for n in spelt]
    return out


def stop_search_questions(store_path: Path, every_range: bool = True) -> list[list[str]]:
    """stop-search for every month range with records (London), every area over the whole span, each census."""
    from lib.store import Store
    from lib.views.stop_search import census_choices, has_stop_search, period_choices

    store, s = Store(store_path), str(store_path)
    if not has_stop_search(store):
        return [["stop-search", "--store", s, "--borough=London", "--from=2018-01", "--to=2018-12"]]
    months = sorted(period_choices(store)[0])
    censuses = _cycle(census_choices(store))
    if every_range:  # every (from, to) with records
        pairs = [(a, b) for i, a in enumerate(months) for b in months[i:]]
    else:  # every month as a one-month range and with the next month; the whole span
        pairs = sorted({(m, m) for m in months} | set(zip(months, months[1:], strict=False))
                       | {(months[0], months[-1])})
    out = [["stop-search", "--store", s, "--borough=London", f"--from={a}", f"--to={b}", f"--census={next(censuses)}"]
           for a, b in pairs]
    out += [["stop-search", "--store", s, f"--borough={a}", f"--from={months[0]}", f"--to={months[-1]}",
             f"--census={next(censuses)}"] for a in AREAS[1:]]
    out.append(["disproportionality", "--counts=White=191,Black=148,Asian=29,Other=3",
                "--population=White=190640,Black=60923,Asian=36494,Other=24409"])
    return out


def complaints_questions(store_path: Path) -> list[list[str]]:
    """complaints for every 12-month end and every area."""
    from lib.metrics.complaints import ALLEGATIONS_TABLE, available_period_ends
    from lib.store import Store

    store, s = Store(store_path), str(store_path)
    if not store.has(ALLEGATIONS_TABLE):
        return [["complaints", "--store", s, "--borough=Enfield"]]
    ends = available_period_ends(store.table(ALLEGATIONS_TABLE))
    areas = _cycle(AREAS)
    out = [["complaints", "--store", s, f"--borough={next(areas)}", f"--to={e}"] for e in ends]
    return out + [["complaints", "--store", s, f"--borough={a}"] for a in AREAS[len(ends):]]


def document_questions(store_path: Path, folder: Path) -> list[list[str]]:
    """The Challenge deck, every slide, on the newest figures and pinned to the oldest release (each at its
    newest 12 months, against its first complete baseline year), and the pack in both layouts."""
    from lib.store import Store
    from lib.views.crime import crime_dataset, crime_releases

    store, s = Store(store_path), str(store_path)
    if not store.has("crime_borough"):
        return [["challenge", "--store", s, "--to=2015-09", f"--output={folder / 'deck.html'}", "--format=html"]]
    out = []
    for r in (None, *crime_releases(store)[:1]):
        d = crime_dataset(store, r)
        fy = (d.financial_years or ("2011/12",))[0]
        out.append(["challenge", "--store", s, f"--to={d.ends[-1]}", f"--baseline={fy}", "--format=html",
                    f"--output={folder / 'deck.html'}", *([f"--release={r}"] if r else [])])
        if r is None:
            out += [["pack", "--store", s, "--borough=Enfield", f"--to={d.ends[-1]}", f"--layout={layout}",
                     "--format=html", f"--output={folder / 'pack.html'}"] for layout in ("snb", "indicators")]
    return out


def change_questions(store_path: Path) -> list[list[str]]:
    """unusual, target --forecast-to, drivers and revisions: every area, indicator and release (pinned and
    newest) at least once, each release's boundary months in full, every pair of releases that share months."""
    from lib.metrics.crime_series import INDICATOR_ORDER
    from lib.periods import add_months
    from lib.store import Store
    from lib.views.crime import crime_dataset, crime_releases
    from lib.views.forecast import MAX_HORIZON
    from lib.views.revisions import release_spans
    from lib.views.unusual import series_kind

    store, s = Store(store_path), str(store_path)
    if not store.has("crime_borough"):
        return [["drivers", "--store", s, "--borough=Enfield", "--indicator=MOPAC 7", "--to=2025-12"]]
    releases = list(crime_releases(store))
    data = {r: crime_dataset(store, r) for r in [None, *releases]}

    def pin(r):
        return [f"--release={r}"] if r else []

    out: list[list[str]] = []
    # unusual: each release's first and last month, pinned and newest (newest: every release's too), then
    # every indicator and published category and every area once; each asked within its own series' months
    areas, seen_areas, seen_ind = _cycle(AREAS), set(), set()

    # every series' first and last month, once a dataset
    spans = {id(d): d.series.astype({"month": str}).groupby(["indicator", "kind"])["month"].agg(["min", "max"])
             for d in data.values()}

    def span(d, ind: str) -> tuple[str, str]:  # the months of the series the view reads for this name
        first, last = spans[id(d)].loc[series_kind(d, ind)]
        return first, last

    for r, d in data.items():
        inds = _cycle(d.indicators)
        months = {d.months[0], d.months[-1]}
        if r is None:
            months |= {m for rr in releases for m in (data[rr].months[0], data[rr].months[-1])}
        for m in sorted(months):
            ind = next(i for i in inds if span(d, i)[0] <= m <= span(d, i)[1])
            area = next(areas)
            seen_areas.add(area)
            seen_ind.add(ind)
            out.append(["unusual", "--store", s, f"--borough={area}", f"--indicator={ind}", f"--from={m}",
                        f"--to={m}", *pin(r)])
    names = sorted(set(map(str, data[None].series["indicator"])))
    for ind in [i for i in names if i not in seen_ind]:
        area, last = next(areas), span(data[None], ind)[1]
        seen_areas.add(area)
        out.append(["unusual", "--store", s, f"--borough={area}", f"--indicator={ind}", f"--from={last}",
                    f"--to={last}"])
    newest = data[None].months[-1]
    out += [["unusual", "--store", s, f"--borough={a}", "--indicator=MOPAC 7", f"--from={newest}", f"--to={newest}"]
            for a in AREAS if a not in seen_areas]
    # target --forecast-to: every release at its newest month, forecast to that month (the nearest allowed); on
    # the newest figures also to the furthest month allowed (the default, the March after, is in test_analysis)
    for r, d in data.items():
        if not d.ends or not d.financial_years:
            continue
        to, fy = d.ends[-1], d.financial_years[0]
        reach = [to, add_months(to, MAX_HORIZON)] if r is None else [to]
        out += [["target", "--store", s, f"--baseline={fy}", f"--to={to}", *pin(r), f"--forecast-to={f}"]
                for f in reach]
    # drivers: each release's first and last month that closes 24 months, pinned and newest; every indicator
    # (and TNO) and every area once
    areas, seen_areas, inds = _cycle(AREAS), set(), [*INDICATOR_ORDER, "TNO"]
    asked: list[tuple[str | None, str]] = []
    for r, d in data.items():
        have = set(d.months)
        ends = [m for m in d.months if add_months(m, -23) in have]
        asked += [(r, m) for m in sorted({ends[0], ends[-1]})] if ends else []
        if r is not None and ends:
            asked += [(None, m) for m in sorted({ends[0], ends[-1]})]
    asked = list(dict.fromkeys(asked))
    newest_end = max(m for r, m in asked if r is None)
    for i in range(max(len(asked), len(inds), len(AREAS))):
        r, m = asked[i] if i < len(asked) else (None, newest_end)
        out.append(["drivers", "--store", s, f"--borough={AREAS[i % len(AREAS)]}", f"--indicator={inds[i % len(inds)]}",
                    f"--to={m}", *pin(r)])
    # revisions: the default pair, then every ordered pair of releases that share months; every area once
    spans = release_spans(store)
    rel = {str(x.release): (str(x.first_month), str(x.last_month)) for x in spans.itertuples(index=False)}
    pairs = [(a, b) for a in rel for b in rel if a != b and max(rel[a][0], rel[b][0]) <= min(rel[a][1], rel[b][1])]
    plan = [(None, None), *pairs]
    for i in range(max(len(plan), len(AREAS))):
        a, b = plan[i] if i < len(plan) else (None, None)
        out.append(["revisions", "--store", s, f"--borough={AREAS[i % len(AREAS)]}",
                    *([f"--from-release={a}", f"--to-release={b}"] if a else [])])
    return out


PARTS = {
    "crime": crime_questions,
    "change": change_questions,
    "survey": survey_questions,
    "stop_search": lambda p: stop_search_questions(p, every_range=False),
    "complaints": complaints_questions,
}


def questions(store_path: Path, every_range: bool = True, folder: Path | None = None) -> list[list[str]]:
    return [*crime_questions(store_path), *survey_questions(store_path),
            *stop_search_questions(store_path, every_range), *complaints_questions(store_path),
            *change_questions(store_path),
            *(document_questions(store_path, folder) if folder is not None else [])]


def sweep(store_path: Path, every_range: bool = True, folder: Path | None = None, part: str | None = None) -> Tally:
    """Ask every question of the plan (or of one ``part``: crime, change, survey, stop_search, complaints,
    documents)."""
    tally = Tally()
    with shared_steps():  # the plan reads the datasets the questions then read: once
        if part == "documents":
            plan = document_questions(store_path, folder or Path("."))
        elif part is not None:
            plan = PARTS[part](store_path)
        else:
            plan = questions(store_path, every_range, folder)
        for argv in plan:
            tally.outcomes.append(ask(argv))
    return tally


def report(tally: Tally) -> str:
    """The summary and each kind of failure with its count (while any written files still exist)."""
    kinds: dict[str, int] = {}
    for o in tally.failures:
        k = f"{o.argv[0]}: {o.problem()[:90]}"
        kinds[k] = kinds.get(k, 0) + 1
    return "\n".join([tally.summary(), *(f"{n:5d}  {k}" for k, n in sorted(kinds.items(), key=lambda kv: -kv[1]))])


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        print(report(sweep(Path(sys.argv[1]), every_range="--every-range" in sys.argv, folder=Path(tmp))))
