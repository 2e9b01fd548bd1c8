"""A :class:`~lib.report.model.Document` as PDF bytes, printed by WeasyPrint from :func:`to_html`.

WeasyPrint lays out the same HTML with its CSS paged-media support: A4 or 1920x1080 pages, the
notice and titles in the page margins, "Page N of M", and the contents' page numbers
(``target-counter``). It fetches nothing: the URL fetcher serves the document's own PNG charts from
memory (or a ``data:`` URL) and refuses every other request, so a stray link can never reach the network
while a document is printed.
"""

from __future__ import annotations

from functools import cache

from lib.report.html import section_id, stylesheet, to_html
from lib.report.model import Document


class SlideOverflow(ValueError):
    """A slide's content ran over one page (the deck promises one slide a page)."""


class FetchRefused(ValueError):
    """A document asked for an external resource while being printed (documents are self-contained)."""


def _fetcher(images: dict[str, bytes] | None = None):  # -> weasyprint.urls.URLFetcher
    """WeasyPrint's fetcher for the document's own PNG charts only: those :func:`to_html` named in
    ``images`` (bytes in memory), or ``data:`` URLs; any other URL stops the printing with
    :class:`FetchRefused` as the cause."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class DataOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if images is not None and url in images:
                return URLFetcherResponse(url, images[url], {"Content-Type": "image/png"})
            if not url.startswith("data:"):
                raise FetchRefused(f"documents are self-contained; refused to fetch {url[:80]}")
            return super().fetch(url, headers)

    return DataOnly(allowed_protocols=["data"], allow_redirects=False, fail_on_errors=True)


@cache  # static files parsed once per process (~0.1 s a document)
def _stylesheet(layout: str):  # -> weasyprint.CSS
    """The layout's stylesheet (:func:`lib.report.html.stylesheet`) parsed by WeasyPrint. Passed to
    ``render`` as a user stylesheet: with no author sheet in the document it cascades over the user-agent
    rules exactly as the ``<style>`` element would (it has no @font-face or @counter-style rules, the
    only ones that need a document's font or counter configuration)."""
    import weasyprint

    return weasyprint.CSS(string=stylesheet(layout))


def _render(markup: str, images: dict[str, bytes] | None = None, layout: str | None = None):
    """WeasyPrint's rendering (a weasyprint.document.Document) of ``markup``: self-contained, or made by
    :func:`to_html` with ``images`` and, when ``layout`` is given, without its ``<style>``."""
    import weasyprint  # ~1 s to import, and only printing needs it

    html = weasyprint.HTML(string=markup, url_fetcher=_fetcher(images))
    return html.render(stylesheets=[_stylesheet(layout)] if layout else None)


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
    images: dict[str, bytes] = {}
    markup = to_html(doc, charts="png" if doc.layout == "report" else "svg", images=images, style=False)
    rendered = _render(markup, images, doc.layout)
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
