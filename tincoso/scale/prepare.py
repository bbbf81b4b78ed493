"""The deployment's database made ready in one process (one Django start-up instead of
three): migrate, the demo province, and an API token for the demo editor the load
edits and imports as, printed. ``python -m tincoso.scale.prepare USERNAME``."""

from __future__ import annotations

import os
import sys


def main(username: str) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tincoso.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from rest_framework.authtoken.models import Token

    from tincoso.core.models import User

    call_command("migrate", interactive=False, verbosity=0)
    call_command("demo", verbosity=0)
    token, _ = Token.objects.get_or_create(user=User.objects.get(username=username))
    print(token.key)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
