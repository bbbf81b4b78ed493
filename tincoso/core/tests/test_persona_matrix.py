"""Every staff page, every demo persona: the access policy written out as a table.

The demo province is loaded as `make run` loads it; each demo persona (password
TinCoSo@2026) GETs every page under /app/ that needs no hidden state, on real demo
objects, and the answer must be the one the table says. The table is the policy,
written by hand so a reviewer can read it (NetBox's four tests per view, as one
matrix): it is not derived from the permission gate it checks. Every URL pattern
under /app/ is either a row here or listed in SKIPPED with the reason; a new page
without an entry fails the test.

Legend: ``.`` 200 · ``>`` 302 (redirect) · ``x`` 403 · ``?`` 404 · ``!`` 400.
Columns: the demo personas (``tincoso.units.demo.DEMO_PEOPLE``) and the superuser.
Outside its reach a persona gets 403, or 404 where the page would say the object
exists (published items). ``PERSONA_MATRIX_PRINT=1`` prints what was observed, to
review mark by mark when a page or a persona is added.
"""

from __future__ import annotations

import os
import re
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from tincoso.units.demo import DEMO_PEOPLE

pytestmark = pytest.mark.django_db

COLUMNS = {
    "SU": "quantri",  # superuser
    "AT": "quantri.tinh",  # admin, the province
    "EB": "bientap.btg",  # editor, provincial propaganda board
    "LB": "lanhdao.btg",  # approver, provincial propaganda board
    "EK": "bientap.khoi",  # editor, the bloc committee's propaganda board
    "LK": "lanhdao.khoi",  # approver, the bloc committee's propaganda board
    "AK": "quantri.khoi",  # admin, the bloc committee (Đảng ủy Khối)
    "LD": "lanhdao.dukhoi",  # approver, the bloc committee
    "ON": "canbo.sonv",  # officer, cell of Sở Nội vụ
    "OY": "canbo.soyt",  # officer, cell of Sở Y tế
    "OT": "canbo.tinhuy",  # officer, Tỉnh ủy
    "LT": "lanhdao.tinhuy",  # approver, Tỉnh ủy
    "RT": "bcv.tinh",  # reporter, Tỉnh ủy
    "EP": "bientap.tanphong",  # editor, Phường Tân Phong
    "OP": "canbo.tanphong",  # officer, Phường Tân Phong
    "LP": "lanhdao.tanphong",  # approver, Phường Tân Phong
    "OU": "canbo.dutanphong",  # officer, the ward's party committee
    "LU": "lanhdao.dutanphong",  # approver, the ward's party committee
    "O1": "canbo.cbtdp1",  # officer, cell of Tổ dân phố số 1
    "VT": "xem.tinh",  # viewer, the province
}
LEGEND = {".": 200, ">": 302, "x": 403, "?": 404, "!": 400}

