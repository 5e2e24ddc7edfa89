"""The photo loader on anything dropped on it: a photo or a PhotoError, nothing else.

Random bytes, photos cut short or with bytes flipped, in every format Inward opens, and
headers that claim a huge picture (a decompression bomb needs only a few bytes on disk):
each must end as a plain message for the person, never a crash or an exhausted memory.
"""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from app.ui.checks.photo import (
    FORMATS,
    MAX_JPEG_PIXELS,
    MAX_PIXELS,
    LoadedPhoto,
    PhotoError,
    load_photo,
)
from tests.fuzz.mutations import mutated_bytes

FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def picture(fmt: str) -> bytes:
    """A small real photo-like picture in ``fmt``, with an EXIF orientation where it fits."""
    image = Image.new("RGB", (96, 64), "white")
    draw = ImageDraw.Draw(image)
    draw.line((10, 10, 80, 50), fill=(40, 30, 30), width=9)
    draw.ellipse((60, 5, 90, 35), fill=(255, 0, 0))
    out = io.BytesIO()
    extra = {}
    if fmt in ("JPEG", "PNG", "WEBP", "TIFF"):
        exif = Image.Exif()
        exif[0x0112] = 6  # rotated a quarter turn, as phones save them
        extra["exif"] = exif.tobytes()
    image.save(out, fmt, **extra)
    return out.getvalue()


PICTURES = {fmt: picture(fmt) for fmt in FORMATS}


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims width x height, with one tiny compressed row after it."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = zlib.compress(b"\0" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    )


def jpeg_claiming(width: int, height: int) -> bytes:
    """A real JPEG with its frame header rewritten to claim width x height."""
    data = bytearray(PICTURES["JPEG"])
    at = data.find(b"\xff\xc0")
    struct.pack_into(">HH", data, at + 5, height, width)
    return bytes(data)


@pytest.fixture(scope="module")
def photo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("photos") / "dropped"


def opens_or_says_why(path: Path) -> None:
    try:
        photo = load_photo(path)
    except PhotoError as error:
        assert error.message and "\n" not in error.message
    else:
        assert isinstance(photo, LoadedPhoto)
        assert not photo.image.isNull() and 0 < max(photo.size) <= 2048


def test_every_unbroken_picture_opens(photo_file: Path) -> None:
    for fmt, data in PICTURES.items():
        photo_file.write_bytes(data)
        assert isinstance(load_photo(photo_file), LoadedPhoto), fmt


@FUZZ
@given(st.data())
def test_a_damaged_photo_opens_or_is_explained(photo_file: Path, data: st.DataObject) -> None:
    original = PICTURES[data.draw(st.sampled_from(FORMATS))]
    photo_file.write_bytes(data.draw(mutated_bytes(original)))
    opens_or_says_why(photo_file)


@settings(max_examples=80, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_are_explained(photo_file: Path, data: bytes) -> None:
    photo_file.write_bytes(data)
    opens_or_says_why(photo_file)


@settings(max_examples=60, deadline=None)
@given(
    kind=st.sampled_from(("png", "jpeg")),
    width=st.integers(1, 65_535),
    height=st.integers(1, 65_535),
)
@example(kind="png", width=2**31 - 1, height=2**31 - 1)
@example(kind="png", width=100_000, height=100_000)
@example(kind="jpeg", width=65_535, height=65_535)
def test_a_header_claiming_a_huge_picture_is_refused_by_size(
    photo_file: Path, kind: str, width: int, height: int
) -> None:
    data = png_claiming(width, height) if kind == "png" else jpeg_claiming(width, height)
    limit = MAX_PIXELS if kind == "png" else MAX_JPEG_PIXELS  # a JPEG decodes at 1/8 scale
    photo_file.write_bytes(data)
    try:
        load_photo(photo_file)
    except PhotoError as error:
        if width * height > limit:
            assert "too large" in error.message
        else:
            assert error.message  # a small claim over too little data: damaged
    else:
        assert width * height <= limit
