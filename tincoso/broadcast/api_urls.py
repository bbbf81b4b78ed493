from tincoso.broadcast.boards.api_urls import urlpatterns as board_api
from tincoso.broadcast.bulletins.api_urls import urlpatterns as bulletin_api
from tincoso.broadcast.devices.api_urls import urlpatterns as device_api
from tincoso.broadcast.stations.api_urls import urlpatterns as station_api

urlpatterns = [*bulletin_api, *station_api, *device_api, *board_api]
