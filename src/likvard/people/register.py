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
    custody, so two siblings fetched one after the other bring the same guardians.
    A guardian's own birth number encodes the family too, so looking the guardian up
    gives the same person.
    """

    def lookup(self, personal_number: str) -> RegisteredPerson | None:
        try:
            identity = parse(personal_number)
        except InvalidIdentityNumber:
            return None
        sex = "M" if identity.is_male else "F"
        serial = int(personal_number[8:11])
        if datetime.date.today().year - identity.birth_date.year >= 18:
            return self._parent(serial // 2, sex, personal_number)
        family = serial % 499 + 1
        surname, address = self._home(family)
        first = _FIRST[sex][_digit(personal_number, "first", len(_FIRST[sex]))]
        guardians = tuple(self._parent(family, parent_sex) for parent_sex in "FM")
        return RegisteredPerson(personal_number, first, surname, sex, address, False, guardians)

    @staticmethod
    def _home(family: int) -> tuple[str, str]:
        key = str(family)
        street = _STREETS[_digit(key, "street", len(_STREETS))]
        return (
            _LAST[_digit(key, "surname", len(_LAST))],
            f"{street} {1 + _digit(key, 'house', 60)}, 123 45 Stockholm",
        )

    def _parent(self, family: int, sex: str, number: str = "") -> RegisteredPerson:
        key = str(family)
        if not number:
            born = datetime.date(1975 + _digit(key, "year" + sex, 15), 1 + family % 12, 14)
            number = _number(born, family * 2 + (1 if sex == "M" else 0))
        surname, address = self._home(family)
        first = _FIRST[sex][_digit(key, "parent" + sex, len(_FIRST[sex]))]
        return RegisteredPerson(number, first, surname, sex, address)
