"""Run `inward` as its entry point does, printing when the window paints and is usable.

The app cannot be changed for a benchmark, so this wraps MainWindow to connect to its own
`first_painted` signal. It prints the monotonic time of the paint and which heavy packages
were already imported by then: the design keeps SQLAlchemy, Alembic, pyqtgraph, numpy,
Pillow, QtMultimedia and QtTextToSpeech off the path to the first paint.
"""

from __future__ import annotations

import sys
import time
from typing import Any

# Packages that DESIGN.md says must load only after the window has painted.
LAZY_PACKAGES = (
    "sqlalchemy",
    "alembic",
    "pyqtgraph",
    "numpy",
    "PIL",
    "PySide6.QtMultimedia",
    "PySide6.QtTextToSpeech",
)


def peak_rss_mb() -> float | None:
    """This process's peak memory so far (Linux), to judge memory at the usable window."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def main() -> int:
    """Patch MainWindow to report its first paint, then run the normal entry point."""
    from app.ui.shell import main_window

    class ProbedMainWindow(main_window.MainWindow):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.first_painted.connect(self._report)
            self.ready.connect(self._report_usable)

        def _report_usable(self) -> None:
            print(f"usable {time.monotonic():.6f}", flush=True)
            rss = peak_rss_mb()
            if rss is not None:
                print(f"usable-peak-rss-mb {rss:.1f}", flush=True)

        def _report(self) -> None:
            painted = time.monotonic()
            early = [name for name in LAZY_PACKAGES if name in sys.modules]
            print(f"first-paint {painted:.6f}", flush=True)
            print(f"loaded-before-paint {','.join(early) or '-'}", flush=True)
            print(f"modules-before-paint {len(sys.modules)}", flush=True)

    main_window.MainWindow = ProbedMainWindow  # type: ignore[misc]
    from app.__main__ import main as inward_main

    return inward_main(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
