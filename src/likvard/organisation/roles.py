"""The default permissions of each role, seeded as groups after every migrate.

A group named after each role holds that role's permissions. A missing group is
created with the defaults below; an existing group is never touched, so what a
municipality set in the admin stays.
"""

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS

DEFAULT_ROLE_PERMISSIONS = {
    "intake_worker": ["write_cases", "handle_reports"],
    "investigator": ["write_cases", "view_protected_identity", "handle_investigations"],
    "intervention_worker": ["write_cases"],
    "supervisor": [
        "write_cases",
        "view_protected_identity",
        "review_access_log",
        "grant_case_access",
        "cosign_decisions",
        "view_quality_indicators",
        "assign_cases",
        "handle_reports",
        "handle_investigations",
        "extend_investigations",
        "decide_interventions",
        "respond_to_inspections",
        "keep_oversight_register",
        "manage_partners",
        "route_public_reports",
    ],
    "admin_staff": [
        "write_cases",
        "keep_oversight_register",
        "manage_partners",
        "send_reporter_feedback",
    ],
    "inspector": ["read_all_districts", "view_quality_indicators", "conduct_inspections"],
    "analyst": ["view_quality_indicators"],
    "system_admin": ["review_access_log", "view_quality_indicators"],
}


def ensure_role_groups(using: str = DEFAULT_DB_ALIAS, apps=global_apps, **kwargs) -> None:
    """post_migrate handler: create the group of every role that has none.

    Nothing to do on a database that the migration left without the auth tables: the
    public e-service host's, which migrates `likvard.throttle` only.
    """
    try:
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
    except LookupError:
        return
    for role, codenames in DEFAULT_ROLE_PERMISSIONS.items():
        group, created = Group.objects.using(using).get_or_create(name=role)
        if created:
            group.permissions.add(
                *Permission.objects.using(using).filter(
                    content_type__app_label="organisation", codename__in=codenames
                )
            )
