"""Parts of a page kept in the cache per page, cache generation and language, all read at once.

A portal page shown outside the whole-page cache (a signed-in reader, a reader who has rated an
article) is mostly the same for everyone until the next publish: the article's text, its
breadcrumb, its related articles. Those parts are marked in the template with
`{% portal_fragment "name" %}…{% endportal_fragment %}` (`templatetags/portal_fragments.py`);
the page's view reads every part it will need — and any other keys it names, such as the cover
image's link preview and the rating totals — in one cache round trip (`Fragments`), and renders
only the parts missing. Keys carry the generation (`portal.cache`), so a publish retires them all.
"""

from __future__ import annotations

from django.core.cache import cache
from django.utils.translation import get_language

from congso.portal import cache as portal_cache

FRAGMENT_TTL_SECONDS = 600


class Fragments:
    def __init__(
        self, *, page_id: int, generation: int, names: tuple[str, ...], also: tuple[str, ...] = ()
    ) -> None:
        language = get_language() or "vi"
        self.keys = {
            name: portal_cache.key("fragment", page_id, language, name, current=generation)
            for name in names
        }
        self.found = cache.get_many([*self.keys.values(), *also])

    def get(self, name: str) -> str | None:
        key = self.keys.get(name)
        return self.found.get(key) if key else None

    def store(self, name: str, html: str) -> None:
        key = self.keys.get(name)
        if key:
            cache.set(key, html, FRAGMENT_TTL_SECONDS)
            self.found[key] = html
