"""The work between meetings (issue 14) on the real stack: minutes comments and agreement, written
procedures, documents with versions and markings, action-item progress — by the API and by the pages —
and the scheduled steps (adoption at the deadline, reminders, the overdue digest) run by the stack's real
Celery worker, sent over Redis by name as beat sends them.

One module a subject (minutes, written procedures, documents, action items, the worker's scheduled steps);
the fixtures `api`, `sec` and `ids` are in conftest.py, the helpers in helpers.py.

Each write is checked where a person sees it: the record read back through the API, or the database.
"""
