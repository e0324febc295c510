from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuidelinesConfig(AppConfig):
    name = "likvard.guidelines"
    verbose_name = _("Riktlinjer")

    def ready(self):
        from . import rules, services  # noqa: F401  (register the rule set and its kinds of configuration)
