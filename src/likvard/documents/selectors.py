"""Scoped reads of documents: each a fixed number of queries."""

from likvard.core.errors import NotFound

from .models import Document


def documents(user):
    return Document.objects.visible_to(user).select_related("filed_by")


def _in_order(queryset) -> list[Document]:
    return list(queryset.order_by("filed_at", "id"))


def documents_for_report(user, report) -> list[Document]:
    return _in_order(documents(user).filter(report=report))


def documents_for_child(user, child) -> list[Document]:
    return _in_order(documents(user).filter(child=child))


def visible_document(user, pk) -> Document:
    document = documents(user).filter(pk=pk).first()
    if document is None:
        raise NotFound()
    return document
