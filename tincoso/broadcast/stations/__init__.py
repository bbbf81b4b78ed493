"""Stations, clusters, programmes, schedules and the TT 39/2020 inbox (issue 13).

- ``models``: Station (one per commune or ward), Cluster, Slot, Programme, Entry,
  Offer (the inbox), Schedule (one-off and repeated plays), AiredPlay;
- ``services``: stations, clusters, slots and who may operate them;
- ``programmes``: entries in order, length against the slot;
- ``inbox``: offering bulletins downward by priority, accepting, declining, schedules;
- ``playlist``: ``playlist(station_or_cluster, at, horizon)``, exactly what a device
  plays (issue 14 serves it);
- ``aired``: plays whose time passed, and the figures fed to ``reports.rollup``.
"""
