"""The search page: one box, the matches the user may open, a summary of the others."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .selectors import may_search, search
from .services import record_search


@require_safe
@login_required
def search_page(request):
    if not may_search(request.user):
        raise PermissionDenied
    text = request.GET.get("q", "")
    results = None
    if "q" in request.GET:
        results = search(request.user, text)
        record_search(request.user, results)
    return render(
        request,
        "search/results.html",
        {"text": text, "results": results},
        status=400 if results is not None and results.query.error else 200,
    )
