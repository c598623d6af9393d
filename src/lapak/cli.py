"""The `lapak` command: Django's manage.py plus `demo` and `serve`.

Subcommands may be written with dashes (`lapak import-merchants`) or underscores.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    if len(argv) > 1 and argv[1] == "demo":
        # The demo is a development server on an embedded database, whatever the shell has set.
        os.environ["LAPAK_DEBUG"] = "1"
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lapak.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
