"""Lists a page at a time by position (a cursor), never by counting.

Ten years of a district is ~60,000 reports. Numbered pages (`?offset=`) made
every list count every visible row and skip the rows before the page: 0.5–3 s
per page on PostgreSQL for a district role, and the count grows with history.
A cursor remembers where the last page ended, so each page is an index range
scan of `limit` rows, as fast on the thousandth page as on the first, and a
report registered meanwhile does not shift the pages a client is reading.
Each list names its order (`list_ordering` on the view); an index serves it.
docs/adr/0005-lists-by-cursor.md explains the trade-off (no total count).
"""

from django.core.exceptions import ValidationError
from django.db import DataError
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound as DrfNotFound
from rest_framework.pagination import CursorPagination

from likvard.core.errors import InvalidInput


class KeysetPagination(CursorPagination):
    """?cursor=&limit=; 50 rows a page by default, at most 500."""

    page_size_query_param = "limit"
    max_page_size = 500

    def get_ordering(self, request, queryset, view):
        return view.list_ordering

    def paginate_queryset(self, queryset, request, view=None):
        """A cursor the client changed or made up is bad input (400), not a missing
        page or a server error: its position must also fit the ordering's field
        (PostgreSQL refuses a NUL in text as DataError, outside any transaction here)."""
        try:
            return super().paginate_queryset(queryset, request, view)
        except (DrfNotFound, ValidationError, ValueError, OverflowError, DataError) as exc:
            raise InvalidInput(
                _("Ogiltig markör för sidan. Använd länken i next eller previous."),
                code="invalid_cursor",
                field="cursor",
            ) from exc
