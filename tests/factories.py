"""One-line builders of valid objects; reports go through the real services."""

import datetime
import itertools

from django.utils import timezone

from likvard.casework import services as casework
from likvard.core.calendar import STOCKHOLM
from likvard.organisation.models import District, Role, Unit, User
from likvard.people.effects import relation_recorded
from likvard.people.models import Person, Relation
from likvard.people.services import ChildInput
from likvard.reports.models import Channel, Concern, ReporterType
from likvard.reports.services import ReportInput, register_report

_seq = itertools.count(1)

#: Valid, fictitious personnummer of children (check digits correct, serials made up).
CHILD_NUMBERS = ["20150916-0014", "20180101-2384", "20200229-2395", "20190303-4567"]
#: A sibling of each child above (for the family endpoints), and numbers no test has
#: registered before.
SIBLING_NUMBERS = ["20160412-1234", "20160518-2458", "20151207-3675", "20170309-4894"]
SPARE_NUMBERS = ["20170823-4560", "20141105-7894"]


def district(name: str | None = None) -> District:
    n = next(_seq)
    name = name or f"Distrikt {n}"
    return District.objects.create(name=name, slug=f"d{n}")


def user(
    role: str = Role.INTAKE_WORKER,
    district_obj: District | None = None,
    username: str | None = None,
) -> User:
    n = next(_seq)
    unit = None
    if role not in (Role.INSPECTOR, Role.ANALYST, Role.SYSTEM_ADMIN):
        district_obj = district_obj or district()
        unit, _ = Unit.objects.get_or_create(
            district=district_obj, name="Mottagningen", defaults={"kind": Unit.Kind.INTAKE}
        )
    return User.objects.create_user(
        username=username or f"user{n}",
        password="pw",
        role=role,
        unit=unit,
        first_name="Test",
        last_name=f"Användare {n}",
    )


def an_hour_ago_today() -> datetime.datetime:
    """An hour ago, but today in Stockholm: just after midnight, an hour ago is
    yesterday, and a report from yesterday is already overdue for its protection
    assessment (tests would then depend on the hour they run)."""
    now = timezone.localtime(timezone.now(), STOCKHOLM)
    return max(now - datetime.timedelta(hours=1), now.replace(hour=0, minute=0, second=0))


def report_input(**overrides) -> ReportInput:
    child = overrides.pop("child", None) or ChildInput(
        personal_number=overrides.pop("personal_number", CHILD_NUMBERS[0]),
        first_name="Alva",
        last_name="Testsson",
    )
    values = dict(
        child=child,
        received_at=an_hour_ago_today(),
        channel=Channel.PHONE,
        reporter_type=ReporterType.SCHOOL,
        reporter_mandated=True,
        reporter_wants_feedback=True,
        description="Syntetisk testanmälan.",
        concerns=[Concern.NEGLECT],
    )
    values.update(overrides)
    return ReportInput(**values)


def report(actor: User, **overrides):
    return register_report(actor, report_input(**overrides))


def assessed_report(actor: User, **overrides):
    """A report whose protection assessment is done: the pre-assessment is running."""
    r = report(actor, **overrides)
    return casework.assess_protection(
        actor,
        r.pk,
        version=r.version,
        immediate_protection_needed=False,
        assessment="Inget akut skyddsbehov.",
    )


def web_client(signed_in: User):
    """A Django test client signed in as `signed_in`, for the caseworker pages."""
    from django.test import Client

    client = Client()
    client.force_login(signed_in)
    return client


def guardian(child, district=None, **person):
    """A current guardian of `child` (joint custody) recorded in `district` (by default
    the district of the child's earliest report), written as the services write it."""
    if district is None:
        district = child.reports.order_by("received_at", "pk").first().district
    guardian = Person.objects.create(**person)
    Relation.objects.create(
        **relation_recorded(
            child_id=child.pk,
            person_id=guardian.pk,
            role="guardian",
            custody="joint",
            alleged_perpetrator=False,
            district_id=district.pk,
            recorded_by_id=None,
            at=timezone.now(),
        )
    )
    return guardian
