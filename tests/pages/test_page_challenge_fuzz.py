"""URL fuzz of the Challenge deck: ``slide``, ``slides``, ``neighbourhood``, ``compare`` and ``borough``.

No value may raise (Streamlit's error page), and no value may come back as Markdown: a link, an image,
emphasis or HTML typed into the URL is shown as inert text (every mark escaped), never rendered. One
AppTest on the demonstration store, run again per value (the URL wins over the widgets' state).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

PAGE = str(ROOT / "pages" / "7_Challenge.py")
KEYS = ("slide", "slides", "neighbourhood", "compare", "borough")
INJECTIONS = [
    "[Re-verify here](https://evil.example/login)",
    "![x](https://evil.example/pixel.png)",
    "**All figures on this site are false.**",
    "<img src=x onerror=alert(1)>",
    "<a href='https://evil.example'>official</a>",
    ":red[All figures are false]",
    "www.evil.example",
]
GARBAGE = ["", " ", "²", "999999999999", "0", "-1", "9", "1.5", "٣", "9" * 10_000, "1,x", "NaN", "inf",
           "Ｅｎｆｉｅｌｄ", "City of London", "%00%ff", *INJECTIONS]


def _texts(at: AppTest) -> list[str]:
    """Every Markdown source the page handed to the browser: markdown, headers, notices, captions, metrics."""
    out = [str(e.value) for group in (at.markdown, at.warning, at.info, at.error, at.caption, at.header,
                                      at.subheader) for e in group]
    return out + [f"{m.label} {m.value}" for m in at.metric]


@pytest.fixture
def deck(demo_store: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("POLICING_STORE", str(demo_store))
    monkeypatch.setenv("POLICING_BASEMAP", "none")
    at = AppTest.from_file(PAGE, default_timeout=180)
    at.query_params["baseline"] = "2018/19"
    return at


def test_every_parameter_survives_garbage_and_stays_inert(deck: AppTest) -> None:
    for value in GARBAGE:
        for k in KEYS:
            deck.query_params[k] = value
        deck.run()
        assert not deck.exception, (value[:40], deck.exception)
        shown = "\n".join(_texts(deck))
        for raw in INJECTIONS:  # the raw Markdown/HTML never reaches a Markdown element
            assert raw not in shown, (value[:40], raw)
        # what is left of them is escaped: no unescaped tag, no bare link to the injected host
        assert re.search(r"(?<!\\)<(img|a )", shown) is None and "evil.example" not in shown, value[:40]
        assert str(deck.query_params["slide"]).strip("[]'") in {str(n) for n in range(1, 9)}


@pytest.mark.parametrize("raw", ["²", "999999999999", "0"])
def test_a_slide_that_is_not_in_the_deck_says_so_and_shows_slide_one(deck: AppTest, raw: str) -> None:
    deck.query_params["slide"] = raw
    deck.run()
    assert not deck.exception
    assert any("This link's slide isn't available" in w.value and "a whole number from 1 to 8" in w.value
               for w in deck.warning)
    assert str(deck.query_params["slide"]).strip("[]'") == "1"


def test_the_injected_neighbourhood_is_refused_as_text_and_slide_five_drawn(deck: AppTest) -> None:
    deck.query_params.update({"slide": "5", "neighbourhood": INJECTIONS[0]})
    deck.run()
    assert not deck.exception
    notice = next(w.value for w in deck.warning if "neighbourhood isn't available" in w.value)
    assert "'\\[Re-verify here\\]\\(https\\://evil\\.example/lo…'" in notice  # escaped and shortened
    assert "Showing the pair with the largest gap instead" in notice
    assert [h.value for h in deck.header] == ["The neighbourhood gap"]
    assert any(m.label.startswith("A: ") for m in deck.metric)  # the default pair is drawn


def test_a_bad_slides_list_says_so_and_shows_every_slide(deck: AppTest) -> None:
    deck.query_params.update({"slides": "ranked,99", "slide": "7"})
    deck.run()
    assert not deck.exception
    assert any("This link's slides isn't available" in w.value for w in deck.warning)
    assert str(deck.query_params["slides"]).strip("[]'") == "1,2,3,4,5,6,7,8"
    assert any("Slide 7 of 8" in m.value for m in deck.markdown)