# Paths under /app/; {kind:key} stands for a real demo object's id (see _object_ids).
TABLE = """
path                                  SU AT EB LB EK LK AK LD ON OY OT LT RT EP OP LP OU LU O1 VT
/                                      .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .
units/                                 .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .
units/du-khoi/                         .  .  x  x  x  x  .  .  x  x  .  .  .  x  x  x  x  x  x  .
units/tan-phong/                       .  .  x  x  x  x  x  x  x  x  x  x  x  .  .  .  x  x  x  .
units/cb-tan-phong-1/                  .  .  x  x  x  x  x  x  x  x  .  .  .  x  x  x  .  .  .  .
units/tan-phong/audit/                 .  .  x  x  x  x  x  x  x  x  x  x  x  x  x  x  x  x  x  x
units/tan-phong/export.csv             .  .  x  x  x  x  x  x  x  x  x  x  x  .  .  .  x  x  x  .
units/tan-phong/import/                .  .  x  x  x  x  x  x  x  x  x  x  x  x  x  x  x  x  x  x
people/                                .  .  x  x  x  x  .  x  x  x  x  x  x  x  x  x  x  x  x  x
documents/                             .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .
documents/new/                         .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .
documents/imports/{imp:btg-khoi}/      .  .  x  x  .  x  .  x  x  x  .  x  x  x  x  x  x  x  x  x
documents/{doc:30-HD/BTG}/             .  .  x  x  .  .  .  .  .  .  .  .  .  x  x  x  x  x  x  .
documents/{doc:30-HD/BTG}/cascade/     .  .  x  x  .  .  .  .  .  .  .  .  .  x  x  x  x  x  x  .
documents/{doc:30-HD/BTG}/edit/        .  .  x  x  .  x  .  x  x  x  .  x  x  x  x  x  x  x  x  x
documents/{doc:30-HD/BTG}/file/        .  .  x  x  .  .  .  .  .  .  .  .  .  x  x  x  x  x  x  .
documents/{doc:30-HD/BTG}/edxml/      >  >  x  x  >  x  >  x  x  x  >  x  x  x  x  x  x  x  x  x
documents/{doc:30-HD/BTG}/files.zip   .  .  x  x  .  x  .  x  x  x  .  x  x  x  x  x  x  x  x  x
exchange/                             .  >  >  .  >  .  >  .  >  >  >  .  .  >  >  .  >  .  >  .
exchange/tan-phong/                   .  .  x  x  x  x  x  x  x  x  x  x  x  .  .  x  x  x  x  x
exchange/du-khoi/                     .  .  x  x  x  x  .  x  x  x  .  x  x  x  x  x  x  x  x  x
documents/{doc:05-KH/CB}/              .  .  x  x  .  .  .  .  .  x  .  .  .  x  x  x  x  x  x  .
dispatches/{dis:cb-sonv}/              .  .  x  x  .  .  .  .  .  x  .  .  .  x  x  x  x  x  x  .
dispatches/{dis:cb-sonv}/instructions/ .  .  x  x  x  x  .  .  .  x  .  .  .  x  x  x  x  x  x  .
dispatches/{dis:cb-sonv}/slip/         .  .  x  x  x  x  .  .  .  x  .  .  .  x  x  x  x  x  x  .
documents/{doc:12/CV-HND}/instructions/ .  .  x  x  x  x  .  .  x  x  .  .  .  x  x  x  x  x  x  .
documents/{doc:12/CV-HND}/slip/        .  .  x  x  x  x  .  .  x  x  .  .  .  x  x  x  x  x  x  .
handling/                              .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .
handling/{asg:cb-sonv}/                .  .  x  x  x  x  .  .  .  x  .  .  .  x  x  x  x  x  x  .
inbox/                                 .  .  .  .  .  .  .  .  >  >  .  .  .  .  .  .  .  .  .  .
inbox/cb-sonv/                         .  .  x  x  x  x  .  .  .  x  .  .  .  x  x  x  x  x  x  .
inbox/tan-phong/                       .  .  x  x  x  x  x  x  x  x  x  x  x  .  .  .  x  x  x  .
registers/                             .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .
registers/cb-sonv/2026/den/            .  .  x  x  x  x  .  .  .  x  .  .  .  x  x  x  x  x  x  .
registers/cb-sonv/2026/theo-doi/print/ .  .  x  x  x  x  .  .  .  x  .  .  .  x  x  x  x  x  x  .
registers/cb-sonv/2026/den.xlsx        .  .  x  x  x  x  .  .  .  x  .  .  .  x  x  x  x  x  x  .
registers/cb-sonv/report/              .  .  x  x  x  x  .  .  .  x  .  .  .  x  x  x  x  x  x  .
items/                                 .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .
items/new/                             .  .  .  x  .  x  .  x  x  x  x  x  x  .  x  x  x  x  x  x
items/{item:btg-tu}/                   .  .  .  .  ?  ?  ?  ?  ?  ?  .  .  .  ?  ?  ?  ?  ?  ?  .
items/{item:tan-phong}/                .  .  ?  ?  ?  ?  ?  ?  ?  ?  ?  ?  ?  .  .  .  ?  ?  ?  .
items/{item:tan-phong}/edit/           .  .  ?  ?  ?  ?  ?  ?  ?  ?  ?  ?  ?  .  x  x  ?  ?  ?  x
items/{item:tan-phong}/diff/           .  .  ?  ?  ?  ?  ?  ?  ?  ?  ?  ?  ?  .  .  .  ?  ?  ?  .
feedback/                              .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .
feedback/{fb:tan-phong}/               .  .  x  x  x  x  x  x  x  x  x  x  x  .  .  .  x  x  x  .
feedback/{fb:tan-phong}/publication/   .  x  x  x  x  x  x  x  x  x  x  x  x  x  x  .  x  x  x  x
feedback/qr/                           .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .
feedback/stats/                        .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .
corrections/                           .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .
corrections/new/                       .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .
corrections/{corr:btg-tu}/             .  .  .  .  x  x  x  x  x  x  .  .  .  x  x  x  x  x  x  .
corrections/{corr:btg-tu}/edit/        .  .  .  x  x  x  x  x  x  x  x  x  x  x  x  x  x  x  x  x
opinion/                               .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .
opinion/notes/                         .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .
opinion/notes/new/                     .  x  x  x  x  x  x  x  x  x  x  x  x  x  .  x  x  x  x  x
opinion/notes/{note:tan-phong}/        .  .  x  x  x  x  x  x  x  x  x  x  x  .  .  .  x  x  x  .
opinion/notes/{note:tan-phong}/edit/   x  x  x  x  x  x  x  x  x  x  x  x  x  x  .  x  x  x  x  x
opinion/topics/                        .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .
opinion/taxonomy/                      .  .  .  .  x  x  x  x  x  x  x  .  x  x  x  x  x  x  x  x
opinion/taxonomy/{topic:gia-ca}/       .  .  .  .  x  x  x  x  x  x  x  .  x  x  x  x  x  x  x  x
opinion/collaborators/tan-phong/       .  .  x  x  x  x  x  x  x  x  x  x  x  x  x  x  x  x  x  x
opinion/examples/                      .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .
opinion/examples/new/                  .  .  .  x  .  x  .  x  .  .  .  x  .  .  .  x  .  x  .  x
opinion/examples/{ex:tan-phong}/       .  .  .  .  x  x  x  x  x  x  .  .  .  .  .  .  x  x  x  .
dashboard/                             .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .
dashboard/?unit=tan-phong              .  .  .  .  x  x  x  x  x  x  .  .  .  .  .  .  x  x  x  .
dashboard/figures.xlsx                 .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .
outreach/                              .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .
outreach/new/                          .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .
outreach/{act:tan-phong}/              .  .  x  x  x  x  x  x  x  x  x  x  x  .  .  .  x  x  x  .
outreach/{act:tan-phong}/edit/         .  .  x  x  x  x  x  x  x  x  x  x  x  .  .  x  x  x  x  x
outreach/import/                       .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .
outreach/import/template.xlsx          .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .
outreach/calendar/                     >  >  >  >  >  >  >  >  >  >  >  >  >  >  >  >  >  >  >  >
outreach/calendar/tan-phong/           .  .  x  x  x  x  x  x  x  x  x  x  x  .  .  .  x  x  x  .
outreach/materials/                    .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .
outreach/materials/new/                .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .
outreach/reporters/                    .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .
outreach/reporters/new/                .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .
outreach/reporters/{bcv:tan-phong}/    .  .  x  x  x  x  x  x  x  x  x  x  x  .  x  x  x  x  x  x
reports/                               >  >  >  >  >  >  >  >  >  >  >  >  >  >  >  >  >  >  >  >
reports/unit/cb-sotc/                  .  .  x  x  x  x  .  .  x  x  .  .  .  x  x  x  x  x  x  .
reports/unit/tan-phong/                .  .  x  x  x  x  x  x  x  x  x  x  x  .  .  .  x  x  x  .
reports/{report:cb-sotc}/              .  .  x  x  x  x  .  .  x  x  .  .  .  x  x  x  x  x  x  .
reports/{report:cb-sotc}/file.xlsx     .  .  x  x  x  x  .  .  x  x  .  .  .  x  x  x  x  x  x  .
broadcast/stations/                    .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .
broadcast/offer/                       .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .
broadcast/stations/{st:tp}/            .  .  x  x  x  x  x  x  x  x  x  x  x  .  .  .  x  x  x  .
broadcast/stations/{st:tp}/programme/  .  .  x  x  x  x  x  x  x  x  x  x  x  .  .  .  x  x  x  .
broadcast/stations/{st:tp}/inbox/      .  .  x  x  x  x  x  x  x  x  x  x  x  .  .  .  x  x  x  .
broadcast/stations/{st:tp}/schedules/  .  .  x  x  x  x  x  x  x  x  x  x  x  .  .  .  x  x  x  .
bulletins/                             .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .
bulletins/new/                         .  .  .  x  .  x  .  x  x  x  x  x  x  .  x  x  x  x  x  x
bulletins/from-item/{item:tan-phong}/  >  >  >  >  >  >  >  >  >  >  >  >  >  >  >  >  >  >  >  >
bulletins/{bul:tp}/                    .  .  ?  ?  ?  ?  ?  ?  ?  ?  ?  ?  ?  .  .  .  ?  ?  ?  .
bulletins/{bul:tp}/edit/               .  .  ?  ?  ?  ?  ?  ?  ?  ?  ?  ?  ?  .  x  x  ?  ?  ?  x
bulletins/{bul:tp}/preview/            .  .  ?  ?  ?  ?  ?  ?  ?  ?  ?  ?  ?  .  x  .  ?  ?  ?  x
broadcast/devices/                     .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .
alerts/                                .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .
alerts/new/                            .  .  .  x  .  x  .  x  x  x  x  x  x  .  x  x  x  x  x  x
alerts/recipients/                     .  .  x  .  x  .  .  .  x  x  x  .  x  x  x  .  x  .  x  x
alerts/{alert:tp}/                     .  .  ?  ?  ?  ?  ?  ?  ?  ?  ?  ?  ?  .  .  .  ?  ?  ?  .
alerts/{alert:tp}/update/              >  >  ?  ?  ?  ?  ?  ?  ?  ?  ?  ?  ?  >  >  >  ?  ?  ?  >
alerts/{alert:tp}/delivery/            .  .  ?  ?  ?  ?  ?  ?  ?  ?  ?  ?  ?  .  .  .  ?  ?  ?  .
alerts/items/{item:tan-phong}/         .  .  ?  ?  ?  ?  ?  ?  ?  ?  ?  ?  ?  .  .  .  ?  ?  ?  .
alerts/items/{item:tan-phong}/status/  .  .  ?  ?  ?  ?  ?  ?  ?  ?  ?  ?  ?  .  .  .  ?  ?  ?  .
broadcast/devices/{dev:tp}/            .  .  x  x  x  x  x  x  x  x  x  x  x  .  .  .  x  x  x  .
broadcast/devices/{dev:tpb}/           .  .  x  x  x  x  x  x  x  x  x  x  x  .  .  .  x  x  x  .
broadcast/devices/{dev:tpb}/screen.png ?  ?  x  x  x  x  x  x  x  x  x  x  x  ?  ?  ?  x  x  x  ?
broadcast/emergencies/                 .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .
access/                                .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .
access/new/                            .  .  .  x  .  x  .  x  .  .  .  x  x  .  .  x  .  x  .  x
access/published/tan-phong/            .  .  x  x  x  x  x  x  x  x  x  x  x  .  x  x  x  x  x  x
access/{rti:tan-phong}/                 .  .  ?  ?  ?  ?  ?  ?  ?  ?  ?  ?  ?  .  .  ?  ?  ?  ?  ?
/api/opinion/topics/                   .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .
/api/opinion/notes/                    .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .  .
/api/opinion/aggregates/?unit=tan-phong .  .  .  .  x  x  x  x  x  x  .  .  .  .  .  .  x  x  x  .
"""

