from django.apps import AppConfig


class InterventionsConfig(AppConfig):
    name = "likvard.interventions"

    def ready(self):
        """Draw the interventions on casework's pages and give the closing rules their
        facts (casework cannot import this app: `casework.sections`)."""
        from likvard.casework.sections import (
            Section,
            register_closing_facts,
            register_investigation_section,
            register_queue_section,
        )

        from . import sections

        for key, template, context, order in (
            ("interventions.proposals", "_proposals.html", sections.proposals, 50),
            ("interventions.decisions", "_decisions.html", sections.decisions, 55),
            ("interventions.motivation", "_motivation.html", sections.motivation, 60),
            ("interventions.lvu", "_lvu.html", sections.lvu, 70),
        ):
            register_investigation_section(
                Section(key, f"interventions/{template}", context, order)
            )
        register_queue_section(
            Section(
                "interventions.follow_ups",
                "interventions/_queue_follow_ups.html",
                sections.follow_ups_queue,
                50,
            )
        )
        register_queue_section(
            Section("interventions.lvu", "interventions/_queue_lvu.html", sections.lvu_queue, 60)
        )
        register_closing_facts("interventions", sections.closing_facts)
