"""The Challenge deck: one typed slide per question the MOPAC Challenge room asks (issue 11).

Every figure comes from another view (here ``lib.views.crime.tracker_view``); this module only picks
and words them. No arithmetic of its own.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lib.views.crime import TrackerView

SLIDE_NAMES: tuple[str, ...] = ("target", "ranked")


@dataclass(frozen=True)
class TargetSlide:
    """Slide 1: London MOPAC 7 against the target."""

    title: str
    sentence: str
    london_text: str
    meeting_text: str
    revision_text: str
    trajectory: pd.DataFrame
    table: pd.DataFrame


@dataclass(frozen=True)
class RankedSlide:
    """Slide 2: all 32 boroughs ranked on their reduction, short of target marked by word and symbol."""

    title: str
    sentence: str
    table: pd.DataFrame  # Rank, Borough, Reduction, Status


@dataclass(frozen=True)
class Deck:
    slides: tuple[TargetSlide | RankedSlide, ...]
    names: tuple[str, ...]


def target_slide(tv: TrackerView) -> TargetSlide:
    s = tv.summary
    sentence = (f"MOPAC 7 crimes in London in the 12 months to {tv.to} compared with {tv.baseline_words}, "
                f"figures {tv.release_words}: {s.meeting} of the {s.total} boroughs have cut them by "
                f"{tv.reduction:.0f}% or more.")
    table = pd.DataFrame({"Measure": ["London change since the baseline", "Boroughs at or beyond the target",
                                      "Revision since first published"],
                          "Value": [tv.london_text, tv.meeting_text, tv.revision_text]})
    return TargetSlide(title=f"London MOPAC 7 against the {tv.reduction:.0f}% target", sentence=sentence,
                       london_text=tv.london_text, meeting_text=tv.meeting_text, revision_text=tv.revision_text,
                       trajectory=tv.trajectory, table=table)


def ranked_slide(tv: TrackerView) -> RankedSlide:
    b = tv.boroughs.sort_values("rank")
    table = pd.DataFrame({"Rank": b["rank"].astype(int).to_numpy(), "Borough": b["area_name"].to_numpy(),
                          "Reduction": [f"{v:+.1f}%" for v in b["pct_change"]],
                          "Status": b["status"].to_numpy()})
    sentence = (f"Each borough's change in MOPAC 7 crimes, 12 months to {tv.to} against {tv.baseline_words}; "
                f"the target is a {tv.reduction:.0f}% cut. {tv.meeting_text} meet it.")
    return RankedSlide(title="All 32 boroughs ranked on their reduction", sentence=sentence, table=table)


def pick(raw: str | None) -> tuple[int, ...]:
    """Slide numbers (1-based) from ``?slides=1,2`` or names; all slides when empty or unreadable."""
    out: list[int] = []
    for part in (raw or "").split(","):
        p = part.strip().lower()
        if p.isdigit() and 1 <= int(p) <= len(SLIDE_NAMES):
            out.append(int(p))
        elif p in SLIDE_NAMES:
            out.append(SLIDE_NAMES.index(p) + 1)
    return tuple(out) or tuple(range(1, len(SLIDE_NAMES) + 1))


def challenge_deck(tv: TrackerView, slides: tuple[int, ...] = (1, 2)) -> Deck:
    """The deck in the order asked (slide numbers as in issue 11)."""
    makers = {1: target_slide, 2: ranked_slide}
    chosen = tuple(n for n in slides if n in makers)
    return Deck(slides=tuple(makers[n](tv) for n in chosen), names=tuple(SLIDE_NAMES[n - 1] for n in chosen))


__all__ = ["Deck", "RankedSlide", "SLIDE_NAMES", "TargetSlide", "challenge_deck", "pick", "ranked_slide",
           "target_slide"]
