"""Photos for the goniometer: drawn here with Pillow at known angles, loaded, measured back."""

from __future__ import annotations

import math
import os
import stat
import struct
import subprocess
import sys
import zlib
from array import array
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from PySide6.QtGui import QColor, QImage

from app.core.checks.goniometer import shin_angle
from app.ui.checks.goniometer_view import GoniometerView, Handle
from app.ui.checks.photo import MAX_FILE_BYTES, LoadedPhoto, PhotoError, load_photo, save_kept_photo

ROOT = Path(__file__).resolve().parents[3]
RED, BLUE, GREEN = (255, 0, 0), (0, 0, 255), (0, 170, 0)
MARKER = 14  # radius of the coloured dots drawn on the joints


# ---------------------------------------------------------------- drawing and finding


def shin_end(knee: tuple[float, float], degrees: float, length: float) -> tuple[float, float]:
    """The ankle of a shin at ``degrees`` from straight down, foot towards the right."""
    a = math.radians(degrees)
    return knee[0] + length * math.sin(a), knee[1] + length * math.cos(a)


def dot(draw: ImageDraw.ImageDraw, centre: tuple[float, float], colour) -> None:
    x, y = centre
    draw.ellipse((x - MARKER, y - MARKER, x + MARKER, y + MARKER), fill=colour)


def draw_shin(
    size: tuple[int, int], knee: tuple[float, float], ankle: tuple[float, float]
) -> Image.Image:
    """White background, a dark thick shin, a red dot on the knee and a blue one on the ankle."""
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    draw.line((knee, ankle), fill=(40, 30, 30), width=40)
    dot(draw, knee, RED)
    dot(draw, ankle, BLUE)
    return image


def to_pillow(image: QImage) -> Image.Image:
    rgb = image.convertToFormat(QImage.Format.Format_RGB888)
    size = (rgb.width(), rgb.height())
    return Image.frombytes("RGB", size, bytes(rgb.constBits()), "raw", "RGB", rgb.bytesPerLine())


def centroid(image: QImage | Image.Image, colour, box=None) -> tuple[float, float]:
    """The centre of the pixels close to ``colour`` (JPEG blurs edges), within ``box``."""
    picture = to_pillow(image) if isinstance(image, QImage) else image
    if box is not None:
        picture = picture.crop(box)
    mask = None
    for channel, wanted in zip(picture.split(), colour, strict=True):
        near = channel.point(lambda v, w=wanted: 255 if abs(v - w) < 70 else 0)
        mask = near if mask is None else Image.composite(near, mask, mask)
    assert mask is not None
    weights = mask.convert("F")  # floats: a column's mean is not rounded away
    columns = array("f", weights.resize((weights.width, 1), Image.Resampling.BOX).tobytes())
    rows = array("f", weights.resize((1, weights.height), Image.Resampling.BOX).tobytes())
    assert sum(columns) > 0, f"no {colour} marker found"
    x = sum((i + 0.5) * w for i, w in enumerate(columns)) / sum(columns)
    y = sum((i + 0.5) * w for i, w in enumerate(rows)) / sum(rows)
    left, top = (box[0], box[1]) if box is not None else (0, 0)
    return left + x, top + y


