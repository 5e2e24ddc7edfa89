"""The bundle's entry point: `inward` exactly as `python -m app` runs it.

Two things only a frozen app needs happen here, so app/ stays as it is:

- A windowed build on Windows has no console, so ``sys.stdout`` and ``sys.stderr`` are
  None; the command line's one-line answers (``inward export``, ``--self-test``) would
  raise on them. They go to the null device instead.
- ``INWARD_BUNDLE_CHECK=1`` runs packaging/bundle_check.py instead of the app: it loads
  what the app imports late (charts, photos, sound, speech, migrations) to show the
  bundle holds it. tools/package_test.py uses it; people never need to.
"""

from __future__ import annotations

import os
import sys


def _quiet_missing_streams() -> None:
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


if __name__ == "__main__":
    _quiet_missing_streams()
    if os.environ.get("INWARD_BUNDLE_CHECK") == "1":
        from bundle_check import main as check

        sys.exit(check())
    from app.__main__ import main

    sys.exit(main())
