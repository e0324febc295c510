"""What every API view set shares: the base class, reading a body, one row, choice filters.

The apps' APIs (`casework/api/`, and each new app's `api.py`) build on these; the
router in `likvard/api/urls.py` routes them all. Errors, pagination, versions,
permissions and the schema's pieces are the other modules of this package.
"""

from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import viewsets
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from likvard.core.errors import InvalidInput, NotFound
from likvard.core.validation import MAX_ID

from . import versions
from .errors import error_body
from .metadata import SchemaMetadata
from .pagination import KeysetPagination
from .permissions import CASEWORK_PERMISSIONS


def one(queryset, pk):
    """The row with this id in a scoped queryset; NotFound when it is absent or out of scope."""
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise NotFound()
    return obj


def valid_body(input_class, request):
    """The validated body; a step that declares `version` requires it (api/versions.py)."""
    if versions.declares_version(input_class):
        return versions.validated(input_class, request)
    serializer = input_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer


def versioned(data, version: int) -> Response:
    """A detail answer with the case's version as ETag, for a later If-Match."""
    return Response(data, headers={"ETag": versions.etag(version)})


def choice_filter(queryset, request, name: str, choices):
    """Filter on a choice given as a query parameter; refuse a value not among the choices."""
    value = request.query_params.get(name)
    if not value:
        return queryset
    if value not in choices.values:
        raise InvalidInput(_("Ogiltigt val."), code="invalid_choice", field=name)
    return queryset.filter(**{name: value})


def id_filter(queryset, request, name: str):
    """Filter on a related row's id given as a query parameter (`?report=12`)."""
    value = request.query_params.get(name)
    if not value:
        return queryset
    if not value.isdigit() or not 1 <= int(value) <= MAX_ID:
        raise InvalidInput(_("Ange ett id (ett positivt heltal)."), code="invalid", field=name)
    return queryset.filter(**{f"{name}_id": int(value)})


def choice_parameter(name: str, choices) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.STR, enum=list(choices.values))


class CaseworkViewSet(viewsets.GenericViewSet):
    """JSON in, JSON out, integer ids; case-reading staff only, writes by caseworkers."""

    permission_classes = CASEWORK_PERMISSIONS
    pagination_class = KeysetPagination
    renderer_classes = [JSONRenderer]
    parser_classes = [JSONParser]
    metadata_class = SchemaMetadata
    lookup_value_converter = "int"
    #: The model whose id a detail route's `pk` names (likvard.core.cases): a 404 for
    #: it is logged as a possible guess at another district's case.
    case_model = None


def unknown_path(request, *args, **kwargs):
    """Any other path under /api/: a JSON 404 like every other refusal."""
    return JsonResponse(error_body(NotFound.code, NotFound().message), status=404)
