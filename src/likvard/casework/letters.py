"""The documents the casework steps file in the child's file, as text for a PDF.

A decision is filed as a PDF in the case's documents when it is taken
(`documents.services.file_generated`, after the decision's commit).
"""

from django.utils.translation import gettext as _

from likvard.core.calendar import local_date
from likvard.documents import pdf


def decision_document(report, decision, provision, decided_by, cosigned_by=None):
    """(title, PDF bytes) of the decision on `report`."""
    child = report.child
    title = _("Beslut i ärende om orosanmälan %(id)s") % {"id": report.pk}
    paragraphs = [
        _("Barn: %(name)s, %(identity)s") % {"name": child, "identity": child.identity_display},
        _("Orosanmälan inkom: %(day)s") % {"day": local_date(report.received_at).isoformat()},
        _("Beslut: %(kind)s") % {"kind": decision.get_kind_display()},
        _("Beslutsdatum: %(day)s") % {"day": local_date(decision.decided_at).isoformat()},
        _("Lagrum: %(provision)s") % {"provision": provision or "–"},
        "",
        _("Motivering:"),
        decision.motivation or "–",
        "",
        _("Beslutsfattare: %(name)s") % {"name": decided_by},
    ]
    if cosigned_by is not None:
        paragraphs.append(_("Kontrasignerat av: %(name)s") % {"name": cosigned_by})
    return title, pdf.text_pdf(title, paragraphs)