SKIPPED = {
    # POST only: actions, each tested in its own app against the same gate.
    "correction-act": "POST only",
    "dispatch-action": "POST only",
    "alert-recipient-action": "POST only",
    "feedback-act": "POST only",
    "opinion-tag": "POST only",
    "opinion-respond": "POST only",
    "access-act": "POST only",
    "opinion-example-decide": "POST only",
    "opinion-example-photo": "the demo's good example has no photo",
    "item-action": "POST only",
    "item-attachment": "POST only",
    "item-image": "POST only",
    "item-preview": "POST only",
    "outreach-activity-delete": "POST only",
    "report-approve": "POST only",
    "report-send-back": "POST only",
    "report-create": "POST only",
    "report-schedule": "POST only",
    "unit-grant": "POST only",
    "unit-revoke": "POST only",
    "unit-guidance-remove": "POST only",
    "unit-add-child": "POST only",
    "unit-guidance-add": "POST only",
    "unit-move": "POST only",
    "unit-add-person": "POST only",
    "document-dispatch": "POST only",
    "dispatch-return": "POST only",
    "document-revoke": "POST only",
    "document-replace": "POST only",
    "register-close": "POST only",
    "exchange-send": "POST only",
    "exchange-upload": "POST only",
    "exchange-revoke": "POST only",
    "exchange-replace": "POST only",
    "exchange-return": "POST only",
    # Hidden state: a file the demo has none of, or a signed key.
    "dispatch-attachment": "the demo's dispatches carry no attachment",
    "feedback-photo": "the demo's feedback has no photo",
    "outreach-file": "the demo's activities carry no file",
    "outreach-material-file": "the demo's material carries no file",
    "outreach-ical": "a signed key in the query string, not a log-in",
    "document-original-page": "a TIFF scan's page as PNG: the demo's documents are no TIFF",
    "station-new": "POST only",
    "bulletin-action": "POST only",
    "alert-action": "POST only",
    "device-new": "POST only",
    "device-code": "POST only",
    "device-rotate": "POST only",
    "device-revoke": "POST only",
    "board-refresh": "POST only",
    "board-ask-screenshot": "POST only",
    "board-weather": "POST only",
    "device-command": "POST only",
    "emergency-start": "POST only",
    "emergency-stop": "POST only",
    "bulletin-variant": "POST only",
    "bulletin-recording": "POST only",
    "bulletin-audio": "the demo's bulletin waits for approval: no audio yet",
    "bulletin-variant-audio": "the demo's bulletin has no recorded variant",
    "bulletin-preview-audio": "a key the preview page hands out, rendered by the worker",
    "station-cluster-save": "POST only",
    "station-slot-save": "POST only",
    "station-slot-delete": "POST only",
    "station-entry-add": "POST only",
    "station-entry-move": "POST only",
    "station-entry-remove": "POST only",
    "station-offer-decide": "POST only",
    "station-schedule-add": "POST only",
    "station-schedule-cancel": "POST only",
}

