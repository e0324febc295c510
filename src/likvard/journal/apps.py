from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "likvard.journal"
