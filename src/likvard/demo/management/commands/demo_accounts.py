"""`likvard demo_accounts`: the demo sign-ins, printed for the person trying the system."""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from rich.console import Console
from rich.table import Table

from likvard.demo.accounts import DEMO_PASSWORD, existing_demo_accounts
from likvard.organisation.models import Role


class Command(BaseCommand):
    help = _("Visar demokontona (användarnamn, roll, stadsdelsområde) och lösenordet.")

    def handle(self, *args, **options):
        if not settings.DEMO_MODE:
            self.stdout.write(_("Demoläget är avstängt (LIKVARD_DEMO): det finns inga demokonton."))
            return
        accounts = existing_demo_accounts()
        if not accounts:
            self.stdout.write(_("Inga demokonton finns ännu. Kör: likvard demo --if-empty"))
            return
        table = Table(title=_("Demokonton (lösenord: %(password)s)") % {"password": DEMO_PASSWORD})
        for header in (_("Användarnamn"), _("Roll"), _("Stadsdelsområde")):
            table.add_column(header)
        for spec, user in accounts:
            district = user.unit.district.name if user.unit_id else "–"
            table.add_row(spec.username, str(Role(user.role).label), district)
        console = Console(file=getattr(self.stdout, "_out", sys.stdout), width=100)
        console.print(table)
        self.stdout.write(
            _("Lösenord för alla demokonton: %(password)s") % {"password": DEMO_PASSWORD}
        )
