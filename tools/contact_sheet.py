"""Render docs/illustrations.png: every check's and exercise's picture on one sheet, labelled.

Run with `make illustrations` (offscreen). Each cell shows the end position with the start
position faint behind it; the last row repeats a few cells in the dark theme, and mirrored
(the other side), so both can be checked at a glance.

    python tools/contact_sheet.py [--only slug,slug] [--out PATH] [--cell 320]
"""

from __future__ import annotations

import argparse
import sys
from functools import cache
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication

from app.core.checks.loader import load_checks
from app.core.content.exercises import load_content
from app.core.pictures.loader import load_poses
from app.ui.common import theme
from app.ui.drawing.figure_painter import render_image

OUT = Path(__file__).resolve().parent.parent / "docs" / "illustrations.png"
COLUMNS = 5
LABEL_HEIGHT = 46
DARK_SAMPLES = ("prone-ir", "release-deep-glutes", "seated-hip-ir")
MIRRORED_SAMPLES = ("seated-ir", "release-deep-glutes")  # the other side


def entries() -> list[tuple[str, str, str]]:
    """(slug, name, group) for every check and exercise, in the order the app shows them."""
    rows = [(check.slug, check.name, "Check") for check in load_checks()]
    content = load_content()
    for exercise in sorted(content.exercises, key=lambda e: e.stage):
        rows.append((exercise.slug, exercise.name, f"Stage {exercise.stage}"))
    return rows


@cache
def poses() -> dict:
    return load_poses()


def fitted(painter: QPainter, text: str) -> str:
    """The text cut with an ellipsis to fit a cell's label line."""
    width = painter.device().width() - 16
    return painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, width)


def cell(
    slug: str, title: str, group: str, size: int, dark: bool, mirrored: bool = False
) -> QImage:
    height = size + LABEL_HEIGHT
    background = QColor("#1e1f22" if dark else "#ffffff")
    image = QImage(size, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(background)
    pose = poses()[slug]
    figure = render_image(
        pose, size, size, dark, key="end", ghost="start", mirrored=mirrored, background=background
    )
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.drawImage(0, 0, figure)
    painter.setPen(QColor("#e8e8e8" if dark else "#1f2328"))
    painter.setFont(theme.font(15, bold=True))
    label = QRectF(8, size, size - 16, LABEL_HEIGHT / 2)
    painter.drawText(
        label, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, fitted(painter, title)
    )
    notes = [group, pose.view + " view"]
    if mirrored:
        notes.append("mirrored")
    if dark:
        notes.append("dark")
    if pose.provisional:
        notes.append("provisional")
    painter.setPen(QColor("#9aa0a6" if dark else "#6a737d"))
    painter.setFont(theme.font(12))
    painter.drawText(
        QRectF(8, size + LABEL_HEIGHT / 2, size - 16, LABEL_HEIGHT / 2),
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
        fitted(painter, " · ".join(notes) + f"   ({slug})"),
    )
    painter.setPen(QColor("#3a3d42" if dark else "#e3e5e8"))
    painter.drawRect(0, 0, size - 1, height - 1)
    painter.end()
    return image


def sheet(rows: list[tuple[str, str, str]], size: int, extras: bool) -> QImage:
    cells = [cell(slug, name, group, size, dark=False) for slug, name, group in rows]
    if extras:
        names = {slug: (name, group) for slug, name, group in rows}
        for slug in DARK_SAMPLES:
            if slug in names:
                cells.append(cell(slug, *names[slug], size, dark=True))
        for slug in MIRRORED_SAMPLES:
            if slug in names:
                cells.append(cell(slug, *names[slug], size, dark=False, mirrored=True))
    columns = min(COLUMNS, max(1, len(cells)))
    lines = (len(cells) + columns - 1) // columns
    cell_height = size + LABEL_HEIGHT
    image = QImage(columns * size, lines * cell_height, QImage.Format.Format_RGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    for index, picture in enumerate(cells):
        painter.drawImage((index % columns) * size, (index // columns) * cell_height, picture)
    painter.end()
    return image


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", help="comma-separated slugs to draw")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--cell", type=int, default=300, help="cell width in pixels")
    args = parser.parse_args(argv)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    rows = entries()
    if args.only:
        wanted = args.only.split(",")
        rows = [row for row in rows if row[0] in wanted]
    missing = {slug for slug, _, _ in rows} - set(poses())
    if missing:
        print(f"no pose for: {', '.join(sorted(missing))}", file=sys.stderr)
        rows = [row for row in rows if row[0] not in missing]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    sheet(rows, args.cell, extras=not args.only).save(str(args.out))
    app.processEvents()
    print(f"contact sheet written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
