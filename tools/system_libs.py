"""Install the Debian libraries Qt needs, or say how to, so `make` works on a fresh machine."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys


def missing_packages(packages: list[str]) -> list[str]:
    """Packages dpkg does not report as installed (none on systems without dpkg)."""
    if shutil.which("dpkg-query") is None:
        return []
    missing = []
    for package in packages:
        result = subprocess.run(
            ["dpkg-query", "-W", "-f=${Status}", package],
            capture_output=True,
            text=True,
            check=False,
        )
        if "install ok installed" not in result.stdout:
            missing.append(package)
    return missing


def venv_package() -> list[str]:
    """Debian splits venv/ensurepip out of Python: `python3 -m venv` needs python3-venv."""
    try:
        import ensurepip  # noqa: F401
    except ImportError:
        return ["python3-venv"]
    return []


def main(packages: list[str]) -> int:
    if sys.version_info < (3, 11):  # noqa: UP036 - runs on the system Python, before the venv
        print(
            f"Inward needs Python 3.11 or newer; this is {sys.version.split()[0]}. "
            "Run make with PYTHON=python3.11 (or newer).",
            file=sys.stderr,
        )
        return 1
    missing = missing_packages([*packages, *venv_package()])
    if not missing:
        return 0
    line = "apt-get install -y --no-install-recommends " + " ".join(missing)
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        print(f"Qt needs these system libraries; please run:\n  sudo {line}", file=sys.stderr)
        return 0
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    print(f"Installing Qt's system libraries: {' '.join(missing)}")
    subprocess.run(["apt-get", "update", "-q"], check=True, env=env, stdout=subprocess.DEVNULL)
    subprocess.run([*line.split(), "-q"], check=True, env=env, stdout=subprocess.DEVNULL)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
