from django.apps import AppConfig


class InterventionsConfig(AppConfig):
    name = "likvard.interventions"
