"""Changing the organisation: staff, their roles and units, districts, role permissions.

Who may read and change which child's case follows from these rows (a role's group,
a user's unit and so district, whether the account is active), so a change to them
belongs in the audit log as much as a change to a case. Every write here runs in one
transaction with its entry. The entry's `before`/`after` hold only the fields that
changed, with ids and readable names (choice labels and row names in Swedish, the
log's language), plus what says which row it is (the username, the rule), so a
reviewer reads an entry without looking anything up. A password is logged as the
fact that it changed, never its hash.

Configuration names no child; the entry carries the district the row belongs to
(a staff member's district; None for municipality-wide rows), and a move between
districts is logged in both, so each district's reviewers see who joined and left.

Layering: this module imports `likvard.access.services`, which imports nothing from
`organisation` (access names organisation's models by string), so there is no cycle.
"""

import datetime
from collections.abc import Callable, Iterable

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from likvard.access.models import AuditEntry
from likvard.access.services import record

from .models import District, MunicipalitySettings, Unit, User

#: How each kind of configuration change reads in the log review, by verb prefix.
OPERATION_LABELS = {
    "create": _("Skapade %(what)s"),
    "change": _("Ändrade %(what)s"),
    "delete": _("Tog bort %(what)s"),
}


#: Every kind of configuration by its verbs, so the log review can explain an entry.
_KINDS: dict[str, "AuditedConfiguration"] = {}


def _named(row) -> dict | None:
    """A related row as its id and its name, e.g. a unit as {"id": 3, "name": "Järva: …"}."""
    return None if row is None else {"id": row.pk, "name": str(row)}


