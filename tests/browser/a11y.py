"""Accessibility checks: axe-core (WCAG 2.0/2.1 A and AA rules) in headless chromium.

Each page's browser module runs :func:`assert_accessible` on a page it has already loaded at 1920 px
(no page is loaded for axe alone): Crime, Confidence, the comparator, Stop and search and the Challenge
deck on the real store, Complaints on the demonstration store (it has no real extract), Home and About
in tests/browser/test_shell.py. It fails on any serious or critical finding and prints every finding
(rule, impact, how many elements, an example) so the report shows them.

axe-core 4.14.1 is vendored in tests/browser/vendor (see its README).
"""

from __future__ import annotations

from pathlib import Path

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# A rule drawn at a constant (a target line) has no field for Vega to describe: give it a mark
# ``description`` (svg-img-alt), as the crime tracker's target line has.

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


def assert_accessible(page, name: str) -> None:
    """No serious or critical axe finding on ``page`` as it is now; every finding printed (-s, or a failing run)."""
    findings = axe_findings(page)
    for f in findings:
        print(f"axe {name}: {f['impact']} {f['id']} x{f['count']}: {f['help']} -- {f['example'][:300]}")
    serious = sorted({f["id"] for f in findings if f["impact"] in ("serious", "critical")})
    assert not serious, f"serious or critical accessibility findings on {name}: {serious}"
