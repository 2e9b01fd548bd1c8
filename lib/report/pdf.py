"""A :class:`~lib.report.model.Document` as PDF bytes, printed by WeasyPrint from :func:`to_html`.

WeasyPrint lays out the same HTML with its CSS paged-media support: A4 or 1920x1080 pages, the
notice and titles in the page margins, "Page N of M", and the contents' page numbers
(``target-counter``). It fetches nothing: the HTML is self-contained and the URL fetcher refuses
every request but a ``data:`` URL (the charts, inline PNG), so a stray link can never reach the network
while a document is printed.
"""

from __future__ import annotations

import re
from functools import cache

from lib.report.html import section_id, to_html
from lib.report.model import Document


class SlideOverflow(ValueError):
    """A slide's content ran over one page (the deck promises one slide a page)."""


class FetchRefused(ValueError):
    """A document asked for an external resource while being printed (documents are self-contained)."""


def _fetcher():  # -> weasyprint.urls.URLFetcher
    """WeasyPrint's fetcher for ``data:`` URLs only (the document's own PNG charts, decoded in memory);
    any other URL stops the printing with :class:`FetchRefused` as the cause."""
    from weasyprint.urls import URLFetcher

    class DataOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith("data:"):
                raise FetchRefused(f"documents are self-contained; refused to fetch {url[:80]}")
            return super().fetch(url, headers)

    return DataOnly(allowed_protocols=["data"], allow_redirects=False, fail_on_errors=True)


# WeasyPrint's user-agent stylesheet gives EVERY element six pseudo-elements (::marker, ::footnote-call,
# ::footnote-marker, ::note-call, ::note-marker, ::note-callback), each a computed style: 6 x ~1,500 per
# one-pager pack, about a tenth of the printing. Our documents have no footnotes or notes, and markers
# only on list items: the same stylesheet with those rules scoped to where they can apply prints the
# same pages.
_UNUSED_PSEUDO = re.compile(r"^::(footnote|note)-[a-z]+ \{[^}]*\}\n", re.M)


@cache  # a static stylesheet built once per process, as html.stylesheet reads its files once
def _html_class():  # -> a weasyprint.HTML subclass
    """weasyprint.HTML with the user-agent stylesheet trimmed as above (plain HTML if a WeasyPrint release
    no longer has the hook)."""
    import weasyprint
    from weasyprint.html import UA, UA_COUNTER_STYLE

    if not hasattr(weasyprint.HTML, "_ua_stylesheets"):
        return weasyprint.HTML
    sheet = weasyprint.CSS(string=_UNUSED_PSEUDO.sub("", UA.replace("\n::marker {", "\nli::marker {")),
                           counter_style=UA_COUNTER_STYLE)

    class HTML(weasyprint.HTML):
        def _ua_stylesheets(self, forms=False):
            return [sheet, *super()._ua_stylesheets(forms)[1:]]

    return HTML


def _render(markup: str):  # -> weasyprint.document.Document
    # weasyprint is imported in _html_class: ~1 s to import, and only printing needs it
    return _html_class()(string=markup, url_fetcher=_fetcher()).render()


def html_to_pdf(markup: str) -> bytes:
    """PDF bytes from self-contained HTML (no base URL, no fetching)."""
    return _render(markup).write_pdf()


def overflowing_slides(doc: Document, pages: list) -> list[str]:
    """Titles of the slides that run over one page: a page on which no slide starts belongs to the
    slide before it (each slide's heading id is an anchor on the page the slide starts on)."""
    starts = {f"{section_id(s, i)}-title": s.title for i, s in enumerate(doc.sections, start=1)}
    over: list[str] = []
    current = None
    for page in pages:
        started = [starts[a] for a in page.anchors if a in starts]
        if started:
            current = started[-1]
        elif current is not None and current not in over:
            over.append(current)
    return over


def to_pdf(doc: Document, *, one_page_per_slide: bool = True) -> bytes:
    """The document as PDF bytes: A4 portrait pages for the report layout, 16:9 pages for slides.

    Slides: raises :class:`SlideOverflow` naming the slides whose content ran over one page, unless
    ``one_page_per_slide`` is False (then an overflowing slide simply continues on a second page)."""
    # The A4 report prints its charts as PNG (numbers are in the tables beside them); the deck keeps
    # vector charts, whose text the slides' readers may search.
    rendered = _render(to_html(doc, charts="png" if doc.layout == "report" else "svg"))
    if doc.layout == "slides" and one_page_per_slide:
        over = overflowing_slides(doc, rendered.pages)
        if over:
            raise SlideOverflow(f"{len(over)} slide(s) run over one page: {'; '.join(over)}")
    return rendered.write_pdf()


FORMATS = ("html", "pdf")


def render(doc: Document, fmt: str) -> bytes:
    """The document as the bytes of a file in ``fmt`` ("html": UTF-8 HTML; "pdf"), for a command's
    ``--format`` or a download button."""
    if fmt == "html":
        return to_html(doc).encode("utf-8")
    if fmt == "pdf":
        return to_pdf(doc)
    raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