# The rows of the table, in order.
PATHS = [line.split()[0] for line in TABLE.strip().splitlines()[1:]]


def _object_ids() -> dict[str, int]:
    """The demo objects the table names, by ``kind:key``."""
    from tincoso.access.models import InfoRequest
    from tincoso.alerts.models import Alert
    from tincoso.broadcast.models import Bulletin, Device, Station
    from tincoso.documents.models import Assignment, Dispatch, Document, Import
    from tincoso.feedback.models import Correction, Feedback
    from tincoso.opinion.models import GoodExample, Note, Topic
    from tincoso.outreach.models import Activity, Reporter
    from tincoso.publishing.models import Item
    from tincoso.reports.models import Report

    def first(qs: Any) -> int:
        return int(qs.order_by("pk").values_list("pk", flat=True)[0])

    return {
        "doc:30-HD/BTG": first(Document.objects.filter(symbol="30-HD/BTG")),
        "doc:05-KH/CB": first(Document.objects.filter(symbol="05-KH/CB")),
        "doc:12/CV-HND": first(Document.objects.filter(file_name="CV-hoi-nong-dan.txt")),
        "imp:btg-khoi": first(Import.objects.filter(unit__code="btg-khoi")),
        "dis:cb-sonv": first(
            Dispatch.objects.filter(document__symbol="30-HD/BTG", recipient__code="cb-sonv")
        ),
        "asg:cb-sonv": first(Assignment.objects.filter(person__username="canbo.sonv")),
        "item:btg-tu": first(Item.objects.filter(unit__code="btg-tu", status="published")),
        "item:tan-phong": first(Item.objects.filter(unit__code="tan-phong", status="published")),
        "fb:tan-phong": first(Feedback.objects.filter(unit__code="tan-phong")),
        "corr:btg-tu": first(Correction.objects.filter(unit__code="btg-tu")),
        "note:tan-phong": first(Note.objects.filter(unit__code="tan-phong-1")),
        "ex:tan-phong": first(GoodExample.objects.filter(unit__code="tan-phong-1")),
        "act:tan-phong": first(Activity.objects.filter(unit__code="tan-phong")),
        "bcv:tan-phong": first(Reporter.objects.filter(unit__code="tan-phong")),
        "report:cb-sotc": first(Report.objects.filter(unit__code="cb-sotc")),
        "st:tp": first(Station.objects.filter(unit__code="tan-phong")),
        "bul:tp": first(Bulletin.objects.filter(unit__code="tan-phong")),
        "dev:tp": first(Device.objects.filter(unit__code="tan-phong")),
        "dev:tpb": first(Device.objects.filter(unit__code="tan-phong", kind="board")),
        "alert:tp": first(Alert.objects.filter(unit__code="tan-phong")),
        "rti:tan-phong": first(InfoRequest.objects.filter(unit__code="tan-phong")),
        "topic:gia-ca": first(Topic.objects.filter(slug="gia-ca")),
    }


