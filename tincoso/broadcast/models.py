"""The app's models live in its rooms; Django finds them here."""

from tincoso.broadcast.boards.models import *  # noqa: F403
from tincoso.broadcast.bulletins.models import *  # noqa: F403
from tincoso.broadcast.devices.models import *  # noqa: F403
from tincoso.broadcast.devices.monitor_models import *  # noqa: F403
from tincoso.broadcast.devices.push_models import *  # noqa: F403
from tincoso.broadcast.stations.models import *  # noqa: F403
