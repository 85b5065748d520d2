from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RedegorelseConfig(AppConfig):
    name = "redegorelse"
    verbose_name = _("Redegørelser")
