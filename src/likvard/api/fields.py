"""Serializer fields the apps' APIs share."""

from rest_framework import serializers


class ChoiceLabel(serializers.CharField):
    """The Swedish label of a stored choice, looked up in the choices.

    DRF would call `get_<field>_display` on every row and inspect its signature each
    time; a lookup in a dict is the same answer at a fraction of the cost in a list.
    """

    def __init__(self, choices, **kwargs):
        self.labels = dict(choices)
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return str(self.labels.get(value, value))
