from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, name: str) -> None:
        self.nodelist = nodelist
        self.name = name

    def render(self, context) -> str:
        fragments = context.get("fragments")
        if fragments is None:
            return self.nodelist.render(context)
        html = fragments.get(self.name)
        if html is None:
            html = self.nodelist.render(context)
            fragments.store(self.name, str(html))
        return mark_safe(html)  # noqa: S308 - our own rendered template output


@register.tag("portal_fragment")
def portal_fragment(parser, token):
    """{% portal_fragment "name" %}…{% endportal_fragment %}: kept per page, generation and
    language by the `fragments` the view put in the context (portal.fragments.Fragments)."""
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError('{% portal_fragment "name" %} takes one quoted name')
    nodelist = parser.parse(("endportal_fragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, bits[1][1:-1])
