"""Seed the law behind interventions, consent and LVU as casework.LegalProvision rows.

Verified (prop. 2022/23:64, SFS 2023 in force 2023-07-01): SoL 2001:453 3 kap. 6 a §
(open interventions) and 6 b § (contact person, specially qualified contact person) let
the board decide them for a child of 12 or more who consents, without the guardians'
consent (before 2023-07-01 the age was 15). SoL 2025:400 10 kap. 3 § (interventions
shaped together with the person) is DOMAIN.md's mapping of 3 kap. 5 §. Known gap: the
sections of SoL 2025:400 that carry 3 kap. 6 a–6 b §§ were not verified, so the child's
own consent and the contact person are seeded with the old law's rows only (like the
transfer in casework 0003); a decision after 2025-06-30 cites none for them.
LVU (1990:52) and förvaltningslagen (2017:900) have no chapters: chapter is "".
"""

import datetime

from django.db import migrations

OLD, NEW, LVU, FL = "SoL 2001:453", "SoL 2025:400", "LVU 1990:52", "FL 2017:900"
OLD_FROM, OLD_UNTIL = datetime.date(2002, 1, 1), datetime.date(2025, 6, 30)
NEW_FROM = datetime.date(2025, 7, 1)
AGE_12_FROM = datetime.date(2023, 7, 1)
LVU_FROM = datetime.date(1990, 7, 1)

PROVISIONS = [
    ("intervention_voluntary", OLD, "3", "5", OLD_FROM, OLD_UNTIL,
     "Insatser utformas och genomförs tillsammans med den enskilde (samtycke)"),
    ("intervention_voluntary", NEW, "10", "3", NEW_FROM, None,
     "Insatser utformas och genomförs tillsammans med den enskilde (samtycke)"),
    ("intervention_contact_person", OLD, "3", "6 b", OLD_FROM, OLD_UNTIL,
     "Kontaktperson, kontaktfamilj och särskilt kvalificerad kontaktperson"),
    ("child_consent_alone", OLD, "3", "6 a–6 b", AGE_12_FROM, OLD_UNTIL,
     "Öppna insatser och kontaktperson till barn som fyllt 12 år utan vårdnadshavarnas "
     "samtycke, om barnet samtycker"),
    ("lvu_care", LVU, "", "1", LVU_FROM, None,
     "Vård enligt LVU när samtycke till behövlig vård inte lämnas"),
    ("lvu_home_environment", LVU, "", "2", LVU_FROM, None,
     "Vård på grund av förhållandena i hemmet"),
    ("lvu_own_behaviour", LVU, "", "3", LVU_FROM, None,
     "Vård på grund av den unges eget beteende"),
    ("lvu_immediate_custody", LVU, "", "6", LVU_FROM, None, "Omedelbart omhändertagande"),
    ("lvu_reconsideration", LVU, "", "13", LVU_FROM, None,
     "Vården övervägs eller prövas minst var sjätte månad"),
    ("appeal", FL, "", "44", datetime.date(2018, 7, 1), None,
     "Överklagande inom tre veckor från den dag klaganden fick del av beslutet"),
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
    dependencies = [("interventions", "0001_initial"), ("casework", "0003_legal_provisions")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
