from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "likvard.search"
    verbose_name = "Sök"
