from django.urls import path
from rest_framework.routers import SimpleRouter

from tincoso.broadcast.devices import api, manage_api, push_api

router = SimpleRouter()
router.register("broadcast/devices", manage_api.DeviceViewSet, basename="api-device")
router.register("broadcast/emergencies", push_api.EmergencyViewSet, basename="api-emergency")
_commands = push_api.DeviceCommandViewSet.as_view({"get": "list", "post": "create"})

_V1 = "device/v1/"
urlpatterns = [
    path(_V1 + "enrol", api.enrol, name="device-enrol"),
    path(_V1 + "public-key", api.public_key, name="device-public-key"),
    path(_V1 + "manifest", api.manifest_view, name="device-manifest"),
    path(_V1 + "media/<int:bulletin_id>", api.media, name="device-media"),
    path(_V1 + "heartbeat", api.heartbeat, name="device-heartbeat"),
    path(_V1 + "plays", api.plays, name="device-plays"),
    path(_V1 + "mqtt", api.mqtt, name="device-mqtt"),
    path("broadcast/devices/<int:device_pk>/commands", _commands, name="api-device-commands"),
    *router.urls,
]
