"""The RAG rule: green beats target and London, red is up and worse than London, amber between."""

from __future__ import annotations

import pandas as pd

from lib.metrics.rag import AMBER, GREEN, RED, rag, rag_rule, rag_series


def test_green_needs_both_target_and_london():
    assert rag(-10.0, -5.0) == GREEN
    assert rag(-10.0, -12.0) == AMBER  # a reduction, but London did better
    assert rag(-3.0, -5.0, target_pct=-5.0) == AMBER  # beat London? no; beat target? no
    assert rag(-6.0, -5.0, target_pct=-5.0) == GREEN


def test_red_needs_increase_and_worse_than_london():
    assert rag(8.9, -8.0) == RED  # Enfield robbery 2014/15 beside the MPS (seed 000)
    assert rag(5.0, 9.0) == AMBER  # up, but less than London
    assert rag(0.0, -1.0) == AMBER  # no change is not an increase


def test_not_rated_when_change_missing_and_london_missing_uses_target_only():
    assert rag(None, 3.0) is None
    assert rag(float("nan"), 3.0) is None
    assert rag(-1.0, None) == GREEN
    assert rag(2.0, float("nan")) == RED


def test_rag_series_and_rule_in_words():
    s = rag_series(pd.Series([-11.8, 8.9, None]), pd.Series([-9.8, -8.0, 1.0]))
    assert list(s) == [GREEN, RED, None]
    words = rag_rule()
    assert "Green" in words and "Red" in words and "Amber" in words and "London" in words
    assert "5%" in rag_rule(-5)


def test_no_london_change_rates_against_the_target_alone():
    """London itself: no London change beside it (None), so only the target rates it."""
    s = rag_series(pd.Series([-10.4, 3.0, 0.0, None]), None)
    assert list(s) == [GREEN, RED, AMBER, None]
    assert list(rag_series(pd.Series([-3.0, -6.0]), None, target_pct=-5.0)) == [AMBER, GREEN]
    words = rag_rule(london=True)
    assert "target alone" in words and "cannot be compared with itself" in words and "better change" not in words
