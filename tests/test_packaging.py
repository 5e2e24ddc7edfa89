"""The packaging files: icons are what tools/make_icon.py draws, the Linux desktop entry
and AppStream metadata hold what menus and software centres need, and the names agree
with the app (desktop file name, version)."""

from __future__ import annotations

import configparser
import re
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from tools import make_icon

ROOT = Path(__file__).resolve().parent.parent
LINUX = ROOT / "packaging" / "linux"
DESKTOP = LINUX / "inward.desktop"
METAINFO = LINUX / "org.inward.Inward.metainfo.xml"


@pytest.fixture(scope="module")
def master() -> Image.Image:
    return make_icon.render_master()


def differs(a: Image.Image, b: Image.Image) -> tuple[int, float]:
    """Largest and mean per-channel difference (resampling may move a pixel by a step
    between Pillow versions, so the files are compared by their pixels, not bytes)."""
    diff = ImageChops.difference(a.convert("RGBA"), b.convert("RGBA"))
    largest = max(high for _, high in diff.getextrema())
    return largest, sum(ImageStat.Stat(diff).mean) / 4


@pytest.mark.parametrize("size", make_icon.PNG_SIZES)
def test_committed_png_is_what_the_tool_draws(size: int, master: Image.Image) -> None:
    path = make_icon.png_path(size)
    assert path.is_file(), f"{path} is missing: run `make icons`"
    with Image.open(path) as committed:
        assert committed.size == (size, size)
        assert committed.mode == "RGBA"
        largest, mean = differs(committed, make_icon.render(size, master))
    assert largest <= 16 and mean < 0.5, f"{path.name} differs: run `make icons`"


def test_window_icon_is_the_256_px_icon() -> None:
    with (
        Image.open(make_icon.WINDOW_ICON) as window,
        Image.open(make_icon.png_path(make_icon.WINDOW_ICON_SIZE)) as packaged,
    ):
        assert window.size == (256, 256)
        assert differs(window, packaged) == (0, 0)


def test_windows_icon_holds_every_size() -> None:
    with Image.open(make_icon.ICONS_DIR / "inward.ico") as ico:
        assert ico.format == "ICO"
        assert ico.info["sizes"] == {(size, size) for size in make_icon.ICO_SIZES}


def test_macos_icon_opens_at_its_largest_size() -> None:
    with Image.open(make_icon.ICONS_DIR / "inward.icns") as icns:
        assert icns.format == "ICNS"
        assert max(icns.info["sizes"])[:2] == (512, 512)


def read_desktop() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser


def test_desktop_entry_starts_inward() -> None:
    entry = read_desktop()["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Inward"
    assert entry["Exec"] == "inward"
    assert entry["Icon"] == "inward"
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";")


def test_desktop_entry_has_the_start_session_action() -> None:
    desktop = read_desktop()
    actions = [name for name in desktop["Desktop Entry"]["Actions"].split(";") if name]
    assert "start-session" in actions
    action = desktop["Desktop Action start-session"]
    assert action["Name"] == "Start today's session"
    assert "--start-session" in action["Exec"].split()
    check = desktop["Desktop Action check"]  # a re-check reminder opens the same way
    assert check["Name"] == "Self-check" and check["Exec"].split()[1:] == ["--check"]
    for name in actions:  # every listed action has its group
        assert desktop.has_section(f"Desktop Action {name}")


def test_desktop_file_name_is_the_one_the_app_reports() -> None:
    """Wayland finds the menu entry (and its icon) by the app id Qt sends."""
    launch = (ROOT / "app" / "ui" / "shell" / "launch.py").read_text(encoding="utf-8")
    assert f'setDesktopFileName("{DESKTOP.stem}")' in launch


def test_metainfo_is_well_formed_with_the_required_fields() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.tag == "component"
    assert root.get("type") == "desktop-application"
    component_id = root.findtext("id")
    assert component_id and re.fullmatch(r"[A-Za-z][\w-]*(\.[A-Za-z][\w-]*){2,}", component_id)
    assert METAINFO.name == f"{component_id}.metainfo.xml"
    for field in ("name", "summary", "metadata_license", "project_license"):
        assert (root.findtext(field) or "").strip(), f"<{field}> is missing or empty"
    assert root.find("description/p") is not None
    launchable = root.find("launchable")
    assert launchable is not None and launchable.get("type") == "desktop-id"
    assert launchable.text == DESKTOP.name
    assert root.findtext("provides/binary") == "inward"
    assert root.find("content_rating") is not None


def test_metainfo_release_is_the_project_version() -> None:
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]
    releases = ET.parse(METAINFO).getroot().findall("releases/release")
    assert releases, "no <release>"
    assert releases[0].get("version") == version, "newest <release> first, matching pyproject"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", releases[0].get("date") or "")


def test_install_script_installs_what_the_linux_folder_holds() -> None:
    script = (LINUX / "install.sh").read_text(encoding="utf-8")
    assert DESKTOP.name in script and METAINFO.name in script
    for size in make_icon.PNG_SIZES:
        assert str(size) in script.split("sizes=", 1)[1].splitlines()[0]
