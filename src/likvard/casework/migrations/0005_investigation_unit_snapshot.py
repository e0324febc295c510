"""The unit that handles an investigation, snapshotted on the row when it is assigned.

Existing rows get their assignee's unit as it is now: the best that is known,
and what the monthly counts read until this migration.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def snapshot_assignee_unit(apps, schema_editor):
    model = apps.get_model("casework", "investigation")
    user = apps.get_model("organisation", "User")
    model.objects.filter(assigned_to__unit__isnull=False).update(
        unit_id=Subquery(user.objects.filter(pk=OuterRef("assigned_to_id")).values("unit_id")[:1])
    )


class Migration(migrations.Migration):

    dependencies = [
        ('casework', '0004_investigation_inv_district_month'),
        ('organisation', '0003_later_permissions'),
    ]

    operations = [
        migrations.AddField(
            model_name='investigation',
            name='unit',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='investigations', to='organisation.unit', verbose_name='utredande enhet'),
        ),
        migrations.RunPython(snapshot_assignee_unit, migrations.RunPython.noop),
    ]
