"""Every write operation of the API, on the real stack, with the result read back as a client would see it.

One module a subject (registry, contributions, procurement, meetings); the fixture `ctx` is in conftest.py,
the helpers in helpers.py.

Each test walks one resource through create, update (PUT and PATCH), its actions and delete, reading the
record back after each step; changes to the figures are also checked in the next status summary.
"""
