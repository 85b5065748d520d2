from django import template

register = template.Library()


@register.filter
def page_numbers(page):
    """The numbers to link to around the current page, with Paginator.ELLIPSIS for the gaps:
    1 … 4 5 [6] 7 8 … 15."""
    return page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
