"""The population register (folkbokföringen): name, sex, address and guardians by personnummer.

Likvärd asks the register through one interface, `PopulationRegister`; the setting
`LIKVARD_POPULATION_REGISTER` names the class (a dotted path). Production configures
the real register (Skatteverket's Navet, through the municipality's integration);
the demo and the tests use `SyntheticRegister`, which invents a fictitious family
from the digits of the number, the same family every time. Empty: no register, and
the worker types what is known.
"""

import datetime
import hashlib
from dataclasses import dataclass, field
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string
from stdnum import luhn

from .identity import InvalidIdentityNumber, parse


@dataclass(frozen=True)
class RegisteredPerson:
    """A person as the register holds them (the guardians of a child under 18 too)."""

    personal_number: str
    first_name: str
    last_name: str
    sex: str  # "F" or "M", as people.models.Sex
    address: str
    protected_identity: bool = False
    guardians: tuple["RegisteredPerson", ...] = field(default_factory=tuple)


class PopulationRegister(Protocol):
    def lookup(self, personal_number: str) -> RegisteredPerson | None:
        """The person with this (long-form, valid) number, or None when unknown."""


def population_register() -> PopulationRegister | None:
    """The configured register, or None when the municipality has none configured."""
    path = settings.LIKVARD_POPULATION_REGISTER
    return import_string(path)() if path else None


def lookup(personal_number: str, today: datetime.date) -> RegisteredPerson | None:
    """Ask the configured register; raises InvalidIdentityNumber for a wrong number."""
    register = population_register()
    number = parse(personal_number.strip(), today).long_form
    return register.lookup(number) if register else None


_FIRST = {
    "F": ("Alva", "Elsa", "Maja", "Noor", "Saga", "Vera", "Ines", "Amira", "Tyra", "Leah"),
    "M": ("Elias", "Omar", "Hugo", "Liam", "Nils", "Adam", "Ali", "Otto", "Vilgot", "Isak"),
}
_LAST = ("Lindqvist", "Hassan", "Berg", "Nyström", "Karimi", "Ek", "Sundin", "Ahmed", "Falk")
_STREETS = ("Testgatan", "Provvägen", "Exempelstigen", "Demogränd", "Påhittsvägen")


def _digit(number: str, salt: str, modulo: int) -> int:
    return int(hashlib.sha256(f"{salt}:{number}".encode()).hexdigest(), 16) % modulo


def _number(born: datetime.date, serial: int) -> str:
    body = f"{born:%y%m%d}{serial:03d}"
    return f"{born:%Y}{body[2:]}{luhn.calc_check_digit(body)}"


class SyntheticRegister:
    """A fictitious register for the demo and the tests; never real people.

    Children whose numbers share the three digits after the date (the birth number)
    belong to one family: the same surname, address and two guardians with joint
    custody. So two siblings fetched one after the other bring the same guardians.
    """

    def lookup(self, personal_number: str) -> RegisteredPerson | None:
        try:
            identity = parse(personal_number)
        except InvalidIdentityNumber:
            return None
        family = personal_number[8:11]
        surname = _LAST[_digit(family, "surname", len(_LAST))]
        address = (
            f"{_STREETS[_digit(family, 'street', len(_STREETS))]} "
            f"{1 + _digit(family, 'house', 60)}, 123 45 Stockholm"
        )
        sex = "M" if identity.is_male else "F"
        guardians = ()
        if datetime.date.today().year - identity.birth_date.year < 18:
            guardians = tuple(
                self._guardian(family, surname, address, parent_sex) for parent_sex in "FM"
            )
        first = _FIRST[sex][_digit(personal_number, "first", len(_FIRST[sex]))]
        return RegisteredPerson(personal_number, first, surname, sex, address, False, guardians)

    def _guardian(self, family: str, surname: str, address: str, sex: str) -> RegisteredPerson:
        born = datetime.date(1975 + _digit(family, "year" + sex, 15), 1 + int(family) % 12, 14)
        serial = (int(family) * 2 + (1 if sex == "M" else 0)) % 1000 or 2
        first = _FIRST[sex][_digit(family, "parent" + sex, len(_FIRST[sex]))]
        return RegisteredPerson(_number(born, serial), first, surname, sex, address)
