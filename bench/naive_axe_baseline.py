#!/usr/bin/env python3
# Copied unchanged (below this note) from ../shared/tools/naive_axe_baseline.py on 2026-12-02, so that
# bench/compare.py runs without ../shared. It is the reference point the issue measures against.
"""The reference point for scan speed: the simplest correct scanner.

One Chromium, one page, URLs one after another: navigate, wait for load, run the
axe-core bundled with axe-playwright-python (top frame only) with the WCAG 2.0
A/AA tags. Run it with a Python that has playwright and axe-playwright-python
(the project's .venv does), in the same run as the scanner being measured, on
the same URL list, so that the ratio holds on a noisy machine.

usage: naive_axe_baseline.py URLS.txt [--chromium PATH] [--outcomes FILE]
prints: pages=N seconds=S pages_per_min=R violations=V errors=E
--outcomes writes {url: {rule: "failed"|"cantTell"}} (input for act_score.py).
"""
import argparse, json, shutil, time
from playwright.sync_api import sync_playwright
from axe_playwright_python.sync_playwright import Axe

ap = argparse.ArgumentParser()
ap.add_argument("urls")
ap.add_argument("--chromium", default=shutil.which("chromium") or shutil.which("chromium-browser"))
ap.add_argument("--outcomes")
a = ap.parse_args()
urls = [u.strip() for u in open(a.urls) if u.strip()]
axe = Axe()
opts = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}}
args = ["--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
import os
if os.geteuid() == 0: args.append("--no-sandbox")
out, nv, errs = {}, 0, 0
t0 = time.time()
with sync_playwright() as p:
    b = p.chromium.launch(executable_path=a.chromium, args=args)
    pg = b.new_page()
    for u in urls:
        try:
            pg.goto(u, timeout=30000)
            r = axe.run(pg, options=opts).response
            o = {v["id"]: "cantTell" for v in r["incomplete"]}
            o.update({v["id"]: "failed" for v in r["violations"]})
            out[u] = o
            nv += len(r["violations"])
        except Exception:
            errs += 1
            try: pg.close()
            except Exception: pass
            pg = b.new_page()
    b.close()
dt = time.time() - t0
if a.outcomes: json.dump(out, open(a.outcomes, "w"))
print(f"pages={len(urls)} seconds={dt:.1f} pages_per_min={len(urls)/dt*60:.0f} violations={nv} errors={errs}")
