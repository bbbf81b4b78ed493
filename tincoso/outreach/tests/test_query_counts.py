"""The reporters and materials pages and the activities API cost the same queries for
3 rows or 6: no query per row."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client

from tincoso.conftest import person_with, same_queries_for_more_rows
from tincoso.outreach import services
from tincoso.outreach.services import ActivityData, ReporterData
from tincoso.units.models import Role, Unit


def _admin(tree: dict[str, Unit]) -> tuple[Any, Client]:
    admin = person_with(Role.ADMIN, tree["province"], "admin")
    client = Client()
    client.force_login(admin)
    return admin, client


def test_the_reporters_page_costs_the_same_for_more_reporters(tree: dict[str, Unit]) -> None:
    admin, client = _admin(tree)
    units = [tree["cell-a"], tree["commune"], tree["village"]]
    made: list[int] = []

    def add(n: int) -> None:
        for k in range(n):
            made.append(k)
            linked = person_with(Role.VIEWER, units[k], f"reporter-{len(made)}")
            services.save_reporter(admin, units[k], ReporterData(
                full_name=f"Báo cáo viên {len(made)}", topics=["Nghị quyết"], languages=["vi"],
                user=linked))

    page = same_queries_for_more_rows(lambda: client.get("/app/outreach/reporters/"), add)
    assert page.content.decode().count("Báo cáo viên") >= 6


def test_the_materials_page_costs_the_same_for_more_materials(tree: dict[str, Unit]) -> None:
    admin, client = _admin(tree)

    def add(n: int) -> None:
        for k in range(n):
            services.add_material(admin, [tree["committee"], tree["commune"]][k % 2],
                                  campaign="Đợt 1", title=f"Tài liệu {k}", notes="Ý chính",
                                  file_name="a.txt", file_data=b"noi dung")

    page = same_queries_for_more_rows(lambda: client.get("/app/outreach/materials/"), add)
    assert page.content.decode().count("Tài liệu ") >= 6


def test_the_activities_api_costs_the_same_for_more_activities(tree: dict[str, Unit]) -> None:
    admin, client = _admin(tree)
    speaker = services.save_reporter(admin, tree["province"], ReporterData(full_name="Lò Văn Hùng"))

    def add(n: int) -> None:
        for k in range(n):
            services.log_activity(admin, ActivityData(
                unit=[tree["cell-a"], tree["village"]][k % 2], form="talk", topic=f"Chủ đề {k}",
                starts_at=dt.datetime(2026, 3, 1 + k, 8, tzinfo=dt.UTC), reporters=[speaker],
                audience_total=10))

    listing = same_queries_for_more_rows(lambda: client.get("/api/activities/"), add)
    assert listing.json()["count"] == 6
