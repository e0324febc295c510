"""The journal's API shapes: what a client sends (checked) and what it gets back."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from likvard.api.strict import IdRefSerializer, StrictSerializer
from likvard.core.validation import MAX_ID, MAX_TEXT

from ..models import JournalEntry, Kind
from ..services import MAX_PARTICIPANTS, EntryInput


class EntryInputSerializer(StrictSerializer):
    """A new entry's contents (a correction sends the same)."""

    kind = serializers.ChoiceField(choices=Kind.choices)
    event_date = serializers.DateField(help_text=_("Dagen då det som antecknas hände."))
    text = serializers.CharField(max_length=MAX_TEXT, allow_blank=True, default="")
    participants = serializers.CharField(max_length=MAX_PARTICIPANTS, allow_blank=True, default="")
    child_took_part = serializers.BooleanField(default=False)

    def entry_input(self) -> EntryInput:
        return EntryInput(**self.validated_data)


class EntryCreateSerializer(EntryInputSerializer):
    report = serializers.IntegerField(
        min_value=1, max_value=MAX_ID, help_text=_("Orosanmälan vars ärende anteckningen gäller.")
    )

    def entry_input(self) -> EntryInput:
        data = dict(self.validated_data)
        data.pop("report")
        return EntryInput(**data)


class AuthorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="__str__")


class EntrySummarySerializer(serializers.ModelSerializer):
    """An entry in a list: when, what kind, by whom; not its text (read one to see it)."""

    author = AuthorSerializer()
    report = IdRefSerializer(source="*", id_field="report_id")
    child = IdRefSerializer(source="*", id_field="child_id")

    class Meta:
        model = JournalEntry
        fields = ["id", "report", "child", "kind", "event_date", "corrects", "author", "signed_at"]


class EntryDetailSerializer(EntrySummarySerializer):
    class Meta(EntrySummarySerializer.Meta):
        fields = [*EntrySummarySerializer.Meta.fields, "participants", "child_took_part", "text"]
