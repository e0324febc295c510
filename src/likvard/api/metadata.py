"""What OPTIONS answers: the resource's name, formats and where its bodies are described.

DRF's default metadata describes a POST body by instantiating the view's
`serializer_class`; these viewsets have none (each action validates its own
input serializer), so OPTIONS on every write endpoint was a 500. The request
bodies are described once, in the OpenAPI schema, and OPTIONS points there
instead of describing them a second time. It looks nothing up, so the answer is
the same whether or not the id exists or is the caller's: it reveals nothing.
"""

from django.urls import reverse
from rest_framework.metadata import BaseMetadata


class SchemaMetadata(BaseMetadata):
    def determine_metadata(self, request, view) -> dict:
        return {
            "name": view.get_view_name(),
            "description": view.get_view_description(),
            "renders": [renderer.media_type for renderer in view.renderer_classes],
            "parses": [parser.media_type for parser in view.parser_classes],
            "schema": reverse("api-schema"),
        }
