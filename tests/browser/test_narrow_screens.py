"""Every page each role reaches fits a phone: no horizontal scroll at 390 and 360 px.

The same walk as the accessibility check (every same-site link from the start
page, one page per URL shape); on each page the document must be no wider than
the window. A wide table scrolls inside its own labelled container instead.
"""

import pytest

from likvard.organisation.models import Role

from .conftest import sign_in
from .test_accessibility_by_role import walk

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (390, 360)


def fits(page, path: str) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        scroll, window = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll <= window, (path, width, scroll)


@pytest.mark.parametrize(
    "role",
    [Role.INTAKE_WORKER, Role.INVESTIGATOR, Role.SUPERVISOR, Role.INSPECTOR, Role.ANALYST],
)
def test_no_page_a_role_reaches_scrolls_sideways_on_a_phone(page, live_server, municipality, role):
    page.set_viewport_size({"width": 390, "height": 800})
    sign_in(page, live_server, municipality[role].username)
    fits(page, "sign-in")
    visited = walk(page, live_server.url, "/", check=fits)
    assert len(visited) > 1, visited


def test_the_sign_in_page_fits_a_phone(page, live_server):
    page.goto(f"{live_server.url}/logga-in/")
    fits(page, "/logga-in/")
