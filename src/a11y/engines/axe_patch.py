"""One change to the bundled axe-core build: colour objects without WeakMap-backed private fields.

axe's Color class declares private fields (#red, #green, ...). Its build turns them into
Babel's helpers, which keep every field of every object in a WeakMap: seven WeakMap/WeakSet
entries for each colour, and color-contrast makes millions of colours on a large page.
Profiled on Python's os.html (16,000 elements): 37% of color-contrast's time was spent
constructing colours and another 12% in garbage collection of those WeakMaps.

The same fields kept as symbol-keyed properties on the object behave the same for axe (the
class's own code is the only reader), and color-contrast on datetime.html took 72-85 s instead
of 121-143 s with the same results, one run each on a loaded 2-core machine (README,
Benchmarks). The replacement is exact text: when a later axe build does not contain it, the
source is used unchanged (and tests/scanner/test_axe_patch.py says so).
"""
from __future__ import annotations

# The Color class's private storage, as axe 4.12's minified build declares it.
COLOR_FIELDS = ("ep=(Se=new WeakMap,_e=new WeakMap,Me=new WeakMap,Pe=new WeakMap,Ie=new WeakMap,"
                "Be=new WeakMap,je=new WeakSet,")

# A stand-in for WeakMap/WeakSet with the methods Babel's helpers call (has, get, set, add),
# storing the value on the object under a symbol of its own.
_FIELD_STORE = ("new(class{constructor(){this.k=Symbol()}has(o){return this.k in o}get(o){return o[this.k]}"
                "set(o,v){o[this.k]=v;return this}add(o){o[this.k]=!0;return this}})")


def applies(source: str) -> bool:
    return source.count(COLOR_FIELDS) == 1


def faster_axe(source: str) -> str:
    """axe's source with the Color class's private fields as plain properties, if it has them."""
    if not applies(source):
        return source
    fast = COLOR_FIELDS.replace("new WeakMap", _FIELD_STORE).replace("new WeakSet", _FIELD_STORE)
    return source.replace(COLOR_FIELDS, fast)
