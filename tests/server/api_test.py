#!/usr/bin/python3
"""tests/server/api_test.py - `migdip serve` against docs/api.md (ctest label server).

Starts the server on a free loopback port over the store the fixture imported, with a static
root of its own, and checks: every endpoint's status and JSON shape against docs/schema/
(a JSON Schema subset: type, required, properties, additionalProperties, items, enum,
minimum, maximum); the same answer as the CLI's --json for a dyad, a screen and a trajectory;
errors with their status and a JSON body for unknown codes, bad years, bad and unknown
parameters, oversized bodies, wrong methods; no file outside the static root served,
whatever the spelling of the path; the connection limit and the idle timeout.
usage: api_test.py MIGDIP SOURCE_DIR STORE
"""
import http.client
import json
import os
import socket
import subprocess
import sys
import tempfile
import time

MIGDIP, SRC, STORE = sys.argv[1:4]
if not os.path.exists(STORE):
    print(f"skipped: no store at {STORE} (the server.store fixture imports the reference data)")
    sys.exit(77)

failures = []
checks = 0


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        failures.append(what)
        print("FAIL:", what)


SCHEMAS = {}


def schema(name):
    if name not in SCHEMAS:
        with open(os.path.join(SRC, "docs", "schema", name + ".schema.json")) as f:
            SCHEMAS[name] = json.load(f)
    return SCHEMAS[name]


TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "null": type(None)}


def type_ok(v, t):
    if t == "number":
        return isinstance(v, (int, float)) and not isinstance(v, bool)
    if t == "integer":
        return isinstance(v, int) and not isinstance(v, bool) or (isinstance(v, float) and v.is_integer())
    return isinstance(v, TYPES[t])


def validate(v, s, path="$"):
    """Errors of v against the JSON Schema subset s."""
    errs = []
    t = s.get("type")
    if t is not None:
        ts = t if isinstance(t, list) else [t]
        if not any(type_ok(v, x) for x in ts):
            return [f"{path}: expected {t}, got {type(v).__name__}"]
    if "enum" in s and v not in s["enum"]:
        errs.append(f"{path}: {v!r} not in {s['enum']}")
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if "minimum" in s and v < s["minimum"]:
            errs.append(f"{path}: {v} < {s['minimum']}")
        if "maximum" in s and v > s["maximum"]:
            errs.append(f"{path}: {v} > {s['maximum']}")
    if isinstance(v, dict):
        for k in s.get("required", []):
            if k not in v:
                errs.append(f"{path}: missing key {k}")
        props = s.get("properties", {})
        for k, x in v.items():
            if k in props:
                errs += validate(x, props[k], f"{path}.{k}")
            elif isinstance(s.get("additionalProperties"), dict):
                errs += validate(x, s["additionalProperties"], f"{path}.{k}")
    if isinstance(v, list) and "items" in s:
        for i, x in enumerate(v[:50]):
            errs += validate(x, s["items"], f"{path}[{i}]")
    return errs


# ---------------------------------------------------------------- the server
work = tempfile.mkdtemp(prefix="migdip-api-")
root = os.path.join(work, "root")
os.makedirs(os.path.join(root, "assets"))
with open(os.path.join(root, "index.html"), "w") as f:
    f.write("<!doctype html><title>t</title>")
with open(os.path.join(root, "assets", "app.js"), "w") as f:
    f.write("console.log(1)")
with open(os.path.join(root, ".hidden"), "w") as f:
    f.write("hidden")
with open(os.path.join(work, "secret.txt"), "w") as f:
    f.write("SECRET-OUTSIDE-ROOT")
os.symlink(os.path.join(work, "secret.txt"), os.path.join(root, "link.txt"))

