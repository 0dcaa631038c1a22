"""Reading text in a rendered image with Tesseract (Debian package tesseract-ocr), offline.

Tesseract's own library (libtesseract, which the binary is a front end to) reads in this
process, through its C API, in a thread of its own (_InProcess): it starts once per scan, where
the binary loads its model and word lists again for every image (about 0.1 s of CPU, most of what
reading an icon costs), and gives the same words, to the byte. Without the library, or with
A11Y_TESSERACT naming a binary, the binary is called directly, off the event loop (an asyncio
subprocess, image on stdin, TSV on stdout, a timeout). No wrapper library to keep up with.
The rest is pure functions over Pillow images, tested without a browser:
prepare() makes the image Tesseract-friendly (grey, dark text on light, scaled so
small text is legible, capped in pixels); words() keeps only words read with good
confidence that look like words of a language (not noise such as "|", "=", "Ww");
busy_outside() says how much else the picture holds besides the text.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import ctypes
import ctypes.util
import io
import os
import re
import shutil
import threading
import time
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
    if not os.environ.get("A11Y_TESSERACT") and await _in_process.usable():
        return parse_tsv(await _in_process.read(prepared, timeout), scale)
    return parse_tsv(await _run_binary(exe, prepared, timeout), scale)


async def _run_binary(exe: str, prepared: Image.Image, timeout: float) -> str:
    """Tesseract's TSV of a prepared image, from the binary."""
    buf = io.BytesIO()
    # PGM, the grey pixels as they are: Tesseract reads the same image as from a PNG (the same
    # words, to the byte), without the compression either side (40 ms for 600,000 pixels).
    prepared.save(buf, "PPM")
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
    return out.decode("utf-8", "replace")


async def _stop(proc) -> None:
    with contextlib.suppress(ProcessLookupError):
        proc.kill()
    with contextlib.suppress(Exception):
        await asyncio.wait_for(asyncio.shield(proc.wait()), 5)


# The C API's page segmentation mode 11 (PSM_SPARSE_TEXT), as the binary's --psm 11: as much text
# as can be found, in no particular order.
_SPARSE_TEXT = 11
_CANCEL = ctypes.CFUNCTYPE(ctypes.c_bool, ctypes.c_void_p, ctypes.c_int)


