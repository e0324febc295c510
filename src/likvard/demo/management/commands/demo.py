"""`likvard demo`: build a synthetic municipality with years of cases.

likvard demo --municipality stockholm --years 1 --seed 1 --if-empty
"""

import datetime
import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from likvard.demo.generator import Generator
from likvard.demo.municipalities import MUNICIPALITIES
from likvard.organisation.models import District


class Command(BaseCommand):
    help = _("Bygger en syntetisk kommun med stadsdelsområden, personal och orosanmälningar.")

    def add_arguments(self, parser):
        parser.add_argument("--municipality", default="stockholm", choices=sorted(MUNICIPALITIES))
        parser.add_argument("--years", type=int, default=1, help=_("År av historik (minst 1)."))
        parser.add_argument("--seed", type=int, default=1, help=_("Samma frö ger samma data."))
        parser.add_argument(
            "--scale",
            type=float,
            default=1.0,
            help=_("Andel av kommunens verkliga volym (1.0 ≈ 30 000 anmälningar per år)."),
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help=_("Gör ingenting om det redan finns stadsdelsområden."),
        )
        parser.add_argument(
            "--as-of",
            help=_(
                "Tidpunkt (ISO 8601) då data slutar; standard är nu. För reproducerbara körningar."
            ),
        )

    def handle(self, *args, **options):
        if District.objects.exists():
            if options["if_empty"]:
                self.stdout.write(_("Det finns redan stadsdelsområden: inga demodata skapas."))
                return
            raise CommandError(
                _("Databasen har redan stadsdelsområden. Använd --if-empty eller en tom databas.")
            )
        if options["years"] < 1:
            raise CommandError(_("--years ska vara minst 1."))
        if not 0 < options["scale"] <= 10:
            raise CommandError(_("--scale ska vara större än 0 och högst 10."))
        now = None
        if options["as_of"]:
            try:
                now = datetime.datetime.fromisoformat(options["as_of"])
            except ValueError as exc:
                raise CommandError(_("--as-of ska vara en tidpunkt i ISO 8601-format.")) from exc
            if now.tzinfo is None:
                raise CommandError(_("--as-of behöver en tidszon, t.ex. 2026-11-22T12:00+01:00."))
        municipality = MUNICIPALITIES[options["municipality"]]
        show_progress = options["verbosity"] > 0
        console = Console(file=getattr(self.stdout, "_out", sys.stdout))
        progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            disable=not show_progress,
        )
        started = time.monotonic()
        with progress:
            generator = Generator(
                municipality,
                years=options["years"],
                seed=options["seed"],
                scale=options["scale"],
                now=now,
                demo_accounts=settings.DEMO_MODE,
            )
            task = progress.add_task(
                _("Bygger %(name)s (dagar)") % {"name": municipality.name}, total=generator.days
            )
            generator.progress = lambda n: progress.advance(task, n)
            result = generator.run()
        if show_progress:
            counts = result.counts
            self.stdout.write(
                _(
                    "%(name)s: %(districts)d stadsdelsområden, %(users)d medarbetare, "
                    "%(reports)d orosanmälningar om %(children)d barn, %(investigations)d "
                    "utredningar (%(start)s–%(end)s) på %(seconds).0f s."
                )
                % {
                    "name": municipality.name,
                    "districts": counts["districts"],
                    "users": counts["users"],
                    "reports": counts["reports"],
                    "children": counts["children"],
                    "investigations": counts["investigations"],
                    "start": result.start,
                    "end": result.end,
                    "seconds": time.monotonic() - started,
                }
            )
            if settings.DEMO_MODE:
                self.stdout.write(_("Demokonton: likvard demo_accounts"))
