"""The demo data loads twice without change, and every page of both apps renders with it."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from tincoso.feedback.models import Correction, Feedback, Status
from tincoso.outreach.models import Activity, Material, Reporter

pytestmark = pytest.mark.django_db


def load() -> None:
    """The demo loaders these apps build on, and their own (not every app's)."""
    from tincoso.documents.demo import load_demo as documents
    from tincoso.feedback.demo import load_demo as feedback
    from tincoso.outreach.demo import load_demo as outreach
    from tincoso.publishing.demo import load_demo as publishing
    from tincoso.units.demo import load_demo as units

    for loader in (units, documents, publishing, outreach, feedback):
        loader()


@pytest.fixture
def demo(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    load()


def test_the_demo_is_idempotent(demo: None) -> None:
    counts = [m.objects.count() for m in (Reporter, Material, Activity, Feedback, Correction)]
    load()
    assert [m.objects.count() for m in (Reporter, Material, Activity, Feedback,
                                        Correction)] == counts
    assert all(counts)
    assert Feedback.objects.filter(status=Status.PUBLISHED).count() == 2
    assert Feedback.objects.filter(escalated_to__isnull=False).count() == 1
    assert Correction.objects.get().published_version.number == 2  # type: ignore[union-attr]
    assert Activity.objects.filter(items__isnull=False).exists()


def test_every_page_renders_for_staff_and_the_public(client: Client, demo: None) -> None:
    feedback = Feedback.objects.filter(status=Status.ANSWERED).first()
    published = Feedback.objects.filter(status=Status.PUBLISHED).first()
    activity = Activity.objects.first()
    reporter = Reporter.objects.first()
    correction = Correction.objects.get()
    assert feedback and published and activity and reporter
    public = ["/gop-y/", "/gop-y/?unit=tan-phong-1", "/gop-y/tra-cuu/", "/hoi-dap/",
              f"/hoi-dap/{published.pk}/", "/hoi-dap/rss/", "/dinh-chinh/",
              f"/dinh-chinh/{correction.pk}/", "/dinh-chinh/rss/", "/gop-y/qr.svg",
              f"/gop-y/da-gui/{feedback.tracking_code}/", "/api/public/qa/",
              "/api/public/corrections/"]
    for url in public:
        assert client.get(url).status_code == 200, url
    client.force_login(get_user_model().objects.get(username="quantri"))
    staff = ["/app/outreach/", "/app/outreach/new/", f"/app/outreach/{activity.pk}/",
             f"/app/outreach/{activity.pk}/edit/", "/app/outreach/import/",
             "/app/outreach/calendar/lai-chau/", "/app/outreach/reporters/",
             "/app/outreach/reporters/new/", f"/app/outreach/reporters/{reporter.pk}/",
             "/app/outreach/materials/", "/app/outreach/materials/new/", "/app/feedback/",
             "/app/feedback/?overdue=1", f"/app/feedback/{feedback.pk}/",
             "/app/feedback/stats/", "/app/feedback/qr/?unit=tan-phong",
             "/app/corrections/", "/app/corrections/new/",
             f"/app/corrections/{correction.pk}/", f"/app/corrections/{correction.pk}/edit/",
             "/api/activities/", "/api/reporters/", "/api/materials/", "/api/feedback/",
             "/api/corrections/", "/api/feedback/stats/?unit=lai-chau"]
    for url in staff:
        assert client.get(url).status_code == 200, url
