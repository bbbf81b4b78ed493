from django.urls import path

from tincoso.broadcast.devices import emergency_views, views

_D = "app/broadcast/devices/<int:pk>/"
urlpatterns = [
    path("app/broadcast/devices/", views.device_list, name="device-list"),
    path("app/broadcast/devices/new/", views.device_new, name="device-new"),
    path(_D, views.device_detail, name="device-detail"),
    path(_D + "code/", views.device_code, name="device-code"),
    path(_D + "rotate/", views.device_rotate, name="device-rotate"),
    path(_D + "revoke/", views.device_revoke, name="device-revoke"),
    path(_D + "command/", views.device_command, name="device-command"),
    path("app/broadcast/emergencies/", emergency_views.emergency_list, name="emergency-list"),
    path("app/broadcast/emergencies/start/", emergency_views.emergency_start,
         name="emergency-start"),
    path("app/broadcast/emergencies/<int:pk>/stop/", emergency_views.emergency_stop,
         name="emergency-stop"),
]
