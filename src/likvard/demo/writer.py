"""Fast inserts of generated rows: plain values in, no model instances built.

Ten years of a large municipality is millions of rows. On this project's 2-core
machines `bulk_create` costs about 95 µs a row (building the model instance and
compiling every value), which made one year on SQLite take about a minute; rows
kept as plain values and sent with `executemany` (SQLite) or `COPY`
(PostgreSQL) cost a fraction of that. Values still pass through Django's own
`get_db_prep_save` wherever the backend needs a conversion (dates and
datetimes), so what lands in the table is what the ORM would have written.

Primary keys are allocated here, counting up from the table's current maximum,
so that children can point at parents without a round trip; the PostgreSQL
sequences are moved past them afterwards (as `loaddata` does). The generator
writes into a database without case data, in one transaction.
"""

from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.utils import timezone

#: Field types whose Python values the backends need converted before insert.
_PREPARED_TYPES = frozenset(
    {"DateField", "DateTimeField", "TimeField", "DecimalField", "DurationField", "JSONField"}
)


def _converter(field, db):
    """How a value of `field` becomes a database value, or None when it goes as is.

    Dates and datetimes go straight to the backend's adapter, as the fields'
    own `get_db_prep_value` would send them (psycopg adapts them natively).
    """
    kind = field.get_internal_type()
    if kind not in _PREPARED_TYPES:
        return None
    if kind in ("DateField", "DateTimeField", "TimeField"):
        if db.vendor == "postgresql":
            return None
        adapt = getattr(db.ops, f"adapt_{kind[:-5].lower()}field_value")
        return lambda value: adapt(value)
    return lambda value: field.get_db_prep_save(value, db)


class _PerRow:
    """A default that is made anew for every row (a callable default, or now)."""

    def __init__(self, make):
        self.make = make


def _default(field):
    if field.primary_key:
        return None
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return _PerRow(timezone.now)
    if field.has_default() and callable(field.default):
        return _PerRow(field.get_default)
    return field.get_default()


class TableWriter:
    """Collects rows of one model as dicts (by attname) and inserts them in batches."""

    def __init__(self, model: type[models.Model]):
        self.model = model
        fields = model._meta.concrete_fields
        self.attnames = [f.attname for f in fields]
        self.columns = [f.column for f in fields]
        # A field the generator leaves out gets what the ORM would give it: its
        # default (a callable one is called per row), or "now" for auto_now(_add).
        self.defaults = [_default(f) for f in fields]
        self.db = connections[DEFAULT_DB_ALIAS]
        self.converters = [_converter(f, self.db) for f in fields]
        self.rows: list[dict] = []
        self.written = 0
        self._last_id = model.objects.aggregate(top=models.Max("pk"))["top"] or 0

    def add(self, row: dict) -> int:
        """Queue one row (attname -> value) and return the primary key it will have.

        The row is kept as given until the flush, so a caller may still fill in
        fields that are decided later in its simulation.
        """
        self._last_id += 1
        row[self.model._meta.pk.attname] = self._last_id
        self.rows.append(row)
        return self._last_id

    def flush(self) -> None:
        if not self.rows:
            return
        pairs = list(zip(self.attnames, self.defaults, strict=True))
        convert_at = [(i, c) for i, c in enumerate(self.converters) if c is not None]
        made_at = [
            (i, name, default)
            for i, (name, default) in enumerate(pairs)
            if isinstance(default, _PerRow)
        ]
        # A value object that several rows share (one decision's moment on each of its
        # rule evaluations, one rule's parameters) is converted once per flush. Keyed by
        # id(), with the value kept alive beside its conversion so no id is reused.
        converted: list[dict[int, tuple]] = [{} for _ in convert_at]
        values = []
        for row in self.rows:
            get = row.get
            vals = [get(name, default) for name, default in pairs]
            for i, name, default in made_at:
                if name not in row:
                    vals[i] = default.make()
            for (i, convert), done in zip(convert_at, converted, strict=True):
                value = vals[i]
                if value is not None:
                    key = id(value)
                    if key not in done:
                        done[key] = (value, convert(value))
                    vals[i] = done[key][1]
            values.append(vals)
        _insert(self.db, self.model._meta.db_table, self.columns, values)
        self.written += len(values)
        self.rows = []


def _insert(db, table: str, columns: list[str], values: list[list]) -> None:
    quote = db.ops.quote_name
    with db.cursor() as cursor:
        if db.vendor == "postgresql":
            statement = f"COPY {quote(table)} ({', '.join(map(quote, columns))}) FROM STDIN"
            with cursor.cursor.copy(statement) as copy:
                for row in values:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(
                f"INSERT INTO {quote(table)} ({', '.join(map(quote, columns))}) "  # noqa: S608
                f"VALUES ({placeholders})",
                values,
            )


def reset_sequences(model_list) -> None:
    """Move the id sequences past the ids written here (PostgreSQL; no-op on SQLite)."""
    statements = connection.ops.sequence_reset_sql(no_style(), model_list)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
