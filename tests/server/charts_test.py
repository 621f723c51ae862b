#!/usr/bin/python3
"""tests/server/charts_test.py - `--svg` and `migdip report` (ctest label server).

Each chart is well-formed XML with a <title> and a <desc> (its text alternative), names its
units on the axes and the data vintage and power measure in its footer, and every mark's
data-value equals the figure `--json` prints in the same run; the report is well-formed
(XML and HTML), self-contained (no src, no external href, no url() but the page's own), and
carries the dyad's explanation and the same figures. Errors: --svg without a file is a
usage error (2), an unwritable file a system error (3).
usage: charts_test.py MIGDIP STORE OUTDIR
"""
import html.parser
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

MIGDIP, STORE, OUT = sys.argv[1:4]
if not os.path.exists(STORE):
    print(f"skipped: no store at {STORE}")
    sys.exit(77)
os.makedirs(OUT, exist_ok=True)
SVG = "{http://www.w3.org/2000/svg}"
failures, checks = [], 0


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        failures.append(what)
        print("FAIL:", what)


# Okabe and Ito's palette (told apart with every common colour-vision deficiency) and greys
OKABE_ITO = {"#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000"}


def colour_ok(v):
    v = v.lower()
    if not v.startswith("#"):
        return True  # none, url(#pattern), currentColor
    if v in OKABE_ITO:
        return True
    h = v[1:]
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    return len(h) == 6 and h[0:2] == h[2:4] == h[4:6]  # a grey


def bad_colours(root):
    """Colours of marks (not text) outside the palette and the greys."""
    return sorted({e.get(a) for e in root.iter() if not e.tag.endswith("text") and not e.tag.endswith("title")
                   for a in ("fill", "stroke") if e.get(a) and not colour_ok(e.get(a))})


def run(*args, code=0):
    p = subprocess.run([MIGDIP, *args, "--db", STORE], capture_output=True, text=True)
    check(p.returncode == code, f"{' '.join(args)}: exit {p.returncode}, expected {code}: {p.stderr[-300:]}")
    return p


def chart(name, args):
    path = os.path.join(OUT, name + ".svg")
    if os.path.exists(path):
        os.remove(path)
    p = run(*args, "--svg", path, "--json")
    j = json.loads(p.stdout)
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as e:
        check(False, f"{name}.svg: not well-formed: {e}")
        return None, j
    check(root.tag == SVG + "svg", f"{name}.svg: root {root.tag}")
    title, desc = root.find(SVG + "title"), root.find(SVG + "desc")
    check(title is not None and title.text and desc is not None and desc.text and len(desc.text) > 40,
          f"{name}.svg: a title and a description (text alternative)")
    check("aria-labelledby" in root.attrib and root.get("role") == "img", f"{name}.svg: role img, aria-labelledby")
    texts = " ".join(t.text or "" for t in root.iter(SVG + "text"))
    check("Data:" in texts and "migdip" in texts, f"{name}.svg: the data vintage in the footer")
    foot = [t.text for t in root.iter(SVG + "text") if t.get("class") == "vintage"]
    check(len(foot) == 1 and "power:" in foot[0], f"{name}.svg: the power measure in the footer ({foot})")
    titles = [t.text or "" for t in root.iter(SVG + "text") if t.get("class") == "axis-title"]
    check(titles and all(re.search(r"\(.+\)", t) for t in titles), f"{name}.svg: every axis titled with its unit {titles}")
    bad = bad_colours(root)
    check(not bad, f"{name}.svg: colours outside Okabe-Ito and greys: {bad}")
    return root, j


def marks(root, cls):
    return [e for e in root.iter() if e.get("class") == cls and e.get("data-value") is not None]


def close(a, b):
    return a is not None and b is not None and abs(float(a) - float(b)) <= 1.5e-6


# ---------------------------------------------------------------- dyad
root, j = chart("dyad", ["dyad", "MYS", "IDN"])
if root is not None:
    bars = marks(root, "bar")
    check(len(bars) == 2 * (len(j["decomposition"]["MYS"]) + 1), f"dyad.svg: {len(bars)} bars")
    for b in bars:
        side, factor, v = b.get("data-side"), b.get("data-factor"), b.get("data-value")
        want = j["exposure"][side] if factor == "exposure" else j["decomposition"][side][factor]
        check(close(v, want), f"dyad.svg: {side} {factor} {v} != --json {want}")
    texts = " ".join(t.text or "" for t in root.iter(SVG + "text"))
    check("composite" in texts and "(index" in texts and "log points" in texts,
          "dyad.svg: the power measure and the units of both axes")
    pts = [g for g in root.iter(SVG + "g") if g.get("class") == "plane-point"]
    check(len(pts) == 2 and all(close(g.get("data-power-diff"), (1 if g.get("data-side") == "MYS" else -1) *
                                      j["power_difference"]) for g in pts), "dyad.svg: both sides on the plane")
run("dyad", "MYS", "IDN", "--svg", code=2)
run("dyad", "MYS", "IDN", "--svg", "/nonexistent-dir/x.svg", code=3)
run("events", "--svg", os.path.join(OUT, "x.svg"), code=2)  # a command without charts refuses it

