from django.apps import AppConfig


class BbicConfig(AppConfig):
    name = "likvard.bbic"
