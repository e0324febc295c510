from django.apps import AppConfig
from django.db.backends.signals import connection_created


def _unicode_lower(value):
    return value.lower() if isinstance(value, str) else value


def lower_every_letter(sender, connection, **kwargs):
    """SQLite's LOWER() lowers only A–Z, so "Åsa" stayed "Åsa" and a search for "åsa"
    found nobody in the demo. Give SQLite Python's lowering, as PostgreSQL's LOWER has."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("LOWER", 1, _unicode_lower, deterministic=True)


class SearchConfig(AppConfig):
    name = "likvard.search"
    verbose_name = "Sök"

    def ready(self):
        connection_created.connect(lower_every_letter, dispatch_uid="likvard-sqlite-lower")
