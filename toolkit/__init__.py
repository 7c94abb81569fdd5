"""The toolkit every app uses: form widgets and helpers, safe redirects, module
discovery, the ``visible_to`` queryset shape, the CSV writer, list template tags and
the site-wide commands that gather each app's ``demo.py`` and ``reminders.py``.

It sits between ``accounts`` and the domain apps: it may import ``accounts`` (roles),
and every app above it may import it; it imports no domain app.
"""
