"""What notices draws on the report page, registered in `apps.ready()`.

The report page's part on feedback to the reporter shows the letter or e-mail this app
prepared at the decision, and where it stands: the caseworker sees that the
administrator sends it, and does not tell the reporter a second time by telephone.
"""

from likvard.casework.sections import Section, register_feedback_section

from . import selectors
from .models import State


def _notice(request, report) -> dict | None:
    notice = selectors.latest_for_report(request.user, report.pk)
    if notice is None:
        return None
    return {"notice": notice, "waiting": notice.state in (State.PREPARED, State.SENDING)}


def register() -> None:
    register_feedback_section(Section("notice", "notices/_report_notice.html", _notice))
