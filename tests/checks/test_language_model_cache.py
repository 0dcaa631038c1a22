"""The language model's uncompressed copy in the cache folder (_language._cached_model): written
once, read mapped in memory with the same readings, rebuilt when it cannot be read. Each load runs
in a fresh process (the model is loaded once per process)."""
import json
import os
import subprocess
import sys

TEXTS = ["The quick brown fox jumps over the lazy dog while the cat sleeps on the warm mat.",
         "El rápido zorro marrón salta sobre el perro perezoso mientras el gato duerme.",
         "Привет, мир, как у вас дела сегодня вечером?", "中文文本测试一下", "12345", ""]

_LOAD = """
import json, sys
from a11y.checks import _language
identifier = _language._load()
print(json.dumps({"mapped": type(identifier.tk_nextmove).__name__ == "memoryview",
                  "ranks": [_language.rank(t) for t in json.loads(sys.argv[1])]}))
"""


def load(cache) -> dict:
    env = {**os.environ, "A11Y_CACHE_DIR": str(cache)}
    done = subprocess.run([sys.executable, "-c", _LOAD, json.dumps(TEXTS)], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def copies(cache) -> list:
    return sorted(p for p in cache.iterdir() if not p.name.startswith("."))


def test_the_copy_is_written_once_then_read_with_the_same_readings(tmp_path):
    first = load(tmp_path)
    assert not first["mapped"]  # read from the package's compressed model, then copied
    [copy] = copies(tmp_path)
    assert copy.name.startswith("py3langid-") and (copy / "nextmove.npy").is_file()
    second = load(tmp_path)
    assert second["mapped"] and second["ranks"] == first["ranks"]
    assert copies(tmp_path) == [copy] and not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_a_copy_cut_short_is_ignored_and_rebuilt(tmp_path):
    first = load(tmp_path)
    [copy] = copies(tmp_path)
    whole = (copy / "nextmove.npy").stat().st_size
    with open(copy / "nextmove.npy", "r+b") as f:
        f.truncate(whole // 2)
    again = load(tmp_path)
    assert not again["mapped"] and again["ranks"] == first["ranks"]
    assert (copy / "nextmove.npy").stat().st_size == whole
    assert load(tmp_path)["mapped"]


def test_a_copy_with_tables_that_do_not_fit_together_is_not_trusted(tmp_path):
    import numpy as np

    first = load(tmp_path)
    [copy] = copies(tmp_path)
    np.save(copy / "pc.npy", np.zeros(3, dtype=np.float32))  # another model's class count
    again = load(tmp_path)
    assert not again["mapped"] and again["ranks"] == first["ranks"]


def test_without_a_writable_cache_folder_the_model_still_loads(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    reading = load(blocked / "a11y")
    assert not reading["mapped"] and next(iter(reading["ranks"][0])) == "en"
