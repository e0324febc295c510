"""Seed the municipal sources the first rule set cites (data, not code).

From the source documents: the social committee's decision on the inspectors'
review of pre-assessments (SOF 2023/605), the city's 2020 guidelines on police
reports, and the council's steering documents on feedback to reporters.
"""

from django.db import migrations

SOURCES = [
    (
        "inspection_2023_605",
        "Förhandsbedömningar barn 0–12 år, socialtjänstinspektörernas kvalitetsgranskning",
        "Socialnämnden, Stockholms stad",
        "SOF 2023/605",
        2023,
        "286 förhandsbedömningar som inte ledde till utredning: kvarstående oro i cirka 20 %, "
        "barnet kom till tals i 25 %, återkoppling i 66 %, 37 % kända sedan tidigare utan "
        "motivering, polisanmälan övervägd i tre fall.",
    ),
    (
        "stockholm_guidelines_2020",
        "Riktlinjer för socialtjänstens handläggning (uppdaterade 2020)",
        "Kommunfullmäktige, Stockholms stad",
        "",
        2020,
        "Polisanmälan ska alltid övervägas vid våld mot barn, och övervägandet ska omprövas "
        "regelbundet.",
    ),
    (
        "feedback_steering",
        "Styrdokument om återkoppling till anmälare",
        "Kommunfullmäktige, Stockholms stad",
        "",
        None,
        "Återkoppling till anmälare som begärt det ska göras regelmässigt.",
    ),
]


def seed(apps, schema_editor):
    source = apps.get_model("guidelines", "GuidelineSource")
    for key, title, issuer, reference, year, summary in SOURCES:
        source.objects.update_or_create(
            key=key,
            defaults={"title": title, "issuer": issuer, "reference": reference,
                      "adopted_in": year, "summary": summary},
        )


class Migration(migrations.Migration):
    dependencies = [("guidelines", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
