"""The decision on an intervention as the family receives it: text for a PDF.

Filed in the child's file after the decision's commit (`services._file_on_commit`), with
the goal, the law, each consent given and missing, the motivation work, and how to appeal.
"""

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from likvard.documents import pdf

from . import selectors


def cite(provision) -> str:
    """A provision as a reader writes it; LVU and FL have no chapters."""
    if provision is None:
        return "–"
    if provision.chapter:
        return f"{provision.chapter} kap. {provision.section} § {provision.law}"
    return f"{provision.section} § {provision.law}"


def _consent_lines(record) -> list[str]:
    lines = []
    for consent in record.consents:
        who = str(consent.person) if consent.person_id else _("Barnet självt")
        lines.append(
            _("%(who)s: %(status)s (%(day)s, %(how)s)")
            % {
                "who": who,
                "status": consent.get_status_display(),
                "day": consent.answered_on.isoformat(),
                "how": consent.get_how_display().lower(),
            }
        )
    return lines or [_("Inga samtycken är dokumenterade.")]


#: The day SoL 2025:400 replaced SoL 2001:453.
NEW_LAW_FROM = datetime.date(2025, 7, 1)


def _child_alone(decided_on) -> str:
    """Why the child's own consent sufficed. The section of SoL 2025:400 that carries the
    rule was not verified (docs/architecture.md, known gap), so a decision under the new
    law names the old law's section it corresponds to."""
    if decided_on < NEW_LAW_FROM:
        return _(
            "Barnet har fyllt 12 år och har själv samtyckt till insatsen "
            "(3 kap. 6 a–6 b §§ SoL 2001:453 i lydelse från 2023-07-01)."
        )
    return _(
        "Barnet har fyllt 12 år och har själv samtyckt till insatsen (regeln motsvarar "
        "3 kap. 6 a–6 b §§ i den upphävda SoL 2001:453)."
    )


def _appeal(decision) -> list[str]:
    """Only a voluntary intervention granted as proposed goes nobody against; anything
    else (a refusal, anything under LVU) tells how to appeal."""
    if decision.granted and decision.proposal.is_voluntary:
        return [
            _(
                "Beslutet går dig inte emot: insatsen beviljas som den föreslagits. Ett sådant "
                "beslut kan inte överklagas."
            )
        ]
    return [
        _(
            "Du kan överklaga beslutet hos förvaltningsrätten (förvaltningsbesvär). Skriv vilket "
            "beslut du överklagar och hur du vill att det ska ändras. Skicka överklagandet till "
            "socialnämnden. Det ska ha kommit in inom tre veckor från den dag du fick del av "
            "beslutet (44 § förvaltningslagen 2017:900)."
        ),
        _("Socialtjänsten hjälper dig gärna att skriva överklagandet."),
    ]


def decision_document(decision_id: int) -> tuple[str, bytes]:
    """(title, PDF bytes) of the decision on an intervention."""
    record = selectors.decision_record(decision_id)
    decision = record.decision
    proposal = decision.proposal
    child = proposal.child
    kind = proposal.get_kind_display()
    title = _("Beslut om insats: %(kind)s") % {"kind": kind}
    paragraphs = [
        _("Barn: %(name)s, %(identity)s") % {"name": child, "identity": child.identity_display},
        _("Utredning: %(id)s") % {"id": proposal.investigation_id},
        _("Beslutsdatum: %(day)s") % {"day": decision.decided_on.isoformat()},
        _("Beslut: %(outcome)s")
        % {"outcome": _("Insatsen beviljas") if decision.granted else _("Insatsen beviljas inte")},
        _("Insats: %(kind)s – %(basis)s") % {"kind": kind, "basis": proposal.get_basis_display()},
        _("Lagrum: %(provision)s") % {"provision": cite(decision.provision)},
    ]
    if decision.child_consented_alone:
        paragraphs.append(_child_alone(decision.decided_on))
    if decision.granted:
        paragraphs += [
            _("Start: %(start)s. Planerat slut: %(end)s.")
            % {"start": decision.start_on.isoformat(), "end": decision.planned_end.isoformat()},
            _("Utförare: %(provider)s") % {"provider": decision.provider or "–"},
        ]
    paragraphs += ["", _("Mål med insatsen:"), decision.goal]
    if decision.motivation:
        paragraphs += ["", _("Motivering:"), decision.motivation]
    paragraphs += ["", _("Samtycken:"), *_consent_lines(record)]
    if record.need is not None:
        missing = ", ".join(record.need.missing) if record.need.missing else _("inga")
        paragraphs.append(_("Samtycke saknas: %(who)s") % {"who": missing})
    paragraphs.append(
        ngettext(
            "Motivationsarbete i utredningen: %(count)d tillfälle",
            "Motivationsarbete i utredningen: %(count)d tillfällen",
            record.motivation_count,
        )
        % {"count": record.motivation_count}
    )
    paragraphs += [
        "",
        _("Beslutsfattare: %(name)s") % {"name": decision.decided_by},
        "",
        _("Hur du överklagar"),
        *_appeal(decision),
    ]
    return title, pdf.text_pdf(title, paragraphs)
