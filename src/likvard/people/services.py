"""Finding or registering the child a report is about."""

import datetime
import secrets
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from likvard.core.errors import InvalidInput

from .identity import InvalidIdentityNumber, parse
from .models import Child, Sex


@dataclass
class ChildInput:
    """What an intake worker knows about the child when a report arrives."""

    personal_number: str = ""
    first_name: str = ""
    last_name: str = ""
    birth_date: datetime.date | None = None
    sex: str = Sex.UNKNOWN
    protected_identity: bool = False


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Age in whole years on `day`."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def _new_reserve_number(birth_date: datetime.date) -> str:
    return f"R{birth_date:%Y%m%d}{secrets.token_hex(3).upper()}"


def resolve_child(data: ChildInput, today: datetime.date) -> Child:
    """The existing child with this identity number, or a new child.

    Without a personnummer the child gets a reserve number; the birth date is
    then required. A protected-identity flag is never cleared from here.
    """
    if data.personal_number.strip():
        try:
            identity = parse(data.personal_number.strip(), today)
        except InvalidIdentityNumber as exc:
            raise InvalidInput(
                _("Personnumret är inte giltigt. Kontrollera siffrorna och kontrollsiffran."),
                code="invalid_personal_number",
                field="personal_number",
            ) from exc
        if age_on(identity.birth_date, today) >= 18:
            raise InvalidInput(
                _("Personen är 18 år eller äldre. En orosanmälan gäller ett barn under 18 år."),
                code="not_a_child",
                field="personal_number",
            )
        child = Child.objects.filter(personal_number=identity.long_form).first()
        if child:
            if data.protected_identity and not child.protected_identity:
                child.protected_identity = True
                child.save(update_fields=["protected_identity"])
            return child
        birth_date = identity.birth_date
        sex = Sex.MALE if identity.is_male else Sex.FEMALE
        reserve = None
        personal_number = identity.long_form
    else:
        if data.birth_date is None:
            raise InvalidInput(
                _("Ange födelsedatum när personnumret är okänt."),
                code="birth_date_required",
                field="birth_date",
            )
        if data.birth_date > today:
            raise InvalidInput(
                _("Födelsedatum kan inte ligga i framtiden."),
                code="date_in_future",
                field="birth_date",
            )
        birth_date, sex = data.birth_date, data.sex
        personal_number, reserve = None, _new_reserve_number(data.birth_date)
    if not data.first_name.strip() or not data.last_name.strip():
        raise InvalidInput(
            _("Ange barnets för- och efternamn."), code="name_required", field="first_name"
        )
    return Child.objects.create(
        personal_number=personal_number,
        reserve_number=reserve,
        first_name=data.first_name.strip(),
        last_name=data.last_name.strip(),
        birth_date=birth_date,
        sex=sex,
        protected_identity=data.protected_identity,
    )
