from django.apps import AppConfig


class BbicConfig(AppConfig):
    name = "likvard.bbic"

    def ready(self):
        from . import sections

        sections.register()
