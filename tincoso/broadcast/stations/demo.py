"""Demo stations: one per demo commune or ward, with a cluster in each of its villages
(Lai Châu coordinates near the commune's centre) and two daily slots. Safe to run again."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from tincoso.broadcast.stations import services
from tincoso.broadcast.stations.models import Station
from tincoso.units.models import Unit, UnitKind

# Approximate centres (lat, lon) of the demo communes, all inside Lai Châu.
_CENTRES = {
    "tan-phong": (22.3964, 103.4582),
    "doan-ket": (22.3921, 103.4700),
    "binh-lu": (22.3125, 103.6120),
    "tam-duong": (22.3490, 103.5610),
    "phong-tho": (22.5560, 103.3440),
    "sin-ho": (22.3590, 103.2430),
    "than-uyen": (21.9560, 103.8870),
    "tan-uyen": (22.1700, 103.7400),
    "muong-te": (22.3770, 102.8250),
    "nam-nhun": (22.2300, 102.9830),
    "bum-nua": (22.4230, 102.7800),
    "pa-tan": (22.5700, 103.0300),
}
SLOTS = [(dt.time(6, 0), dt.time(6, 30)), (dt.time(17, 0), dt.time(17, 30))]


def _name(commune: Unit) -> str:
    return f"Đài truyền thanh {commune.name[0].lower()}{commune.name[1:]}"


@transaction.atomic
def load_demo() -> None:
    communes = Unit.objects.filter(kind=UnitKind.COMMUNE, code__in=_CENTRES).order_by("path")
    for commune in communes:
        station = Station.objects.filter(unit=commune).first() or services.create_station(
            None, commune, _name(commune))
        lat, lon = _CENTRES[commune.code]
        villages = Unit.objects.filter(path__startswith=commune.path,
                                       kind=UnitKind.VILLAGE).order_by("path")[:4]
        for i, village in enumerate(villages):
            if station.clusters.filter(village=village).exists():
                continue
            services.save_cluster(None, station, services.ClusterData(
                name=f"Cụm loa {village.name}", village=village,
                latitude=Decimal(str(lat)) + Decimal("0.006") * (i - 1),
                longitude=Decimal(str(lon)) + Decimal("0.005") * (i % 2),
                group="Trung tâm" if i == 0 else "Thôn, bản"))
        if not station.slots.exists():
            for start, end in SLOTS:
                services.save_slot(None, station, "0123456", start, end)
