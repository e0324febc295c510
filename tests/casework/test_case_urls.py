"""`{% case_url %}` gives what `{% url %}` gives, under any script prefix."""

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix

from likvard.casework.templatetags.case_urls import case_url


@pytest.mark.parametrize("name", ["casework:child", "casework:investigation", "casework:report"])
@pytest.mark.parametrize("pk", [1, 42, 2**31 - 1])
def test_the_url_is_djangos(name, pk):
    assert case_url(name, pk) == reverse(name, args=[pk])


def test_the_script_prefix_is_kept():
    try:
        set_script_prefix("/likvard/")
        assert case_url("casework:child", 7) == "/likvard/barn/7/"
    finally:
        clear_script_prefix()
    assert case_url("casework:child", 7) == "/barn/7/"


def test_the_tag_in_a_template():
    html = Template("{% load case_urls %}{% case_url 'casework:investigation' pk %}").render(
        Context({"pk": 5})
    )
    assert html == reverse("casework:investigation", args=[5])


def test_a_url_without_one_id_is_refused():
    with pytest.raises(NoReverseMatch):
        case_url("casework:queue", 1)
