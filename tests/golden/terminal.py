#!/usr/bin/python3
"""tests/golden/terminal.py MIGDIP - tables and prose on a terminal (issue 12): run in a
pseudo-terminal of a given width, every line fits it (text columns cut with "…", wide tables
in blocks of columns); --wide gives what a pipe gives, whole; with no width from the terminal,
$COLUMNS is used. Tables group thousands ("22,800"), CSV keeps the number as it is.

The store: the curated registry alone (an import of an empty directory: sources), and, when the
reference data are there ($MIGDIP_DATA), UN DESA stocks, WDI, COW NMC and the code lists (dyad,
screen, validate, country, sources)."""
import fcntl
import os
import pty
import struct
import subprocess
import sys
import tempfile
import termios

migdip = os.path.abspath(sys.argv[1])
failures = []
work = tempfile.mkdtemp()
db = os.path.join(work, "t.db")
empty = os.path.join(work, "empty")
os.mkdir(empty)


def piped(*args, env=None):
    p = subprocess.run([migdip, *args, "--db", db], capture_output=True, text=True, env=env)
    if p.returncode != 0:
        failures.append(f"migdip {' '.join(args)}: exit {p.returncode}: {p.stderr.strip()[:200]}")
    return p.stdout


def on_terminal(cols, *args, columns=None):
    """stdout of migdip ARGS in a pseudo-terminal cols wide (0: a terminal without a width)."""
    env = dict(os.environ)
    env.pop("COLUMNS", None)
    if columns:
        env["COLUMNS"] = str(columns)
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack("HHHH", 50, cols, 0, 0))
        os.execve(migdip, [migdip, *args, "--db", db], env)
    out = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        failures.append(f"migdip {' '.join(args)} on a terminal: exit {os.waitstatus_to_exitcode(status)}")
    return out.decode("utf-8").replace("\r\n", "\n")


def widest(text):
    return max((len(line) for line in text.split("\n")), default=0)


def check(args, width=80):
    whole = piped(*args)
    if widest(whole) <= width:
        failures.append(f"migdip {' '.join(args)}: at most {widest(whole)} columns piped: nothing to fit")
    fitted = on_terminal(width, *args)
    if widest(fitted) > width:
        line = max(fitted.split("\n"), key=len)
        failures.append(f"migdip {' '.join(args)} on {width} columns: a line of {len(line)}: {line[:120]!r}")
    if on_terminal(width, *args, "--wide") != whole:
        failures.append(f"migdip {' '.join(args)} --wide on a terminal: not what a pipe gets")
    narrow = on_terminal(0, *args, columns=60)
    if widest(narrow) > 60:
        failures.append(f"migdip {' '.join(args)} on a terminal without a width, COLUMNS=60: {widest(narrow)} columns")
    return fitted


subprocess.run([migdip, "import", "--quiet", "--data", empty, "--db", db], check=True, capture_output=True)
fitted = check(["sources"])
if "…" not in fitted:
    failures.append("sources on 80 columns: no cell cut with …")

data = os.environ.get("MIGDIP_DATA", "")
if os.path.isdir(os.path.join(data, "undesa_ims")):
    part = os.path.join(work, "part")
    os.mkdir(part)
    for d in ("codes", "undesa_ims", "wdi", "cow_nmc"):
        os.symlink(os.path.join(data, d), os.path.join(part, d))
    subprocess.run([migdip, "import", "--quiet", "--data", part, "--db", db], check=True, capture_output=True)
    # dyad: 13 columns of numbers, too wide for 80: two blocks, each led by the side
    fitted = check(["dyad", "MYS", "IDN", "--year", "2020"])
    if fitted.count("\nside ") < 2:
        failures.append("dyad MYS IDN on 80 columns: the table is not in blocks led by 'side'")
    check(["screen", "--year", "2020", "--top", "5"])
    check(["validate"])
    check(["country", "NPL"])
    table = check(["sources"])
    csv = piped("sources", "--csv")
    # the same count grouped in the table, as it is in the CSV
    rows = [line.split(",") for line in csv.splitlines()[1:]]
    big = next((r for r in rows if int(r[6]) >= 10000), None)
    if big is None:
        failures.append("sources --csv: no count of 10,000 or more to check")
    elif f"{int(big[6]):,}" not in piped("sources") or f",{big[6]}," not in csv:
        failures.append(f"sources: {big[6]} values not grouped as {int(big[6]):,} in the table or raw in CSV")
else:
    print("no reference data ($MIGDIP_DATA): dyad, screen and sources not checked")

for f in failures:
    print("FAIL", f)
print(f"terminal: {len(failures)} failures")
subprocess.run(["rm", "-rf", work])
sys.exit(1 if failures else 0)
