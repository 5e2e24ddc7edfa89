"""Draw Inward's app icon and write it in every size and format the bundles need.

The icon is drawn here with Pillow rather than taken from elsewhere, so the project owns
it and a test can check the committed files are what this script makes. It shows a
thigh bone seen from the front (the ball of the hip on top) with an arrow turning it
inward around its own axis: internal rotation, in the app's teal accent.

    python tools/make_icon.py          # or: make icons

writes packaging/icons/inward-<size>.png (16 to 512 px), packaging/icons/inward.ico,
packaging/icons/inward.icns and app/content/icons/inward.png (256 px, the window icon).
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parent.parent
ICONS_DIR = ROOT / "packaging" / "icons"
WINDOW_ICON = ROOT / "app" / "content" / "icons" / "inward.png"

PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512)
WINDOW_ICON_SIZE = 256

MASTER = 2048  # drawn once this large, then scaled down: smooth edges at every size

# app/ui/common/theme.py: ACCENT_LIGHT is "#0f766e"; the tile shades from a lighter teal into it.
TOP = (20, 145, 135)
BOTTOM = (15, 118, 110)
BONE = (255, 255, 255)
ARROW = (255, 224, 138)  # a warm yellow, the same family as the goniometer's knee handle


def _tile(size: int) -> Image.Image:
    """A rounded square with a vertical gradient, transparent outside."""
    gradient = Image.new("RGB", (1, 256))
    for y in range(256):
        t = y / 255
        gradient.putpixel(
            (0, y), tuple(round(a + (b - a) * t) for a, b in zip(TOP, BOTTOM, strict=True))
        )
    tile = gradient.resize((size, size), Image.Resampling.BILINEAR).convert("RGBA")
    mask = Image.new("L", (size, size), 0)
    inset = round(size * 0.04)
    ImageDraw.Draw(mask).rounded_rectangle(
        (inset, inset, size - 1 - inset, size - 1 - inset), radius=round(size * 0.2), fill=255
    )
    tile.putalpha(mask)
    return tile


def _ellipse_point(cx: float, cy: float, rx: float, ry: float, degrees: float):
    angle = math.radians(degrees)
    return cx + rx * math.cos(angle), cy + ry * math.sin(angle)


def _arrow_head(draw: ImageDraw.ImageDraw, base, direction, length: float, color) -> None:
    """A filled triangle standing on ``base`` and pointing along ``direction``."""
    dx, dy = direction
    norm = math.hypot(dx, dy)
    dx, dy = dx / norm, dy / norm
    base_x, base_y = base[0] - dx * length * 0.25, base[1] - dy * length * 0.25
    tip = (base_x + dx * length, base_y + dy * length)
    half = length * 0.6
    draw.polygon(
        [
            tip,
            (base_x - dy * half, base_y + dx * half),
            (base_x + dy * half, base_y - dx * half),
        ],
        fill=color,
    )


def _bone(draw: ImageDraw.ImageDraw, s: float) -> None:
    """The femur from the front: the ball, the neck, the shaft and the knee end."""
    head_c, head_r = (0.40 * s, 0.26 * s), 0.105 * s
    draw.ellipse(
        (head_c[0] - head_r, head_c[1] - head_r, head_c[0] + head_r, head_c[1] + head_r),
        fill=BONE,
    )
    # Neck: a thick line from the ball down and out to the top of the shaft.
    draw.line([head_c, (0.55 * s, 0.38 * s)], fill=BONE, width=round(0.11 * s))
    # Greater trochanter: the knob on the outside at the top of the shaft.
    draw.ellipse((0.52 * s, 0.27 * s, 0.68 * s, 0.43 * s), fill=BONE)
    # Shaft.
    draw.rounded_rectangle(
        (0.505 * s, 0.34 * s, 0.615 * s, 0.78 * s), radius=round(0.05 * s), fill=BONE
    )
    # Condyles at the knee end.
    for cx in (0.50, 0.62):
        r = 0.065 * s
        draw.ellipse((cx * s - r, 0.79 * s - r, cx * s + r, 0.79 * s + r), fill=BONE)


def render_master() -> Image.Image:
    """The icon at MASTER px, RGBA."""
    s = float(MASTER)
    icon = _tile(MASTER)
    draw = ImageDraw.Draw(icon)
    cx, cy, rx, ry = 0.56 * s, 0.585 * s, 0.30 * s, 0.12 * s
    box = (cx - rx, cy - ry, cx + rx, cy + ry)
    stroke = round(0.05 * s)
    # The back half of the turning arrow goes behind the bone, the front half over it.
    draw.arc(box, start=215, end=345, fill=ARROW, width=stroke)
    _bone(draw, s)
    # The front half, drawn over the bone, ends in an arrow head at the left turning back:
    # the front of the thigh turns toward the body's middle.
    end = 150
    draw.arc(box, start=340, end=end, fill=ARROW, width=stroke)
    t = math.radians(end)
    direction = (-rx * math.sin(t), ry * math.cos(t))  # the ellipse's tangent at its end
    _arrow_head(draw, _ellipse_point(cx, cy, rx, ry, end), direction, 0.11 * s, ARROW)
    return icon


def render(size: int, master: Image.Image | None = None) -> Image.Image:
    """The icon at ``size`` px (RGBA)."""
    master = master if master is not None else render_master()
    return master.resize((size, size), Image.Resampling.LANCZOS)


def png_path(size: int) -> Path:
    return ICONS_DIR / f"inward-{size}.png"


def main() -> int:
    master = render_master()
    images = {size: render(size, master) for size in PNG_SIZES}
    ICONS_DIR.mkdir(parents=True, exist_ok=True)
    for size, image in images.items():
        image.save(png_path(size), optimize=True)
    largest = images[max(ICO_SIZES)]
    largest.save(
        ICONS_DIR / "inward.ico",
        sizes=[(size, size) for size in ICO_SIZES],
        append_images=[images[size] for size in ICO_SIZES if size != max(ICO_SIZES)],
    )
    images[max(ICNS_SIZES)].save(
        ICONS_DIR / "inward.icns",
        append_images=[images[size] for size in ICNS_SIZES if size != max(ICNS_SIZES)],
    )
    WINDOW_ICON.parent.mkdir(parents=True, exist_ok=True)
    images[WINDOW_ICON_SIZE].save(WINDOW_ICON, optimize=True)
    print(f"wrote {len(images)} PNGs, inward.ico and inward.icns to {ICONS_DIR}")
    print(f"wrote {WINDOW_ICON}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
