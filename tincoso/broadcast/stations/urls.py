from django.urls import path

from tincoso.broadcast.stations import views

_S = "app/broadcast/stations/<int:pk>/"
urlpatterns = [
    path("app/broadcast/stations/", views.station_list, name="station-list"),
    path("app/broadcast/stations/new/", views.station_new, name="station-new"),
    path("app/broadcast/offer/", views.offer_new, name="station-offer"),
    path(_S, views.station_detail, name="station-detail"),
    path(_S + "clusters/", views.cluster_save, name="station-cluster-save"),
    path(_S + "slots/", views.slot_save, name="station-slot-save"),
    path(_S + "slots/<int:slot>/delete/", views.slot_delete, name="station-slot-delete"),
    path(_S + "programme/", views.programme_day, name="station-programme"),
    path(_S + "programme/add/", views.entry_add, name="station-entry-add"),
    path(_S + "entries/<int:entry>/move/", views.entry_move, name="station-entry-move"),
    path(_S + "entries/<int:entry>/remove/", views.entry_remove, name="station-entry-remove"),
    path(_S + "inbox/", views.inbox_view, name="station-inbox"),
    path(_S + "inbox/<int:offer>/", views.offer_decide, name="station-offer-decide"),
    path(_S + "schedules/", views.schedules_view, name="station-schedules"),
    path(_S + "schedules/add/", views.schedule_add, name="station-schedule-add"),
    path(_S + "schedules/<int:schedule>/cancel/", views.schedule_cancel,
         name="station-schedule-cancel"),
]
