"""Interventions proposed in an investigation, each person's consent, the decision on a
proposal with its follow-ups, the motivation work where consent is missing, and the
consideration of care under LVU with the 6-month reconsideration clock.

Every row hangs off an investigation (casework) and is scoped by its district. The law
behind a proposal and a decision is a `casework.LegalProvision` row (seeded by this
app's migration 0002), the one in force on the row's date.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from likvard.access.scoping import ScopedQuerySet


class Kind(models.TextChoices):
    """What is proposed: open care (öppenvård), or a placement outside the home."""

    CONTACT_PERSON = "contact_person", _("Kontaktperson")
    CONTACT_FAMILY = "contact_family", _("Kontaktfamilj")
    FAMILY_TREATMENT = "family_treatment", _("Familjebehandling")
    QUALIFIED_CONTACT_PERSON = "qualified_contact_person", _("Särskilt kvalificerad kontaktperson")
    PARENTING_PROGRAMME = "parenting_programme", _("Strukturerat föräldraskapsprogram")
    YOUTH_PROGRAMME = "youth_programme", _("Strukturerat ungdomsprogram")
    OTHER = "other", _("Annan insats")
    FAMILY_HOME = "family_home", _("Placering i familjehem")
    EMERGENCY_HOME = "emergency_home", _("Placering i jourhem")
    HVB = "hvb", _("Placering i HVB (hem för vård eller boende)")
    SUPPORTED_HOUSING = "supported_housing", _("Placering i stödboende")


#: Out-of-home care: may be proposed, but deciding it is not built here (placements).
PLACEMENT_KINDS = frozenset(
    {Kind.FAMILY_HOME, Kind.EMERGENCY_HOME, Kind.HVB, Kind.SUPPORTED_HOUSING}
)


class Basis(models.TextChoices):
    VOLUNTARY = "voluntary", _("Frivillig insats (SoL)")
    COMPULSORY = "compulsory", _("Vård enligt LVU")


class InvestigationQuerySet(ScopedQuerySet):
    """Rows hanging off an investigation: scoped by its district."""

    district_field = "investigation__district"


class ProposalQuerySet(ScopedQuerySet):
    district_field = "district"


class InterventionProposal(models.Model):
    """A proposed intervention for the child, made during an investigation."""

    case_kind = "intervention_proposal"  # see likvard.core.cases

    Kind = Kind
    Basis = Basis

    investigation = models.ForeignKey(
        "casework.Investigation",
        on_delete=models.PROTECT,
        related_name="intervention_proposals",
        verbose_name=_("utredning"),
    )
    # Copied from the investigation: scope, the queue and the facts read them without a join.
    child = models.ForeignKey(
        "people.Child", on_delete=models.PROTECT, related_name="+", verbose_name=_("barn")
    )
    district = models.ForeignKey(
        "organisation.District",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("stadsdelsområde"),
    )
    kind = models.CharField(_("insats"), max_length=30, choices=Kind.choices)
    basis = models.CharField(_("grund"), max_length=20, choices=Basis.choices)
    #: The provision in force on `proposed_on` (key "intervention_voluntary" or "lvu_care").
    provision = models.ForeignKey(
        "casework.LegalProvision",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("lagrum"),
    )
    goal = models.TextField(_("mål med insatsen"))
    proposed_on = models.DateField(_("föreslagen"))
    backdating_reason = models.TextField(_("skäl till efterregistrering"), blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("föreslagen av"),
    )
    recorded_at = models.DateTimeField(_("dokumenterad"), default=timezone.now, editable=False)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("förslag till insats")
        verbose_name_plural = _("förslag till insatser")
        indexes = [models.Index(fields=["investigation", "proposed_on"], name="proposal_inv")]

    def __str__(self) -> str:
        return str(self.get_kind_display())

    @property
    def is_placement(self) -> bool:
        return self.kind in PLACEMENT_KINDS

    @property
    def is_voluntary(self) -> bool:
        return self.basis == Basis.VOLUNTARY


class ProposalChildQuerySet(ScopedQuerySet):
    district_field = "proposal__district"


class Consent(models.Model):
    """One person's answer to a voluntary proposal: a guardian's, or the child's own.

    Never changed: a new answer is a new row and the previous one stops being `current`,
    so the history stays. A partial unique constraint allows one current row per person
    (and one for the child) per proposal, so a double submit cannot leave two.
    """

    case_kind = "intervention_consent"  # see likvard.core.cases

    class Status(models.TextChoices):
        GIVEN = "given", _("Samtycker")
        DECLINED = "declined", _("Samtycker inte")
        NOT_REACHABLE = "not_reachable", _("Har inte gått att nå")
        NOT_ASKED = "not_asked", _("Har inte tillfrågats")

    class How(models.TextChoices):
        MEETING = "meeting", _("Vid möte")
        PHONE = "phone", _("Per telefon")
        LETTER = "letter", _("Per brev")
        DIGITAL = "digital", _("Digitalt")
        OTHER = "other", _("På annat sätt")

    proposal = models.ForeignKey(
        InterventionProposal,
        on_delete=models.PROTECT,
        related_name="consents",
        verbose_name=_("förslag till insats"),
    )
    #: The guardian; empty when the answer is the child's own.
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vårdnadshavare"),
    )
    status = models.CharField(_("samtycke"), max_length=20, choices=Status.choices)
    answered_on = models.DateField(_("datum"))
    how = models.CharField(_("hur"), max_length=20, choices=How.choices)
    backdating_reason = models.TextField(_("skäl till efterregistrering"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("dokumenterad av"),
    )
    recorded_at = models.DateTimeField(_("dokumenterad"), default=timezone.now, editable=False)
    current = models.BooleanField(_("gäller"), default=True)

    objects = ProposalChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("samtycke")
        verbose_name_plural = _("samtycken")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "person"],
                condition=models.Q(current=True, person__isnull=False),
                name="consent_current_per_guardian",
            ),
            models.UniqueConstraint(
                fields=["proposal"],
                condition=models.Q(current=True, person__isnull=True),
                name="consent_current_of_child",
            ),
        ]

    @property
    def is_child(self) -> bool:
        return self.person_id is None


class Intervention(models.Model):
    """The decision on a proposal (beslut om insats): granted or not, once per proposal."""

    case_kind = "intervention"  # see likvard.core.cases

    proposal = models.OneToOneField(
        InterventionProposal,
        on_delete=models.PROTECT,
        related_name="decision",
        verbose_name=_("förslag till insats"),
    )
    granted = models.BooleanField(_("beviljad"))
    decided_on = models.DateField(_("beslutsdatum"))
    backdating_reason = models.TextField(_("skäl till efterregistrering"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("beslutsfattare"),
    )
    decided_at = models.DateTimeField(_("dokumenterat"), default=timezone.now, editable=False)
    provision = models.ForeignKey(
        "casework.LegalProvision",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("lagrum"),
    )
    #: The child consented alone (12 or older, an intervention the law lets a child accept).
    child_consented_alone = models.BooleanField(_("barnets eget samtycke"), default=False)
    start_on = models.DateField(_("startdatum"), null=True, blank=True)
    planned_end = models.DateField(_("planerat slutdatum"), null=True, blank=True)
    provider = models.CharField(_("utförare eller enhet"), max_length=200, blank=True)
    goal = models.TextField(_("mål med insatsen"))
    motivation = models.TextField(_("motivering"), blank=True)

    objects = ProposalChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("beslut om insats")
        verbose_name_plural = _("beslut om insatser")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(granted=False)
                | models.Q(start_on__isnull=False, start_on__gte=models.F("decided_on")),
                name="intervention_starts_after_decision",
            ),
            models.CheckConstraint(
                condition=models.Q(planned_end__isnull=True)
                | models.Q(planned_end__gt=models.F("start_on")),
                name="intervention_ends_after_start",
            ),
        ]


class FollowUpQuerySet(ScopedQuerySet):
    district_field = "intervention__proposal__district"


class FollowUp(models.Model):
    """A follow-up of a granted intervention: planned with a due date, then recorded."""

    case_kind = "intervention_follow_up"  # see likvard.core.cases

    intervention = models.ForeignKey(
        Intervention,
        on_delete=models.PROTECT,
        related_name="follow_ups",
        verbose_name=_("insats"),
    )
    due_on = models.DateField(_("ska göras senast"))
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("planerad av"),
    )
    done_on = models.DateField(_("gjord"), null=True, blank=True)
    text = models.TextField(_("uppföljning"), blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gjord av"),
    )
    backdating_reason = models.TextField(_("skäl till efterregistrering"), blank=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("uppföljning")
        verbose_name_plural = _("uppföljningar")
        indexes = [
            # The queue: follow-ups not yet done, by due date.
            models.Index(
                fields=["due_on"], condition=models.Q(done_on__isnull=True), name="followup_open"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(done_on__isnull=True, done_by__isnull=True)
                | models.Q(done_on__isnull=False, done_by__isnull=False),
                name="followup_done_with_who",
            )
        ]


class MotivationWork(models.Model):
    """What was done to win consent (motivationsarbete), with its outcome."""

    case_kind = "motivation_work"  # see likvard.core.cases

    class WorkKind(models.TextChoices):
        MEETING = "meeting", _("Möte")
        HOME_VISIT = "home_visit", _("Hembesök")
        NETWORK_MEETING = "network_meeting", _("Nätverksmöte")
        OTHER = "other", _("Annat")

    class Interpreter(models.TextChoices):
        NONE = "none", _("Ingen tolk")
        INTERPRETER = "interpreter", _("Tolk")
        CULTURAL_INTERPRETER = "cultural_interpreter", _("Kulturtolk")

    class Outcome(models.TextChoices):
        CONSENT_GIVEN = "consent_given", _("Samtycke gavs")
        STILL_DECLINED = "still_declined", _("Fortfarande inget samtycke")
        PARTLY = "partly", _("Delvis samtycke")
        OTHER = "other", _("Annat")

    investigation = models.ForeignKey(
        "casework.Investigation",
        on_delete=models.PROTECT,
        related_name="motivation_work",
        verbose_name=_("utredning"),
    )
    proposal = models.ForeignKey(
        InterventionProposal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="motivation_work",
        verbose_name=_("förslag till insats"),
    )
    kind = models.CharField(_("vad som gjordes"), max_length=20, choices=WorkKind.choices)
    interpreter = models.CharField(_("tolk"), max_length=30, choices=Interpreter.choices)
    worked_on = models.DateField(_("datum"))
    backdating_reason = models.TextField(_("skäl till efterregistrering"), blank=True)
    outcome = models.CharField(_("resultat"), max_length=20, choices=Outcome.choices)
    note = models.TextField(_("anteckning"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("dokumenterad av"),
    )
    recorded_at = models.DateTimeField(_("dokumenterad"), default=timezone.now, editable=False)

    objects = InvestigationQuerySet.as_manager()

    class Meta:
        verbose_name = _("motivationsarbete")
        verbose_name_plural = _("motivationsarbete")
        indexes = [models.Index(fields=["investigation", "worked_on"], name="motivation_inv")]


class LvuConsideration(models.Model):
    """A recorded consideration of care under LVU: which grounds, and what came of it."""

    case_kind = "lvu_consideration"  # see likvard.core.cases

    class Outcome(models.TextChoices):
        COURT_APPLICATION = "court_application", _("Ansökan till förvaltningsrätten")
        IMMEDIATE_CUSTODY = "immediate_custody", _("Omedelbart omhändertagande (6 § LVU)")
        NOT_APPLICABLE = "not_applicable", _("Inte aktuellt")

    investigation = models.ForeignKey(
        "casework.Investigation",
        on_delete=models.PROTECT,
        related_name="lvu_considerations",
        verbose_name=_("utredning"),
    )
    home_environment = models.BooleanField(_("2 § LVU (hemförhållanden)"), default=False)
    own_behaviour = models.BooleanField(_("3 § LVU (eget beteende)"), default=False)
    outcome = models.CharField(_("ställningstagande"), max_length=30, choices=Outcome.choices)
    reason = models.TextField(_("skäl"), blank=True)
    considered_on = models.DateField(_("övervägt"))
    backdating_reason = models.TextField(_("skäl till efterregistrering"), blank=True)
    considered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("övervägt av"),
    )
    recorded_at = models.DateTimeField(_("dokumenterad"), default=timezone.now, editable=False)

    objects = InvestigationQuerySet.as_manager()

    class Meta:
        verbose_name = _("övervägande om vård enligt LVU")
        verbose_name_plural = _("överväganden om vård enligt LVU")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(home_environment=True) | models.Q(own_behaviour=True),
                name="lvu_consideration_has_ground",
            ),
            models.CheckConstraint(
                condition=~models.Q(outcome="not_applicable") | ~models.Q(reason=""),
                name="lvu_not_applicable_has_reason",
            ),
        ]


class LvuCareEnd(models.TextChoices):
    """Why care under LVU ended (at module level: the model's constraint names them)."""

    NOT_NEEDED = "not_needed", _("Vården behövs inte längre (21 § LVU)")
    AGE_LIMIT = "age_limit", _("Den unge har nått åldersgränsen (21 § LVU)")
    NOT_UPHELD = "not_upheld", _("Rätten beslutade att vården inte ska fortsätta")
    TRANSFERRED = "transferred", _("Ärendet har flyttats till en annan kommun")


class LvuCare(models.Model):
    """Care under LVU that has begun, with its reconsideration clock (LVU 13 §).

    `next_reconsideration_due` is computed by `reports.deadlines.lvu_reconsideration_due`
    when the care begins and moved by each reconsideration; the queue reads the column.
    """

    case_kind = "lvu_care"  # see likvard.core.cases

    class Ground(models.TextChoices):
        HOME_ENVIRONMENT = "home_environment", _("2 § LVU (hemförhållanden)")
        OWN_BEHAVIOUR = "own_behaviour", _("3 § LVU (eget beteende)")
        BOTH = "both", _("2 och 3 §§ LVU")

    EndReason = LvuCareEnd

    investigation = models.ForeignKey(
        "casework.Investigation",
        on_delete=models.PROTECT,
        related_name="lvu_care",
        verbose_name=_("utredning"),
    )
    ground = models.CharField(_("grund"), max_length=20, choices=Ground.choices)
    started_on = models.DateField(_("vården påbörjades"))
    backdating_reason = models.TextField(_("skäl till efterregistrering"), blank=True)
    last_reconsidered_on = models.DateField(_("senast övervägd"), null=True, blank=True)
    next_reconsideration_due = models.DateField(_("ska övervägas senast"), db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("dokumenterad av"),
    )
    # Care ends by the committee's decision (21 § LVU), at the age limit, when the court
    # does not uphold it, or with the case moved; ended care leaves the queue.
    ended_on = models.DateField(_("vården upphörde"), null=True, blank=True)
    end_reason = models.CharField(
        _("skäl till att vården upphörde"), max_length=20, choices=LvuCareEnd.choices, blank=True
    )
    end_backdating_reason = models.TextField(_("skäl till efterregistrering"), blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("upphörande registrerat av"),
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    objects = InvestigationQuerySet.as_manager()

    class Meta:
        verbose_name = _("vård enligt LVU")
        verbose_name_plural = _("vård enligt LVU")
        constraints = [
            # A double submit cannot register the same care twice.
            models.UniqueConstraint(fields=["investigation", "started_on"], name="lvu_care_once"),
            models.CheckConstraint(
                condition=(
                    models.Q(ended_on__isnull=True, end_reason="", ended_by__isnull=True)
                    | models.Q(
                        ended_on__gte=models.F("started_on"),
                        ended_by__isnull=False,
                        end_reason__in=LvuCareEnd.values,
                    )
                ),
                name="lvu_care_end_whole",
            ),
        ]

    @property
    def ongoing(self) -> bool:
        return self.ended_on is None


class LvuReconsiderationQuerySet(ScopedQuerySet):
    district_field = "care__investigation__district"


class LvuReconsideration(models.Model):
    """One reconsideration of care under LVU; it moves the care's clock.

    Unique per care and the due date it answered, so a double submit is refused.
    """

    care = models.ForeignKey(
        LvuCare,
        on_delete=models.PROTECT,
        related_name="reconsiderations",
        verbose_name=_("vård enligt LVU"),
    )
    reconsidered_on = models.DateField(_("övervägd"))
    backdating_reason = models.TextField(_("skäl till efterregistrering"), blank=True)
    previous_due = models.DateField(_("tidigare datum"))
    next_due = models.DateField(_("nytt datum"))
    reconsidered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("övervägd av"),
    )

    objects = LvuReconsiderationQuerySet.as_manager()

    class Meta:
        verbose_name = _("övervägande av fortsatt vård enligt LVU")
        verbose_name_plural = _("överväganden av fortsatt vård enligt LVU")
        constraints = [
            models.UniqueConstraint(fields=["care", "previous_due"], name="lvu_reconsider_once")
        ]
