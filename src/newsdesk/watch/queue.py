"""Watch mode on PostgreSQL: the newsroom's steps as Procrastinate tasks shared by many workers.

Procrastinate (a task queue that lives in PostgreSQL) hands each job to exactly one worker; a
worker may run on any machine that reaches the database. The tasks call the same operations of
the newsroom service (:class:`~newsdesk.newsroom.Newsroom`) as the single-process loop, and chain:

==========================  ===========================  ==========================================
task                        queueing lock / lock         then defers
==========================  ===========================  ==========================================
``newsdesk.tick`` (every    ``tick`` / –                 ``poll_feed`` for due feeds, ``update_
``watch.tick_seconds``)                                  stories`` if documents wait, ``write_story``
                                                         for due stories, ``publish`` for approved
``newsdesk.poll_feed``      ``feed:ID`` / ``feed:ID``    ``ingest_item`` per new item
``newsdesk.ingest_item``    ``item:URL`` / ``item:URL``  ``update_stories`` if a document was stored
``newsdesk.update_stories`` ``stories`` / ``clustering`` ``write_story`` for due stories
``newsdesk.write_story``    ``write:ID`` / ``story:ID``  ``publish`` (with ``watch.auto_publish``)
``newsdesk.publish``        ``publish:ID`` / ``article:  –
                            ID``
``newsdesk.retry_stalled``  ``retry_stalled`` / –        –
==========================  ===========================  ==========================================

A *queueing lock* keeps a second job with the same lock out of the queue while one waits; a *lock*
keeps two jobs with the same lock from running at once (so only one worker clusters at a time; the
clustering step also holds a PostgreSQL advisory lock, for clustering started outside the queue).
A task that fails on a database error (a dropped connection, say) is retried
(``watch.retries`` times, ``watch.retry_wait`` seconds apart) on a new connection. A worker that
dies (SIGKILL, power loss) stops sending heartbeats; after ``watch.stalled_seconds`` the periodic
``retry_stalled`` task puts its running job back in the queue for another worker. Each step is
idempotent (see :mod:`newsdesk.newsroom.sources` and :mod:`newsdesk.newsroom.writing`), so a job
that runs again does nothing twice.

Procrastinate's own tables are created in the same database on first start
(:func:`ensure_queue_schema`).
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import time
from typing import Any

from newsdesk.config import Settings
from newsdesk.errors import StoreError, UnsupportedStoreError
from newsdesk.newsroom import LogLines, Newsroom
from newsdesk.store.postgres import PostgresStore, redacted, scrub

log = logging.getLogger("newsdesk.watch")

QUEUE_SCHEMA_LOCK = 0x71756575  # pg_advisory_xact_lock key while creating the queue's tables ("queu")
TASKS = (
    "newsdesk.tick",
    "newsdesk.poll_feed",
    "newsdesk.ingest_item",
    "newsdesk.update_stories",
    "newsdesk.write_story",
    "newsdesk.publish",
    "newsdesk.retry_stalled",
)


def ensure_queue_schema(url: str) -> bool:
    """Create Procrastinate's tables in the database unless they exist; True if created."""
    try:
        import psycopg
        from procrastinate.schema import SchemaManager
    except ImportError as exc:
        raise UnsupportedStoreError(
            "watch mode on PostgreSQL needs psycopg and Procrastinate",
            source=redacted(url),
            hint="pip install 'newsdesk[postgres]'",
        ) from exc

    try:
        with psycopg.connect(url, autocommit=True, connect_timeout=10) as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (QUEUE_SCHEMA_LOCK,))
            row = conn.execute("SELECT to_regclass('procrastinate_jobs')").fetchone()
            if row is not None and row[0] is not None:
                return False
            conn.execute(SchemaManager.get_schema())
            return True
    except psycopg.Error as exc:
        raise StoreError(
            f"cannot prepare the task queue: {scrub(str(exc).strip(), url)}", source=redacted(url)
        ) from None


