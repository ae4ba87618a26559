"""The ``biaozhun`` command: ``biaozhun GROUP [ARGS]`` runs the management command GROUP.

``biaozhun serve``, ``biaozhun worker``, ``biaozhun demo``, ``biaozhun catalogue import …``,
``biaozhun designation parse …`` and every other Django management command
(``biaozhun migrate``) go through here.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "biaozhun.settings")
    # Django is set up first (settings) before these load
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(
            "usage: biaozhun COMMAND [ARGS]\n\n"
            "  serve [--host H] [--port P] [--workers N]\n"
            "                                start the web server, one process per core (and\n"
            "                                --with-worker the task worker)\n"
            "  worker                        run the background task worker\n"
            "  setup                         migrate and load reference and demo data (idempotent)\n"
            "  demo                          load the demo data\n"
            "  designation parse TEXT ...    parse standard designations (JSON lines)\n"
            "  catalogue import FORMAT PATH  import a standards catalogue\n"
            "  catalogue search QUERY --json search the catalogue\n"
            "  validity check FILE           标准查新 report\n"
            "  tbt import FORMAT PATH        import WTO notifications (eping-xlsx, eping-json)\n"
            "  tbt reclassify [--since DATE] classify the notifications again\n"
            "  alerts rematch | refresh-risks  match notifications to export profiles again\n"
            "  classify TEXT ...             classify product text\n"
            "  incentives compute CASE.json  compute an incentive decision\n"
            "  incentives load-policies      load the default policies\n"
            "  incentives import-awards FILE import awards granted before the platform\n"
            "  programme targets --json      the programme's targets\n"
            "  programme remind              remind departments of late tasks\n"
            "  bench [NAME] [--json]         run benchmarks\n"
            "  (any Django management command, e.g. migrate, createsuperuser)"
        )
        return
    execute_from_command_line(["biaozhun", *args])


if __name__ == "__main__":
    main()
