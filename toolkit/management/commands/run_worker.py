import logging
import os
import signal
import socket
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django_tasks_db.management.commands.db_worker import Worker
from post_office.lockfile import FileLock, FileLocked, default_lockfile

from accounts.outbox import outbox_deliver
from toolkit.models import JobRun

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Run the background worker: deliver the mail outbox (with retries) and run the "
        "queued background tasks, then wait a few seconds and start again. Run it next to "
        "gunicorn (systemd unit in the README); /healthz reports when it last went round."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=5, help="Seconds to wait when there is no work."
        )
        parser.add_argument("--once", action="store_true", help="Go round once, then stop.")

    def handle(self, *args, interval=5, once=False, **options):
        self.running = True
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        while self.running:
            close_old_connections()
            self._round()
            if once:
                break
            time.sleep(interval)

    def _round(self):
        JobRun.record(JobRun.Name.WORKER)
        try:
            # One machine delivers at a time; another worker skips the outbox this round.
            with FileLock(default_lockfile):
                sent, failed, requeued = outbox_deliver()
            if sent or failed or requeued:
                logger.info("Outbox: %s sent, %s failed, %s to retry", sent, failed, requeued)
        except FileLocked:
            pass
        Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=f"{socket.gethostname()}-{os.getpid()}"[:64],
            excluded_queue_names=[],
        ).run()

    def _stop(self, signum, frame):
        logger.info("Stopping the worker after this round.")
        self.running = False
