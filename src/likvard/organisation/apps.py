from django.apps import AppConfig
from django.db.models.signals import post_migrate


class OrganisationConfig(AppConfig):
    name = "likvard.organisation"

    def ready(self):
        from .roles import ensure_role_groups

        post_migrate.connect(
            ensure_role_groups, sender=self, dispatch_uid="likvard.ensure_role_groups"
        )
