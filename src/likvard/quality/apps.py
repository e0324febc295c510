from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "likvard.quality"

    def ready(self):
        """Refresh the stored month counts after every commit that wrote case data."""
        from likvard.access.services import recorded

        from . import rollup

        recorded.connect(rollup.on_audit_entry, dispatch_uid="quality.rollup")
