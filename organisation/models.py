from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DepartmentQuerySet(models.QuerySet):
    def with_committee(self):
        return self.select_related("committee")


class Department(models.Model):
    """A forvaltning, e.g. Teknik- og Miljøforvaltningen (TMF)."""

    name = models.CharField(_("navn"), max_length=200, unique=True)
    abbreviation = models.CharField(_("forkortelse"), max_length=10, unique=True)

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("forvaltning")
        verbose_name_plural = _("forvaltninger")

    def __str__(self):
        return f"{self.name} ({self.abbreviation})"

    @property
    def genitive(self):
        """'Teknik- og Miljøforvaltningens', as the indstilling writes it."""
        return self.name if self.name.endswith("s") else f"{self.name}s"


class CityCouncil(models.Model):
    """Borgerrepræsentationen: the council the samlet statusrapport finally goes to."""

    name = models.CharField(_("navn"), max_length=200, unique=True)
    abbreviation = models.CharField(_("forkortelse"), max_length=10, unique=True)

    class Meta:
        verbose_name = _("borgerrepræsentation")
        verbose_name_plural = _("borgerrepræsentationer")

    def __str__(self):
        return f"{self.name} ({self.abbreviation})"


class Committee(models.Model):
    """An udvalg: the political committee that governs one forvaltning."""

    name = models.CharField(_("navn"), max_length=200, unique=True)
    abbreviation = models.CharField(_("forkortelse"), max_length=10, unique=True)
    department = models.OneToOneField(
        Department, on_delete=models.PROTECT, related_name="committee", verbose_name=_("forvaltning")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("udvalg")
        verbose_name_plural = _("udvalg")

    def __str__(self):
        return f"{self.name} ({self.abbreviation})"

    @property
    def genitive(self):
        """'Teknik- og Miljøudvalgets', as in the decision block of an indstilling."""
        return self.name if self.name.endswith("s") else f"{self.name}s"


class Role(models.TextChoices):
    CASE_WORKER = "case_worker", _("Sagsbehandler")
    COMMITTEE_SECRETARY = "committee_secretary", _("Udvalgssekretær")
    BIF_STAFF = "bif_staff", _("BIF-medarbejder")
    ADMINISTRATOR = "administrator", _("Administrator")


class MembershipQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user).select_related("department", "committee")


class Membership(models.Model):
    """What a user may do, and where: case workers belong to a department, secretaries to a
    committee; BIF staff and administrators work across all of them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("bruger")
    )
    role = models.CharField(_("rolle"), max_length=30, choices=Role.choices)
    department = models.ForeignKey(
        Department,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("forvaltning"),
    )
    committee = models.ForeignKey(
        Committee,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("udvalg"),
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["user__username", "role"]
        verbose_name = _("medlemskab")
        verbose_name_plural = _("medlemskaber")
        constraints = [
            models.CheckConstraint(
                name="membership_role_scope",
                condition=(
                    Q(role="case_worker", department__isnull=False, committee__isnull=True)
                    | Q(role="committee_secretary", department__isnull=True, committee__isnull=False)
                    | Q(role__in=["bif_staff", "administrator"], department__isnull=True, committee__isnull=True)
                ),
                violation_error_message=_(
                    "En sagsbehandler hører til en forvaltning, en udvalgssekretær til et udvalg; "
                    "BIF-medarbejdere og administratorer hører hverken til en forvaltning eller et udvalg."
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "department"], condition=Q(role="case_worker"), name="membership_unique_department"
            ),
            models.UniqueConstraint(
                fields=["user", "committee"],
                condition=Q(role="committee_secretary"),
                name="membership_unique_committee",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(role__in=["bif_staff", "administrator"]),
                name="membership_unique_global_role",
            ),
        ]

    def __str__(self):
        scope = self.department or self.committee
        label = self.get_role_display()
        return f"{self.user} – {label} ({scope.abbreviation})" if scope else f"{self.user} – {label}"


class ExternalIdentity(models.Model):
    """A user's identity at a single sign-on provider: the issuer and its stable subject (Entra ID's
    object id or the token's `sub`). Sign-in matches on this pair only, never on e-mail, which a
    provider lets people change."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="external_identities",
        verbose_name=_("bruger"),
    )
    issuer = models.CharField(_("udsteder"), max_length=255)
    subject = models.CharField(_("subjekt-id"), max_length=255)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    last_login_at = models.DateTimeField(_("sidst logget ind"), null=True, blank=True)

    class Meta:
        verbose_name = _("ekstern identitet")
        verbose_name_plural = _("eksterne identiteter")
        constraints = [models.UniqueConstraint(fields=["issuer", "subject"], name="external_identity_unique")]

    def __str__(self):
        return f"{self.user} – {self.subject}"


class AccessAction(models.TextChoices):
    REPORT_OPENED = "report_opened", _("Åbnede redegørelse")
    REPORT_PDF_DOWNLOADED = "report_pdf", _("Hentede redegørelse som PDF")
    ATTACHMENT_DOWNLOADED = "attachment", _("Hentede bilag")


class AccessEventQuerySet(models.QuerySet):
    def for_user_search(self, text):
        """Events of every user whose username or name contains `text` (all events when empty)."""
        events = self.select_related("user").order_by("-at", "-pk")
        text = text.strip()
        if not text:
            return events
        return events.filter(
            Q(username__icontains=text) | Q(user__first_name__icontains=text) | Q(user__last_name__icontains=text)
        )


class AccessEvent(models.Model):
    """Who opened or downloaded which report or bilag, and when: the access log a person may ask to
    see under the data-subject access right. The username and a label of the object are copied,
    so an entry still reads the same after the user or the object is gone."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="access_events",
        verbose_name=_("bruger"),
    )
    username = models.CharField(_("brugernavn"), max_length=150)
    action = models.CharField(_("handling"), max_length=20, choices=AccessAction.choices)
    object_type = models.CharField(_("objekttype"), max_length=100)
    object_id = models.CharField(_("objekt-id"), max_length=64)
    object_label = models.CharField(_("objekt"), max_length=300)
    at = models.DateTimeField(_("tidspunkt"), auto_now_add=True)
    request_id = models.CharField(_("forespørgsels-id"), max_length=64, blank=True)

    objects = AccessEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("adgangshændelse")
        verbose_name_plural = _("adgangslog")
        indexes = [
            models.Index(fields=["user", "-at"], name="access_event_user_at"),
            models.Index(fields=["-at"], name="access_event_at"),
        ]

    def __str__(self):
        return f"{self.username} – {self.get_action_display()} – {self.object_label}"
