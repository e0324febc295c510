"""The municipality's settings for dates (longest extension, longest backdating), and the
delegation to decide an extension of an investigation (`extend_investigations`).

A fresh database gets the delegation through the role groups seeded after migrate;
existing supervisor groups get it here, the way 0004 added its permissions. Until now
any caseworker could extend; from here only a role holding the delegation can.
"""

import django.core.validators
from django.db import migrations, models


def grant_to_supervisors(apps, schema_editor):
    content_type, _ = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="organisation", model="user"
    )
    permission, _ = apps.get_model("auth", "Permission").objects.get_or_create(
        content_type=content_type,
        codename="extend_investigations",
        defaults={"name": "Besluta om förlängd utredningstid (delegation)"},
    )
    for group in apps.get_model("auth", "Group").objects.filter(name="supervisor"):
        group.permissions.add(permission)


class Migration(migrations.Migration):

    dependencies = [
        ('organisation', '0005_district_on_call_email'),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name='MunicipalitySettings',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('municipality', models.CharField(max_length=100, unique=True, verbose_name='kommun')),
                ('max_extension_months', models.PositiveSmallIntegerField(default=2, help_text='Hur långt ett beslut om förlängd utredningstid får flytta slutdatumet.', validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(12)], verbose_name='längsta förlängning av en utredning (månader)')),
                ('max_backdating_days', models.PositiveSmallIntegerField(default=30, help_text='Hur många dagar bakåt ett avslut eller en händelse får dateras. Ett datum före i dag kräver alltid ett skäl, som loggas.', validators=[django.core.validators.MaxValueValidator(365)], verbose_name='längsta efterregistrering (dagar)')),
            ],
            options={
                'verbose_name': 'kommunens inställningar för datum',
                'verbose_name_plural': 'kommunens inställningar för datum',
                'ordering': ['municipality'],
            },
        ),
        migrations.AlterModelOptions(
            name='user',
            options={'permissions': (('write_cases', 'Handlägga ärenden i det egna stadsdelsområdet'), ('read_all_districts', 'Läsa ärenden i alla stadsdelsområden'), ('view_protected_identity', 'Se adress och kontaktuppgifter för skyddade personer'), ('review_access_log', 'Granska loggen över åtkomst till ärenden'), ('grant_case_access', 'Bevilja tillfällig åtkomst till ärenden i det egna området'), ('cosign_decisions', 'Kontrasignera beslut som riktlinjerna kräver arbetsledare för'), ('view_quality_indicators', 'Se kvalitetsindikatorerna (antal; ärenden där man får läsa)'), ('assign_cases', 'Fördela anmälningar och utredningar i det egna området'), ('handle_reports', 'Kan tilldelas orosanmälningar'), ('handle_investigations', 'Kan tilldelas utredningar'), ('extend_investigations', 'Besluta om förlängd utredningstid (delegation)')), 'verbose_name': 'medarbetare', 'verbose_name_plural': 'medarbetare'},
        ),
        migrations.RunPython(grant_to_supervisors, migrations.RunPython.noop),
    ]
