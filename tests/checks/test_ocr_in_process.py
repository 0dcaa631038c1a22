"""Tesseract's library read in the scan's own process (_ocr._InProcess) gives what its binary gives,
to the byte, with the real libtesseract and the real binary; a configured binary is still used."""
import asyncio
import os
import shutil

import pytest
from PIL import Image

from a11y.checks import _ocr
from tests.checks.support import CHECK_FIXTURES

FIXTURES = CHECK_FIXTURES / "image-of-text-ocr"
needs_both = pytest.mark.skipif(
    _ocr.tesseract_path() is None or not asyncio.run(_ocr._in_process.usable()),
    reason="tesseract and its library are not installed (make setup installs tesseract-ocr)")


def prepared(name: str) -> Image.Image:
    return _ocr.prepare(Image.open(FIXTURES / name).convert("RGB"))[0]


@needs_both
@pytest.mark.parametrize("name", ["word.png", "brand.png", "street.png", "photo.png", "tiny.png"])
def test_the_library_reads_what_the_binary_reads(name):
    image = prepared(name)

    async def both():
        return (await _ocr._in_process.read(image, 60),
                await _ocr._run_binary(_ocr.tesseract_path(), image, 60))

    library, binary = asyncio.run(both())
    assert library == binary
    assert library.startswith("level\tpage_num\t")


@needs_both
def test_words_are_read_in_process_with_their_boxes():
    words = asyncio.run(_ocr.read_words(Image.open(FIXTURES / "word.png").convert("RGB"), 60))
    assert "Monday" in [w.text for w in _ocr.confident_words(words)]


@needs_both
def test_a_reading_out_of_time_fails_and_the_next_one_reads():
    photo, word = prepared("photo.png"), prepared("word.png")

    async def late_then_next():
        with pytest.raises(_ocr.OcrFailed, match="took longer than"):
            await _ocr._in_process.read(photo, 0.001)
        return await _ocr._in_process.read(word, 60)

    assert "Monday" in asyncio.run(late_then_next())


@needs_both
def test_a_binary_named_by_a11y_tesseract_is_the_one_that_reads(monkeypatch, tmp_path):
    """A11Y_TESSERACT is the user's choice of binary: the library is not used instead."""
    marker = tmp_path / "ran"
    wrapper = tmp_path / "tesseract"
    wrapper.write_text(f'#!/bin/sh\ntouch "{marker}"\nexec "{shutil.which("tesseract")}" "$@"\n')
    os.chmod(wrapper, 0o755)
    monkeypatch.setenv("A11Y_TESSERACT", str(wrapper))
    words = asyncio.run(_ocr.read_words(Image.open(FIXTURES / "word.png").convert("RGB"), 60))
    assert marker.exists()
    assert "Monday" in [w.text for w in _ocr.confident_words(words)]
