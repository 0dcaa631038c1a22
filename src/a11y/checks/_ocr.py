"""Reading text in a rendered image with Tesseract (Debian package tesseract-ocr), offline.

The binary is called directly, off the event loop (an asyncio subprocess, image on
stdin, TSV on stdout, a timeout), so there is no wrapper library to keep up with.
The rest is pure functions over Pillow images, tested without a browser:
prepare() makes the image Tesseract-friendly (grey, dark text on light, scaled so
small text is legible, capped in pixels); words() keeps only words read with good
confidence that look like words of a language (not noise such as "|", "=", "Ww");
busy_outside() says how much else the picture holds besides the text.
"""
from __future__ import annotations

import asyncio
import contextlib
import io
import os
import re
import shutil
from dataclasses import dataclass

from PIL import Image, ImageFilter, ImageOps, ImageStat

# Pixels handed to Tesseract at most: its time grows with the area (a busy 1 MP photo takes
# about 2 s on a loaded machine). Small images are scaled up to this, at most MAX_SCALE times,
# so that text 10 px high becomes legible to it; large ones are scaled down to it.
PIXEL_CAP = 600_000
MAX_SCALE = 3.0
# A word counts when Tesseract is this sure of it (0-100, from its TSV output).
MIN_CONFIDENCE = 80.0
# Text "found" needs this many letters in confident word-like words (e.g. "Press me" is 7).
MIN_LETTERS = 5
# ... and at least one word of this many letters ("Press", "Welcome"; not "TO", "gi").
MIN_LONGEST = 4

_VOWELS = set("aeiouyAEIOUYàáâäåèéêëìíîïòóôöùúûüýÀÁÂÄÅÈÉÊËÌÍÎÏÒÓÔÖÙÚÛÜÝ")
_LETTERS = re.compile(r"^[^\W\d_]+(?:['’-][^\W\d_]+)*$")
_JOINED = re.compile(r"[,;:/]+")
_EDGE = re.compile(r"^[\W_]+|[\W_]+$")  # punctuation around a word: "(ACT)", "rules.", "‘The"


class OcrUnavailable(RuntimeError):
    """Tesseract is not installed (or not runnable)."""


class OcrFailed(RuntimeError):
    """Tesseract ran but gave no reading (timeout, bad image, missing language data)."""


@dataclass(frozen=True)
class Word:
    text: str
    confidence: float
    box: tuple[int, int, int, int]  # left, top, right, bottom in the image handed to prepare()


def tesseract_path() -> str | None:
    """The tesseract binary: A11Y_TESSERACT if set (None when that is not an executable file),
    else the one on PATH."""
    configured = os.environ.get("A11Y_TESSERACT")
    if configured:
        return configured if os.path.isfile(configured) and os.access(configured, os.X_OK) else None
    return shutil.which("tesseract")


def prepare(img: Image.Image) -> tuple[Image.Image, float]:
    """Grey, stretched contrast, dark text on a light ground, scaled to at most PIXEL_CAP pixels
    (up to MAX_SCALE times for small images). Returns the image and the scale used."""
    grey = ImageOps.autocontrast(ImageOps.grayscale(img.convert("RGB")))
    if ImageStat.Stat(grey).median[0] < 128:  # light text on a dark ground: Tesseract wants it dark on light
        grey = ImageOps.invert(grey)
    scale = min(MAX_SCALE, (PIXEL_CAP / max(1, grey.width * grey.height)) ** 0.5)
    if abs(scale - 1) > 0.05:
        size = (max(1, round(grey.width * scale)), max(1, round(grey.height * scale)))
        grey = grey.resize(size, Image.LANCZOS)
    return grey, scale


def parse_tsv(tsv: str, scale: float = 1.0) -> list[Word]:
    """Tesseract's TSV (level, ..., left, top, width, height, conf, text) into words, with
    boxes in the coordinates of the image before scaling."""
    words = []
    for line in tsv.splitlines()[1:]:
        cols = line.split("\t")
        if len(cols) < 12 or not cols[11].strip():
            continue
        try:
            left, top, width, height = (int(c) for c in cols[6:10])
            conf = float(cols[10])
        except ValueError:
            continue
        if conf < 0:
            continue
        box = (int(left / scale), int(top / scale), int((left + width) / scale), int((top + height) / scale))
        words.append(Word(cols[11].strip(), conf, box))
    return words


