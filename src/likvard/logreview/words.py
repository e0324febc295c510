"""What an audit entry means, in the words a reviewer uses (not the code's verbs).

A verb named here gets its phrase; a step of the case workflow gets the step's
name; anything else is told by the kind of entry and the kind of object
("Nekad åtkomst: orosanmälan"), so no code name reaches the page or the CSV.
"""

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from likvard.access.models import AuditEntry
from likvard.reports.workflow import Action

VERBS = {
    "view_child": _("Öppnade barnets sida"),
    "view_report": _("Öppnade orosanmälan"),
    "view_investigation": _("Öppnade utredning"),
    "view_pre_assessment": _("Läste förhandsbedömning"),
    "view_decision": _("Läste beslut"),
    "view_rule_evaluations": _("Läste riktlinjeprövningar"),
    "view_protected_contact": _("Visade skyddade kontaktuppgifter"),
    "find_child": _("Sökte barn på personnummer"),
    "register_report": _("Registrerade orosanmälan"),
    "receive_public_report": _("Tog emot anmälan via e-tjänsten"),
    "route_public_report": _("Fördelade e-tjänstens anmälan till stadsdelsområde"),
    "record_child_conversation": _("Dokumenterade barnsamtal"),
    "record_police_consideration": _("Dokumenterade övervägande om polisanmälan"),
    "record_feedback": _("Dokumenterade återkoppling"),
    "archive_without_feedback": _("Avslutade ärendet utan återkoppling"),
    "record_feedback_undelivered": _("Registrerade att återkopplingen inte kom fram"),
    "prepare_reporter_notice": _("Förberedde återkoppling till anmälaren"),
    "queue_reporter_notice": _("Valde återkoppling till anmälaren för utskick"),
    "send_reporter_notice": _("Skickade återkoppling till anmälaren"),
    "reporter_notice_failed": _("Utskick av återkoppling misslyckades"),
    "record_reporter_notice_undelivered": _("Registrerade att brev eller e-post inte kom fram"),
    "view_reporter_notice": _("Förhandsgranskade återkoppling till anmälaren"),
    "assign_report": _("Fördelade orosanmälan"),
    "assign_investigation": _("Fördelade utredning"),
    "guideline_evaluation": _("Riktlinjerna prövades"),
    "guideline_override": _("Avsteg från riktlinje"),
    "guideline_cosignature": _("Riktlinje krävde kontrasignering"),
    "request_cosignature": _("Skickade beslut för kontrasignering"),
    "supersede_cosignature_request": _("Begäran om kontrasignering ersattes"),
    "cosign_decision": _("Kontrasignerade beslut"),
    "return_decision": _("Återsände beslutsförslag"),
    "request_access": _("Begärde åtkomst till annat stadsdelsområde"),
    "grant_access": _("Beviljade åtkomst"),
    "deny_access": _("Avslog begäran om åtkomst"),
    "search": _("Sökte i sökrutan"),
    "backdate_event": _("Efterregistrerade en händelse"),
    "change_staff_password": _("Bytte lösenord för en medarbetare"),
    "two_factor_enabled": _("Slog på tvåstegsverifiering"),
    "two_factor_disabled": _("Stängde av tvåstegsverifiering"),
    "identify_child": _("Identifierade barnet med personnummer"),
    "record_relation": _("Registrerade en person i barnets nätverk"),
    "end_relation": _("Avslutade en relation i barnets nätverk"),
    "link_siblings": _("Registrerade syskon"),
    "end_sibling_link": _("Avslutade en syskonkoppling"),
    "view_family": _("Läste barnets nätverk"),
    "mail_protection_alert": _("Skickade larm om omedelbart skyddsbehov"),
    "record_immediate_step": _("Dokumenterade nästa steg vid omedelbart skyddsbehov"),
    "write_journal_entry": _("Skrev journalanteckning"),
    "correct_journal_entry": _("Rättade journalanteckning"),
    "view_journal_entry": _("Läste journalanteckning"),
    "upload_document": _("Laddade upp dokument"),
    "file_generated_document": _("Sparade skapat dokument i akten"),
    "view_document": _("Läste dokument"),
    "download_document": _("Laddade ned dokument"),
    "view_quality_cases": _("Läste ärendelista bakom kvalitetsmått"),
    "sign_in_failed": _("Misslyckad inloggning"),
    "sign_in_locked": _("Inloggningen spärrades efter för många försök"),
    # The inspectors' case review (inspection)
    "create_review": _("Skapade granskning"),
    "change_review": _("Ändrade granskningens inställningar"),
    "change_review_checklist": _("Ändrade granskningens frågor"),
    "draw_review_sample": _("Drog urval till granskning"),
    "mark_double_review": _("Valde ärenden för dubbelgranskning"),
    "complete_review": _("Avslutade granskning"),
    "answer_review_case": _("Besvarade granskningsfrågor om ett ärende"),
    "import_review_answers": _("Importerade granskningssvar"),
    "inspect_case": _("Läste ärendet i socialtjänstinspektörernas granskning"),
    "add_review_finding": _("Skrev iakttagelse i granskningsrapport"),
    "change_review_finding": _("Ändrade iakttagelse i granskningsrapport"),
    "remove_review_finding": _("Tog bort iakttagelse ur granskningsrapport"),
    "respond_to_review": _("Registrerade åtgärd efter granskning"),
    "complete_review_measure": _("Markerade åtgärd efter granskning som genomförd"),
    # The BBIC investigation
    "revise_bbic_plan": _("Skrev eller reviderade utredningsplanen"),
    "revise_bbic_area": _("Dokumenterade ett BBIC-område"),
    "view_bbic_areas": _("Läste BBIC-dokumentationen"),
    "record_bbic_meeting": _("Dokumenterade samtal eller möte i utredningen"),
    "record_interpreter_need": _("Registrerade tolkbehov"),
    "change_interpreter_need": _("Ändrade tolkbehov"),
    "record_network_contact": _("Dokumenterade kontakt med nätverket"),
    "record_communication": _("Kommunicerade utredningen med parterna"),
    "record_communication_response": _("Dokumenterade parternas synpunkter"),
    "revise_bbic_conclusion": _("Skrev eller reviderade utredningens slutsats"),
    "file_decision_letter": _("Upprättade beslutsbrev till familjen"),
    # Interventions, consent, motivation work and LVU
    "propose_intervention": _("Föreslog insats"),
    "record_consent": _("Dokumenterade samtycke"),
    "decide_intervention": _("Beslutade om insats"),
    "plan_follow_up": _("Planerade uppföljning av insats"),
    "record_follow_up": _("Dokumenterade uppföljning av insats"),
    "record_motivation_work": _("Dokumenterade motivationsarbete"),
    "record_lvu_consideration": _("Dokumenterade övervägande om vård enligt LVU"),
    "start_lvu_care": _("Registrerade vård enligt LVU"),
    "reconsider_lvu_care": _("Dokumenterade övervägande av fortsatt vård enligt LVU"),
    "end_lvu_care": _("Registrerade att vård enligt LVU upphört"),
    # The partner registry and the collaboration with schools
    "register_partner": _("Registrerade samverkanspartner"),
    "change_partner": _("Ändrade uppgifter om samverkanspartner"),
    "deactivate_partner": _("Inaktiverade samverkanspartner"),
    "reactivate_partner": _("Aktiverade samverkanspartner igen"),
    "verify_partner": _("Kontrollerade uppgifter om samverkanspartner"),
    "record_partner_contact": _("Registrerade kontaktperson hos samverkanspartner"),
    "remove_partner_contact": _("Tog bort kontaktperson hos samverkanspartner"),
    "import_partners": _("Importerade samverkanspartner från fil"),
    "link_report_source": _("Kopplade orosanmälan till anmälarens verksamhet"),
    "link_reports_by_name": _("Kopplade orosanmälningar till registrets verksamheter efter namn"),
    "open_collaboration": _("Började följa upp samverkan med skola"),
    "set_collaboration_contacts": _("Angav kontaktpersoner för samverkan med skola"),
    "record_agreement": _("Registrerade överenskommelse om samverkan"),
    "record_collaboration_meeting": _("Registrerade samverkansmöte"),
    "record_attendance_referral": _("Registrerade remiss vid låg närvaro"),
    "record_joint_case": _("Registrerade gemensamt ärende med skola"),
    # The oversight register (tillsynsärenden)
    "register_oversight_matter": _("Registrerade tillsynsärende"),
    "update_oversight_matter": _("Ändrade uppgifter i tillsynsärende"),
    "send_oversight_statement": _("Registrerade skickat yttrande i tillsynsärende"),
    "investigate_lex_sarah": _("Registrerade utredning av lex Sarah-rapport"),
    "report_lex_sarah_to_ivo": _("Registrerade anmälan till IVO enligt lex Sarah"),
    "decide_oversight_matter": _("Registrerade beslut i tillsynsärende"),
    "add_oversight_measure": _("Lade till åtgärd i tillsynsärende"),
    "complete_oversight_measure": _("Markerade åtgärd i tillsynsärende som genomförd"),
}


def describe(entry: AuditEntry) -> str:
    """One line saying what happened, in Swedish."""
    if entry.verb in VERBS:
        return str(VERBS[entry.verb])
    if entry.verb in Action.values:
        return f"{entry.get_action_display()}: {Action(entry.verb).label}"
    kind = object_kind(entry.object_type)
    return f"{entry.get_action_display()}: {kind}" if kind else entry.get_action_display()


def object_kind(label: str) -> str:
    """The Swedish name of the kind of object a log entry is about ("" if none)."""
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return ""
