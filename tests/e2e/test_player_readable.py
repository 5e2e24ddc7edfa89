"""The player read from a mat 3 m away, at 1366×768: each state its own colour and shape,
big phase words, a large MUTED badge and an acknowledged pinch."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from app.core.content.exercises import DoseKind
from app.core.session.player import Phase, StepKind
from app.ui.common import theme
from tests.e2e.test_session import shown, start, tick_until

SIZE = (1366, 768)
PINCH = "Pinch noted: Deep glute release stopped, easier next time."


def colours(widget: QWidget) -> Counter[str]:
    """How many pixels of each colour the widget shows, as the eye would see it."""
    window = widget.window()
    area = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
    image = window.grab(area).toImage().convertToFormat(QImage.Format.Format_RGB32)
    data = bytes(image.constBits())
    return Counter(data[i : i + 4] for i in range(0, len(data), 4))


def hex_of(pixel: bytes) -> str:
    blue, green, red = pixel[0], pixel[1], pixel[2]  # RGB32 is BGRA in memory
    return f"#{red:02x}{green:02x}{blue:02x}"


def background(widget: QWidget) -> str:
    """The page's colour behind the widget (a badge's own palette carries its fill)."""
    return widget.window().palette().window().color().name()


def ink(widget: QWidget) -> tuple[str, int]:
    """The colour the text is drawn in (the commonest that is not the background), and how
    many pixels show it."""
    back = background(widget)
    for pixel, count in colours(widget).most_common():
        if hex_of(pixel) != back:
            return hex_of(pixel), count
    raise AssertionError("the widget shows nothing but its background")


def filled(widget: QWidget) -> bool:
    """A filled badge shows mostly its fill; an outlined one mostly the page behind it."""
    pixel, _count = colours(widget).most_common(1)[0]
    return hex_of(pixel) != background(widget)


def into_the_first_hold(window, clock, qtbot) -> None:
    start(window, qtbot)
    clock.run(window.controller, 10)
    page = window.player_page
    qtbot.waitUntil(lambda: page.countdown_label.height() > 100)
    assert shown(window)["banner"] == "HOLD"


def px(label) -> int:
    return label.font().pixelSize()


@pytest.fixture(params=[False, True], ids=["light", "dark"])
def scheme(request, qapp):
    theme.force_scheme(qapp, request.param)
    yield request.param
    theme.force_scheme(qapp, None)


def test_the_phase_word_is_at_least_a_third_of_the_digits(make_window, clock, qtbot) -> None:
    window = make_window(size=SIZE)
    into_the_first_hold(window, clock, qtbot)
    page = window.player_page
    digits = px(page.countdown_label)
    assert digits >= window.height() / 4
    assert px(page.banner_label) * 3 >= digits, (px(page.banner_label), digits)

    window.resize(900, 600)  # a smaller window: the word shrinks with the digits
    qtbot.waitUntil(lambda: px(page.countdown_label) < digits)
    assert px(page.banner_label) * 3 >= px(page.countdown_label)
    assert px(page.banner_label) < 0.4 * digits + 1


def test_push_and_relax_are_big_and_coloured(make_window, clock, qtbot, scheme) -> None:
    window = make_window(size=SIZE)
    # The contract-relax drill is in the full routine; a new folder starts at 20 minutes.
    window.home.budget.setCurrentIndex(window.home.budget.findData(None))
    start(window, qtbot)
    player = window.controller.player

    def in_phase(phase: Phase):
        return lambda: (
            player.current.kind is StepKind.WORK
            and player.current.item.dose.kind is DoseKind.CYCLES
            and window.controller.view().position.phase is phase
        )

    tick_until(window, clock, in_phase(Phase.CONTRACT), step=0.5)
    page = window.player_page
    assert page.phase_label.text() == "Push"
    counter = px(page.counter_label)
    assert counter >= window.height() / 5
    assert px(page.phase_label) * 3 >= counter, (px(page.phase_label), counter)
    assert filled(page.phase_label)  # Push: a filled badge, effort
    push = colours(page.phase_label).most_common(1)[0][0]
    tick_until(window, clock, in_phase(Phase.RELAX), step=0.5)
    assert page.phase_label.text() == "Relax"
    assert not filled(page.phase_label)  # Relax: only an outline, easing off
    assert ink(page.phase_label)[0] != hex_of(push)


def test_hold_rest_and_paused_differ_in_colour_and_shape(make_window, clock, qtbot, scheme) -> None:
    window = make_window(size=SIZE)
    into_the_first_hold(window, clock, qtbot)
    page = window.player_page
    hold_ink, hold_pixels = ink(page.countdown_label)
    assert filled(page.banner_label)

    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert shown(window)["banner"] == "PAUSED"
    paused_ink, paused_pixels = ink(page.countdown_label)
    assert paused_ink != hold_ink
    back = background(page)
    # Dimmed: the digits stand out less from the page than a running hold's ...
    assert theme.contrast(paused_ink, back) < theme.contrast(hold_ink, back)
    assert theme.contrast(paused_ink, back) >= 3.0  # ... yet still read as large text
    assert paused_pixels < 0.85 * hold_pixels  # ... and striped: the same "1:00", less ink
    assert not filled(page.banner_label)

    qtbot.keyClick(window, Qt.Key.Key_Space)
    tick_until(window, clock, lambda: shown(window)["banner"] == "REST", step=1)
    rest_ink, _ = ink(page.countdown_label)
    assert len({hold_ink, paused_ink, rest_ink}) == 3
    assert not filled(page.banner_label)  # an outline, where HOLD is a filled badge
    assert ink(page.banner_label)[0] == rest_ink  # the word and the digits agree


def test_m_shows_a_large_muted_badge_and_leaves_the_notice(make_window, clock, qtbot) -> None:
    window = make_window(size=SIZE)
    into_the_first_hold(window, clock, qtbot)
    page = window.player_page
    page.show_notice("This set could not be saved: the disk is full.")
    qtbot.keyClick(window, Qt.Key.Key_M)
    assert page.muted_badge.isVisible()
    assert "MUTED" in page.muted_badge.text()
    assert px(page.muted_badge) >= window.height() / 20
    assert page.note_label.text() == "This set could not be saved: the disk is full."
    qtbot.keyClick(window, Qt.Key.Key_M)
    assert not page.muted_badge.isVisible()


def test_x_acknowledges_the_pinch_on_screen_and_aloud(make_window, clock, qtbot, sink) -> None:
    window = make_window(size=SIZE)
    into_the_first_hold(window, clock, qtbot)
    page = window.player_page
    qtbot.keyClick(window, Qt.Key.Key_X)
    assert page.pinch_label.isVisible()
    assert page.pinch_label.text() == PINCH
    assert px(page.pinch_label) >= window.height() / 20
    assert not page.illustration.isVisible()  # the words take the figure's place
    # Said first and as one phrase with the next step's cue, which would otherwise cut it off.
    assert sink.said[-1] == f"{PINCH} Rest. Next up: Mid-buttock release (piriformis)."
    assert shown(window)["exercise"] == "Mid-buttock release (piriformis)"

    assert page.pinch_timer.isSingleShot() and 3000 <= page.pinch_timer.interval() <= 5000
    page.pinch_timer.timeout.emit()  # four seconds later
    assert not page.pinch_label.isVisible()
    assert page.illustration.isVisible()


def test_a_pinch_while_muted_is_shown_but_not_said(make_window, clock, qtbot, sink) -> None:
    window = make_window(size=SIZE)
    into_the_first_hold(window, clock, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_M)
    said = list(sink.said)
    qtbot.keyClick(window, Qt.Key.Key_X)
    assert window.player_page.pinch_label.text() == PINCH
    assert sink.said == said


def test_notice_and_cue_words_are_kept_apart(make_window, clock, qtbot) -> None:
    window = make_window(size=SIZE)
    into_the_first_hold(window, clock, qtbot)
    page = window.player_page
    notice = "No voice on this computer: cues appear as words here"
    page.show_notice(notice)
    page.show_cue_words("Halfway.")
    assert page.note_label.text() == notice  # not overwritten in the same millisecond
    assert page.cue_words_label.isVisible() and page.cue_words_label.text() == "Halfway."
    assert px(page.cue_words_label) * 3 >= px(page.countdown_label)  # read like the phase word
    page.cue_words_timer.timeout.emit()  # a few seconds later
    assert not page.cue_words_label.isVisible()

    page.show_cue_words("Halfway.")
    qtbot.keyClick(window, Qt.Key.Key_N)  # the next step clears words of the last one
    assert not page.cue_words_label.isVisible()
    assert page.note_label.text() == notice
    page.show_cue_words("Lift.")  # the big beat word says it already
    assert not page.cue_words_label.isVisible()
