"""Seed the law references behind the workflow edges (data, not code).

Source: DOMAIN.md's mapping of SoL 2025:400 (as amended to SFS 2026:1552) to
SoL 2001:453. The new-law section for transfer to another municipality was not
verified, so only the old-law row is seeded for it (see docs/architecture.md).
"""

import datetime

from django.db import migrations

OLD, NEW = "SoL 2001:453", "SoL 2025:400"
OLD_FROM, OLD_UNTIL = datetime.date(2002, 1, 1), datetime.date(2025, 6, 30)
NEW_FROM = datetime.date(2025, 7, 1)
WEEK_RULE = datetime.date(2026, 1, 15)

PROVISIONS = [
    ("protection_assessment", OLD, "11", "1 a första stycket", datetime.date(2013, 1, 1),
     OLD_UNTIL, "Skyddsbedömning genast när en anmälan kommit in"),
    ("protection_assessment", NEW, "20", "1", NEW_FROM, None,
     "Skyddsbedömning genast när en anmälan kommit in"),
    ("pre_assessment_decision", OLD, "11", "1 a andra stycket", datetime.date(2013, 1, 1),
     OLD_UNTIL, "Beslut om att inleda eller inte inleda utredning inom 14 dagar"),
    ("pre_assessment_decision", NEW, "20", "2", NEW_FROM, None,
     "Beslut om att inleda eller inte inleda utredning inom 14 dagar"),
    ("open_investigation", OLD, "11", "1", OLD_FROM, OLD_UNTIL,
     "Nämnden ska utan dröjsmål inleda utredning"),
    ("open_investigation", NEW, "14", "2", NEW_FROM, None,
     "Nämnden ska utan dröjsmål inleda utredning"),
    ("investigation_time_limit", OLD, "11", "2", OLD_FROM, OLD_UNTIL,
     "Utredningen ska vara slutförd inom fyra månader"),
    ("investigation_time_limit", NEW, "20", "3–5", NEW_FROM, None,
     "Utredningen ska vara slutförd inom fyra månader"),
    ("investigation_extension", OLD, "11", "2", OLD_FROM, OLD_UNTIL,
     "Förlängning av utredningstiden vid särskilda skäl, för viss tid"),
    ("investigation_extension", NEW, "20", "3–5", NEW_FROM, None,
     "Förlängning av utredningstiden vid särskilda skäl, för viss tid"),
    ("feedback", OLD, "14", "1 b", datetime.date(2013, 1, 1), OLD_UNTIL,
     "Återkoppling till anmälningsskyldig anmälare som begär det"),
    ("feedback", NEW, "19", "6", NEW_FROM, datetime.date(2026, 1, 14),
     "Återkoppling till anmälningsskyldig anmälare som begär det"),
    ("feedback", NEW, "19", "6", WEEK_RULE, None,
     "Återkoppling senast en vecka efter beslutet (SFS 2025:1501)"),
    ("child_conversation", OLD, "11", "10", OLD_FROM, OLD_UNTIL,
     "Barnet får relevant information och möjlighet att framföra sina åsikter"),
    ("child_conversation", NEW, "20", "7", NEW_FROM, None,
     "Barnet får relevant information och möjlighet att framföra sina åsikter"),
    ("transfer", OLD, "2 a", "10", OLD_FROM, OLD_UNTIL,
     "Flyttning av ärende till annan kommun"),
    ("police_report", "BrB", "4", "3", datetime.date(2021, 7, 1), None,
     "Barnfridsbrott: barn som bevittnar brott i nära relation"),
    ("police_report_secrecy", "OSL 2009:400", "10", "21", datetime.date(2009, 6, 30), None,
     "Sekretess hindrar inte anmälan av brott mot barn"),
]


def seed(apps, schema_editor):
    provision = apps.get_model("casework", "LegalProvision")
    for key, law, chapter, section, start, until, summary in PROVISIONS:
        provision.objects.update_or_create(
            key=key, in_force_from=start,
            defaults={"law": law, "chapter": chapter, "section": section,
                      "in_force_until": until, "summary": summary},
        )


class Migration(migrations.Migration):
    dependencies = [("casework", "0002_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
