"""The default checklist of a review: the questions of the city's review of
pre-assessments that did not lead to an investigation (children 0–12, SOF 2023/605).

`prefill` names the system fact that answers a question before the inspector does
(`inspection/facts.py`); the inspector confirms or corrects it.
"""

from django.utils.translation import gettext_lazy as _

DEFAULT_CHECKLIST = [
    {
        "key": "time_limits_kept",
        "text": _(
            "Har lagstadgade tidsgränser hållits (skyddsbedömning och beslut inom 14 dagar)?"
        ),
        "prefill": "deadline_met",
    },
    {
        "key": "documentation_relevant",
        "text": _("Är dokumentationen relevant och tillräcklig?"),
        "prefill": None,
    },
    {
        "key": "motivation_well_founded",
        "text": _("Finns en välgrundad motivering till att inte inleda utredning?"),
        "prefill": None,
    },
    {
        "key": "concern_remained",
        "text": _("Fanns kvarstående oro som borde ha lett till att utredning inleddes?"),
        "prefill": None,
    },
    {
        "key": "child_heard",
        "text": _("Har barnet fått komma till tals (barnsamtal)?"),
        "prefill": "child_heard",
    },
    {
        "key": "feedback_given",
        "text": _("Har anmälaren fått återkoppling när hen bett om det?"),
        "prefill": "feedback_given",
    },
    {
        "key": "known_before_considered",
        "text": _("Om barnet var aktuellt tidigare: har det vägts in och motiverats?"),
        "prefill": "known_before",
    },
    {
        "key": "police_report_considered",
        "text": _("Har polisanmälan övervägts där det fanns misstanke om våld?"),
        "prefill": "police_considered",
    },
    {
        "key": "police_report_made",
        "text": _("Har polisanmälan gjorts där det fanns misstanke om våld?"),
        "prefill": "police_reported",
    },
    {
        "key": "straight_to_investigation",
        "text": _("Borde ärendet ha gått direkt till utredning?"),
        "prefill": None,
    },
]
