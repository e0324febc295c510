"""Admin: the municipality switches rules on and off and sets their parameters.

Evaluations and co-signature requests are case data and stay out of the admin.
Settings and sources are written through `guidelines.services` (via `AuditedAdmin`),
so every change, bulk delete included, has its before/after audit entry.
"""

import json

from django import forms
from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from likvard.organisation.admin import AuditedAdmin

from . import services
from .models import GuidelineSource, RuleSetting
from .registry import all_rules, registered_rule


def _rule_choices():
    return [(r.id, f"{r.id} – {r.title}") for r in all_rules()]


class RuleSettingForm(forms.ModelForm):
    rule_id = forms.TypedChoiceField(label=_("Regel"), choices=_rule_choices)
    parameters = forms.JSONField(
        label=_("Parametrar"),
        required=False,
        help_text=_(
            "JSON-objekt. Utelämnade parametrar får regelns standardvärden. Se regelns "
            "beskrivning nedan."
        ),
    )

    class Meta:
        model = RuleSetting
        fields = [
            "rule_id",
            "enabled",
            "severity",
            "parameters",
            "in_force_from",
            "in_force_until",
            "note",
        ]


@admin.register(RuleSetting)
class RuleSettingAdmin(AuditedAdmin):
    form = RuleSettingForm
    audited = services.RULE_SETTINGS
    list_display = ["rule_id", "title", "enabled", "severity", "in_force_from", "in_force_until"]
    list_filter = ["enabled", "severity", "rule_id"]
    readonly_fields = ["description"]

    @admin.display(description=_("rubrik"))
    def title(self, obj):
        rule = registered_rule(obj.rule_id)
        return rule.title if rule else "–"

    @admin.display(description=_("om regeln"))
    def description(self, obj):
        rule = registered_rule(obj.rule_id) if obj and obj.rule_id else None
        if rule is None:
            return _("Välj en regel och spara för att se dess beskrivning och parametrar.")
        parameters = format_html_join(
            "",
            "<li><code>{}</code>: {} ({} {})</li>",
            (
                (name, p.label, _("standard"), json.dumps(rule.default_parameters[name]))
                for name, p in rule.parameters.items()
            ),
        )
        return format_html(
            "<p><strong>{}</strong></p><p>{}</p><p>{}</p><p>{}: {}</p><ul>{}</ul>",
            rule.title,
            rule.requirement,
            rule.explanation,
            _("Standardnivå"),
            dict(RuleSetting._meta.get_field("severity").choices)[rule.severity],
            parameters or format_html("<li>{}</li>", _("Regeln har inga parametrar.")),
        )


@admin.register(GuidelineSource)
class GuidelineSourceAdmin(AuditedAdmin):
    audited = services.SOURCES
    list_display = ["key", "title", "issuer", "reference", "adopted_in"]
