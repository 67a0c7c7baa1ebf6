"""When to run OCR, and how readings become timed lines."""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray
from visual_frames import texture

from clipapi.signals.visual_text import (
    CHANGE_FOR_OCR,
    TextLine,
    TextReading,
    carried_lines,
    changed_bands,
    character_error_rate,
    merge_readings,
    similarity,
    stroke_bands,
    stroke_change,
    stroke_map,
    text_coverage,
)

BOX = (0.1, 0.7, 0.9, 0.75)


def _frame(caption: str | None, shift: int) -> NDArray[np.uint8]:
    background = cv2.GaussianBlur(texture(700, 960, 1), (0, 0), 6)
    frame = np.ascontiguousarray(background[:, shift : shift + 540])
    if caption:
        for colour, thickness in (((0, 0, 0), 7), ((255, 255, 255), 2)):
            cv2.putText(frame, caption, (40, 700), cv2.FONT_HERSHEY_DUPLEX, 1.1, colour, thickness)
    return np.asarray(cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY), dtype=np.uint8)


def test_the_same_caption_over_a_moving_background_needs_no_new_read() -> None:
    first = stroke_map(_frame("KEEP YOUR ROOM COOL", 0))
    later = stroke_map(_frame("KEEP YOUR ROOM COOL", 40))
    assert not first.empty
    assert stroke_change(first, later) < 0.1


def test_a_new_caption_calls_for_a_read() -> None:
    first = stroke_map(_frame("FIVE TIPS FOR SLEEP", 0))
    second = stroke_map(_frame("NO SCREENS BEFORE BED", 0))
    assert stroke_change(first, second) >= CHANGE_FOR_OCR
    assert stroke_change(None, second) == 1.0


def _titled(title: str, caption: str) -> NDArray[np.uint8]:
    """A title near the top and a caption near the bottom of a 540x960 picture."""
    frame = np.ascontiguousarray(cv2.GaussianBlur(texture(540, 960, 2), (0, 0), 6))
    for text, y in ((title, 120), (caption, 800)):
        for colour, thickness in (((0, 0, 0), 7), ((255, 255, 255), 2)):
            cv2.putText(frame, text, (40, y), cv2.FONT_HERSHEY_DUPLEX, 1.1, colour, thickness)
    return np.asarray(cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY), dtype=np.uint8)


def test_only_the_band_whose_text_changed_is_read_again() -> None:
    first = stroke_map(_titled("TOP TIPS", "KEEP YOUR ROOM COOL"))
    second = stroke_map(_titled("TOP TIPS", "NO SCREENS BEFORE BED"))
    bands = stroke_bands(second)
    assert len(bands) == 2
    title, caption = bands
    assert title[1] <= 200 <= caption[0]
    assert caption[0] < 790 < caption[1]
    assert stroke_change(first, second) >= CHANGE_FOR_OCR
    assert changed_bands(first, second) == [caption]
    assert changed_bands(None, second) == bands
    region = second.region(bands=[caption])
    assert region is not None
    assert region[1] > title[1]
    # The title's line is carried over from the last reading; a line where no text is now
    # (the old caption's place, were it elsewhere) is not.
    old_title = TextLine("TOP TIPS", 0.9, (0.1, 90 / 960, 0.5, 125 / 960))
    gone = TextLine("OLD", 0.9, (0.1, 0.45, 0.5, 0.5))
    assert carried_lines([old_title, gone], [title], 960) == [old_title]


def test_a_frame_without_text_has_an_empty_stroke_map() -> None:
    assert stroke_map(_frame(None, 0)).empty


def _line(text: str, confidence: float = 0.9) -> TextLine:
    return TextLine(text=text, confidence=confidence, box=BOX)


def test_readings_merge_into_timed_lines() -> None:
    readings = [
        TextReading(0.0, (_line("FIVE TIPS"),)),
        TextReading(0.5, (_line("FIVE TlPS", 0.6),)),  # a misreading of the same line
        TextReading(1.0, (_line("FIVE TIPS"),)),
        TextReading(1.5, (_line("KEEP COOL"),)),
        TextReading(2.5, ()),
        TextReading(3.0, (_line("x"),)),  # too short to keep
    ]
    lines = merge_readings(readings, end_s=4.0)
    assert [(line.start, line.end, line.text) for line in lines] == [
        (0.0, 1.5, "FIVE TIPS"),
        (1.5, 2.5, "KEEP COOL"),
    ]
    assert lines[0].confidence == 0.8
    assert text_coverage(lines, 4.0) == 0.625


def test_lines_still_open_end_with_the_clip() -> None:
    lines = merge_readings([TextReading(1.0, (_line("HELLO"), _line("WORLD")))], end_s=3.0)
    assert [(line.start, line.end) for line in lines] == [(1.0, 3.0), (1.0, 3.0)]


def test_character_error_rate_and_similarity() -> None:
    assert character_error_rate("MISFITS", "misfits") == 0.0
    assert character_error_rate("MISFITS", "MISTFITS") == 1 / 7
    assert character_error_rate("", "") == 0.0
    assert similarity("Keep  your room", "keep your room") == 1.0
