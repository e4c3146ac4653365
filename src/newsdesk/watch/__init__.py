"""Watch mode: a scheduled newsroom that polls feeds, clusters, writes, verifies and publishes.

* :mod:`~newsdesk.watch.newsroom`: the steps (poll a feed, ingest an item, update stories, write a
  story, publish an article), each idempotent;
* :mod:`~newsdesk.watch.local`: one process runs the steps in a loop (SQLite, or PostgreSQL
  without workers);
* :mod:`~newsdesk.watch.queue`: the same steps as Procrastinate tasks, shared by worker processes
  on one or several machines through PostgreSQL;
* :mod:`~newsdesk.watch.status`: what ``newsdesk status`` shows.
"""
