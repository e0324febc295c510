from django.apps import AppConfig


class LogReviewConfig(AppConfig):
    """Log review (loggkontroll): reads the audit log of every case app, so it sits above them."""

    name = "likvard.logreview"
    label = "logreview"