def word_like(text: str) -> bool:
    """Letters only (inner apostrophes and hyphens allowed) once surrounding punctuation is
    stripped, with a vowel, in one of the cases words are written in (lower, Capitalised,
    UPPER): "Welcome", "me", "SWORD"; not "W3C", "|", "RETy", "Ww", "Bl"."""
    core = _EDGE.sub("", text)
    parts = _JOINED.split(core)  # "Bakery,open": two words read as one
    if len(parts) > 1:
        return all(word_like(part) for part in parts)
    if len(core) < 2 or not _LETTERS.match(core):
        return False
    if not any(ch in _VOWELS for ch in core):
        return False
    letters = [ch for ch in core if ch.isalpha()]
    rest = letters[1:]
    return all(ch.islower() for ch in rest) or all(ch.isupper() for ch in letters)


def confident_words(words: list[Word]) -> list[Word]:
    return [w for w in words if w.confidence >= MIN_CONFIDENCE and word_like(w.text)]


def has_text(words: list[Word]) -> bool:
    """Enough confident, word-like words to say the image holds text in a human language."""
    good = confident_words(words)
    lengths = [sum(ch.isalpha() for ch in w.text) for w in good]
    return sum(lengths) >= MIN_LETTERS and max(lengths, default=0) >= MIN_LONGEST


# The share of each side left out of busy_outside() as a possible frame or border.
FRAME_BAND = 0.12
# An edge pixel: the grey level changes by this much to a neighbour (FIND_EDGES' output).
_EDGE_LEVEL = 48


def busy_outside(img: Image.Image, boxes: list[tuple[int, int, int, int]]) -> float:
    """The share of edge pixels in the image outside the text (each word box widened by half
    its height): near 0 for text on a flat or gently shaded ground (an image of text), high
    for a photograph or drawing that holds text among other things."""
    grey = ImageOps.grayscale(img.convert("RGB"))
    edges = grey.filter(ImageFilter.FIND_EDGES).point(lambda p: 255 if p >= _EDGE_LEVEL else 0)
    # Leave out a band along the sides, where frames, borders and bevels are (and FIND_EDGES's
    # outermost pixels, which compare with nothing).
    bx, by = max(2, round(grey.width * FRAME_BAND)), max(2, round(grey.height * FRAME_BAND))
    mask = Image.new("L", grey.size, 0)
    mask.paste(255, (bx, by, max(bx, grey.width - bx), max(by, grey.height - by)))
    for left, top, right, bottom in boxes:
        pad = max(2, (bottom - top) // 2)
        box = (max(0, left - pad), max(0, top - pad), min(grey.width, right + pad), min(grey.height, bottom + pad))
        mask.paste(0, box)
    outside = ImageStat.Stat(mask).sum[0] / 255
    if outside < 1:
        return 0.0
    counted = ImageStat.Stat(Image.composite(edges, Image.new("L", grey.size, 0), mask)).sum[0] / 255
    return counted / outside


async def read_words(img: Image.Image, timeout: float) -> list[Word]:
    """Every word Tesseract reads in img (boxes in img's coordinates). OcrUnavailable when the
    binary is missing, OcrFailed when it gives no reading within timeout."""
    exe = tesseract_path()
    if not exe:
        raise OcrUnavailable("OCR is not available (install tesseract-ocr)")
    prepared, scale = prepare(img)
    buf = io.BytesIO()
    prepared.save(buf, "PNG")
    # One thread: the machine's cores belong to the browser and the rest of the scan.
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        proc = await asyncio.create_subprocess_exec(
            exe, "stdin", "stdout", "--psm", "11", "-l", "eng", "tsv",
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, env=env)
    except OSError as e:
        raise OcrUnavailable(f"OCR is not available ({e.strerror or e}; install tesseract-ocr)") from None
    try:
        out, err = await asyncio.wait_for(proc.communicate(buf.getvalue()), timeout)
    except TimeoutError:
        await _stop(proc)
        raise OcrFailed(f"OCR took longer than {timeout:.0f} s") from None
    except asyncio.CancelledError:  # the check's own time is up: leave no process behind
        await _stop(proc)
        raise
    if proc.returncode != 0:
        detail = err.decode("utf-8", "replace").strip().splitlines()
        raise OcrFailed(f"OCR failed: {detail[-1] if detail else f'exit status {proc.returncode}'}")
    return parse_tsv(out.decode("utf-8", "replace"), scale)


async def _stop(proc) -> None:
    with contextlib.suppress(ProcessLookupError):
        proc.kill()
    with contextlib.suppress(Exception):
        await asyncio.wait_for(asyncio.shield(proc.wait()), 5)
