"""Inspection, the oversight register, the partner registry and the reporters' feedback.

A fresh database gets these through the role groups seeded after migrate (roles.py);
existing groups get their role's new permissions here, the way 0007 added
`decide_interventions`.
"""

from django.db import migrations

NEW = {
    "conduct_inspections": (
        "Granska ärenden i alla stadsdelsområden (socialtjänstinspektion)",
        ["inspector"],
    ),
    "respond_to_inspections": (
        "Besvara granskningarnas iakttagelser för det egna området",
        ["supervisor"],
    ),
    "keep_oversight_register": (
        "Föra registret över tillsynsärenden i det egna området",
        ["supervisor", "admin_staff"],
    ),
    "manage_partners": ("Föra registret över samverkanspartner", ["supervisor", "admin_staff"]),
    "send_reporter_feedback": ("Skicka återkoppling till anmälare", ["admin_staff"]),
    "route_public_reports": ("Fördela e-tjänstens anmälningar som saknar område", ["supervisor"]),
}


def grant_to_roles(apps, schema_editor):
    content_type, _ = apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="organisation", model="user"
    )
    groups = apps.get_model("auth", "Group").objects
    for codename, (name, roles) in NEW.items():
        permission, _ = apps.get_model("auth", "Permission").objects.get_or_create(
            content_type=content_type, codename=codename, defaults={"name": name}
        )
        for group in groups.filter(name__in=roles):
            group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0007_intervention_delegation"),
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
                    (
                        "view_protected_identity",
                        "Se adress och kontaktuppgifter för skyddade personer",
                    ),
                    ("review_access_log", "Granska loggen över åtkomst till ärenden"),
                    (
                        "grant_case_access",
                        "Bevilja tillfällig åtkomst till ärenden i det egna området",
                    ),
                    (
                        "cosign_decisions",
                        "Kontrasignera beslut som riktlinjerna kräver arbetsledare för",
                    ),
                    (
                        "view_quality_indicators",
                        "Se kvalitetsindikatorerna (antal; ärenden där man får läsa)",
                    ),
                    ("assign_cases", "Fördela anmälningar och utredningar i det egna området"),
                    ("handle_reports", "Kan tilldelas orosanmälningar"),
                    ("handle_investigations", "Kan tilldelas utredningar"),
                    ("extend_investigations", "Besluta om förlängd utredningstid (delegation)"),
                    ("decide_interventions", "Besluta om insatser för barn och unga (delegation)"),
                    (
                        "conduct_inspections",
                        "Granska ärenden i alla stadsdelsområden (socialtjänstinspektion)",
                    ),
                    (
                        "respond_to_inspections",
                        "Besvara granskningarnas iakttagelser för det egna området",
                    ),
                    (
                        "keep_oversight_register",
                        "Föra registret över tillsynsärenden i det egna området",
                    ),
                    ("manage_partners", "Föra registret över samverkanspartner"),
                    ("send_reporter_feedback", "Skicka återkoppling till anmälare"),
                    ("route_public_reports", "Fördela e-tjänstens anmälningar som saknar område"),
                ),
                "verbose_name": "medarbetare",
                "verbose_name_plural": "medarbetare",
            },
        ),
        migrations.RunPython(grant_to_roles, migrations.RunPython.noop),
    ]
