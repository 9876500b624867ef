"""Entry point: ``python -m marac_desktop`` and the ``marac-desktop`` script."""

from __future__ import annotations

import sys


def main() -> None:
    from marac_desktop.cli import main as cli_main

    sys.exit(cli_main())


if __name__ == "__main__":
    main()