def tick_cron(seconds: int) -> str:
    """A Procrastinate cron line for every ``seconds`` (sixth field: seconds)."""
    if seconds < 60:
        return f"* * * * * */{seconds}"
    return f"*/{max(1, seconds // 60)} * * * *"


class _Runtime:
    """One store connection and one :class:`Newsroom` per worker process, made on first use and
    reconnected when the connection was lost."""

    def __init__(self, settings: Settings, url: str) -> None:
        self.settings = settings
        self.url = url
        self._store: PostgresStore | None = None
        self._room: Newsroom | None = None

    def room(self) -> Newsroom:
        if self._store is None:
            self._store = PostgresStore(self.url, application_name="newsdesk-worker")
        elif self._store.broken:
            log.info("database connection lost; reconnecting")
            self._store.reconnect()
        if self._room is None:
            self._room = Newsroom(self.settings, self._store, listener=LogLines(log))
        return self._room

    def close(self) -> None:
        if self._room is not None:
            self._room.close()
        if self._store is not None:
            self._store.close()


def build_app(settings: Settings, url: str) -> Any:
    """The Procrastinate app of the newsroom, its tasks bound to ``settings`` and the database."""
    import psycopg
    from procrastinate import App, JobContext, PsycopgConnector, RetryStrategy
    from procrastinate.exceptions import AlreadyEnqueued

    watch = settings.watch
    connector = PsycopgConnector(
        conninfo=url, min_size=1, max_size=4, kwargs={"application_name": "newsdesk-queue"}
    )
    app = App(connector=connector)
    runtime = _Runtime(settings, url)
    app.newsdesk_runtime = runtime  # type: ignore[attr-defined]
    retry = RetryStrategy(
        max_attempts=watch.retries, wait=int(watch.retry_wait), retry_exceptions={StoreError, psycopg.Error}
    )

    def defer(task: str, *, queueing_lock: str, lock: str | None = None, **kwargs: Any) -> None:
        try:
            app.configure_task(task, queueing_lock=queueing_lock, lock=lock).defer(**kwargs)
        except AlreadyEnqueued:
            log.debug("%s: already queued", queueing_lock)

    def schedule_writes(due: list[tuple[int, str]]) -> None:
        for story_id, key in due:
            defer(
                "newsdesk.write_story",
                queueing_lock=f"write:{story_id}",
                lock=f"story:{story_id}",
                story_id=story_id,
                key=key,
            )

    @app.task(name="newsdesk.tick", queueing_lock="tick", retry=retry)
    def tick(timestamp: int) -> None:
        room = runtime.room()
        for feed in room.due_feeds():
            defer(
                "newsdesk.poll_feed", queueing_lock=f"feed:{feed.id}", lock=f"feed:{feed.id}", feed_id=feed.id
            )
        if room.has_unclustered():
            defer("newsdesk.update_stories", queueing_lock="stories", lock="clustering")
        schedule_writes(room.due_stories())
        for article_id in room.publishable():
            defer(
                "newsdesk.publish",
                queueing_lock=f"publish:{article_id}",
                lock=f"article:{article_id}",
                article_id=article_id,
            )

    @app.task(name="newsdesk.poll_feed", retry=retry)
    def poll_feed(feed_id: int) -> int:
        feed_url, items = runtime.room().poll_feed(feed_id)
        for item in items:
            ident = item["url"] or feed_url + "#" + hashlib.sha1(repr(item).encode()).hexdigest()
            defer(
                "newsdesk.ingest_item",
                queueing_lock=f"item:{ident}",
                lock=f"item:{ident}",
                item=item,
                feed_url=feed_url,
            )
        return len(items)

    @app.task(name="newsdesk.ingest_item", retry=retry)
    def ingest_item(item: dict[str, Any], feed_url: str) -> list[int]:
        stored = runtime.room().ingest_item(item, feed_url)
        if stored:
            defer("newsdesk.update_stories", queueing_lock="stories", lock="clustering")
        return stored

    @app.task(name="newsdesk.update_stories", retry=retry)
    def update_stories() -> int:
        room = runtime.room()
        room.cluster()
        due = room.due_stories()
        schedule_writes(due)
        return len(due)

    @app.task(name="newsdesk.write_story", retry=retry)
    def write_story(story_id: int, key: str | None = None) -> int | None:
        written = runtime.room().write([story_id], retry_failed=False).written
        created = [w.record.id for w in written if not w.unchanged and w.record.created]
        article_id = created[0] if created else None
        if article_id is not None and watch.auto_publish:
            defer(
                "newsdesk.publish",
                queueing_lock=f"publish:{article_id}",
                lock=f"article:{article_id}",
                article_id=article_id,
            )
        return article_id

    @app.task(name="newsdesk.publish", retry=retry)
    def publish(article_id: int) -> bool:
        return runtime.room().auto_publish(article_id)

    @app.task(name="newsdesk.retry_stalled", queueing_lock="retry_stalled", pass_context=True)
    async def retry_stalled(context: JobContext, timestamp: int) -> int:
        stalled = await context.app.job_manager.get_stalled_jobs(
            seconds_since_heartbeat=watch.stalled_seconds
        )
        count = 0
        for job in stalled:
            if job.id == context.job.id:
                continue
            await context.app.job_manager.retry_job(job)
            log.warning("job %s (%s): its worker stopped responding; queued again", job.id, job.task_name)
            count += 1
        return count

    @app.task(name="newsdesk.prune_jobs", queueing_lock="prune_jobs", pass_context=True)
    async def prune_jobs(context: JobContext, timestamp: int) -> None:
        # finished jobs older than watch.keep_jobs_hours; failed ones stay for 'newsdesk status'
        await context.app.job_manager.delete_old_jobs(nb_hours=watch.keep_jobs_hours, include_cancelled=True)

    cron = tick_cron(watch.tick_seconds)
    app.periodic(cron=cron, periodic_id="tick")(tick)
    app.periodic(cron=cron, periodic_id="retry_stalled")(retry_stalled)
    app.periodic(cron="17 * * * *", periodic_id="prune_jobs")(prune_jobs)
    return app


