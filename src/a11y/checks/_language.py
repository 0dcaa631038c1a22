"""Which language a text is in, offline: py3langid (BSD-3-Clause; its model ships in the
package, about 4.5 MB), restricted to the languages with a two-letter ISO 639-1 code (114 of
its 140; the rest, such as Extremaduran or Nigerian Pidgin, pull Spanish or English text
their way and are rarely declared in a lang attribute).

The model takes seconds to decompress on a busy machine: it is loaded once per process, in a
thread (load()), and kept; an uncompressed copy in the cache folder (cache_folder()) makes later
scans' loads a mapping of files (_cached_model). Pure functions decide what a reading means (verdict()).
"""
from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import re
import shutil
import tempfile
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

# Enough text to judge: this many letters in this many words (a sentence or two); in scripts
# written without spaces (Chinese, Japanese, Thai...) letters alone count.
MIN_LETTERS = 40
MIN_WORDS = 8
# A verdict of "not the declared language" needs the identifier this sure of another
# language, and the declared one this unlikely.
SURE = 0.95
UNLIKELY = 0.01
# The declared language is taken as right when it has at least this probability.
PLAUSIBLE = 0.2
# Short blocks read one by one when the whole text reads as another language (judge).
MAX_SHORT_BLOCKS = 400

# Languages one identifier cannot tell apart reliably, or codes for the same language.
_SAME = [{"no", "nb", "nn"}, {"sr", "hr", "bs", "sh"}, {"ms", "id", "zsm"}]

# Deprecated primary language subtags and their Preferred-Value, from the IANA Language Subtag
# Registry (https://www.iana.org/assignments/language-subtag-registry, records of Type: language
# with Deprecated and Preferred-Value): the two-letter ones, the identifier's codes being two-letter.
# iw, in and ji left ISO 639 in 1989, jw in 2001, mo in 2008; pages and browsers still use them.
PREFERRED = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro"}


def preferred(code: str) -> str:
    """The registry's preferred subtag for a deprecated primary language subtag (iw: he), else code."""
    return PREFERRED.get(code, code)


_lock = threading.Lock()
_identifier = None


class LanguageIdUnavailable(RuntimeError):
    """py3langid is not installed."""


def _load():
    global _identifier
    with _lock:
        if _identifier is None:
            try:
                import py3langid
                from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
            except ImportError:
                raise LanguageIdUnavailable("language identification is not available (install py3langid)") from None
            try:
                model = _cached_model(MODEL_DIR / MODEL_FILE, getattr(py3langid, "__version__", ""))
                _identifier = LanguageIdentifier(model["ptc"], model["pc"], model["classes"], model["nextmove"],
                                                 model["out_feat"], norm_probs=True, tk_row=model["nextmove_row"])
            except (TypeError, AttributeError, KeyError, ValueError, ImportError):  # not py3langid 0.4's model
                full = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
                full.set_languages([code for code in full.nb_classes if len(code) == 2])
                _identifier = full
    return _identifier


# The arrays of the two-letter model, as LanguageIdentifier takes them (the DFA tables as flat
# unsigned ints, the output list as ints).
_ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")


def cache_folder() -> Path:
    """Where the scanner keeps what it can rebuild: A11Y_CACHE_DIR, else a11y in the user's cache
    folder (XDG_CACHE_HOME, else ~/.cache)."""
    configured = os.environ.get("A11Y_CACHE_DIR")
    if configured:
        return Path(configured)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "a11y"


def _cached_model(path: Path, version: str) -> dict:
    """The two-letter model (_two_letter_model), from an uncompressed copy in the cache folder,
    mapped in memory (decompressing the package's copy took about 0.8 s of CPU a scan, for a
    model identical each time). The copy is keyed by py3langid's version and the model file's
    hash, written once, atomically (a folder renamed into place), and ignored and rebuilt when
    it cannot be read; without a writable cache folder the package's copy is read every time."""
    raw = path.read_bytes()
    folder = cache_folder() / f"py3langid-{version or 'unknown'}-{hashlib.sha256(raw).hexdigest()[:24]}"
    try:
        return _read_copy(folder)
    except (OSError, ValueError, KeyError, TypeError, EOFError):
        pass
    model = _two_letter_model(raw)
    with contextlib.suppress(OSError, ValueError):
        _write_copy(folder, model)
    return model


