"""What ``tincoso serve`` (granian) serves: Django, behind the anonymous portal page cache.

``tincoso.publishing.wsgi_cache.AnonymousPageCache`` answers repeated anonymous
portal GETs from a per-process copy while nothing visible changed; everything else (and
every first request) goes to Django unchanged.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tincoso.settings")
django_application = get_wsgi_application()

from tincoso.publishing.wsgi_cache import AnonymousPageCache  # noqa: E402 - after Django is set up

application = AnonymousPageCache(django_application)
