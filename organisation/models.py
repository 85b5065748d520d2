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