srv = subprocess.Popen([MIGDIP, "serve", "--db", STORE, "--port", "0", "--root", root, "--max-connections", "8",
                        "--timeout", "2", "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
line = srv.stdout.readline()
if "serving http://127.0.0.1:" not in line:
    print("FAIL: the server did not start:", line, srv.stderr.read())
    srv.kill()
    sys.exit(1)
PORT = int(line.split("127.0.0.1:")[1].split("/")[0])


def request(method, path, body=None, headers=None):
    c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    c.putrequest(method, path, skip_accept_encoding=True)  # the path as written: no normalising
    hs = dict(headers or {})
    if body is not None:
        hs.setdefault("Content-Length", str(len(body)))
        hs.setdefault("Content-Type", "application/json")
    for k, v in hs.items():
        c.putheader(k, v)
    c.endheaders()
    if body is not None:
        c.send(body)
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, r.getheader("Content-Type") or "", data


def get_json(path, status=200, shape=None, method="GET", body=None):
    st, ct, data = request(method, path, body)
    check(st == status, f"{method} {path}: status {st}, expected {status}: {data[:200]!r}")
    check(ct.startswith("application/json"), f"{method} {path}: Content-Type {ct}")
    try:
        j = json.loads(data)
    except ValueError:
        check(False, f"{method} {path}: not JSON: {data[:200]!r}")
        return None
    if st >= 400:
        errs = validate(j, schema("error"))
        check(not errs and j["error"]["status"] == st, f"{method} {path}: error body {errs} {j}")
    elif shape:
        errs = validate(j, schema(shape))
        check(not errs, f"{method} {path}: shape {shape}: {errs[:5]}")
    return j


def near(x, y):
    """The API's 6 decimals of the CLI's full precision."""
    return x is not None and y is not None and abs(x - y) <= 5e-7


def cli_json(*args):
    out = subprocess.run([MIGDIP, *args, "--db", STORE, "--json"], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


try:
    # ------------------------------------------------------------ every endpoint, its shape
    meta = get_json("/api/meta", shape="meta")
    year = meta["year"]
    countries = get_json("/api/countries", shape="countries")
    check(len(countries["countries"]) > 100, f"countries: {len(countries['countries'])} states")
    check(any(c["iso3"] == "MYS" and c.get("m49") == "458" for c in countries["countries"]), "countries: MYS with M49 458")
    dyad = get_json("/api/dyad?a=MYS&b=IDN", shape="dyad")
    check(dyad == cli_json("dyad", "MYS", "IDN"), "dyad MYS IDN: the API's answer is the CLI's --json")
    dyad2 = get_json("/api/dyad?a=MYS&b=IDN", shape="dyad")
    check(dyad2 == dyad, "dyad MYS IDN: the kept answer equals the first")
    check(get_json(f"/api/dyad?a=Malaysia&b=idn&year={year}&power=gdp", shape="dyad") ==
          cli_json("dyad", "Malaysia", "idn", "--year", str(year), "--power", "gdp"), "dyad by name, --power gdp")
    bloc = get_json("/api/dyad?a=GCC&b=PHL", shape="dyad")
    check(bloc and len(bloc.get("members", [])) >= 3, "dyad GCC PHL: the bloc's members")
    # ------------------------------------------------------------ the map's data: a state's or a bloc's partners
    blocs = get_json("/api/blocs", shape="blocs")
    gcc = [b for b in blocs["blocs"] if b["name"] == "GCC"] if blocs else []
    check(gcc and sorted(gcc[0]["members"]) == ["ARE", "BHR", "KWT", "OMN", "QAT", "SAU"], f"blocs: GCC and its six members {gcc}")
    check(blocs and all(len(b["members"]) > 0 for b in blocs["blocs"]), "blocs: every bloc listed has members")
    pg = get_json("/api/partners?actor=GCC", shape="partners")
    check(pg and pg["is_bloc"] and pg["actor"] == "GCC" and sorted(pg["members"]) == sorted(gcc[0]["members"] if gcc else []),
          "partners GCC: the bloc and its members")
    parts = {r["partner"]: r for r in pg["partners"]} if pg else {}
    check(len(parts) > 10 and not set(parts) & set(pg["members"]), f"partners GCC: {len(parts)} partners, no member among them")
    check(pg and [r["volume"] for r in pg["partners"]] == sorted((r["volume"] for r in pg["partners"]), reverse=True),
          "partners GCC: largest corridor first")
    for p in ("NPL", "IND", "PHL"):
        d = cli_json("dyad", "GCC", p)
        r = parts.get(p)
        check(r and near(r["exposure"], d["exposure"]["GCC"]) and near(r["partner_exposure"], d["exposure"][p]) and
              r["quadrant"] == d["quadrant"]["GCC"] and r["partner_quadrant"] == d["quadrant"][p] and
              r["in_scope"] == d["scope"]["in_scope"] and r["stronger"] == d["stronger"] and near(r["margin"], d["margin"]),
              f"partners GCC, {p}: the CLI's `dyad GCC {p}` ({r} / {d['exposure']} {d['quadrant']})")
    pp = get_json("/api/partners?actor=PHL&year=2020", shape="partners")
    rows = cli_json("screen", "--state", "PHL", "--top", "0", "--year", "2020")
    want = {(r["b"] if r["a"] == "PHL" else r["a"]): r for r in rows}
    got = {r["partner"]: r for r in pp["partners"]} if pp else {}
    check(pp and not pp["is_bloc"] and pp["members"] == ["PHL"] and set(got) == set(want),
          f"partners PHL 2020: the partners of `screen --state PHL` ({len(got)} / {len(want)})")
    check(all(near(got[p]["exposure"], want[p]["exposure"]["PHL"]) and near(got[p]["partner_exposure"], want[p]["exposure"][p]) and
              got[p]["quadrant"] == want[p]["quadrant"]["PHL"] and got[p]["reason"] == want[p]["scope"]["reason"]
              for p in set(got) & set(want)), "partners PHL 2020: exposures, quadrants and scope as the screen's rows")
    check(get_json("/api/partners?actor=gcc", shape="partners") == pg, "partners: a bloc named in lower case")
    get_json("/api/partners", 400)
    get_json("/api/partners?actor=XXX", 404)
    get_json("/api/partners?actor=GCC&year=3000", 400)
    get_json("/api/partners?actor=GCC&state=PHL", 400)
    get_json("/api/blocs?year=1965", 404)

    scr = get_json("/api/screen?year=2020&top=15", shape="screen")
    check(scr == cli_json("screen", "--year", "2020", "--top", "15"), "screen: the API's answer is the CLI's --json")
    scr_state = get_json("/api/screen?state=PHL&top=0", shape="screen")
    check(scr_state and all("PHL" in (r["a"], r["b"]) for r in scr_state), "screen state=PHL: every dyad has PHL")
    get_json("/api/screen?quadrant=IV&top=5&rank=gap", shape="screen")
    traj = get_json("/api/trajectory?a=MYS&b=IDN&from=2010&to=2015", shape="trajectory")
    check(traj == cli_json("trajectory", "MYS", "IDN", "--from", "2010", "--to", "2015"), "trajectory: equals the CLI's")
    get_json("/api/events?a=PHL", shape="events")
    get_json("/api/shifts?state=PHL&since=2000&to=2010", shape="shifts")
    rob = get_json("/api/robust?a=MYS&b=IDN&draws=40&seed=3", shape="robust")
    check(rob == cli_json("robust", "MYS", "IDN", "--draws", "40", "--seed", "3", "--threads", "1"),
          "robust: equals the CLI's with the same draws and seed")
    get_json("/api/plan?state=PHL&top=5", shape="plan")
    get_json("/api/coalition?members=PHL,IDN&against=SAU", shape="coalition")
    cty = get_json("/api/country?code=PHL", shape="country")
    check(cty == cli_json("country", "PHL"), "country PHL: equals the CLI's")
    get_json("/api/sources", shape="sources")
    get_json("/api/sources?series=stock", shape="sources")
    get_json("/api/citations", shape="citations")
    body = json.dumps({"a": "PHL", "b": "SAU", "months": 12, "shocks": ["ban:share=1,start=0,months=6"]}).encode()
    sim = get_json("/api/simulate", method="POST", body=body, shape="simulate")
    check(sim == cli_json("simulate", "PHL", "SAU", "--months", "12", "--shock", "ban:share=1,start=0,months=6"),
          "simulate: equals the CLI's")
    check(sim and len(sim["months"]) == 12, "simulate: 12 months")
    cred = get_json("/api/credibility", method="POST", body=json.dumps({"a": "PHL", "b": "SAU"}).encode(),
                    shape="credibility")
    check(cred == cli_json("credibility", "PHL", "SAU"), "credibility: equals the CLI's")

    # a coalition shock: states joined by '+' acting together against one host (or a bloc)
    coal = {"a": "NPL+BGD+PAK", "b": "GCC", "months": 18, "shocks": ["ban:share=1,start=0,months=12"]}
    csim = get_json("/api/simulate", method="POST", body=json.dumps(coal).encode(), shape="simulate")
    check(csim == cli_json("simulate", "NPL+BGD+PAK", "GCC", "--months", "18", "--shock", "ban:share=1,start=0,months=12"),
          "coalition simulate: equals the CLI's")
    check(csim and csim["sender"] == "NPL+BGD+PAK" and csim["host"] == "GCC" and len(csim["months"]) == 18,
          "coalition simulate: the coalition is the sender, 18 months")
    asbloc = cli_json("simulate", "C", "GCC", "--bloc", "C=NPL,BGD,PAK", "--months", "18", "--shock", "ban:share=1,start=0,months=12")
    check(csim and csim["totals"] == asbloc["totals"] and csim["months"] == asbloc["months"],
          "coalition simulate: the same as the user-defined bloc C=NPL,BGD,PAK (docs/scenarios.md)")
    alone = get_json("/api/simulate", method="POST", body=json.dumps({**coal, "a": "NPL"}).encode(), shape="simulate")
    check(csim and alone and csim["totals"]["output_lost_usd"] > alone["totals"]["output_lost_usd"],
          "coalition simulate: the host loses more to the coalition than to Nepal alone")
    ccred = get_json("/api/credibility", method="POST", body=json.dumps(coal).encode(), shape="credibility")
    check(ccred == cli_json("credibility", "NPL+BGD+PAK", "GCC", "--months", "18", "--shock", "ban:share=1,start=0,months=12"),
          "coalition credibility: equals the CLI's")
    check(ccred and set(ccred["cost"]) == {"NPL+BGD+PAK", "GCC"}, "coalition credibility: both costs, keyed by the sides")
    for bad, st in [("NPL++BGD", 400), ("+NPL", 400), ("NPL+", 400), ("NPL+GCC", 400), ("NPL+NPL", 400),
                    ("NPL+BGD+PAK+LKA+IND+IDN+PHL+VNM+MMR", 400), ("NPL+SAU", 400), ("NPL+XXX", 404)]:
        get_json("/api/simulate", st, method="POST", body=json.dumps({**coal, "a": bad}).encode())

    # a trajectory (a model a year, seconds) keeps no other request waiting
    import threading
    done = {}

    def slow():
        t0 = time.time()
        done["status"] = request("GET", "/api/trajectory?a=PHL&b=SAU&from=2006&to=2019")[0]
        done["t"] = time.time() - t0
    th = threading.Thread(target=slow)
    th.start()
    time.sleep(0.3)
    t0 = time.time()
    st, _, _ = request("GET", "/api/dyad?a=MYS&b=IDN")
    quick = time.time() - t0
    running = th.is_alive()
    th.join()
    check(st == 200 and done.get("status") == 200, "a dyad and a trajectory at once: both answered")
    if running:
        check(quick < 2, f"a dyad asked during a trajectory answers in {quick:.2f} s (the trajectory took {done['t']:.1f} s)")
    else:
        print(f"note: the trajectory took {done['t']:.2f} s, over before the dyad was asked: nothing to check")

    # ------------------------------------------------------------ errors
    get_json("/api/dyad?a=MYS&b=XXX", 404)
    get_json("/api/dyad?a=MYS&b=Atlantis", 404)
    get_json("/api/dyad?a=MYS", 400)
    get_json("/api/dyad?a=MYS&b=IDN&year=3000", 400)
    get_json("/api/dyad?a=MYS&b=IDN&year=20x0", 400)
    get_json("/api/dyad?a=MYS&b=IDN&year=1850", 400)
    get_json("/api/dyad?a=MYS&b=IDN&year=1965", 404)
    get_json("/api/dyad?a=MYS&b=IDN&power=muscle", 400)
    get_json("/api/dyad?a=MYS&b=IDN&colour=red", 400)
    get_json("/api/dyad?a=MYS&b=IDN&a=PHL", 400)
    get_json("/api/dyad?a=" + "A" * 200 + "&b=IDN", 400)
    get_json("/api/dyad?a=%3Cscript%3E&b=IDN", 400)
    get_json("/api/screen?top=-1", 400)
    get_json("/api/screen?top=1e9", 400)
    get_json("/api/screen?quadrant=V", 400)
    get_json("/api/screen?state=ZZZ", 404)
    get_json("/api/robust?a=MYS&b=IDN&draws=0", 400)
    get_json("/api/robust?a=MYS&b=IDN&draws=100000", 400)
    get_json("/api/trajectory?a=MYS&b=IDN&from=2015&to=2010", 400)
    get_json("/api/country?code=QQQ", 404)
    get_json("/api/coalition?members=PHL&against=XXX", 404)
    get_json("/api/nothing", 404)
    get_json("/api/dyad?a=MYS&b=IDN", 405, method="POST", body=b"{}")
    get_json("/api/simulate", 405)
    get_json("/api/simulate", 400, method="POST", body=b"not json")
    get_json("/api/simulate", 400, method="POST", body=b"[1,2]")
    get_json("/api/simulate", 400, method="POST", body=json.dumps({"a": "PHL", "b": "SAU"}).encode())
    get_json("/api/simulate", 400, method="POST",
             body=json.dumps({"a": "PHL", "b": "SAU", "shocks": ["bomb:share=1"]}).encode())
    get_json("/api/simulate", 400, method="POST",
             body=json.dumps({"a": "PHL", "b": "SAU", "shocks": ["ban"], "months": 10000}).encode())
    get_json("/api/simulate", 400, method="POST",
             body=json.dumps({"a": "PHL", "b": "SAU", "shocks": ["ban"], "extra": 1}).encode())
    get_json("/api/simulate", 404, method="POST", body=json.dumps({"a": "PHL", "b": "XXX", "shocks": ["ban"]}).encode())
    big = json.dumps({"a": "PHL", "b": "SAU", "shocks": ["ban"] * 3000}).encode()
    check(len(big) > 16384, "the oversized body is over 16 KiB")
    get_json("/api/simulate", 413, method="POST", body=big)
    many = "&".join(f"p{i}=1" for i in range(40))
    get_json("/api/meta?" + many, 400)
    # a URL beyond the connection's memory: refused by the daemon, never a crash
    st, _, _ = request("GET", "/api/dyad?a=" + "A" * 40000 + "&b=IDN")
    check(st in (414, 431, 400), f"a 40 KB URL: status {st}")

    # ------------------------------------------------------------ static files, never outside the root
    st, ct, data = request("GET", "/")
    check(st == 200 and ct.startswith("text/html") and b"<title>t</title>" in data, f"/: {st} {ct}")
    st, ct, data = request("GET", "/assets/app.js")
    check(st == 200 and ct.startswith("text/javascript"), f"/assets/app.js: {st} {ct}")
    for p in ["/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt",
              "/assets/%2e%2e/%2e%2e/secret.txt", "/..%2fsecret.txt", "//etc/passwd", "/.hidden", "/link.txt",
              "/assets/..%5c..%5csecret.txt", "/" + "a/" * 400 + "x", "/etc/passwd",
              "/assets", "/nothing.js"]:
        st, ct, data = request("GET", p)
        check(st in (400, 404), f"{p}: status {st}")
        check(b"SECRET" not in data and b"root:" not in data and b"hidden" != data, f"{p}: served a file outside the root")
        check(ct.startswith("application/json"), f"{p}: error as JSON ({ct})")
    st, _, data = request("GET", "/%00../secret.txt")  # the daemon decodes %00: the path ends there
    check(b"SECRET" not in data, "/%00../secret.txt: served a file outside the root")
    st, _, _ = request("DELETE", "/index.html")
    check(st == 405, f"DELETE /index.html: {st}")

    # ------------------------------------------------------------ the idle timeout and the connection limit
    s = socket.create_connection(("127.0.0.1", PORT))
    s.settimeout(10)
    t0 = time.time()
    closed = s.recv(1) == b""
    check(closed and time.time() - t0 < 8, f"an idle connection is closed after the timeout ({time.time() - t0:.1f} s)")
    s.close()
    # 8 connections held open: a 9th is not served (libmicrohttpd closes it at once: a thread a
    # connection), and the server serves again once the idle ones time out (2 s here)
    idle = [socket.create_connection(("127.0.0.1", PORT)) for _ in range(8)]
    time.sleep(0.3)
    over = socket.create_connection(("127.0.0.1", PORT))
    got = None
    try:
        over.sendall(b"GET /api/meta HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        over.settimeout(1.0)
        got = over.recv(100)
    except (socket.timeout, OSError):
        got = None
    check(not got or not got.startswith(b"HTTP/1.1 200"), f"a 9th connection over the limit of 8 is not served: {got!r}")
    over.close()
    for c in idle:
        c.settimeout(10)
        try:
            closed = c.recv(1) == b""
        except OSError:
            closed = True
        check(closed, "a held connection is closed by the idle timeout")
    for c in idle:
        c.close()
    time.sleep(0.3)
    st, _, _ = request("GET", "/api/meta")
    check(st == 200, "served again once the connections are closed")
finally:
    srv.terminate()
    try:
        srv.wait(10)
    except subprocess.TimeoutExpired:
        srv.kill()
check(srv.returncode == 0, f"the server stops on SIGTERM with status 0 (got {srv.returncode})")

print(f"{checks - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
