"""Seed the sources the rules at the closing of an investigation cite (data, not code).

The municipal and national texts are `GuidelineSource` rows. The laws are
`casework.LegalProvision` rows, which only this rule set cites so far: voluntary
interventions shaped with the family (SoL 2025:400 10:3; 2001:453 3:5, per DOMAIN.md's
mapping) and compulsory care of young persons (LVU 1990:52, which has no chapters:
the chapter is left empty and the panel cites "2–3 §§ LVU 1990:52").
"""

import datetime

from django.db import migrations

SOURCES = [
    (
        "do_report_2021",
        "Rapport om skillnader i socialtjänstens bedömningar av insatser till barn "
        "och risker för diskriminering",
        "Diskrimineringsombudsmannen (DO)",
        "",
        2021,
        "Särskilt pojkar med utländsk bakgrund och yngre barn får inte de insatser de bedöms "
        "behöva, eftersom vårdnadshavarna inte samtycker; juridiska hinder mot att inhämta "
        "samtycke drabbar i synnerhet insatser till små barn.",
    ),
    (
        "inspection_2021_consent",
        "Socialtjänstinspektörernas kvalitetsgranskning 2021 (barn utan insatser)",
        "Socialförvaltningen, Stockholms stad",
        "",
        2021,
        "Där barn inte fått insatser hänvisades ofta till att vårdnadshavarnas samtycke "
        "saknades; motivationsarbete för att påverka vårdnadshavarnas inställning kunde inte "
        "ses.",
    ),
    (
        "stockholm_child_guidelines",
        "Riktlinjer för handläggning av barn- och ungdomsärenden",
        "Stockholms stad",
        "",
        None,
        "Barn och familjer ska kunna erbjudas insatser redan under pågående utredning; "
        "utredningen avslutas med en bedömning av barnets behov och vilka insatser som "
        "erbjuds, eller varför inga erbjuds.",
    ),
    (
        "crc_article_12",
        "FN:s konvention om barnets rättigheter (barnkonventionen), artikel 12",
        "Riksdagen, lag (2018:1197)",
        "SFS 2018:1197",
        2020,
        "Barnet har rätt att fritt uttrycka sina åsikter i alla frågor som rör barnet och att "
        "höras i alla förfaranden som rör barnet.",
    ),
]

OLD, NEW, LVU = "SoL 2001:453", "SoL 2025:400", "LVU 1990:52"
LVU_FROM = datetime.date(1990, 7, 1)
PROVISIONS = [
    ("voluntary_interventions", OLD, "3", "5", datetime.date(2002, 1, 1),
     datetime.date(2025, 6, 30),
     "Insatser utformas och genomförs tillsammans med den enskilde (samtycke)"),
    ("voluntary_interventions", NEW, "10", "3", datetime.date(2025, 7, 1), None,
     "Insatser utformas och genomförs tillsammans med den enskilde (samtycke)"),
    ("lvu_care", LVU, "", "2–3", LVU_FROM, None,
     "Vård utan samtycke vid brister i hemmiljön (2 §) eller den unges eget beteende (3 §)"),
    ("lvu_immediate_custody", LVU, "", "6", LVU_FROM, None,
     "Omedelbart omhändertagande när rättens beslut inte kan avvaktas"),
]


def seed(apps, schema_editor):
    source = apps.get_model("guidelines", "GuidelineSource")
    for key, title, issuer, reference, year, summary in SOURCES:
        source.objects.update_or_create(
            key=key,
            defaults={"title": title, "issuer": issuer, "reference": reference,
                      "adopted_in": year, "summary": summary},
        )
    provision = apps.get_model("casework", "LegalProvision")
    for key, law, chapter, section, start, until, summary in PROVISIONS:
        provision.objects.update_or_create(
            key=key, in_force_from=start,
            defaults={"law": law, "chapter": chapter, "section": section,
                      "in_force_until": until, "summary": summary},
        )


class Migration(migrations.Migration):
    dependencies = [("guidelines", "0004_closing_evaluations"), ("casework", "0003_legal_provisions")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
