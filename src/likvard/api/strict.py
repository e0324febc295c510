"""A request body that refuses fields it does not know (every app's API inputs build on it).

A field left out of a body is never silently dropped: a misspelt field is an error,
and a `district` is refused outright because the district is always the caller's own.
"""

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail

#: Fields a client may never set: the district follows from who is calling.
REFUSED_FIELDS = {
    "district": "district_not_allowed",
    "district_id": "district_not_allowed",
}


def _refused_first(name: str):
    return (name not in REFUSED_FIELDS, name)


class StrictSerializer(serializers.Serializer):
    """A request body that refuses fields it does not know."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            unknown = sorted(set(data) - set(self.fields), key=_refused_first)
            if unknown:
                raise serializers.ValidationError({name: [self._refusal(name)] for name in unknown})
        return super().to_internal_value(data)

    @staticmethod
    def _refusal(name: str) -> ErrorDetail:
        if name in REFUSED_FIELDS:
            return ErrorDetail(
                _(
                    "Stadsdelsområdet kan inte anges: anmälan registreras alltid i ditt "
                    "eget stadsdelsområde."
                ),
                code=REFUSED_FIELDS[name],
            )
        return ErrorDetail(_("Okänt fält."), code="unknown_field")


class IdRefSerializer(serializers.Serializer):
    """A related row named by its id, as `{"id": 12}` like every reference in the API."""

    id = serializers.SerializerMethodField()

    def __init__(self, *args, id_field: str, **kwargs):
        self.id_field = id_field
        super().__init__(*args, **kwargs)

    def get_id(self, obj) -> int:
        return getattr(obj, self.id_field)
