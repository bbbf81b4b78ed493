"""What ``tincoso serve`` (granian) serves: Django, behind the anonymous portal page cache
and the devices' manifest polls.

``tincoso.publishing.wsgi_cache.AnonymousPageCache`` answers repeated anonymous
portal GETs from a per-process copy while nothing visible changed; everything else (and
every first request) goes to Django unchanged.
``tincoso.broadcast.devices.poll_wsgi.ManifestPolls`` answers a device's poll of an
unchanged manifest with 304 by the same rules as the API view, before Django's stack.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tincoso.settings")
django_application = get_wsgi_application()

from tincoso.broadcast.devices.poll_wsgi import ManifestPolls  # noqa: E402 - after setup
from tincoso.publishing.wsgi_cache import AnonymousPageCache  # noqa: E402 - after Django is set up

application = ManifestPolls(AnonymousPageCache(django_application))
