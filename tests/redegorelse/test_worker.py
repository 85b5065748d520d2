"""Issue 14 item 13: the task worker survives the database going away, and task rows left
RUNNING by a worker that died are put back in the queue or closed."""

from unittest import mock

import pytest
from django.core import mail
from django.db import OperationalError, connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet

from redegorelse.management.commands.run_worker import ResilientWorker, close_orphans
from redegorelse.models import EmailStatus, Notification
from redegorelse.notifications import send_notification_email
from tests import factories
from tests.needs import require_postgresql

DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture(autouse=True)
def database_queue(settings):
    settings.TASKS = DATABASE


def worker(sleeps, worker_id="arbejder-1"):
    return ResilientWorker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
        sleep=sleeps.append,
    )


def queued_notification():
    user = factories.UserFactory(username="modtager", email="modtager@kk.dk")
    notification = Notification.objects.create(
        user=user, subject="Emne", body="Tekst", email_status=EmailStatus.PENDING
    )
    send_notification_email.enqueue(notification.pk)
    return notification


# Transactional: the worker closes its connection, as in production. serialized_rollback, as every
# transactional test here: without it the flush after the test makes the content types again
# under new ids, and a serialized_rollback test after it in the same process cannot restore its
# reference data (the order of the tests decides, and it differs between parallel runs).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_it_waits_and_carries_on_when_the_database_goes_away(caplog):
    notification = queued_notification()
    real = DBTaskResultQuerySet.get_locked
    outage = [OperationalError("server closed the connection unexpectedly")] * 3

    def flaky(self):
        if outage:
            raise outage.pop()
        return real(self)

    sleeps = []
    with mock.patch.object(DBTaskResultQuerySet, "get_locked", flaky):
        runner = worker(sleeps)
        runner.run()
    assert sleeps == [1, 2, 4]  # backing off, then working again
    assert runner.reconnects == 3
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.SENT
    assert [m.to for m in mail.outbox] == [["modtager@kk.dk"]]
    assert "The database is unavailable" in caplog.text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # see above
def test_it_reconnects_after_postgresql_ends_its_connection(django_db_blocker):
    """The worker's connection is ended from the server side (as a PostgreSQL restart does)."""
    require_postgresql()  # it stops a real PostgreSQL connection
    import psycopg2

    notification = queued_notification()
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    killer = psycopg2.connect(**params)
    killer.autocommit = True
    with killer.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    killer.close()
    sleeps = []
    runner = worker(sleeps)
    runner.run()
    assert runner.reconnects == 1 and sleeps == [1]
    notification.refresh_from_db()
    assert notification.email_status == EmailStatus.SENT
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


@pytest.mark.django_db
def test_it_puts_orphaned_task_rows_back_in_the_queue_or_closes_them(settings):
    settings.TASK_ORPHAN_SECONDS = 600
    now = timezone.now()
    for n in range(4):
        send_notification_email.enqueue(n)
    stale, own, tried_out, alive = DBTaskResult.objects.order_by("enqueued_at", "pk")
    DBTaskResult.objects.filter(pk=stale.pk).update(
        status="RUNNING", started_at=now - timezone.timedelta(hours=1), worker_ids=["død"]
    )
    DBTaskResult.objects.filter(pk=own.pk).update(status="RUNNING", started_at=now, worker_ids=["arbejder-1"])
    DBTaskResult.objects.filter(pk=tried_out.pk).update(
        status="RUNNING", started_at=now - timezone.timedelta(hours=1), worker_ids=["a", "b", "c"]
    )
    DBTaskResult.objects.filter(pk=alive.pk).update(status="RUNNING", started_at=now, worker_ids=["en-anden"])
    assert close_orphans(own_worker_id="arbejder-1", now=now) == (2, 1)
    status = dict(DBTaskResult.objects.values_list("pk", "status"))
    assert status == {stale.pk: "READY", own.pk: "READY", tried_out.pk: "FAILED", alive.pk: "RUNNING"}
