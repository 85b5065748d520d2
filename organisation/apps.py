from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "organisation"
    verbose_name = _("Organisation")

    def ready(self):
        from django.contrib.admin.options import BaseModelAdmin

        from .textinput import PolicyModelForm

        # Every admin page (ours and Django's, inlines included) follows the same input policy as
        # the app's own pages, unless a ModelAdmin names a form of its own.
        if BaseModelAdmin.form is not PolicyModelForm:
            BaseModelAdmin.form = PolicyModelForm