class _InProcess:
    """libtesseract in this process, driven from one thread of its own (its handle is not for
    sharing between threads; images are read one after another, as a 2-core machine's spare
    CPU allows anyway). Set up on first use; unusable (the binary then reads) when the library
    is missing or does not start."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._thread: concurrent.futures.ThreadPoolExecutor | None = None
        self._started: concurrent.futures.Future | None = None
        self._api = self._lib = None
        self._pid = os.getpid()

    async def usable(self) -> bool:
        """Whether the library reads (started on first use, off the event loop)."""
        if os.getpid() != self._pid:  # a forked process has the handle but not its thread
            return False
        with self._lock:
            if self._started is None:
                self._thread = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="a11y-ocr")
                self._started = self._thread.submit(self._start)
        return await asyncio.wrap_future(self._started) is not None

    def _start(self):
        """The library loaded and a handle started (in the OCR thread), or None."""
        # One thread, as the binary is given (OMP_THREAD_LIMIT is read when the library's OpenMP
        # runtime loads; one already loaded by something else would not heed it).
        if _loaded("libgomp"):
            return None
        name = ctypes.util.find_library("tesseract") or "libtesseract.so.5"
        before = os.environ.get("OMP_THREAD_LIMIT")
        os.environ["OMP_THREAD_LIMIT"] = "1"
        try:
            lib = ctypes.CDLL(name)
        except OSError:
            return None
        finally:
            if before is None:
                os.environ.pop("OMP_THREAD_LIMIT", None)
            else:
                os.environ["OMP_THREAD_LIMIT"] = before
        try:
            _declare(lib)
        except AttributeError:  # a library without the C API functions used here
            return None
        api = lib.TessBaseAPICreate()
        if not api:
            return None
        # Its notes ("Estimating resolution as 452") go nowhere, as the binary's stderr did.
        lib.TessBaseAPISetVariable(api, b"debug_file", b"/dev/null")
        if lib.TessBaseAPIInit3(api, None, b"eng") != 0:  # no English data: as the binary would fail
            lib.TessBaseAPIDelete(api)
            return None
        self._lib, self._api = lib, api
        return api

    async def read(self, prepared: Image.Image, timeout: float) -> str:
        """The TSV of a prepared (grey) image, as the binary writes it: OcrFailed when the reading
        does not end within timeout (Tesseract is told to stop, and stops at its next word)."""
        stop = threading.Event()
        job = self._thread.submit(self._read, prepared.tobytes(), prepared.width, prepared.height,
                                  timeout, stop)
        late = OcrFailed(f"OCR took longer than {timeout:.0f} s")
        try:
            tsv = await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(job)), timeout)
        except TimeoutError:
            stop.set()
            raise late from None
        except asyncio.CancelledError:  # the check's own time is up: Tesseract stops too
            stop.set()
            raise
        if tsv is None:
            raise late if stop.is_set() else OcrFailed("OCR failed")
        return tsv

    def _read(self, pixels: bytes, width: int, height: int, timeout: float, stop: threading.Event) -> str | None:
        """Tesseract's TSV with the binary's header line; None when it did not read to the end
        (stop set when that was for want of time)."""
        lib, api = self._lib, self._api
        if stop.is_set():
            return None
        started = time.monotonic()
        cancel = _CANCEL(lambda _this, _words: stop.is_set())
        monitor = lib.TessMonitorCreate()
        try:
            lib.TessMonitorSetCancelFunc(monitor, cancel)
            lib.TessMonitorSetDeadlineMSecs(monitor, max(1, int(timeout * 1000)))
            lib.TessBaseAPISetPageSegMode(api, _SPARSE_TEXT)
            lib.TessBaseAPISetImage(api, pixels, width, height, 1, width)
            if lib.TessBaseAPIRecognize(api, monitor) != 0:
                if time.monotonic() - started >= timeout:
                    stop.set()
                return None
            text = lib.TessBaseAPIGetTsvText(api, 0)
            try:
                tsv = ctypes.string_at(text).decode("utf-8", "replace") if text else ""
            finally:
                lib.TessDeleteText(text)
            return _TSV_HEADER + tsv
        finally:
            lib.TessBaseAPIClear(api)
            lib.TessMonitorDelete(monitor)


# The header line the binary writes before the words (parse_tsv skips a first line).
_TSV_HEADER = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n"


def _declare(lib) -> None:
    """The C API's signatures (tesseract/capi.h) that ctypes cannot know."""
    handle, text = ctypes.c_void_p, ctypes.c_char_p
    for name, args, result in [
        ("TessBaseAPICreate", [], handle),
        ("TessBaseAPIDelete", [handle], None),
        ("TessBaseAPISetVariable", [handle, text, text], ctypes.c_bool),
        ("TessBaseAPIInit3", [handle, text, text], ctypes.c_int),
        ("TessBaseAPISetPageSegMode", [handle, ctypes.c_int], None),
        ("TessBaseAPISetImage", [handle, ctypes.c_char_p, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_int],
         None),
        ("TessBaseAPIRecognize", [handle, handle], ctypes.c_int),
        ("TessBaseAPIGetTsvText", [handle, ctypes.c_int], handle),
        ("TessDeleteText", [handle], None),
        ("TessBaseAPIClear", [handle], None),
        ("TessMonitorCreate", [], handle),
        ("TessMonitorDelete", [handle], None),
        ("TessMonitorSetCancelFunc", [handle, _CANCEL], None),
        ("TessMonitorSetDeadlineMSecs", [handle, ctypes.c_int], None),
    ]:
        function = getattr(lib, name)
        function.argtypes, function.restype = args, result


def _loaded(library: str) -> bool:
    """Whether a shared library whose name starts with `library` is loaded in this process."""
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            return any(f"/{library}" in line for line in maps)
    except OSError:
        return True  # cannot tell: as if it were (the binary reads)


_in_process = _InProcess()
