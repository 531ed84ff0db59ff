"""What the person-level stages share: the people and events they read (``context``), their
output tables (``output``) and the target list with the victim-first rule (``targets``).

Both ``score`` and ``safeguard`` import from here and neither needs the other's code for it:
``safeguard`` imports nothing from ``score``; ``score`` calls the safeguarding assessment so
that its own target list already leaves out everyone flagged (victim first).
"""