def _read_copy(folder: Path) -> dict:
    """The model from an uncompressed copy, each array mapped from its file (read only)."""
    import numpy as np

    arrays = {name: np.asarray(np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False))
              for name in _ARRAYS}
    ptc, pc, classes = arrays["ptc"], arrays["pc"], arrays["classes"]
    nextmove, row, out = arrays["nextmove"], arrays["nextmove_row"], arrays["out_feat"]
    # A copy cut short or from another layout: rebuilt rather than trusted.
    if (ptc.ndim != 2 or ptc.shape[1] != len(classes) or pc.shape != (len(classes),) or row.shape != out.shape
            or nextmove.ndim != 1 or nextmove.size % 256 or not row.size
            or int(row.max()) >= nextmove.size // 256 or int(nextmove.max()) >= row.size
            or int(out.max()) >= ptc.shape[0]):
        raise ValueError(f"{folder} does not hold the language model")
    # The DFA is walked a byte at a time from Python: through a memoryview, as fast as the
    # stdlib array the package's loader makes, without copying 40 MB.
    return {"ptc": ptc, "pc": pc, "classes": classes.tolist(), "nextmove": memoryview(nextmove),
            "nextmove_row": memoryview(row), "out_feat": out.tolist()}


def _write_copy(folder: Path, model: dict) -> None:
    """The uncompressed copy, written in a folder of its own and renamed into place (a reader sees
    the whole copy or none); one that another scan wrote meanwhile is kept."""
    import numpy as np

    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    try:
        for name in _ARRAYS:
            value = model[name]
            np.save(staging / f"{name}.npy", np.asarray(value, dtype=np.int32 if name == "out_feat" else None),
                    allow_pickle=False)
        try:
            os.rename(staging, folder)
        except OSError:  # a copy is there: another scan's, put there meanwhile, or one that could not be read
            try:
                _read_copy(folder)  # another scan's: kept (a reader may have it mapped)
            except (OSError, ValueError, KeyError, TypeError, EOFError):
                shutil.rmtree(folder, ignore_errors=True)
                with contextlib.suppress(OSError):  # another scan put its copy there first after all
                    os.rename(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _two_letter_model(raw: bytes) -> dict:
    """py3langid 0.4's model (npz inside xz, the file's bytes) restricted to the two-letter
    languages, as LanguageIdentifier's arguments: the same tables set_languages() would leave,
    without the whole model kept beside them (27 MB held for nothing), read in memory rather than
    through the temporary file its own loader writes and reads back."""
    import io
    import lzma

    import numpy as np
    from py3langid.modelio import _to_array

    with np.load(io.BytesIO(lzma.decompress(raw)), allow_pickle=False) as data:
        classes = data["classes"].tolist()
        keep = [i for i, code in enumerate(classes) if len(code) == 2]
        return {"ptc": data["ptc"][:, keep], "pc": data["pc"][keep], "classes": [classes[i] for i in keep],
                "nextmove": _to_array(data["nextmove"]), "out_feat": data["out_feat"].tolist(),
                "nextmove_row": _to_array(data["nextmove_row"])}


def warm_up() -> None:
    """Load the identifier now (blocking; for a worker thread before the first page)."""
    _load()


async def load():
    """The identifier, loaded once per process off the event loop."""
    if _identifier is not None:
        return _identifier
    return await asyncio.to_thread(_load)


def known(code: str) -> bool:
    return code in set(_load().labels) or any(code in group for group in _SAME)


def same_language(a: str, b: str) -> bool:
    return a == b or any(a in group and b in group for group in _SAME)


_WORD = re.compile(r"[^\W\d_]{2,}")
# Scripts written without spaces between words.
_UNSPACED = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


@dataclass(frozen=True)
class Amount:
    letters: int
    words: int
    unspaced: bool = False

    @property
    def enough(self) -> bool:
        return self.letters >= MIN_LETTERS and (self.words >= MIN_WORDS or self.unspaced)


def amount(text: str) -> Amount:
    letters = sum(map(str.isalpha, text))  # not a generator: a third of the time on 20,000 characters
    unspaced = len(_UNSPACED.findall(text)) > letters / 2
    return Amount(letters, len(_WORD.findall(text)), unspaced)


def rank(text: str) -> dict[str, float]:
    """Probability of each language (normalised), highest first."""
    return dict(_load().rank(text))


# The scripts the identifier's languages are written in (Latin for those not listed). Text
# mostly in another script (Cherokee, Tifinagh...) is in a language it does not know, whatever
# it answers.
_SCRIPTS = {
    "CYRILLIC": {"ru", "uk", "bg", "be", "mk", "sr", "kk", "ky", "mn", "tg", "tt", "ba"},
    "ARABIC": {"ar", "fa", "ur", "ps", "ug", "ku", "sd"}, "HEBREW": {"he", "yi"}, "GREEK": {"el"},
    "DEVANAGARI": {"hi", "mr", "ne", "sa"}, "BENGALI": {"bn", "as"}, "GURMUKHI": {"pa"}, "GUJARATI": {"gu"},
    "ORIYA": {"or"}, "TAMIL": {"ta"}, "TELUGU": {"te"}, "KANNADA": {"kn"}, "MALAYALAM": {"ml"},
    "SINHALA": {"si"}, "THAI": {"th"}, "LAO": {"lo"}, "TIBETAN": {"dz", "bo"}, "MYANMAR": {"my"},
    "GEORGIAN": {"ka"}, "ARMENIAN": {"hy"}, "ETHIOPIC": {"am"}, "KHMER": {"km"},
    "HANGUL": {"ko"}, "CJK": {"zh", "ja"}, "HIRAGANA": {"ja"}, "KATAKANA": {"ja"},
}
_LANG_SCRIPTS: dict[str, set[str]] = {}
for _script, _langs in _SCRIPTS.items():
    for _code in _langs:
        _LANG_SCRIPTS.setdefault(_code, set()).add(_script)


# Letters, and Latin ones (Basic Latin, Latin-1, Extended-A and -B, Extended Additional): counted
# by the regex engine, they settle the usual case without naming every character.
_LETTER = re.compile(r"[^\W\d_]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]")


def script_of(text: str) -> str:
    """The script most of the letters are in, as Unicode names it (LATIN, CYRILLIC, CJK...)."""
    # More than half the letters Latin: Latin is the most common (naming each of 20,000
    # characters took longer than identifying the language).
    if 2 * len(_LATIN.findall(text)) > len(_LETTER.findall(text)) > 0:
        return "LATIN"
    names = Counter()
    for ch in text:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            names[name.split(" ")[0] if name else "UNKNOWN"] += 1
    return names.most_common(1)[0][0] if names else "UNKNOWN"


# Languages listed under another script that are also written in Latin letters.
_ALSO_LATIN = {"sr", "uz", "tk", "az", "ku", "kk", "tt"}


def writes(code: str, script: str) -> bool:
    """Whether the identifier's language code is written in script."""
    return script in _LANG_SCRIPTS.get(code, {"LATIN"}) or (script == "LATIN" and code in _ALSO_LATIN)


PASSED, FAILED, CANT_TELL = "passed", "failed", "cantTell"


def verdict(declared: str, probs: dict[str, float], blocks: list[dict[str, float]] | None = None) -> tuple[str, str]:
    """The declared primary language against the identifier's reading of the whole text (probs)
    and of its longer blocks (paragraphs). Fails only when another language is near certain,
    the declared one near impossible, and no long block reads as the declared language."""
    top, top_p = next(iter(probs.items()))
    mine = max((p for code, p in probs.items() if same_language(code, declared)), default=0.0)
    if same_language(top, declared) or mine >= PLAUSIBLE:
        return PASSED, f"the text reads as {declared} ({mine:.2f})"
    if top_p >= SURE and mine < UNLIKELY:
        for block in blocks or ():
            b_top, b_p = next(iter(block.items()))
            if same_language(b_top, declared) and b_p >= 0.5:
                return CANT_TELL, (f"the text reads mostly as {top} ({top_p:.2f}), some of it as {declared}: "
                                   "mixed languages")
        return FAILED, f"the text reads as {top} ({top_p:.2f}), not as the declared {declared} ({mine:.3f})"
    return CANT_TELL, f"the text may not be in {declared}: it reads as {top} ({top_p:.2f}), {declared} {mine:.2f}"


def judge(declared: str, text: str, blocks: list[str] = ()) -> tuple[str, str]:
    """Whether text (with its blocks, e.g. paragraphs) is in the declared primary language:
    (outcome, reason). A deprecated subtag is read as its preferred one (iw as he). Call after load()."""
    original, declared = declared, preferred(declared)
    if not known(declared):
        named = repr(declared) if declared == original else f"{original!r} (now {declared!r})"
        return CANT_TELL, f"the language identifier does not know {named}"
    size = amount(text)
    if not size.enough:
        words = f"{size.words} word" + ("" if size.words == 1 else "s")
        return CANT_TELL, f"too little text ({words}) to tell its language"
    probs = rank(text)
    script = script_of(text)
    if not writes(next(iter(probs)), script):
        return CANT_TELL, f"the text is in {script.lower()} script, whose languages the identifier does not know"
    found = verdict(declared, probs)
    if found[0] != FAILED or not blocks:
        return found
    # Only a failure asks the blocks (a block in the declared language makes it mixed languages).
    readings = [rank(b) for b in [b for b in blocks if amount(b).enough][:50]]
    # Blocks too short to read alone (a line of a menu, a table cell, a caption) that each read
    # as the declared language, read together: an English page listing Italian dishes or German
    # stations has more foreign names than English words, but its own sentences are English.
    mine = " ".join(b for b in blocks[:MAX_SHORT_BLOCKS]
                    if not amount(b).enough and same_language(next(iter(rank(b))), declared))
    if amount(mine).enough:
        readings.append(rank(mine))
    return verdict(declared, probs, readings)
