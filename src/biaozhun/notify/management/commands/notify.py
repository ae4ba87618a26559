"""``biaozhun notify ...``: operate the notification outbox.

biaozhun notify status             counts per delivery status, open desk tasks
biaozhun notify drain              send what is due now, in this process
biaozhun notify kick               enqueue a drain task for the workers
biaozhun notify digest daily|weekly [--schedule]
                                   send the digests now (and chain the periodic task)
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "通知推送运维 / Operate the notification outbox (status, drain, kick, digest)."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("status", help="counts per delivery status")
        drain = sub.add_parser("drain", help="send what is due now, in this process")
        drain.add_argument("--budget", type=float, default=300.0)
        sub.add_parser("kick", help="enqueue a drain task")
        digest = sub.add_parser("digest", help="send the daily or weekly digests")
        digest.add_argument("period", choices=["daily", "weekly"])
        digest.add_argument(
            "--schedule", action="store_true", help="also enqueue the periodic digest task"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # loaded when the command runs, so `biaozhun --help` stays fast
        from biaozhun.notify import outbox, selectors, tasks
        from biaozhun.notify.models import DeskTask

        action = options["action"]
        if action == "status":
            counts = selectors.outbox_counts()
            counts["desk_open"] = DeskTask.objects.filter(resolved_at__isnull=True).count()
            self.stdout.write(json.dumps(counts, sort_keys=True))
        elif action == "drain":
            stats = outbox.drain(options["budget"])
            self.stdout.write(
                json.dumps(
                    {
                        "sent": stats.sent,
                        "retry": stats.failed,
                        "dead": stats.dead,
                        "reclaimed": stats.reclaimed,
                        "more": stats.more,
                    }
                )
            )
        elif action == "kick":
            tasks.drain_outbox.enqueue()
            self.stdout.write("queued / 已排队")
        elif action == "digest":
            # loaded when the command runs, so `biaozhun --help` stays fast
            from django.utils import timezone

            from biaozhun.notify.digest import next_digest_time, send_digests

            sent = send_digests(options["period"])
            self.stdout.write(f"已发送 {sent} 份摘要 / sent {sent} digests")
            if options["schedule"]:
                due = next_digest_time(options["period"], timezone.now())
                if outbox.reserve_wakeup(f"digest-{options['period']}", due):
                    tasks.send_digests.using(run_after=due).enqueue(options["period"])
                self.stdout.write(f"next: {due.isoformat()}")
        else:  # pragma: no cover - argparse refuses other actions
            raise CommandError(action)
