from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "likvard.oversight"
