"""A child's family is recorded per district: each relation and sibling link gets the
district whose worker recorded it (district boards are separate authorities).

Existing rows: the recording worker's unit's district; a row with no such worker
(imported, or the demo's) gets the district of the child's earliest report. A row that
is attributable to no district stops the migration: it is not guessed (giving it to a
district would show that district another authority's record).
"""

import django.db.models.deletion
from django.db import migrations, models


def districts_from_recorders(apps, schema_editor):
    report = apps.get_model("reports", "Report")
    user = apps.get_model("organisation", "User")
    unit_district = dict(
        user.objects.filter(unit__isnull=False).values_list("pk", "unit__district_id")
    )
    earliest = {}

    def first_district(child_id):
        if child_id not in earliest:
            earliest[child_id] = (
                report.objects.filter(child_id=child_id)
                .order_by("received_at", "pk")
                .values_list("district_id", flat=True)
                .first()
            )
        return earliest[child_id]

    for name, children in (("Relation", ("child_id",)), ("SiblingLink", ("child_id", "sibling_id"))):
        model = apps.get_model("people", name)
        for row in model.objects.filter(district__isnull=True).iterator():
            district = unit_district.get(row.recorded_by_id)
            for field in children:
                district = district or first_district(getattr(row, field))
            if district is None:
                raise RuntimeError(
                    f"people.{name} {row.pk}: no recording worker's district and no report "
                    "for the child; give it a district by hand before migrating."
                )
            model.objects.filter(pk=row.pk).update(district_id=district)


class Migration(migrations.Migration):

    dependencies = [
        ("organisation", "0006_municipality_settings_extension_delegation"),
        ("people", "0003_family"),
        ("reports", "0010_alter_report_state"),
    ]

    operations = [
        migrations.AddField(
            model_name="relation",
            name="district",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organisation.district",
                verbose_name="stadsdelsområde",
            ),
        ),
        migrations.AddField(
            model_name="siblinglink",
            name="district",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organisation.district",
                verbose_name="stadsdelsområde",
            ),
        ),
        migrations.RunPython(districts_from_recorders, migrations.RunPython.noop),
    ]
