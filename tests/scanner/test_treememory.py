"""The scan's footprint (a11y.treememory): the PSS of a process and everything under it."""
import os
import subprocess
import sys

from a11y.treememory import TreeMemory, descendants, tree_pss

MB = 1024 * 1024

# A child that holds 200 MB of its own (written to, so the pages are really there), says so,
# and waits to be told to end.
HOLDER = "import sys; kept = bytearray(200 * 1024 * 1024); kept[::4096] = b'x' * len(kept[::4096]); " \
         "print('ready', flush=True); sys.stdin.readline()"


def test_a_child_and_its_memory_count_in_the_tree():
    before = tree_pss()
    assert before is not None and before > 0
    child = subprocess.Popen([sys.executable, "-c", HOLDER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready"
        assert child.pid in descendants(child.pid) and child.pid in descendants(os.getpid())
        assert tree_pss() - before > 180 * MB
    finally:
        child.communicate("end\n", timeout=60)
    assert child.pid not in descendants(os.getpid())


def test_the_cheap_reading_follows_what_a_child_adds_between_full_readings():
    now = [0.0]
    memory = TreeMemory(refresh=30.0, clock=lambda: now[0])
    first = memory()
    assert first is not None and memory.full_readings == 1
    assert abs(first - tree_pss()) < 50 * MB  # the same measure, read another way
    child = subprocess.Popen([sys.executable, "-c", HOLDER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "ready"
        assert memory() - first < 100 * MB  # the list of processes is kept for a second
        now[0] = 1.0
        assert memory() - first > 180 * MB  # from the child's private pages alone
        assert memory.full_readings == 1
        now[0] = 30.0
        assert memory() - first > 180 * MB and memory.full_readings == 2
    finally:
        child.communicate("end\n", timeout=60)
    assert memory() - first < 100 * MB
    memory.exact()  # a full reading was taken a moment ago: the cheap one serves
    assert memory.full_readings == 2
    now[0] = 31.0
    exact = memory.exact()
    assert memory.full_readings == 3 and abs(exact - tree_pss()) < 50 * MB
