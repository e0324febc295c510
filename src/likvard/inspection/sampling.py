"""The review's sample: a stratified random draw by district that anyone can redraw.

Each case's rank is the sha256 of "<seed>:<report number>" (the number the report is
known by, printed on it): it depends on nothing the database chooses — not the order
rows come back in, not a random function of SQLite or PostgreSQL — so the same seed
over the same cases gives the same sample everywhere. Each district (stratum) takes
its cases of lowest rank, as many as the allocation gives it.

The allocation is pure arithmetic over the strata's sizes; ties are broken by the
district's name, never by an id.
"""

import hashlib
from dataclasses import dataclass
from fractions import Fraction
from typing import NamedTuple

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from likvard.core.errors import InvalidInput

from .models import Allocation


class Unit(NamedTuple):
    """One case of the population, as the draw needs it (a tuple: hundreds of
    thousands are made in a draw over ten years)."""

    report_id: int
    district_id: int
    investigation_id: int | None = None
    intervention_id: int | None = None


@dataclass(frozen=True)
class Stratum:
    district_id: int
    name: str


class EmptyPopulation(InvalidInput):
    code = "empty_population"


class SampleTooLarge(InvalidInput):
    code = "sample_too_large"


def rank(seed: int, report_id: int) -> str:
    return hashlib.sha256(f"{seed}:{report_id}".encode()).hexdigest()


def allocate(counts: dict[Stratum, int], allocation: str, size: int | None) -> dict[Stratum, int]:
    """How many cases each stratum gives; refuses an empty population or a sample larger
    than it (the message offers to take all)."""
    total = sum(counts.values())
    if total == 0:
        raise EmptyPopulation(
            _(
                "Det finns inga ärenden som stämmer med urvalsramen (period, ålder och "
                "stadsdelsområden). Ändra inställningarna och försök igen."
            ),
            field="period_start",
        )
    if allocation == Allocation.ALL:
        return dict(counts)
    if size is None or size < 1:
        raise InvalidInput(_("Ange hur många ärenden urvalet ska ha."), field="sample_size")
    if size > total:
        raise SampleTooLarge(
            ngettext(
                "Urvalet (%(size)s) är större än urvalsramen, som har %(total)s ärende. "
                "Minska urvalet eller välj fördelningen ”Alla ärenden i urvalsramen”.",
                "Urvalet (%(size)s) är större än urvalsramen, som har %(total)s ärenden. "
                "Minska urvalet eller välj fördelningen ”Alla ärenden i urvalsramen”.",
                total,
            )
            % {"size": size, "total": total},
            field="sample_size",
        )
    if allocation == Allocation.EQUAL:
        return _equal(counts, size)
    if allocation == Allocation.PROPORTIONAL:
        return _proportional(counts, size, total)
    raise InvalidInput(_("Okänd fördelning."), field="allocation")


def _equal(counts: dict[Stratum, int], size: int) -> dict[Stratum, int]:
    """The same number from each district; a district with fewer cases gives all it has
    and the rest is shared among the others; what does not divide evenly goes one
    each to the first districts by name."""
    shares: dict[Stratum, int] = {}
    left = size
    todo = [s for s in counts if counts[s] > 0]
    while todo:
        share, extra = divmod(left, len(todo))
        small = [s for s in todo if counts[s] <= share]
        if not small:
            for i, stratum in enumerate(sorted(todo, key=lambda s: s.name)):
                shares[stratum] = share + (1 if i < extra else 0)
            break
        for stratum in small:
            shares[stratum] = counts[stratum]
            left -= counts[stratum]
        todo = [s for s in todo if s not in small]
    return {s: shares.get(s, 0) for s in counts}


def _proportional(counts: dict[Stratum, int], size: int, total: int) -> dict[Stratum, int]:
    """Largest remainder (Hamilton): each district its quota's whole part, the seats
    left to the largest fractions; ties to the larger district, then by name."""
    quotas = {s: Fraction(size * n, total) for s, n in counts.items()}
    shares = {s: int(q) for s, q in quotas.items()}
    left = size - sum(shares.values())
    order = sorted(counts, key=lambda s: (-(quotas[s] - shares[s]), -counts[s], s.name))
    for stratum in order[:left]:
        shares[stratum] += 1
    return shares


def draw(
    units, names: dict[int, str], seed: int, allocation: str, size: int | None
) -> list[tuple[Unit, str]]:
    """(case, rank) of the sample: each district's lowest ranks, as many as allocated."""
    by_district: dict[int, list[tuple[str, Unit]]] = {}
    prefix = hashlib.sha256(f"{seed}:".encode())  # the same hash as `rank`, made faster
    for unit in units:
        digest = prefix.copy()
        digest.update(str(unit.report_id).encode())
        by_district.setdefault(unit.district_id, []).append((digest.hexdigest(), unit))
    strata = {Stratum(d, names[d]): rows for d, rows in by_district.items()}
    shares = allocate({s: len(rows) for s, rows in strata.items()}, allocation, size)
    drawn = []
    for stratum in sorted(strata, key=lambda s: s.name):
        ranked = sorted(strata[stratum], key=lambda row: (row[0], row[1].report_id))
        drawn.extend((unit, key) for key, unit in ranked[: shares[stratum]])
    return drawn
