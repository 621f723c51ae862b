#!/usr/bin/python3
"""tests/golden/options.py MIGDIP SRC_CLI - the man page (`migdip help --man`) and the bash
completion (`migdip completion bash`) name every option of every command, so that an option
cannot be added and forgotten:

- every option `migdip help CMD` lists is in CMD's usage line, in CMD's section of the man page
  and in CMD's branch of the completion;
- every option name written in the sources of src/cli ("--name" as a C string) is in the man
  page and the completion (an option parsed by hand, outside the tables, fails here);
- the completion works in bash (options, values of an option with choices, commands) and the man
  page is clean roff (groff -ww reports nothing), when groff is installed.
"""
import glob
import re
import shutil
import subprocess
import sys

migdip, src = sys.argv[1], sys.argv[2]
failures = []


def run(*args):
    p = subprocess.run([migdip, *args], capture_output=True, text=True)
    if p.returncode != 0:
        failures.append(f"migdip {' '.join(args)}: exit {p.returncode}: {p.stderr.strip()}")
    return p.stdout


general = run("help")
commands = re.findall(r"^  ([a-z]+) ", general.split("Commands:\n", 1)[1].split("\n\n", 1)[0], re.M)
if len(commands) < 15:
    failures.append(f"`migdip help` lists only {len(commands)} commands")
man = run("help", "--man")
completion = run("completion", "bash")

# the man page's section of each command, the completion's branch of each command
man_sections = dict(re.findall(r"^\.SS (\S+)\n(.*?)(?=^\.SS |^\.SH )", man.replace("\\-", "-"), re.M | re.S))
branches = dict(re.findall(r"^    ([a-z]+)\)\n(.*?)^        ;;$", completion, re.M | re.S))

for cmd in commands:
    helptext = run("help", cmd)
    usage = helptext.split("\n\n", 1)[0]
    listed = re.findall(r"^  (?:-\w, )?(--[a-z0-9-]+)", helptext, re.M)
    if "--help" not in listed:
        failures.append(f"help {cmd}: --help not listed")
    for opt in listed:
        if opt != "--help" and not re.search(re.escape(opt) + r"[ \]|]", usage):
            failures.append(f"help {cmd}: {opt} is listed but not in the usage line")
        if opt != "--help" and not re.search(re.escape(opt) + r"\b", man_sections.get(cmd, "")):
            failures.append(f"man page: {cmd} does not name {opt}")
        if not re.search(r"[ \"]" + re.escape(opt) + r"[ \"]", branches.get(cmd, "")):
            failures.append(f"completion: {cmd} does not complete {opt}")

# every option name the sources hold
names = set()
for path in glob.glob(f"{src}/*.c"):
    names.update(re.findall(r'"(--[a-z][a-z0-9-]*)"', open(path, encoding="utf-8").read()))
for name in sorted(names):
    if not re.search(re.escape(name) + r"\b", man.replace("\\-", "-")):
        failures.append(f"man page: {name} (in src/cli) is not named")
    if not re.search(r"[ \"|]" + re.escape(name) + r"[ \"|)]", completion):
        failures.append(f"completion: {name} (in src/cli) is not completed")

# the completion at work: words typed so far -> what bash offers
if shutil.which("bash"):
    def complete(words):
        script = completion + (
            "\nCOMP_WORDS=(%s); COMP_CWORD=%d; _migdip; printf '%%s\\n' \"${COMPREPLY[@]}\"\n"
            % (" ".join(f"'{w}'" for w in words), len(words) - 1))
        p = subprocess.run(["bash", "-c", script], capture_output=True, text=True)
        if p.returncode != 0 or p.stderr:
            failures.append(f"completion of {words}: bash: {p.stderr.strip()}")
        return p.stdout.split()

    for words, want in [
        (["migdip", "dya"], ["dyad"]),
        (["migdip", "dyad", "MYS", "--ye"], ["--year", "--years"]),
        (["migdip", "--db", "x.db", "screen", "--ra"], ["--rank"]),
        (["migdip", "screen", "--rank", "g"], ["gap", "gdp"]),
        (["migdip", "export", "dyads", "--format", ""], ["csv", "dta", "json"]),
        (["migdip", "help", "cre"], ["credibility"]),
    ]:
        got = sorted(complete(words))
        if got != want:
            failures.append(f"completion of {' '.join(words)!r}: {got}, expected {want}")

# clean roff
if shutil.which("groff"):
    p = subprocess.run(["groff", "-man", "-Tutf8", "-ww", "-z"], input=man, capture_output=True, text=True)
    if p.returncode != 0 or p.stderr:
        failures.append(f"groff -man -ww: {p.stderr.strip()}")
else:
    print("groff not installed: the man page's roff is not checked")

for f in failures:
    print("FAIL", f)
print(f"options: {len(commands)} commands, {len(names)} option names in src/cli, {len(failures)} failures")
sys.exit(1 if failures else 0)
