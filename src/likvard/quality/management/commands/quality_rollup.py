"""`likvard quality_rollup [--rebuild]`: bring the stored month counts up to date.

Run it after loading data outside the services (the demo generator, an import),
after a deploy that changed the indicators, or from a nightly job. The
incremental part also runs after the commit of every write of case data; the
dashboard never writes (it counts afresh what a refresh has not stored yet).
"""

import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from likvard.quality import rollup
from likvard.quality.models import MonthCount


class Command(BaseCommand):
    help = _("Räknar kvalitetsindikatorernas månadssiffror (alla ärenden) till senaste loggposten.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--rebuild",
            action="store_true",
            help=_("Räkna om alla månader från början (efter data som inte kom via tjänsterna)."),
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        rollup.refresh(rebuild=options["rebuild"])
        if options["verbosity"] > 0:
            self.stdout.write(
                _("%(rows)d månadsrader på %(seconds).1f s.")
                % {"rows": MonthCount.objects.count(), "seconds": time.monotonic() - started}
            )
