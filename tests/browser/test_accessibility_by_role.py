"""Every page each role reaches by following links meets WCAG 2.1 AA (axe-core).

A hand-kept list of URLs misses the page that was added last; this walks the
site as each role would, from the start page, following every same-site link
(one page per URL shape, so a queue of 50 reports costs one check), and runs axe
on each page it reaches. GET links only: following them must change nothing.
"""

import re
from urllib.parse import urldefrag, urlsplit

import pytest

from likvard.organisation.models import Role, User

from .conftest import sign_in
from .test_accessibility import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

#: Links that are not pages to check: signing out, files (CSV, a case's documents), the
#: JSON API itself, the admin.
SKIP = re.compile(r"^/(logga-ut|admin|static|dokument)/|\.csv(\?|$)|^/api/(?!docs/$)")
#: The system admin's walk goes through the admin too (but not out of it or into a delete).
ADMIN_SKIP = re.compile(
    r"^/(logga-ut|static|dokument)/|^/admin/logout/|/delete/|\.csv(\?|$)|^/api/(?!docs/$)"
)
#: Pages per role at most, so a link-rich page cannot make the walk endless.
MAX_PAGES = 60


def shape(path: str) -> str:
    """The URL with its ids and query values blanked: one check per kind of page."""
    url = urlsplit(path)
    query = "&".join(sorted(part.split("=")[0] for part in url.query.split("&") if part))
    return re.sub(r"\d+", "N", url.path) + ("?" + query if query else "")


def no_axe_violations(page, path: str) -> None:
    violations = axe_violations(page)
    assert violations == [], (path, violations)


def walk(
    page, base: str, start: str, skip: re.Pattern = SKIP, check=no_axe_violations
) -> list[str]:
    """Breadth-first over same-site links from `start`, running `check` on each page;
    the paths visited, in order."""
    seen, visited, todo = {shape(start)}, [], [start]
    while todo and len(visited) < MAX_PAGES:
        path = todo.pop(0)
        response = page.goto(base + path)
        assert response is not None and response.status < 400, (path, response and response.status)
        visited.append(path)
        check(page, path)
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        for href in hrefs:
            href = urldefrag(href)[0]
            if not href.startswith(base):
                continue
            target = href[len(base) :] or "/"
            if skip.search(target) or shape(target) in seen:
                continue
            seen.add(shape(target))
            todo.append(target)
    return visited


@pytest.mark.parametrize(
    "role",
    [Role.INTAKE_WORKER, Role.INVESTIGATOR, Role.SUPERVISOR, Role.INSPECTOR, Role.ANALYST],
)
def test_every_page_a_role_reaches_has_no_wcag_aa_violations(
    audit_page, live_server, municipality, role
):
    sign_in(audit_page, live_server, municipality[role].username)
    visited = walk(audit_page, live_server.url, "/arenden/")
    # The walk went beyond the start page: the menu's pages were checked too.
    assert len(visited) > 1, visited
    assert any(path.startswith("/api/docs/") for path in visited), visited
    if role != Role.ANALYST:  # the search is a form, not a link: its answers checked here
        for text in ("Testsson", "20150916 0014", "20150916-0015"):
            audit_page.goto(f"{live_server.url}/sok/?q={text}")
            assert axe_violations(audit_page) == [], text


def test_every_page_the_system_admin_reaches_has_no_wcag_aa_violations(
    audit_page, live_server, municipality
):
    """The demo's `admin`: a superuser with the system admin's role, in the admin."""
    User.objects.create_superuser("admin.walk", password="pw", role=Role.SYSTEM_ADMIN)
    sign_in(audit_page, live_server, "admin.walk")
    visited = walk(audit_page, live_server.url, "/admin/", skip=ADMIN_SKIP)
    assert any(path.startswith("/admin/organisation/user/") for path in visited), visited
