from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "likvard.partners"
