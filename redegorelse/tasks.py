"""The statusrapport export as a background task (the Django tasks API; `manage.py db_worker`)."""

import logging
import threading

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext
from django_tasks import task

from config.storage import is_storage_unavailable

from .models import ExportStatus, StatusReportExport
from .models.statusreport_export import Cancelled
from .statusreport_pdf import ThrottledProgress, gather
from .statusreport_pieces import build_pdf

logger = logging.getLogger(__name__)


@task()
def export_statusreport(export_id):
    run_export(StatusReportExport.objects.select_related("round").get(pk=export_id))


def run_export(export, progress=None):
    """Renders one queued export. The job ends done, failed with a reason, or cancelled; it never
    stays running (a worker killed mid-export is caught by the heartbeat timeout instead)."""
    if not export.start():
        return  # cancelled while it waited, or another worker has it

    def report(percent, step):
        export.beat(percent, step)
        if progress:
            progress(percent, step)

    heartbeat = Heartbeat(export.pk)
    heartbeat.start()
    try:
        data = gather(export.round, export.edition)
        pdf, page_count = build_pdf(data, progress=ThrottledProgress(report))
        report(97, gettext("Gemmer"))
        export.finish(pdf, page_count=page_count)
    except Cancelled:
        logger.info("Statusreport export %s was cancelled", export.pk)
    except Exception as error:
        # The job must end failed whatever went wrong, with a reason BIF can read.
        logger.exception("Statusreport export %s failed", export.pk)
        if is_storage_unavailable(error):
            reason = gettext(
                "Eksporten kunne ikke gemmes, fordi lageret er fuldt eller skrivebeskyttet. Der er ikke gemt "
                "nogen ufuldstændig fil. Prøv igen, når der er plads."
            )
        else:
            reason = gettext("Eksporten fejlede: %(error)s") % {"error": error}
        export.fail(reason)
        raise
    finally:
        heartbeat.stop()


class Heartbeat(threading.Thread):
    """Keeps a running job's heartbeat fresh through long steps that report no progress (writing
    a 600-page PDF). It dies with the worker process, so a killed worker's job goes stale."""

    def __init__(self, export_id, interval=10):
        super().__init__(daemon=True)
        self.export_id = export_id
        self.interval = interval
        self.stopped = threading.Event()

    def run(self):
        try:
            while not self.stopped.wait(self.interval):
                StatusReportExport.objects.filter(pk=self.export_id, status=ExportStatus.RUNNING).update(
                    heartbeat_at=timezone.now()
                )
        finally:
            connection.close()

    def stop(self):
        self.stopped.set()
        self.join()