def _concrete(template: str, ids: dict[str, int]) -> str:
    path = re.sub(r"\{([^}]+)\}", lambda m: str(ids[m.group(1)]), template)
    if path.startswith("/api/"):  # an API row: the same gate, as JSON
        return path
    return "/app/" + path.lstrip("/")


def _staff_url_names() -> set[str]:
    def walk(patterns: list[Any], prefix: str = "") -> Any:
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern) and (prefix + str(p.pattern)).startswith("app/"):
                yield p.name

    return set(walk(get_resolver().url_patterns))


def _parse(table: str) -> tuple[list[str], dict[str, list[str]]]:
    lines = [line for line in table.strip().splitlines() if line.strip()]
    header = lines[0].split()[1:]
    rows = {}
    for line in lines[1:]:
        path, *marks = line.split()
        rows[path] = marks
    return header, rows


def test_every_persona_gets_the_expected_answer_on_every_staff_page() -> None:
    call_command("demo", stdout=StringIO())
    ids = _object_ids()
    demo = {p.username for p in DEMO_PEOPLE} | {"quantri"}
    assert set(COLUMNS.values()) == demo, "every demo persona is a column"
    paths = {template: _concrete(template, ids) for template in PATHS}
    covered = {resolve(p.split("?")[0]).url_name for p in paths.values()}
    missing = _staff_url_names() - covered - set(SKIPPED)
    assert not missing, f"staff pages with no row in the table: {sorted(missing)}"

    observed: dict[str, list[str]] = {t: [] for t in PATHS}
    for username in COLUMNS.values():
        user = get_user_model().objects.get(username=username)
        assert user.check_password("TinCoSo@2026")
        client = Client()
        client.force_login(user)
        for template, path in paths.items():
            status = client.get(path).status_code
            mark = next((m for m, code in LEGEND.items() if code == status), str(status))
            observed[template].append(mark)
    if os.environ.get("PERSONA_MATRIX_PRINT"):
        width = max(len(t) for t in PATHS)
        print("\n" + "path".ljust(width), " ".join(f"{c:>2}" for c in COLUMNS))
        for template, marks in observed.items():
            print(template.ljust(width), " ".join(f"{m:>2}" for m in marks))
    header, expected = _parse(TABLE)
    assert header == list(COLUMNS)
    wrong = [
        f"{template} as {username}: expected {want}, got {got}"
        for template in PATHS
        for username, want, got in zip(
            COLUMNS.values(), expected[template], observed[template], strict=True
        )
        if want != got
    ]
    assert not wrong, "\n".join(wrong)
