"""Seed the sources the rules at the closing of an investigation cite (data, not code).

The municipal and national texts are `GuidelineSource` rows. The laws the rules cite
(voluntary interventions, LVU 2, 3 and 6 §§) are the `casework.LegalProvision` rows the
interventions app seeds, cited by key.
"""

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

def seed(apps, schema_editor):
    source = apps.get_model("guidelines", "GuidelineSource")
    for key, title, issuer, reference, year, summary in SOURCES:
        source.objects.update_or_create(
            key=key,
            defaults={"title": title, "issuer": issuer, "reference": reference,
                      "adopted_in": year, "summary": summary},
        )


class Migration(migrations.Migration):
    dependencies = [("guidelines", "0004_closing_evaluations")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
