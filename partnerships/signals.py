"""Signals other apps listen to, so a partnership's lifecycle has one source of truth.

``status_changed`` is sent by ``partnerships.services.partnership_change_status`` inside
its transaction, after the new status is saved and recorded, with the keyword
arguments ``partnership``, ``from_status``, ``to_status``, ``by``, ``note`` and ``on``
(the day the change takes effect). A receiver that raises rolls the change back.
"""

from django.dispatch import Signal

status_changed = Signal()
