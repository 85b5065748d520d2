from django.contrib import admin

from .models import Goal, Indicator, Measurement, MeasurementRevision, Policy

GOAL_FIELDS = ["number", "area", "text", "target_text", "target_source", "committee"]


class FrozenGoalsMixin:
    """The same rule as BIF's policy pages (docs/policies.md): a submitted report makes the
    policy's goals read-only, and a started one means no goal can be added or removed."""

    def policy_of(self, obj):
        return obj if isinstance(obj, Policy) else getattr(obj, "policy", None)

    def get_readonly_fields(self, request, obj=None):
        policy = self.policy_of(obj)
        if policy is not None and policy.pk and policy.is_frozen:
            return [*super().get_readonly_fields(request, obj), *GOAL_FIELDS, "policy"]
        return super().get_readonly_fields(request, obj)

    def has_add_permission(self, request, obj=None):
        policy = self.policy_of(obj)
        if policy is not None and policy.pk and policy.has_reports:
            return False
        if isinstance(self, admin.options.InlineModelAdmin):
            return super().has_add_permission(request, obj)
        return super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        policy = self.policy_of(obj)
        if policy is not None and policy.pk and policy.has_reports:
            return False
        return super().has_delete_permission(request, obj)


class GoalInline(FrozenGoalsMixin, admin.StackedInline):
    model = Goal
    extra = 0

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return [f for f in fields if f != "policy"]


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = ["name", "start_year", "end_year"]
    inlines = [GoalInline]


@admin.register(Goal)
class GoalAdmin(FrozenGoalsMixin, admin.ModelAdmin):
    list_display = ["number", "area", "policy", "committee"]
    list_filter = ["policy"]
    list_select_related = ["policy", "committee"]
    search_fields = ["area", "text"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "goal", "unit", "direction", "is_active", "definition_version"]
    list_filter = ["goal", "is_active", "departments"]
    list_select_related = ["goal"]
    search_fields = ["code", "name"]
    filter_horizontal = ["departments"]

    def get_changeform_initial_data(self, request):
        # The target is normally due when the policy ends.
        initial = super().get_changeform_initial_data(request)
        if policy := Policy.objects.for_barometer():
            initial.setdefault("target_year", policy.end_year)
        return initial


class MeasurementRevisionInline(admin.TabularInline):
    model = MeasurementRevision
    extra = 0
    can_delete = False
    readonly_fields = ["value", "source_note", "entered_by", "entered_at", "corrected_by", "corrected_at", "reason"]

    def has_add_permission(self, request, obj=None):
        # History is written by Measurement.correct(), never by hand.
        return False


@admin.register(Measurement)
class MeasurementAdmin(admin.ModelAdmin):
    list_display = ["indicator", "year", "half", "value", "definition_version", "entered_by", "entered_at"]
    list_filter = ["indicator__goal", "year", "half"]
    list_select_related = ["indicator", "entered_by"]
    search_fields = ["indicator__code", "indicator__name", "source_note"]
    # Values change through the barometer's own form, which keeps the earlier value and the reason.
    readonly_fields = [
        "indicator",
        "year",
        "half",
        "value",
        "source_note",
        "definition_version",
        "entered_by",
        "entered_at",
    ]
    inlines = [MeasurementRevisionInline]

    def has_add_permission(self, request):
        return False
