"""Run the tests marked ``permissions`` as an unprivileged user: `make permission-test`.

Root may write anywhere, so a test of a read-only folder or file proves nothing as root
(CI runs as root). As root this script therefore:

1. creates the system user ``inward-test`` (no login, no home) unless it exists;
2. copies the project's files (tracked and new, as git lists them; without git, the tree
   less its virtual environment and caches) into ``/var/tmp/inward-permission-test/src``,
   owned by that user: the checkout may sit in a folder the user cannot enter (/root);
3. makes a virtual environment for the user from Debian's ``/usr/bin/python3``, which any
   user may run (the developer's `.venv` links into /root/.pyenv, mode 700, which the user
   cannot), installing python3-venv first when it is missing; the environment is kept and
   reused while pyproject.toml is unchanged;
4. runs ``pytest -m permissions`` there with ``runuser``, as that user.

Run by anyone else, it simply runs ``pytest -m permissions`` with this Python. The root run
of `make test` deselects these tests (tests/conftest.py), so each runs once, for real.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
USER = os.environ.get("INWARD_PERMISSION_USER", "inward-test")
PLACE = Path(os.environ.get("INWARD_PERMISSION_DIR", "/var/tmp/inward-permission-test"))
SYSTEM_PYTHON = Path("/usr/bin/python3")
SKIPPED = {".venv", ".git", "build", "dist", ".pytest_cache", ".ruff_cache", ".hypothesis"}
PYTEST = ["-m", "pytest", "-q", "-m", "permissions", "-p", "no:cacheprovider"]


def run(command: list[str], **options: object) -> None:
    print("+", " ".join(command), flush=True)
    subprocess.run(command, check=True, **options)  # type: ignore[call-overload]


def as_user(command: list[str], env: dict[str, str]) -> list[str]:
    return ["runuser", "-u", USER, "--", "env", *(f"{k}={v}" for k, v in env.items()), *command]


def ensure_user() -> None:
    if subprocess.run(["id", "-u", USER], capture_output=True, check=False).returncode != 0:
        run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", USER])


def ensure_system_python() -> None:
    """Debian's python3 with venv: what a fresh Debian or Ubuntu machine installs by name."""
    missing = not SYSTEM_PYTHON.exists() or (
        subprocess.run(
            [str(SYSTEM_PYTHON), "-c", "import ensurepip, venv"], capture_output=True, check=False
        ).returncode
        != 0
    )
    if missing:
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        run(["apt-get", "update", "-q"], env=env, stdout=subprocess.DEVNULL)
        install = ["apt-get", "install", "-y", "-q", "--no-install-recommends"]
        run([*install, "python3", "python3-venv"], env=env, stdout=subprocess.DEVNULL)


def project_files() -> list[Path]:
    """Tracked and untracked-but-not-ignored files, or the whole tree less what is skipped."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=False,
    )
    if listed.returncode == 0 and listed.stdout:
        names = [Path(name) for name in listed.stdout.decode().split("\0") if name]
        return [name for name in names if (REPO / name).is_file()]
    found = []
    for path in REPO.rglob("*"):
        relative = path.relative_to(REPO)
        if path.is_file() and not SKIPPED & set(relative.parts) and "__pycache__" not in str(path):
            found.append(relative)
    return found


def copy_tree(target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    for name in project_files():
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, destination)


def chown_tree(path: Path) -> None:
    run(["chown", "-R", f"{USER}:", str(path)])


def main() -> int:
    if os.name != "posix" or os.geteuid() != 0:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        return subprocess.run([sys.executable, *PYTEST], cwd=REPO, env=env, check=False).returncode
    ensure_user()
    ensure_system_python()
    PLACE.mkdir(parents=True, exist_ok=True)
    os.chmod(PLACE, 0o755)
    source, venv, home = PLACE / "src", PLACE / "venv", PLACE / "home"
    copy_tree(source)
    home.mkdir(exist_ok=True)
    os.chmod(home, 0o700)
    chown_tree(source)
    chown_tree(home)
    env = {
        "HOME": str(home),
        "XDG_RUNTIME_DIR": str(home),
        "QT_QPA_PLATFORM": "offscreen",
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HYPOTHESIS_PROFILE": os.environ.get("HYPOTHESIS_PROFILE", "default"),
    }
    stamp = venv / ".installed"
    wanted = hashlib.sha256((REPO / "pyproject.toml").read_bytes()).hexdigest()
    if not stamp.exists() or stamp.read_text() != wanted:
        if venv.exists():
            shutil.rmtree(venv)
        venv.mkdir()
        chown_tree(venv)
        run(as_user([str(SYSTEM_PYTHON), "-m", "venv", str(venv)], env))
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet"]
        run(as_user([*pip, "--upgrade", "pip"], env), cwd=source)
        run(as_user([*pip, "-e", ".[test]"], env), cwd=source)
        stamp.write_text(wanted)
    print(f"Running the permission tests as {USER} (not root):", flush=True)
    result = subprocess.run(
        as_user([str(venv / "bin" / "python"), *PYTEST], env), cwd=source, check=False
    )
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
