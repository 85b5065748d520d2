"""`manage.py run_worker`: django-tasks-db's `db_worker`, made to survive the database going away.

The stock worker exits with a traceback when PostgreSQL restarts or the network drops (and its
queue then waits for a person). This one closes the broken connection, waits 1, 2, 4 … up to 60
seconds, and carries on. A task row left RUNNING by a worker that died or lost its connection
mid-task is put back in the queue (or failed after three tries), so no job waits forever.
`make run`, the Procfile and the systemd unit also start it again if the process exits."""

import logging
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("redegorelse.worker")

DATABASE_ERRORS = (OperationalError, InterfaceError)
MAX_ATTEMPTS = 3


def close_orphans(*, own_worker_id=None, now=None):
    """Task rows still RUNNING although nobody runs them: claimed by this worker before it lost
    its connection, or started longer ago than TASK_ORPHAN_SECONDS by a worker that has died.
    They go back in the queue, or are failed once they have been tried MAX_ATTEMPTS times.
    Returns (requeued, failed)."""
    now = now or timezone.now()
    limit = now - timezone.timedelta(seconds=settings.TASK_ORPHAN_SECONDS)
    requeued = failed = 0
    for row in DBTaskResult.objects.filter(status="RUNNING"):
        mine = bool(own_worker_id) and row.worker_ids[-1:] == [own_worker_id]
        if not mine and (row.started_at is None or row.started_at >= limit):
            continue
        if len(row.worker_ids) >= MAX_ATTEMPTS:
            failed += DBTaskResult.objects.filter(pk=row.pk, status="RUNNING").update(
                status="FAILED",
                finished_at=now,
                exception_class_path="redegorelse.worker.OrphanedTask",
                traceback=f"The worker running this task stopped {len(row.worker_ids)} times; not tried again.",
            )
        else:
            requeued += DBTaskResult.objects.filter(pk=row.pk, status="RUNNING").update(status="READY")
    if requeued or failed:
        logger.warning("Orphaned task rows: %s put back in the queue, %s failed", requeued, failed)
    return requeued, failed


class ResilientWorker(Worker):
    max_backoff = 60

    def __init__(self, *args, sleep=time.sleep, **kwargs):
        super().__init__(*args, **kwargs)
        self.sleep = sleep
        self.reconnects = 0

    def run(self):
        delay = 1
        while self.running:
            started = time.monotonic()
            try:
                close_orphans(own_worker_id=self.worker_id)
                super().run()
                return  # a batch ended, max_tasks was reached, or a signal asked it to stop
            except DATABASE_ERRORS as error:
                if time.monotonic() - started > self.max_backoff:
                    delay = 1  # it had been working: a new outage starts the waits again
                self.reconnects += 1
                logger.warning("The database is unavailable (%s); trying again in %s s", error, delay)
                for connection in connections.all(initialized_only=True):
                    try:
                        connection.close()
                    except DATABASE_ERRORS:
                        connection.connection = None  # already gone; the next query reconnects
                self.sleep(delay)
                delay = min(delay * 2, self.max_backoff)


class Command(DbWorkerCommand):
    help = "Run the task worker (db_worker that reconnects when the database goes away)"

    def handle(self, *args, **options):
        import django_tasks_db.management.commands.db_worker as db_worker

        # The stock command builds its Worker by name; this one builds ours with the same options.
        original = db_worker.Worker
        db_worker.Worker = ResilientWorker
        try:
            super().handle(*args, **options)
        finally:
            db_worker.Worker = original
