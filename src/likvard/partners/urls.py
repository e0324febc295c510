"""The registry (`/partner/...`), the district's collaboration with schools
(`/samverkan/...`) and the committee's follow-up (`/samverkan/uppfoljning/`)."""

from django.urls import path

from . import views

app_name = "partners"

urlpatterns = [
    path("partner/", views.registry, name="registry"),
    path("partner/ny/", views.add_partner, name="add"),
    path("partner/kontrollera/", views.reverify, name="reverify"),
    path("partner/import/", views.import_partners, name="import"),
    path("partner/<int:pk>/", views.partner, name="partner"),
    path("partner/<int:pk>/andra/", views.edit_partner, name="edit"),
    path("partner/<int:pk>/kontrollerad/", views.verify, name="verify"),
    path("partner/<int:pk>/aktiv/", views.set_active, name="set_active"),
    path("partner/<int:pk>/kontaktperson/", views.add_contact, name="add_contact"),
    path("partner/<int:pk>/kontaktperson/ta-bort/", views.remove_contact, name="remove_contact"),
    path("samverkan/", views.collaborations, name="collaborations"),
    path("samverkan/uppfoljning/", views.follow_up, name="follow_up"),
    path("samverkan/<int:pk>/", views.collaboration, name="collaboration"),
    path("samverkan/<int:pk>/kontakter/", views.set_contacts, name="set_contacts"),
    path("samverkan/<int:pk>/overenskommelse/", views.record_agreement, name="agreement"),
    path("samverkan/<int:pk>/mote/", views.record_meeting, name="meeting"),
    path("samverkan/<int:pk>/remiss/", views.record_referral, name="referral"),
    path("samverkan/<int:pk>/gemensamt-arende/", views.record_joint_case, name="joint_case"),
]
