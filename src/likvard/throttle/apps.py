from django.apps import AppConfig


class ThrottleConfig(AppConfig):
    name = "likvard.throttle"
    verbose_name = "Begränsning av antal förfrågningar"