class AuditedConfiguration:
    """How one model's rows are created, changed and deleted with an audit entry each.

    `fields` are the fields a change may write and the log shows; `district_of(row)`
    gives the district an entry belongs to; `identity` maps keys to functions of the
    row that say which row it is, in both snapshots whether or not that changed (and
    in this order in the log review's summary). Verbs are `create_<noun>`,
    `change_<noun>` and `delete_<noun>`.
    """

    def __init__(
        self,
        model: type[models.Model],
        noun: str,
        fields: Iterable[str],
        *,
        district_of: Callable[[models.Model], int | None] = lambda row: None,
        identity: dict[str, Callable[[models.Model], object]] | None = None,
    ):
        self.model, self.noun, self.fields = model, noun, tuple(fields)
        self.district_of, self.identity = district_of, identity or {}
        _KINDS.update((self.verb(op), self) for op in OPERATION_LABELS)

    def verb(self, operation: str) -> str:
        return f"{operation}_{self.noun}"

    def labels(self) -> dict[str, str]:
        """Each verb with its Swedish label, for the log review."""
        what = self.model._meta.verbose_name
        return {self.verb(op): label % {"what": what} for op, label in OPERATION_LABELS.items()}

    def summary(self, before: dict | None, after: dict | None) -> str:
        """The entry in one line: which row, then each field as 'label: before → after'."""
        both = before is not None and after is not None
        shown = after if after is not None else before
        subject = [_readable(shown[key]) for key in self.identity if shown.get(key)]
        parts = []
        for name in self.fields:
            if name not in shown or (both and before.get(name) == shown[name]):
                continue  # identity only (e.g. a setting's start date): in the subject
            label = str(self._field(name).verbose_name)
            was = f"{_readable(before.get(name))} → " if both else ""
            parts.append(f"{label}: {was}{_readable(shown[name])}")
        return "; ".join(filter(None, [", ".join(subject), "; ".join(parts)]))

    def identify(self, row) -> dict:
        return {key: value_of(row) for key, value_of in self.identity.items()}

    def _field(self, name: str):
        return self.model._meta.get_field(name)

    def _differs(self, stored, row, name: str, many: dict) -> bool:
        """Whether a field changes: by id for relations, by the set of ids for
        many-to-many (changed only when given in `many`)."""
        field = self._field(name)
        if field.many_to_many:
            return name in many and set(getattr(stored, name).values_list("pk", flat=True)) != {
                r.pk for r in many[name]
            }
        return getattr(stored, field.attname) != getattr(row, field.attname)

    def describe(self, row, names: Iterable[str]) -> dict:
        """A JSON snapshot of the named fields, readable without the database."""
        snapshot = self.identify(row)
        with translation.override(settings.LANGUAGE_CODE):
            for name in names:
                field = self._field(name)
                if field.many_to_many:
                    related = getattr(row, name).all() if row.pk else []
                    snapshot[name] = sorted((_named(r) for r in related), key=lambda r: r["id"])
                elif field.is_relation:
                    snapshot[name] = _named(getattr(row, name))
                elif field.choices:
                    value = getattr(row, name)
                    snapshot[name] = {
                        "value": value,
                        "label": str(dict(field.flatchoices).get(value, value)),
                    }
                else:
                    value = getattr(row, name)
                    if isinstance(value, datetime.date):
                        value = value.isoformat()
                    snapshot[name] = value
        return snapshot

    def _record(self, actor, operation, row, districts, *, before=None, after=None):
        action = AuditEntry.Action.CREATE if operation == "create" else AuditEntry.Action.UPDATE
        for district_id in [d for d in dict.fromkeys(districts) if d is not None] or [None]:
            record(
                actor,
                action,
                self.verb(operation),
                row,
                district_id=district_id,
                before=before,
                after=after,
            )

    def save(self, actor, row, **changes) -> list[str]:
        """Create `row`, or write `changes` to it; one entry with what changed.

        With `changes`, only those fields are compared and written, so a row read
        earlier cannot put back what someone changed since. Without, the row is the
        whole new state (an admin form has set every field it shows) and each field
        is compared. Either way what changed is found against the stored row, read
        under a lock, and only changed fields are written. Many-to-many values are
        given in `changes`. Validation runs here too (`full_clean`), so no caller
        writes what the admin would refuse; on a `ValidationError` nothing is
        written. Returns the names of the fields that changed ([]: nothing written).
        """
        unknown = set(changes) - set(self.fields)
        if unknown:
            raise TypeError(f"not a field of {self.noun}: {', '.join(sorted(unknown))}")
        candidates = [name for name in self.fields if name in changes] if changes else self.fields
        many = {name: value for name, value in changes.items() if self._field(name).many_to_many}
        for name, value in changes.items():
            if name not in many:
                setattr(row, name, value)
        with transaction.atomic():
            if row._state.adding:
                row.full_clean()
                row.save()
                for name, value in many.items():
                    getattr(row, name).set(value)
                self._record(
                    actor,
                    "create",
                    row,
                    [self.district_of(row)],
                    after=self.describe(row, self.fields),
                )
                return list(self.fields)
            stored = self.model._default_manager.select_for_update().get(pk=row.pk)
            changed = [name for name in candidates if self._differs(stored, row, name, many)]
            if not changed:
                return []
            row.full_clean()
            before = self.describe(stored, changed)
            row.save(update_fields=[name for name in changed if name not in many])
            for name in changed:
                if name in many:
                    getattr(row, name).set(many[name])
            self._record(
                actor,
                "change",
                row,
                [self.district_of(stored), self.district_of(row)],
                before=before,
                after=self.describe(row, changed),
            )
            return changed

    def delete(self, actor, row) -> None:
        """Delete `row`, its entry holding what it was. A refused delete (a protected
        reference) raises and rolls the entry back with it."""
        with transaction.atomic():
            self._record(
                actor,
                "delete",
                row,
                [self.district_of(row)],
                before=self.describe(row, self.fields),
            )
            row.delete()


