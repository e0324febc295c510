"""Log refused access to a case: guessing another district's ids shows in log review.

The entry names the child and district the refused id belongs to (looked up
without scope, inside this module only), so the supervisors of that district
see the attempt in their log review. The refused user learns nothing: the
answer stays a plain 404.
"""

from django.db import transaction

from likvard.core.cases import case_kinds
from likvard.core.validation import MAX_ID

from .models import AuditEntry
from .services import record

#: How much of an id beyond MAX_ID the entry keeps: enough to see the probe.
_KEPT_DIGITS = 40


def record_denied(user, kind: str, pk, verb: str, *, writing: bool = False) -> None:
    """Append a 'denied' entry for `user` asking for object `pk` of `kind`.

    A refused change (`writing`) is logged even when the user may read the case: an
    inspector, who reads every district, posting to a page that changes a case.

    An id no row can have (below 1 or above MAX_ID) is still a probe worth seeing,
    but it fits no id column and names no case: it is logged without an object id,
    the digits in `reason`, and never queried.
    """
    target_kind = case_kinds().get(kind)
    if target_kind is None or not getattr(user, "is_authenticated", False):
        return
    model = target_kind.model
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return
    if not 1 <= pk <= MAX_ID:
        _record(user, verb, model(), reason=_out_of_range(pk))
        return
    if not writing and model.objects.visible_to(user).filter(pk=pk).exists():
        return  # the user may read it: the 404 was about something else (nothing waiting)
    if target_kind.district_path is None:  # a child: the district of its latest report
        target = (
            model.objects.filter(pk=pk, reports__isnull=False)
            .order_by("-reports__received_at")
            .values_list("id", "reports__district_id")
            .first()
        )
    else:
        paths = (target_kind.child_path, target_kind.district_path)
        target = model.objects.filter(pk=pk).values_list(*paths).first()
    child_id, district_id = target or (None, None)
    _record(user, verb, model(pk=pk), child_id=child_id, district_id=district_id)


def _out_of_range(pk: int) -> str:
    digits = str(pk)
    if len(digits) > _KEPT_DIGITS:
        digits = f"{digits[:_KEPT_DIGITS]}… ({len(digits)} siffror)"
    return f"id utanför databasens intervall: {digits}"


def _record(user, verb: str, obj, **fields) -> None:
    with transaction.atomic():
        record(user, AuditEntry.Action.DENIED, verb, obj, **fields)
