"""The inspectors' case review (socialtjänstinspektion): a review's set-up and sample,
its checklist, and the inspectors' answers per sampled case.

A review reads cases of every district but writes nothing in them: its rows point at
the cases (a report, and for other populations the investigation or the intervention)
and hold only the inspectors' judgement. The set-up is frozen when the sample is drawn
(`frozen_at`), so the sample and the checklist the answers refer to cannot move.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Population(models.TextChoices):
    PRE_ASSESSMENTS_NOT_OPENED = (
        "pre_assessments_not_opened",
        _("Förhandsbedömningar avslutade utan utredning"),
    )
    INVESTIGATIONS = "investigations", _("Avslutade utredningar")
    INTERVENTIONS = "interventions", _("Beslutade insatser")


class Allocation(models.TextChoices):
    EQUAL = "equal", _("Lika många per stadsdelsområde")
    PROPORTIONAL = "proportional", _("I proportion till antalet ärenden")
    ALL = "all", _("Alla ärenden i urvalsramen")


class State(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    IN_REVIEW = "in_review", _("Granskning pågår")
    COMPLETED = "completed", _("Avslutad")


class Value(models.TextChoices):
    YES = "yes", _("Ja")
    NO = "no", _("Nej")
    PARTLY = "partly", _("Delvis")
    NOT_APPLICABLE = "not_applicable", _("Ej tillämpligt")


class Source(models.TextChoices):
    REVIEW = "review", _("Granskning")
    IMPORT = "import", _("Import")


class Review(models.Model):
    """One review: which cases (population, period, ages, districts), how many and how
    they are spread over the districts, and the seed that makes the draw repeatable."""

    Population = Population
    Allocation = Allocation
    State = State

    title = models.CharField(_("rubrik"), max_length=200)
    population = models.CharField(_("urvalsram"), max_length=40, choices=Population.choices)
    period_start = models.DateField(_("period från"))
    period_end = models.DateField(_("period till"))
    age_min = models.PositiveSmallIntegerField(_("barnets ålder från"), null=True, blank=True)
    age_max = models.PositiveSmallIntegerField(_("barnets ålder till"), null=True, blank=True)
    districts = models.ManyToManyField(
        "organisation.District",
        blank=True,
        related_name="+",
        verbose_name=_("stadsdelsområden"),
        help_text=_("Inget valt: alla stadsdelsområden."),
    )
    allocation = models.CharField(_("fördelning"), max_length=20, choices=Allocation.choices)
    sample_size = models.PositiveIntegerField(_("urvalets storlek"), null=True, blank=True)
    seed = models.BigIntegerField(_("startvärde för slumpen (seed)"))
    state = models.CharField(_("status"), max_length=20, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("skapad av"),
    )
    created_at = models.DateTimeField(_("skapad"), default=timezone.now, editable=False)
    frozen_at = models.DateTimeField(_("urvalet draget"), null=True, blank=True)
    compare_with = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("jämför med tidigare granskning"),
    )

    class Meta:
        verbose_name = _("granskning")
        verbose_name_plural = _("granskningar")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def frozen(self) -> bool:
        return self.frozen_at is not None


class Question(models.Model):
    """One question of a review's checklist; `prefill` names the system fact (see
    `inspection/facts.py`) that answers it before the inspector does, if any."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="questions", verbose_name=_("granskning")
    )
    key = models.SlugField(_("nyckel"), max_length=60)
    text = models.CharField(_("fråga"), max_length=300)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    # Nullable by the contract with the report's code: None = answered by the inspector only.
    prefill = models.CharField(  # noqa: DJ001
        _("förifylls från"), max_length=40, null=True, blank=True
    )

    class Meta:
        verbose_name = _("fråga")
        verbose_name_plural = _("frågor")
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["review", "key"], name="question_key_once")]

    def __str__(self) -> str:
        return self.text


