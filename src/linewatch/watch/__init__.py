"""Watchlists and alerts: users watch numbers, plates, persons, addresses, lines and searches;
imports and analysis runs raise alerts with their evidence (see docs/watchlists.md).

Reads the records and the stages' output tables through the store only; who may read an
alert is decided by the API's access rules (:mod:`linewatch.api.alerts`).
"""

from linewatch.watch.alerts import list_alerts, mark_read
from linewatch.watch.check import check_watches
from linewatch.watch.deliver import deliver_pending
from linewatch.watch.watches import add_watch, list_watches, remove_watch

__all__ = ["add_watch", "check_watches", "deliver_pending", "list_alerts", "list_watches",
           "mark_read", "remove_watch"]
