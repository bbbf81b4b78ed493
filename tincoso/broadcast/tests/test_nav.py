"""The three loudspeaker pages lead to each other: bulletins, stations, devices."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_each_broadcast_list_links_the_other_two(province_admin: Any) -> None:
    client = Client()
    client.force_login(province_admin)
    pages = {"bulletin-list", "station-list", "device-list"}
    for name in pages:
        html = client.get(reverse(name)).content.decode()
        assert 'aria-current="page"' in html
        for other in pages - {name}:
            assert f'href="{reverse(other)}"' in html, (name, other)
