"""The live suite: the portal on the production stack (gunicorn, PostgreSQL, Redis, a real Celery worker),
driven over HTTP only. Run with `make live`; `live/stack.py` is the harness others reuse."""
