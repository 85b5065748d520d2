"""A round's state for the templates: whether it is closed (the rule is ReportingRound.closure)
and a department's deadline in it (ReportingRound.deadline_for)."""

from django import template

register = template.Library()


@register.simple_tag
def closure_of(round):
    return round.closure()


@register.filter
def deadline_for(round, department):
    return round.deadline_for(department)
