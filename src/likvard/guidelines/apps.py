from django.apps import AppConfig


class GuidelinesConfig(AppConfig):
    name = "likvard.guidelines"
