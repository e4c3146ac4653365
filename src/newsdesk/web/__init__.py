"""The editors' web UI and JSON HTTP API (``newsdesk serve``).

:func:`newsdesk.web.app.create_app` builds the FastAPI application from the settings. This package
needs the ``web`` extra (FastAPI, uvicorn, python-multipart, itsdangerous); importing
``newsdesk.web`` itself loads none of them, so the command line can say clearly when they are
missing. Password hashing (:mod:`newsdesk.web.passwords`) uses the standard library only.
"""
