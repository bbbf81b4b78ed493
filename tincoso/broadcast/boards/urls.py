from django.urls import path

from tincoso.broadcast.boards import views

_B = "app/broadcast/devices/<int:pk>/board/"
urlpatterns = [
    path("bang-tin/", views.kiosk, name="board-kiosk"),
    path("bang-tin/sw.js", views.service_worker, name="board-sw"),
    path(_B + "refresh/", views.refresh, name="board-refresh"),
    path(_B + "screenshot/", views.ask_screenshot, name="board-ask-screenshot"),
    path("app/broadcast/devices/<int:pk>/screen.png", views.screenshot,
         name="board-screenshot-png"),
    path(_B + "weather/", views.weather, name="board-weather"),
]
