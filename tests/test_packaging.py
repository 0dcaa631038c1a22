"""A built wheel carries what the code reads at run time: the rules catalog, report
templates, OpenACR catalogs, and the desk's templates, static files and migrations."""
from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_wheel_carries_its_data_and_reads_rules_from_itself(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(ROOT)],
                   check=True, capture_output=True, timeout=600)
    [wheel] = tmp_path.glob("a11y-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        zf.extractall(tmp_path / "site")
    for name in ("a11y/data/rules/wcag20.yaml", "a11y/data/rules/profiles/wcag22aa.yaml",
                 "a11y/reporters/templates/report.html", "desk/templates/base.html", "a11y/checks/_focus.js",
                 "a11y/data/results.schema.json"):
        assert name in names, name
    assert any(n.startswith("a11y/data/openacr/") for n in names)
    assert any(n.startswith("desk/migrations/versions/") for n in names)
    # Outside the source tree, the installed package finds its catalog on its own.
    code = ("import a11y.catalog as c; cat = c.load_catalog(); "
            "print(c.RULES_DIR.is_relative_to(r'%s'), len(cat.criteria))" % (tmp_path / "site"))
    env = {"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert out.stdout.split() == ["True", "38"], out.stderr
