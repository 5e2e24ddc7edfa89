"""Inside a built bundle: load what the app only imports later, and say what worked.

`inward --self-test` shows the window paints, the content loads and the database opens
(and migrates). It does not reach the charts, photos, sounds, speech or the report,
whose libraries the app imports on first use, so a bundle missing one of them would
pass it and fail later in a person's hands. This fills that gap: run the bundle with
``INWARD_BUNDLE_CHECK=1`` (packaging/inward_main.py) and it prints one line per check
and exits 0 only if all passed. tools/package_test.py runs it after every build.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path


def _charts() -> str:
    """A check's chart drawn by the painter History and the PDF share, and pixels on it."""
    from datetime import UTC, datetime, timedelta

    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QFont, QImage, QPainter

    from app.core.checks.types import Method, Mode
    from app.core.history.chart_model import RecordPoint, check_chart
    from app.ui.drawing.check_chart_painter import ChartLook, draw_check_chart

    start = datetime(2026, 1, 5, 9, tzinfo=UTC)
    how = (Method.INCLINOMETER, Mode.PASSIVE)
    points = [
        RecordPoint(
            number,
            "prone-ir",
            start + timedelta(days=7 * number),
            *how,
            30.0 + number,
            38.0 - number,
            "",
            False,
            *how,
            *how,
        )
        for number in range(6)
    ]
    chart = check_chart(None, "prone-ir", points, UTC)
    image = QImage(640, 320, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    ink = QColor("black")
    look = ChartLook(
        3.4,
        QFont(),
        QColor("white"),
        ink,
        ink,
        QColor("#dddddd"),
        QColor("#cccccc"),
        QColor("#1d4ed8"),
        QColor("#c2410c"),
        ink,
        noise=True,
        difference_plot=True,
    )
    painter = QPainter(image)
    span = (points[0].taken_at.timestamp() - 86400, points[-1].taken_at.timestamp() + 86400)
    drawn = draw_check_chart(painter, QRectF(0, 0, 640, 320), chart, span, look)
    painter.end()
    centre = drawn.series[0].positions[-1]
    colour = image.pixelColor(round(centre.x()), round(centre.y())).name()
    assert colour == "#1d4ed8", f"the left marker is {colour}"
    return f"{len(drawn.series)} series drawn, {image.width()} px"


def _photos() -> str:
    import io

    from PIL import Image, ImageOps

    icon = files("app.content") / "icons" / "inward.png"
    with Image.open(io.BytesIO(icon.read_bytes())) as image:
        size = image.size
        buffer = io.BytesIO()
        ImageOps.exif_transpose(image).convert("RGB").save(buffer, "JPEG", quality=80)
    with Image.open(io.BytesIO(buffer.getvalue())) as again:
        again.load()
        assert again.format == "JPEG", again.format
    return f"Pillow read a {size[0]} px PNG and wrote and read a JPEG"


def _image_formats() -> str:
    from PySide6.QtGui import QImageReader

    found = {bytes(name).decode() for name in QImageReader.supportedImageFormats()}
    missing = {"png", "jpeg", "jpg"} - found
    assert not missing, f"Qt cannot read {sorted(missing)}"
    return ", ".join(sorted(found))


def _plugins() -> Path:
    from PySide6.QtCore import QLibraryInfo

    return Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath))


def _sound() -> str:
    from PySide6.QtCore import QCoreApplication, QElapsedTimer, QUrl
    from PySide6.QtMultimedia import QMediaFormat, QSoundEffect

    backends = sorted(path.name for path in (_plugins() / "multimedia").glob("*"))
    if backends:  # only with INWARD_BUNDLE_FFMPEG=1 (packaging/inward.spec)
        decodable = QMediaFormat().supportedFileFormats(QMediaFormat.ConversionMode.Decode)
        assert decodable, f"the media backend {backends} did not load"
        detail = f"backend {', '.join(backends)} decodes {len(decodable)} file formats"
    else:
        detail = "no media backend bundled"
    wav = Path(str(files("app.content") / "sounds" / "done.wav"))
    assert wav.is_file(), f"{wav} is missing"
    effect = QSoundEffect()
    effect.setSource(QUrl.fromLocalFile(str(wav)))
    clock = QElapsedTimer()
    clock.start()
    while effect.status() == QSoundEffect.Status.Loading and clock.elapsed() < 3000:
        QCoreApplication.processEvents()
    status = effect.status().name  # Error on a machine without a sound device
    effect.deleteLater()
    return f"{detail}; QSoundEffect {wav.name}: {status}"


def _speech() -> str:
    from PySide6.QtTextToSpeech import QTextToSpeech

    engines = list(QTextToSpeech.availableEngines())
    wanted = {"linux": {"speechd"}, "win32": {"sapi", "winrt"}, "darwin": {"darwin", "macos"}}
    expected = wanted.get(sys.platform, set())
    assert not expected or expected & set(engines), f"no {sorted(expected)} in {engines}"
    return "engines: " + ", ".join(engines)


def _report() -> str:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QPainter, QPdfWriter

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    painter = QPainter(writer)
    painter.drawText(100, 100, "Inward")
    painter.end()
    buffer.close()
    pdf = bytes(data.data())
    assert pdf.startswith(b"%PDF"), pdf[:8]
    return f"QPdfWriter wrote {len(pdf)} bytes"


def _migrations() -> str:
    from alembic.script import ScriptDirectory

    from app.db.schema import HEAD_REVISION, KNOWN_REVISIONS, alembic_config, migrations_path

    scripts = ScriptDirectory.from_config(alembic_config())
    heads = scripts.get_heads()
    assert heads == [HEAD_REVISION], f"heads {heads}, expected {HEAD_REVISION}"
    revisions = sorted(script.revision for script in scripts.walk_revisions())
    assert tuple(revisions) == KNOWN_REVISIONS, revisions
    return f"{len(revisions)} revisions, head {heads[0]}, from {migrations_path()}"


def _content() -> str:
    from app.core.content.exercises import load_content

    content = load_content(None)
    return f"{len(content.exercises)} exercises"


def _platforms() -> str:
    folder = _plugins() / "platforms"
    names = sorted(path.name for path in folder.iterdir()) if folder.is_dir() else []
    wanted = {"linux": ("offscreen", "xcb", "wayland"), "win32": ("windows",)}
    for name in wanted.get(sys.platform, ("cocoa",) if sys.platform == "darwin" else ()):
        assert any(name in found for found in names), f"no {name} platform plugin in {names}"
    return ", ".join(names)


CHECKS: tuple[tuple[str, Callable[[], str]], ...] = (
    ("content", _content),
    ("migrations", _migrations),
    ("platform plugins", _platforms),
    ("image formats", _image_formats),
    ("charts", _charts),
    ("photos", _photos),
    ("sound", _sound),
    ("speech", _speech),
    ("report", _report),
)


def main() -> int:
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    failed = 0
    for name, check in CHECKS:
        try:
            detail = check()
        except Exception as error:  # every failure is reported, then the next check runs
            failed += 1
            print(f"FAIL {name}: {type(error).__name__}: {error}", flush=True)
        else:
            print(f"ok   {name}: {detail}", flush=True)
    app.processEvents()
    print(f"bundle check: {len(CHECKS) - failed} of {len(CHECKS)} passed", flush=True)
    return 1 if failed else 0
