"""What the child's page shows of the family, and the forms to change it.

Addresses and phone numbers of a protected child or a protected person are never
in it (as `selectors.address_for`): they are revealed only on request, logged.
"""

from dataclasses import dataclass

from . import forms, selectors
from .models import Child, Relation


@dataclass(frozen=True)
class RelationRow:
    relation: Relation
    address: str | None  # None: protected
    phone: str | None


def _row(child: Child, relation: Relation) -> RelationRow:
    if child.protected_identity or relation.person.protected_identity:
        return RelationRow(relation, None, None)
    return RelationRow(relation, relation.person.address, relation.person.phone)


def family_context(user, child: Child, relations, bound_form, may_change: bool) -> dict:
    """The family section: now, before, siblings; with its forms if the user may change it.

    `bound_form` is a form just posted with errors, shown in place of the empty one.
    """
    empty = {
        "relation_form": forms.RelationForm(),
        "sibling_form": forms.SiblingForm(),
        "identify_form": None if child.personal_number else forms.IdentifyForm(),
    }
    refusal = []
    for name, form in empty.items():
        if bound_form is not None and type(bound_form) is type(form):
            empty[name] = bound_form
    if isinstance(bound_form, forms.EndRelationForm | forms.EndSiblingForm):
        refusal = [e for errors in bound_form.errors.values() for e in errors]
    return {
        "refusal": refusal,
        "relations": [_row(child, r) for r in relations],
        "past": selectors.past_relations(user, child),
        "siblings": selectors.siblings(user, child),
        "may_change": may_change,
        **(empty if may_change else {}),
    }
