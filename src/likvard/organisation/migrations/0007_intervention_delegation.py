"""The delegation to decide an intervention for a child (`decide_interventions`).

A fresh database gets it through the role groups seeded after migrate; existing
supervisor groups get it here, the way 0006 added `extend_investigations`.
"""

from django.db import migrations


def grant_to_supervisors(apps, schema_editor):
    content_type, _ = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="organisation", model="user"
    )
    permission, _ = apps.get_model("auth", "Permission").objects.get_or_create(
        content_type=content_type,
        codename="decide_interventions",
        defaults={"name": "Besluta om insatser för barn och unga (delegation)"},
    )
    for group in apps.get_model("auth", "Group").objects.filter(name="supervisor"):
        group.permissions.add(permission)


class Migration(migrations.Migration):

    dependencies = [
        ('organisation', '0006_municipality_settings_extension_delegation'),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='user',
            options={'permissions': (('write_cases', 'Handlägga ärenden i det egna stadsdelsområdet'), ('read_all_districts', 'Läsa ärenden i alla stadsdelsområden'), ('view_protected_identity', 'Se adress och kontaktuppgifter för skyddade personer'), ('review_access_log', 'Granska loggen över åtkomst till ärenden'), ('grant_case_access', 'Bevilja tillfällig åtkomst till ärenden i det egna området'), ('cosign_decisions', 'Kontrasignera beslut som riktlinjerna kräver arbetsledare för'), ('view_quality_indicators', 'Se kvalitetsindikatorerna (antal; ärenden där man får läsa)'), ('assign_cases', 'Fördela anmälningar och utredningar i det egna området'), ('handle_reports', 'Kan tilldelas orosanmälningar'), ('handle_investigations', 'Kan tilldelas utredningar'), ('extend_investigations', 'Besluta om förlängd utredningstid (delegation)'), ('decide_interventions', 'Besluta om insatser för barn och unga (delegation)')), 'verbose_name': 'medarbetare', 'verbose_name_plural': 'medarbetare'},
        ),
        migrations.RunPython(grant_to_supervisors, migrations.RunPython.noop),
    ]
