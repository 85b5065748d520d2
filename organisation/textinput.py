"""One policy for every text that enters the service, whichever way it comes (a form, the Django
admin, an autosaved draft, an imported file):

- control characters (NUL and the rest of C0/C1, except tab and line breaks) are refused with a
  Danish message that says where they are: they break exports and PostgreSQL, and nobody means
  to type them (they come with text pasted from PDFs and old documents);
- a single-line field stays on one line (a line break in a title once became an e-mail header);
- bidirectional override and isolate controls are removed: they make text read backwards in
  the PDF, and Danish text never needs them;
- line breaks are stored as "\\n" whatever the browser sent;
- a long text has a limit that fits real reports, stated in the field's help text.

Forms get it from TextInputPolicy (a mixin); the admin from PolicyModelForm. Text leaving for a
spreadsheet goes through spreadsheet_cell, whatever was checked when it came in. A zip file that
enters (a DOCX or XLSX bilag, a barometer import) is measured by unpacks_within before it is read."""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator
from django.utils.formats import number_format
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# TMF's whole 2009 redegørelse is under 6,000 characters; one section of 10,000 is four pages.
LONG_TEXT_MAX = 10_000

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
LINE_BREAK = re.compile(r"[\r\n\u2028\u2029\x85]")
# LRE, RLE, PDF, LRO, RLO and LRI, RLI, FSI, PDI. The marks (LRM, RLM) cannot reorder text.
BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


def normalise(value):
    """What is stored in place of what was sent: "\\n" line breaks, no bidi controls."""
    return BIDI.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def scrub(value):
    """For text kept only so it is not lost (an autosaved draft): everything the policy would
    refuse is dropped instead, so the draft can always be stored."""
    return CONTROL.sub("", normalise(value))


def context_before(value, index):
    before = " ".join(value[max(0, index - 25) : index].split())
    return before or None


def check_control_characters(value):
    match = CONTROL.search(value)
    if not match:
        return
    before = context_before(value, match.start())
    params = {"code": f"U+{ord(match.group()):04X}", "before": before}
    if before:
        message = _(
            "Teksten indeholder et usynligt styretegn (%(code)s) lige efter »%(before)s«. Slet det, og gem igen."
        )
    else:
        message = _("Teksten indeholder et usynligt styretegn (%(code)s) i starten. Slet det, og gem igen.")
    raise ValidationError(message, code="control_character", params=params)


def check_single_line(value):
    match = LINE_BREAK.search(value)
    if not match:
        return
    before = context_before(value, match.start())
    raise ValidationError(
        _("Feltet skal stå på én linje. Fjern linjeskiftet efter »%(before)s«.")
        if before
        else _("Feltet skal stå på én linje. Fjern linjeskiftet i starten."),
        code="line_break",
        params={"before": before},
    )


def check_text(value, *, multiline=True, max_length=None):
    """The whole policy for one value that does not come through a form (an imported cell).
    Returns the value as it is stored; raises ValidationError with the Danish reason."""
    value = normalise(value)
    check_control_characters(value)
    if not multiline:
        check_single_line(value)
    if max_length is not None and len(value) > max_length:
        raise ValidationError(
            gettext("Teksten er for lang: %(length)s tegn, højst %(max)s.")
            % {
                "length": number_format(len(value), force_grouping=True),
                "max": number_format(max_length, force_grouping=True),
            }
        )
    return value


def applies_to(field):
    return isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput)


def apply_to_field(field):
    """Adds the policy's validators (once) and, for a long text, the limit and its help text."""
    if getattr(field, "text_policy", False):
        return
    field.text_policy = True
    multiline = isinstance(field.widget, forms.Textarea)
    # Our message says where the character is; Django's own NUL check would say it again.
    field.validators = [v for v in field.validators if not isinstance(v, ProhibitNullCharactersValidator)]
    field.validators.append(check_control_characters)
    if not multiline:
        field.validators.append(check_single_line)
    elif field.max_length is None:
        # No maxlength attribute on the text area: the browser would cut a long paste silently;
        # the server refuses it instead and the text stays in the form.
        field.max_length = LONG_TEXT_MAX
        field.validators.append(MaxLengthValidator(LONG_TEXT_MAX))
        limit = _("Højst %(max)s tegn.") % {"max": number_format(LONG_TEXT_MAX, force_grouping=True)}
        field.help_text = format_lazy("{} {}", field.help_text, limit) if field.help_text else limit


class TextInputPolicy:
    """Form mixin: every text field of the form follows the policy, fields added in a subclass's
    __init__ included (they are picked up when the form is rendered or cleaned)."""

    def __getitem__(self, name):
        field = self.fields.get(name)
        if field is not None and applies_to(field):
            apply_to_field(field)
        return super().__getitem__(name)

    def full_clean(self):
        if self.is_bound and self.data:
            self.data = self.normalised_data()
        super().full_clean()

    def normalised_data(self):
        names = {self.add_prefix(name) for name, field in self.fields.items() if applies_to(field)}
        data = self.data.copy()
        for name in names & set(data.keys()):
            if hasattr(data, "getlist"):
                data.setlist(name, [normalise(v) if isinstance(v, str) else v for v in data.getlist(name)])
            elif isinstance(data[name], str):
                data[name] = normalise(data[name])
        return data


class PolicyModelForm(TextInputPolicy, forms.ModelForm):
    """The admin's forms (ModelAdmin.form), so the admin cannot store what the pages refuse."""


# -- text leaving for a spreadsheet (OWASP's CSV-injection rules) ------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@")


def looks_like_formula(value):
    """True if a spreadsheet could read the text as a formula. Decided on the text as Excel sees
    it: after Unicode normalisation (a full-width "＝" is "="), and past invisible characters and
    spaces in front (a zero-width space or a byte-order mark hides the "=" from a plain check)."""
    if value[:1] in ("\t", "\r"):
        return True
    text = unicodedata.normalize("NFKC", value)
    visible = next(
        (i for i, char in enumerate(text) if not (char.isspace() or unicodedata.category(char) == "Cf")), None
    )
    return visible is not None and text[visible:].startswith(FORMULA_STARTS)


def spreadsheet_cell(value):
    """A cell for a CSV or XLSX export: text that could run as a formula starts with an
    apostrophe, and control characters (which XLSX cannot hold) are dropped."""
    if not isinstance(value, str):
        return value
    value = CONTROL.sub("", value)
    return "'" + value if looks_like_formula(value) else value


def unpacks_within(archive, limit):
    """Whether every entry of the open zipfile `archive` unpacks to at most `limit` bytes in all.
    Python's zipfile trusts the sizes an archive announces, so the bytes are counted while
    decompressing, and a zip bomb stops being read at the limit. A damaged, encrypted or unknown
    entry raises what zipfile raises (BadZipFile, RuntimeError, NotImplementedError, EOFError)."""
    total = 0
    for info in archive.infolist():
        with archive.open(info) as entry:
            while chunk := entry.read(64 * 1024):
                total += len(chunk)
                if total > limit:
                    return False
    return True