def png_header(width: int, height: int) -> bytes:
    """A tiny PNG that claims to be ``width`` x ``height``: a decompression bomb's shape."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0"))
        + chunk(b"IEND", b"")
    )


def save_with_orientation(upright: Image.Image, path: Path, orientation: int) -> None:
    """Store ``upright`` as a phone would: pixels turned, an EXIF tag saying how to undo it."""
    stored = {
        3: Image.Transpose.ROTATE_180,
        6: Image.Transpose.ROTATE_90,  # tag 6: turn 90° clockwise to show, so stored anticlockwise
        8: Image.Transpose.ROTATE_270,
    }[orientation]
    exif = Image.Exif()
    exif[0x0112] = orientation
    with upright.transpose(stored) as turned:
        turned.save(path, "JPEG", quality=92, exif=exif.tobytes())


# ---------------------------------------------------------------- loading and measuring


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
@pytest.mark.parametrize("degrees", [0, 17, 30, 45, 60])
def test_handles_on_the_drawn_joints_measure_the_drawn_angle(
    qtbot, tmp_path: Path, degrees: int, fmt: str
) -> None:
    knee = (700.0, 300.0)
    ankle = shin_end(knee, degrees, 900)
    path = tmp_path / f"shin-{degrees}.{fmt.lower()}"
    with draw_shin((1800, 1400), knee, ankle) as image:
        image.save(path, fmt)

    photo = load_photo(path, max_side=900)  # shown at half size

    assert photo.original_size == (1800, 1400)
    assert photo.size == (900, 700)
    assert photo.scale == pytest.approx(0.5)
    found_knee, found_ankle = centroid(photo.image, RED), centroid(photo.image, BLUE)
    # The joints are where they were drawn, in the shown photo's pixels.
    assert math.dist(found_knee, (knee[0] * 0.5, knee[1] * 0.5)) < 1.5
    assert math.dist(found_ankle, (ankle[0] * 0.5, ankle[1] * 0.5)) < 1.5

    view = GoniometerView()
    qtbot.addWidget(view)
    view.set_photo(photo)
    view.set_handle_position(Handle.KNEE, found_knee)
    view.set_handle_position(Handle.ANKLE, found_ankle)
    assert view.angle() == pytest.approx(degrees, abs=0.5)


@pytest.mark.parametrize("orientation", [3, 6, 8])
def test_a_phone_photo_with_an_orientation_tag_shows_upright(
    tmp_path: Path, orientation: int
) -> None:
    with Image.new("RGB", (600, 1000), "white") as upright:
        draw = ImageDraw.Draw(upright)
        dot(draw, (60, 60), RED)  # top left of the upright picture
        dot(draw, (540, 940), BLUE)  # bottom right
        path = tmp_path / f"phone-{orientation}.jpg"
        save_with_orientation(upright, path, orientation)
    with Image.open(path) as stored:  # really stored turned, unless it is upside down
        assert stored.size == ((1000, 600) if orientation in {6, 8} else (600, 1000))

    photo = load_photo(path, max_side=500)

    assert photo.original_size == (600, 1000)
    assert photo.size == (300, 500)
    assert photo.scale == pytest.approx(0.5)
    assert math.dist(centroid(photo.image, RED), (30, 30)) < 2
    assert math.dist(centroid(photo.image, BLUE), (270, 470)) < 2


def test_a_tilted_camera_is_corrected_by_a_marked_door_frame(tmp_path: Path) -> None:
    degrees, tilt = 30.0, 8.0
    knee = (800.0, 350.0)
    ankle = shin_end(knee, degrees, 700)
    with draw_shin((1400, 1400), knee, ankle) as scene:
        draw = ImageDraw.Draw(scene)
        draw.line(((200, 100), (200, 1300)), fill=(120, 90, 60), width=30)  # the door frame
        dot(draw, (200, 150), GREEN)
        dot(draw, (200, 1250), GREEN)
        with scene.rotate(tilt, Image.Resampling.BICUBIC, fillcolor="white") as tilted:
            tilted.save(tmp_path / "tilted.jpg", quality=92)

    photo = load_photo(tmp_path / "tilted.jpg", max_side=1000)

    w, h = photo.size
    found_knee, found_ankle = centroid(photo.image, RED), centroid(photo.image, BLUE)
    frame_top = centroid(photo.image, GREEN, (0, 0, w // 2, h // 2))
    frame_bottom = centroid(photo.image, GREEN, (0, h // 2, w // 2, h))
    # Against the photo's own vertical the tilt adds to the angle ...
    assert shin_angle(found_knee, found_ankle) == pytest.approx(degrees + tilt, abs=0.5)
    # ... against the marked door frame it is the true angle, whichever end was marked first.
    assert shin_angle(found_knee, found_ankle, (frame_top, frame_bottom)) == pytest.approx(
        degrees, abs=0.5
    )
    assert shin_angle(found_knee, found_ankle, (frame_bottom, frame_top)) == pytest.approx(
        degrees, abs=0.5
    )


def test_a_small_photo_is_not_enlarged(tmp_path: Path) -> None:
    with Image.new("RGB", (320, 240), "white") as image:
        image.save(tmp_path / "small.png")
    photo = load_photo(tmp_path / "small.png")
    assert isinstance(photo, LoadedPhoto)
    assert photo.size == photo.original_size == (320, 240)
    assert photo.scale == 1.0
    assert photo.path == tmp_path / "small.png"
    assert photo.image.format() == QImage.Format.Format_RGB888


def test_transparency_shows_on_white(tmp_path: Path) -> None:
    with Image.new("RGBA", (40, 30), (0, 0, 0, 0)) as clear:
        clear.save(tmp_path / "clear.png")
    with Image.new("P", (40, 30), 0) as palette:
        palette.info["transparency"] = 0
        palette.save(tmp_path / "clear.gif")
    for name in ("clear.png", "clear.gif"):
        photo = load_photo(tmp_path / name)
        assert photo.image.pixelColor(20, 15) == QColor("white"), name


# ---------------------------------------------------------------- bad files


def test_a_text_file_named_jpg_is_not_an_image(tmp_path: Path) -> None:
    path = tmp_path / "notes.jpg"
    path.write_text("Knee felt fine today.\n" * 20, encoding="utf-8")
    with pytest.raises(PhotoError, match=r"^This file is not an image Inward can read \("):
        load_photo(path)


def test_an_empty_file_is_not_an_image(tmp_path: Path) -> None:
    path = tmp_path / "empty.jpg"
    path.touch()
    with pytest.raises(PhotoError, match=r"not an image Inward can read \(the file is empty\)"):
        load_photo(path)


def test_a_truncated_jpeg_is_damaged(tmp_path: Path) -> None:
    knee = (300.0, 200.0)
    with draw_shin((900, 700), knee, shin_end(knee, 20, 400)) as image:
        image.save(tmp_path / "whole.jpg", quality=95)
    data = (tmp_path / "whole.jpg").read_bytes()
    path = tmp_path / "cut.jpg"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(PhotoError, match=r"^This image seems damaged .*ends too early"):
        load_photo(path)


@pytest.mark.parametrize(
    ("width", "height", "megapixels"),
    [(20000, 20000, 400), (10000, 9000, 90)],  # past Pillow's hard limit, and past its warning
)
def test_an_absurdly_large_image_is_refused_before_decoding(
    tmp_path: Path, width: int, height: int, megapixels: int
) -> None:
    path = tmp_path / "bomb.png"
    path.write_bytes(png_header(width, height))
    assert path.stat().st_size < 100
    with pytest.raises(
        PhotoError, match=rf"^This image is too large \({megapixels} megapixels; up to 80 allowed\)"
    ):
        load_photo(path)


def test_a_file_too_big_for_a_photo_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.jpg"
    with path.open("wb") as handle:  # sparse: costs no disk space
        handle.truncate(MAX_FILE_BYTES + 1024 * 1024)
    with pytest.raises(PhotoError, match=r"too large for a photo \(61 MB; up to 60 MB allowed\)"):
        load_photo(path)


def test_a_missing_file_or_a_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(PhotoError, match=r"cannot find the file “gone.jpg”"):
        load_photo(tmp_path / "gone.jpg")
    (tmp_path / "album").mkdir()
    with pytest.raises(PhotoError, match=r"“album” is a folder, not a photo"):
        load_photo(tmp_path / "album")


def test_an_iphone_heic_photo_says_how_to_get_a_jpeg(tmp_path: Path) -> None:
    path = tmp_path / "IMG_0001.HEIC"
    path.write_bytes(b"\0\0\0\x18ftypheic\0\0\0\0mif1heic" + b"\0" * 200)
    with pytest.raises(PhotoError, match=r"not an image Inward can read .*HEIC.*JPEG"):
        load_photo(path)


def test_pillow_is_not_loaded_until_a_photo_is() -> None:
    code = (
        "import sys\n"
        "import app.ui.checks.photo, app.ui.checks.goniometer_view\n"
        "assert 'PIL' not in sys.modules, 'Pillow imported at start-up'\n"
    )
    subprocess.run(
        [sys.executable, "-W", "error", "-c", code],
        cwd=ROOT,
        check=True,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""},
    )


# ---------------------------------------------------------------- keeping a photo


def filled(width: int, height: int) -> QImage:
    image = QImage(width, height, QImage.Format.Format_RGB888)
    image.fill(QColor("#336699"))
    return image


def test_a_kept_photo_is_a_downscaled_jpeg(tmp_path: Path) -> None:
    folder = tmp_path / "photos"
    name = save_kept_photo(filled(2400, 1200), folder, "check-7-left-1")
    assert name == "check-7-left-1.jpg"
    with Image.open(folder / name) as kept:
        assert kept.format == "JPEG"
        assert kept.size == (1600, 800)
        assert not kept.getexif()  # nothing from the phone (location, device) kept
    assert sorted(p.name for p in folder.iterdir()) == [name]  # no temporary file left
    if os.name == "posix":  # the person's own to see
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600


def test_a_kept_photo_never_overwrites_another(tmp_path: Path) -> None:
    first = save_kept_photo(filled(800, 1200), tmp_path, "trial")
    second = save_kept_photo(filled(800, 1200), tmp_path, "trial")
    assert (first, second) == ("trial.jpg", "trial-2.jpg")
    with Image.open(tmp_path / second) as kept:
        assert kept.size == (800, 1200)  # small enough already: not enlarged


def test_keeping_a_photo_where_it_cannot_be_written_says_so(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(PhotoError, match="could not keep the photo"):
        save_kept_photo(filled(100, 100), blocker / "photos", "trial")


@pytest.mark.parametrize("stem", ["", "..", "a/b", "a\\b"])
def test_a_kept_photo_needs_a_plain_name(tmp_path: Path, stem: str) -> None:
    with pytest.raises(ValueError, match="plain file name"):
        save_kept_photo(filled(10, 10), tmp_path, stem)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_given_as_a_photo_is_refused_at_once(tmp_path: Path) -> None:
    pipe = tmp_path / "photo.jpg"
    os.mkfifo(pipe)
    code = (
        "import sys\n"
        "from app.ui.checks.photo import PhotoError, load_photo\n"
        "try:\n"
        "    load_photo(sys.argv[1])\n"
        "except PhotoError as error:\n"
        "    print(error)\n"
    )
    # In a child with a time limit: before, open() waited for a writer that never came.
    result = subprocess.run(
        [sys.executable, "-c", code, str(pipe)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=True,
    )
    assert result.stdout.strip() == "“photo.jpg” is a named pipe, not a photo."


def test_a_16_bit_greyscale_photo_keeps_its_greys(tmp_path: Path) -> None:
    """Before: every grey above 255 of 65,535 (all but the darkest 0.4 %) showed as white."""
    path = tmp_path / "scan.png"
    ramp = Image.new("I;16", (256, 64))
    ramp.putdata([x * 256 for _ in range(64) for x in range(256)])  # black to white, left to right
    ramp.save(path)
    photo = load_photo(path)
    greys = [photo.image.pixelColor(x, 32).red() for x in (0, 64, 128, 192, 255)]
    assert greys == pytest.approx([0, 64, 128, 192, 255], abs=2)


def test_a_108_megapixel_phone_photo_opens_downscaled(tmp_path: Path) -> None:
    """Phones save 108 MP (12,000 x 9,000) JPEGs. Decoded at 1/4 scale (JPEG draft mode) they
    cost what a 7 MP photo does, so they are not refused as too large."""
    path = tmp_path / "phone.jpg"
    picture = Image.new("L", (12_000, 9_000), 90)  # greyscale: a third of the memory to make
    ImageDraw.Draw(picture).line([(6000, 2000), (6000, 7000)], fill=250, width=200)
    picture.save(path, quality=70)
    del picture
    photo = load_photo(path)  # before: "This image is too large (108 megapixels; up to 80 ..."
    assert photo.original_size == (12_000, 9_000)
    assert max(photo.size) <= 2048
    assert photo.image.pixelColor(photo.size[0] // 2, photo.size[1] // 2).red() > 200


def test_a_huge_png_is_still_refused(tmp_path: Path) -> None:
    """PNG has no reduced decoding: past 80 MP it would be decoded whole, so it is refused."""
    path = tmp_path / "bomb.png"
    path.write_bytes(png_header(12_000, 9_000))
    with pytest.raises(PhotoError, match=r"too large \(108 megapixels; up to 80 allowed\)"):
        load_photo(path)