class SampledCase(models.Model):
    """A case drawn into a review, in its district's stratum, with its rank in the draw."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="cases", verbose_name=_("granskning")
    )
    report = models.ForeignKey(
        "reports.Report", on_delete=models.PROTECT, related_name="+", verbose_name=_("anmälan")
    )
    investigation = models.ForeignKey(
        "casework.Investigation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("utredning"),
    )
    intervention = models.ForeignKey(
        "interventions.Intervention",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("insats"),
    )
    district = models.ForeignKey(
        "organisation.District",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("stadsdelsområde"),
    )
    # sha256 of "<seed>:<report number>", hex: the lowest ranks of a stratum are drawn.
    rank = models.CharField(_("rang i dragningen"), max_length=64)
    double_review = models.BooleanField(_("dubbelgranskas"), default=False)

    class Meta:
        verbose_name = _("granskat ärende")
        verbose_name_plural = _("granskade ärenden")
        ordering = ["district__name", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["review", "report"], name="sampled_case_once")
        ]

    def __str__(self) -> str:
        return f"{_('Orosanmälan')} {self.report_id}"


class Answer(models.Model):
    """One inspector's answer to one question about one sampled case."""

    Value = Value
    Source = Source

    sampled_case = models.ForeignKey(
        SampledCase, on_delete=models.CASCADE, related_name="answers", verbose_name=_("ärende")
    )
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("fråga")
    )
    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("inspektör"),
    )
    value = models.CharField(_("svar"), max_length=20, choices=Value.choices)
    comment = models.TextField(_("kommentar"), blank=True)
    prefilled = models.BooleanField(_("förifyllt från ärendet"), default=False)
    confirmed = models.BooleanField(_("bekräftat"), default=False)
    source = models.CharField(_("källa"), max_length=10, choices=Source.choices, default="review")
    answered_at = models.DateTimeField(_("besvarat"), default=timezone.now)

    class Meta:
        verbose_name = _("svar")
        verbose_name_plural = _("svar")
        constraints = [
            models.UniqueConstraint(
                fields=["sampled_case", "question", "inspector"], name="answer_once"
            )
        ]


# ------------------------------------------------------------ the report and its follow-up


class Finding(models.Model):
    """A finding or a recommendation of the report, written by the inspector on the draft:
    for all districts (`district` None) or for one. Free text about how cases are handled,
    never about a child: the report is public and names no one."""

    class Kind(models.TextChoices):
        FINDING = "finding", _("Iakttagelse")
        RECOMMENDATION = "recommendation", _("Rekommendation")

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="findings", verbose_name=_("granskning")
    )
    district = models.ForeignKey(
        "organisation.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("stadsdelsområde"),
        help_text=_("Inget valt: gäller alla stadsdelsområden."),
    )
    kind = models.CharField(_("slag"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("text"))
    position = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        verbose_name = _("iakttagelse")
        verbose_name_plural = _("iakttagelser")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.get_kind_display()


class Response(models.Model):
    """A district's planned measure in answer to a review (to one finding, or to the
    report as a whole), with its due date; done when `done_on` is set. A measure not
    done by its due date is late."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="responses", verbose_name=_("granskning")
    )
    district = models.ForeignKey(
        "organisation.District",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("stadsdelsområde"),
    )
    finding = models.ForeignKey(
        Finding,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responses",
        verbose_name=_("iakttagelse"),
    )
    measure = models.TextField(_("planerad åtgärd"))
    due_on = models.DateField(_("klar senast"))
    done_on = models.DateField(_("genomförd"), null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("besvarad av"),
    )
    created_at = models.DateTimeField(_("registrerad"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("åtgärd")
        verbose_name_plural = _("åtgärder")
        ordering = ["district__name", "due_on", "pk"]

    def __str__(self) -> str:
        return str(_("Åtgärd %(id)s") % {"id": self.pk})

    def late_on(self, today) -> bool:
        """Not done, and its due date has passed by `today` (the municipality's calendar)."""
        return self.done_on is None and self.due_on < today
