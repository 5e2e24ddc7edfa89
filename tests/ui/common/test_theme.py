"""The player's colours: every state its own, and strong on both the light and dark page."""

from __future__ import annotations

import pytest

from app.core.session.display import Look
from app.ui.common import theme


@pytest.fixture(params=[False, True], ids=["light", "dark"])
def scheme(request, qapp):
    theme.force_scheme(qapp, request.param)
    yield request.param
    theme.force_scheme(qapp, None)


def test_the_page_colour_is_the_palettes(qapp, scheme) -> None:
    assert qapp.palette().window().color().name() == theme.window_colour()


def test_each_look_has_its_own_strong_colour(scheme) -> None:
    page = theme.window_colour()
    colours = {look: theme.LOOKS[look].colour() for look in Look}
    assert len(set(colours.values())) == len(Look)  # no two states share a colour
    for look, colour in colours.items():
        if look is Look.PAUSED:
            continue
        assert theme.contrast(colour, page) >= 6.0, look  # digits and word, well past 4.5
        if theme.LOOKS[look].shape == "filled":
            assert theme.contrast(colour, theme.on_fill()) >= 6.0, look  # the badge's word
    paused = theme.contrast(colours.pop(Look.PAUSED), page)  # dimmed, yet large text
    assert 3.0 <= paused < min(theme.contrast(c, page) for c in colours.values())


def test_hold_rest_and_paused_differ_in_shape_too() -> None:
    """Told apart without colour vision: a filled badge, an outline, a dotted outline."""
    shapes = {theme.LOOKS[look].shape for look in (Look.HOLD, Look.REST, Look.PAUSED)}
    assert len(shapes) == 3
    assert len({theme.LOOKS[look].shape for look in Look if look is not Look.DONE}) >= 5


def test_beats_are_strong_on_both_pages(scheme) -> None:
    for beat, style in theme.BEATS.items():
        assert theme.contrast(style.colour(), theme.window_colour()) >= 6.0, beat
