"""The borough pack as a printed document: :func:`pack_document` turns a :class:`lib.views.pack.PackView`
into a :class:`lib.report.Document` for the ``snb`` or ``indicators`` layout (formatting only)."""

from lib.pack.document import pack_document

__all__ = ["pack_document"]
