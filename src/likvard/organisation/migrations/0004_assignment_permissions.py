"""Permissions for distributing cases: who may assign (supervisors) and who may be
assigned reports (intake workers, supervisors) or investigations (investigators,
supervisors).

A fresh database gets them through the role groups seeded after migrate; existing
role groups (never touched by that seeding) get them here, per role, the way
0003 added its permissions.
"""

from django.db import migrations

ADDED = {
    "assign_cases": (
        "Fördela anmälningar och utredningar i det egna området",
        ["supervisor"],
    ),
    "handle_reports": ("Kan tilldelas orosanmälningar", ["intake_worker", "supervisor"]),
    "handle_investigations": ("Kan tilldelas utredningar", ["investigator", "supervisor"]),
}


def grant_to_existing_groups(apps, schema_editor):
    group_model = apps.get_model("auth", "Group")
    content_type, _ = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="organisation", model="user"
    )
    for codename, (name, roles) in ADDED.items():
        permission, _ = apps.get_model("auth", "Permission").objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        for group in group_model.objects.filter(name__in=roles):
            group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0003_later_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="user",
            options={
                "permissions": (
                    ("write_cases", "Handlägga ärenden i det egna stadsdelsområdet"),
                    ("read_all_districts", "Läsa ärenden i alla stadsdelsområden"),
                    ("view_protected_identity",
                     "Se adress och kontaktuppgifter för skyddade personer"),
                    ("review_access_log", "Granska loggen över åtkomst till ärenden"),
                    ("grant_case_access",
                     "Bevilja tillfällig åtkomst till ärenden i det egna området"),
                    ("cosign_decisions",
                     "Kontrasignera beslut som riktlinjerna kräver arbetsledare för"),
                    ("view_quality_indicators",
                     "Se kvalitetsindikatorerna (antal; ärenden där man får läsa)"),
                    ("assign_cases", "Fördela anmälningar och utredningar i det egna området"),
                    ("handle_reports", "Kan tilldelas orosanmälningar"),
                    ("handle_investigations", "Kan tilldelas utredningar"),
                ),
                "verbose_name": "medarbetare",
                "verbose_name_plural": "medarbetare",
            },
        ),
        migrations.RunPython(grant_to_existing_groups, migrations.RunPython.noop),
    ]
