"""Demo accounts: one sign-in per role and district, all with the password "demo".

They exist only in demo mode (settings.DEMO_MODE). The usernames say what the
account is for: `mottagning.<district>`, `utredare.<district>`,
`arbetsledare.<district>`, `administrator.<district>` (sends the feedback to
reporters), and the central `inspektor`, `analytiker`, `admin`.
"""

from dataclasses import dataclass

from likvard.organisation.models import District, Role, Unit, User

DEMO_PASSWORD = "demo"  # noqa: S105 - the documented demo password, demo mode only

#: (username prefix, role, unit kind) for the accounts of every district.
PER_DISTRICT = (
    ("mottagning", Role.INTAKE_WORKER, Unit.Kind.INTAKE),
    ("utredare", Role.INVESTIGATOR, Unit.Kind.INVESTIGATION),
    ("arbetsledare", Role.SUPERVISOR, Unit.Kind.INTAKE),
    ("administrator", Role.ADMIN_STAFF, Unit.Kind.ADMINISTRATION),
)
#: (username, role) of the central accounts, which belong to no unit.
CENTRAL = (
    ("inspektor", Role.INSPECTOR),
    ("analytiker", Role.ANALYST),
    ("admin", Role.SYSTEM_ADMIN),
)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    district_slug: str | None = None
    district_name: str | None = None
    unit_kind: str | None = None

    @property
    def is_admin(self) -> bool:
        return self.role == Role.SYSTEM_ADMIN


def demo_account_specs(districts) -> list[DemoAccount]:
    """Every demo account for these districts (objects with .slug and .name), in order."""
    specs = [
        DemoAccount(f"{prefix}.{d.slug}", role, d.slug, d.name, unit_kind)
        for d in districts
        for prefix, role, unit_kind in PER_DISTRICT
    ]
    specs += [DemoAccount(username, role) for username, role in CENTRAL]
    return specs


def existing_demo_accounts() -> list[tuple[DemoAccount, User]]:
    """The demo accounts present in the database, with their user rows."""
    specs = demo_account_specs(District.objects.order_by("name"))
    users = User.objects.select_related("unit__district").in_bulk(
        [s.username for s in specs], field_name="username"
    )
    return [(spec, users[spec.username]) for spec in specs if spec.username in users]
