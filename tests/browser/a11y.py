"""Accessibility checks: axe-core (WCAG 2.0/2.1 A and AA rules) in headless chromium.

The test is in tests/browser/test_shell.py, so that it reads the same demonstration pages the shell's
tests have already loaded (one load a page, one xdist worker).

axe-core 4.14.1 is vendored in tests/browser/vendor (see its README). It runs on each page of the
demonstration store at 1920 px, as first drawn; the test fails on any serious or critical finding
and prints every finding (rule, impact, how many elements, an example) so the report shows them.
"""

from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
A11Y_PAGES = ["", "Crime", "Confidence", "Neighbourhood_comparator", "Stop_and_search", "Complaints", "About_the_data",
              "Challenge"]
# Known failures (none today); strict, so a fix turns them red. A rule drawn at a constant (a target line)
# has no field for Vega to describe: give it a mark ``description`` (svg-img-alt).
KNOWN: dict[str, str] = {}

RUN_AXE = """async (tags) => {
    const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
    return r.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
        example: v.nodes[0] ? v.nodes[0].target.join(' ') + ' :: ' + v.nodes[0].failureSummary : '',
    }));
}"""


def axe_findings(page) -> list[dict]:
    """axe-core's WCAG 2 A/AA violations on the page as it is now."""
    if not page.evaluate("() => typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(RUN_AXE, TAGS)
