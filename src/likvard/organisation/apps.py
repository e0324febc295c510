from django.apps import AppConfig


class OrganisationConfig(AppConfig):
    name = "likvard.organisation"
