from django.apps import AppConfig


class CrispyDkfdsConfig(AppConfig):
    """A django-crispy-forms template pack for the Danish common design system (DKFDS)."""

    name = "crispy_dkfds"
    verbose_name = "DKFDS crispy forms"
