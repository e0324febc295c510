from django.apps import AppConfig
from django.db.models.signals import post_save


class NoticesConfig(AppConfig):
    name = "likvard.notices"

    def ready(self):
        """Prepare the feedback from each new decision: casework, below this app,
        cannot call it, so this app listens for the Decision row being created; and
        show it on the report page (`casework.sections`)."""
        from likvard.casework.models import Decision

        from . import sections

        post_save.connect(_decided, sender=Decision, dispatch_uid="notices_prepare_feedback")
        sections.register()


def _decided(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from .services import prepare_after_decision

        prepare_after_decision(instance)
