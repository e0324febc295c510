"""Where each role starts: after sign-in and on "/".

One mapping, role to page, so a role gets the page its work begins on (an
inspector has no cases of their own; a supervisor starts with the team). A role
not listed starts on "Mina ärenden".
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect

from likvard.organisation.models import Role

#: The URL name of each role's start page.
START_PAGES = {
    Role.SUPERVISOR: "casework:team",
    Role.INSPECTOR: "quality:dashboard",
    Role.ANALYST: "quality:dashboard",
}
DEFAULT_START_PAGE = "casework:queue"


def start_page(role: str) -> str:
    return START_PAGES.get(role, DEFAULT_START_PAGE)


@login_required
def start(request):
    return redirect(start_page(request.user.role))
