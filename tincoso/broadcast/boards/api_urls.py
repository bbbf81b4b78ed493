from django.urls import path

from tincoso.broadcast.boards import api

_V1 = "device/v1/"
urlpatterns = [
    path(_V1 + "board-manifest", api.board_manifest, name="board-manifest"),
    path(_V1 + "board-state", api.board_state, name="board-state"),
    path(_V1 + "board-media/<str:sha256>", api.board_media, name="board-media"),
    path(_V1 + "screenshot", api.screenshot, name="board-screenshot"),
]
