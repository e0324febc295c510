"""`likvard import_postal_codes FILE`: the postal codes that route e-service reports.

All or nothing: a file with any problem imports nothing and lists every problem (row,
field, what is wrong). The demo's table is `likvard/intake/data/stockholm_postal_codes.csv`.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from likvard.intake.services import import_postal_codes

DEMO_TABLE = Path(__file__).resolve().parents[2] / "data" / "stockholm_postal_codes.csv"


class Command(BaseCommand):
    help = "Importera postnummer per stadsdelsområde från en CSV-fil (allt eller inget)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default=str(DEMO_TABLE))

    def handle(self, *args, file, **options):
        try:
            raw = Path(file).read_bytes()
        except OSError as exc:
            raise CommandError(f"Filen kunde inte läsas: {exc}") from exc
        count, problems = import_postal_codes(raw)
        if problems:
            for problem in problems:
                self.stderr.write(str(problem))
            raise CommandError(f"Inget importerat: {len(problems)} fel i filen.")
        self.stdout.write(f"{count} postnummer importerade.")
