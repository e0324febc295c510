"""Case kinds are declared once (likvard.core.cases) and every id in a URL names one.

A page or API view whose URL carries a `pk` must say which model that id names; a
model so named must declare its kind. Then a guessed id on any of them is logged in
the owning district (access.denials), and the permission matrices
(tests/test_permission_matrix.py) visit it as every role.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from rest_framework.test import APIClient

from likvard.access.models import AuditEntry
from likvard.api.urls import router
from likvard.core.cases import case_kinds, kind_of
from tests import factories
from tests.api.helpers import build_case

pytestmark = pytest.mark.django_db


def _patterns_with_an_id(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue  # the admin's ids name configuration rows, under its own permissions
            yield from _patterns_with_an_id(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and "pk" in entry.pattern.converters:
            yield prefix + str(entry.pattern), entry.callback


def _declaring(view):
    """Where a view declares what its `pk` names: an API view set on its class."""
    return getattr(view, "cls", view)


def test_every_url_with_an_id_names_a_declared_case_model_or_says_it_names_none():
    checked = 0
    for route, view in _patterns_with_an_id(get_resolver().url_patterns):
        owner = _declaring(view)
        assert hasattr(owner, "case_model"), f"{route}: says not what its id names (@serves)"
        model = owner.case_model
        checked += 1
        if model is not None:
            assert kind_of(model) is not None, f"{route}: {model.__name__} declares no case_kind"
    assert checked > 20  # the walk found the caseworker's pages and the API's detail routes


def test_every_routed_api_view_set_names_a_case_model():
    for prefix, viewset, _basename in router.registry:
        assert kind_of(viewset.case_model) is not None, prefix


def test_each_kind_s_paths_reach_a_child_and_a_district(intake_a):
    case = build_case(intake_a, factories.CHILD_NUMBERS[0])
    for name, kind in case_kinds().items():
        assert hasattr(kind.model.objects, "visible_to"), name  # its reads are scoped
        paths = [kind.child_path] + ([kind.district_path] if kind.district_path else [])
        rows = set(kind.model.objects.values_list(*paths))
        expected = (case.child.pk, intake_a.district_id)[: len(paths)]
        assert rows == {expected}, name


def test_a_guessed_id_of_every_kind_with_an_api_detail_is_logged_in_its_district(
    intake_a, intake_b
):
    other = build_case(intake_b, factories.CHILD_NUMBERS[1])
    api = APIClient()
    api.force_authenticate(intake_a)
    detail_routes = {
        kind_of(viewset.case_model).name: prefix
        for prefix, viewset, _basename in router.registry
        if hasattr(viewset, "retrieve")
    }
    assert {"report", "child", "decision", "investigation"} <= set(detail_routes)
    for name, prefix in detail_routes.items():
        target = getattr(other, name)
        before = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
        assert api.get(f"/api/{prefix}/{target.pk}/").status_code == 404, name
        entry = AuditEntry.objects.get(action=AuditEntry.Action.DENIED, id__gt=before)
        assert (entry.child_id, entry.district_id) == (other.child.pk, intake_b.district_id), name
        assert (entry.actor_id, entry.object_id) == (intake_a.pk, target.pk), name
