"""The `likvard` command: Django's management commands under the project's name.

`likvard demo ...`, `likvard migrate`, `likvard runserver` all work from any
directory once the package is installed in the virtual environment. `likvard
serve [gunicorn options]` runs the production HTTP server (gunicorn with the
settings in `likvard.serving`); `likvard worker [db_worker options]` runs the
job queue's worker (docs/operations.md, "Job worker").
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "likvard.settings.base")
    if sys.argv[1:2] == ["serve"]:
        serve(sys.argv[2:])
        return
    arguments = sys.argv[1:]
    if arguments[:1] == ["worker"]:
        arguments = ["db_worker", *WORKER_OPTIONS, *arguments[1:]]
    from django.core.management import execute_from_command_line

    execute_from_command_line(["likvard", *arguments])


#: `likvard worker`: every queue of the database backend, polled each second when idle,
#: never reloading on code changes (a restart after a deploy does that; a reloading
#: worker's child would outlive a stopped parent). Options given after them win.
WORKER_OPTIONS = ["--queue-name", "*", "--interval", "1", "--no-reload"]


def serve(options: list[str]) -> None:
    """Hand over to gunicorn; options given here win over `likvard.serving`."""
    from gunicorn.app.wsgiapp import run

    sys.argv = [
        "likvard serve",
        "-c",
        "python:likvard.serving",
        *options,
        "likvard.wsgi:application",
    ]
    run()


if __name__ == "__main__":
    main()
