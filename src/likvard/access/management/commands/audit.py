"""`likvard audit verify`: check the audit log's hash chain, name the first break."""

from django.core.management.base import BaseCommand, CommandError

from likvard.access import chain
from likvard.access.models import AuditEntry

PROBLEMS = {
    "content": "row {id} was changed after it was written (its content no longer matches its hash)",
    "link": "the chain breaks at row {id}: the row before it was changed or removed",
}


class Command(BaseCommand):
    help = "Audit log tools. `verify` checks that no entry was changed or removed."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, **options):
        entries = AuditEntry.objects.order_by("id").iterator(chunk_size=5000)
        checked, broken = chain.verify(entries)
        if broken is not None:
            raise CommandError(
                "Audit log verification FAILED: "
                + PROBLEMS[broken.problem].format(id=broken.entry_id)
            )
        self.stdout.write(f"Audit log intact: {checked} entries, hash chain unbroken.")
