"""The `likvard` command: Django's management commands under the project's name.

`likvard demo ...`, `likvard migrate`, `likvard runserver` all work from any
directory once the package is installed in the virtual environment.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "likvard.settings.base")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["likvard", *sys.argv[1:]])


if __name__ == "__main__":
    main()
