from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "likvard.intake"
    verbose_name = "E-tjänst för orosanmälan"
