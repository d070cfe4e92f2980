"""Every page form, submitted as a browser would (login, CSRF, the form's own values kept), on the real stack.

One module a subject (registry, contributions, procurement, meetings); the fixtures `sec`, `api` and `ids`
are in conftest.py, the helpers in helpers.py.

After each submission the result is checked where a person sees it: the page it leads to, and the record
as the API reads it back.
"""
