"""Danish names in the admin for the third-party apps, set in subclasses of their own AppConfigs
(listed in INSTALLED_APPS in their place), so an upgrade of the packages keeps them."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


def rename_models(app_config, names):
    for model_name, (singular, plural) in names.items():
        meta = app_config.get_model(model_name)._meta
        meta.verbose_name, meta.verbose_name_plural = singular, plural


class DanishAxesConfig(AxesAppConfig):
    verbose_name = _("Spærring efter forkerte log ind")

    def ready(self):
        super().ready()
        rename_models(
            self,
            {
                "AccessAttempt": (_("mislykket log ind"), _("mislykkede log ind")),
                "AccessFailureLog": (_("forkert log ind"), _("forkerte log ind")),
                "AccessAttemptExpiration": (_("udløb af spærring"), _("udløb af spærringer")),
                "AccessLog": (_("log ind-historik"), _("log ind-historik")),
            },
        )


class DanishTasksConfig(TasksAppConfig):
    verbose_name = _("Baggrundsjob")

    def ready(self):
        super().ready()
        rename_models(self, {"DBTaskResult": (_("baggrundsjob"), _("baggrundsjob"))})
