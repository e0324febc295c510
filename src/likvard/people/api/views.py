"""The child's family over the API: GET /api/children/{id}/family/ and its changes.

The same services as the child page (`people.services`): a relation or a sibling
link is added or ended, never edited; out of scope is 404 before the body is read;
a refusal is a 400 with a machine-readable code (already_recorded, self_sibling,
invalid_personal_number, not_current, unknown_child, already_identified).
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from likvard.access.services import record_case_read
from likvard.api.schema import READ_ERRORS, WRITE_ERRORS
from likvard.api.viewsets import CaseworkViewSet, valid_body
from likvard.core.validation import MAX_ID

from .. import selectors, services
from ..models import Child, Custody, RelationRole
from ..page import family_context


class StrictInput(serializers.Serializer):
    """A body that refuses fields it does not know (a typo must not pass silently)."""

    def to_internal_value(self, data):
        unknown = sorted(set(data) - set(self.fields)) if isinstance(data, dict) else []
        if unknown:
            raise serializers.ValidationError(
                {
                    name: [serializers.ErrorDetail(_("Okänt fält."), "unknown_field")]
                    for name in unknown
                }
            )
        return super().to_internal_value(data)


def _text(max_length: int):
    return serializers.CharField(max_length=max_length, allow_blank=True, default="")


class RelationInput(StrictInput):
    personal_number = _text(13)
    first_name = _text(100)
    last_name = _text(100)
    address = _text(200)
    phone = _text(40)
    protected_identity = serializers.BooleanField(default=False)
    role = serializers.ChoiceField(choices=RelationRole.choices, default=RelationRole.GUARDIAN)
    custody = serializers.ChoiceField(choices=Custody.choices, allow_blank=True, default="")
    alleged_perpetrator = serializers.BooleanField(
        default=False,
        help_text=_(
            "Uppges ha utsatt barnet: personen tas aldrig med i brev till vårdnadshavarna."
        ),
    )


def _id(help_text):
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text=help_text)


class EndRelationInput(StrictInput):
    relation = _id(_("Id för relationen som avslutas."))


class SiblingInput(StrictInput):
    sibling = _id(_("Id för syskonet (ett barn i ditt stadsdelsområde)."))


class IdentifyInput(StrictInput):
    personal_number = serializers.CharField(max_length=13)


class PersonOut(serializers.Serializer):
    name = serializers.CharField()
    address = serializers.CharField(allow_null=True, help_text=_("null: skyddad."))
    phone = serializers.CharField(allow_null=True, help_text=_("null: skyddad."))


class RelationOut(serializers.Serializer):
    id = serializers.IntegerField()
    role = serializers.CharField()
    custody = serializers.CharField()
    alleged_perpetrator = serializers.BooleanField()
    person = PersonOut()
    valid_from = serializers.DateTimeField()
    valid_until = serializers.DateTimeField(allow_null=True)


class SiblingOut(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class FamilyOut(serializers.Serializer):
    child = serializers.IntegerField()
    relations = RelationOut(many=True)
    past_relations = RelationOut(many=True)
    siblings = SiblingOut(many=True)


def _relation(row_relation, address, phone) -> dict:
    r = row_relation
    return {
        "id": r.pk,
        "role": r.role,
        "custody": r.custody,
        "alleged_perpetrator": r.alleged_perpetrator,
        "person": {"name": str(r.person), "address": address, "phone": phone},
        "valid_from": r.valid_from,
        "valid_until": r.valid_until,
    }


def _family(user, child: Child) -> dict:
    page = family_context(user, child, selectors.current_relations(user, child), None, False)
    return FamilyOut(
        {
            "child": child.pk,
            "relations": [_relation(r.relation, r.address, r.phone) for r in page["relations"]],
            "past_relations": [_relation(r, None, None) for r in page["past"]],
            "siblings": [{"id": s.child.pk, "name": str(s.child)} for s in page["siblings"]],
        }
    ).data


class FamilyViewSet(CaseworkViewSet):
    """A child's guardians, household and siblings (registered on /api/children/)."""

    case_model = Child

    def get_queryset(self):
        return selectors.children(self.request.user)

    def _answer(self, request, pk, status=200):
        child = selectors.visible_child(request.user, pk)
        return Response(_family(request.user, child), status=status)

    def _change(self, request, pk, input_class, call):
        selectors.visible_child(request.user, pk)  # 404 before the body is read
        body = valid_body(input_class, request).validated_data
        call(body)
        return self._answer(request, pk)

    @extend_schema(
        summary="Barnets vårdnadshavare, hushåll och syskon (loggas)",
        description=_(
            "Adress och telefon är null för skyddade personer och för ett barn med "
            "skyddade personuppgifter. Avslutade relationer finns kvar som historik."
        ),
        responses={200: FamilyOut, **READ_ERRORS},
    )
    @action(detail=True, methods=["get"])
    def family(self, request, pk):
        child = selectors.visible_child(request.user, pk)
        record_case_read(request.user, "view_family", child, child_id=child.pk, shown=[])
        return Response(_family(request.user, child))

    @extend_schema(
        summary="Lägg till vårdnadshavare eller person i hushållet",
        request=RelationInput,
        responses={200: FamilyOut, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def relations(self, request, pk):
        return self._change(
            request,
            pk,
            RelationInput,
            lambda body: services.record_relation(request.user, pk, services.PersonInput(**body)),
        )

    @extend_schema(
        summary="Avsluta en relation (finns kvar i historiken)",
        request=EndRelationInput,
        responses={200: FamilyOut, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="end-relation")
    def end_relation(self, request, pk):
        return self._change(
            request,
            pk,
            EndRelationInput,
            lambda body: services.end_relation(request.user, pk, body["relation"]),
        )

    @extend_schema(
        summary="Länka ett syskon", request=SiblingInput, responses={200: FamilyOut, **WRITE_ERRORS}
    )
    @action(detail=True, methods=["post"])
    def siblings(self, request, pk):
        return self._change(
            request,
            pk,
            SiblingInput,
            lambda body: services.link_sibling(request.user, pk, sibling_id=body["sibling"]),
        )

    @extend_schema(
        summary="Ta bort en syskonlänk (finns kvar i historiken)",
        request=SiblingInput,
        responses={200: FamilyOut, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="end-sibling")
    def end_sibling(self, request, pk):
        return self._change(
            request,
            pk,
            SiblingInput,
            lambda body: services.end_sibling_link(request.user, pk, body["sibling"]),
        )

    @extend_schema(
        summary="Identifiera ett barn med reservnummer",
        description=_(
            "Finns ett barn med personnumret förs anmälningarna och familjen över till "
            "det; svaret är familjen för det barn ärendet nu gäller."
        ),
        request=IdentifyInput,
        responses={200: FamilyOut, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def identify(self, request, pk):
        selectors.visible_child(request.user, pk)
        body = valid_body(IdentifyInput, request).validated_data
        child = services.identify_child(request.user, pk, body["personal_number"])
        return self._answer(request, child.pk)
