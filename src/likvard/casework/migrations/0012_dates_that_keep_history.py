"""Dates that cannot rewrite history: the reason an event is dated before the day it was
recorded, and extensions decided after the due date stored as late.

Extensions already recorded are marked once here, by the same rule the service applies
(decided, on Stockholm's calendar, after the due date it moved); from then on the flag is
stored when the extension is decided and never recomputed.
"""

from zoneinfo import ZoneInfo

from django.db import migrations, models

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def mark_late_extensions(apps, schema_editor):
    extension_model = apps.get_model("casework", "InvestigationExtension")
    late, investigations = [], set()
    rows = extension_model.objects.values_list("pk", "investigation_id", "decided_at", "previous_due")
    for pk, investigation_id, decided_at, previous_due in rows.iterator():
        if decided_at.astimezone(STOCKHOLM).date() > previous_due:
            late.append(pk)
            investigations.add(investigation_id)
    extension_model.objects.filter(pk__in=late).update(late=True)
    apps.get_model("casework", "Investigation").objects.filter(pk__in=investigations).update(
        extended_late=True
    )


class Migration(migrations.Migration):

    dependencies = [
        ('casework', '0011_protection_alert'),
    ]

    operations = [
        migrations.AddField(
            model_name='childconversation',
            name='backdating_reason',
            field=models.TextField(blank=True, verbose_name='skäl till efterregistrering'),
        ),
        migrations.AddField(
            model_name='investigation',
            name='completion_backdating_reason',
            field=models.TextField(blank=True, verbose_name='skäl till efterregistrerat avslut'),
        ),
        migrations.AddField(
            model_name='investigation',
            name='extended_late',
            field=models.BooleanField(default=False, verbose_name='förlängd efter slutdatum'),
        ),
        migrations.AddField(
            model_name='investigationextension',
            name='late',
            field=models.BooleanField(default=False, verbose_name='beslutad efter slutdatum'),
        ),
        migrations.AddField(
            model_name='policereportconsideration',
            name='backdating_reason',
            field=models.TextField(blank=True, verbose_name='skäl till efterregistrering'),
        ),
        migrations.RunPython(mark_late_extensions, migrations.RunPython.noop),
    ]
