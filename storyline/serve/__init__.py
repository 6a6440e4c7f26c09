"""`storyline serve`: read a store in a browser, or through its JSON API.

Entry point: :func:`storyline.serve.app.create_app` (``db_url``, ``host``,
``allow_private``) returns the FastAPI app; it refuses a non-loopback ``host``
unless ``STORYLINE_TOKEN`` is set.

Pages (server-rendered Jinja2, a little vanilla JS from ``static/``):
``/`` stories, ``/stories/{id}`` timeline picture, events, cited summaries,
coverage matrix, contradictions and quote board, ``/articles/{id}`` the clean
text with entities, quotes and dates marked (``?start=&end=`` marks a cited
span), ``/entities``, ``/entities/{id}``, ``/search?q=``, ``/ingest``.

API under ``/api`` (schema at ``/api/openapi.json``): stories, events,
articles (+ ``/span``), quotes, entities, search, ``POST /api/ingest/files``
and ``/api/ingest/urls`` (background jobs polled at ``/api/jobs/{id}``).

Modules: ``app`` wiring, ``security`` headers/token/host checks, ``catalog``
the cached read model, ``cache`` rendered responses, ``search`` FTS5 or scan,
``jobs`` background builds, ``api`` and ``pages`` the routes, ``highlight``
and ``timeline_svg`` view helpers.
"""
