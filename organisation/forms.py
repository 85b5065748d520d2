from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Brugernavn eller adgangskode er forkert. Bemærk, at der skelnes mellem store og små bogstaver."
        ),
        "inactive": _("Din konto er deaktiveret. Kontakt en administrator."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Brugernavn")
        self.fields["password"].label = _("Adgangskode")
        self.helper = form_helper(_("Log ind"))


class DkfdsPasswordChangeForm(PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(_("Skift adgangskode"))


def form_helper(submit_label):
    """A helper for forms whose <form> tag the template writes itself (it adds hidden fields)."""
    helper = FormHelper()
    helper.form_tag = False
    helper.error_summary = True
    helper.add_input(Submit("submit", submit_label))
    return helper
