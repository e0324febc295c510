"""Seed the law references the BBIC investigation cites (data, not code).

Kommunicering before a decision (förvaltningslagen 2017:900, 25 §) and how a decision
is appealed (förvaltningslagen 44 §: within three weeks from the day the party was
notified, sent to the authority that decided, 43 §). Which decisions of the social
committee can be appealed by förvaltningsbesvär (SoL 2001:453 16 kap. 3 §) is seeded
for the old law only: the section of SoL 2025:400 that replaces it was not verified.
"""

import datetime

from django.db import migrations

FL = "FL 2017:900"
FL_FROM = datetime.date(2018, 7, 1)

PROVISIONS = [
    ("communication", FL, "", "25", FL_FROM, None,
     "Kommunicering: parten ska underrättas om uppgifterna och få tillfälle att yttra sig"),
    ("appeal_time", FL, "", "44", FL_FROM, None,
     "Överklagande ska ha kommit in inom tre veckor från den dag klaganden fick del av beslutet"),
    ("appeal_where", FL, "", "43", FL_FROM, None,
     "Överklagandet ges in till den myndighet som har meddelat beslutet"),
    ("appealable_decisions", "SoL 2001:453", "16", "3", datetime.date(2002, 1, 1),
     datetime.date(2025, 6, 30), "Beslut som får överklagas hos allmän förvaltningsdomstol"),
]


def seed(apps, schema_editor):
    provision = apps.get_model("casework", "LegalProvision")
    for key, law, chapter, section, start, until, summary in PROVISIONS:
        provision.objects.update_or_create(
            key=key, in_force_from=start,
            defaults={"law": law, "chapter": chapter, "section": section,
                      "in_force_until": until, "summary": summary},
        )


def unseed(apps, schema_editor):
    provision = apps.get_model("casework", "LegalProvision")
    for key, _law, _chapter, _section, start, _until, _summary in PROVISIONS:
        provision.objects.filter(key=key, in_force_from=start).delete()


class Migration(migrations.Migration):
    dependencies = [("bbic", "0001_initial"), ("casework", "0003_legal_provisions")]
    operations = [migrations.RunPython(seed, unseed)]
