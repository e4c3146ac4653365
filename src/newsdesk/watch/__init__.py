"""Watch mode: a front end that runs the newsroom on a schedule — poll feeds, cluster, write, publish.

The steps themselves are operations of the newsroom service (:mod:`newsdesk.newsroom`), each
idempotent; this package only schedules them:

* :mod:`~newsdesk.watch.local`: one process runs the steps in a loop (SQLite, or PostgreSQL
  without workers);
* :mod:`~newsdesk.watch.queue`: the same steps as Procrastinate tasks, shared by worker processes
  on one or several machines through PostgreSQL;
* :mod:`~newsdesk.watch.status`: what ``newsdesk status`` shows.
"""
