"""The nginx side of the published manifests (``published.py``, docs/device-protocol.md
§4.5), without Django: the scale-out tools and the bench write nginx configuration
before any Django setup."""

from __future__ import annotations

from pathlib import Path

URL_PREFIX = "/api/device/v1/m/"


def nginx_location(root: Path) -> str:
    """The nginx ``location`` that serves ``root`` (deploy/nginx.conf holds a copy for
    /opt/tincoso/var/device-manifests/): GET and HEAD of a well-formed name only, nginx's
    own ETag, Last-Modified and 304, and no access log (the path is a credential)."""
    return f"""location {URL_PREFIX} {{
        return 404;
        location ~ "^{URL_PREFIX}([0-9a-f]{{64}}\\.json)$" {{
            alias {root}/$1;
            limit_except GET {{ deny all; }}
            default_type application/json;
            types {{ }}
            charset utf-8;
            charset_types application/json;
            add_header Cache-Control "private, no-cache" always;
            access_log off;
        }}
    }}"""
