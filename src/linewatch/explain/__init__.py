"""Explanations people read: each stage's stored explanation turned into one sentence and
evidence tables with names, dates and links (``Explanation``), for the API and the CLI alike;
and the displayed, calibrated form of saturating scores (``calibrate``).

Pure functions over the stored structures: nothing here reads the store.
"""

from linewatch.explain.calibrate import band, display, logit, uncapped
from linewatch.explain.cells import Cell, EvidenceTable, Explanation, Names, facts
from linewatch.explain.people import exploitation, merge, priority, role
from linewatch.explain.places import address_identity, cuckooing, line, phone_score, trap

__all__ = ["Cell", "address_identity", "EvidenceTable", "Explanation", "Names", "band", "cuckooing", "display",
           "exploitation", "facts", "line", "logit", "merge", "phone_score", "priority", "role", "trap",
           "uncapped"]
