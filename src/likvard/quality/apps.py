from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "likvard.quality"