def schedule_now(app: Any) -> None:
    """Queue a tick at once (what ``newsdesk watch`` does on PostgreSQL before workers start)."""
    from procrastinate.exceptions import AlreadyEnqueued

    with contextlib.suppress(AlreadyEnqueued):
        app.configure_task("newsdesk.tick", queueing_lock="tick").defer(timestamp=int(time.time()))


def run_worker(settings: Settings, url: str, *, once: bool = False, name: str | None = None) -> None:
    """Run one Procrastinate worker in this process until SIGINT/SIGTERM (or, with ``once``,
    until the queue is empty). A stop request lets the running job finish first."""
    ensure_queue_schema(url)
    PostgresStore(url).close()  # migrate the newsroom's tables before the first job
    app = build_app(settings, url)
    watch = settings.watch
    log.info("worker %s started on %s", name or "", redacted(url))
    try:
        app.run_worker(
            name=name or "newsdesk",
            concurrency=1,  # one job at a time: a worker owns one store connection
            wait=not once,
            fetch_job_polling_interval=min(5.0, float(watch.tick_seconds)),
            update_heartbeat_interval=watch.heartbeat_seconds,
            stalled_worker_timeout=watch.stalled_seconds,
            install_signal_handlers=True,
            delete_jobs="never",
        )
    finally:
        app.newsdesk_runtime.close()
        log.info("worker %s stopped", name or "")


def queue_counts(url: str) -> list[dict[str, Any]]:
    """Jobs per task and status (Procrastinate's ``list_tasks``); empty without the queue tables."""
    import psycopg

    with psycopg.connect(url, autocommit=True, connect_timeout=10) as conn:
        row = conn.execute("SELECT to_regclass('procrastinate_jobs')").fetchone()
        if row is None or row[0] is None:
            return []
    from procrastinate import App, SyncPsycopgConnector

    app = App(connector=SyncPsycopgConnector(conninfo=url, min_size=1, max_size=1))
    with app.open():
        return list(app.job_manager.list_tasks())
