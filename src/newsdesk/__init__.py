"""newsdesk: German news articles from many sources, every sentence proven.

The package is a set of stages (``ingest``, ``stories``, ``write``, ``verify``, ``render``) that
communicate through domain objects (:mod:`newsdesk.models`) and the store (:mod:`newsdesk.store`).
Importing it does no work: models, clients and connections are created lazily by their owners.
"""

import logging

from newsdesk.errors import NewsdeskError

__version__ = "0.1.0"
__all__ = ["NewsdeskError", "__version__"]

logging.getLogger(__name__).addHandler(logging.NullHandler())