# ---------------------------------------------------------------- trajectory
root, j = chart("trajectory", ["trajectory", "MYS", "IDN", "--from", "2014", "--to", "2020"])
if root is not None:
    pts = marks(root, "point")
    byyear = {y["year"]: y for y in j["years"]}
    check(len(pts) == 2 * sum(1 for y in j["years"] if y["evaluated"]), f"trajectory.svg: {len(pts)} points")
    for p in pts:
        y = byyear[int(p.get("data-year"))]
        want = y["exposure_a"] if p.get("data-side") == j["a"] else y["exposure_b"]
        check(close(p.get("data-value"), want), f"trajectory.svg: {p.get('data-side')} {p.get('data-year')}")
        check(p.get("data-quadrant") == (y["quadrant_a"] if p.get("data-side") == j["a"] else y["quadrant_b"]),
              "trajectory.svg: the quadrant of each point")

# ---------------------------------------------------------------- simulate
root, j = chart("simulate", ["simulate", "PHL", "SAU", "--shock", "ban:share=1,start=0,months=6", "--months", "12"])
if root is not None:
    pts = marks(root, "point")
    check(len(pts) == 24, f"simulate.svg: {len(pts)} points (12 months, 2 sides)")
    for p in pts:
        m = j["months"][int(p.get("data-month")) - 1]
        want = m["cum_remit_lost_pct_gdp"] if p.get("data-side") == "sender" else m["cum_output_lost_pct_gdp"]
        check(close(p.get("data-value"), want), f"simulate.svg: {p.get('data-side')} month {p.get('data-month')}")
    tol = marks(root, "tolerance")
    check(len(tol) == 1 and close(tol[0].get("data-value"), j["params"]["tolerance_pct"]), "simulate.svg: tolerance")

# ---------------------------------------------------------------- robust
root, j = chart("robust", ["robust", "MYS", "IDN", "--draws", "60", "--threads", "1"])
if root is not None:
    bars = marks(root, "bar")
    check(len(bars) == 14, f"robust.svg: {len(bars)} bars")
    for b in bars:
        check(close(b.get("data-value"), j["probability"][b.get("data-side")][b.get("data-quadrant")]),
              f"robust.svg: {b.get('data-side')} {b.get('data-quadrant')}")

# ---------------------------------------------------------------- country
root, j = chart("country", ["country", "PHL"])
if root is not None:
    bars = marks(root, "bar")
    dest = {d["iso3"]: d["stock"] for d in j["destinations"]}
    orig = {d["iso3"]: d["stock"] for d in j["origins"]}
    check(len(bars) == min(10, len(dest)) + min(10, len(orig)), f"country.svg: {len(bars)} bars")
    for b in bars:
        src = dest if b.get("data-direction") == "emigrants" else orig
        check(abs(float(b.get("data-value")) - src[b.get("data-partner")]) < 0.51, f"country.svg: {b.get('data-partner')}")

# ---------------------------------------------------------------- report
page = os.path.join(OUT, "report.html")
run("report", "MYS", "IDN", "-o", page, "--draws", "50", "--from", "2018", "--quiet")
dyad = json.loads(run("dyad", "MYS", "IDN", "--json").stdout)
text = open(page, encoding="utf-8").read()
try:
    doc = ET.fromstring(text.split("\n", 1)[1])  # after <!DOCTYPE html>
except ET.ParseError as e:
    doc = None
    check(False, f"report.html: not well-formed: {e}")


class Parser(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.bad, self.external = [], [], []

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k == "src" or (k == "href" and not (v or "").startswith("#")):
                self.external.append((tag, k, v))
        if tag not in ("meta", "br", "img", "link", "input", "hr"):
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        for k, v in attrs:
            if k == "src" or (k == "href" and not (v or "").startswith("#")):
                self.external.append((tag, k, v))

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.bad.append(tag)
        else:
            self.stack.pop()


p = Parser()
p.feed(text)
check(not p.bad and not p.stack, f"report.html: unbalanced tags {p.bad[:5]} {p.stack[:5]}")
check(not p.external, f"report.html: external references {p.external[:5]}")
check(not re.search(r"url\((?!#)", text) and "@import" not in text and "<script" not in text,
      "report.html: no url(), @import or script")
check(text.count("<svg") == 4, f"report.html: {text.count('<svg')} inline charts")
first_line = dyad["explanation"].split("\n")[0]
check(html.escape(first_line[:60], quote=True) in text or first_line[:60] in text,
      "report.html: the explanation of dyad --json")
if doc is not None:
    vals = {(e.get("data-side"), e.get("data-factor")): e.get("data-value")
            for e in doc.iter() if e.get("class") == "bar" and e.get("data-factor")}
    for side in ("MYS", "IDN"):
        check(close(vals.get((side, "exposure")), dyad["exposure"][side]), f"report.html: {side}'s exposure")
check("sha256" in text and "UN DESA" in text, "report.html: the provenance (vintages, sources)")
if doc is not None:
    bad = bad_colours(doc)
    check(not bad, f"report.html: chart colours outside Okabe-Ito and greys: {bad}")
run("report", "MYS", "IDN", code=2)  # no -o

print(f"{checks - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
