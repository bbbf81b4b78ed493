from tincoso.broadcast.boards.urls import urlpatterns as board_urls
from tincoso.broadcast.bulletins.urls import urlpatterns as bulletin_urls
from tincoso.broadcast.devices.urls import urlpatterns as device_urls
from tincoso.broadcast.stations.urls import urlpatterns as station_urls

urlpatterns = [*bulletin_urls, *station_urls, *device_urls, *board_urls]
