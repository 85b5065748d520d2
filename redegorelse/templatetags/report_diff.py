from django import template

from redegorelse.diff import inline_diff

register = template.Library()


@register.simple_tag
def diff(old, new):
    return inline_diff(old, new)