def _readable(value) -> str:
    """A snapshot value as a reviewer reads it: names and labels, not ids."""
    if isinstance(value, dict):
        for key in ("label", "name", "title"):
            if key in value:
                return str(value[key])
        return ", ".join(f"{k}={v}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_readable(v) for v in value) or "–"
    if isinstance(value, bool):
        return str(_("ja") if value else _("nej"))
    return "–" if value in (None, "") else str(value)


def configuration_verbs() -> list[str]:
    """Every verb of a configuration entry (they name no child; the log review shows them)."""
    return [*_KINDS, "change_staff_password"]


def explain(entry) -> tuple[str, str] | None:
    """(label, one-line summary) of a configuration entry; None for other entries."""
    if entry.verb == "change_staff_password":
        state = _("lösenord satt") if entry.after.get("has_password") else _("inget lösenord")
        return str(verb_labels()[entry.verb]), f"{entry.after.get('username')}: {state}"
    kind = _KINDS.get(entry.verb)
    if kind is None:
        return None
    return str(kind.labels()[entry.verb]), kind.summary(entry.before, entry.after)


def _staff_district(user: User) -> int | None:
    return user.unit.district_id if user.unit_id else None


STAFF = AuditedConfiguration(
    User,
    "staff",
    (
        "username",
        "first_name",
        "last_name",
        "email",
        "role",
        "unit",
        "is_active",
        "is_staff",
        "is_superuser",
    ),
    district_of=_staff_district,
    identity={
        "username": lambda user: user.username,
        "district": lambda user: _named(user.unit.district) if user.unit_id else None,
    },
)
DISTRICTS = AuditedConfiguration(
    District,
    "district",
    ("name", "slug", "municipality", "on_call_email"),
    district_of=lambda d: d.pk,
)
UNITS = AuditedConfiguration(
    Unit,
    "unit",
    ("district", "name", "kind"),
    district_of=lambda unit: unit.district_id,
    identity={"unit": _named},
)
MUNICIPALITY_SETTINGS = AuditedConfiguration(
    MunicipalitySettings,
    "municipality_settings",
    ("municipality", "max_extension_months", "max_backdating_days"),
    identity={"municipality": lambda row: row.municipality},
)
ROLE_GROUPS = AuditedConfiguration(
    Group, "role_group", ("name", "permissions"), identity={"group": lambda group: group.name}
)


def create_staff(actor, user: User) -> User:
    """Add a staff member (an unsaved User whose password is already set or unusable)."""
    STAFF.save(actor, user)
    return user


def change_staff(actor, user: User, **changes) -> list[str]:
    """Change a staff member's role, unit (and so district), activity, name or flags.

    Deactivating (`is_active=False`) is a change like the others, logged with it.
    """
    return STAFF.save(actor, user, **changes)


def set_staff_password(actor, user: User, raw_password: str | None) -> User:
    """Set a staff member's password, or make it unusable (None). The entry says
    that it changed and whether a password is set now; never the hash."""
    with transaction.atomic():
        stored = User.objects.select_for_update().get(pk=user.pk)
        if raw_password is None:
            user.set_unusable_password()
        else:
            user.set_password(raw_password)
        user.save(update_fields=["password"])
        identity = STAFF.identify(user)
        record(
            actor,
            AuditEntry.Action.UPDATE,
            "change_staff_password",
            user,
            district_id=_staff_district(user),
            before={**identity, "has_password": stored.has_usable_password()},
            after={**identity, "has_password": user.has_usable_password()},
        )
    return user


def save_district(actor, district: District, **changes) -> list[str]:
    return DISTRICTS.save(actor, district, **changes)


def delete_district(actor, district: District) -> None:
    DISTRICTS.delete(actor, district)


def save_unit(actor, unit: Unit, **changes) -> list[str]:
    return UNITS.save(actor, unit, **changes)


def delete_unit(actor, unit: Unit) -> None:
    UNITS.delete(actor, unit)


def save_role_group(actor, group: Group, **changes) -> list[str]:
    """Create or change a group, e.g. the permissions a role holds (`permissions=`).

    Renaming a role's group takes its permissions from everyone holding the role,
    so a rename is logged like a change of permissions.
    """
    return ROLE_GROUPS.save(actor, group, **changes)


def delete_role_group(actor, group: Group) -> None:
    ROLE_GROUPS.delete(actor, group)


def verb_labels() -> dict[str, str]:
    """The Swedish label of every verb written here (the log review shows these)."""
    labels = {"change_staff_password": _("Ändrade lösenord för medarbetare")}
    for kind in (STAFF, DISTRICTS, UNITS, MUNICIPALITY_SETTINGS, ROLE_GROUPS):
        labels.update(kind.labels())
    return labels
